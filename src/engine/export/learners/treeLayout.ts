/**
 * Flattens a saved tree ensemble (boosted trees or a forest) into the few arrays the exported
 * traversal reads, and writes them with the traversal as source text. Category routing is
 * decided here, at export time, from the engine's bins (`binOfCategory` + the node's bin set),
 * so the exported code needs no bins at all: one bit per category code and node.
 */
import { binOfCategory, catHas, treeFromJSON, type FeatureLayout, type SerializedTree } from '../../learners/gbdt/tree';
import { docComment, integerKind, typedArray } from '../sourceText';

/** `flags` bit: a missing value (or, at a categorical node, a missing or unknown code) goes left. */
export const MISSING_LEFT = 1;
/** `flags` bit: the node splits a categorical feature. */
export const CATEGORICAL = 2;

/**
 * All trees' nodes concatenated. Children are tree-local (node `nodeStart[t] + child`), leaves
 * `~leaf` with the leaf at `leafStart[t] + leaf`: local indices stay small, so the integer
 * arrays are Uint8/Int8 for trees of up to ~128 nodes.
 */
export interface TreeLayout {
  /** First node of each tree, plus the total at the end (trees + 1 entries); equal neighbours mark a tree with no split. */
  readonly nodeStart: number[];
  /** First leaf of each tree (trees entries). */
  readonly leafStart: number[];
  readonly feature: number[];
  /** Numeric node: index into `thresholds`; categorical node: first word of its code set in `catWords`. */
  readonly split: number[];
  readonly flags: number[];
  readonly left: number[];
  readonly right: number[];
  /** Distinct thresholds, ascending (the same bin bounds recur across trees, so an index is shorter). */
  readonly thresholds: number[];
  /** Per categorical node: one bit per category code `0 .. catCodes[f]-1`, set when the code goes left. */
  readonly catWords: number[];
  /** Per feature: how many codes the sets cover (the length of its code-to-bin map; 0 for numeric). */
  readonly catCodes: number[];
  /** Leaf values of all trees, `valuesPerLeaf` per leaf, leaf-major. */
  readonly leafValue: number[];
  readonly valuesPerLeaf: number;
}

/** What a tree model's saved state holds about bins (GbdtState and ForestState share it). */
export interface SavedBins {
  readonly missingBin: readonly number[];
  readonly binOfCode: readonly (readonly number[] | null)[];
}

/** The flat layout of `trees`, whose leaves hold `valuesPerLeaf` values each. */
export function buildTreeLayout(trees: readonly SerializedTree[], bins: SavedBins, valuesPerLeaf: number): TreeLayout {
  const featureLayout: FeatureLayout = {
    missingBin: Int32Array.from(bins.missingBin),
    binOfCode: bins.binOfCode.map((m) => (m ? Int32Array.from(m) : null)),
  };
  const catCodes = bins.binOfCode.map((m) => (m ? m.length : 0));
  const thresholdIndex = distinctThresholds(trees);
  const out: TreeLayout = {
    nodeStart: [0],
    leafStart: [],
    feature: [],
    split: [],
    flags: [],
    left: [],
    right: [],
    thresholds: [...thresholdIndex.keys()],
    catWords: [],
    catCodes,
    leafValue: [],
    valuesPerLeaf,
  };
  for (const json of trees) {
    // treeFromJSON restores +Infinity thresholds (null in JSON) and the full per-node bin sets.
    const tree = treeFromJSON(json);
    out.leafStart.push(out.leafValue.length / valuesPerLeaf);
    for (let node = 0; node < tree.feature.length; node++) {
      const f = tree.feature[node];
      out.feature.push(f);
      out.left.push(tree.left[node]);
      out.right.push(tree.right[node]);
      if (tree.categorical[node] === 1) {
        // Missing, negative and unknown codes all use the missing bin in the engine.
        const missingLeft = catHas(tree.catBits, node, featureLayout.missingBin[f]);
        out.flags.push(CATEGORICAL | (missingLeft ? MISSING_LEFT : 0));
        out.split.push(out.catWords.length);
        const words = new Array<number>(Math.ceil(catCodes[f] / 32)).fill(0);
        for (let code = 0; code < catCodes[f]; code++) {
          if (catHas(tree.catBits, node, binOfCategory(featureLayout, f, code))) words[code >>> 5] |= 1 << (code & 31);
        }
        out.catWords.push(...words.map((w) => w >>> 0));
      } else {
        out.flags.push(tree.defaultLeft[node] === 1 ? MISSING_LEFT : 0);
        out.split.push(thresholdIndex.get(tree.threshold[node]) as number);
      }
    }
    out.nodeStart.push(out.feature.length);
    for (const v of tree.leafValue) out.leafValue.push(v);
  }
  return out;
}

