import type { Fold } from './types';

/**
 * Folds from a per-row test-fold assignment: fold `f` tests the rows assigned `f` and trains on
 * every other row, including rows assigned -1 (never tested, e.g. the training side of a
 * holdout). Scanning rows in order makes every position list ascending without a sort.
 */
export function foldsFromAssignment(testFoldOf: Int32Array, folds: number): Fold[] {
  const rows = testFoldOf.length;
  const testCounts = new Uint32Array(folds);
  for (let i = 0; i < rows; i++) if (testFoldOf[i] >= 0) testCounts[testFoldOf[i]]++;
  const result: Fold[] = [];
  for (let f = 0; f < folds; f++) {
    const test = new Uint32Array(testCounts[f]);
    const train = new Uint32Array(rows - testCounts[f]);
    let t = 0;
    let r = 0;
    for (let i = 0; i < rows; i++) {
      if (testFoldOf[i] === f) test[t++] = i;
      else train[r++] = i;
    }
    result.push({ train, test });
  }
  return result;
}

/**
 * Positions `0..rows-1` grouped by class code (a counting sort, stable), with where each class
 * starts: class `c` occupies `order[starts[c]] .. order[starts[c + 1] - 1]`.
 */
export function rowsByClass(codes: Int32Array, classes: number): { order: Uint32Array; starts: Uint32Array } {
  const starts = new Uint32Array(classes + 1);
  for (let i = 0; i < codes.length; i++) starts[codes[i] + 1]++;
  for (let c = 0; c < classes; c++) starts[c + 1] += starts[c];
  const next = starts.slice(0, classes);
  const order = new Uint32Array(codes.length);
  for (let i = 0; i < codes.length; i++) order[next[codes[i]]++] = i;
  return { order, starts };
}

/** `[0, 1, …, length - 1]`, the identity permutation to shuffle. */
export function positions(length: number): Uint32Array {
  const result = new Uint32Array(length);
  for (let i = 0; i < length; i++) result[i] = i;
  return result;
}
