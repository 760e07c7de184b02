import { CancelledError } from '../../errors';
import type { Params } from '../../search/domain';
import { checkFeatures, rawColumns, requireTrainable } from '../checks';
import { argmax } from '../outputs';
import { leafOfBinned, leafOfRaw, treeFromJSON, treeToJSON, type FeatureLayout, type SerializedTree, type Tree } from '../gbdt/tree';
import type { FeatureMatrix, FitContext, FittedModel, LearnerSpec, SerializedModel, Target, Task } from '../types';
import { taskOf } from '../types';
import { binForestData } from './forestBinning';
import { ForestGrower, type ForestTarget } from './forestGrower';
import { FOREST_PARAM_DOCS, featuresPerNode, forestConfig, forestDefaults } from './params';

const FORMAT_VERSION = 1;

interface ForestState {
  /** Values per leaf: the number of classes, or 1 for regression. */
  readonly outputs: number;
  readonly classes?: readonly string[];
  readonly featureNames: readonly string[];
  readonly featureKinds: readonly ('numeric' | 'categorical')[];
  readonly missingBin: readonly number[];
  readonly binOfCode: readonly (readonly number[] | null)[];
  /** Out-of-bag accuracy (classification) or R² (regression); null without bootstrap. */
  readonly oobScore: number | null;
  readonly trees: readonly SerializedTree[];
}

/**
 * A fitted random forest or extra-trees ensemble. Every tree's leaves hold class probabilities
 * (classification) or a mean (regression); the forest averages them, as scikit-learn's
 * `predict_proba` and `predict` do, so `predictRaw` is in probability (or target) space.
 */
export class ForestModel implements FittedModel {
  readonly featureNames: readonly string[];
  /** How raw values reach bins (missing and category bins): TreeSHAP routes rows with it. */
  readonly layout: FeatureLayout;

  constructor(
    readonly learner: string,
    readonly task: Task,
    readonly params: Params,
    private readonly state: Omit<ForestState, 'trees'>,
    readonly trees: readonly Tree[],
  ) {
    this.featureNames = state.featureNames;
    this.layout = {
      missingBin: Int32Array.from(state.missingBin),
      binOfCode: state.binOfCode.map((m) => (m ? Int32Array.from(m) : null)),
    };
  }

  get classes(): readonly string[] | undefined {
    return this.state.classes;
  }

  /** Values per leaf: the number of classes, or 1 for regression. */
  get leafOutputs(): number {
    return this.state.outputs;
  }

  /**
   * Out-of-bag score over the training rows left out of at least one tree's bootstrap sample:
   * accuracy for classification, R² for regression (scikit-learn's `oob_score_`). Undefined
   * without bootstrap.
   */
  get oobScore(): number | undefined {
    return this.state.oobScore ?? undefined;
  }

  /**
   * Mean decrease in impurity per feature (Gini or squared error, weighted by the rows reaching
   * each split), normalised per tree and then over the forest to sum to 1, as scikit-learn's
   * `feature_importances_`. All zeros when no tree split.
   */
  featureImportance(): Float64Array {
    const total = new Float64Array(this.featureNames.length);
    const perTree = new Float64Array(this.featureNames.length);
    for (const tree of this.trees) {
      perTree.fill(0);
      let sum = 0;
      for (let node = 0; node < tree.feature.length; node++) {
        perTree[tree.feature[node]] += tree.gain[node];
        sum += tree.gain[node];
      }
      if (sum <= 0) continue;
      for (let f = 0; f < total.length; f++) total[f] += perTree[f] / sum;
    }
    const sum = total.reduce((a, b) => a + b, 0);
    if (sum > 0) for (let f = 0; f < total.length; f++) total[f] /= sum;
    return total;
  }

