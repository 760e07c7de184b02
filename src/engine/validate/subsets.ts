import type { Prediction, Truth } from './types';

/** The truth of some rows (`positions`, in that order). */
export function subsetTruth(truth: Truth, positions: Uint32Array): Truth {
  if (truth.kind === 'regression') return { kind: 'regression', values: Float64Array.from(positions, (p) => truth.values[p]) };
  return { kind: 'classification', classes: truth.classes, codes: Int32Array.from(positions, (p) => truth.codes[p]) };
}

/** A prediction restricted to some of its rows. */
export function subsetPrediction(prediction: Prediction, positions: Uint32Array): Prediction {
  if (prediction.kind === 'regression') return { kind: 'regression', values: Float64Array.from(positions, (p) => prediction.values[p]) };
  return { kind: 'classification', proba: prediction.proba.map((p) => Float64Array.from(positions, (i) => p[i])) };
}
