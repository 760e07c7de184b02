/**
 * Newline-delimited JSON (`.ndjson`, `.jsonl`): one record per line, streamed from bytes. Lines
 * are found in each chunk as it comes (a record may span any number of chunks), so the file is
 * never held whole, nor even decoded to strings (recordParser.ts). A line that is not a JSON
 * object stops the read with its line number: half a file read silently would train on the
 * wrong data.
 */
import { DataError } from '../../errors';
import type { CsvReadResult } from '../readReport';
import { RecordFrameBuilder, type RecordReadOptions } from '../recordFrame';
import { RecordParser } from './recordParser';
import { NEWLINE } from './jsonBytes';

/** How an NDJSON file is read: the record builder's options, its positions being lines. */
export type NdjsonReadOptions = Omit<RecordReadOptions, 'positions'>;


/** Reads NDJSON bytes pushed chunk by chunk (`push`), then `finish` once. */
export class NdjsonReader {
  private readonly builder: RecordFrameBuilder;
  private readonly parser: RecordParser;
  /** The start of a line that the chunks so far have not ended, in pieces (copies). */
  private pending: Uint8Array[] = [];
  private lines = 0;
  private bytes = 0;
  private blankLines = 0;

  constructor(options: NdjsonReadOptions = {}) {
    this.builder = new RecordFrameBuilder({ ...options, positions: 'line' });
    this.parser = new RecordParser(this.builder);
  }

  /** Records read so far. */
  get recordCount(): number {
    return this.builder.rowCount;
  }

  /** Reads the lines `chunk` completes; the chunk may be reused once this returns. */
  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    if (newline < 0) {
      this.pending.push(chunk.slice());
      return;
    }
    if (this.pending.length > 0) {
      this.pending.push(chunk.subarray(0, newline));
      const line = concat(this.pending);
      this.pending = [];
      this.readLine(line, 0, line.length);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    while (newline >= 0) {
      this.readLine(chunk, start, newline);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.pending.push(chunk.slice(start));
  }

  /**
   * The frame and report. `cut`: the bytes stopped mid-file (a peek), so an unfinished last line
   * is dropped rather than read. Throws `DataError` when the file holds no record.
   */
  finish(options: { readonly cut?: boolean } = {}): CsvReadResult {
    if (this.pending.length > 0 && !options.cut) {
      const last = concat(this.pending);
      this.readLine(last, 0, last.length);
    }
    this.pending = [];
    if (this.builder.rowCount === 0) throw new DataError(this.lines === 0 ? 'the file is empty' : 'the file holds no records (every line is blank)');
    const { frame, report } = this.builder.finish({ bytes: this.bytes, lines: this.lines });
    return { frame, report: { ...report, blankLines: this.blankLines } };
  }

  private readLine(bytes: Uint8Array, start: number, end: number): void {
    const line = ++this.lines;
    if (line === 1) start += byteOrderMarkLength(bytes, start, end);
    const outcome = this.parser.add(bytes, start, end, line);
    if ('blank' in outcome) this.blankLines++;
    else if ('problem' in outcome) throw new DataError(`line ${line} ${outcome.problem}`, line);
  }
}

/** 3 when `bytes[start, end)` starts with UTF-8's byte order mark, else 0. */
function byteOrderMarkLength(bytes: Uint8Array, start: number, end: number): number {
  return end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf ? 3 : 0;
}

/** The pieces as one array. */
export function concat(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const joined = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}
