import { DataError } from '../errors';
import type { Rng } from '../random';
import { positions } from './foldArrays';

/**
 * Group k-fold (scikit-learn GroupKFold): every group lies wholly in one test fold, so a model is
 * never validated on rows whose group it trained on (patients, users, sessions…). Groups are
 * taken largest first and each goes to the fold with the fewest rows so far (the lowest index on
 * ties), which balances fold sizes greedily as scikit-learn does. Unlike scikit-learn, groups of
 * equal size are taken in random order, so the seed varies the split wherever the sizes leave
 * room; with all sizes distinct the split is the same for every seed.
 *
 * Rows with a missing group (a negative code) count as one more group: nothing says they are
 * unrelated, so keeping them together is the choice that cannot leak.
 *
 * Returns the test fold of every row.
 */
export function groupKFoldAssignment(groups: Int32Array, folds: number, rng: Rng): Int32Array {
  const rows = groups.length;
  const { groupOf, count } = denseGroups(groups);
  if (count < folds) {
    throw new DataError(`group ${folds}-fold validation needs at least ${folds} groups; the group column has ${count}`);
  }
  const sizes = new Float64Array(count);
  for (let i = 0; i < rows; i++) sizes[groupOf[i]]++;
  // Shuffle first, then a stable sort by size: equal sizes keep their random order.
  const order = Array.from(rng.shuffle(positions(count)));
  order.sort((a, b) => sizes[b] - sizes[a]);

  const foldOfGroup = new Int32Array(count);
  const lightest = new FoldHeap(folds);
  for (const group of order) foldOfGroup[group] = lightest.add(sizes[group]);

  const testFoldOf = new Int32Array(rows);
  for (let i = 0; i < rows; i++) testFoldOf[i] = foldOfGroup[groupOf[i]];
  return testFoldOf;
}

/** Renumbers group codes densely from 0 (missing codes become one group) in first-seen order. */
function denseGroups(groups: Int32Array): { groupOf: Int32Array; count: number } {
  const rows = groups.length;
  const groupOf = new Int32Array(rows);
  let max = -1;
  for (let i = 0; i < rows; i++) max = Math.max(max, groups[i]);
  let count = 0;
  // Category codes are dense, so a table indexed by code is the norm; a Map covers sparse codes.
  if (max <= 4 * rows + 1024) {
    const table = new Int32Array(max + 2).fill(-1);
    for (let i = 0; i < rows; i++) {
      const key = groups[i] < 0 ? 0 : groups[i] + 1;
      if (table[key] < 0) table[key] = count++;
      groupOf[i] = table[key];
    }
  } else {
    const map = new Map<number, number>();
    for (let i = 0; i < rows; i++) {
      const key = groups[i] < 0 ? -1 : groups[i];
      let index = map.get(key);
      if (index === undefined) map.set(key, (index = count++));
      groupOf[i] = index;
    }
  }
  return { groupOf, count };
}

/** A min-heap of folds keyed by (rows so far, fold index): `add` gives a group to the lightest. */
class FoldHeap {
  private readonly heap: Int32Array;
  private readonly load: Float64Array;

  constructor(folds: number) {
    this.heap = new Int32Array(folds);
    for (let f = 0; f < folds; f++) this.heap[f] = f;
    this.load = new Float64Array(folds);
  }

  /** Adds `size` rows to the lightest fold and returns that fold. */
  add(size: number): number {
    const fold = this.heap[0];
    this.load[fold] += size;
    this.siftDown(0);
    return fold;
  }

  private lighter(a: number, b: number): boolean {
    const la = this.load[a];
    const lb = this.load[b];
    return la < lb || (la === lb && a < b);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.lighter(heap[right], heap[left]) ? right : left;
      if (!this.lighter(heap[child], heap[i])) return;
      const tmp = heap[i];
      heap[i] = heap[child];
      heap[child] = tmp;
      i = child;
    }
  }
}
