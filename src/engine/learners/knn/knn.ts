import { CancelledError } from '../../errors';
import type { Params } from '../../search/domain';
import { checkFeatures, denseMatrix, requireTrainable } from '../checks';
import { classShares } from '../classShares';
import { argmax } from '../outputs';
import { requireRange, resolveParams } from '../params';
import type { FeatureMatrix, FitContext, FittedModel, LearnerSpec, SerializedModel, Target, Task } from '../types';
import { taskOf } from '../types';
import { buildIndex, KD_TREE_MAX_FEATURES, type Metric, type NeighborIndex, type Neighbors, type SearchAlgorithm } from './neighbors';

const FORMAT_VERSION = 1;
const LEARNER = 'knn';

/** Neighbour weighting: every neighbour counts the same, or by inverse distance. */
export type KnnWeights = 'uniform' | 'distance';

/** Default parameters of the `knn` learner. */
export const KNN_DEFAULTS = {
  k: 5,
  weights: 'uniform',
  metric: 'euclidean',
  algorithm: 'auto',
  prior: 0,
} as const satisfies Params;

/** Documentation of each `knn` parameter, for `--help`. */
export const KNN_PARAM_DOCS: Readonly<Record<keyof typeof KNN_DEFAULTS, string>> = {
  k: 'number of neighbours (integer >= 1; clipped to the training rows)',
  weights: "'uniform' (each neighbour one vote) or 'distance' (votes weighted by 1/distance; an exact match takes all the weight)",
  metric: "'euclidean' or 'manhattan'",
  prior:
    'pseudo-neighbours voting in proportion to the training class shares (classification; >= 0): probabilities are (1 - λ) × vote shares + λ × class shares with λ = prior / (k + prior); 0 gives the vote shares alone, as in scikit-learn',
  algorithm: `'auto' (k-d tree up to ${KD_TREE_MAX_FEATURES} features, switching to brute force where it prunes poorly; brute force above), 'kdTree' or 'brute'; only speed differs, the neighbours found are the same`,
};