  /** Averaged leaf values: one array per class (classification) or one of predictions. */
  private average(x: FeatureMatrix): Float64Array[] {
    checkFeatures(x, this.featureNames, this.state.featureKinds);
    const columns = rawColumns(x);
    const K = this.state.outputs;
    const out = Array.from({ length: K }, () => new Float64Array(x.rows));
    for (const tree of this.trees) {
      const values = tree.leafValue;
      if (K === 1) {
        const o = out[0];
        for (let r = 0; r < x.rows; r++) o[r] += values[leafOfRaw(tree, columns, r, this.layout)];
      } else {
        for (let r = 0; r < x.rows; r++) {
          const base = leafOfRaw(tree, columns, r, this.layout) * K;
          for (let k = 0; k < K; k++) out[k][r] += values[base + k];
        }
      }
    }
    const scale = 1 / this.trees.length;
    for (const o of out) for (let r = 0; r < o.length; r++) o[r] *= scale;
    return out;
  }

  /** Probabilities (one array for binary: the second class; one per class for multiclass) or values. */
  predictRaw(x: FeatureMatrix): Float64Array[] {
    const out = this.average(x);
    return this.task === 'binary' ? [out[1]] : out;
  }

  /** One array per class: the trees' leaf class frequencies, averaged (scikit-learn's `predict_proba`). */
  predictProba(x: FeatureMatrix): Float64Array[] {
    if (this.task === 'regression') throw new TypeError('predictProba needs a classification model');
    return this.average(x);
  }

  /** Averaged leaf means (regression), or the class code with the highest averaged probability. */
  predict(x: FeatureMatrix): Float64Array {
    if (this.task === 'regression') return this.average(x)[0];
    return argmax(this.average(x));
  }

  /** Plain JSON with every tree as typed arrays turned into number arrays (see `treeToJSON`). */
  toJSON(): SerializedModel {
    const state: ForestState = { ...this.state, trees: this.trees.map(treeToJSON) };
    return { learner: this.learner, version: FORMAT_VERSION, task: this.task, params: this.params, state };
  }
}

function forestTarget(y: Target): ForestTarget {
  return y.kind === 'regression'
    ? { kind: 'regression', values: y.values }
    : { kind: 'classification', codes: y.codes, classes: y.classes.length };
}

/**
 * Out-of-bag score from summed out-of-bag leaf values (`sums[r * outputs + k]`) and the number
 * of trees that left each row out: accuracy or R² over the rows some tree left out.
 */
function outOfBagScore(y: Target, sums: Float64Array, counts: Uint32Array, outputs: number): { score: number; rows: number } {
  let rows = 0;
  if (y.kind === 'classification') {
    let hits = 0;
    for (let r = 0; r < counts.length; r++) {
      if (counts[r] === 0) continue;
      rows++;
      let best = 0;
      for (let k = 1; k < outputs; k++) if (sums[r * outputs + k] > sums[r * outputs + best]) best = k;
      if (best === y.codes[r]) hits++;
    }
    return { score: rows > 0 ? hits / rows : NaN, rows };
  }
  let mean = 0;
  for (let r = 0; r < counts.length; r++) {
    if (counts[r] === 0) continue;
    rows++;
    mean += y.values[r];
  }
  mean /= rows;
  let ssRes = 0;
  let ssTot = 0;
  for (let r = 0; r < counts.length; r++) {
    if (counts[r] === 0) continue;
    const v = y.values[r];
    ssRes += (v - sums[r] / counts[r]) ** 2;
    ssTot += (v - mean) ** 2;
  }
  return { score: rows > 0 && ssTot > 0 ? 1 - ssRes / ssTot : NaN, rows };
}

/** Smallest and largest training value in each bin of each numeric feature (null for categorical). */
function binValueRanges(x: FeatureMatrix, bins: Uint8Array, width: number): ({ low: Float64Array; high: Float64Array } | null)[] {
  return x.columns.map((column, f) => {
    if (column.kind !== 'numeric') return null;
    const low = new Float64Array(256).fill(Infinity);
    const high = new Float64Array(256).fill(-Infinity);
    const values = column.values;
    for (let r = 0, at = f; r < x.rows; r++, at += width) {
      const v = values[r];
      if (v !== v) continue;
      const b = bins[at];
      if (v < low[b]) low[b] = v;
      if (v > high[b]) high[b] = v;
    }
    return { low, high };
  });
}

