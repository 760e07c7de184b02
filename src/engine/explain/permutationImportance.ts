/**
 * Model-agnostic permutation importance (Breiman 2001; scikit-learn's `permutation_importance`):
 * how much a model's score drops when one raw column's values are shuffled across the evaluation
 * rows, which breaks the column's link to the target while keeping its distribution.
 *
 * It works on raw `Frame` columns through a predict function, so it explains whole pipelines
 * (preprocessing + model or ensemble) in terms of the columns a user knows.
 */
import type { Column, Frame } from '../data/frame';
import { CancelledError } from '../errors';
import type { Rng } from '../random';
import type { Metric, MetricName, Prediction, Truth } from '../validate/types';

export interface PermutationImportanceOptions {
  /** The evaluation rows only (out-of-fold or holdout rows), never the rows the model was fitted on. */
  readonly frame: Frame;
  /** The columns to permute (original columns the model uses), each present in `frame`. */
  readonly columns: readonly string[];
  /** The truth of `frame`'s rows, row for row. */
  readonly truth: Truth;
  readonly metric: Metric;
  readonly predict: (frame: Frame) => Prediction;
  /** Shuffles per column (a positive integer, e.g. 5). */
  readonly repeats: number;
  /** Draws the permutations; the same seed gives the same result. */
  readonly rng: Rng;
  /** Checked before the baseline and before every permutation; when set, a `CancelledError` is thrown. */
  readonly signal?: { readonly aborted: boolean };
  /** Checked before every permutation; when it returns true the measurement stops and the result is partial. */
  readonly timeUp?: () => boolean;
  /** Called after every permutation with the share of them done (0–1), to show progress. */
  readonly onProgress?: (fraction: number) => void;
}

/** The importance of one column: score drops over the permutations measured for it. */
export interface ColumnImportance {
  readonly column: string;
  /** Mean drop; positive means the column helps the model, whatever the metric's direction. */
  readonly mean: number;
  /** Population standard deviation of the drops (scikit-learn's `importances_std`). */
  readonly std: number;
  /** Permutations measured (fewer than asked when the result is partial). */
  readonly repeats: number;
  /** The drop of each permutation, in the metric's units. */
  readonly drops: readonly number[];
}

export interface PermutationImportanceResult {
  /** The metric's score on the unpermuted rows. */
  readonly baseline: number;
  readonly metric: MetricName;
  /** Columns with at least one measured permutation, by mean drop, largest first. */
  readonly columns: ColumnImportance[];
  /** False when `timeUp` stopped the measurement before every column had all its repeats. */
  readonly complete: boolean;
}

/**
 * A seeded uniform permutation of the rows 0..n-1 (Fisher–Yates through `Rng.shuffle`).
 * `permutationImportance` draws one per repeat from its `rng`, in repeat order.
 */
export function shuffledRows(n: number, rng: Rng): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rng.shuffle(rows);
}

/** `column` with row i holding the value of row `rows[i]`: a fresh storage array, the rest shared. */
export function permuteColumn(column: Column, rows: Uint32Array): Column {
  if (column.storage === 'categorical') {
    const source = column.codes;
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = source[rows[i]];
    return { ...column, codes };
  }
  const source = column.values;
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = source[rows[i]];
  return { ...column, values };
}

/**
 * Permutation importance of `columns` on the evaluation rows of `frame`: one baseline prediction,
 * then `repeats` × `columns.length` predictions, each on a frame where one column is shuffled and
 * every other column is the original array (no copy of the frame).
 *
 * Repeats are the outer loop so a deadline leaves every column measured about equally often
 * rather than the first columns fully and the last not at all. Each repeat draws one permutation
 * and applies it to every column, as scikit-learn does by giving every column the same seed:
 * columns are then compared under the same shuffles, which removes some noise from the ranking.
 */
export function permutationImportance(options: PermutationImportanceOptions): PermutationImportanceResult {
  const { frame, columns } = options;
  const positions = columns.map((name) => {
    const index = frame.columns.findIndex((c) => c.name === name);
    if (index < 0) throw new RangeError(`column '${name}' is not in the frame; columns: ${frame.columns.map((c) => c.name).join(', ')}`);
    return index;
  });
  return measureImportance(options, frame.rowCount, frame, (c, rows) => {
    const position = positions[c];
    const permuted = permuteColumn(frame.columns[position], rows);
    return { rowCount: frame.rowCount, columns: frame.columns.map((col, i) => (i === position ? permuted : col)) };
  });
}

/**
 * The measurement behind `permutationImportance`, over any input with `rowCount` rows: `permute(c,
 * rows)` gives the input with column `c` (an index into `options.columns`) shuffled by `rows`.
 * A fitted feature plan maps each row on its own, so shuffling a raw column's features by the same
 * rows gives exactly the matrix of the shuffled column (see `featurePermutation.ts`).
 */
export function measureImportance<Input>(
  options: Omit<PermutationImportanceOptions, 'frame' | 'predict'> & { readonly predict: (input: Input) => Prediction },
  rowCount: number,
  input: Input,
  permute: (column: number, rows: Uint32Array) => Input,
): PermutationImportanceResult {
  const { columns, truth, metric, predict, repeats, rng, signal, timeUp, onProgress } = options;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive integer, got ${repeats}`);
  const truthRows = truth.kind === 'regression' ? truth.values.length : truth.codes.length;
  if (truthRows !== rowCount) throw new RangeError(`the truth has ${truthRows} rows, the frame ${rowCount}`);

  if (signal?.aborted) throw new CancelledError();
  const baseline = metric.score(truth, predict(input));
  // Sign so that positive always means "the score got worse without this column".
  const drop = metric.higherIsBetter ? (score: number) => baseline - score : (score: number) => score - baseline;
  const drops: number[][] = columns.map(() => []);

  let complete = true;
  measure: for (let r = 0; r < repeats; r++) {
    const rows = shuffledRows(rowCount, rng);
    for (let c = 0; c < columns.length; c++) {
      if (signal?.aborted) throw new CancelledError();
      if (timeUp?.()) {
        complete = false;
        break measure;
      }
      drops[c].push(drop(metric.score(truth, predict(permute(c, rows)))));
      onProgress?.((r * columns.length + c + 1) / (repeats * columns.length));
    }
  }

  const result: ColumnImportance[] = [];
  columns.forEach((column, c) => {
    const d = drops[c];
    if (d.length > 0) result.push({ column, ...meanStd(d), repeats: d.length, drops: d });
  });
  // Stable sort, so ties keep the caller's column order; a NaN mean (NaN scores) sorts last.
  result.sort(byMeanDescending);
  return { baseline, metric: metric.name, columns: result, complete };
}

function byMeanDescending(a: ColumnImportance, b: ColumnImportance): number {
  const aNaN = Number.isNaN(a.mean);
  const bNaN = Number.isNaN(b.mean);
  if (aNaN || bNaN) return Number(aNaN) - Number(bNaN);
  return a.mean > b.mean ? -1 : a.mean < b.mean ? 1 : 0;
}

function meanStd(values: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(squares / values.length) };
}
