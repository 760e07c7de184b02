/**
 * `numericStats` (engine/profile/numericStats.ts) of a column given as its distinct values and
 * how many rows hold each (a database's GROUP BY), without expanding them into rows: the same
 * quantile interpolation, histogram bins, outlier fences and skewness.
 */
import { histogramSorted, skewFromMoments, type NumericStats } from '../../../engine/profile/numericStats';
import type { Quantiles } from '../../../engine/profile/types';
import type { NumberAggregates, SpreadAggregates } from './columnPlans';

/**
 * The statistics of a column whose value `values[i]` (`NaN` = missing) occurs `weights[i]`
 * times, among `rows` rows in all (rows not counted in `weights` are missing).
 */
export function weightedNumericStats(values: Float64Array, weights: Float64Array, rows: number, options: { readonly countZeros: boolean; readonly integerBins: boolean }): NumericStats {
  const { sorted, counts, count, zeros, integral, mean, m2, m3 } = summarize(values, weights);
  const missing = rows - count;
  if (count === 0) return { count, missing, unique: 0 };
  // Cumulative counts: rows 0..ends[k]-1 of the expanded sorted column hold sorted[..k].
  const ends: number[] = [];
  let running = 0;
  for (const c of counts) ends.push((running += c));
  const at = (row: number): number => {
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid] > row) hi = mid;
      else lo = mid + 1;
    }
    return sorted[lo];
  };
  const quantile = (q: number): number => {
    // quantileSorted's interpolation, on the expanded column.
    const position = q * (count - 1);
    const below = Math.floor(position);
    const t = position - below;
    const a = at(below);
    const b = at(Math.min(below + 1, count - 1));
    if (a === b) return a;
    const diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  };
  const quantiles: Quantiles = {
    p01: quantile(0.01),
    p05: quantile(0.05),
    p25: quantile(0.25),
    p50: quantile(0.5),
    p75: quantile(0.75),
    p95: quantile(0.95),
    p99: quantile(0.99),
  };
  const iqr = quantiles.p75 - quantiles.p25;
  const low = quantiles.p25 - 1.5 * iqr;
  const high = quantiles.p75 + 1.5 * iqr;
  // The bins depend on the extremes alone, so the engine's own function gives them.
  const { edges } = histogramSorted(Float64Array.of(sorted[0], sorted[sorted.length - 1]), integral && options.integerBins);
  const binCounts = new Array<number>(edges.length - 1).fill(0);
  let outliers = 0;
  let bin = 0;
  for (let k = 0; k < sorted.length; k++) {
    const v = sorted[k];
    if (v < low || v > high) outliers += counts[k];
    while (bin < binCounts.length - 1 && v >= edges[bin + 1]) bin++;
    binCounts[bin] += counts[k];
  }
  const stats: { -readonly [K in keyof NumericStats]: NumericStats[K] } = {
    count,
    missing,
    unique: sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean,
    quantiles,
    outliers,
    histogram: { edges, counts: binCounts },
  };
  if (count > 1) stats.std = Math.sqrt(m2 / (count - 1));
  const skew = skewFromMoments(count, m2, m3);
  if (skew !== undefined) stats.skew = skew;
  if (options.countZeros) stats.zeros = zeros;
  return stats;
}

/**
 * The first-pass aggregates and the spread of a number or datetime column given as its distinct
 * values and their row counts (valueCounts.ts), as the database's aggregates give them (quantiles
 * with the engine's interpolation); undefined when no value is present.
 */
export function countedAggregates(values: Float64Array, weights: Float64Array, rows: number, datetime: boolean): { first: NumberAggregates; spread: SpreadAggregates } | undefined {
  const stats = weightedNumericStats(values, weights, rows, { countZeros: true, integerBins: !datetime });
  const { sorted, counts, integral, m2, m3 } = summarize(values, weights);
  if (stats.count === 0 || stats.quantiles === undefined || stats.histogram === undefined) return undefined;
  const q = stats.quantiles;
  const one = sorted.indexOf(1);
  return {
    first: {
      count: stats.count,
      unique: stats.unique,
      min: stats.min as number,
      max: stats.max as number,
      mean: stats.mean as number,
      zeros: datetime ? 0 : (stats.zeros ?? 0),
      ones: datetime || one < 0 ? 0 : counts[one],
      whole: integral,
      hasTime: datetime && sorted.some((v) => v % 86_400_000 !== 0),
      quantiles: [q.p01, q.p05, q.p25, q.p50, q.p75, q.p95, q.p99],
      moments: { m2, m3 },
    },
    spread: { m2, m3, outliers: stats.outliers as number, histogram: stats.histogram },
  };
}

/** The present values of a weighted column, distinct and ascending (-0 and 0 merged) with their weights, and its moments. */
function summarize(values: Float64Array, weights: Float64Array): {
  sorted: number[];
  counts: number[];
  count: number;
  zeros: number;
  integral: boolean;
  mean: number;
  m2: number;
  m3: number;
} {
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === values[i] && weights[i] > 0) order.push(i);
  order.sort((a, b) => values[a] - values[b]);
  const sorted: number[] = [];
  const counts: number[] = [];
  for (const i of order) {
    const v = values[i];
    if (sorted.length > 0 && sorted[sorted.length - 1] === v) counts[counts.length - 1] += weights[i];
    else {
      sorted.push(v);
      counts.push(weights[i]);
    }
  }
  let count = 0;
  let sum = 0;
  let zeros = 0;
  let integral = true;
  for (let k = 0; k < sorted.length; k++) {
    count += counts[k];
    sum += sorted[k] * counts[k];
    if (sorted[k] === 0) zeros += counts[k];
    else if (Math.trunc(sorted[k]) !== sorted[k]) integral = false;
  }
  const mean = count === 0 ? NaN : sum / count;
  let m2 = 0;
  let m3 = 0;
  for (let k = 0; k < sorted.length; k++) {
    const d = sorted[k] - mean;
    m2 += counts[k] * d * d;
    m3 += counts[k] * d * d * d;
  }
  return { sorted, counts, count, zeros, integral, mean, m2, m3 };
}