interface KnnConfig {
  readonly k: number;
  readonly weights: KnnWeights;
  readonly metric: Metric;
  readonly algorithm: 'auto' | SearchAlgorithm;
  readonly prior: number;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new RangeError(`parameter '${name}' of learner '${LEARNER}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
}

function knnConfig(params: Params): KnnConfig {
  const p = resolveParams(LEARNER, KNN_DEFAULTS, params);
  return {
    k: requireRange(LEARNER, 'k', p.k as number, 1, 1e6, { integer: true }),
    weights: oneOf('weights', p.weights, ['uniform', 'distance'] as const),
    metric: oneOf('metric', p.metric, ['euclidean', 'manhattan'] as const),
    algorithm: oneOf('algorithm', p.algorithm, ['auto', 'kdTree', 'brute'] as const),
    prior: requireRange(LEARNER, 'prior', p.prior as number, 0, 1e6),
  };
}

export interface KnnState {
  readonly featureNames: readonly string[];
  /** Class labels (classification only). */
  readonly classes?: readonly string[];
  readonly rows: number;
  /** Training rows, row-major (`rows × features`), after dropping rows of weight 0. */
  readonly data: readonly number[];
  /** Class code or target value per training row. */
  readonly labels: readonly number[];
  /** Sample weight per training row; absent when all are 1. */
  readonly weights?: readonly number[];
}

/** The fitted state in typed arrays. */
interface KnnTrainingSet {
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly rows: number;
  readonly data: Float64Array;
  readonly labels: Float64Array;
  readonly weights?: Float64Array;
}

/**
 * A fitted k-nearest-neighbour model. It keeps the whole training matrix: memory and the saved
 * JSON grow as rows × features (8 bytes per value in memory, about 20 in JSON; 50k rows × 64
 * features ≈ 26 MB in memory, 64 MB of JSON). The search index is rebuilt from it on load.
 *
 * Features are used as given: scale matters to distances, and the pipeline standardises numeric
 * features before this learner sees them, so no scaling happens here.
 */
export class KnnModel implements FittedModel {
  readonly learner = LEARNER;
  readonly featureNames: readonly string[];
  private readonly config: KnnConfig;
  private readonly index: NeighborIndex;
  /** The classes' training shares, where `prior` pseudo-neighbours vote (none without them). */
  private readonly shares?: Float64Array;

  constructor(
    readonly task: Task,
    readonly params: Params,
    private readonly training: KnnTrainingSet,
    index?: NeighborIndex,
  ) {
    this.featureNames = training.featureNames;
    this.config = knnConfig(params);
    this.index = index ?? buildIndex(training.data, training.rows, training.featureNames.length, this.config.metric, this.config.algorithm);
    if (this.config.prior > 0 && training.classes) this.shares = classShares(training.classes.length, training.labels, training.weights);
  }

  /** Training rows the model searches (rows of weight 0 were dropped at fit time). */
  get trainingRows(): number {
    return this.training.rows;
  }

  /** The search in use: `'kdTree'` or `'brute'`. */
  get algorithm(): SearchAlgorithm {
    return this.index.algorithm;
  }

  get classes(): readonly string[] | undefined {
    return this.training.classes;
  }

  /**
   * The k nearest training rows of each row of `x` (k clipped to the training rows), nearest
   * first, ties broken by the smaller training index. Indices refer to the training rows kept
   * at fit time (rows of weight 0 are dropped, which shifts later indices).
   */
  neighbors(x: FeatureMatrix): Neighbors {
    checkFeatures(x, this.featureNames, this.featureNames.map(() => 'numeric'));
    return this.index.query(denseMatrix(x, LEARNER), x.rows, this.config.k);
  }

  /**
   * Each neighbour's weight in row `r`: its sample weight, divided by its distance for
   * 'distance' weighting. As in scikit-learn, a row with an exact match (distance 0) gives all
   * weight to its exact matches, since 1/0 would otherwise swamp every other neighbour.
   */
  private neighborWeights(nb: Neighbors, r: number, out: Float64Array): void {
    const k = nb.k;
    const base = r * k;
    const sw = this.training.weights;
    if (this.config.weights === 'uniform') {
      for (let j = 0; j < k; j++) out[j] = sw ? sw[nb.indices[base + j]] : 1;
      return;
    }
    // Sorted nearest first, so an exact match, if any, comes first.
    const exact = nb.distances[base] === 0;
    for (let j = 0; j < k; j++) {
      const d = nb.distances[base + j];
      const w = exact ? (d === 0 ? 1 : 0) : 1 / d;
      out[j] = sw ? w * sw[nb.indices[base + j]] : w;
    }
  }

  predictProba(x: FeatureMatrix): Float64Array[] {
    const classes = this.training.classes;
    if (this.task === 'regression' || !classes) throw new TypeError('predictProba needs a classification model');
    const nb = this.neighbors(x);
    const labels = this.training.labels;
    const proba = classes.map(() => new Float64Array(x.rows));
    const w = new Float64Array(nb.k);
    // `prior` pseudo-neighbours vote by the class shares: k votes cannot make a class impossible
    // (a lone kNN at p = 0 on one holdout row of penguins gave a log loss of 0.50).
    const shares = this.shares;
    const lambda = this.config.prior / (nb.k + this.config.prior);
    for (let r = 0; r < x.rows; r++) {
      this.neighborWeights(nb, r, w);
      let total = 0;
      // Votes accumulate nearest first, as scikit-learn's do, so sums agree to the last bit.
      for (let j = 0; j < nb.k; j++) {
        proba[labels[nb.indices[r * nb.k + j]]][r] += w[j];
        total += w[j];
      }
      for (const p of proba) p[r] /= total;
      if (shares) for (let c = 0; c < proba.length; c++) proba[c][r] = (1 - lambda) * proba[c][r] + lambda * shares[c];
    }
    return proba;
  }

  predict(x: FeatureMatrix): Float64Array {
    if (this.task !== 'regression') return argmax(this.predictProba(x));
    const nb = this.neighbors(x);
    const labels = this.training.labels;
    const out = new Float64Array(x.rows);
    const w = new Float64Array(nb.k);
    for (let r = 0; r < x.rows; r++) {
      this.neighborWeights(nb, r, w);
      let sum = 0;
      let total = 0;
      for (let j = 0; j < nb.k; j++) {
        sum += w[j] * labels[nb.indices[r * nb.k + j]];
        total += w[j];
      }
      out[r] = sum / total;
    }
    return out;
  }

  toJSON(): SerializedModel {
    const t = this.training;
    const state: KnnState = {
      featureNames: t.featureNames,
      classes: t.classes,
      rows: t.rows,
      data: Array.from(t.data),
      labels: Array.from(t.labels),
      weights: t.weights ? Array.from(t.weights) : undefined,
    };
    return { learner: this.learner, version: FORMAT_VERSION, task: this.task, params: this.params, state };
  }
}

/** Rows with weight > 0: a row of weight 0 must not take a neighbour slot it cannot vote in. */
function keptRows(rows: number, weights: Float64Array | undefined): Int32Array | undefined {
  if (!weights) return undefined;
  let zero = 0;
  for (let i = 0; i < rows; i++) if (weights[i] === 0) zero++;
  if (zero === 0) return undefined;
  const kept = new Int32Array(rows - zero);
  let m = 0;
  for (let i = 0; i < rows; i++) if (weights[i] > 0) kept[m++] = i;
  return kept;
}

function fitKnn(x: FeatureMatrix, y: Target, params: Params, ctx: FitContext): KnnModel {
  const task = taskOf(y);
  const cfg = knnConfig(params);
  requireTrainable(x, y, ctx.sampleWeight);
  const abortCheck = (): void => {
    if (ctx.signal?.aborted) throw new CancelledError('training was cancelled');
  };
  abortCheck();
  const d = x.columns.length;
  const sampleWeight = ctx.sampleWeight;
  let data = denseMatrix(x, LEARNER);
  let labels = y.kind === 'regression' ? y.values.slice() : Float64Array.from(y.codes);
  let weights = sampleWeight?.slice();
  const kept = keptRows(x.rows, sampleWeight);
  if (kept && sampleWeight) {
    const dense = data;
    data = new Float64Array(kept.length * d);
    for (let m = 0; m < kept.length; m++) data.set(dense.subarray(kept[m] * d, kept[m] * d + d), m * d);
    const all = labels;
    labels = Float64Array.from(kept, (i) => all[i]);
    weights = Float64Array.from(kept, (i) => sampleWeight[i]);
  }
  const rows = kept ? kept.length : x.rows;
  // All-ones weights change nothing; leaving them out keeps the saved model smaller.
  if (weights && weights.every((w) => w === 1)) weights = undefined;
  if (cfg.k > rows) ctx.log?.(`knn: k = ${cfg.k} exceeds the ${rows} training rows; using ${rows}`);
  ctx.onProgress?.(0.5);

  // The tree builder checks before each node's split, so a cancelled fit stops within one
  // partition (at most one pass over the rows).
  const index = buildIndex(data, rows, d, cfg.metric, cfg.algorithm, abortCheck);
  abortCheck();
  ctx.log?.(`knn: ${index.algorithm === 'kdTree' ? 'k-d tree' : 'brute-force'} search over ${rows} rows × ${d} features`);
  ctx.onProgress?.(1);

  const training: KnnTrainingSet = {
    featureNames: x.columns.map((c) => c.name),
    classes: y.kind === 'classification' ? [...y.classes] : undefined,
    rows,
    data,
    labels,
    weights,
  };
  return new KnnModel(task, { ...params }, training, index);
}

/**
 * k-nearest neighbours (exact search): class probabilities are the (weighted) share of votes
 * among the k nearest training rows, regression predictions their (weighted) mean. Needs dense
 * numeric features on a common scale: the pipeline encodes, imputes and standardises first.
 */
export const knnLearner: LearnerSpec = {
  name: LEARNER,
  description: 'k-nearest neighbours (exact k-d tree or brute-force search; needs standardised numeric features)',
  tasks: ['binary', 'multiclass', 'regression'],
  handlesCategorical: false,
  handlesMissing: false,
  defaults: KNN_DEFAULTS,
  paramDocs: KNN_PARAM_DOCS,
  version: FORMAT_VERSION,
  searchSpace(shape) {
    // As FLAML: up to sqrt(rows) neighbours; more only blurs the decision boundary.
    const high = Math.max(2, Math.floor(Math.sqrt(shape.rows)));
    return {
      k: { domain: { kind: 'logInt', low: 1, high }, init: Math.min(5, high), lowCostInit: Math.min(5, high) },
      weights: { domain: { kind: 'choice', values: ['uniform', 'distance'] }, init: 'uniform' },
      metric: { domain: { kind: 'choice', values: ['euclidean', 'manhattan'] }, init: 'euclidean' },
      // Classification: a pseudo-neighbour voting by the class shares from the first trial on, so
      // a class absent from the k nearest is unlikely, not impossible (one such holdout row gave
      // a lone kNN a log loss of 0.50 on penguins); vote shares alone (0) stay a choice.
      ...(shape.classes > 1 ? { prior: { domain: { kind: 'choice', values: [0, 0.5, 1, 2, 4] }, init: 1 } } : {}),
    };
  },
  relativeCost(_params, shape) {
    // Fitting is nearly free; the cost is predicting the validation rows, each against every
    // training row (brute force) or the leaves a tree cannot prune. Measured against a default
    // GBDT fit + predict on the same data (25% validation rows, independent features): brute
    // force ≈ 1.5e-4 × rows; a tree is ~4× faster with 8 features, ~16× with 4 and no faster
    // from 12 on. GBDT grows one tree per class for multiclass; kNN does not.
    const treeSpeedup = shape.features <= KD_TREE_MAX_FEATURES ? Math.max(1, 2 ** ((12 - shape.features) / 2)) : 1;
    const gbdtOutputs = shape.classes > 2 ? shape.classes : 1;
    return Math.max(0.02, (1.5e-4 * shape.rows) / treeSpeedup / gbdtOutputs);
  },
  fit: fitKnn,
  load(model) {
    const state = model.state as KnnState;
    return new KnnModel(model.task, model.params, {
      featureNames: state.featureNames,
      classes: state.classes,
      rows: state.rows,
      data: Float64Array.from(state.data),
      labels: Float64Array.from(state.labels),
      weights: state.weights ? Float64Array.from(state.weights) : undefined,
    });
  },
};
