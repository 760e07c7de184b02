/**
 * Features centred and scaled to (weighted) mean 0 and variance 1, column-major. Penalties act
 * on these standardised coefficients, so a column's unit (metres or millimetres) does not change
 * how strongly it is shrunk.
 */
export interface Standardized {
  /** One array per feature: `(x - mean) / scale`; exactly 0 for constant columns. */
  readonly columns: Float64Array[];
  /** Weighted mean of each feature over the training rows. */
  readonly mean: Float64Array;
  /** Weighted population standard deviation (ddof 0) of each feature; 1 for constant columns. */
  readonly scale: Float64Array;
  /** Whether each feature is constant over the rows with positive weight. */
  readonly constant: Uint8Array;
}

/**
 * Standardises a dense row-major matrix (`rows` x `width`, as `denseMatrix` returns it) with
 * weights `w` (all 1 when absent): the weighted mean and population standard deviation, as
 * scikit-learn's `StandardScaler` computes them. A column whose positively weighted values are all
 * equal is constant: its scale is 1 and its standardised values 0, so its coefficient stays 0
 * instead of blowing up through a zero division.
 */
export function standardize(dense: Float64Array, rows: number, width: number, w?: Float64Array): Standardized {
  const mean = new Float64Array(width);
  const scale = new Float64Array(width).fill(1);
  const constant = new Uint8Array(width);
  const low = new Float64Array(width).fill(Infinity);
  const high = new Float64Array(width).fill(-Infinity);
  // Row by row throughout: `dense` is row-major, and striding down one column at a time is several
  // times slower on wide data.
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const wi = w ? w[i] : 1;
    if (!(wi > 0)) continue;
    total += wi;
    const offset = i * width;
    for (let f = 0; f < width; f++) {
      const v = dense[offset + f];
      mean[f] += wi * v;
      if (v < low[f]) low[f] = v;
      if (v > high[f]) high[f] = v;
    }
  }
  for (let f = 0; f < width; f++) {
    if (low[f] === high[f]) {
      // Exact test, so a constant column centres to exact zeros whatever the rounding of its mean.
      constant[f] = 1;
      mean[f] = low[f];
    } else {
      mean[f] /= total;
    }
  }
  const squares = new Float64Array(width);
  for (let i = 0; i < rows; i++) {
    const wi = w ? w[i] : 1;
    if (!(wi > 0)) continue;
    const offset = i * width;
    for (let f = 0; f < width; f++) {
      const d = dense[offset + f] - mean[f];
      squares[f] += wi * d * d;
    }
  }
  for (let f = 0; f < width; f++) if (!constant[f]) scale[f] = Math.sqrt(squares[f] / total);
  const columns = Array.from({ length: width }, () => new Float64Array(rows));
  for (let i = 0; i < rows; i++) {
    const offset = i * width;
    for (let f = 0; f < width; f++) columns[f][i] = constant[f] ? 0 : (dense[offset + f] - mean[f]) / scale[f];
  }
  return { columns, mean, scale, constant };
}
