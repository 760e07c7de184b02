import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { CancelledError, DataError } from '../../errors';
import type { Rng } from '../../random';
import type { DenseLayer } from './network';
import type { MlpConfig } from './params';

/** Rows to learn from, already as float32 (what the tensors hold). */
export interface TrainingRows {
  readonly rows: number;
  /** Row-major `rows x features`. */
  readonly x: Float32Array;
  /** Row-major `rows x outputs`: 0/1 (binary), one-hot (multiclass) or standardised values (regression). */
  readonly y: Float32Array;
  /** Per-row loss weights; all 1 when absent. */
  readonly weights?: Float32Array;
}

/** How the output layer meets the target: sigmoid + log-loss, softmax + cross-entropy, or linear + squared error. */
export type MlpLoss = 'sigmoid' | 'softmax' | 'mse';

/** Everything the training loop needs besides the rows. */
export interface TrainOptions {
  readonly config: MlpConfig;
  readonly features: number;
  readonly outputs: number;
  readonly loss: MlpLoss;
  /** Source of the initial weights, the epoch shuffles and the dropout masks. */
  readonly rng: Rng;
  /** Rows whose loss decides early stopping (and which epoch's weights are kept). */
  readonly validation?: TrainingRows;
  readonly signal?: AbortSignalLike;
  readonly onProgress?: (fraction: number) => void;
  readonly log?: (message: string) => void;
}

/** What training produced. */
export interface TrainResult {
  /** Hidden layers then the output layer, with the kept weights. */
  readonly layers: DenseLayer[];
  /** Epochs run. */
  readonly epochs: number;
  /** 1-based epoch whose weights were kept (the last one without early stopping). */
  readonly keptEpoch: number;
  /** Validation loss of the kept weights (NaN without validation rows). */
  readonly validationLoss: number;
}

/**
 * Makes sure the pure-JS cpu backend is registered. It is pure JavaScript and initialises
 * synchronously, so `fit` works even where nobody awaited `initTensorflow` (src/node/tfBackend.ts,
 * which picks a faster backend first). The package registers it when loaded, but its
 * package.json declares the Node bundle free of side effects, so a bare `import` of it is dropped
 * by esbuild: using `MathBackendCPU` here keeps the module, and registering keeps this explicit.
 */
export function ensureCpuBackend(): void {
  if (!tf.findBackendFactory('cpu')) tf.registerBackend('cpu', () => new MathBackendCPU(), 1);
}

/**
 * Name of the tfjs backend training will use ('tensorflow', 'wasm' or 'cpu'), initialising the
 * best registered one if none is active yet.
 */
export function activeBackend(): string {
  ensureCpuBackend();
  return tf.getBackend();
}

/** Layer shapes from input to output. */
function layerShapes(config: MlpConfig, features: number, outputs: number): { inputs: number; units: number }[] {
  const widths = [features, ...config.hiddenLayers, outputs];
  return widths.slice(1).map((units, l) => ({ inputs: widths[l], units }));
}

/**
 * Initial kernel drawn from `rng` (not tfjs's initialisers, whose seeds live outside our Rng):
 * He-uniform before a ReLU, Glorot-uniform otherwise, as Keras recommends for each.
 */
function initialKernel(inputs: number, units: number, he: boolean, rng: Rng): Float32Array {
  const limit = he ? Math.sqrt(6 / inputs) : Math.sqrt(6 / (inputs + units));
  const kernel = new Float32Array(inputs * units);
  for (let i = 0; i < kernel.length; i++) kernel[i] = (rng.next() * 2 - 1) * limit;
  return kernel;
}

/** Output-layer values (before the link) for a batch. */
function forwardTensor(x: tf.Tensor2D, kernels: readonly tf.Tensor2D[], biases: readonly tf.Tensor1D[], relu: boolean): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  for (let l = 0; l < kernels.length - 1; l++) {
    const z = tf.add(tf.matMul(h, kernels[l]), biases[l]) as tf.Tensor2D;
    h = relu ? tf.relu(z) : tf.tanh(z);
  }
  return tf.add(tf.matMul(h, kernels[kernels.length - 1]), biases[kernels.length - 1]) as tf.Tensor2D;
}

