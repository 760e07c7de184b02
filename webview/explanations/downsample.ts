/**
 * Deterministic thinning of long point lists, so a chart stays responsive whatever size of sample
 * a run saved. Pure.
 */

/**
 * At most `max` of the indexes 0..n-1, evenly spread, ascending and distinct; all of them when
 * `n <= max`. The same arguments always give the same indexes (no randomness: a redraw must not
 * move points).
 */
export function downsampleIndices(n: number, max: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be a non-negative integer, got ${max}`);
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}
