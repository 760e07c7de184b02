import type { BinnedMatrix } from './binning';
import type { GbdtConfig } from './params';
import { makeHistogramKernel, type HistogramKernel } from './histogramKernel';
import { CAT_WORDS, type Tree } from './tree';

/**
 * Histogram slots hold gradient and hessian sums, interleaved. Row counts are not accumulated
 * (a third of the hot loop's memory traffic); as in LightGBM, a bin's count is estimated from
 * its hessian share of the leaf for the `minDataInLeaf` checks, while leaf counts stay exact.
 */
const STRIDE = 2;
/** Memory the histogram pool may use before falling back to rebuilding instead of subtracting. */
const HISTOGRAM_POOL_BYTES = 512 * 1024 * 1024;

/** The best split found for a leaf. */
interface Split {
  gain: number;
  feature: number;
  thresholdBin: number;
  defaultLeft: boolean;
  categorical: boolean;
  readonly catBits: Uint32Array;
  leftG: number;
  leftH: number;
}

function emptySplit(): Split {
  return {
    gain: -Infinity,
    feature: -1,
    thresholdBin: 0,
    defaultLeft: false,
    categorical: false,
    catBits: new Uint32Array(CAT_WORDS),
    leftG: 0,
    leftH: 0,
  };
}

/**
 * Gains this close to zero are rounding noise of the subtraction `score - parentScore`: such a
 * "split" spends a leaf and changes nothing (seen on pima_diabetes: a gain of 3.6e-15).
 */
function roundingSlack(parentScore: number): number {
  return 1e-12 * Math.abs(parentScore);
}

/** `sign(g) * max(|g| - l1, 0)`: the L1-shrunk gradient sum. */
function thresholdL1(g: number, l1: number): number {
  if (l1 === 0) return g;
  const a = Math.abs(g) - l1;
  return a > 0 ? (g > 0 ? a : -a) : 0;
}

/** A tree just grown, with the rows of each leaf: `order[leafBegin[l] .. leafEnd[l])`. */
export interface GrownTree {
  readonly tree: Tree;
  readonly order: Uint32Array;
  readonly leafBegin: Int32Array;
  readonly leafEnd: Int32Array;
}

/**
 * Grows regression trees on gradients and hessians over pre-binned rows, leaf-wise (always
 * splitting the leaf with the largest gain) as LightGBM does. Each split builds the histogram of
 * the smaller child only and gets the larger one by subtracting it from the parent's. Scratch
 * memory is allocated once and reused for every tree.
 */
export class TreeGrower {
  private readonly order: Uint32Array;
  private readonly scratch: Uint32Array;
  /**
   * Gradients and hessians interleaved, in `order`'s order ("ordered gradients", as LightGBM):
   * the partition moves them with their rows, so the histogram loop reads them sequentially
   * instead of jumping through a row-indexed array.
   */
  private readonly gh: Float64Array;
  private readonly ghScratch: Float64Array;
  private readonly pool: Float64Array[] = [];
  private readonly poolLimit: number;
  /** Histograms handed out and not yet released. */
  private live = 0;
  private readonly isCategorical: Uint8Array;
  private readonly numBins: Int32Array;
  /** Features used by the current tree (feature fraction), among the splittable ones. */
  private features: Int32Array;
  /** Features with training rows in more than one slot. */
  private readonly splittable: Int32Array;
  /** Per-split table: 1 for bins that go left. */
  private readonly goesLeft = new Uint8Array(256);
  /** Column-major copy of the bins (for partitioning). */
  private readonly columns: Uint8Array[];
  /** Histogram accumulation specialised for this data layout (all splittable features). */
  private readonly kernel: HistogramKernel;

