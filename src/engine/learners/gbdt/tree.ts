/**
 * A decision tree as flat typed arrays (no node objects): internal nodes `0 .. nodes-1`, children
 * `>= 0` for nodes and `~leaf` (negative) for leaves. A tree with no split is one leaf.
 *
 * Numeric split: `value <= threshold` (equivalently `bin <= thresholdBin` on binned data) goes
 * left, a missing value goes left when `defaultLeft`. Categorical split: the value's bin (its
 * category's bin; missing and unseen categories use the missing bin) goes left when its bit is
 * set in the node's 256-bit set `catBits[node * 8 .. node * 8 + 7]`.
 *
 * `leafValue` holds one value per leaf for boosted trees; trees with vector outputs (a random
 * forest's class probabilities) store `leaves × outputs` values, leaf-major.
 */
export interface Tree {
  readonly feature: Int32Array;
  readonly thresholdBin: Int32Array;
  readonly threshold: Float64Array;
  readonly defaultLeft: Uint8Array;
  readonly categorical: Uint8Array;
  readonly catBits: Uint32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Split gain of each node (for feature importance). */
  readonly gain: Float64Array;
  /** Training rows (count) reaching each node; used by path-dependent TreeSHAP. */
  readonly nodeCount: Float64Array;
  readonly leafValue: Float64Array;
  /** Training rows (count) in each leaf. */
  readonly leafCount: Float64Array;
}

export const CAT_WORDS = 8;

/** Whether bin `bin` is in node `node`'s categorical set. */
export function catHas(catBits: Uint32Array, node: number, bin: number): boolean {
  return (catBits[node * CAT_WORDS + (bin >>> 5)] & (1 << (bin & 31))) !== 0;
}

/** Per-feature data a raw-value traversal needs. */
export interface FeatureLayout {
  /** Bin index used for missing values, per feature. */
  readonly missingBin: Int32Array;
  /** For categorical features, the bin of each category code; `null` for numeric ones. */
  readonly binOfCode: readonly (Int32Array | null)[];
}

/**
 * Leaf index reached by a row given as binned values `bins[base + f]` (training and validation
 * data, whose bins came from the same mappers).
 */
export function leafOfBinned(tree: Tree, bins: Uint8Array, base: number, missingBin: Int32Array): number {
  if (tree.feature.length === 0) return 0;
  let node = 0;
  for (;;) {
    const f = tree.feature[node];
    const b = bins[base + f];
    let goLeft: boolean;
    if (tree.categorical[node] === 1) goLeft = catHas(tree.catBits, node, b);
    else if (b === missingBin[f]) goLeft = tree.defaultLeft[node] === 1;
    else goLeft = b <= tree.thresholdBin[node];
    const next = goLeft ? tree.left[node] : tree.right[node];
    if (next < 0) return ~next;
    node = next;
  }
}

/** Raw columns of a feature matrix, split by kind for a fast traversal. */
export interface RawColumns {
  readonly numeric: readonly (Float64Array | null)[];
  readonly codes: readonly (Int32Array | null)[];
}

/** Bin of category `code` of categorical feature `f`; missing (negative) and unseen codes use the missing bin. */
export function binOfCategory(layout: FeatureLayout, f: number, code: number): number {
  const map = layout.binOfCode[f] as Int32Array;
  return code >= 0 && code < map.length && map[code] >= 0 ? map[code] : layout.missingBin[f];
}

/**
 * Whether a raw value goes left at internal node `node`: the numeric value (NaN = missing) or, at
 * a categorical node, the category code.
 */
export function goesLeftRaw(tree: Tree, node: number, value: number, layout: FeatureLayout): boolean {
  if (tree.categorical[node] === 1) return catHas(tree.catBits, node, binOfCategory(layout, tree.feature[node], value));
  return value !== value ? tree.defaultLeft[node] === 1 : value <= tree.threshold[node];
}

/** The raw value of feature `f` in row `row`: the numeric value or the category code. */
export function rawValue(columns: RawColumns, f: number, row: number): number {
  const numeric = columns.numeric[f];
  return numeric ? numeric[row] : (columns.codes[f] as Int32Array)[row];
}

/** Leaf index reached by row `row` of raw (unbinned) features. */
export function leafOfRaw(tree: Tree, columns: RawColumns, row: number, layout: FeatureLayout): number {
  if (tree.feature.length === 0) return 0;
  let node = 0;
  for (;;) {
    const goLeft = goesLeftRaw(tree, node, rawValue(columns, tree.feature[node], row), layout);
    const next = goLeft ? tree.left[node] : tree.right[node];
    if (next < 0) return ~next;
    node = next;
  }
}