function fitForest(learner: string, extra: boolean, defaults: Params, x: FeatureMatrix, y: Target, params: Params, ctx: FitContext): ForestModel {
  const task = taskOf(y);
  const cfg = forestConfig(learner, defaults, params, task);
  requireTrainable(x, y, ctx.sampleWeight);
  const n = x.rows;
  const outputs = y.kind === 'classification' ? y.classes.length : 1;
  const sampleWeight = ctx.sampleWeight;
  // Binned once; every tree reads the same bins.
  const data = binForestData(x, cfg.maxBin, ctx.rng);
  const missingBin = Int32Array.from(data.mappers, (m) => m.numBins);
  const grower = new ForestGrower(data, forestTarget(y), {
    extra,
    featuresPerNode: featuresPerNode(cfg.maxFeatures, x.columns.length),
    maxDepth: cfg.maxDepth,
    minSamplesSplit: cfg.minSamplesSplit,
    minSamplesLeaf: cfg.minSamplesLeaf,
    maxLeafNodes: cfg.maxLeafNodes,
    binValues: binValueRanges(x, data.bins, data.mappers.length),
  });

  const weight = new Float64Array(n);
  const drawn = new Uint32Array(cfg.bootstrap ? n : 0);
  const oobSums = new Float64Array(cfg.bootstrap ? n * outputs : 0);
  const oobCounts = new Uint32Array(cfg.bootstrap ? n : 0);
  const trees: Tree[] = [];
  for (let t = 0; t < cfg.numTrees; t++) {
    if (ctx.signal?.aborted) throw new CancelledError('training was cancelled');
    // One generator per tree: a tree's draws do not depend on how many the previous one made.
    const rng = ctx.rng.fork();
    if (cfg.bootstrap) {
      // n rows drawn with replacement; a row's count multiplies its weight (as scikit-learn).
      // A sample of only zero-weight rows (possible with many zero weights) is drawn again.
      let total = 0;
      while (total === 0) {
        drawn.fill(0);
        for (let i = 0; i < n; i++) drawn[rng.int(n)]++;
        for (let r = 0; r < n; r++) total += weight[r] = sampleWeight ? drawn[r] * sampleWeight[r] : drawn[r];
      }
    } else if (sampleWeight) {
      weight.set(sampleWeight);
    } else {
      weight.fill(1);
    }
    const tree = grower.grow(weight, rng);
    trees.push(tree);
    if (cfg.bootstrap) {
      const width = data.features;
      const values = tree.leafValue;
      for (let r = 0; r < n; r++) {
        if (drawn[r] !== 0) continue;
        const base = leafOfBinned(tree, data.bins, r * width, missingBin) * outputs;
        for (let k = 0; k < outputs; k++) oobSums[r * outputs + k] += values[base + k];
        oobCounts[r]++;
      }
    }
    ctx.onProgress?.((t + 1) / cfg.numTrees);
  }

  let oobScore: number | null = null;
  if (cfg.bootstrap) {
    const oob = outOfBagScore(y, oobSums, oobCounts, outputs);
    if (oob.rows > 0 && Number.isFinite(oob.score)) {
      oobScore = oob.score;
      const what = y.kind === 'classification' ? 'accuracy' : 'R²';
      ctx.log?.(`${learner}: out-of-bag ${what} ${oob.score.toFixed(4)} on ${oob.rows} of ${n} rows`);
    } else {
      ctx.log?.(`${learner}: no out-of-bag score (no row was left out of every bootstrap sample or the target is constant)`);
    }
  }

  return new ForestModel(
    learner,
    task,
    { ...params },
    {
      outputs,
      classes: y.kind === 'classification' ? [...y.classes] : undefined,
      featureNames: x.columns.map((c) => c.name),
      featureKinds: x.columns.map((c) => c.kind),
      missingBin: Array.from(missingBin),
      binOfCode: data.mappers.map((m) => (m.kind === 'categorical' ? Array.from(m.binOfCode) : null)),
      oobScore,
    },
    trees,
  );
}