  constructor(
    private readonly data: BinnedMatrix,
    private readonly config: GbdtConfig,
  ) {
    this.order = new Uint32Array(data.rows);
    this.scratch = new Uint32Array(data.rows);
    this.gh = new Float64Array(2 * data.rows);
    this.ghScratch = new Float64Array(2 * data.rows);
    const histogramBytes = data.totalBins * STRIDE * 8;
    this.poolLimit = Math.max(2, Math.min(config.numLeaves + 1, Math.floor(HISTOGRAM_POOL_BYTES / Math.max(1, histogramBytes))));
    this.isCategorical = Uint8Array.from(data.mappers, (m) => (m.kind === 'categorical' ? 1 : 0));
    this.numBins = Int32Array.from(data.mappers, (m) => m.numBins);
    this.features = Int32Array.from({ length: data.features }, (_, f) => f);
    this.columns = Array.from({ length: data.features }, () => new Uint8Array(data.rows));
    const slotsSeen = data.mappers.map((m) => new Uint8Array(m.numBins + 1));
    for (let r = 0; r < data.rows; r++) {
      const base = r * data.features;
      for (let f = 0; f < data.features; f++) {
        const b = data.bins[base + f];
        this.columns[f][r] = b;
        slotsSeen[f][b] = 1;
      }
    }
    // A feature whose training rows all share one slot can never split: leave it out.
    this.splittable = Int32Array.from(
      Array.from({ length: data.features }, (_, f) => f).filter((f) => slotsSeen[f].reduce((a, b) => a + b, 0) > 1),
    );
    this.kernel = makeHistogramKernel(data.offsets, data.features, this.splittable);
  }

