/**
 * A shallow regression tree on per-row loss, whose leaves are the candidate weak segments
 * (`weakSegments.ts`). Splits minimise the squared error of the loss (CART); numeric columns
 * split at a data value (`x ≤ v` | `x > v`) with missing values sent to whichever side fits them
 * better, or missing against known; categorical columns split their levels (missing counting as a
 * level) ordered by mean loss into a low-loss and a high-loss set (Breiman et al. 1984, §4.2.2:
 * that ordering contains the best binary partition for squared error).
 *
 * A fully grown tree splits noise too, which would put spurious conditions into the segments'
 * descriptions, so it is pruned bottom up: a split whose two leaves' mean losses do not differ at
 * the 5% level after a Bonferroni correction for the number of split points it was chosen from
 * (as CHAID does) is undone. On homogeneous noise the whole tree collapses to its root.
 */
import { studentTSurvival } from './welchTest';

/** One candidate column over the rows the tree is grown on (row i of every array is row i of the loss). */
export type TreeColumn =
  | {
      readonly kind: 'numeric';
      readonly name: string;
      /** NaN = missing. */
      readonly values: Float64Array;
      /** Epoch ms: thresholds are written as dates. */
      readonly datetime?: { readonly hasTime: boolean };
    }
  | {
      readonly kind: 'categorical';
      readonly name: string;
      /** Codes into `labels`; -1 = missing. */
      readonly codes: Int32Array;
      readonly labels: readonly string[];
    };

/**
 * What a leaf's path says about one column, after intersecting every split on it.
 * Numeric: values in (lo, hi] (±Infinity when unbounded), and whether missing values and known
 * values are in. Categorical: `allowed[code + 1]` (index 0 is missing).
 */
export type Constraint =
  | { readonly kind: 'numeric'; readonly lo: number; readonly hi: number; readonly missing: boolean; readonly known: boolean }
  | { readonly kind: 'categorical'; readonly allowed: Uint8Array };

export interface SegmentLeaf {
  /** Indices of the rows in the leaf, ascending. */
  readonly rows: Uint32Array;
  /** By column index; absent when the path never split on that column. */
  readonly constraints: ReadonlyMap<number, Constraint>;
}

export interface TreeOptions {
  readonly maxDepth: number;
  /** Fewest rows in a leaf. */
  readonly minLeaf: number;
  /** Family-wise level of the pruning test (default 0.05). */
  readonly pruneAlpha?: number;
}

interface Split {
  readonly column: number;
  readonly gain: number;
  /** Rows going left: numeric `x ≤ threshold` (+ missing when `missingLeft`); categorical `leftMask`. */
  readonly threshold: number;
  readonly missingLeft: boolean;
  /** Numeric "missing vs known": left = missing. */
  readonly missingOnly: boolean;
  readonly leftMask?: Uint8Array;
}

interface Node {
  readonly rows: Uint32Array;
  readonly depth: number;
  split?: Split;
  /** Split points the chosen split was picked among (the Bonferroni factor). */
  candidates: number;
  left?: Node;
  right?: Node;
}

/** Scratch arrays shared by every node's split search. */
interface Scratch {
  readonly inNode: Uint8Array;
  /** Per numeric column: the non-missing rows sorted by value, computed once. */
  readonly order: (Uint32Array | undefined)[];
}

/**
 * Grows the tree on `loss` over `columns` and returns its leaves (after pruning), in tree order.
 * Deterministic: ties between splits go to the earlier column, then the lower threshold.
 */
export function growSegmentTree(columns: readonly TreeColumn[], loss: Float64Array, options: TreeOptions): SegmentLeaf[] {
  const n = loss.length;
  const scratch: Scratch = {
    inNode: new Uint8Array(n),
    order: columns.map((c) => (c.kind === 'numeric' ? sortedKnown(c.values) : undefined)),
  };
  const root: Node = { rows: Uint32Array.from({ length: n }, (_, i) => i), depth: 0, candidates: 0 };
  grow(root, columns, loss, options, scratch);
  prune(root, loss, options.pruneAlpha ?? 0.05);
  const leaves: SegmentLeaf[] = [];
  collect(root, columns, new Map(), leaves);
  return leaves;
}

function sortedKnown(values: Float64Array): Uint32Array {
  const known: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) known.push(i);
  const order = Uint32Array.from(known);
  order.sort((a, b) => values[a] - values[b] || a - b);
  return order;
}