/**
 * The learner spec of one forest flavour. `costFactor` scales the cost estimate: extra trees
 * evaluate one threshold per feature, but grow deeper trees (more nodes, each with a pass per
 * feature), and measured 1.2-1.8x a random forest's time here.
 */
function forestLearner(name: string, description: string, extra: boolean, costFactor: number): LearnerSpec {
  const defaults = forestDefaults(!extra);
  return {
    name,
    description,
    tasks: ['binary', 'multiclass', 'regression'],
    handlesCategorical: true,
    handlesMissing: true,
    defaults,
    paramDocs: FOREST_PARAM_DOCS,
    version: FORMAT_VERSION,
    searchSpace(shape, task) {
      const maxTrees = Math.max(8, Math.min(2048, shape.rows));
      return {
        numTrees: { domain: { kind: 'logInt', low: 4, high: maxTrees }, init: Math.min(100, maxTrees), lowCostInit: 4 },
        maxFeatures: { domain: { kind: 'choice', values: ['sqrt', 'log2', 0.2, 0.35, 0.5, 0.75, 1] }, init: task === 'regression' ? 1 : 'sqrt' },
        minSamplesLeaf: { domain: { kind: 'logInt', low: 1, high: 64 }, init: 1 },
        bootstrap: { domain: { kind: 'choice', values: [true, false] }, init: !extra },
      };
    },
    relativeCost(params, shape) {
      const cfg = forestConfig(name, defaults, params, shape.classes > 1 ? (shape.classes > 2 ? 'multiclass' : 'binary') : 'regression');
      const perNode = featuresPerNode(cfg.maxFeatures, Math.max(1, shape.features));
      // A tree costs about rows × depth × features tried per node (depth ~ log2(rows) when grown
      // to purity), a default GBDT about 100 rounds × outputs × rows × features; the constant
      // was measured here (letter, diamonds, spam, flights_late: within about 3x of the real ratio).
      const rows = Math.max(2, shape.rows);
      let depth = Math.log2(rows);
      if (cfg.maxDepth > 0) depth = Math.min(depth, cfg.maxDepth);
      if (cfg.maxLeafNodes > 0) depth = Math.min(depth, Math.log2(cfg.maxLeafNodes));
      depth = Math.max(1, Math.min(depth, Math.log2(rows / cfg.minSamplesLeaf) + 1));
      const forest = cfg.numTrees * rows * depth * perNode;
      const gbdt = 100 * Math.max(1, shape.classes > 2 ? shape.classes : 1) * rows * Math.max(1, shape.features);
      return Math.max(1e-3, (1.5 * costFactor * forest) / gbdt);
    },
    fit: (x, y, params, ctx) => fitForest(name, extra, defaults, x, y, params, ctx),
    load(model) {
      const { trees, ...rest } = model.state as ForestState;
      return new ForestModel(name, model.task, model.params, rest, trees.map(treeFromJSON));
    },
  };
}

/**
 * Random forest (Breiman): bootstrap samples, trees grown to purity on binned features with the
 * best split among `maxFeatures` features drawn at each node, native categorical and missing values.
 */
export const randomForestLearner: LearnerSpec = forestLearner(
  'randomForest',
  'random forest: bootstrapped trees grown to purity on histogram bins (native categorical and missing values, out-of-bag score)',
  false,
  1,
);

/**
 * Extremely randomised trees (Geurts et al.): no bootstrap by default, one random threshold per
 * candidate feature at each node, otherwise as `randomForestLearner`.
 */
export const extraTreesLearner: LearnerSpec = forestLearner(
  'extraTrees',
  'extremely randomised trees: random thresholds, trees grown to purity on histogram bins (native categorical and missing values)',
  true,
  1.4,
);