  /**
   * Grows one tree on `grad`/`hess` (indexed by row) over `rows` (all rows when undefined),
   * using only `features` (all when undefined). Leaf values are scaled by the learning rate.
   */
  grow(grad: Float64Array, hess: Float64Array, rows: Uint32Array | undefined, features: Int32Array | undefined): GrownTree {
    const cfg = this.config;
    const data = this.data;
    // The kernel fills every splittable feature (cheaper than a per-tree kernel); splits are
    // searched only among the tree's sampled features.
    this.features = features ? features.filter((f) => this.splittable.includes(f)) : this.splittable;
    const n = rows ? rows.length : data.rows;
    const order = this.order;
    if (rows) order.set(rows);
    else for (let i = 0; i < n; i++) order[i] = i;
    // Gradient and hessian side by side, in row order of the leaves.
    const gh = this.gh;
    for (let i = 0; i < n; i++) {
      const r = order[i];
      gh[2 * i] = grad[r];
      gh[2 * i + 1] = hess[r];
    }

    const maxLeaves = cfg.numLeaves;
    const leafBegin = new Int32Array(maxLeaves);
    const leafEnd = new Int32Array(maxLeaves);
    const leafG = new Float64Array(maxLeaves);
    const leafH = new Float64Array(maxLeaves);
    const leafC = new Float64Array(maxLeaves);
    const leafDepth = new Int32Array(maxLeaves);
    /** Node whose child pointer leads to this leaf, and which side (so it can be replaced). */
    const leafParent = new Int32Array(maxLeaves).fill(-1);
    const leafIsLeft = new Uint8Array(maxLeaves);
    const leafHist: (Float64Array | undefined)[] = new Array(maxLeaves);
    const best: Split[] = Array.from({ length: maxLeaves }, emptySplit);

    const maxNodes = maxLeaves - 1;
    const feature = new Int32Array(maxNodes);
    const thresholdBin = new Int32Array(maxNodes);
    const threshold = new Float64Array(maxNodes);
    const defaultLeft = new Uint8Array(maxNodes);
    const categorical = new Uint8Array(maxNodes);
    const catBits = new Uint32Array(maxNodes * CAT_WORDS);
    const left = new Int32Array(maxNodes);
    const right = new Int32Array(maxNodes);
    const nodeGain = new Float64Array(maxNodes);
    const nodeCount = new Float64Array(maxNodes);

    // Root.
    let leaves = 1;
    leafBegin[0] = 0;
    leafEnd[0] = n;
    const rootHist = this.takeHistogram();
    this.buildHistogram(rootHist, 0, n, rows === undefined);
    leafHist[0] = rootHist;
    let rootG = 0;
    let rootH = 0;
    for (let i = 0; i < n; i++) {
      rootG += gh[2 * i];
      rootH += gh[2 * i + 1];
    }
    leafG[0] = rootG;
    leafH[0] = rootH;
    leafC[0] = n;
    this.findBestSplit(rootHist, leafG[0], leafH[0], leafC[0], best[0]);

    let nodes = 0;
    while (leaves < maxLeaves) {
      let chosen = -1;
      let chosenGain = 0;
      for (let l = 0; l < leaves; l++) {
        const canGrow = cfg.maxDepth <= 0 || leafDepth[l] < cfg.maxDepth;
        if (canGrow && best[l].gain > chosenGain) {
          chosen = l;
          chosenGain = best[l].gain;
        }
      }
      if (chosen < 0) break;
      const split = best[chosen];
      const node = nodes++;
      feature[node] = split.feature;
      thresholdBin[node] = split.thresholdBin;
      const mapper = data.mappers[split.feature];
      threshold[node] = mapper.kind === 'numeric' ? mapper.upperBounds[split.thresholdBin] : 0;
      defaultLeft[node] = split.defaultLeft ? 1 : 0;
      categorical[node] = split.categorical ? 1 : 0;
      if (split.categorical) catBits.set(split.catBits, node * CAT_WORDS);
      nodeGain[node] = split.gain;
      nodeCount[node] = leafC[chosen];
      if (leafParent[chosen] >= 0) {
        if (leafIsLeft[chosen]) left[leafParent[chosen]] = node;
        else right[leafParent[chosen]] = node;
      }

      // Partition the leaf's rows; the left child keeps the leaf's index.
      const begin = leafBegin[chosen];
      const end = leafEnd[chosen];
      const mid = this.partition(split, begin, end);
      const newLeaf = leaves++;
      leafBegin[chosen] = begin;
      leafEnd[chosen] = mid;
      leafBegin[newLeaf] = mid;
      leafEnd[newLeaf] = end;
      leafDepth[chosen]++;
      leafDepth[newLeaf] = leafDepth[chosen];
      leafParent[chosen] = node;
      leafIsLeft[chosen] = 1;
      leafParent[newLeaf] = node;
      leafIsLeft[newLeaf] = 0;
      left[node] = ~chosen;
      right[node] = ~newLeaf;
      const parentG = leafG[chosen];
      const parentH = leafH[chosen];
      const parentC = leafC[chosen];
      leafG[chosen] = split.leftG;
      leafH[chosen] = split.leftH;
      leafC[chosen] = mid - begin;
      leafG[newLeaf] = parentG - split.leftG;
      leafH[newLeaf] = parentH - split.leftH;
      leafC[newLeaf] = parentC - (mid - begin);

      if (leaves < maxLeaves) {
        // Histograms: build the smaller child, subtract for the larger (reusing the parent's buffer).
        const parentHist = leafHist[chosen];
        const leftSmaller = mid - begin <= end - mid;
        const small = leftSmaller ? chosen : newLeaf;
        const large = leftSmaller ? newLeaf : chosen;
        // On very wide data the pool is capped: drop the histogram of the least promising leaf.
        if (this.live >= this.poolLimit) {
          let victim = -1;
          for (let l = 0; l < leaves; l++) {
            if (l !== chosen && l !== newLeaf && leafHist[l] && (victim < 0 || best[l].gain < best[victim].gain)) victim = l;
          }
          if (victim >= 0) {
            this.releaseHistogram(leafHist[victim] as Float64Array);
            leafHist[victim] = undefined;
          }
        }
        const smallHist = this.takeHistogram();
        this.buildHistogram(smallHist, leafBegin[small], leafEnd[small], false);
        let largeHist: Float64Array;
        if (parentHist) {
          const h = parentHist;
          for (let i = 0; i < h.length; i++) h[i] -= smallHist[i];
          largeHist = h;
        } else {
          largeHist = this.takeHistogram();
          this.buildHistogram(largeHist, leafBegin[large], leafEnd[large], false);
        }
        leafHist[small] = smallHist;
        leafHist[large] = largeHist;
        for (const l of [chosen, newLeaf]) {
          best[l].gain = -Infinity;
          this.findBestSplit(leafHist[l] as Float64Array, leafG[l], leafH[l], leafC[l], best[l]);
        }
      }
    }
    for (let l = 0; l < leaves; l++) {
      const h = leafHist[l];
      if (h) this.releaseHistogram(h);
    }

    const leafValue = new Float64Array(leaves);
    const leafCount = new Float64Array(leaves);
    for (let l = 0; l < leaves; l++) {
      leafValue[l] = (-thresholdL1(leafG[l], cfg.lambdaL1) / (leafH[l] + cfg.lambdaL2)) * cfg.learningRate;
      leafCount[l] = leafC[l];
    }
    const tree: Tree = {
      feature: feature.slice(0, nodes),
      thresholdBin: thresholdBin.slice(0, nodes),
      threshold: threshold.slice(0, nodes),
      defaultLeft: defaultLeft.slice(0, nodes),
      categorical: categorical.slice(0, nodes),
      catBits: catBits.slice(0, nodes * CAT_WORDS),
      left: left.slice(0, nodes),
      right: right.slice(0, nodes),
      gain: nodeGain.slice(0, nodes),
      nodeCount: nodeCount.slice(0, nodes),
      leafValue,
      leafCount,
    };
    return { tree, order, leafBegin: leafBegin.slice(0, leaves), leafEnd: leafEnd.slice(0, leaves) };
  }

