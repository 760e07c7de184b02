import type { MlpActivation } from './params';

/**
 * One fully connected layer as saved in a model: `kernel` is row-major `[inputs][units]`
 * (Keras/tfjs `Dense` layout, so `out[j] = bias[j] + sum_i in[i] * kernel[i * units + j]`).
 * Values are the float32 weights training produced, written as plain numbers.
 */
export interface DenseLayerJSON {
  readonly inputs: number;
  readonly units: number;
  readonly kernel: readonly number[];
  readonly bias: readonly number[];
}

/** A dense layer ready for the forward pass. */
export interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float64Array;
  readonly bias: Float64Array;
}

/**
 * A fitted network without any tensor library: hidden layers with `activation`, then a linear
 * output layer (its link, sigmoid/softmax, is applied by the model). Kept free of tfjs so that
 * prediction is fast, synchronous and dependency-free, and so the TypeScript export can reuse it.
 */
export interface Network {
  readonly activation: MlpActivation;
  /** Hidden layers then the output layer; at least one layer. */
  readonly layers: readonly DenseLayer[];
}

/** A layer from its saved form; `RangeError` when the shapes disagree. */
export function denseFromJSON(json: DenseLayerJSON): DenseLayer {
  if (json.kernel.length !== json.inputs * json.units || json.bias.length !== json.units) {
    throw new RangeError(`saved mlp layer has ${json.kernel.length} weights and ${json.bias.length} biases for ${json.inputs}x${json.units}`);
  }
  return { inputs: json.inputs, units: json.units, kernel: Float64Array.from(json.kernel), bias: Float64Array.from(json.bias) };
}

/** The saved form of a layer. */
export function denseToJSON(layer: DenseLayer): DenseLayerJSON {
  return { inputs: layer.inputs, units: layer.units, kernel: Array.from(layer.kernel), bias: Array.from(layer.bias) };
}

/**
 * Output-layer values (before the link function) for each row of a row-major `rows x inputs`
 * matrix, as one array per output unit. Accumulates in float64: the weights are float32 values,
 * so this is at least as accurate as the float32 forward pass used in training.
 */
export function forward(network: Network, x: Float64Array, rows: number): Float64Array[] {
  const layers = network.layers;
  const relu = network.activation === 'relu';
  const widest = Math.max(...layers.map((l) => Math.max(l.inputs, l.units)));
  // Two scratch vectors reused for every row and layer: no allocation in the loop.
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  const last = layers[layers.length - 1];
  const out = Array.from({ length: last.units }, () => new Float64Array(rows));
  const width = layers[0].inputs;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < width; i++) input[i] = x[r * width + i];
    for (let l = 0; l < layers.length; l++) {
      const { inputs, units, kernel, bias } = layers[l];
      for (let j = 0; j < units; j++) output[j] = bias[j];
      // Row-major kernel: walk it contiguously, adding input[i] times row i.
      for (let i = 0; i < inputs; i++) {
        const v = input[i];
        if (v === 0) continue;
        const base = i * units;
        for (let j = 0; j < units; j++) output[j] += v * kernel[base + j];
      }
      if (l < layers.length - 1) {
        if (relu) for (let j = 0; j < units; j++) output[j] = output[j] > 0 ? output[j] : 0;
        else for (let j = 0; j < units; j++) output[j] = Math.tanh(output[j]);
      }
      const swap = input;
      input = output;
      output = swap;
    }
    for (let k = 0; k < last.units; k++) out[k][r] = input[k];
  }
  return out;
}
