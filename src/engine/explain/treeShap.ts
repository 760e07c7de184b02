/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2) for the flat `Tree` of the tree learners.
 *
 * The value of a coalition S is the expected tree output when the features in S follow the row
 * and the others split the mass between both children in proportion to the children's training
 * covers (`nodeCount` / `leafCount`). The algorithm keeps, along the current root-to-node path,
 * one element per distinct split feature (its zero fraction: the cover share when the feature is
 * absent; its one fraction: 1 when the row takes this branch with the feature present, else 0)
 * and the permutation weights of all coalition sizes, in O(leaves · depth²) per row.
 *
 * Leaves may hold vectors (a random forest's class frequencies): `LeafOutputs` says which of a
 * leaf's values to explain, and the path weights, computed once per leaf, serve all of them.
 */
import { goesLeftRaw, rawValue, type FeatureLayout, type RawColumns, type Tree } from '../learners/gbdt/tree';

/**
 * Which leaf values a tree's output is: `count` values from `leafValue[leaf * stride + offset]`.
 * Boosted trees have one value per leaf; a forest tree over K classes has `stride` K.
 */
export interface LeafOutputs {
  readonly stride: number;
  readonly offset: number;
  readonly count: number;
}

/** One value per leaf. */
export const SCALAR_LEAVES: LeafOutputs = { stride: 1, offset: 0, count: 1 };

/**
 * Path buffers reused across calls (grown on demand): one path of `depth + 1` elements per level
 * of the recursion, stored as parallel typed arrays.
 */
export class TreeShapScratch {
  feature = new Int32Array(0);
  zero = new Float64Array(0);
  one = new Float64Array(0);
  weight = new Float64Array(0);

  ensure(size: number): void {
    if (this.feature.length >= size) return;
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

/** Cover (training rows) of a child reference: a node (>= 0) or `~leaf`. */
function coverOf(tree: Tree, child: number): number {
  return child >= 0 ? tree.nodeCount[child] : tree.leafCount[~child];
}

/** Share of node `node`'s cover that goes to `child` (an even split when the node has no cover). */
function coverShare(tree: Tree, node: number, child: number): number {
  const total = tree.nodeCount[node];
  return total > 0 ? coverOf(tree, child) / total : 0.5;
}

/** Depths already measured (explaining many rows walks the same trees again and again). */
const depths = new WeakMap<Tree, number>();

/** Number of internal nodes on the longest root-to-leaf path (0 for a single leaf). */
export function treeDepth(tree: Tree): number {
  let depth = depths.get(tree);
  if (depth === undefined) depths.set(tree, (depth = measureDepth(tree)));
  return depth;
}

function measureDepth(tree: Tree): number {
  const nodes = tree.feature.length;
  if (nodes === 0) return 0;
  const stack = new Int32Array(nodes);
  const depth = new Int32Array(nodes);
  let top = 0;
  let max = 0;
  stack[top++] = 0;
  depth[0] = 1;
  while (top > 0) {
    const node = stack[--top];
    const d = depth[node];
    if (d > max) max = d;
    for (let side = 0; side < 2; side++) {
      const child = side === 0 ? tree.left[node] : tree.right[node];
      if (child < 0) continue;
      depth[child] = d + 1;
      stack[top++] = child;
    }
  }
  return max;
}

/**
 * Expected output of the tree over the training distribution, following the covers: the
 * cover-weighted mean of the leaf values (the base value SHAP values add to). Adds output `k`'s
 * expectation to `out[k]`.
 */
export function addTreeExpectedValues(tree: Tree, leaves: LeafOutputs, out: Float64Array): void {
  const { stride, offset, count } = leaves;
  const nodes = tree.feature.length;
  if (nodes === 0) {
    for (let k = 0; k < count; k++) out[k] += tree.leafValue[offset + k];
    return;
  }
  // Mass reaching each node, in a depth-first walk (children may come in any index order).
  const stack = new Int32Array(nodes);
  const mass = new Float64Array(nodes);
  let top = 0;
  stack[top++] = 0;
  mass[0] = 1;
  while (top > 0) {
    const node = stack[--top];
    for (let side = 0; side < 2; side++) {
      const child = side === 0 ? tree.left[node] : tree.right[node];
      const m = mass[node] * coverShare(tree, node, child);
      if (child < 0) {
        const base = ~child * stride + offset;
        for (let k = 0; k < count; k++) out[k] += m * tree.leafValue[base + k];
      } else {
        mass[child] = m;
        stack[top++] = child;
      }
    }
  }
}

/** `addTreeExpectedValues` of a tree with one value per leaf. */
export function treeExpectedValue(tree: Tree): number {
  const out = new Float64Array(1);
  addTreeExpectedValues(tree, SCALAR_LEAVES, out);
  return out[0];
}

/** Appends an element to the path `[at, at + length)` and updates the permutation weights. */
function extendPath(s: TreeShapScratch, at: number, length: number, zero: number, one: number, feature: number): void {
  const { weight } = s;
  s.feature[at + length] = feature;
  s.zero[at + length] = zero;
  s.one[at + length] = one;
  weight[at + length] = length === 0 ? 1 : 0;
  // Divisions hoisted out of the loop: they would otherwise sit on its dependency chain.
  const oneShare = one / (length + 1);
  const zeroShare = zero / (length + 1);
  for (let i = length - 1; i >= 0; i--) {
    const w = weight[at + i];
    weight[at + i + 1] += oneShare * w * (i + 1);
    weight[at + i] = zeroShare * w * (length - i);
  }
}

/** Removes element `index` from the path `[at, at + last]`, undoing its `extendPath`. */
function unwindPath(s: TreeShapScratch, at: number, last: number, index: number): void {
  const { weight } = s;
  const one = s.one[at + index];
  const zero = s.zero[at + index];
  let next = weight[at + last];
  for (let i = last - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = weight[at + i];
      weight[at + i] = (next * (last + 1)) / ((i + 1) * one);
      next = tmp - (weight[at + i] * zero * (last - i)) / (last + 1);
    } else {
      weight[at + i] = (weight[at + i] * (last + 1)) / (zero * (last - i));
    }
  }
  for (let i = index; i < last; i++) {
    s.feature[at + i] = s.feature[at + i + 1];
    s.zero[at + i] = s.zero[at + i + 1];
    s.one[at + i] = s.one[at + i + 1];
  }
}

/**
 * Total permutation weight of the path `[at, at + last]` with element `index` removed, for an
 * element the row follows (one fraction `one` != 0).
 */
function unwoundPathSum(s: TreeShapScratch, at: number, last: number, index: number): number {
  const { weight } = s;
  const up = (last + 1) / s.one[at + index];
  const down = s.zero[at + index] / (last + 1);
  let next = weight[at + last];
  let total = 0;
  for (let i = last - 1; i >= 0; i--) {
    const tmp = next * (up / (i + 1)); // the division does not wait for `next`
    total += tmp;
    next = weight[at + i] - tmp * (down * (last - i));
  }
  return total;
}

/**
 * For an element the row does not follow (one fraction 0), `unwoundPathSum` is
 * `(last + 1) / zero * sum_i weight[i] / (last - i)`, and its contribution is that times
 * `(0 - zero)`: `-(last + 1) * sum_i weight[i] / (last - i)`, the same for every such element of
 * the path. This returns that common factor, computed once per leaf.
 */
function coldElementWeight(s: TreeShapScratch, at: number, last: number): number {
  const { weight } = s;
  let total = 0;
  for (let i = last - 1; i >= 0; i--) total += weight[at + i] / (last - i);
  return -(last + 1) * total;
}

/**
 * Visits `child` (a node or `~leaf`) with the parent's path at `[parentAt, parentAt + length)`:
 * copies it one level further, extends it with the split that led here, then either credits the
 * leaf value to the path's features or recurses into both children.
 */
function recurse(
  tree: Tree,
  leaves: LeafOutputs,
  goesLeft: Uint8Array,
  out: Float64Array,
  s: TreeShapScratch,
  child: number,
  parentAt: number,
  length: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const at = parentAt + length;
  // A plain loop: paths are short (about the tree depth), too short for copyWithin's call cost.
  const { feature: pf, zero: pz, one: po, weight: pw } = s;
  for (let i = 0; i < length; i++) {
    pf[at + i] = pf[parentAt + i];
    pz[at + i] = pz[parentAt + i];
    po[at + i] = po[parentAt + i];
    pw[at + i] = pw[parentAt + i];
  }
  extendPath(s, at, length, zero, one, feature);
  let last = length; // index of the path's last element

  if (child < 0) {
    const { stride, offset, count } = leaves;
    const base = ~child * stride + offset;
    let cold = NaN; // coldElementWeight, computed on first use
    for (let i = 1; i <= last; i++) {
      let w: number;
      if (s.one[at + i] !== 0) w = unwoundPathSum(s, at, last, i) * (s.one[at + i] - s.zero[at + i]);
      else w = cold === cold ? cold : (cold = coldElementWeight(s, at, last));
      const into = s.feature[at + i] * count;
      if (count === 1) out[into] += w * tree.leafValue[base];
      else for (let k = 0; k < count; k++) out[into + k] += w * tree.leafValue[base + k];
    }
    return;
  }

  const node = child;
  const split = tree.feature[node];
  const goLeft = goesLeft[node] === 1;
  const hot = goLeft ? tree.left[node] : tree.right[node];
  const cold = goLeft ? tree.right[node] : tree.left[node];
  let incomingZero = 1;
  let incomingOne = 1;
  // A feature split on again higher up: undo that element and fold its fractions into this split.
  for (let i = 1; i <= last; i++) {
    if (s.feature[at + i] !== split) continue;
    incomingZero = s.zero[at + i];
    incomingOne = s.one[at + i];
    unwindPath(s, at, last, i);
    last--;
    break;
  }
  const hotZero = incomingZero * coverShare(tree, node, hot);
  const coldZero = incomingZero * coverShare(tree, node, cold);
  // A branch no coalition reaches (no cover, and not taken by the row) contributes nothing.
  if (hotZero !== 0 || incomingOne !== 0) recurse(tree, leaves, goesLeft, out, s, hot, at, last + 1, hotZero, incomingOne, split);
  if (coldZero !== 0) recurse(tree, leaves, goesLeft, out, s, cold, at, last + 1, coldZero, 0, split);
}

/**
 * Adds the path-dependent SHAP values of one row for one tree to `out`: feature `f`'s value for
 * leaf output `k` goes to `out[f * leaves.count + k]`. `goesLeft[node]` is 1 where the row goes
 * left at an internal node (see `routeRow`). The values sum to the tree's output for the row
 * minus its expected value (`addTreeExpectedValues`).
 */
export function treeShap(
  tree: Tree,
  goesLeft: Uint8Array,
  features: number,
  out: Float64Array,
  scratch: TreeShapScratch = new TreeShapScratch(),
  leaves: LeafOutputs = SCALAR_LEAVES,
): void {
  if (out.length < features * leaves.count) throw new RangeError(`out has ${out.length} values for ${features} features × ${leaves.count} outputs`);
  if (tree.feature.length === 0) return;
  // Path lengths grow by at most one per level: level k (root = 0) uses k + 1 elements.
  const levels = treeDepth(tree) + 1;
  scratch.ensure(((levels + 1) * (levels + 2)) / 2);
  recurse(tree, leaves, goesLeft, out, scratch, 0, 0, 0, 1, 1, -1);
}

/**
 * Fills `goesLeft[node]` (1 = left) for every internal node, for row `row` of raw feature
 * columns, with exactly the model's routing. TreeSHAP visits every node whatever the row, so
 * deciding all of them up front costs nothing extra and keeps the recursion free of calls.
 */
export function routeRow(tree: Tree, layout: FeatureLayout, columns: RawColumns, row: number, goesLeft: Uint8Array): void {
  const { feature, threshold, defaultLeft, categorical } = tree;
  for (let node = 0; node < feature.length; node++) {
    const f = feature[node];
    const numeric = columns.numeric[f];
    if (categorical[node] === 0 && numeric) {
      const v = numeric[row];
      goesLeft[node] = v !== v ? defaultLeft[node] : v <= threshold[node] ? 1 : 0;
    } else {
      goesLeft[node] = goesLeftRaw(tree, node, rawValue(columns, f, row), layout) ? 1 : 0;
    }
  }
}
