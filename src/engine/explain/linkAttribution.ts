/**
 * Margin SHAP values carried over to probabilities, exactly additive. The link (sigmoid, softmax)
 * is not linear, so a margin's contributions do not add up to a probability; instead each
 * feature gets its margin contribution times the link's average slope along the straight path
 * from the base margins to the row's margins (Aumann–Shapley on the link; for the sigmoid it is
 * DeepLIFT's rescale rule). By the fundamental theorem of calculus the contributions then add up
 * to `p(row) - p(base)`, whatever the size of the step.
 */
import { sigmoid, softmax } from '../learners/outputs';
import type { ShapValues } from './shapTypes';

/** Binary: one margin (log-odds of the second class) becomes its probability. */
function binaryToProbability(shap: ShapValues): ShapValues {
  const width = shap.features.length;
  const m0 = shap.base[0];
  const p0 = sigmoid(m0);
  const margins = shap.output[0];
  const values = new Float64Array(shap.values[0].length);
  const output = margins.map(sigmoid);
  for (let r = 0; r < shap.rows; r++) {
    const step = margins[r] - m0;
    // Average slope of the sigmoid over the step; its derivative at the base for a null step.
    const slope = Math.abs(step) > 1e-12 ? (output[r] - p0) / step : p0 * (1 - p0);
    for (let j = 0; j < width; j++) values[r * width + j] = slope * shap.values[0][r * width + j];
  }
  return { ...shap, space: 'probability', base: Float64Array.of(p0), values: [values], output: [output] };
}

/** Softmax of one vector of scores. */
function softmaxOf(scores: Float64Array, out: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) sum += out[k] = Math.exp(scores[k] - max);
  for (let k = 0; k < scores.length; k++) out[k] /= sum;
}

/**
 * Multiclass: `A[c][k]`, the softmax Jacobian `p_c (δ_ck - p_k)` averaged along the path, by
 * Simpson's rule on a grid fine enough for the step (softmax bends over about one unit of margin).
 */
function averageJacobian(m0: Float64Array, step: Float64Array, A: Float64Array, scratch: { m: Float64Array; p: Float64Array }): void {
  const K = m0.length;
  let reach = 0;
  for (const s of step) reach = Math.max(reach, Math.abs(s));
  const intervals = 2 * Math.ceil(8 + 8 * reach); // even, for Simpson's rule
  A.fill(0);
  for (let i = 0; i <= intervals; i++) {
    const t = i / intervals;
    const w = (i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2) / (3 * intervals);
    for (let k = 0; k < K; k++) scratch.m[k] = m0[k] + t * step[k];
    softmaxOf(scratch.m, scratch.p);
    for (let c = 0; c < K; c++) for (let k = 0; k < K; k++) A[c * K + k] += w * scratch.p[c] * ((c === k ? 1 : 0) - scratch.p[k]);
  }
}

/** Multiclass: K class scores become K probabilities. */
function multiclassToProbability(shap: ShapValues): ShapValues {
  const K = shap.base.length;
  const width = shap.features.length;
  const base = new Float64Array(K);
  softmaxOf(shap.base, base);
  const output = softmax(shap.output);
  const values = Array.from({ length: K }, () => new Float64Array(shap.rows * width));
  const A = new Float64Array(K * K);
  const step = new Float64Array(K);
  const scratch = { m: new Float64Array(K), p: new Float64Array(K) };
  for (let r = 0; r < shap.rows; r++) {
    for (let k = 0; k < K; k++) step[k] = shap.output[k][r] - shap.base[k];
    averageJacobian(shap.base, step, A, scratch);
    for (let c = 0; c < K; c++) {
      let sum = 0;
      let magnitude = 0;
      for (let j = 0; j < width; j++) {
        let v = 0;
        for (let k = 0; k < K; k++) v += A[c * K + k] * shap.values[k][r * width + j];
        values[c][r * width + j] = v;
        sum += v;
        magnitude += Math.abs(v);
      }
      // Quadrature leaves a residual of ~1e-10; spread it by size so the sum is exact.
      const residual = output[c][r] - base[c] - sum;
      if (magnitude > 0) for (let j = 0; j < width; j++) values[c][r * width + j] += (residual * Math.abs(values[c][r * width + j])) / magnitude;
    }
  }
  return { ...shap, space: 'probability', base, values, output };
}

/** The same explanation in probability space (margin explanations only). */
export function marginsToProbabilities(shap: ShapValues): ShapValues {
  if (shap.space !== 'margin') throw new TypeError(`only margin explanations convert to probabilities, not ${shap.space}`);
  return shap.base.length === 1 ? binaryToProbability(shap) : multiclassToProbability(shap);
}
