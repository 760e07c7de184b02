import type { Rng } from '../../random';
import type { BinnedMatrix } from '../gbdt/binning';
import { CAT_WORDS, type Tree } from '../gbdt/tree';

/** What the trees fit: class codes (`classes` outputs per leaf) or values (one output). */
export type ForestTarget =
  | { readonly kind: 'classification'; readonly codes: Int32Array; readonly classes: number }
  | { readonly kind: 'regression'; readonly values: Float64Array };

/** Tree-shape settings of one forest (validated by `forestConfig`). */
export interface GrowerOptions {
  /** Extremely randomised trees: one random threshold per candidate feature instead of the best. */
  readonly extra: boolean;
  /** Non-constant features to evaluate at each node. */
  readonly featuresPerNode: number;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly maxLeafNodes: number;
  /**
   * Smallest and largest training value in each bin of each numeric feature (null for
   * categorical ones): extra trees draw thresholds uniformly in value as scikit-learn does, and
   * random forests place thresholds halfway between values.
   */
  readonly binValues: readonly ({ readonly low: Float64Array; readonly high: Float64Array } | null)[];
}

/**
 * A node waiting to be split or turned into a leaf: its rows `order[begin, end)`, its totals and
 * the best split found for it (`score` -Infinity when there is none).
 */
interface Candidate {
  readonly begin: number;
  readonly end: number;
  readonly depth: number;
  /** Internal node whose child this is (-1 for the root), and which side. */
  readonly parent: number;
  readonly isLeft: boolean;
  /** Sum of row weights (bootstrap counts times sample weights). */
  readonly weight: number;
  /** Class weights (classification) or `[sum of w*y]` (regression). */
  readonly totals: number[];
  /**
   * `sum_k totals_k^2 / weight` (classification) or `(sum w*y)^2 / weight` (regression): the
   * node's impurity is `weight - proxy` (Gini, times weight) or `sum w*y^2 - proxy` (squared error),
   * so a split's impurity decrease is the children's proxies minus this one.
   */
  readonly proxy: number;
  /**
   * Features known to be constant in this node (found so in it or an ancestor): its descendants
   * skip them without a pass over their rows, as scikit-learn's splitter does.
   */
  constants: readonly number[];
  score: number;
  feature: number;
  /** Numeric split: bins `<= lastLeftBin` go left; `firstRightBin` is the next bin with rows. */
  lastLeftBin: number;
  firstRightBin: number;
  defaultLeft: boolean;
  categorical: boolean;
  catBits: Uint32Array | null;
}

/** Cost of the sorted-rows split search relative to the histogram one, per row (see `chooseSorted`). */
const SORT_COST = 3;
/** Row positions are packed under the bin in one 32-bit sort key. */
const POSITION_BITS = 20;
const POSITION_MASK = (1 << POSITION_BITS) - 1;
/** Multiclass categorical splits try category orders by the share of at most this many classes. */
const MAX_ORDERINGS = 4;
/** Extra trees cut categorical features with at most this many categories in a node in code order. */
const ORDERED_CATEGORIES = 10;

/**
 * Grows the trees of a random forest or of extremely randomised trees on pre-binned rows, to
 * purity by default, as scikit-learn's `DecisionTreeClassifier`/`Regressor` would on the bins.
 *
 * At each node it draws `featuresPerNode` features without replacement (constant ones count as
 * drawn, as in scikit-learn, but drawing goes on until one non-constant feature was evaluated).
 * A numeric feature is evaluated from a histogram of its bins over the node's rows (class
 * weights and a row count per bin, or weight, weighted sum and count for regression) when the
 * node is large, and from its rows sorted by bin when the node is small, where a histogram's
 * empty bins would cost more than the rows. Splits maximise the decrease in Gini impurity or
 * squared error, both as `sum(left)^2 / w_left + sum(right)^2 / w_right` over class weights or
 * weighted targets.
 * Histograms cover only the node's drawn features and are not kept for its children, so the
 * GBDT's smaller-child-plus-subtraction trick does not apply: it needs every feature's histogram
 * of the parent, which costs more than it saves when `maxFeatures` < 1 (classification's 'sqrt').
 * With all features (regression's default) it would pay only where a node has more rows than
 * its histograms have slots (bins x features), the top 3-4 levels of trees that go 20-35 levels
 * deep, i.e. at most about 10% of the fit.
 *
 * Missing values (the last bin) go to whichever side gives the better split (a values-versus-
 * missing split included); when a node has none, unseen missing values follow the child with
 * more rows. Categorical features: see `categoricalSplit` and `randomCategoricalSplit`.
 * Extra trees draw one threshold per candidate feature, uniformly in value between the node's
 * smallest and largest values as scikit-learn does, approximated on the bins: the draw spans
 * the training values of the node's lowest and highest occupied bins and lands on the bin
 * boundary nearest it, so a feature with more than 255 distinct values cannot be cut inside a
 * bin (its bins then hold two or three neighbouring values; see `distinctQuantileBounds`).
 */
export class ForestGrower {
  private readonly rows: number;
  private readonly outputs: number;
  private readonly classification: boolean;
  private readonly codes: Int32Array;
  private readonly values: Float64Array;
  private readonly columns: Uint8Array[];
  private readonly isCategorical: Uint8Array;
  /** Bins per feature without the missing bin, which is bin `numBins[f]`. */
  private readonly numBins: Int32Array;
  private readonly upperBounds: (Float64Array | null)[];
  /** All features, in the order of the last draw (a partial shuffle per node). */
  private readonly features: Int32Array;
  /** Features with every training row in one bin: known constant at every root. */
  private readonly globalConstants: readonly number[];