function grow(node: Node, columns: readonly TreeColumn[], loss: Float64Array, options: TreeOptions, scratch: Scratch): void {
  if (node.depth >= options.maxDepth || node.rows.length < 2 * options.minLeaf) return;
  let total = 0;
  for (const r of node.rows) total += loss[r];
  for (const r of node.rows) scratch.inNode[r] = 1;
  let best: Split | undefined;
  let candidates = 0;
  columns.forEach((column, j) => {
    const found =
      column.kind === 'numeric'
        ? bestNumericSplit(j, column.values, scratch.order[j] as Uint32Array, node.rows, loss, total, options.minLeaf, scratch.inNode)
        : bestCategoricalSplit(j, column, node.rows, loss, total, options.minLeaf);
    candidates += found.candidates;
    if (found.split && (!best || found.split.gain > best.gain)) best = found.split;
  });
  for (const r of node.rows) scratch.inNode[r] = 0;
  // A gain of (almost) nothing is rounding: the children would be the parent again.
  if (!best || !(best.gain > 1e-12 * Math.max(1, Math.abs(total)))) return;
  const split: Split = best;
  const goesLeft = leftTest(columns[split.column], split);
  const left: number[] = [];
  const right: number[] = [];
  for (const r of node.rows) (goesLeft(r) ? left : right).push(r);
  node.split = split;
  node.candidates = candidates;
  node.left = { rows: Uint32Array.from(left), depth: node.depth + 1, candidates: 0 };
  node.right = { rows: Uint32Array.from(right), depth: node.depth + 1, candidates: 0 };
  grow(node.left, columns, loss, options, scratch);
  grow(node.right, columns, loss, options, scratch);
}

/** Squared-error reduction of splitting a node of sum `total` over `n` rows into (sumL, nL) and the rest. */
function gainOf(sumL: number, nL: number, total: number, n: number): number {
  const sumR = total - sumL;
  const nR = n - nL;
  return (sumL * sumL) / nL + (sumR * sumR) / nR - (total * total) / n;
}

function bestNumericSplit(
  j: number,
  values: Float64Array,
  order: Uint32Array,
  rows: Uint32Array,
  loss: Float64Array,
  total: number,
  minLeaf: number,
  inNode: Uint8Array,
): { split?: Split; candidates: number } {
  const n = rows.length;
  let missingSum = 0;
  let missingCount = 0;
  for (const r of rows) {
    if (Number.isNaN(values[r])) {
      missingSum += loss[r];
      missingCount++;
    }
  }
  const known = n - missingCount;
  let best: Split | undefined;
  let candidates = 0;
  const consider = (gain: number, threshold: number, missingLeft: boolean, missingOnly: boolean): void => {
    candidates++;
    if (!best || gain > best.gain) best = { column: j, gain, threshold, missingLeft, missingOnly };
  };
  if (missingCount >= minLeaf && known >= minLeaf) consider(gainOf(missingSum, missingCount, total, n), NaN, true, true);
  let sumL = 0;
  let countL = 0;
  let previous = NaN;
  for (let k = 0; k < order.length; k++) {
    const r = order[k];
    if (!inNode[r]) continue;
    const v = values[r];
    // A threshold between two distinct values: everything up to `previous` goes left.
    if (countL > 0 && v !== previous) {
      if (countL >= minLeaf && n - countL >= minLeaf) consider(gainOf(sumL, countL, total, n), previous, false, false);
      const withMissing = countL + missingCount;
      if (missingCount > 0 && withMissing >= minLeaf && n - withMissing >= minLeaf) consider(gainOf(sumL + missingSum, withMissing, total, n), previous, true, false);
    }
    sumL += loss[r];
    countL++;
    previous = v;
  }
  return { split: best, candidates };
}

function bestCategoricalSplit(
  j: number,
  column: Extract<TreeColumn, { kind: 'categorical' }>,
  rows: Uint32Array,
  loss: Float64Array,
  total: number,
  minLeaf: number,
): { split?: Split; candidates: number } {
  const width = column.labels.length + 1;
  const sums = new Float64Array(width);
  const counts = new Float64Array(width);
  for (const r of rows) {
    const slot = column.codes[r] + 1;
    sums[slot] += loss[r];
    counts[slot]++;
  }
  const present: number[] = [];
  for (let s = 0; s < width; s++) if (counts[s] > 0) present.push(s);
  present.sort((a, b) => sums[a] / counts[a] - sums[b] / counts[b] || a - b);
  const n = rows.length;
  let best: Split | undefined;
  let bestK = 0;
  let sumL = 0;
  let countL = 0;
  for (let k = 0; k < present.length - 1; k++) {
    sumL += sums[present[k]];
    countL += counts[present[k]];
    if (countL < minLeaf || n - countL < minLeaf) continue;
    const gain = gainOf(sumL, countL, total, n);
    if (!best || gain > best.gain) {
      best = { column: j, gain, threshold: NaN, missingLeft: false, missingOnly: false };
      bestK = k;
    }
  }
  if (!best) return { candidates: Math.max(0, present.length - 1) };
  const leftMask = new Uint8Array(width);
  for (let k = 0; k <= bestK; k++) leftMask[present[k]] = 1;
  return { split: { ...best, leftMask }, candidates: present.length - 1 };
}

