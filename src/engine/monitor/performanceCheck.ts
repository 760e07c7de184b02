/**
 * The model's performance on new data: measured where labels arrived (a label column, or feedback
 * joined by request id), estimated from its own probabilities where they did not (binary
 * classifiers: confidence-based performance estimation, NannyML's CBPE, of ROC AUC).
 */
import { getMetric } from '../validate/metrics';
import { subsetPrediction, subsetTruth } from '../validate/subsets';
import type { Prediction, Truth } from '../validate/types';
import { MIN_WINDOW_ROWS } from './columnCheck';
import type { MonitorGrade, PerformanceReport } from './monitorReport';
import type { MonitorReference } from './types';

/** Fold standard deviations below the cross-validated score that alert. */
export const PERFORMANCE_STDS = 3;
/** A relative drop that alerts whatever the fold spread. */
export const PERFORMANCE_DROP = 0.05;

/**
 * Where performance alerts: beyond the reference minus PERFORMANCE_STDS fold standard deviations,
 * or beyond a PERFORMANCE_DROP relative drop, whichever comes first.
 */
export function performanceLimit(reference: number, foldStd: number, higherIsBetter: boolean): number {
  const relative = PERFORMANCE_DROP * Math.abs(reference);
  return higherIsBetter ? Math.max(reference - PERFORMANCE_STDS * foldStd, reference - relative) : Math.min(reference + PERFORMANCE_STDS * foldStd, reference + relative);
}

const figure = (v: number): string => v.toPrecision(4);

/** The run's metric on labelled rows (`positions` index `prediction`'s rows and `truth`). */
export function measuredPerformance(reference: MonitorReference, prediction: Prediction, truth: Truth, positions: Uint32Array): PerformanceReport {
  const metric = getMetric(reference.metric.name);
  const { score, foldStd } = reference.metric;
  const limit = performanceLimit(score, foldStd, metric.higherIsBetter);
  const base = { kind: 'labels' as const, metric: metric.name, higherIsBetter: metric.higherIsBetter, rows: positions.length, reference: score, foldStd, limit };
  if (positions.length < MIN_WINDOW_ROWS) {
    return { ...base, status: 'insufficient', value: null, grade: 'ok', sentence: `${positions.length} labelled rows are too few to measure ${metric.label} (at least ${MIN_WINDOW_ROWS}).` };
  }
  const value = metric.score(subsetTruth(truth, positions), subsetPrediction(prediction, positions));
  if (!Number.isFinite(value)) {
    return { ...base, status: 'insufficient', value: null, grade: 'ok', sentence: `${metric.label} cannot be computed on these labels (a single class, for example).` };
  }
  const worse = metric.higherIsBetter ? value < limit : value > limit;
  const grade: MonitorGrade = worse ? 'alert' : 'ok';
  // A holdout run's spread is the bootstrap's standard error, not a spread across folds.
  const trained = reference.metric.spread === 'bootstrap' ? `on the holdout ${figure(score)} ± ${figure(foldStd)}, bootstrap` : `cross-validated ${figure(score)} ± ${figure(foldStd)}`;
  const sentence = worse
    ? `${metric.label} on ${positions.length} labelled rows is ${figure(value)}, beyond the alert limit ${figure(limit)} (${trained}).`
    : `${metric.label} on ${positions.length} labelled rows is ${figure(value)} (${trained}).`;
  return { ...base, status: 'checked', value, grade, sentence };
}

/**
 * Expected ROC AUC from positive-class probabilities taken as true: sorted by probability, each
 * row adds p expected positives and 1 - p expected negatives, the expected ROC curve is traced
 * through every distinct probability and integrated by trapezoids. Probabilities must be
 * calibrated for the estimate to hold (the run calibrates where that helps). NaN below 2 rows or
 * when all probabilities are 0 or all 1.
 */
export function expectedAuc(probabilities: Float64Array): number {
  const sorted = Float64Array.from(probabilities).sort().reverse();
  let positives = 0;
  for (const p of sorted) positives += p;
  const negatives = sorted.length - positives;
  if (sorted.length < 2 || positives <= 0 || negatives <= 0) return NaN;
  let tp = 0;
  let fp = 0;
  let area = 0;
  let i = 0;
  while (i < sorted.length) {
    const [tpBefore, fpBefore] = [tp, fp];
    const p = sorted[i];
    // Rows of equal probability move the curve together (a diagonal step, as ties in ROC AUC).
    while (i < sorted.length && sorted[i] === p) {
      tp += sorted[i];
      fp += 1 - sorted[i];
      i++;
    }
    area += ((fp - fpBefore) * (tp + tpBefore)) / 2;
  }
  return area / (positives * negatives);
}

/** CBPE of ROC AUC on a window against the same estimate on the reference's out-of-fold probabilities. */
export function estimatedPerformance(reference: MonitorReference, probabilities: Float64Array): PerformanceReport {
  const referenceProbabilities = Float64Array.from((reference.sample?.prediction ?? []).filter((p): p is number => p !== null));
  const referenceAuc = expectedAuc(referenceProbabilities);
  if (!Number.isFinite(referenceAuc)) return { kind: 'none', reason: 'the reference has no probabilities to estimate performance from' };
  // The fold spread is the metric's: usable when that metric is ROC AUC, else the relative drop alone.
  const foldStd = reference.metric.name === 'auc' ? reference.metric.foldStd : 0;
  const limit = performanceLimit(referenceAuc, foldStd, true);
  const base = { kind: 'estimated' as const, method: 'cbpe' as const, metric: 'auc' as const, rows: probabilities.length, reference: referenceAuc, limit };
  if (probabilities.length < MIN_WINDOW_ROWS) {
    return { ...base, status: 'insufficient', value: null, grade: 'ok', sentence: `${probabilities.length} rows are too few to estimate ROC AUC (at least ${MIN_WINDOW_ROWS}).` };
  }
  const value = expectedAuc(probabilities);
  if (!Number.isFinite(value)) return { ...base, status: 'insufficient', value: null, grade: 'ok', sentence: 'every probability is 0 or every one is 1: ROC AUC cannot be estimated.' };
  const grade: MonitorGrade = value < limit ? 'alert' : 'ok';
  const sentence =
    grade === 'alert'
      ? `Estimated ROC AUC without labels (CBPE) is ${figure(value)}, below the alert limit ${figure(limit)} (${figure(referenceAuc)} estimated the same way in training).`
      : `Estimated ROC AUC without labels (CBPE) is ${figure(value)} (${figure(referenceAuc)} estimated the same way in training).`;
  return { ...base, status: 'checked', value, grade, sentence };
}
