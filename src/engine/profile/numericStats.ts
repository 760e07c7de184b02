import type { Histogram, Quantiles } from './types';
import { sortFloat64 } from './radixSort';

/** Summary of a numeric or datetime column, in the column's units (epoch ms for datetimes). */
export interface NumericStats {
  /** Non-missing values. */
  readonly count: number;
  /** `NaN` values. */
  readonly missing: number;
  /** Distinct non-missing values (`-0` and `0` count as one). */
  readonly unique: number;
  /** The fields below are absent when there are no non-missing values. */
  readonly min?: number;
  readonly max?: number;
  readonly mean?: number;
  /** Sample standard deviation (n - 1); absent for a single value. */
  readonly std?: number;
  readonly quantiles?: Quantiles;
  /** Adjusted Fisher–Pearson skewness as pandas' `Series.skew`; absent below 3 values. */
  readonly skew?: number;
  /** Values strictly outside [p25 - 1.5 IQR, p75 + 1.5 IQR]. */
  readonly outliers?: number;
  /** Values equal to 0; absent when `countZeros` is false. */
  readonly zeros?: number;
  readonly histogram?: Histogram;
}

export interface NumericStatsOptions {
  /** Count exact zeros (meaningless for datetimes). Default true. */
  readonly countZeros?: boolean;
  /**
   * When every value is a whole number, use bins one or more integers wide centred on the
   * integers (so no bin straddles a value unevenly). Default true; datetimes turn this off.
   */
  readonly integerBins?: boolean;
}

/** Bins of a float (or datetime) histogram. */
export const HISTOGRAM_BINS = 20;
/** Most bins of an integer histogram: one per integer while the range allows it. */
export const MAX_INTEGER_BINS = 30;

/** Below this magnitude pandas treats a central moment sum as floating-point noise (zero). */
const MOMENT_EPSILON = 1e-14;

/**
 * All numeric statistics of `values` (`NaN` = missing) in three linear passes and one sort of a
 * NaN-free copy; `values` is not modified.
 */
export function numericStats(values: Float64Array, options: NumericStatsOptions = {}): NumericStats {
  const n = values.length;
  const finite = new Float64Array(n);
  let count = 0;
  let sum = 0;
  let zeros = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    finite[count++] = v;
    sum += v;
    if (v === 0) zeros++;
    else if (integral && Math.trunc(v) !== v) integral = false;
  }
  const missing = n - count;
  if (count === 0) return { count, missing, unique: 0 };

  const sorted = sortFloat64(finite.subarray(0, count));
  const mean = sum / count;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < count; i++) {
    const d = sorted[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  const quantiles: Quantiles = {
    p01: quantileSorted(sorted, 0.01),
    p05: quantileSorted(sorted, 0.05),
    p25: quantileSorted(sorted, 0.25),
    p50: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
  };
  const iqr = quantiles.p75 - quantiles.p25;
  const outliers =
    lowerBound(sorted, quantiles.p25 - 1.5 * iqr) + (count - upperBound(sorted, quantiles.p75 + 1.5 * iqr));
  const stats: {
    -readonly [K in keyof NumericStats]: NumericStats[K];
  } = {
    count,
    missing,
    unique: countDistinctSorted(sorted),
    min: sorted[0],
    max: sorted[count - 1],
    mean,
    quantiles,
    outliers,
    histogram: histogramSorted(sorted, integral && options.integerBins !== false),
  };
  if (count > 1) stats.std = Math.sqrt(m2 / (count - 1));
  const skew = skewFromMoments(count, m2, m3);
  if (skew !== undefined) stats.skew = skew;
  if (options.countZeros !== false) stats.zeros = zeros;
  return stats;
}

/** The non-missing values of `values`, sorted ascending, in a new array. */
export function sortedNonMissing(values: Float64Array): Float64Array {
  const finite = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) finite[count++] = v;
  }
  return sortFloat64(finite.subarray(0, count));
}

/**
 * Quantile `q` (0..1) of an ascending, non-empty, NaN-free array by linear interpolation between
 * closest ranks, bit-for-bit like numpy's default `method='linear'` (including its `_lerp`, which
 * interpolates from the upper neighbour when the fraction is at least 0.5).
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const position = q * (n - 1);
  const below = Math.floor(position);
  const t = position - below;
  const a = sorted[below];
  const b = sorted[Math.min(below + 1, n - 1)];
  if (a === b) return a;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Adjusted Fisher–Pearson skewness from the count and the central moment sums
 * m2 = Σ(x - mean)², m3 = Σ(x - mean)³, as pandas computes it: `undefined` below 3 values,
 * 0 when m2 is (numerically) zero.
 */
export function skewFromMoments(count: number, m2: number, m3: number): number | undefined {
  if (count < 3) return undefined;
  const s2 = Math.abs(m2) < MOMENT_EPSILON ? 0 : m2;
  const s3 = Math.abs(m3) < MOMENT_EPSILON ? 0 : m3;
  if (s2 === 0) return 0;
  return ((count * Math.sqrt(count - 1)) / (count - 2)) * (s3 / Math.pow(s2, 1.5));
}

/**
 * Equal-width histogram of an ascending, non-empty, NaN-free array. Integer data with
 * `integerBins` gets bins `w` integers wide (w = ceil(range / MAX_INTEGER_BINS)) with edges at
 * half-integers; otherwise `HISTOGRAM_BINS` bins over [min, max] with edges like
 * `numpy.histogram` (a zero range becomes [min - 0.5, max + 0.5]). Counts come from binary
 * searches on the edges, so each value falls in `[edges[i], edges[i+1])` and the last bin is closed.
 */
export function histogramSorted(sorted: Float64Array, integerBins: boolean): Histogram {
  const n = sorted.length;
  const min = sorted[0];
  const max = sorted[n - 1];
  const edges: number[] = [];
  if (integerBins) {
    const span = max - min + 1;
    const width = Math.ceil(span / MAX_INTEGER_BINS);
    const bins = Math.ceil(span / width);
    for (let i = 0; i <= bins; i++) edges.push(min - 0.5 + i * width);
  } else {
    const lo = min === max ? min - 0.5 : min;
    const hi = min === max ? max + 0.5 : max;
    const step = (hi - lo) / HISTOGRAM_BINS;
    for (let i = 0; i < HISTOGRAM_BINS; i++) edges.push(lo + i * step);
    edges.push(hi);
  }
  const bins = edges.length - 1;
  const counts: number[] = new Array<number>(bins);
  let start = lowerBound(sorted, edges[0]);
  for (let i = 0; i < bins - 1; i++) {
    const end = lowerBound(sorted, edges[i + 1]);
    counts[i] = end - start;
    start = end;
  }
  counts[bins - 1] = upperBound(sorted, edges[bins]) - start;
  return { edges, counts };
}

/** Distinct values of an ascending NaN-free array (`-0` and `0` are equal). */
export function countDistinctSorted(sorted: Float64Array): number {
  if (sorted.length === 0) return 0;
  let distinct = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

/** Index of the first element `>= x` in an ascending array. */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element `> x` in an ascending array. */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
