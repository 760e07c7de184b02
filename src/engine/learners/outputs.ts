import type { Task } from './types';

/** The logistic function, written to avoid overflow of `exp` for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/**
 * Class probabilities from raw margins: the logistic function for binary models (one margin,
 * returned as [P(class 0), P(class 1)]) and the softmax for multiclass ones.
 * @throws TypeError for regression, which has no probabilities.
 */
export function probabilitiesFromMargins(task: Task, raw: Float64Array[]): Float64Array[] {
  if (task === 'regression') throw new TypeError('predictProba needs a classification model');
  if (task === 'binary') {
    const p1 = raw[0].map(sigmoid);
    return [p1.map((p) => 1 - p), p1];
  }
  return softmax(raw);
}

/**
 * What `predict` returns for a model whose raw outputs are margins: the values themselves for
 * regression, else the class of highest probability.
 */
export function predictionsFromMargins(task: Task, raw: Float64Array[]): Float64Array {
  return task === 'regression' ? raw[0] : argmax(probabilitiesFromMargins(task, raw));
}

/** Row-wise softmax of per-class score arrays. */
export function softmax(scores: Float64Array[]): Float64Array[] {
  const k = scores.length;
  const n = scores[0]?.length ?? 0;
  const out = Array.from({ length: k }, () => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (scores[c][r] > max) max = scores[c][r];
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[c][r] = Math.exp(scores[c][r] - max);
    for (let c = 0; c < k; c++) out[c][r] /= sum;
  }
  return out;
}

/** Index of the largest probability per row (the first on ties), as numbers. */
export function argmax(proba: Float64Array[]): Float64Array {
  const n = proba[0]?.length ?? 0;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < proba.length; c++) if (proba[c][r] > proba[best][r]) best = c;
    out[r] = best;
  }
  return out;
}
