/**
 * Partial dependence and ICE curves (Friedman 2001; Goldstein et al. 2015) on raw `Frame` columns
 * through a predict function, so they explain whole pipelines in the columns a user knows.
 *
 * The curve of column X at value v is the model's output with X set to v in every row, averaged
 * over the rows (scikit-learn's `partial_dependence`, method 'brute'); an ICE curve is the same
 * for one row without the average.
 */
import type { Column, Frame } from '../data/frame';
import type { Rng } from '../random';

/** The values a column is set to, in curve order, with their display labels. */
export interface DependenceGrid {
  readonly kind: 'numeric' | 'categorical' | 'datetime';
  /** Numbers (numeric), category codes (categorical) or epoch milliseconds (datetime). */
  readonly values: readonly number[];
  /** One label per value: formatted numbers, dictionary entries or ISO dates. */
  readonly labels: readonly string[];
}

/** Percentiles the numeric grid spans, as scikit-learn's `percentiles=(0.05, 0.95)`: the tails are too sparse to average over. */
const LOW_PERCENTILE = 0.05;
const HIGH_PERCENTILE = 0.95;

/** Rows handed to one predict call; larger problems are chunked to bound memory. */
const MAX_ROWS_PER_CALL = 200_000;

/**
 * The grid for `column`, at most `points` values; missing values never become grid points.
 *
 * - numeric and datetime: when there are at most `points` distinct values, those values
 *   (scikit-learn's rule for low-cardinality features); otherwise the quantiles (numpy's linear
 *   interpolation) at `points` evenly spaced percentiles from 5% to 95%, deduplicated. Quantiles
 *   rather than scikit-learn's evenly spaced values between the two percentiles, so the points
 *   follow the data and a skewed column does not spend its grid where no row is.
 * - categorical, boolean, text, id: the `points` most frequent levels (ties by code).
 */
export function dependenceGrid(column: Column, points: number): DependenceGrid {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`points must be a positive integer, got ${points}`);
  if (column.storage === 'categorical') {
    const counts = new Float64Array(column.dictionary.length);
    for (const code of column.codes) if (code >= 0) counts[code]++;
    const codes: number[] = [];
    for (let code = 0; code < counts.length; code++) if (counts[code] > 0) codes.push(code);
    codes.sort((a, b) => counts[b] - counts[a] || a - b);
    const values = codes.slice(0, points);
    return { kind: 'categorical', values, labels: values.map((code) => column.dictionary[code]) };
  }
  // Infinite values are left out too: they would make the interpolated quantiles NaN.
  const present = column.values.filter((v) => Number.isFinite(v)).sort();
  const distinct = uniqueSorted(present);
  let values: number[];
  if (distinct.length <= points) {
    values = distinct;
  } else {
    const quantiles: number[] = [];
    for (let k = 0; k < points; k++) {
      const p = points === 1 ? 0.5 : LOW_PERCENTILE + ((HIGH_PERCENTILE - LOW_PERCENTILE) * k) / (points - 1);
      quantiles.push(quantile(present, p));
    }
    values = uniqueSorted(column.storage === 'datetime' ? quantiles.map(Math.round) : quantiles);
  }
  if (column.storage === 'datetime') {
    const hasTime = column.format.hasTime;
    return { kind: 'datetime', values, labels: values.map((ms) => (hasTime ? new Date(ms).toISOString() : new Date(ms).toISOString().slice(0, 10))) };
  }
  return { kind: 'numeric', values, labels: values.map(formatNumber) };
}

/** Quantile `p` of ascending `sorted` values by linear interpolation (numpy's default method). */
export function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  if (lo + 1 >= sorted.length) return sorted[sorted.length - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

function uniqueSorted(sorted: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]);
  return out;
}

/** Six significant digits, shortest form: enough to tell grid points apart on an axis. */
function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** Partial dependence of one column, per model output (one output for regression, one per class otherwise). */
export interface PartialDependence {
  readonly column: string;
  readonly grid: DependenceGrid;
  /** Per output: the mean prediction over all rows at each grid point. */
  readonly average: number[][];
  /** Per output, per ICE row: the row's prediction at each grid point. */
  readonly ice: number[][][];
  /** The frame rows the ICE curves belong to, ascending. */
  readonly iceRows: number[];
}

