/**
 * Drift of the model's own output: the predicted score (regression value, or a binary model's
 * positive-class probability) or predicted class over a window, against the same on the reference
 * sample (out-of-fold predictions of the training rows), by the method a column of that shape gets.
 */
import { countBucketsSorted, toShares } from './buckets';
import { sortFloat64 } from '../profile/radixSort';
import { MIN_WINDOW_ROWS, PSI_ALERT, PSI_WARN } from './columnCheck';
import { alignCounts, countValues } from './discreteCounts';
import { driftMethod, isDrift } from './driftMethod';
import { continuousScore, discreteScore } from './driftScore';
import type { MonitorGrade, PredictionDriftReport } from './monitorReport';
import { populationStabilityIndex } from './stats/psi';
import type { MonitorReference } from './types';

/** Population standard deviation of `values`. */
function populationStd(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= Math.max(1, values.length);
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return Math.sqrt(sum / Math.max(1, values.length));
}

/**
 * `current` holds the window's predictions in the reference's form: scores, or predicted class
 * indexes (as numbers); NaN for rows the model could not predict (left out).
 */
export function checkPrediction(reference: MonitorReference, current: Float64Array): PredictionDriftReport {
  const kind = reference.prediction.kind;
  const sample = Float64Array.from((reference.sample?.prediction ?? []).filter((p): p is number => p !== null));
  const values = current.filter((v) => v === v);
  const empty = { kind, method: null, score: null, threshold: 0, drift: false, psi: null, grade: 'ok' as const };
  if (sample.length === 0) return { ...empty, status: 'empty' };
  if (values.length < MIN_WINDOW_ROWS) return { ...empty, status: 'insufficient' };
  let score: number;
  let psi: number;
  let method;
  if (kind === 'score') {
    method = driftMethod('numeric', new Set(sample).size, reference.rows);
    const std = populationStd(sample);
    // Both are fresh copies: sorted in place for the score and the buckets.
    sortFloat64(sample);
    sortFloat64(values);
    score =
      method === 'ks' || method === 'wasserstein' ? continuousScore(method, sample, values, std) : discreteScore(method, alignCounts(countValues(sample), countValues(values)));
    const bins = reference.prediction.bins;
    psi = bins ? populationStabilityIndex(bins.shares, toShares(countBucketsSorted(bins.edges, values))) : 0;
  } else {
    const classes = reference.prediction.classes?.length ?? 0;
    method = driftMethod('categorical', classes, reference.rows);
    score = discreteScore(method, alignCounts(countValues(sample), countValues(values)));
    const counts = new Float64Array(classes);
    for (const v of values) if (v >= 0 && v < classes) counts[v]++;
    psi = populationStabilityIndex(reference.prediction.shares ?? [], toShares(counts));
  }
  const { drift, threshold } = isDrift(method, score);
  const psiGrade: MonitorGrade = psi >= PSI_ALERT ? 'alert' : psi >= PSI_WARN ? 'warn' : 'ok';
  const grade: MonitorGrade = psiGrade === 'alert' ? 'alert' : drift || psiGrade === 'warn' ? 'warn' : 'ok';
  return { status: 'checked', kind, method, score, threshold, drift, psi, grade };
}
