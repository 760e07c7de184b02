/**
 * Choosing a reference's buckets from its own values: cut points at reference quantiles, so each
 * bucket holds about a tenth of the training values and a shift anywhere in the distribution
 * moves some bucket's share (the population stability index reads them).
 */
import { upperBound } from '../profile/numericStats';
import { MAX_BINS, type ReferenceBins } from './types';

/**
 * The buckets of an ascending array of finite values (see `ReferenceBins`). Cut point k is the
 * value at rank ceil(k·m / MAX_BINS) of the m values (the inverse empirical distribution at
 * k/MAX_BINS, always a value of the data), for k = 1 … MAX_BINS − 1; repeated cut points and
 * cut points equal to the maximum are dropped, so every bucket holds at least one value.
 * O(MAX_BINS · log m) beyond the sort.
 */
export function referenceBins(sorted: Float64Array): ReferenceBins {
  const m = sorted.length;
  if (m === 0) return { edges: [], shares: [] };
  const max = sorted[m - 1];
  const edges: number[] = [];
  for (let k = 1; k < MAX_BINS; k++) {
    // ceil(k·m / MAX_BINS) in integers, so no rounding error picks the neighbouring rank.
    const cut = sorted[Math.floor((k * m + MAX_BINS - 1) / MAX_BINS) - 1];
    if (cut < max && (edges.length === 0 || cut > edges[edges.length - 1])) edges.push(cut);
  }
  const shares: number[] = [];
  let below = 0;
  for (const edge of edges) {
    const atOrBelow = upperBound(sorted, edge);
    shares.push((atOrBelow - below) / m);
    below = atOrBelow;
  }
  shares.push((m - below) / m);
  return { edges, shares };
}
