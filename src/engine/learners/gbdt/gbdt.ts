import { CancelledError } from '../../errors';
import type { Rng } from '../../random';
import type { Params } from '../../search/domain';
import { checkFeatures, labelsOf, rawColumns, requireTrainable } from '../checks';
import type { FeatureMatrix, FitContext, FittedModel, LearnerSpec, SerializedModel, Target, Task } from '../types';
import { taskOf } from '../types';
import { predictionsFromMargins, probabilitiesFromMargins } from '../outputs';
import { binTrainingData, binWithMappers, type BinnedMatrix } from './binning';
import { makeObjective, weightedMedian, type Objective } from './objective';
import { GBDT_DEFAULTS, GBDT_PARAM_DOCS, gbdtConfig, type GbdtConfig, type GbdtObjective } from './params';
import { addTreeOutputs, leafOfBinned, treeFromJSON, treeToJSON, type FeatureLayout, type SerializedTree, type Tree } from './tree';
import { TreeGrower } from './treeGrower';

const FORMAT_VERSION = 1;

interface GbdtState {
  readonly objective: GbdtObjective;
  readonly outputs: number;
  readonly classes?: readonly string[];
  readonly featureNames: readonly string[];
  readonly featureKinds: readonly ('numeric' | 'categorical')[];
  readonly initScores: readonly number[];
  readonly missingBin: readonly number[];
  readonly binOfCode: readonly (readonly number[] | null)[];
  /** Trees in boosting order: round `r`, output `k` at `r * outputs + k`. */
  readonly trees: readonly SerializedTree[];
}

/**
 * A fitted gradient-boosted tree ensemble. Raw outputs are margins (log-odds for binary, class
 * scores for multiclass) or values (regression); probabilities go through the sigmoid/softmax.
 */
export class GbdtModel implements FittedModel {
  readonly learner = 'gbdt';
  readonly featureNames: readonly string[];
  /** How raw values reach bins (missing and category bins): TreeSHAP routes rows with it. */
  readonly layout: FeatureLayout;

  constructor(
    readonly task: Task,
    readonly params: Params,
    private readonly state: Omit<GbdtState, 'trees'>,
    readonly trees: readonly Tree[],
  ) {
    this.featureNames = state.featureNames;
    this.layout = {
      missingBin: Int32Array.from(state.missingBin),
      binOfCode: state.binOfCode.map((m) => (m ? Int32Array.from(m) : null)),
    };
  }

  /** Number of boosting rounds kept (after early stopping). */
  get rounds(): number {
    return this.trees.length / this.state.outputs;
  }

  get classes(): readonly string[] | undefined {
    return this.state.classes;
  }

  /** Starting score of each output (raw margin or value before the first tree). */
  get initScores(): readonly number[] {
    return this.state.initScores;
  }

  predictRaw(x: FeatureMatrix): Float64Array[] {
    checkFeatures(x, this.featureNames, this.state.featureKinds);
    const columns = rawColumns(x);
    const outputs = this.state.outputs;
    const raw = Array.from({ length: outputs }, (_, k) => new Float64Array(x.rows).fill(this.state.initScores[k]));
    for (let t = 0; t < this.trees.length; t++) addTreeOutputs(this.trees[t], columns, x.rows, this.layout, raw[t % outputs]);
    return raw;
  }

  predictProba(x: FeatureMatrix): Float64Array[] {
    return probabilitiesFromMargins(this.task, this.predictRaw(x));
  }

  predict(x: FeatureMatrix): Float64Array {
    return predictionsFromMargins(this.task, this.predictRaw(x));
  }

  toJSON(): SerializedModel {
    const state: GbdtState = { ...this.state, trees: this.trees.map(treeToJSON) };
    return { learner: this.learner, version: FORMAT_VERSION, task: this.task, params: this.params, state };
  }
}

/** Features sampled for one tree (all when the fraction is 1). */
function sampleFeatures(count: number, fraction: number, rng: Rng): Int32Array | undefined {
  if (fraction >= 1) return undefined;
  const take = Math.max(1, Math.round(count * fraction));
  const all = rng.shuffle(Int32Array.from({ length: count }, (_, f) => f));
  return all.subarray(0, take).sort();
}

