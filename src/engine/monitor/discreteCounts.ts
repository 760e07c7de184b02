/**
 * Counts of discrete values (category labels, or the few values of a discrete number) on both
 * sides of a comparison, aligned over the union of the values: the reference's values first, in
 * order of first appearance, then values only the new data has ("unseen"). Counting goes through
 * a column's codes or a Map per distinct value, never an object per row.
 */

export interface AlignedCounts<K> {
  /** Every value seen on either side: the reference's first. */
  readonly keys: readonly K[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
  /** Keys from this index on were never seen in the reference. */
  readonly firstUnseen: number;
}

/** Counts of `values` (missing ones left out by the caller) by value, in order of first appearance. */
export function countValues<K>(values: Iterable<K>): Map<K, number> {
  const counts = new Map<K, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Counts of a dictionary-encoded column's labels over `rows` (codes below 0 are missing). */
export function countCodes(codes: Int32Array, dictionary: readonly string[], rows: Uint32Array): Map<string, number> {
  const perCode = new Float64Array(dictionary.length);
  for (let i = 0; i < rows.length; i++) {
    const code = codes[rows[i]];
    if (code >= 0) perCode[code]++;
  }
  const counts = new Map<string, number>();
  perCode.forEach((count, code) => {
    if (count > 0) counts.set(dictionary[code], (counts.get(dictionary[code]) ?? 0) + count);
  });
  return counts;
}

/** The two sides' counts over the union of their values. */
export function alignCounts<K>(reference: ReadonlyMap<K, number>, current: ReadonlyMap<K, number>): AlignedCounts<K> {
  const keys = [...reference.keys()];
  const firstUnseen = keys.length;
  for (const key of current.keys()) if (!reference.has(key)) keys.push(key);
  return {
    keys,
    reference: Float64Array.from(keys, (k) => reference.get(k) ?? 0),
    current: Float64Array.from(keys, (k) => current.get(k) ?? 0),
    firstUnseen,
  };
}