/** Loss of each row: `[batch]`. */
function rowLoss(kind: MlpLoss, z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  switch (kind) {
    case 'sigmoid':
      // log(1 + e^z) - z*y is the log-loss of sigmoid(z); softplus keeps it finite for large |z|.
      return tf.sum(tf.sub(tf.softplus(z), tf.mul(z, y)), 1);
    case 'softmax':
      return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(y, tf.logSoftmax(z)), 1));
    case 'mse':
      return tf.sum(tf.squaredDifference(z, y), 1);
  }
}

/** Validation rows as tensors, uploaded once for every epoch's evaluation. */
interface RowTensors {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly weights?: tf.Tensor1D;
}

/** Weighted mean loss of `rows` under the current weights (no dropout), read back as a number. */
function evaluate(kind: MlpLoss, rows: RowTensors, unpack: () => { kernels: tf.Tensor2D[]; biases: tf.Tensor1D[] }, relu: boolean): number {
  const loss = tf.tidy(() => {
    const { kernels, biases } = unpack();
    const losses = rowLoss(kind, forwardTensor(rows.x, kernels, biases, relu), rows.y);
    if (!rows.weights) return tf.mean(losses);
    return tf.div(tf.sum(tf.mul(losses, rows.weights)), tf.maximum(tf.sum(rows.weights), 1e-12));
  });
  try {
    return loss.dataSync()[0];
  } finally {
    loss.dispose();
  }
}

/**
 * Gradients of the batch loss `sum_i share_i * loss_i + l2 * sum(kernel^2)` with respect to
 * every kernel, then every bias, by explicit backpropagation. Written out rather than taken from
 * tfjs autodiff because the gradient registry is not part of `@tensorflow/tfjs-core`'s Node
 * bundle (only the full `@tensorflow/tfjs` union registers it), and because an MLP's gradients are
 * short: each loss pairs with its output link so that d loss / d output = link(z) - y (times 2
 * for squared error).
 */
export function batchGradients(
  kind: MlpLoss,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  share: tf.Tensor1D,
  kernels: readonly tf.Tensor2D[],
  biases: readonly tf.Tensor1D[],
  relu: boolean,
  l2: number,
  masks?: readonly tf.Tensor2D[],
): tf.Tensor[] {
  // The wasm backend's matMul with a transpose flag is 3-4x slower than transposing first
  // (measured here: 566 vs 206 us for 64x256 by 256x32); the cpu backend is the other way round.
  const explicitTranspose = tf.getBackend() === 'wasm';
  const matMulT = (a: tf.Tensor2D, b: tf.Tensor2D, transposeA: boolean, transposeB: boolean): tf.Tensor2D =>
    explicitTranspose
      ? tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b)
      : tf.matMul(a, b, transposeA, transposeB);
  const layers = kernels.length;
  // inputs[l] feeds layer l; activations[l] is hidden layer l's output before dropout.
  const inputs: tf.Tensor2D[] = [x];
  const activations: tf.Tensor2D[] = [];
  for (let l = 0; l < layers - 1; l++) {
    const a = relu ? tf.relu(tf.add(tf.matMul(inputs[l], kernels[l]), biases[l])) : tf.tanh(tf.add(tf.matMul(inputs[l], kernels[l]), biases[l]));
    activations.push(a as tf.Tensor2D);
    inputs.push(masks ? tf.mul(a, masks[l]) : (a as tf.Tensor2D));
  }
  const z = tf.add(tf.matMul(inputs[layers - 1], kernels[layers - 1]), biases[layers - 1]) as tf.Tensor2D;
  const link = kind === 'sigmoid' ? tf.sigmoid(z) : kind === 'softmax' ? tf.softmax(z) : tf.mul(z, 2);
  let delta = tf.mul(tf.sub(link, kind === 'mse' ? tf.mul(y, 2) : y), tf.expandDims(share, 1)) as tf.Tensor2D;
  const kernelGrads: tf.Tensor[] = new Array<tf.Tensor>(layers);
  const biasGrads: tf.Tensor[] = new Array<tf.Tensor>(layers);
  for (let l = layers - 1; l >= 0; l--) {
    const dKernel = matMulT(inputs[l], delta, true, false);
    kernelGrads[l] = l2 > 0 ? tf.add(dKernel, tf.mul(kernels[l], 2 * l2)) : dKernel;
    biasGrads[l] = tf.sum(delta, 0);
    if (l === 0) break;
    let back = matMulT(delta, kernels[l], false, true);
    if (masks) back = tf.mul(back, masks[l - 1]);
    const a = activations[l - 1];
    // relu' is 1 where the unit fired; tanh' = 1 - tanh^2, from the stored activation.
    delta = (relu ? tf.mul(back, tf.step(a)) : tf.mul(back, tf.sub(1, tf.square(a)))) as tf.Tensor2D;
  }
  return [...kernelGrads, ...biasGrads];
}

