import { DataError } from '../../errors';
import type { Rng } from '../../random';
import type { Params } from '../../search/domain';
import { checkFeatures, denseMatrix, requireTrainable } from '../checks';
import { predictionsFromMargins, probabilitiesFromMargins } from '../outputs';
import type { FeatureMatrix, FitContext, FittedModel, LearnerSpec, SerializedModel, Target, Task } from '../types';
import { taskOf } from '../types';
import { denseFromJSON, denseToJSON, forward, type DenseLayerJSON, type Network } from './network';
import { MLP_DEFAULTS, MLP_PARAM_DOCS, mlpConfig, parseHiddenLayers, type MlpActivation, type MlpConfig } from './params';
import { activeBackend, trainNetwork, type MlpLoss, type TrainingRows } from './train';

const FORMAT_VERSION = 1;

/** Share of the training rows held out for early stopping when the caller gives no validation rows. */
const INTERNAL_VALIDATION_FRACTION = 0.1;
/** Fewer rows than this leave too little to hold out, so early stopping is skipped. */
const MIN_ROWS_FOR_INTERNAL_VALIDATION = 20;
/*
 * Cost model, measured on the wasm backend (10k x 20 rows, 5 epochs of several shapes, CPU time
 * on a 2-core machine): an epoch takes rows * weights * SECONDS_PER_ROW_WEIGHT for the arithmetic
 * plus SECONDS_PER_BATCH_LAYER per mini-batch and layer for tensor-op dispatch, which dominates
 * small networks. A default GBDT fit took GBDT_SECONDS_PER_ROW_FEATURE per row and feature on the
 * same data; `relativeCost` is the ratio of the two.
 */
const SECONDS_PER_ROW_WEIGHT = 5.4e-10;
const SECONDS_PER_BATCH_LAYER = 2.5e-4;
const GBDT_SECONDS_PER_ROW_FEATURE = 2.1e-6;

/** Saved state of a fitted MLP (plain JSON). */
export interface MlpState {
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly activation: MlpActivation;
  /** Hidden layers then the output layer. */
  readonly layers: readonly DenseLayerJSON[];
  /**
   * Regression trains on standardised targets; predictions are `output * targetStd + targetMean`.
   * Absent for classifiers.
   */
  readonly targetMean?: number;
  readonly targetStd?: number;
  /** Epoch whose weights were kept (after early stopping). */
  readonly epochs: number;
}

/**
 * A fitted multilayer perceptron. Prediction is a plain typed-array forward pass (no tfjs).
 * Raw outputs are the output layer's values: the log-odds (binary), one logit per class
 * (multiclass), or the prediction itself (regression, already on the target's scale).
 */
export class MlpModel implements FittedModel {
  readonly learner = 'mlp';
  readonly featureNames: readonly string[];
  /** The fitted network (DeepSHAP walks it). */
  readonly network: Network;

  constructor(
    readonly task: Task,
    readonly params: Params,
    private readonly state: MlpState,
  ) {
    this.featureNames = state.featureNames;
    this.network = { activation: state.activation, layers: state.layers.map(denseFromJSON) };
    const widths = [this.featureNames.length, ...this.network.layers.map((l) => l.units)];
    this.network.layers.forEach((layer, l) => {
      if (layer.inputs !== widths[l]) throw new RangeError(`saved mlp layer ${l} takes ${layer.inputs} inputs, the previous layer gives ${widths[l]}`);
    });
  }

  get classes(): readonly string[] | undefined {
    return this.state.classes;
  }

  /** Epoch whose weights the model kept. */
  get epochs(): number {
    return this.state.epochs;
  }

  /** Raw output = network output × std + mean (regression's standardised target; 1 and 0 otherwise). */
  get outputScale(): { readonly mean: number; readonly std: number } {
    return { mean: this.state.targetMean ?? 0, std: this.state.targetStd ?? 1 };
  }

  predictRaw(x: FeatureMatrix): Float64Array[] {
    checkFeatures(x, this.featureNames, this.featureNames.map(() => 'numeric'));
    const raw = forward(this.network, denseMatrix(x, 'mlp'), x.rows);
    const { targetMean, targetStd } = this.state;
    if (targetMean !== undefined && targetStd !== undefined) {
      for (let r = 0; r < x.rows; r++) raw[0][r] = raw[0][r] * targetStd + targetMean;
    }
    return raw;
  }

  predictProba(x: FeatureMatrix): Float64Array[] {
    return probabilitiesFromMargins(this.task, this.predictRaw(x));
  }

  predict(x: FeatureMatrix): Float64Array {
    return predictionsFromMargins(this.task, this.predictRaw(x));
  }

  toJSON(): SerializedModel {
    const state: MlpState = { ...this.state, layers: this.network.layers.map(denseToJSON) };
    return { learner: this.learner, version: FORMAT_VERSION, task: this.task, params: this.params, state };
  }
}