  private readonly order: Uint32Array;
  private readonly scratch: Uint32Array;
  /** The current node's rows gathered by position: weight, class or weighted value, bin. */
  private readonly nodeW: Float64Array;
  private readonly nodeClass: Int32Array;
  private readonly nodeWY: Float64Array;
  private readonly nodeBin: Uint8Array;
  private readonly keys: Uint32Array;
  /** Histogram of one feature: `stride` slots per bin (class weights + count, or w, w*y, count). */
  private readonly hist: Float64Array;
  private readonly stride: number;
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly missing: Float64Array;
  private readonly goesLeft = new Uint8Array(256);
  /** Flags of the features known constant in the node being searched (all 0 between searches). */
  private readonly knownConstant: Uint8Array;
  /**
   * For categorical features, each bin's rank in category-code order (a bin of several rare
   * categories ranks by its smallest code; the missing bin last); null for numeric features.
   */
  private readonly codeRank: (Int32Array | null)[];
  // Categorical split scratch, by position among the node's categories or by bin.
  private readonly catPresent = new Int32Array(256);
  private readonly catSorted = new Int32Array(256);
  private readonly catKey = new Float64Array(256);
  private readonly catWeight = new Float64Array(256);
  private readonly catWords = new Uint32Array(CAT_WORDS);
  private readonly catClasses: Int32Array;
  // Missing rows of the feature being evaluated (set by `gather`).
  private missCount = 0;
  private missWeight = 0;
  private lowBin = 0;
  private highBin = 0;

  constructor(
    data: BinnedMatrix,
    target: ForestTarget,
    private readonly options: GrowerOptions,
  ) {
    const n = data.rows;
    const p = data.features;
    this.rows = n;
    this.classification = target.kind === 'classification';
    this.outputs = target.kind === 'classification' ? target.classes : 1;
    this.codes = target.kind === 'classification' ? target.codes : new Int32Array(0);
    this.values = target.kind === 'regression' ? target.values : new Float64Array(0);
    this.isCategorical = Uint8Array.from(data.mappers, (m) => (m.kind === 'categorical' ? 1 : 0));
    this.numBins = Int32Array.from(data.mappers, (m) => m.numBins);
    this.upperBounds = data.mappers.map((m) => (m.kind === 'numeric' ? m.upperBounds : null));
    // Column-major copy: gathering one feature of a node's rows reads one n-byte column.
    this.columns = Array.from({ length: p }, () => new Uint8Array(n));
    const seen = data.mappers.map((m) => new Uint8Array(m.numBins + 1));
    for (let r = 0; r < n; r++) {
      const base = r * p;
      for (let f = 0; f < p; f++) {
        const b = data.bins[base + f];
        this.columns[f][r] = b;
        seen[f][b] = 1;
      }
    }
    this.features = Int32Array.from({ length: p }, (_, f) => f);
    this.globalConstants = this.features.filter((f) => seen[f].reduce((a, b) => a + b, 0) <= 1).reduce<number[]>((a, f) => [...a, f], []);
    this.order = new Uint32Array(n);
    this.scratch = new Uint32Array(n);
    this.nodeW = new Float64Array(n);
    this.nodeClass = new Int32Array(this.classification ? n : 0);
    this.nodeWY = new Float64Array(this.classification ? 0 : n);
    this.nodeBin = new Uint8Array(n);
    this.keys = new Uint32Array(n);
    this.stride = this.classification ? this.outputs + 1 : 3;
    this.hist = new Float64Array(256 * this.stride);
    this.left = new Float64Array(this.outputs);
    this.right = new Float64Array(this.outputs);
    this.missing = new Float64Array(this.outputs);
    this.catClasses = new Int32Array(this.outputs);
    this.knownConstant = new Uint8Array(p);
    this.codeRank = data.mappers.map((mapper) => {
      if (mapper.kind !== 'categorical') return null;
      const firstCode = (b: number): number =>
        b === mapper.numBins ? Infinity : mapper.codesOfBin[b].reduce((a, code) => Math.min(a, code), Infinity);
      const bins = Array.from({ length: mapper.numBins + 1 }, (_, b) => b).sort((a, b) => firstCode(a) - firstCode(b) || a - b);
      const rank = new Int32Array(mapper.numBins + 1);
      bins.forEach((b, i) => (rank[b] = i));
      return rank;
    });
  }

