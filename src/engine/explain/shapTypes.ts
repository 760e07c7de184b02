/**
 * The shape every SHAP explainer returns, whatever the method (TreeSHAP, linear, KernelSHAP) or
 * the level (one model's features, or a pipeline's original columns).
 */

/**
 * What the explained output is: margins (log-odds, class scores: before the sigmoid/softmax),
 * probabilities, or regression values.
 */
export type OutputSpace = 'margin' | 'probability' | 'value';

/**
 * SHAP values of some rows. Outputs: one for regression and binary classification (the margin or
 * probability of the second class), one per class for multiclass. For every row and output,
 * `base[o] + sum_j values[o][r * features.length + j] = output[o][r]`.
 */
export interface ShapValues {
  readonly space: OutputSpace;
  /** The explained features (or columns), in `values` order. */
  readonly features: readonly string[];
  readonly rows: number;
  /** Expected output per output: what the values add to. */
  readonly base: Float64Array;
  /** Per output, row-major: `values[o][r * features.length + j]`. */
  readonly values: Float64Array[];
  /** The explained output per output and row. */
  readonly output: Float64Array[];
}

/** Sum of row `r`'s values for output `o` plus the base: equals `output[o][r]` by construction. */
export function reconstructed(shap: ShapValues, o: number, r: number): number {
  const width = shap.features.length;
  let sum = shap.base[o];
  const values = shap.values[o];
  for (let j = 0; j < width; j++) sum += values[r * width + j];
  return sum;
}
