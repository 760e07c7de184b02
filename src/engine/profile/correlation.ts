import { argsortFloat64 } from './radixSort';

/**
 * Pearson's r over the rows where both `x` and `y` are non-NaN (pairwise deletion, as pandas'
 * `DataFrame.corr`). Centred two-pass sums keep it stable for large offsets such as epoch ms.
 * `undefined` with fewer than 2 complete rows or when either side is constant.
 */
export function pearson(x: Float64Array, y: Float64Array): number | undefined {
  const n = Math.min(x.length, y.length);
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a !== a || b !== b) continue;
    count++;
    sumX += a;
    sumY += b;
  }
  if (count < 2) return undefined;
  const meanX = sumX / count;
  const meanY = sumY / count;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a !== a || b !== b) continue;
    const dx = a - meanX;
    const dy = b - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return undefined;
  return clamp(sxy / Math.sqrt(sxx * syy), -1, 1);
}

/**
 * Spearman's ρ over pairwise-complete rows: Pearson's r of the average ranks (ties share the
 * mean of their ranks), each side ranked among the complete rows only, as pandas and scipy do.
 */
export function spearman(x: Float64Array, y: Float64Array): number | undefined {
  return spearmanRanked(rankedColumn(x), rankedColumn(y));
}

/** A numeric column prepared for repeated Spearman computations. */
export interface RankedColumn {
  /** The values, `NaN` = missing. */
  readonly values: Float64Array;
  /** Rows with a value, ordered by value. */
  readonly order: Uint32Array;
  /** 1-based average ranks among all non-missing rows, `NaN` where missing. */
  readonly ranks: Float64Array;
  readonly missing: number;
}

/** Sorts once so each later Spearman pair costs O(rows). */
export function rankedColumn(values: Float64Array): RankedColumn {
  const present = new Uint32Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present[count++] = i;
  const order = argsortFloat64(values, present.subarray(0, count));
  const ranks = new Float64Array(values.length);
  rankAmong(values, order, undefined, ranks);
  return { values, order, ranks, missing: values.length - count };
}

/**
 * Spearman's ρ of two prepared columns of equal length; re-ranks a side among the complete rows
 * only when the other side has missing values. `undefined` as for `pearson`.
 */
export function spearmanRanked(a: RankedColumn, b: RankedColumn): number | undefined {
  const ranksA = b.missing === 0 ? a.ranks : rankAmong(a.values, a.order, b.values, new Float64Array(a.values.length));
  const ranksB = a.missing === 0 ? b.ranks : rankAmong(b.values, b.order, a.values, new Float64Array(b.values.length));
  return pearson(ranksA, ranksB);
}

/**
 * Writes into `out` the 1-based average ranks of `values` along `order`, counting only rows
 * where `other` (when given) is non-NaN; every other row gets `NaN`. Returns `out`.
 */
export function rankAmong(
  values: Float64Array,
  order: Uint32Array,
  other: Float64Array | undefined,
  out: Float64Array,
): Float64Array {
  out.fill(NaN);
  let ranked = 0;
  let i = 0;
  while (i < order.length) {
    const v = values[order[i]];
    let end = i;
    let kept = 0;
    while (end < order.length && values[order[end]] === v) {
      if (other === undefined || other[order[end]] === other[order[end]]) kept++;
      end++;
    }
    if (kept > 0) {
      const average = ranked + (kept + 1) / 2;
      for (let k = i; k < end; k++) {
        const row = order[k];
        if (other === undefined || other[row] === other[row]) out[row] = average;
      }
      ranked += kept;
    }
    i = end;
  }
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