  /**
   * Grows one tree on the rows with a positive `weight` (a bootstrap count times the sample
   * weight, or the sample weight alone). Leaves hold class probabilities (`classes` values per
   * leaf, leaf-major) or the weighted mean; `gain` holds each split's weighted impurity decrease
   * and `nodeCount`/`leafCount` the weight reaching each node.
   */
  grow(weight: Float64Array, rng: Rng): Tree {
    const order = this.order;
    let m = 0;
    for (let r = 0; r < this.rows; r++) if (weight[r] > 0) order[m++] = r;
    const K = this.outputs;
    const maxNodes = Math.max(1, m - 1);
    const maxLeaves = Math.max(1, m);
    const feature = new Int32Array(maxNodes);
    const thresholdBin = new Int32Array(maxNodes);
    const threshold = new Float64Array(maxNodes);
    const defaultLeft = new Uint8Array(maxNodes);
    const categorical = new Uint8Array(maxNodes);
    const catBits = new Uint32Array(maxNodes * CAT_WORDS);
    const leftChild = new Int32Array(maxNodes);
    const rightChild = new Int32Array(maxNodes);
    const gain = new Float64Array(maxNodes);
    const nodeCount = new Float64Array(maxNodes);
    const leafValue = new Float64Array(maxLeaves * K);
    const leafCount = new Float64Array(maxLeaves);
    let nodes = 0;
    let leaves = 0;

    const link = (c: Candidate, child: number): void => {
      if (c.parent < 0) return;
      if (c.isLeft) leftChild[c.parent] = child;
      else rightChild[c.parent] = child;
    };
    const makeLeaf = (c: Candidate): void => {
      const leaf = leaves++;
      for (let k = 0; k < K; k++) leafValue[leaf * K + k] = c.totals[k] / c.weight;
      leafCount[leaf] = c.weight;
      link(c, ~leaf);
    };
    const split = (c: Candidate): [Candidate, Candidate] => {
      const node = nodes++;
      const f = c.feature;
      feature[node] = f;
      categorical[node] = c.categorical ? 1 : 0;
      defaultLeft[node] = c.defaultLeft ? 1 : 0;
      if (c.categorical) {
        catBits.set(c.catBits as Uint32Array, node * CAT_WORDS);
      } else {
        const t = this.thresholdFor(f, c.lastLeftBin, c.firstRightBin);
        thresholdBin[node] = t;
        threshold[node] = (this.upperBounds[f] as Float64Array)[t];
      }
      nodeCount[node] = c.weight;
      link(c, node);
      const mid = this.partition(c);
      const l = this.candidate(c.begin, mid, c.depth + 1, node, true, c.constants, weight, rng);
      const r = this.candidate(mid, c.end, c.depth + 1, node, false, c.constants, weight, rng);
      gain[node] = Math.max(0, l.proxy + r.proxy - c.proxy);
      return [l, r];
    };

    const root = this.candidate(0, m, 0, -1, false, this.globalConstants, weight, rng);
    if (this.options.maxLeafNodes > 0) {
      // Best-first (as scikit-learn with max_leaf_nodes): always split the frontier node whose
      // split decreases impurity most, until the leaf budget is spent.
      const frontier = new CandidateHeap();
      const offer = (c: Candidate): void => {
        if (c.score === -Infinity) makeLeaf(c);
        else frontier.push(c);
      };
      offer(root);
      while (frontier.size > 0 && leaves + frontier.size < this.options.maxLeafNodes) {
        const [l, r] = split(frontier.pop());
        offer(l);
        offer(r);
      }
      while (frontier.size > 0) makeLeaf(frontier.pop());
    } else {
      const stack: Candidate[] = [root];
      while (stack.length > 0) {
        const c = stack.pop() as Candidate;
        if (c.score === -Infinity) {
          makeLeaf(c);
          continue;
        }
        const [l, r] = split(c);
        stack.push(r, l);
      }
    }

    return {
      feature: feature.slice(0, nodes),
      thresholdBin: thresholdBin.slice(0, nodes),
      threshold: threshold.slice(0, nodes),
      defaultLeft: defaultLeft.slice(0, nodes),
      categorical: categorical.slice(0, nodes),
      catBits: catBits.slice(0, nodes * CAT_WORDS),
      left: leftChild.slice(0, nodes),
      right: rightChild.slice(0, nodes),
      gain: gain.slice(0, nodes),
      nodeCount: nodeCount.slice(0, nodes),
      leafValue: leafValue.slice(0, leaves * K),
      leafCount: leafCount.slice(0, leaves),
    };
  }

  /**
   * Builds the candidate for rows `order[begin, end)`: gathers their weights and targets, computes
   * the totals, and searches a split unless a stopping rule (depth, size, purity) makes it a leaf.
   */
  private candidate(
    begin: number,
    end: number,
    depth: number,
    parent: number,
    isLeft: boolean,
    constants: readonly number[],
    weight: Float64Array,
    rng: Rng,
  ): Candidate {
    const m = end - begin;
    const K = this.outputs;
    const order = this.order;
    const nodeW = this.nodeW;
    // A plain array: a small typed array per node would cost an off-heap allocation each.
    const totals: number[] = [];
    for (let k = 0; k < K; k++) totals.push(0);
    let w = 0;
    let proxy: number;
    let pure: boolean;
    if (this.classification) {
      const codes = this.codes;
      const nodeClass = this.nodeClass;
      for (let i = 0; i < m; i++) {
        const r = order[begin + i];
        const wi = weight[r];
        const k = codes[r];
        nodeW[i] = wi;
        nodeClass[i] = k;
        totals[k] += wi;
        w += wi;
      }
      let sumSq = 0;
      let present = 0;
      for (let k = 0; k < K; k++) {
        sumSq += totals[k] * totals[k];
        if (totals[k] > 0) present++;
      }
      proxy = sumSq / w;
      pure = present <= 1;
    } else {
      const values = this.values;
      const nodeWY = this.nodeWY;
      let s = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < m; i++) {
        const r = order[begin + i];
        const wi = weight[r];
        const y = values[r];
        nodeW[i] = wi;
        nodeWY[i] = wi * y;
        s += wi * y;
        w += wi;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
      totals[0] = s;
      proxy = (s * s) / w;
      pure = lo === hi;
    }
    const c: Candidate = {
      begin,
      end,
      depth,
      parent,
      isLeft,
      weight: w,
      totals,
      proxy,
      constants,
      score: -Infinity,
      feature: -1,
      lastLeftBin: 0,
      firstRightBin: 0,
      defaultLeft: false,
      categorical: false,
      catBits: null,
    };
    const o = this.options;
    const canSplit =
      !pure && (o.maxDepth < 0 || depth < o.maxDepth) && m >= o.minSamplesSplit && m >= 2 * o.minSamplesLeaf;
    if (canSplit) this.findSplit(c, rng);
    return c;
  }