/** Rows drawn for bagging: each kept with probability `fraction` (at least one). */
function sampleRows(count: number, fraction: number, rng: Rng, inBag: Uint8Array): Uint32Array {
  const rows = new Uint32Array(count);
  let m = 0;
  for (let i = 0; i < count; i++) {
    const keep = rng.next() < fraction;
    inBag[i] = keep ? 1 : 0;
    if (keep) rows[m++] = i;
  }
  if (m === 0) {
    const i = rng.int(count);
    inBag[i] = 1;
    rows[m++] = i;
  }
  return rows.slice(0, m);
}

/** Adds the new tree's leaf values to the scores of the rows it was grown on. */
function addLeafValues(scores: Float64Array, leafValue: Float64Array, order: Uint32Array, begin: Int32Array, end: Int32Array): void {
  for (let l = 0; l < begin.length; l++) {
    const v = leafValue[l];
    for (let i = begin[l]; i < end[l]; i++) scores[order[i]] += v;
  }
}

/** Adds a tree's predictions to the rows of binned data, skipping rows flagged 1 in `skip`. */
function addTreeToBinned(scores: Float64Array, tree: Tree, data: BinnedMatrix, missingBin: Int32Array, skip?: Uint8Array): void {
  const width = data.features;
  for (let r = 0; r < data.rows; r++) {
    if (skip && skip[r] === 1) continue;
    scores[r] += tree.leafValue[leafOfBinned(tree, data.bins, r * width, missingBin)];
  }
}

/** L1 loss: leaf values become the (weighted) median residual of their rows, times the learning rate. */
function renewLeaves(
  tree: Tree,
  labels: Float64Array,
  scores: Float64Array,
  weights: Float64Array | undefined,
  grown: { order: Uint32Array; leafBegin: Int32Array; leafEnd: Int32Array },
  learningRate: number,
): void {
  for (let l = 0; l < grown.leafBegin.length; l++) {
    const begin = grown.leafBegin[l];
    const count = grown.leafEnd[l] - begin;
    const residuals = new Float64Array(count);
    const w = weights ? new Float64Array(count) : undefined;
    for (let i = 0; i < count; i++) {
      const r = grown.order[begin + i];
      residuals[i] = labels[r] - scores[r];
      if (w && weights) w[i] = weights[r];
    }
    (tree.leafValue as Float64Array)[l] = weightedMedian(residuals, w) * learningRate;
  }
}

function fitGbdt(x: FeatureMatrix, y: Target, params: Params, ctx: FitContext): GbdtModel {
  const task = taskOf(y);
  const cfg: GbdtConfig = gbdtConfig(params, task);
  requireTrainable(x, y, ctx.sampleWeight);
  const labels = labelsOf(y);
  const weights = ctx.sampleWeight;
  const classes = y.kind === 'classification' ? y.classes.length : 1;
  const objective: Objective = makeObjective(cfg.objective, classes, cfg.huberDelta);
  const outputs = objective.outputs;
  const n = x.rows;

  const data = binTrainingData(x, cfg.maxBin, ctx.rng);
  const missingBin = Int32Array.from(data.mappers, (m) => m.numBins);
  const initScores = objective.initScores(labels, weights);
  const scores = initScores.map((s) => new Float64Array(n).fill(s));
  const grad = Array.from({ length: outputs }, () => new Float64Array(n));
  const hess = Array.from({ length: outputs }, () => new Float64Array(n));

  const validation = cfg.earlyStoppingRound > 0 && ctx.validation ? ctx.validation : undefined;
  const validData = validation ? binWithMappers(validation.x, data.mappers) : undefined;
  const validLabels = validation ? labelsOf(validation.y) : undefined;
  const validScores = validation ? initScores.map((s) => new Float64Array(validation.x.rows).fill(s)) : undefined;
  let bestLoss = Infinity;
  let bestRound = -1;

  const grower = new TreeGrower(data, cfg);
  const trees: Tree[] = [];
  const bagging = cfg.baggingFreq > 0 && cfg.baggingFraction < 1;
  const inBag = new Uint8Array(bagging ? n : 0);
  let bagRows: Uint32Array | undefined;

  for (let round = 0; round < cfg.numIterations; round++) {
    if (ctx.signal?.aborted) throw new CancelledError('training was cancelled');
    if (bagging && round % cfg.baggingFreq === 0) bagRows = sampleRows(n, cfg.baggingFraction, ctx.rng, inBag);
    objective.gradients(scores, labels, weights, grad, hess);
    const features = sampleFeatures(data.features, cfg.featureFraction, ctx.rng);
    let splits = 0;
    for (let k = 0; k < outputs; k++) {
      const grown = grower.grow(grad[k], hess[k], bagRows, features);
      const tree = grown.tree;
      splits += tree.feature.length;
      if (objective.renewLeaves) renewLeaves(tree, labels, scores[k], weights, grown, cfg.learningRate);
      addLeafValues(scores[k], tree.leafValue, grown.order, grown.leafBegin, grown.leafEnd);
      if (bagRows) addTreeToBinned(scores[k], tree, data, missingBin, inBag);
      if (validData && validScores) addTreeToBinned(validScores[k], tree, validData, missingBin);
      trees.push(tree);
    }
    ctx.onProgress?.((round + 1) / cfg.numIterations);
    if (splits === 0) {
      // Nothing left to split: later rounds would add the same empty trees.
      trees.length -= outputs;
      ctx.log?.(`gbdt: no split met the constraints after ${round} rounds; stopped`);
      break;
    }
    if (validation && validScores && validLabels) {
      const loss = objective.loss(validScores, validLabels, validation.sampleWeight);
      if (loss < bestLoss - 1e-12) {
        bestLoss = loss;
        bestRound = round;
      } else if (round - bestRound >= cfg.earlyStoppingRound) {
        ctx.log?.(`gbdt: early stopping at round ${round + 1}; best round ${bestRound + 1} (validation loss ${bestLoss.toPrecision(6)})`);
        break;
      }
    }
  }
  if (validation && bestRound >= 0) trees.length = (bestRound + 1) * outputs;

  return new GbdtModel(
    task,
    { ...params },
    {
      objective: cfg.objective,
      outputs,
      classes: y.kind === 'classification' ? [...y.classes] : undefined,
      featureNames: x.columns.map((c) => c.name),
      featureKinds: x.columns.map((c) => c.kind),
      initScores,
      missingBin: Array.from(missingBin),
      binOfCode: data.mappers.map((m) => (m.kind === 'categorical' ? Array.from(m.binOfCode) : null)),
    },
    trees,
  );
}

