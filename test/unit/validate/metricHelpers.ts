import { strict as assert } from 'node:assert';
import type { Prediction, Truth } from '../../../src/engine/validate/types';

/** Builders and assertions shared by the validate tests. */

export function classTruth(classes: number, codes: readonly number[]): Truth {
  return { kind: 'classification', classes, codes: Int32Array.from(codes) };
}

/** A binary prediction from the probability of class 1. */
export function binaryPrediction(p1: readonly number[]): Prediction {
  return { kind: 'classification', proba: [Float64Array.from(p1, (p) => 1 - p), Float64Array.from(p1)] };
}

/** A classification prediction from row-major probability rows. */
export function rowsPrediction(rows: readonly (readonly number[])[]): Prediction {
  const classes = rows[0].length;
  return { kind: 'classification', proba: Array.from({ length: classes }, (_, c) => Float64Array.from(rows, (row) => row[c])) };
}

/** A classification prediction whose most probable class is `predicted[i]` (probability 0.6). */
export function labelPrediction(classes: number, predicted: readonly number[]): Prediction {
  const rest = 0.4 / (classes - 1);
  return {
    kind: 'classification',
    proba: Array.from({ length: classes }, (_, c) => Float64Array.from(predicted, (p) => (p === c ? 0.6 : rest))),
  };
}

export function valuesTruth(values: readonly number[]): Truth {
  return { kind: 'regression', values: Float64Array.from(values) };
}

export function valuesPrediction(values: readonly number[]): Prediction {
  return { kind: 'regression', values: Float64Array.from(values) };
}

export function weights(values: readonly number[]): Float64Array {
  return Float64Array.from(values);
}

/** Equal within `tolerance`, relative to the expected value when that exceeds 1. */
export function close(actual: number, expected: number, tolerance = 1e-12, what = 'value'): void {
  const scale = Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance * scale, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);
}
