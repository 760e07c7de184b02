/**
 * The rows at the start of a CSV/TSV file, parsed to judge the file before reading all of it
 * (which column is the target, which task it implies). The caller reads the bytes.
 */
import { readCsvBytes, type CsvReadOptions } from './csvReader';
import type { Frame } from './frame';

/** The head bytes up to the last complete line (a cut-off last row would read as ragged, or add a label "virg"). */
export function completeLines(head: Uint8Array): Uint8Array {
  const lastNewline = head.lastIndexOf(0x0a);
  return lastNewline > 0 ? head.subarray(0, lastNewline + 1) : head;
}

/**
 * The frame of the complete rows in `head`, the first bytes of a CSV/TSV file (uncompressed),
 * with short or long rows padded or cut as a profile reads them by default; the delimiter is
 * sniffed unless given, and a model's input fields (`schema`) are read as in training. Throws
 * what `readCsvBytes` throws (a `DataError` for an empty or unreadable head).
 */
export function readHeadFrame(head: Uint8Array, options: Pick<CsvReadOptions, 'delimiter' | 'schema'> = {}): Frame {
  return readCsvBytes(completeLines(head), { ...options, raggedRows: 'pad' }).frame;
}
