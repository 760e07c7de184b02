/** Summary of a dictionary-encoded column (categorical, boolean, text or string ID). */
export interface CategoricalStats {
  /** Non-missing values. */
  readonly count: number;
  /** Codes below 0. */
  readonly missing: number;
  /** Dictionary entries that occur at least once. */
  readonly unique: number;
  /** At most `TOP_VALUES` values, most frequent first, ties by first appearance in the rows. */
  readonly topValues: readonly { readonly value: string; readonly count: number }[];
  /** Mean length in Unicode code points of the non-missing values; absent when there are none. */
  readonly meanLength?: number;
}

/** Occurrences of each dictionary code, and where each first occurs. */
export interface LevelCounts {
  /** `counts[code]`: rows with that code. */
  readonly counts: Int32Array;
  /** `firstRow[code]`: first row with that code, or -1 when it never occurs. */
  readonly firstRow: Int32Array;
  readonly missing: number;
}

/** How many most frequent values a profile keeps. */
export const TOP_VALUES = 20;

/** Counts, distinct values, top values and mean length of a column in one pass over its codes. */
export function categoricalStats(codes: Int32Array, dictionary: readonly string[]): CategoricalStats {
  const levels = levelCounts(codes, dictionary.length);
  const { counts } = levels;
  let unique = 0;
  let codePoints = 0;
  for (let code = 0; code < counts.length; code++) {
    if (counts[code] === 0) continue;
    unique++;
    codePoints += counts[code] * codePointLength(dictionary[code]);
  }
  const count = codes.length - levels.missing;
  const topValues = rankLevels(levels, TOP_VALUES).map((code) => ({
    value: dictionary[code],
    count: counts[code],
  }));
  const stats: CategoricalStats = { count, missing: levels.missing, unique, topValues };
  return count > 0 ? { ...stats, meanLength: codePoints / count } : stats;
}

/** Per-code counts and first rows of `codes` (values outside `[0, levels)` count as missing). */
export function levelCounts(codes: Int32Array, levels: number): LevelCounts {
  const counts = new Int32Array(levels);
  const firstRow = new Int32Array(levels).fill(-1);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code < 0 || code >= levels) {
      missing++;
      continue;
    }
    if (counts[code]++ === 0) firstRow[code] = i;
  }
  return { counts, firstRow, missing };
}

/**
 * Codes of the `limit` most frequent levels that occur, most frequent first, ties by first row.
 * Keeps a small sorted buffer instead of sorting every level, since ID-like columns can have
 * as many levels as rows.
 */
export function rankLevels(levels: LevelCounts, limit: number): number[] {
  const { counts, firstRow } = levels;
  const before = (a: number, b: number): boolean =>
    counts[a] > counts[b] || (counts[a] === counts[b] && firstRow[a] < firstRow[b]);
  if (limit >= counts.length) {
    const present: number[] = [];
    for (let code = 0; code < counts.length; code++) if (counts[code] > 0) present.push(code);
    return present.sort((a, b) => counts[b] - counts[a] || firstRow[a] - firstRow[b]);
  }
  const best: number[] = [];
  for (let code = 0; code < counts.length; code++) {
    if (counts[code] === 0) continue;
    if (best.length === limit && !before(code, best[limit - 1])) continue;
    let at = best.length === limit ? limit - 1 : best.length;
    while (at > 0 && before(code, best[at - 1])) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = code;
  }
  return best;
}

function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
