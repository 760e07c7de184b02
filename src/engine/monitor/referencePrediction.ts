/**
 * The prediction part of a monitoring reference: what the final model said about the training
 * rows it did not see (out of fold), as one number per row and as a distribution.
 */
import type { Task } from '../profile/types';
import { sortFloat64 } from '../profile/radixSort';
import type { Prediction } from '../validate/types';
import { referenceBins } from './referenceBins';
import type { ReferencePrediction } from './types';

/**
 * Each row's most probable class (the first on ties, as `predict` of the pipeline and of the
 * exported module), or −1 where a probability is not a finite number.
 */
export function predictedClasses(proba: readonly Float64Array[]): Int32Array {
  const n = proba[0]?.length ?? 0;
  const classes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let finite = Number.isFinite(proba[0][i]);
    for (let c = 1; c < proba.length; c++) {
      const p = proba[c][i];
      if (!Number.isFinite(p)) finite = false;
      else if (p > proba[best][i]) best = c;
    }
    classes[i] = finite ? best : -1;
  }
  return classes;
}

/**
 * One number per predicted row: the value (regression), the positive (second) class's
 * probability (binary), or the index of the most probable class (multiclass). `NaN` where the
 * prediction is not a finite number.
 */
export function predictionScores(task: Task, prediction: Prediction): Float64Array {
  checkShape(task, prediction);
  // Plain loops: `Float64Array.from` with a map function is several times slower on a million rows.
  if (prediction.kind === 'regression' || task === 'binary') {
    const source = prediction.kind === 'regression' ? prediction.values : prediction.proba[1];
    const scores = new Float64Array(source.length);
    for (let i = 0; i < source.length; i++) scores[i] = Number.isFinite(source[i]) ? source[i] : NaN;
    return scores;
  }
  const classes = predictedClasses(prediction.proba);
  const scores = new Float64Array(classes.length);
  for (let i = 0; i < classes.length; i++) scores[i] = classes[i] < 0 ? NaN : classes[i];
  return scores;
}

/**
 * The distribution of `prediction` (rows with a non-finite output left out): reference-quantile
 * buckets of a regression value or a binary probability (see `ReferenceBins`); the shares of the
 * predicted class for classification (multiclass, and binary alongside its buckets).
 */
export function referencePrediction(task: Task, prediction: Prediction, classes: readonly string[] | undefined): ReferencePrediction {
  checkShape(task, prediction);
  if (prediction.kind === 'regression') {
    const scores = predictionScores(task, prediction);
    const sorted = finiteSorted(scores);
    return { kind: 'score', rows: sorted.length, bins: referenceBins(sorted) };
  }
  if (classes === undefined || classes.length !== prediction.proba.length) {
    throw new RangeError(`a ${task} reference needs one class label per probability column (${prediction.proba.length})`);
  }
  const predicted = predictedClasses(prediction.proba);
  const counts = new Float64Array(classes.length);
  let rows = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] < 0) continue;
    counts[predicted[i]]++;
    rows++;
  }
  const shares = Array.from(counts, (c) => (rows > 0 ? c / rows : 0));
  if (task === 'multiclass') return { kind: 'class', rows, classes: [...classes], shares };
  const sorted = finiteSorted(predictionScores(task, prediction));
  return { kind: 'score', rows, bins: referenceBins(sorted), classes: [...classes], shares };
}

function checkShape(task: Task, prediction: Prediction): void {
  if ((task === 'regression') !== (prediction.kind === 'regression')) {
    throw new RangeError(`a ${task} reference needs ${task === 'regression' ? 'values' : 'class probabilities'}, got ${prediction.kind === 'regression' ? 'values' : 'probabilities'}`);
  }
  if (task === 'binary' && prediction.kind === 'classification' && prediction.proba.length !== 2) {
    throw new RangeError(`a binary prediction has 2 probability columns, got ${prediction.proba.length}`);
  }
}

/** The non-NaN values of `scores`, sorted ascending (a new array). */
function finiteSorted(scores: Float64Array): Float64Array {
  const finite = new Float64Array(scores.length);
  let m = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] === scores[i]) finite[m++] = scores[i];
  return sortFloat64(finite.subarray(0, m));
}
