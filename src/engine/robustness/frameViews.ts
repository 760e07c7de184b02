/**
 * Frames that share their typed arrays with another frame instead of copying them: the checks
 * predict hundreds of slightly different frames, and a copy per prediction would cost more than
 * the prediction.
 */
import type { Column, Frame } from '../data/frame';

/**
 * Row `row` of `frame` as a one-row frame: every column a one-element `subarray` view of the
 * original (no copy). Dictionaries, types and formats are shared. Callers must not write to it.
 */
export function rowFrame(frame: Frame, row: number): Frame {
  if (!(Number.isInteger(row) && row >= 0 && row < frame.rowCount)) throw new RangeError(`row ${row} is outside 0..${frame.rowCount - 1}`);
  const columns = frame.columns.map((column): Column => {
    if (column.storage === 'categorical') return { ...column, codes: column.codes.subarray(row, row + 1) };
    return { ...column, values: column.values.subarray(row, row + 1) };
  });
  return { rowCount: 1, columns };
}

/** `frame` with column `index` replaced by `column` (same row count); every other column shared. */
export function withColumn(frame: Frame, index: number, column: Column): Frame {
  return { rowCount: frame.rowCount, columns: frame.columns.map((c, i) => (i === index ? column : c)) };
}