  private takeHistogram(): Float64Array {
    this.live++;
    return this.pool.pop() ?? new Float64Array(this.data.totalBins * STRIDE);
  }

  private releaseHistogram(hist: Float64Array): void {
    this.live--;
    this.pool.push(hist);
  }

  /** Fills `hist` from rows `order[begin, end)` (or `begin .. end-1` when `sequential`). */
  private buildHistogram(hist: Float64Array, begin: number, end: number, sequential: boolean): void {
    hist.fill(0);
    this.kernel(hist, this.order, this.gh, this.data.bins, begin, end, sequential);
  }

  /**
   * Stable partition of `order[begin, end)` by the split; returns where the right side starts.
   * Branch-free: a per-split table says which bins go left, and every row is written to both
   * sides with only the cursor advancing (data-dependent branches would mispredict half the time).
   */
  private partition(split: Split, begin: number, end: number): number {
    const f = split.feature;
    // Column-major bins: the partition reads one feature, so a 1-byte-per-row column stays in cache.
    const column = this.columns[f];
    const order = this.order;
    const scratch = this.scratch;
    const goesLeft = this.goesLeft;
    const slots = this.numBins[f] + 1;
    for (let b = 0; b < slots; b++) {
      goesLeft[b] = split.categorical
        ? (split.catBits[b >>> 5] >>> (b & 31)) & 1
        : b === slots - 1
          ? split.defaultLeft
            ? 1
            : 0
          : b <= split.thresholdBin
            ? 1
            : 0;
    }
    const gh = this.gh;
    const ghScratch = this.ghScratch;
    let l = begin;
    let r = 0;
    for (let i = begin; i < end; i++) {
      const row = order[i];
      const g = gh[2 * i];
      const h = gh[2 * i + 1];
      const left = goesLeft[column[row]];
      order[l] = row;
      gh[2 * l] = g;
      gh[2 * l + 1] = h;
      scratch[r] = row;
      ghScratch[2 * r] = g;
      ghScratch[2 * r + 1] = h;
      l += left;
      r += 1 - left;
    }
    order.set(scratch.subarray(0, r), l);
    gh.set(ghScratch.subarray(0, 2 * r), 2 * l);
    return l;
  }

  /** Finds the best split of a leaf over the tree's features into `out` (gain -Infinity if none). */
  private findBestSplit(hist: Float64Array, G: number, H: number, C: number, out: Split): void {
    const cfg = this.config;
    if (C < 2 * cfg.minDataInLeaf || H < 2 * cfg.minSumHessianInLeaf) return;
    for (let k = 0; k < this.features.length; k++) {
      const f = this.features[k];
      if (this.isCategorical[f]) this.categoricalSplit(hist, f, G, H, C, out);
      else this.numericSplit(hist, f, G, H, C, out);
    }
  }

