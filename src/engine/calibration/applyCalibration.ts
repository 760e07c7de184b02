/**
 * Applying a saved calibration to class probabilities, and checking one read from a file. The
 * exported module (export/calibrationCode.ts) repeats these operations in this order, so its
 * probabilities equal the engine's bit for bit; change one, change the other.
 */
import { isotonicValue } from './isotonic';
import { plattValue } from './platt';
import { LOG_FLOOR } from './temperature';
import type { Calibration } from './types';

/**
 * The calibrated probabilities of every row of `proba` (one array per class, at least 2), as new
 * arrays. Per row, in this order:
 *
 * - Platt / isotonic, binary: `q = f(p₁)` (`plattValue` or `isotonicValue`); P(1) = q, P(0) = 1 − q.
 * - Platt / isotonic, multiclass: `q_c = f_c(p_c)` for each class; `s = ((0 + q₀) + q₁) + …`;
 *   P(c) = q_c / s, or 1/K for every class when s is 0.
 * - Temperature: `z_c = log(max(p_c, 1e-15)) / T`; `m` = the largest z; `e_c = exp(z_c − m)`;
 *   `s = ((0 + e₀) + e₁) + …`; P(c) = e_c / s.
 *
 * A `RangeError` when the calibration does not fit the number of classes.
 */
export function applyCalibration(calibration: Calibration, proba: readonly Float64Array[]): Float64Array[] {
  const k = proba.length;
  checkCalibration(calibration, k);
  const n = proba[0].length;
  const out = proba.map(() => new Float64Array(n));
  if (calibration.method === 'temperature') {
    const t = calibration.temperature;
    const z = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        z[c] = Math.log(Math.max(proba[c][i], LOG_FLOOR)) / t;
        if (z[c] > max) max = z[c];
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += out[c][i] = Math.exp(z[c] - max);
      for (let c = 0; c < k; c++) out[c][i] /= sum;
    }
    return out;
  }
  const value = classMap(calibration);
  if (k === 2) {
    for (let i = 0; i < n; i++) {
      const q = value(0, proba[1][i]);
      out[1][i] = q;
      out[0][i] = 1 - q;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[c][i] = value(c, proba[c][i]);
    if (sum === 0) for (let c = 0; c < k; c++) out[c][i] = 1 / k;
    else for (let c = 0; c < k; c++) out[c][i] /= sum;
  }
  return out;
}

/** Entry `j`'s one-vs-rest map of a Platt or isotonic calibration. */
function classMap(calibration: Exclude<Calibration, { method: 'temperature' }>): (j: number, p: number) => number {
  if (calibration.method === 'platt') {
    const { classes } = calibration;
    return (j, p) => plattValue(classes[j].a, classes[j].b, p);
  }
  const { classes } = calibration;
  return (j, p) => isotonicValue(classes[j].thresholds, classes[j].values, p);
}

/**
 * Checks that `value` (e.g. read from model.json) is a calibration for `classes` classes: a known
 * method, one entry for a binary target or one per class otherwise, finite numbers, a positive
 * temperature, isotonic thresholds strictly increasing with values in [0, 1]. Returns it typed;
 * a `RangeError` says what is wrong.
 */
export function checkCalibration(value: unknown, classes: number): Calibration {
  const cal = value as Partial<Calibration> | null;
  if (typeof cal !== 'object' || cal === null) throw new RangeError('the calibration is not an object');
  if (!(Number.isInteger(classes) && classes >= 2)) throw new RangeError(`a calibration needs a classification target, got ${classes} classes`);
  if (cal.method === 'temperature') {
    const t = cal.temperature;
    if (!(typeof t === 'number' && t > 0 && t < Infinity)) throw new RangeError(`the calibration temperature must be a positive number, got ${String(t)}`);
    return cal as Calibration;
  }
  if (cal.method !== 'platt' && cal.method !== 'isotonic') throw new RangeError(`unknown calibration method '${String(cal.method)}'`);
  const entries = (cal as { classes?: unknown }).classes;
  const expected = classes === 2 ? 1 : classes;
  if (!Array.isArray(entries) || entries.length !== expected) {
    throw new RangeError(`a ${cal.method} calibration for ${classes} classes needs ${expected} entr${expected === 1 ? 'y' : 'ies'}`);
  }
  entries.forEach((entry: unknown, j) => {
    if (cal.method === 'platt') {
      const { a, b } = (entry ?? {}) as { a?: unknown; b?: unknown };
      if (!(Number.isFinite(a) && Number.isFinite(b))) throw new RangeError(`Platt calibration entry ${j} needs finite a and b`);
      return;
    }
    const { thresholds, values } = (entry ?? {}) as { thresholds?: unknown; values?: unknown };
    if (!Array.isArray(thresholds) || !Array.isArray(values) || thresholds.length === 0 || thresholds.length !== values.length) {
      throw new RangeError(`isotonic calibration entry ${j} needs thresholds and values of the same non-zero length`);
    }
    thresholds.forEach((x: unknown, i) => {
      if (!Number.isFinite(x) || (i > 0 && !((x as number) > thresholds[i - 1]))) {
        throw new RangeError(`isotonic calibration entry ${j}: thresholds must be finite and strictly increasing (at ${i})`);
      }
      const v = values[i] as unknown;
      if (!(typeof v === 'number' && v >= 0 && v <= 1)) throw new RangeError(`isotonic calibration entry ${j}: value ${i} is not in [0, 1]`);
    });
  });
  return cal as Calibration;
}