function leftTest(column: TreeColumn, split: Split): (row: number) => boolean {
  if (column.kind === 'categorical') {
    const mask = split.leftMask as Uint8Array;
    return (r) => mask[column.codes[r] + 1] === 1;
  }
  const values = column.values;
  if (split.missingOnly) return (r) => Number.isNaN(values[r]);
  return (r) => (Number.isNaN(values[r]) ? split.missingLeft : values[r] <= split.threshold);
}

/** Mean and unbiased variance of the loss over `rows`. */
function moments(rows: Uint32Array, loss: Float64Array): { n: number; mean: number; variance: number } {
  let sum = 0;
  for (const r of rows) sum += loss[r];
  const mean = sum / rows.length;
  let squares = 0;
  for (const r of rows) squares += (loss[r] - mean) ** 2;
  return { n: rows.length, mean, variance: rows.length > 1 ? squares / (rows.length - 1) : 0 };
}

/**
 * Undoes, bottom up, the splits whose two leaves do not differ: two-sided Welch p-value times the
 * number of split points considered at the node at or above `alpha`.
 */
function prune(node: Node, loss: Float64Array, alpha: number): void {
  if (!node.left || !node.right) return;
  prune(node.left, loss, alpha);
  prune(node.right, loss, alpha);
  if (node.left.split || node.right.split) return;
  const a = moments(node.left.rows, loss);
  const b = moments(node.right.rows, loss);
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se2 = va + vb;
  let p: number;
  if (!(se2 > 0)) p = a.mean === b.mean ? 1 : 0;
  else {
    const t = Math.abs(a.mean - b.mean) / Math.sqrt(se2);
    const df = (se2 * se2) / ((va * va) / Math.max(1, a.n - 1) + (vb * vb) / Math.max(1, b.n - 1));
    p = 2 * studentTSurvival(t, df);
  }
  if (!(p * Math.max(1, node.candidates) < alpha)) {
    node.split = undefined;
    node.left = undefined;
    node.right = undefined;
  }
}

/** The leaves under `node`, each with its path's constraints intersected column by column. */
function collect(node: Node, columns: readonly TreeColumn[], path: Map<number, Constraint>, out: SegmentLeaf[]): void {
  if (!node.split || !node.left || !node.right) {
    out.push({ rows: node.rows, constraints: path });
    return;
  }
  const { split } = node;
  const column = columns[split.column];
  const current = path.get(split.column) ?? unconstrained(column);
  const [left, right] = sides(current, split);
  collect(node.left, columns, new Map(path).set(split.column, left), out);
  collect(node.right, columns, new Map(path).set(split.column, right), out);
}

function unconstrained(column: TreeColumn): Constraint {
  if (column.kind === 'numeric') return { kind: 'numeric', lo: -Infinity, hi: Infinity, missing: true, known: true };
  return { kind: 'categorical', allowed: new Uint8Array(column.labels.length + 1).fill(1) };
}

/** `current` narrowed by the left and by the right side of `split`. */
function sides(current: Constraint, split: Split): [Constraint, Constraint] {
  if (current.kind === 'categorical') {
    const mask = split.leftMask as Uint8Array;
    const left = Uint8Array.from(current.allowed, (a, s) => (a && mask[s] ? 1 : 0));
    const right = Uint8Array.from(current.allowed, (a, s) => (a && !mask[s] ? 1 : 0));
    return [
      { kind: 'categorical', allowed: left },
      { kind: 'categorical', allowed: right },
    ];
  }
  if (split.missingOnly) {
    return [
      { ...current, known: false },
      { ...current, missing: false },
    ];
  }
  return [
    { ...current, hi: Math.min(current.hi, split.threshold), missing: current.missing && split.missingLeft },
    { ...current, lo: Math.max(current.lo, split.threshold), missing: current.missing && !split.missingLeft },
  ];
}
