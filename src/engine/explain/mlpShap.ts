/**
 * DeepSHAP values of an MLP (Lundberg & Lee 2017, section 4.2; the `DeepExplainer` of the shap
 * package): DeepLIFT's rescale rule against each background row, averaged with the background's
 * weights. For one reference row b, every hidden unit passes on its multiplier scaled by
 * Δactivation / Δpre-activation between the row and b (the slope of the secant, the gradient where
 * the two are equal), dense layers pass multipliers back through their weights, and feature i gets
 * (x_i − b_i) × its multiplier. The values of each reference add up exactly to f(x) − f(b)
 * (summation to delta), so the averaged values add up to f(x) minus the background's mean output:
 * the same local accuracy as every other explainer here.
 *
 * It is an approximation of Shapley values, exact when the network is additive in its features
 * (each hidden unit fed by one feature), and costs one backward pass per row, reference and
 * output, where KernelSHAP evaluates the whole pipeline on thousands of coalitions × background
 * rows: an MLP-heavy ensemble of titanic could not be explained even for 20 rows within a 30 s
 * run's time.
 */
import { denseMatrix } from '../learners/checks';
import type { MlpModel } from '../learners/mlp/mlp';
import type { Network } from '../learners/mlp/network';
import type { FeatureMatrix } from '../learners/types';
import type { ShapValues } from './shapTypes';

/** Below this |Δ pre-activation| the secant is the tangent: the gradient at the row is used. */
const FLAT = 1e-12;

/** Every hidden layer's pre-activations and activations for one row (the output layer's are not needed). */
interface Trace {
  readonly pre: Float64Array[];
  readonly post: Float64Array[];
}

function traceRow(network: Network, x: Float64Array, offset: number): Trace {
  const hidden = network.layers.slice(0, -1);
  const pre: Float64Array[] = [];
  const post: Float64Array[] = [];
  let input = x.subarray(offset, offset + network.layers[0].inputs);
  for (const { inputs, units, kernel, bias } of hidden) {
    const z = Float64Array.from(bias);
    for (let i = 0; i < inputs; i++) {
      const v = input[i];
      if (v === 0) continue;
      const base = i * units;
      for (let j = 0; j < units; j++) z[j] += v * kernel[base + j];
    }
    const a = network.activation === 'relu' ? z.map((v) => (v > 0 ? v : 0)) : z.map(Math.tanh);
    pre.push(z);
    post.push(a);
    input = a;
  }
  return { pre, post };
}

/** The activation's slope at `z` (where the rescale rule's secant is undefined). */
function slope(network: Network, z: number): number {
  if (network.activation === 'relu') return z > 0 ? 1 : 0;
  const t = Math.tanh(z);
  return 1 - t * t;
}

/**
 * DeepSHAP values of `model` for the rows of `x` (the model's own features) against the weighted
 * `background` rows (weights summing to 1), in the model's raw output space.
 */
export function mlpShap(model: MlpModel, x: FeatureMatrix, background: { readonly data: FeatureMatrix; readonly weights: Float64Array }): ShapValues {
  const output = model.predictRaw(x); // first: it checks that x has the model's features
  const bgOutput = model.predictRaw(background.data);
  const { network } = model;
  const { std } = model.outputScale;
  const layers = network.layers;
  const last = layers[layers.length - 1];
  const outputs = last.units;
  const width = layers[0].inputs;
  const rows = denseMatrix(x, model.learner);
  const refs = denseMatrix(background.data, model.learner);
  const refCount = background.data.rows;
  const refTraces = Array.from({ length: refCount }, (_, b) => traceRow(network, refs, b * width));
  const base = Float64Array.from({ length: outputs }, (_, o) => bgOutput[o].reduce((sum, v, b) => sum + background.weights[b] * v, 0));
  const values = Array.from({ length: outputs }, () => new Float64Array(x.rows * width));

  // Multipliers for all outputs at once, unit-major: m[unit * outputs + o]. The output layer is
  // linear, so the multipliers of its inputs are its weights (times the regression scale).
  const widest = Math.max(...layers.map((l) => l.inputs));
  let upper = new Float64Array(widest * outputs);
  let lower = new Float64Array(widest * outputs);
  const phi = new Float64Array(width * outputs);
  for (let r = 0; r < x.rows; r++) {
    const trace = traceRow(network, rows, r * width);
    phi.fill(0);
    for (let b = 0; b < refCount; b++) {
      const ref = refTraces[b];
      for (let i = 0; i < last.inputs * outputs; i++) upper[i] = last.kernel[i] * std;
      // Hidden layers, last to first: rescale by the secant slope, then back through the weights.
      for (let l = layers.length - 2; l >= 0; l--) {
        const { inputs, units, kernel } = layers[l];
        const z = trace.pre[l];
        const zRef = ref.pre[l];
        for (let j = 0; j < units; j++) {
          const dz = z[j] - zRef[j];
          const s = Math.abs(dz) > FLAT ? (trace.post[l][j] - ref.post[l][j]) / dz : slope(network, z[j]);
          for (let o = 0; o < outputs; o++) upper[j * outputs + o] *= s;
        }
        lower.fill(0, 0, inputs * outputs);
        for (let i = 0; i < inputs; i++) {
          const row = i * units;
          for (let j = 0; j < units; j++) {
            const w = kernel[row + j];
            if (w === 0) continue;
            for (let o = 0; o < outputs; o++) lower[i * outputs + o] += w * upper[j * outputs + o];
          }
        }
        const swap = upper;
        upper = lower;
        lower = swap;
      }
      const weight = background.weights[b];
      for (let i = 0; i < width; i++) {
        const delta = rows[r * width + i] - refs[b * width + i];
        if (delta === 0) continue;
        for (let o = 0; o < outputs; o++) phi[i * outputs + o] += weight * delta * upper[i * outputs + o];
      }
    }
    for (let o = 0; o < outputs; o++) for (let i = 0; i < width; i++) values[o][r * width + i] = phi[i * outputs + o];
  }
  return { space: model.task === 'regression' ? 'value' : 'margin', features: model.featureNames, rows: x.rows, base, values, output };
}
