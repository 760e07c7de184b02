/**
 * The sample part of a monitoring reference: training rows as they were, so that a two-sample
 * test (Kolmogorov–Smirnov, chi-square) can compare them with new rows when the reference is small.
 */
import type { Column, Frame } from '../data/frame';
import { sampleRows } from '../profile/sampleRows';
import type { ReferenceSample } from './types';

export interface SampleInput {
  readonly frame: Frame;
  /** Frame row of each training position. */
  readonly rows: Uint32Array;
  /** The columns to take, by name (each must be in `frame`). */
  readonly columns: readonly string[];
  /** Positions with a prediction; `scores[i]` belongs to position `covered[i]`. */
  readonly covered: Uint32Array;
  /** One number per covered position (`predictionScores`); `NaN` = none. */
  readonly scores: Float64Array;
  /** Most rows to take. */
  readonly size: number;
  readonly seed: number;
}

/**
 * `size` training positions drawn by `sampleRows` with `seed` (so the same seed draws the same
 * rows), in position order, with their values and out-of-fold scores. Exact values: numbers
 * (dates as epoch ms) and labels as stored, `null` where missing or not finite.
 */
export function referenceSample(input: SampleInput): ReferenceSample {
  const { frame, rows } = input;
  const picked = sampleRows(rows.length, input.size, input.seed);
  const values: Record<string, (number | null)[] | (string | null)[]> = {};
  for (const name of input.columns) {
    const column = frame.columns.find((c) => c.name === name);
    if (column === undefined) throw new RangeError(`column '${name}' is not in the frame`);
    values[name] = sampleValues(column, rows, picked);
  }
  const scoreAt = new Float64Array(rows.length).fill(NaN);
  for (let i = 0; i < input.covered.length; i++) scoreAt[input.covered[i]] = input.scores[i];
  const prediction = Array.from(picked, (p) => finiteOrNull(scoreAt[p]));
  return { rows: picked.length, values, prediction };
}

function sampleValues(column: Column, rows: Uint32Array, picked: Uint32Array): (number | null)[] | (string | null)[] {
  if (column.storage === 'categorical') {
    const { codes, dictionary } = column;
    return Array.from(picked, (p) => {
      const code = codes[rows[p]];
      return code < 0 ? null : dictionary[code];
    });
  }
  const values = column.values;
  return Array.from(picked, (p) => finiteOrNull(values[rows[p]]));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