  /**
   * Draws features without replacement, `featuresPerNode` of them, and evaluates the non-constant
   * ones; as scikit-learn, constant features count as drawn (so deep nodes, where many features
   * are constant, evaluate fewer: more randomness, less correlated trees), but drawing goes on
   * until at least one non-constant feature has been evaluated.
   */
  private findSplit(c: Candidate, rng: Rng): void {
    const features = this.features;
    const count = features.length;
    const m = c.end - c.begin;
    const known = this.knownConstant;
    for (const f of c.constants) known[f] = 1;
    let found: number[] | null = null;
    let evaluated = 0;
    const draws = this.options.featuresPerNode;
    for (let i = 0; i < count && (i < draws || evaluated === 0); i++) {
      const j = i + rng.int(count - i);
      const f = features[j];
      features[j] = features[i];
      features[i] = f;
      if (known[f] === 1) continue;
      if (!this.gather(c, f)) {
        (found ??= []).push(f);
        continue;
      }
      evaluated++;
      if (this.isCategorical[f] === 1) {
        if (this.options.extra) this.randomCategoricalSplit(c, f, m, rng);
        else this.categoricalSplit(c, f, m);
      } else if (this.options.extra) this.randomNumericSplit(c, f, m, rng);
      else if (this.chooseSorted(m)) this.sortedNumericSplit(c, f, m);
      else this.histogramNumericSplit(c, f, m);
    }
    for (const f of c.constants) known[f] = 0;
    if (found) c.constants = c.constants.concat(found);
  }

  /**
   * Gathers feature `f`'s bins of the node's rows, their range and missing totals; false when the
   * feature is constant in the node (one occupied slot, missing included).
   */
  private gather(c: Candidate, f: number): boolean {
    const column = this.columns[f];
    const order = this.order;
    const nodeBin = this.nodeBin;
    const missBin = this.numBins[f];
    const m = c.end - c.begin;
    let lo = 255;
    let hi = 0;
    let missCount = 0;
    for (let i = 0; i < m; i++) {
      const b = column[order[c.begin + i]];
      nodeBin[i] = b;
      if (b === missBin) missCount++;
      else {
        if (b < lo) lo = b;
        if (b > hi) hi = b;
      }
    }
    this.lowBin = lo;
    this.highBin = hi;
    this.missCount = missCount;
    this.missing.fill(0);
    this.missWeight = 0;
    if (missCount === m) return false;
    if (missCount > 0) {
      const missing = this.missing;
      const nodeW = this.nodeW;
      let mw = 0;
      for (let i = 0; i < m; i++) {
        if (nodeBin[i] !== missBin) continue;
        mw += nodeW[i];
        if (this.classification) missing[this.nodeClass[i]] += nodeW[i];
        else missing[0] += this.nodeWY[i];
      }
      this.missWeight = mw;
      return true;
    }
    return hi > lo;
  }

  /**
   * Whether to search the split from the rows sorted by bin rather than from a histogram: a
   * histogram costs a pass over the rows plus a pass over every bin in the node's range (times
   * the classes), sorting costs about `m log m`; deep nodes have few rows spread over many bins.
   */
  private chooseSorted(m: number): boolean {
    if (m >= 1 << POSITION_BITS) return false;
    const span = this.highBin - this.lowBin + 1;
    const perBin = this.classification ? this.outputs + 1 : 3;
    return SORT_COST * m * Math.log2(m + 1) < span * perBin;
  }

  /** Proposes a split to `c`, keeping it when it beats the best so far. */
  private propose(c: Candidate, score: number, f: number, lastLeft: number, firstRight: number, defaultLeft: boolean): void {
    if (score > c.score) {
      c.score = score;
      c.feature = f;
      c.lastLeftBin = lastLeft;
      c.firstRightBin = firstRight;
      c.defaultLeft = defaultLeft;
      c.categorical = false;
    }
  }