/**
 * Adds the tree's leaf value for every row of raw features to `out` (the traversal of
 * `leafOfRaw`, with the tree's arrays hoisted out of the row loop: prediction's hot path).
 */
export function addTreeOutputs(tree: Tree, columns: RawColumns, rows: number, layout: FeatureLayout, out: Float64Array): void {
  const { feature, threshold, defaultLeft, categorical, catBits, left, right, leafValue } = tree;
  if (feature.length === 0) {
    const v = leafValue[0];
    for (let r = 0; r < rows; r++) out[r] += v;
    return;
  }
  const numeric = columns.numeric;
  const codes = columns.codes;
  for (let r = 0; r < rows; r++) {
    let node = 0;
    for (;;) {
      const f = feature[node];
      let goLeft: boolean;
      if (categorical[node] === 1) {
        const code = (codes[f] as Int32Array)[r];
        const map = layout.binOfCode[f] as Int32Array;
        const bin = code >= 0 && code < map.length && map[code] >= 0 ? map[code] : layout.missingBin[f];
        goLeft = (catBits[node * CAT_WORDS + (bin >>> 5)] & (1 << (bin & 31))) !== 0;
      } else {
        const v = (numeric[f] as Float64Array)[r];
        goLeft = v !== v ? defaultLeft[node] === 1 : v <= threshold[node];
      }
      const next = goLeft ? left[node] : right[node];
      if (next < 0) {
        out[r] += leafValue[~next];
        break;
      }
      node = next;
    }
  }
}

/** Plain-JSON form of a tree (typed arrays as number arrays; JSON keeps doubles exact). */
export interface SerializedTree {
  feature: number[];
  thresholdBin: number[];
  threshold: (number | null)[];
  defaultLeft: number[];
  categorical: number[];
  /** The 8-word sets of the categorical nodes only, in node order. */
  catBits: number[];
  left: number[];
  right: number[];
  gain: number[];
  nodeCount: number[];
  leafValue: number[];
  leafCount: number[];
}

export function treeToJSON(tree: Tree): SerializedTree {
  return {
    feature: Array.from(tree.feature),
    thresholdBin: Array.from(tree.thresholdBin),
    // +Infinity has no JSON form; a numeric split never uses it (it would send everything left).
    threshold: Array.from(tree.threshold, (v) => (Number.isFinite(v) ? v : null)),
    defaultLeft: Array.from(tree.defaultLeft),
    categorical: Array.from(tree.categorical),
    // Only categorical nodes carry a set: 8 words each, in node order (numeric nodes' zeros
    // would otherwise dominate a big forest's file).
    catBits: Array.from(tree.categorical).flatMap((isCat, node) =>
      isCat === 1 ? Array.from(tree.catBits.subarray(node * CAT_WORDS, (node + 1) * CAT_WORDS)) : [],
    ),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    gain: Array.from(tree.gain),
    nodeCount: Array.from(tree.nodeCount),
    leafValue: Array.from(tree.leafValue),
    leafCount: Array.from(tree.leafCount),
  };
}

/** Rebuilds the per-node 8-word sets from the words stored for categorical nodes only. */
function expandCatBits(categorical: number[], stored: number[]): Uint32Array {
  const bits = new Uint32Array(categorical.length * CAT_WORDS);
  let at = 0;
  categorical.forEach((isCat, node) => {
    if (isCat !== 1) return;
    bits.set(stored.slice(at, at + CAT_WORDS), node * CAT_WORDS);
    at += CAT_WORDS;
  });
  return bits;
}

export function treeFromJSON(json: SerializedTree): Tree {
  return {
    feature: Int32Array.from(json.feature),
    thresholdBin: Int32Array.from(json.thresholdBin),
    threshold: Float64Array.from(json.threshold, (v) => (v === null ? Infinity : v)),
    defaultLeft: Uint8Array.from(json.defaultLeft),
    categorical: Uint8Array.from(json.categorical),
    catBits: expandCatBits(json.categorical, json.catBits),
    left: Int32Array.from(json.left),
    right: Int32Array.from(json.right),
    gain: Float64Array.from(json.gain),
    nodeCount: Float64Array.from(json.nodeCount),
    leafValue: Float64Array.from(json.leafValue),
    leafCount: Float64Array.from(json.leafCount),
  };
}