/**
 * Partial dependence of `column` over `grid`, with the ICE curves of `iceRows` rows sampled
 * without replacement by `rng`. `predict` returns one array per model output for the rows of the
 * frame it gets. The rows are repeated once per grid value with `column` set to that value, and
 * predicted in one call when rows × grid points ≤ 200,000, else in chunks of whole rows.
 * An empty frame or grid gives empty curves without calling `predict`.
 */
export function partialDependence(
  frame: Frame,
  column: string,
  grid: DependenceGrid,
  predict: (frame: Frame) => Float64Array[],
  options: { iceRows: number; rng: Rng },
): PartialDependence {
  const position = frame.columns.findIndex((c) => c.name === column);
  if (position < 0) throw new RangeError(`column '${column}' is not in the frame; columns: ${frame.columns.map((c) => c.name).join(', ')}`);
  const storage = frame.columns[position].storage;
  if ((grid.kind === 'categorical') !== (storage === 'categorical')) throw new RangeError(`a ${grid.kind} grid does not fit the ${storage} column '${column}'`);
  const n = frame.rowCount;
  const points = grid.values.length;
  const iceRows = sampleRows(n, Math.max(0, Math.min(n, Math.floor(options.iceRows))), options.rng);
  if (n === 0 || points === 0) return { column, grid, average: [], ice: [], iceRows };

  // ICE slot of each row (-1: not sampled), so the chunk loop finds sampled rows without a search.
  const iceSlot = new Int32Array(n).fill(-1);
  iceRows.forEach((row, k) => (iceSlot[row] = k));
  let sums: Float64Array[] = [];
  let ice: Float64Array[][] = [];

  const rowsPerCall = Math.max(1, Math.floor(MAX_ROWS_PER_CALL / points));
  for (let start = 0; start < n; start += rowsPerCall) {
    const end = Math.min(n, start + rowsPerCall);
    const m = end - start;
    const outputs = predict(expandedChunk(frame, position, grid.values, start, end));
    if (sums.length === 0) {
      sums = outputs.map(() => new Float64Array(points));
      ice = outputs.map(() => iceRows.map(() => new Float64Array(points)));
    }
    if (outputs.length !== sums.length) throw new RangeError(`predict returned ${outputs.length} outputs, earlier ${sums.length}`);
    outputs.forEach((out, o) => {
      if (out.length !== m * points) throw new RangeError(`predict returned ${out.length} rows for ${m * points}`);
      const sum = sums[o];
      // Layout is grid-major: block g holds the chunk's rows with the column set to grid value g.
      for (let g = 0; g < points; g++) {
        const block = g * m;
        let s = 0;
        for (let i = 0; i < m; i++) s += out[block + i];
        sum[g] += s;
        for (let i = 0; i < m; i++) {
          const k = iceSlot[start + i];
          if (k >= 0) ice[o][k][g] = out[block + i];
        }
      }
    });
  }
  return {
    column,
    grid,
    average: sums.map((sum) => Array.from(sum, (s) => s / n)),
    ice: ice.map((curves) => curves.map((curve) => Array.from(curve))),
    iceRows,
  };
}

/**
 * Rows start..end of `frame` repeated once per grid value (grid-major), with the column at
 * `position` set to the grid value in each block; every other column is copied block by block.
 */
function expandedChunk(frame: Frame, position: number, values: readonly number[], start: number, end: number): Frame {
  const m = end - start;
  const columns = frame.columns.map((column, c): Column => {
    if (column.storage === 'categorical') {
      const codes = new Int32Array(m * values.length);
      if (c === position) values.forEach((code, g) => codes.fill(code, g * m, (g + 1) * m));
      else for (let g = 0; g < values.length; g++) codes.set(column.codes.subarray(start, end), g * m);
      return { ...column, codes };
    }
    const out = new Float64Array(m * values.length);
    if (c === position) values.forEach((v, g) => out.fill(v, g * m, (g + 1) * m));
    else for (let g = 0; g < values.length; g++) out.set(column.values.subarray(start, end), g * m);
    return { ...column, values: out };
  });
  return { rowCount: m * values.length, columns };
}

/** `count` distinct rows of 0..n-1 drawn by a partial Fisher–Yates shuffle, ascending. */
function sampleRows(n: number, count: number, rng: Rng): number[] {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  for (let k = 0; k < count; k++) {
    const j = k + rng.int(n - k);
    const t = rows[k];
    rows[k] = rows[j];
    rows[j] = t;
  }
  return Array.from(rows.subarray(0, count)).sort((a, b) => a - b);
}
