import { sortFloat64 } from './radixSort';

/** Above this many cells the contingency table is built sparsely (sorted cell keys). */
const DENSE_TABLE_CELLS = 1 << 22;

/**
 * Cramér's V of two code columns over rows where both codes are >= 0, without bias correction:
 * V = sqrt(χ² / (n · (min(r, c) - 1))), with r and c the levels that occur among those rows
 * (the textbook definition, as `scipy.stats.contingency.association(method='cramer')`).
 * Codes must lie in `[0, levelsA)` and `[0, levelsB)` (or be negative for missing).
 * `undefined` when either side has fewer than 2 occurring levels.
 */
export function cramersV(a: Int32Array, levelsA: number, b: Int32Array, levelsB: number): number | undefined {
  const rowSums = new Float64Array(levelsA);
  const colSums = new Float64Array(levelsB);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const ca = a[i];
    const cb = b[i];
    if (ca < 0 || cb < 0) continue;
    rowSums[ca]++;
    colSums[cb]++;
    n++;
  }
  const r = countNonZero(rowSums);
  const c = countNonZero(colSums);
  if (n === 0 || r < 2 || c < 2) return undefined;
  // chi2 = n * (sum over cells of O^2 / (rowSum * colSum) - 1): only occupied cells contribute.
  let ratio = 0;
  if (levelsA * levelsB <= DENSE_TABLE_CELLS) {
    const table = new Int32Array(levelsA * levelsB);
    for (let i = 0; i < a.length; i++) {
      const ca = a[i];
      const cb = b[i];
      if (ca >= 0 && cb >= 0) table[ca * levelsB + cb]++;
    }
    for (let ca = 0; ca < levelsA; ca++) {
      if (rowSums[ca] === 0) continue;
      for (let cb = 0; cb < levelsB; cb++) {
        const o = table[ca * levelsB + cb];
        if (o > 0) ratio += (o * o) / (rowSums[ca] * colSums[cb]);
      }
    }
  } else {
    const keys = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < a.length; i++) if (a[i] >= 0 && b[i] >= 0) keys[k++] = a[i] * levelsB + b[i];
    sortFloat64(keys);
    let start = 0;
    while (start < n) {
      let end = start + 1;
      while (end < n && keys[end] === keys[start]) end++;
      const o = end - start;
      const ca = Math.floor(keys[start] / levelsB);
      const cb = keys[start] - ca * levelsB;
      ratio += (o * o) / (rowSums[ca] * colSums[cb]);
      start = end;
    }
  }
  const chi2 = Math.max(0, n * (ratio - 1));
  return Math.min(1, Math.sqrt(chi2 / (n * (Math.min(r, c) - 1))));
}

/**
 * Correlation ratio η of `values` on the groups `codes` (in `[0, levels)`, negative = missing),
 * over rows with both: η = sqrt(SS_between / SS_total). In [0, 1]; `undefined` when no row is
 * complete or the values are constant.
 */
export function correlationRatio(values: Float64Array, codes: Int32Array, levels: number): number | undefined {
  const sums = new Float64Array(levels);
  const counts = new Float64Array(levels);
  let n = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const code = codes[i];
    if (v !== v || code < 0) continue;
    sums[code] += v;
    counts[code]++;
    total += v;
    n++;
  }
  if (n === 0) return undefined;
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v || codes[i] < 0) continue;
    ssTotal += (v - mean) * (v - mean);
  }
  if (ssTotal === 0) return undefined;
  let ssBetween = 0;
  for (let g = 0; g < levels; g++) {
    if (counts[g] === 0) continue;
    const d = sums[g] / counts[g] - mean;
    ssBetween += counts[g] * d * d;
  }
  return Math.min(1, Math.sqrt(ssBetween / ssTotal));
}

function countNonZero(values: Float64Array): number {
  let nonZero = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  return nonZero;
}
