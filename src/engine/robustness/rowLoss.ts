import type { Prediction, Truth } from '../validate/types';

/** The same clipping as the log loss metric (scikit-learn's eps=1e-15), so means agree with it. */
const CLIP = 1e-15;

/**
 * Each row's loss under `prediction`: the log loss of the true class for classification (clipped
 * and renormalised as `logLoss` does, so their mean is the log loss metric), the squared error for
 * regression. `truth` and `prediction` cover the same rows, row for row.
 */
export function rowLoss(truth: Truth, prediction: Prediction): Float64Array {
  if (truth.kind === 'regression') {
    if (prediction.kind !== 'regression') throw new RangeError('a regression truth needs predicted values');
    const out = new Float64Array(truth.values.length);
    for (let i = 0; i < out.length; i++) out[i] = (truth.values[i] - prediction.values[i]) ** 2;
    return out;
  }
  if (prediction.kind !== 'classification') throw new RangeError('a classification truth needs class probabilities');
  const { codes, classes } = truth;
  const proba = prediction.proba;
  if (proba.length !== classes) throw new RangeError(`${proba.length} probability columns for ${classes} classes`);
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    let rowSum = 0;
    for (let c = 0; c < classes; c++) rowSum += clip(proba[c][i]);
    out[i] = -Math.log(clip(proba[codes[i]][i]) / rowSum);
  }
  return out;
}

function clip(p: number): number {
  return p < CLIP ? CLIP : p > 1 - CLIP ? 1 - CLIP : p;
}