/** Inverted-dropout masks for one batch, drawn from `rng`: kept units scaled by 1 / (1 - rate). */
function dropoutMasks(hidden: readonly number[], batch: number, rate: number, rng: Rng): tf.Tensor2D[] {
  const scale = 1 / (1 - rate);
  return hidden.map((units) => {
    const mask = new Float32Array(batch * units);
    for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < rate ? 0 : scale;
    return tf.tensor2d(mask, [batch, units]);
  });
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/**
 * Trains the network with Adam on shuffled mini-batches, synchronously, on whatever tfjs backend
 * is active (the Node side picks it once: `initTensorflow`). The loop is written out rather than
 * using `model.fit` because that is async and draws its randomness outside our seeded `Rng`;
 * here every random draw comes from `options.rng`, so a seed reproduces the weights bit for bit
 * on a given backend. Checks `options.signal` before every mini-batch and throws
 * `CancelledError`; every tensor is freed on return or throw.
 */
export function trainNetwork(train: TrainingRows, options: TrainOptions): TrainResult {
  const { config, features, outputs, rng, validation } = options;
  const relu = config.activation === 'relu';
  const shapes = layerShapes(config, features, outputs);
  // All weights live in one flat variable (kernels, then biases, each row-major): Adam then runs
  // ~14 tensor ops per step instead of ~14 per kernel and bias, which on the wasm backend, where
  // every op costs tens of microseconds however small, was a quarter of the training time.
  const kernelOffsets: number[] = [];
  const biasOffsets: number[] = [];
  let size = 0;
  for (const { inputs, units } of shapes) {
    kernelOffsets.push(size);
    size += inputs * units;
  }
  for (const { units } of shapes) {
    biasOffsets.push(size);
    size += units;
  }
  const initial = new Float32Array(size);
  shapes.forEach(({ inputs, units }, l) => initial.set(initialKernel(inputs, units, relu && l < shapes.length - 1, rng), kernelOffsets[l]));
  // Biases start at 0. Created inside tidy so the initial tensor goes; the variable stays.
  const weights = tf.tidy(() => tf.variable(tf.tensor1d(initial)));
  /** Kernels and biases as views of the flat variable (call inside a tidy). */
  const unpack = (): { kernels: tf.Tensor2D[]; biases: tf.Tensor1D[] } => ({
    kernels: shapes.map(({ inputs, units }, l) => tf.reshape(tf.slice(weights, kernelOffsets[l], inputs * units), [inputs, units])),
    biases: shapes.map(({ units }, l) => tf.slice(weights, biasOffsets[l], units)),
  });
  const optimizer = tf.train.adam(config.learningRate);
  const batchSize = Math.min(config.batchSize, train.rows);
  const tensors: tf.Tensor[] = [];
  try {
    const x = tf.tensor2d(train.x, [train.rows, features]);
    const y = tf.tensor2d(train.y, [train.rows, outputs]);
    tensors.push(x, y);
    let w: tf.Tensor1D | undefined;
    // Dividing each batch's weighted loss by batch * (mean weight) keeps its scale that of the
    // unweighted mean loss, and avoids dividing by zero in a batch of zero-weight rows.
    let weightScale = 1;
    if (train.weights) {
      w = tf.tensor1d(train.weights);
      tensors.push(w);
      let total = 0;
      for (const v of train.weights) total += v;
      weightScale = total / train.rows;
      // The caller's weights sum to more than 0, but the rows left after holding out validation rows may not.
      if (!(weightScale > 0)) throw new DataError('sampleWeight is 0 on every training row left after holding out validation rows');
    }
    let held: RowTensors | undefined;
    if (validation) {
      held = {
        x: tf.tensor2d(validation.x, [validation.rows, features]),
        y: tf.tensor2d(validation.y, [validation.rows, outputs]),
        weights: validation.weights ? tf.tensor1d(validation.weights) : undefined,
      };
      tensors.push(held.x, held.y, ...(held.weights ? [held.weights] : []));
    }

    const patience = validation ? config.earlyStoppingPatience : 0;
    let best = Infinity;
    let bestEpoch = 0;
    let bestWeights: Float32Array | undefined;
    const order = Int32Array.from({ length: train.rows }, (_, i) => i);
    let epoch = 0;
    while (epoch < config.maxEpochs) {
      rng.shuffle(order);
      for (let start = 0; start < train.rows; start += batchSize) {
        if (options.signal?.aborted) throw new CancelledError('training was cancelled');
        const end = Math.min(train.rows, start + batchSize);
        const batch = end - start;
        const masks = config.dropout > 0 && config.hiddenLayers.length > 0 ? dropoutMasks(config.hiddenLayers, batch, config.dropout, rng) : undefined;
        const index = tf.tensor1d(order.subarray(start, end), 'int32');
        const gradient = tf.tidy(() => {
          // Each row's share of the batch loss: 1/batch, or its weight over batch * (mean weight).
          const share = w ? tf.div(tf.gather(w, index), batch * weightScale) : tf.fill([batch], 1 / batch);
          const { kernels, biases } = unpack();
          const xb = tf.gather(x, index) as tf.Tensor2D;
          const yb = tf.gather(y, index) as tf.Tensor2D;
          const parts = batchGradients(options.loss, xb, yb, share as tf.Tensor1D, kernels, biases, relu, config.l2, masks);
          return tf.concat(parts.map((part) => tf.reshape(part, [-1])));
        });
        optimizer.applyGradients([{ name: weights.name, tensor: gradient }]);
        gradient.dispose();
        index.dispose();
        if (masks) tf.dispose(masks);
      }
      epoch++;
      // A diverged run (learning rate too high) makes every later epoch NaN: stop at once and say why.
      if (!allFinite(weights.dataSync())) {
        throw new RangeError(`mlp training diverged (non-finite weights) in epoch ${epoch}; lower 'learningRate' (now ${config.learningRate})`);
      }
      options.onProgress?.(epoch / config.maxEpochs);
      if (held && patience > 0) {
        const loss = evaluate(options.loss, held, unpack, relu);
        // Improvements below float32 noise do not count, or patience would never run out on a plateau.
        if (!bestWeights || loss < best - 1e-7 * Math.max(1, Math.abs(best))) {
          best = loss;
          bestEpoch = epoch;
          bestWeights = (weights.dataSync() as Float32Array).slice();
        } else if (epoch - bestEpoch >= patience) {
          options.log?.(`mlp: early stopping after epoch ${epoch}; kept epoch ${bestEpoch} (validation loss ${best.toPrecision(6)})`);
          break;
        }
      }
    }

    const kept = bestWeights ?? (weights.dataSync() as Float32Array).slice();
    const layers = shapes.map(({ inputs, units }, l): DenseLayer => ({
      inputs,
      units,
      kernel: Float64Array.from(kept.subarray(kernelOffsets[l], kernelOffsets[l] + inputs * units)),
      bias: Float64Array.from(kept.subarray(biasOffsets[l], biasOffsets[l] + units)),
    }));
    const finalLoss = bestWeights ? best : held ? evaluate(options.loss, held, unpack, relu) : NaN;
    return { layers, epochs: epoch, keptEpoch: bestWeights ? bestEpoch : epoch, validationLoss: finalLoss };
  } finally {
    tf.dispose(tensors);
    weights.dispose();
    optimizer.dispose();
  }
}
