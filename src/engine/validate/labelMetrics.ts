import { classificationMetric, predictedCodes, type ClassificationInputs } from './metricInputs';
import type { Metric, MetricName } from './types';

/**
 * Metrics of the predicted labels (the most probable class of each row), all computed from one
 * pass of per-class weighted counts, as scikit-learn's confusion-matrix based metrics are.
 */

/** Per-class sums of one pass over the rows. */
interface ClassTotals {
  readonly classes: number;
  /** Weight of rows of the class predicted as the class (true positives). */
  readonly hits: Float64Array;
  /** Weight of rows whose true class it is (support). */
  readonly actual: Float64Array;
  /** Weight of rows predicted as the class. */
  readonly predicted: Float64Array;
  /**
   * 1 when the class occurs in the truth or the predictions, whatever its weight: scikit-learn
   * macro-averages over exactly these labels (`unique_labels(y_true, y_pred)`).
   */
  readonly seen: Uint8Array;
  readonly totalWeight: number;
}

function classTotals({ classes, codes, proba, weights }: ClassificationInputs): ClassTotals {
  const predicted = predictedCodes(proba, codes.length);
  const totals = {
    classes,
    hits: new Float64Array(classes),
    actual: new Float64Array(classes),
    predicted: new Float64Array(classes),
    seen: new Uint8Array(classes),
    totalWeight: 0,
  };
  for (let i = 0; i < codes.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    const truth = codes[i];
    const guess = predicted[i];
    totals.actual[truth] += w;
    totals.predicted[guess] += w;
    if (truth === guess) totals.hits[truth] += w;
    totals.seen[truth] = 1;
    totals.seen[guess] = 1;
    totals.totalWeight += w;
  }
  return totals;
}

/** scikit-learn's `zero_division=0`: a ratio with nothing to divide by counts as 0. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

const precisionOf = (t: ClassTotals, c: number): number => ratio(t.hits[c], t.predicted[c]);
const recallOf = (t: ClassTotals, c: number): number => ratio(t.hits[c], t.actual[c]);

/** F1 from precision and recall the way scikit-learn 1.2 computes it (0 when both are 0). */
function f1Of(t: ClassTotals, c: number): number {
  const p = precisionOf(t, c);
  const r = recallOf(t, c);
  const sum = p + r;
  return sum === 0 ? 0 : (2 * p * r) / sum;
}

/** Unweighted mean of `perClass` over the classes seen in the truth or the predictions. */
function macro(t: ClassTotals, perClass: (t: ClassTotals, c: number) => number): number {
  let sum = 0;
  let count = 0;
  for (let c = 0; c < t.classes; c++) {
    if (t.seen[c] === 0) continue;
    sum += perClass(t, c);
    count++;
  }
  return sum / count;
}

function labelMetric(
  name: MetricName,
  label: string,
  formula: (totals: ClassTotals) => number,
): Metric {
  return classificationMetric({ name, label, higherIsBetter: true, tasks: ['binary', 'multiclass'] }, (inputs) =>
    formula(classTotals(inputs)),
  );
}

/** Weighted share of rows whose most probable class is the true one. */
export const accuracy = labelMetric('accuracy', 'accuracy', (t) => {
  let hits = 0;
  for (let c = 0; c < t.classes; c++) hits += t.hits[c];
  return hits / t.totalWeight;
});

/**
 * Mean recall over the classes present in the truth (scikit-learn drops a class whose support
 * weighs 0, with a warning, and so do we), so a majority-class guesser scores 1/classes.
 */
export const balancedAccuracy = labelMetric('balancedAccuracy', 'balanced accuracy', (t) => {
  let sum = 0;
  let count = 0;
  for (let c = 0; c < t.classes; c++) {
    if (t.actual[c] === 0) continue;
    sum += t.hits[c] / t.actual[c];
    count++;
  }
  return sum / count;
});

/** Unweighted mean of per-class F1 over the classes seen in the truth or the predictions. */
export const f1Macro = labelMetric('f1Macro', 'F1 (macro)', (t) => macro(t, f1Of));

/** Per-class F1 averaged with the classes' (weighted) support as weights. */
export const f1Weighted = labelMetric('f1Weighted', 'F1 (weighted)', (t) => {
  let sum = 0;
  let support = 0;
  for (let c = 0; c < t.classes; c++) {
    if (t.seen[c] === 0) continue;
    sum += t.actual[c] * f1Of(t, c);
    support += t.actual[c];
  }
  return ratio(sum, support);
});

/** Binary: precision of class 1 (code 1 is the positive class). Multiclass: macro average. */
export const precision = labelMetric('precision', 'precision', (t) => (t.classes === 2 ? precisionOf(t, 1) : macro(t, precisionOf)));

/** Binary: recall of class 1 (code 1 is the positive class). Multiclass: macro average. */
export const recall = labelMetric('recall', 'recall', (t) => (t.classes === 2 ? recallOf(t, 1) : macro(t, recallOf)));
