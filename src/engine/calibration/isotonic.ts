/**
 * Isotonic calibration: the non-decreasing function of the score that best fits the 0/1 labels in
 * squared error (pool-adjacent-violators), ported step by step from scikit-learn 1.2's
 * `IsotonicRegression(out_of_bounds='clip', y_min=0, y_max=1)`, so the same data gives the same
 * thresholds and values.
 */
import type { IsotonicCurve } from './types';

/**
 * Scores closer than this to the first score of a run of near-equal scores are pooled with it
 * (scikit-learn's `_make_unique` uses `np.finfo(float64).resolution`, 1e-15).
 */
const SAME_SCORE = 1e-15;

/**
 * Fits the curve on `scores[r]`, `positive[r]` (1 or 0) for the rows `r` of `rows` (all rows when
 * omitted). Needs at least one row (`RangeError` otherwise) and finite scores.
 *
 * As scikit-learn: rows are sorted by score then label; rows whose score is within 1e-15 of a
 * run's first score are pooled into one point at that first score, with the mean label and their
 * count as weight; pool-adjacent-violators merges every non-increasing neighbour (ties included)
 * into its weighted mean; the means are clipped to [0, 1]; and of every run of equal values only
 * its first and last points are kept (the curve is the same, and shorter to store).
 */
export function fitIsotonic(scores: Float64Array, positive: Uint8Array, rows?: Uint32Array): IsotonicCurve {
  const order = rows === undefined ? Uint32Array.from({ length: scores.length }, (_, i) => i) : rows.slice();
  return fitIsotonicSorted(scores, positive, sortRows(scores, positive, order));
}

/** `rows` sorted in place by score, then label (scikit-learn's `lexsort((y, X))`). */
export function sortRows(scores: Float64Array, positive: Uint8Array, rows: Uint32Array): Uint32Array {
  return rows.sort((i, j) => scores[i] - scores[j] || positive[i] - positive[j]);
}

/**
 * `fitIsotonic` on rows already in `sortRows` order: cross-validation sorts all rows once and
 * keeps each fold's training rows in that order, instead of sorting every fold.
 */
export function fitIsotonicSorted(scores: Float64Array, positive: Uint8Array, order: Uint32Array): IsotonicCurve {
  const n = order.length;
  if (n === 0) throw new RangeError('isotonic calibration needs at least one row');

  // _make_unique: one point per run of (near-)equal scores.
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  let points = 0;
  let runX = scores[order[0]];
  let runWeight = 0;
  let runSum = 0;
  for (let k = 0; k < n; k++) {
    const score = scores[order[k]];
    const label = positive[order[k]];
    if (score - runX >= SAME_SCORE) {
      x[points] = runX;
      w[points] = runWeight;
      y[points] = runSum / runWeight;
      points++;
      runX = score;
      runWeight = 1;
      runSum = label;
    } else {
      runWeight += 1;
      runSum += label;
    }
  }
  x[points] = runX;
  w[points] = runWeight;
  y[points] = runSum / runWeight;
  points++;

  poolAdjacentViolators(y.subarray(0, points), w.subarray(0, points));
  for (let k = 0; k < points; k++) y[k] = y[k] < 0 ? 0 : y[k] > 1 ? 1 : y[k];

  // Keep the ends, and any point whose value differs from one of its neighbours'.
  const thresholds: number[] = [];
  const values: number[] = [];
  for (let k = 0; k < points; k++) {
    if (k === 0 || k === points - 1 || y[k] !== y[k - 1] || y[k] !== y[k + 1]) {
      thresholds.push(x[k]);
      values.push(y[k]);
    }
  }
  return { thresholds, values };
}

/**
 * scikit-learn's `_inplace_contiguous_isotonic_regression`: `y` becomes the weighted
 * least-squares non-decreasing fit, in place. Blocks are tracked by `target` (for an active block
 * [i..j], target[i] = j and target[j] = i); a finished decreasing run is merged into its first
 * entry and the scan backtracks one block, which makes the algorithm a single O(n) pass.
 */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = target[i] + 1;
    if (k === n) break;
    if (y[i] < y[k]) {
      i = k;
      continue;
    }
    let sumWy = w[i] * y[i];
    let sumW = w[i];
    for (;;) {
      const prevY = y[k];
      sumWy += w[k] * y[k];
      sumW += w[k];
      k = target[k] + 1;
      if (k === n || prevY < y[k]) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1];
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i] + 1;
    y.fill(y[i], i + 1, k);
    i = k;
  }
}

/**
 * The curve at `p` as numpy's `interp` computes it: the end values outside the thresholds, the
 * exact value at a threshold, else `slope · (p − x_j) + y_j` from the last threshold x_j below
 * `p`; then clamped to [0, 1], because that sum can overshoot a value of 1 by a rounding error
 * (scikit-learn rounds such values down to 1 as well). The exported module repeats these steps.
 */
export function isotonicValue(thresholds: ArrayLike<number>, values: ArrayLike<number>, p: number): number {
  const last = thresholds.length - 1;
  if (p <= thresholds[0]) return values[0];
  if (p >= thresholds[last]) return values[last];
  // The last j with thresholds[j] <= p (thresholds[0] <= p < thresholds[last] here).
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid] <= p) lo = mid;
    else hi = mid;
  }
  if (thresholds[lo] === p) return values[lo];
  const slope = (values[lo + 1] - values[lo]) / (thresholds[lo + 1] - thresholds[lo]);
  const v = slope * (p - thresholds[lo]) + values[lo];
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