  private numericSplit(hist: Float64Array, f: number, G: number, H: number, C: number, out: Split): void {
    const cfg = this.config;
    const l1 = cfg.lambdaL1;
    const l2 = cfg.lambdaL2;
    const minData = cfg.minDataInLeaf;
    const minHess = cfg.minSumHessianInLeaf;
    const nb = this.numBins[f];
    const base = this.data.offsets[f] * STRIDE;
    const mo = base + nb * STRIDE;
    const mG = hist[mo];
    const mH = hist[mo + 1];
    // Rows per unit of hessian in this leaf, to estimate bin counts (see STRIDE).
    const perHessian = C / H;
    const mC = mH * perHessian;
    const tp = thresholdL1(G, l1);
    const parentScore = (tp * tp) / (H + l2);
    const minGain = parentScore + cfg.minGainToSplit + roundingSlack(parentScore);
    // With missing values, try sending them right, then left; without, one pass.
    const passes = mH > 0 ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      const missingLeft = pass === 1;
      let gl = missingLeft ? mG : 0;
      let hl = missingLeft ? mH : 0;
      let cl = missingLeft ? mC : 0;
      for (let t = 0; t < nb - 1; t++) {
        const o = base + t * STRIDE;
        gl += hist[o];
        hl += hist[o + 1];
        cl = hl * perHessian;
        if (cl < minData || hl < minHess) continue;
        const cr = C - cl;
        const hr = H - hl;
        if (cr < minData || hr < minHess) break;
        const gr = G - gl;
        const tl = thresholdL1(gl, l1);
        const tr = thresholdL1(gr, l1);
        const score = (tl * tl) / (hl + l2) + (tr * tr) / (hr + l2);
        if (score > minGain && score - parentScore > out.gain) {
          out.gain = score - parentScore;
          out.feature = f;
          out.thresholdBin = t;
          // Without missing values in training, unseen ones follow the larger child (as sklearn).
          out.defaultLeft = passes === 2 ? missingLeft : cl >= cr;
          out.categorical = false;
          out.leftG = gl;
          out.leftH = hl;
        }
      }
    }
  }

  /**
   * LightGBM's categorical split: one-vs-rest for few categories, else categories sorted by
   * gradient/hessian and the best prefix from either end (at most `maxCatThreshold` categories).
   * The missing bin takes part like a category.
   */
  private categoricalSplit(hist: Float64Array, f: number, G: number, H: number, C: number, out: Split): void {
    const cfg = this.config;
    const l1 = cfg.lambdaL1;
    const minData = cfg.minDataInLeaf;
    const minHess = cfg.minSumHessianInLeaf;
    const slots = this.numBins[f] + 1;
    const base = this.data.offsets[f] * STRIDE;
    const perHessian = C / H;
    const countOf = (b: number): number => hist[base + b * STRIDE + 1] * perHessian;
    const present: number[] = [];
    for (let b = 0; b < slots; b++) if (hist[base + b * STRIDE + 1] > 0) present.push(b);
    if (present.length < 2) return;
    const oneHot = present.length <= cfg.maxCatToOnehot;
    const l2 = oneHot ? cfg.lambdaL2 : cfg.lambdaL2 + cfg.catL2;
    const tp = thresholdL1(G, l1);
    const parentScore = (tp * tp) / (H + l2);
    const minGain = parentScore + cfg.minGainToSplit + roundingSlack(parentScore);
    const consider = (gl: number, hl: number, cl: number, chosen: readonly number[]): void => {
      const cr = C - cl;
      const hr = H - hl;
      if (cl < minData || hl < minHess || cr < minData || hr < minHess) return;
      const tl = thresholdL1(gl, l1);
      const tr = thresholdL1(G - gl, l1);
      const score = (tl * tl) / (hl + l2) + (tr * tr) / (hr + l2);
      if (score > minGain && score - parentScore > out.gain) {
        out.gain = score - parentScore;
        out.feature = f;
        out.thresholdBin = 0;
        out.defaultLeft = false;
        out.categorical = true;
        out.catBits.fill(0);
        for (const b of chosen) out.catBits[b >>> 5] |= 1 << (b & 31);
        out.leftG = gl;
        out.leftH = hl;
      }
    };
    if (oneHot) {
      for (const b of present) {
        const o = base + b * STRIDE;
        consider(hist[o], hist[o + 1], countOf(b), [b]);
      }
      return;
    }
    const groups = present.filter((b) => countOf(b) >= cfg.minDataPerGroup);
    if (groups.length < 2) return;
    const ratio = (b: number): number => hist[base + b * STRIDE] / (hist[base + b * STRIDE + 1] + cfg.catSmooth);
    groups.sort((a, b) => ratio(a) - ratio(b) || a - b);
    const limit = Math.min(cfg.maxCatThreshold, groups.length - 1);
    for (const direction of [1, -1]) {
      let gl = 0;
      let hl = 0;
      let cl = 0;
      const chosen: number[] = [];
      for (let i = 0; i < limit; i++) {
        const b = direction === 1 ? groups[i] : groups[groups.length - 1 - i];
        const o = base + b * STRIDE;
        gl += hist[o];
        hl += hist[o + 1];
        cl += countOf(b);
        chosen.push(b);
        consider(gl, hl, cl, chosen);
      }
    }
  }
}