  /**
   * Best threshold of a numeric feature from a per-bin histogram over `[lowBin, highBin]`
   * (stored from slot 0), zeroed again before returning.
   */
  private histogramNumericSplit(c: Candidate, f: number, m: number): void {
    const lo = this.lowBin;
    const hi = this.highBin;
    const S = this.stride;
    const K = this.outputs;
    const hist = this.hist;
    const nodeBin = this.nodeBin;
    const nodeW = this.nodeW;
    const missBin = this.numBins[f];
    if (this.classification) {
      const nodeClass = this.nodeClass;
      for (let i = 0; i < m; i++) {
        const b = nodeBin[i];
        if (b === missBin) continue;
        const o = (b - lo) * S;
        hist[o + nodeClass[i]] += nodeW[i];
        hist[o + K] += 1;
      }
    } else {
      const nodeWY = this.nodeWY;
      for (let i = 0; i < m; i++) {
        const b = nodeBin[i];
        if (b === missBin) continue;
        const o = (b - lo) * S;
        hist[o] += nodeW[i];
        hist[o + 1] += nodeWY[i];
        hist[o + 2] += 1;
      }
    }
    const minLeaf = this.options.minSamplesLeaf;
    const hasMissing = this.missCount > 0;
    const left = this.left;
    const right = this.right;
    for (let pass = 0; pass < (hasMissing ? 2 : 1); pass++) {
      const missingLeft = pass === 1;
      let nL = missingLeft ? this.missCount : 0;
      let wL = missingLeft ? this.missWeight : 0;
      let sumSqL = 0;
      let sumSqR = 0;
      // Regression: the left side's weighted sum, in a register (see randomNumericSplit).
      let sL = 0;
      if (this.classification) {
        for (let k = 0; k < K; k++) {
          left[k] = missingLeft ? this.missing[k] : 0;
          right[k] = c.totals[k] - left[k];
          sumSqL += left[k] * left[k];
          sumSqR += right[k] * right[k];
        }
      } else {
        sL = missingLeft ? this.missing[0] : 0;
      }
      let prev = -1;
      for (let b = lo; b <= hi; b++) {
        const o = (b - lo) * S;
        const count = hist[o + S - 1];
        if (count === 0) continue;
        if (prev >= 0 && nL >= minLeaf && m - nL >= minLeaf) {
          const wR = c.weight - wL;
          const score = this.classification
            ? sumSqL / wL + sumSqR / wR
            : (sL * sL) / wL + ((c.totals[0] - sL) * (c.totals[0] - sL)) / wR;
          this.propose(c, score, f, prev, b, hasMissing ? missingLeft : nL >= m - nL);
        }
        if (this.classification) {
          for (let k = 0; k < K; k++) {
            const h = hist[o + k];
            if (h === 0) continue;
            sumSqL += h * (2 * left[k] + h);
            left[k] += h;
            sumSqR += h * (h - 2 * right[k]);
            right[k] -= h;
            wL += h;
          }
        } else {
          wL += hist[o];
          sL += hist[o + 1];
        }
        nL += count;
        prev = b;
      }
      // Every value left, the missing ones right.
      if (hasMissing && !missingLeft && nL >= minLeaf && m - nL >= minLeaf) {
        const wR = c.weight - wL;
        const score = this.classification
          ? sumSqL / wL + sumSqR / wR
          : (sL * sL) / wL + ((c.totals[0] - sL) * (c.totals[0] - sL)) / wR;
        this.propose(c, score, f, hi, hi, false);
      }
    }
    // Leave the histogram zeroed for the next feature (categorical splits rely on it).
    hist.fill(0, 0, (hi - lo + 1) * S);
  }

  /** Best threshold of a numeric feature from the node's rows sorted by bin (small nodes). */
  private sortedNumericSplit(c: Candidate, f: number, m: number): void {
    const keys = this.keys;
    const nodeBin = this.nodeBin;
    const missBin = this.numBins[f];
    let q = 0;
    for (let i = 0; i < m; i++) {
      const b = nodeBin[i];
      if (b !== missBin) keys[q++] = (b << POSITION_BITS) | i;
    }
    sortKeys(keys, q);
    const K = this.outputs;
    const nodeW = this.nodeW;
    const nodeClass = this.nodeClass;
    const nodeWY = this.nodeWY;
    const minLeaf = this.options.minSamplesLeaf;
    const hasMissing = this.missCount > 0;
    const left = this.left;
    const right = this.right;
    const classification = this.classification;
    for (let pass = 0; pass < (hasMissing ? 2 : 1); pass++) {
      const missingLeft = pass === 1;
      let nL = missingLeft ? this.missCount : 0;
      let wL = missingLeft ? this.missWeight : 0;
      let sumSqL = 0;
      let sumSqR = 0;
      // Regression: the left side's weighted sum, in a register (see randomNumericSplit).
      let sL = 0;
      if (classification) {
        for (let k = 0; k < K; k++) {
          left[k] = missingLeft ? this.missing[k] : 0;
          right[k] = c.totals[k] - left[k];
          sumSqL += left[k] * left[k];
          sumSqR += right[k] * right[k];
        }
      } else {
        sL = missingLeft ? this.missing[0] : 0;
      }
      let prev = -1;
      for (let j = 0; j < q; j++) {
        const key = keys[j];
        const b = key >>> POSITION_BITS;
        const i = key & POSITION_MASK;
        if (b !== prev && prev >= 0 && nL >= minLeaf && m - nL >= minLeaf) {
          const wR = c.weight - wL;
          const score = classification
            ? sumSqL / wL + sumSqR / wR
            : (sL * sL) / wL + ((c.totals[0] - sL) * (c.totals[0] - sL)) / wR;
          this.propose(c, score, f, prev, b, hasMissing ? missingLeft : nL >= m - nL);
        }
        const h = nodeW[i];
        if (classification) {
          const k = nodeClass[i];
          sumSqL += h * (2 * left[k] + h);
          left[k] += h;
          sumSqR += h * (h - 2 * right[k]);
          right[k] -= h;
        } else {
          sL += nodeWY[i];
        }
        wL += h;
        nL++;
        prev = b;
      }
      if (hasMissing && !missingLeft && nL >= minLeaf && m - nL >= minLeaf) {
        const wR = c.weight - wL;
        const score = classification
          ? sumSqL / wL + sumSqR / wR
          : (sL * sL) / wL + ((c.totals[0] - sL) * (c.totals[0] - sL)) / wR;
        this.propose(c, score, f, prev, prev, false);
      }
    }
  }