/** Distinct numeric thresholds (ascending) with their index. */
function distinctThresholds(trees: readonly SerializedTree[]): Map<number, number> {
  const values = new Set<number>();
  for (const tree of trees) {
    tree.threshold.forEach((t, node) => {
      if (tree.categorical[node] !== 1) values.add(t === null ? Infinity : t);
    });
  }
  return new Map([...values].sort((a, b) => a - b).map((v, i) => [v, i]));
}

/** An integer array declaration with the smallest element type that holds its values. */
function intConst(name: string, values: readonly number[], doc: string): string {
  return `${docComment([doc])}\nconst ${name} = ${typedArray(integerKind(values), values)};`;
}

/**
 * Declarations of the layout's arrays and of `${prefix}Leaf(t, x)`, the global leaf index row `x`
 * reaches in tree `t`. The loop is the engine's `addTreeOutputs` with the category bins resolved.
 */
export function treeLayoutSource(layout: TreeLayout, prefix: string): string {
  const hasCategorical = layout.flags.some((f) => (f & CATEGORICAL) !== 0);
  const p = prefix;
  const parts = [
    intConst(`${p}NodeStart`, layout.nodeStart, 'First node of each tree (and the node count); equal neighbours: a tree that is one leaf.'),
    intConst(`${p}LeafStart`, layout.leafStart, 'First leaf of each tree.'),
    intConst(`${p}Feature`, layout.feature, 'Feature each node splits on.'),
    intConst(`${p}Split`, layout.split, `Per node: index into ${p}Thresholds, or at a categorical node the first word of its code set.`),
    intConst(`${p}Flags`, layout.flags, `Per node: ${MISSING_LEFT} = missing values go left, ${CATEGORICAL} = categorical split.`),
    intConst(`${p}Left`, layout.left, 'Left child, tree-local: a node, or ~leaf when negative.'),
    intConst(`${p}Right`, layout.right, 'Right child, tree-local: a node, or ~leaf when negative.'),
    `${docComment(['Distinct split thresholds: a value <= threshold goes left.'])}\nconst ${p}Thresholds = ${typedArray('Float64Array', layout.thresholds)};`,
  ];
  if (hasCategorical) {
    parts.push(
      `${docComment(['Bit sets of the categorical nodes: bit `code` set when that category code goes left.'])}\nconst ${p}CatWords = ${typedArray('Uint32Array', layout.catWords)};`,
      intConst(`${p}CatCodes`, layout.catCodes, 'Per feature: category codes the sets cover; other codes route as missing.'),
    );
  }
  const categoricalBranch = hasCategorical
    ? [
        `    if ((flags & ${CATEGORICAL}) !== 0) {`,
        '      // Missing (-1), unknown or non-integer codes take the missing-value branch.',
        `      const known = v >= 0 && v < ${p}CatCodes[${p}Feature[node]] && v === Math.floor(v);`,
        `      goLeft = known ? ((${p}CatWords[${p}Split[node] + (v >>> 5)] >>> (v & 31)) & 1) === 1 : (flags & ${MISSING_LEFT}) !== 0;`,
        '    } else {',
        `      goLeft = v !== v ? (flags & ${MISSING_LEFT}) !== 0 : v <= ${p}Thresholds[${p}Split[node]];`,
        '    }',
      ]
    : [`    goLeft = v !== v ? (flags & ${MISSING_LEFT}) !== 0 : v <= ${p}Thresholds[${p}Split[node]];`];
  parts.push(
    [
      docComment(['Leaf (index into the leaf values) that row `x` reaches in tree `t`.']),
      `function ${p}Leaf(t: number, x: Float64Array): number {`,
      `  const root = ${p}NodeStart[t];`,
      `  if (root === ${p}NodeStart[t + 1]) return ${p}LeafStart[t];`,
      '  let node = root;',
      '  for (;;) {',
      `    const v = x[${p}Feature[node]];`,
      `    const flags = ${p}Flags[node];`,
      '    let goLeft: boolean;',
      ...categoricalBranch,
      `    const next = goLeft ? ${p}Left[node] : ${p}Right[node];`,
      `    if (next < 0) return ${p}LeafStart[t] + ~next;`,
      '    node = root + next;',
      '  }',
      '}',
    ].join('\n'),
  );
  return parts.join('\n\n');
}