/** How a target is encoded for the network. */
interface TargetEncoding {
  readonly loss: MlpLoss;
  readonly outputs: number;
  readonly mean: number;
  readonly std: number;
}

function targetEncoding(y: Target): TargetEncoding {
  if (y.kind === 'classification') {
    const binary = y.classes.length === 2;
    return { loss: binary ? 'sigmoid' : 'softmax', outputs: binary ? 1 : y.classes.length, mean: 0, std: 1 };
  }
  // Standardising the target keeps the output layer's scale (and Adam's step) sensible whatever
  // the target's units; the model undoes it at prediction.
  const n = y.values.length;
  let mean = 0;
  for (const v of y.values) mean += v / n;
  let variance = 0;
  for (const v of y.values) variance += (v - mean) ** 2 / n;
  const std = Math.sqrt(variance);
  return { loss: 'mse', outputs: 1, mean, std: std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1 };
}

/** Training rows in the network's encoding, optionally only `rows` of them. */
function encodeRows(dense: Float64Array, features: number, y: Target, enc: TargetEncoding, weights: Float64Array | undefined, rows?: Int32Array): TrainingRows {
  const count = rows ? rows.length : y.kind === 'regression' ? y.values.length : y.codes.length;
  const x = new Float32Array(count * features);
  const out = new Float32Array(count * enc.outputs);
  const w = weights ? new Float32Array(count) : undefined;
  for (let i = 0; i < count; i++) {
    const r = rows ? rows[i] : i;
    for (let f = 0; f < features; f++) x[i * features + f] = dense[r * features + f];
    if (y.kind === 'regression') out[i] = (y.values[r] - enc.mean) / enc.std;
    else if (enc.loss === 'sigmoid') out[i] = y.codes[r];
    else out[i * enc.outputs + y.codes[r]] = 1;
    if (w && weights) w[i] = weights[r];
  }
  return w ? { rows: count, x, y: out, weights: w } : { rows: count, x, y: out };
}

/** The caller's validation rows, checked against the training problem and encoded. */
function encodeValidation(validation: NonNullable<FitContext['validation']>, x: FeatureMatrix, y: Target, enc: TargetEncoding): TrainingRows {
  checkFeatures(validation.x, x.columns.map((c) => c.name), x.columns.map(() => 'numeric'));
  const vy = validation.y;
  if (vy.kind !== y.kind) throw new TypeError(`validation target is ${vy.kind}, the training target is ${y.kind}`);
  if (vy.kind === 'classification' && y.kind === 'classification') {
    if (vy.classes.length !== y.classes.length) throw new RangeError(`validation target has ${vy.classes.length} classes, the training target ${y.classes.length}`);
  }
  requireTrainableRows(validation.x, vy, validation.sampleWeight);
  return encodeRows(denseMatrix(validation.x, 'mlp'), x.columns.length, vy, enc, validation.sampleWeight);
}

/** Like `requireTrainable`, but a validation set may hold a single class. */
function requireTrainableRows(x: FeatureMatrix, y: Target, weights: Float64Array | undefined): void {
  const labels = y.kind === 'regression' ? y.values : y.codes;
  if (labels.length !== x.rows) throw new RangeError(`validation target has ${labels.length} values for ${x.rows} rows`);
  if (weights && weights.length !== x.rows) throw new RangeError(`validation sampleWeight has ${weights.length} values for ${x.rows} rows`);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    const bad = y.kind === 'regression' ? !Number.isFinite(v) : v < 0 || v >= y.classes.length;
    if (bad) throw new DataError(`the validation target is missing or unknown in row ${i + 1}`);
  }
}

/** A seeded split of `n` rows into training and held-out row indices. */
function holdOut(n: number, fraction: number, rng: Rng): { train: Int32Array; valid: Int32Array } {
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const held = Math.max(1, Math.round(n * fraction));
  return { valid: order.slice(0, held).sort(), train: order.slice(held).sort() };
}

