/**
 * Counting values into a reference's buckets and levels: the reference itself and the checks on
 * new data count the same way, so their shares compare bucket for bucket.
 */
import type { ReferenceCategoricalColumn } from './types';

/**
 * The bucket of `value` among inner cut points `edges` (ascending): 0 for (−∞, edges[0]], i for
 * (edges[i−1], edges[i]], `edges.length` above the last. A binary search: O(log edges).
 */
export function bucketOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Values per bucket of `edges` (`edges.length + 1` counts). Missing values (`NaN`, and the
 * infinities, which a reference counts as missing too) are not counted.
 */
export function countBuckets(edges: readonly number[], values: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) counts[bucketOf(edges, v)]++;
  }
  return counts;
}

/** How many of `sorted` (ascending) are at most `value` (`below`: strictly less than it). */
export function countUpTo(sorted: Float64Array, value: number, below = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below ? sorted[mid] < value : sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `countBuckets` of values sorted ascending (NaN-free), by a binary search per edge instead of one
 * per value: the counts are the same (bucket i holds the values in (edges[i−1], edges[i]]).
 */
export function countBucketsSorted(edges: readonly number[], sorted: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  // The infinities are left out, as countBuckets leaves them out.
  const first = countUpTo(sorted, -Infinity);
  const end = countUpTo(sorted, Infinity, true);
  let previous = first;
  for (let e = 0; e < edges.length; e++) {
    const upTo = Math.min(end, Math.max(first, countUpTo(sorted, edges[e])));
    counts[e] = upTo - previous;
    previous = upTo;
  }
  counts[edges.length] = end - previous;
  return counts;
}

/** Counts as fractions of their sum (all zero when the sum is zero). */
export function toShares(counts: ArrayLike<number>): number[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  return Array.from(counts, (c) => (total > 0 ? c / total : 0));
}

/** How the labels of some rows fall among a reference column's levels. */
export interface LevelShares {
  /** Non-missing values counted. */
  readonly rows: number;
  /** Missing values (code −1). */
  readonly missing: number;
  /** Per reference level (`levels`), its share of the non-missing values. */
  readonly shares: number[];
  /**
   * Share of labels outside `levels` that training saw (`otherLevels`); when the reference does
   * not list its other levels, every label outside `levels` counts here.
   */
  readonly otherShare: number;
  /** Share of labels training never saw (only known when the reference lists its other levels). */
  readonly unseenShare: number;
  /** Those labels, most frequent first (ties in dictionary order). */
  readonly unseen: string[];
}

/**
 * Shares of dictionary-encoded values (`codes` into `dictionary`, −1 = missing) among the
 * reference column's levels, its other levels and labels it never saw. O(rows + dictionary).
 */
export function levelShares(
  reference: Pick<ReferenceCategoricalColumn, 'levels' | 'otherLevels'>,
  codes: Int32Array,
  dictionary: readonly string[],
): LevelShares {
  const perCode = new Float64Array(dictionary.length);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0 || c >= dictionary.length) missing++;
    else perCode[c]++;
  }
  const rows = codes.length - missing;
  const levelIndex = new Map(reference.levels.map((label, i) => [label, i]));
  const others = reference.otherLevels === undefined ? undefined : new Set(reference.otherLevels);
  const levelCounts = new Float64Array(reference.levels.length);
  let other = 0;
  let unseen = 0;
  const unseenCodes: number[] = [];
  for (let code = 0; code < dictionary.length; code++) {
    const count = perCode[code];
    if (count === 0) continue;
    const label = dictionary[code];
    const level = levelIndex.get(label);
    if (level !== undefined) levelCounts[level] += count;
    else if (others === undefined || others.has(label)) other += count;
    else {
      unseen += count;
      unseenCodes.push(code);
    }
  }
  unseenCodes.sort((a, b) => perCode[b] - perCode[a] || a - b);
  return {
    rows,
    missing,
    shares: Array.from(levelCounts, (c) => (rows > 0 ? c / rows : 0)),
    otherShare: rows > 0 ? other / rows : 0,
    unseenShare: rows > 0 ? unseen / rows : 0,
    unseen: unseenCodes.map((code) => dictionary[code]),
  };
}