/** Histogram gradient boosting (LightGBM-style leaf-wise trees on binned features). */
export const gbdtLearner: LearnerSpec = {
  name: 'gbdt',
  description: 'gradient-boosted trees on histogram bins (LightGBM-style, native categorical and missing values)',
  tasks: ['binary', 'multiclass', 'regression'],
  handlesCategorical: true,
  handlesMissing: true,
  defaults: GBDT_DEFAULTS,
  paramDocs: GBDT_PARAM_DOCS,
  version: FORMAT_VERSION,
  searchSpace(shape) {
    const maxLeaves = Math.max(4, Math.min(32768, shape.rows));
    return {
      numIterations: { domain: { kind: 'logInt', low: 4, high: 32768 }, init: 100, lowCostInit: 4 },
      numLeaves: { domain: { kind: 'logInt', low: 4, high: maxLeaves }, init: Math.min(31, maxLeaves), lowCostInit: 4 },
      minDataInLeaf: { domain: { kind: 'logInt', low: 2, high: 129 }, init: 20 },
      learningRate: { domain: { kind: 'logUniform', low: 1 / 1024, high: 1 }, init: 0.1 },
      featureFraction: { domain: { kind: 'uniform', low: 0.1, high: 1 }, init: 1 },
      lambdaL1: { domain: { kind: 'logUniform', low: 1 / 1024, high: 1024 }, init: 1 / 1024 },
      lambdaL2: { domain: { kind: 'logUniform', low: 1 / 1024, high: 1024 }, init: 1 },
      maxBin: { domain: { kind: 'logInt', low: 7, high: 255 }, init: 255 },
    };
  },
  relativeCost(params, shape) {
    const iterations = typeof params.numIterations === 'number' ? params.numIterations : GBDT_DEFAULTS.numIterations;
    const leaves = typeof params.numLeaves === 'number' ? params.numLeaves : GBDT_DEFAULTS.numLeaves;
    const outputs = shape.classes > 2 ? shape.classes : 1;
    return (iterations / 100) * outputs * Math.max(0.5, Math.log2(leaves) / Math.log2(31));
  },
  fit: fitGbdt,
  load(model) {
    const state = model.state as GbdtState;
    const { trees, ...rest } = state;
    return new GbdtModel(model.task, model.params, rest, trees.map(treeFromJSON));
  },
};