  /**
   * Extra trees: one threshold bin drawn uniformly in `[lowBin, highBin - 1]` (or, when the node
   * has a single value bin and missing values, values versus missing), the missing side chosen
   * by the better score.
   */
  private randomNumericSplit(c: Candidate, f: number, m: number, rng: Rng): void {
    const lo = this.lowBin;
    const hi = this.highBin;
    const t = hi > lo ? this.randomThresholdBin(f, lo, hi, rng) : hi;
    const K = this.outputs;
    const nodeBin = this.nodeBin;
    const nodeW = this.nodeW;
    const left = this.left;
    left.fill(0);
    let nL = 0;
    let wL = 0;
    // Branch-free (the comparison is a coin flip for the branch predictor); the missing bin is
    // above every value bin, so `b <= t` also leaves missing values out.
    if (this.classification) {
      const nodeClass = this.nodeClass;
      for (let i = 0; i < m; i++) {
        const go = nodeBin[i] <= t ? 1 : 0;
        const w = nodeW[i] * go;
        left[nodeClass[i]] += w;
        wL += w;
        nL += go;
      }
    } else {
      // A local sum: adding into left[0] would chain every row on the previous row's store.
      const nodeWY = this.nodeWY;
      let sL = 0;
      for (let i = 0; i < m; i++) {
        const go = nodeBin[i] <= t ? 1 : 0;
        sL += nodeWY[i] * go;
        wL += nodeW[i] * go;
        nL += go;
      }
      left[0] = sL;
    }
    const minLeaf = this.options.minSamplesLeaf;
    const hasMissing = this.missCount > 0;
    for (let pass = 0; pass < (hasMissing ? 2 : 1); pass++) {
      const missingLeft = pass === 1;
      const n1 = nL + (missingLeft ? this.missCount : 0);
      if (n1 < minLeaf || m - n1 < minLeaf) continue;
      const w1 = wL + (missingLeft ? this.missWeight : 0);
      const w2 = c.weight - w1;
      let score = 0;
      for (let k = 0; k < K; k++) {
        const l = left[k] + (missingLeft ? this.missing[k] : 0);
        const r = c.totals[k] - l;
        score += (l * l) / w1 + (r * r) / w2;
      }
      this.propose(c, score, f, t, t, hasMissing ? missingLeft : n1 >= m - n1);
    }
  }