function fitMlp(x: FeatureMatrix, y: Target, params: Params, ctx: FitContext): MlpModel {
  const config: MlpConfig = mlpConfig(params);
  requireTrainable(x, y, ctx.sampleWeight);
  const features = x.columns.length;
  if (features === 0) throw new DataError('mlp needs at least one feature');
  const task = taskOf(y);
  const dense = denseMatrix(x, 'mlp');
  const enc = targetEncoding(y);

  let train: TrainingRows;
  let validation: TrainingRows | undefined;
  if (config.earlyStoppingPatience > 0 && ctx.validation) {
    train = encodeRows(dense, features, y, enc, ctx.sampleWeight);
    validation = encodeValidation(ctx.validation, x, y, enc);
  } else if (config.earlyStoppingPatience > 0 && x.rows >= MIN_ROWS_FOR_INTERNAL_VALIDATION) {
    const split = holdOut(x.rows, INTERNAL_VALIDATION_FRACTION, ctx.rng);
    train = encodeRows(dense, features, y, enc, ctx.sampleWeight, split.train);
    validation = encodeRows(dense, features, y, enc, ctx.sampleWeight, split.valid);
  } else {
    if (config.earlyStoppingPatience > 0) ctx.log?.(`mlp: ${x.rows} rows are too few to hold out validation rows; early stopping is off`);
    train = encodeRows(dense, features, y, enc, ctx.sampleWeight);
  }

  const backend = activeBackend();
  ctx.log?.(`mlp: training on the tfjs '${backend}' backend`);
  const result = trainNetwork(train, {
    config,
    features,
    outputs: enc.outputs,
    loss: enc.loss,
    rng: ctx.rng,
    validation,
    signal: ctx.signal,
    onProgress: ctx.onProgress,
    log: ctx.log,
  });
  ctx.log?.(`mlp: ${result.epochs} epochs, kept epoch ${result.keptEpoch}${validation ? ` (validation loss ${result.validationLoss.toPrecision(6)})` : ''}`);

  const state: MlpState = {
    featureNames: x.columns.map((c) => c.name),
    ...(y.kind === 'classification' ? { classes: [...y.classes] } : { targetMean: enc.mean, targetStd: enc.std }),
    activation: config.activation,
    layers: result.layers.map(denseToJSON),
    epochs: result.keptEpoch,
  };
  return new MlpModel(task, { ...params }, state);
}

/** Trainable weights and layers of a network with these widths (for the cost estimate). */
function networkSize(hiddenLayers: string, features: number, outputs: number): { weights: number; layers: number } {
  let widths: number[];
  try {
    widths = [features, ...parseHiddenLayers(hiddenLayers), outputs];
  } catch {
    // Bad params fail in `fit` with a clear message; the estimate only needs to be positive.
    widths = [features, outputs];
  }
  let weights = 0;
  for (let l = 1; l < widths.length; l++) weights += (widths[l - 1] + 1) * widths[l];
  return { weights, layers: widths.length - 1 };
}

/** A multilayer perceptron trained with Adam on TensorFlow.js (dense numeric inputs). */
export const mlpLearner: LearnerSpec = {
  name: 'mlp',
  description: 'multilayer perceptron (TensorFlow.js, Adam, early stopping); needs encoded, imputed, scaled features',
  tasks: ['binary', 'multiclass', 'regression'],
  handlesCategorical: false,
  handlesMissing: false,
  needsTensorflow: true,
  defaults: MLP_DEFAULTS,
  paramDocs: MLP_PARAM_DOCS,
  version: FORMAT_VERSION,
  searchSpace() {
    return {
      hiddenLayers: { domain: { kind: 'choice', values: ['32', '64', '128', '64,32', '128,64', '256,128', '128,64,32'] }, init: '64,32', lowCostInit: '32' },
      activation: { domain: { kind: 'choice', values: ['relu', 'tanh'] }, init: 'relu' },
      learningRate: { domain: { kind: 'logUniform', low: 1e-4, high: 3e-2 }, init: 1e-3 },
      batchSize: { domain: { kind: 'choice', values: [32, 64, 128, 256, 512] }, init: 128, lowCostInit: 512 },
      maxEpochs: { domain: { kind: 'logInt', low: 5, high: 500 }, init: 100, lowCostInit: 5 },
      l2: { domain: { kind: 'logUniform', low: 1e-7, high: 1e-1 }, init: 1e-4 },
      dropout: { domain: { kind: 'uniform', low: 0, high: 0.5 }, init: 0 },
    };
  },
  relativeCost(params, shape) {
    const epochs = typeof params.maxEpochs === 'number' ? params.maxEpochs : MLP_DEFAULTS.maxEpochs;
    const batch = typeof params.batchSize === 'number' ? params.batchSize : MLP_DEFAULTS.batchSize;
    const hidden = typeof params.hiddenLayers === 'string' ? params.hiddenLayers : MLP_DEFAULTS.hiddenLayers;
    const { weights, layers } = networkSize(hidden, shape.features, shape.classes > 2 ? shape.classes : 1);
    const rows = Math.max(1, shape.rows);
    const epochSeconds = rows * weights * SECONDS_PER_ROW_WEIGHT + Math.ceil(rows / Math.max(1, batch)) * layers * SECONDS_PER_BATCH_LAYER;
    return (epochs * epochSeconds) / (rows * Math.max(1, shape.features) * GBDT_SECONDS_PER_ROW_FEATURE);
  },
  fit: fitMlp,
  load(model) {
    return new MlpModel(model.task, model.params, model.state as MlpState);
  },
};