  /**
   * A threshold bin in `[lo, hi - 1]` for a uniform draw between the node's smallest and largest
   * values (approximated by the smallest value of bin `lo` and the largest of bin `hi`): the bin
   * holding the drawn value, or the one below when the value falls in the lower half of it (or in
   * the gap before its values), so the rows left are about those at or below the draw.
   */
  private randomThresholdBin(f: number, lo: number, hi: number, rng: Rng): number {
    const range = this.options.binValues[f] as { low: Float64Array; high: Float64Array };
    const v = range.low[lo] + rng.next() * (range.high[hi] - range.low[lo]);
    // First bin whose largest value reaches v (binary search; bins are sorted by value).
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (range.high[mid] >= v) b = mid;
      else a = mid + 1;
    }
    const t = v < (range.low[a] + range.high[a]) / 2 ? a - 1 : a;
    return t < lo ? lo : t > hi - 1 ? hi - 1 : t;
  }

  /**
   * Categorical feature: the categories present in the node (the missing bin taking part as one
   * more) are ordered, and the best prefix of the order goes left. Two kinds of order are tried:
   * the category codes' (so a feature whose codes follow a scale splits like an ordinal one, as
   * scikit-learn's forests see ordinal-encoded categories) and the target's (mean, or a class's
   * share: the optimal partition for regression and binary targets, as Breiman showed).
   */
  private categoricalSplit(c: Candidate, f: number, m: number): void {
    const S = this.stride;
    const K = this.outputs;
    const hist = this.hist;
    const nodeBin = this.nodeBin;
    const nodeW = this.nodeW;
    const present = this.catPresent;
    // Only the categories that occur are touched, so a deep node with a few rows costs a few rows
    // however many categories the feature has; `hist` is all zeros between uses.
    let count = 0;
    if (this.classification) {
      const nodeClass = this.nodeClass;
      for (let i = 0; i < m; i++) {
        const o = nodeBin[i] * S;
        if (hist[o + K] === 0) present[count++] = nodeBin[i];
        hist[o + nodeClass[i]] += nodeW[i];
        hist[o + K] += 1;
      }
    } else {
      const nodeWY = this.nodeWY;
      for (let i = 0; i < m; i++) {
        const o = nodeBin[i] * S;
        if (hist[o + 2] === 0) present[count++] = nodeBin[i];
        hist[o] += nodeW[i];
        hist[o + 1] += nodeWY[i];
        hist[o + 2] += 1;
      }
    }
    if (count >= 2) {
      const binWeight = this.catWeight;
      for (let j = 0; j < count; j++) {
        const o = present[j] * S;
        let w = 0;
        if (this.classification) for (let k = 0; k < K; k++) w += hist[o + k];
        else w = hist[o];
        binWeight[present[j]] = w;
      }
      this.orderByCode(f, count, this.catPresent);
      this.scanCategories(c, f, m, count);
      if (!this.classification) {
        this.orderCategories(count, 1);
        this.scanCategories(c, f, m, count);
      } else if (K === 2) {
        // Binary: categories by the second class's share give the optimal split (Breiman).
        this.orderCategories(count, 1);
        this.scanCategories(c, f, m, count);
      } else {
        // Multiclass: one ordering per frequent class of the node (a heuristic, not exhaustive).
        const classes = this.catClasses;
        let used = 0;
        for (let k = 0; k < K; k++) if (c.totals[k] > 0) classes[used++] = k;
        classes.subarray(0, used).sort((a, b) => c.totals[b] - c.totals[a] || a - b);
        for (let j = 0; j < Math.min(used, MAX_ORDERINGS); j++) {
          this.orderCategories(count, classes[j]);
          this.scanCategories(c, f, m, count);
        }
      }
    }
    for (let j = 0; j < count; j++) hist.fill(0, present[j] * S, present[j] * S + S);
  }

  /**
   * Extra trees on a categorical feature: the categories present in the node are cut at a random
   * position of an order. With at most `ORDERED_CATEGORIES` of them the order is the codes' (few
   * categories are often a scale: grades, classes, sizes; scikit-learn's extra trees see
   * ordinal-encoded categories this way); with more it is a random shuffle, i.e. a random subset
   * as Geurts et al. draw for categorical attributes (many categories are usually nominal:
   * airports, postcodes). Measured: diamonds RMSE 543 (codes) vs 549-551 (subsets), flights_late
   * AUC 0.690 (this rule) vs 0.678 (codes always) and 0.693 (subsets always).
   * No histogram: one pass finds the present categories, one sums the left side, both
   * accumulating in registers (a histogram over a handful of categories makes every row wait on
   * the previous row's store to the same slot).
   */
  private randomCategoricalSplit(c: Candidate, f: number, m: number, rng: Rng): void {
    const nodeBin = this.nodeBin;
    const nodeW = this.nodeW;
    const words = this.catWords;
    words.fill(0);
    if (this.numBins[f] + 1 <= 32) {
      let mask = 0;
      for (let i = 0; i < m; i++) mask |= 1 << nodeBin[i];
      words[0] = mask;
    } else {
      for (let i = 0; i < m; i++) words[nodeBin[i] >>> 5] |= 1 << (nodeBin[i] & 31);
    }
    const sorted = this.catSorted;
    let count = 0;
    for (let b = 0; b <= this.numBins[f]; b++) if ((words[b >>> 5] >>> (b & 31)) & 1) sorted[count++] = b;
    if (count < 2) return;
    if (count <= ORDERED_CATEGORIES) {
      this.catPresent.set(sorted.subarray(0, count));
      this.orderByCode(f, count, this.catPresent);
    } else {
      for (let j = count - 1; j > 0; j--) {
        const r = rng.int(j + 1);
        const t = sorted[j];
        sorted[j] = sorted[r];
        sorted[r] = t;
      }
    }
    const cut = 1 + rng.int(count - 1);
    words.fill(0);
    for (let j = 0; j < cut; j++) words[sorted[j] >>> 5] |= 1 << (sorted[j] & 31);
    const K = this.outputs;
    const left = this.left;
    left.fill(0);
    let wL = 0;
    let nL = 0;
    if (this.classification) {
      const nodeClass = this.nodeClass;
      for (let i = 0; i < m; i++) {
        const b = nodeBin[i];
        const go = (words[b >>> 5] >>> (b & 31)) & 1;
        const w = nodeW[i] * go;
        left[nodeClass[i]] += w;
        wL += w;
        nL += go;
      }
    } else {
      const nodeWY = this.nodeWY;
      let sL = 0;
      for (let i = 0; i < m; i++) {
        const b = nodeBin[i];
        const go = (words[b >>> 5] >>> (b & 31)) & 1;
        sL += nodeWY[i] * go;
        wL += nodeW[i] * go;
        nL += go;
      }
      left[0] = sL;
    }
    const minLeaf = this.options.minSamplesLeaf;
    if (nL < minLeaf || m - nL < minLeaf) return;
    const wR = c.weight - wL;
    let score = 0;
    for (let k = 0; k < K; k++) {
      const l = left[k];
      const r = c.totals[k] - l;
      score += (l * l) / wL + (r * r) / wR;
    }
    if (score > c.score) {
      const bits = c.catBits ?? new Uint32Array(CAT_WORDS);
      bits.set(words);
      // No missing rows here: unseen categories and missing values follow the larger child.
      const missBin = this.numBins[f];
      if (this.missCount === 0 && nL >= m - nL) bits[missBin >>> 5] |= 1 << (missBin & 31);
      c.catBits = bits;
      c.score = score;
      c.feature = f;
      c.categorical = true;
      c.defaultLeft = false;
    }
  }

  /** Sorts the `count` bins of `bins` into `catSorted` by category code (insertion sort). */
  private orderByCode(f: number, count: number, bins: Int32Array): void {
    const rank = this.codeRank[f] as Int32Array;
    const sorted = this.catSorted;
    for (let j = 0; j < count; j++) {
      const b = bins[j];
      let i = j - 1;
      while (i >= 0 && rank[sorted[i]] > rank[b]) {
        sorted[i + 1] = sorted[i];
        i--;
      }
      sorted[i + 1] = b;
    }
  }

  /**
   * Sorts the `count` present categories into `catSorted` by the share of class `k` (classification)
   * or the mean target (regression, `k` = 1 being the weighted-sum slot): insertion sort, since
   * nodes rarely hold more than a few dozen categories.
   */
  private orderCategories(count: number, k: number): void {
    const S = this.stride;
    const hist = this.hist;
    const sorted = this.catSorted;
    const key = this.catKey;
    const binWeight = this.catWeight;
    for (let j = 0; j < count; j++) {
      const b = this.catPresent[j];
      const v = hist[b * S + k] / binWeight[b];
      let i = j - 1;
      while (i >= 0 && (key[i] > v || (key[i] === v && sorted[i] > b))) {
        key[i + 1] = key[i];
        sorted[i + 1] = sorted[i];
        i--;
      }
      key[i + 1] = v;
      sorted[i + 1] = b;
    }
  }

  /** Scores the splits sending each prefix of `catSorted` left, and keeps the best in `c`. */
  private scanCategories(c: Candidate, f: number, m: number, count: number): void {
    const S = this.stride;
    const K = this.outputs;
    const hist = this.hist;
    const sorted = this.catSorted;
    const binWeight = this.catWeight;
    const minLeaf = this.options.minSamplesLeaf;
    const left = this.left;
    left.fill(0);
    let wL = 0;
    let nL = 0;
    for (let i = 0; i + 1 < count; i++) {
      const o = sorted[i] * S;
      if (this.classification) for (let k = 0; k < K; k++) left[k] += hist[o + k];
      else left[0] += hist[o + 1];
      wL += binWeight[sorted[i]];
      nL += hist[o + S - 1];
      if (nL < minLeaf || m - nL < minLeaf) continue;
      const wR = c.weight - wL;
      let score = 0;
      for (let k = 0; k < K; k++) {
        const l = left[k];
        const r = c.totals[k] - l;
        score += (l * l) / wL + (r * r) / wR;
      }
      if (score > c.score) {
        c.score = score;
        c.feature = f;
        c.categorical = true;
        c.defaultLeft = false;
        const bits = c.catBits ?? new Uint32Array(CAT_WORDS);
        bits.fill(0);
        for (let j = 0; j <= i; j++) bits[sorted[j] >>> 5] |= 1 << (sorted[j] & 31);
        // No missing rows here: unseen categories and missing values follow the larger child.
        const missBin = this.numBins[f];
        if (hist[missBin * S + S - 1] === 0 && nL >= m - nL) bits[missBin >>> 5] |= 1 << (missBin & 31);
        c.catBits = bits;
      }
    }
  }

  /**
   * The threshold bin stored for a split whose left side ends at bin `lastLeft` and whose right
   * side starts at bin `firstRight`: any bin in between partitions the training rows the same way.
   * scikit-learn puts its threshold halfway between the largest value on the left and the
   * smallest on the right, so values in the gap up to that point (including one exactly halfway,
   * common with rounded data) go left: take the last bin whose values are all at or below it.
   */
  private thresholdFor(f: number, lastLeft: number, firstRight: number): number {
    if (firstRight <= lastLeft + 1) return lastLeft;
    const range = this.options.binValues[f] as { low: Float64Array; high: Float64Array };
    const target = range.high[lastLeft] / 2 + range.low[firstRight] / 2;
    let best = lastLeft;
    for (let b = lastLeft + 1; b < firstRight && range.high[b] <= target; b++) best = b;
    return best;
  }

  /** Stable partition of the candidate's rows by its split; returns where the right side starts. */
  private partition(c: Candidate): number {
    const f = c.feature;
    const column = this.columns[f];
    const goesLeft = this.goesLeft;
    const slots = this.numBins[f] + 1;
    if (c.categorical) {
      const bits = c.catBits as Uint32Array;
      for (let b = 0; b < slots; b++) goesLeft[b] = (bits[b >>> 5] >>> (b & 31)) & 1;
    } else {
      for (let b = 0; b < slots - 1; b++) goesLeft[b] = b <= c.lastLeftBin ? 1 : 0;
      goesLeft[slots - 1] = c.defaultLeft ? 1 : 0;
    }
    const order = this.order;
    const scratch = this.scratch;
    let l = c.begin;
    let r = 0;
    // Branch-free: every row is written to both sides and only the cursors move.
    for (let i = c.begin; i < c.end; i++) {
      const row = order[i];
      const left = goesLeft[column[row]];
      order[l] = row;
      scratch[r] = row;
      l += left;
      r += 1 - left;
    }
    order.set(scratch.subarray(0, r), l);
    return l;
  }
}

/** Sorts `keys[0, count)` ascending: insertion sort for a few keys, the native sort otherwise. */
function sortKeys(keys: Uint32Array, count: number): void {
  if (count > 24) {
    keys.subarray(0, count).sort();
    return;
  }
  for (let i = 1; i < count; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
}

/** A max-heap of candidates by impurity decrease (`score - proxy`), for best-first growth. */
class CandidateHeap {
  private readonly items: Candidate[] = [];

  get size(): number {
    return this.items.length;
  }

  push(c: Candidate): void {
    const items = this.items;
    items.push(c);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (gainOf(items[parent]) >= gainOf(items[i])) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop(): Candidate {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as Candidate;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let largest = i;
        if (l < items.length && gainOf(items[l]) > gainOf(items[largest])) largest = l;
        if (r < items.length && gainOf(items[r]) > gainOf(items[largest])) largest = r;
        if (largest === i) break;
        [items[largest], items[i]] = [items[i], items[largest]];
        i = largest;
      }
    }
    return top;
  }
}

function gainOf(c: Candidate): number {
  return c.score - c.proxy;
}
