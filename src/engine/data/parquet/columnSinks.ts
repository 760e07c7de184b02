/**
 * Where a column's decoded pages go, rows appended in file order up to a capacity (the rows to
 * read): numbers and dates into one `Float64Array` (`NaN` missing), text and booleans as codes of
 * one `ByteDictionary` per column (-1 missing). A dictionary-encoded page costs one lookup per
 * row; each distinct value is interned once per column chunk, on its first appearance, so codes
 * number values in order of appearance as the CSV reader's do.
 */
import { ByteDictionary } from '../byteDictionary';
import type { NumberDecoding } from './parquetColumns';
import { rawNumber, readPlainNumbers, scale } from './plainNumbers';

/** What the page decoder hands a column; `defs` holds a definition level per row (0 = missing), absent when none is. */
export interface ColumnSink {
  /** Rows written so far. */
  readonly rows: number;
  readonly capacity: number;
  /** A dictionary page: `count` PLAIN values in `page[start, end)`, for the column chunk's indexed pages. */
  setDictionary(page: Uint8Array, start: number, end: number, count: number): void;
  /** A page of `n` rows whose present values are dictionary `indices`. */
  indexed(indices: Int32Array, defs: Int32Array | undefined, n: number): void;
  /** A page of `n` rows whose `present` values are PLAIN-encoded in `page[start, end)`. */
  plain(page: Uint8Array, start: number, end: number, present: number, defs: Int32Array | undefined, n: number): void;
  /** A page of `n` rows whose present values hyparquet decoded (delta and byte-stream-split encodings). */
  decoded(values: ArrayLike<unknown>, defs: Int32Array | undefined, n: number): void;
}

/** Numbers, or dates as epoch milliseconds. */
export class NumberSink implements ColumnSink {
  readonly values: Float64Array;
  rows = 0;
  private dictionary: Float64Array | undefined;
  private scratch = new Float64Array(1024);

  constructor(
    readonly capacity: number,
    private readonly decoding: NumberDecoding,
  ) {
    this.values = new Float64Array(capacity);
  }

  setDictionary(page: Uint8Array, start: number, end: number, count: number): void {
    const dictionary = new Float64Array(count);
    readPlainNumbers(page, start, end, count, this.decoding, dictionary, 0);
    this.dictionary = dictionary;
  }

  indexed(indices: Int32Array, defs: Int32Array | undefined, n: number): void {
    const dictionary = this.dictionary;
    if (dictionary === undefined) throw new RangeError('a dictionary-encoded page comes before any dictionary');
    const values = this.values;
    const take = Math.min(n, this.capacity - this.rows);
    let row = this.rows;
    // An index past the dictionary reads undefined, stored as NaN: a missing value, not a crash.
    if (defs === undefined) for (let i = 0; i < take; i++) values[row++] = dictionary[indices[i]];
    else for (let i = 0, k = 0; i < take; i++) values[row++] = defs[i] === 0 ? NaN : dictionary[indices[k++]];
    this.rows = row;
  }

  plain(page: Uint8Array, start: number, end: number, present: number, defs: Int32Array | undefined, n: number): void {
    const take = Math.min(n, this.capacity - this.rows);
    if (defs === undefined) {
      readPlainNumbers(page, start, end, take, this.decoding, this.values, this.rows);
      this.rows += take;
      return;
    }
    if (this.scratch.length < present) this.scratch = new Float64Array(present);
    const scratch = this.scratch;
    readPlainNumbers(page, start, end, present, this.decoding, scratch, 0);
    const values = this.values;
    let row = this.rows;
    for (let i = 0, k = 0; i < take; i++) values[row++] = defs[i] === 0 ? NaN : scratch[k++];
    this.rows = row;
  }

  decoded(raw: ArrayLike<unknown>, defs: Int32Array | undefined, n: number): void {
    const take = Math.min(n, this.capacity - this.rows);
    const values = this.values;
    const from = this.rows;
    for (let i = 0, k = 0; i < take; i++) values[from + i] = defs !== undefined && defs[i] === 0 ? NaN : rawNumber(raw[k++], this.decoding);
    scale(values, from, from + take, this.decoding);
    this.rows = from + take;
  }
}

/** A chunk's dictionary entry not interned yet (codes are -1 for missing, else >= 0). */
const UNSEEN = -2;
const SPACE = 32;
const TAB = 9;
const encoder = new TextEncoder();

/**
 * Text (BYTE_ARRAY) or booleans, as codes of one dictionary per column. Values are trimmed and an
 * empty one is missing, as in a CSV field, so text reads as the CSV reader reads its fields.
 */
export class CodeSink implements ColumnSink {
  readonly codes: Int32Array;
  readonly dictionary = new ByteDictionary();
  rows = 0;
  /** 1-based row where each dictionary entry first appeared, for reports. */
  firstRows = new Int32Array(64);
  /** The current dictionary page's entries, `page[starts[i], ends[i])`, and their codes once seen. */
  private page: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private remap: Int32Array;
  private scratch = new Int32Array(1024);

  /** `booleans`: a BOOLEAN column, whose values are the entries 'false' and 'true'. */
  constructor(
    readonly capacity: number,
    readonly booleans = false,
  ) {
    this.codes = new Int32Array(capacity);
    this.page = encoder.encode('falsetrue');
    this.starts = Int32Array.of(0, 5);
    this.ends = Int32Array.of(5, 9);
    this.remap = Int32Array.of(UNSEEN, UNSEEN);
  }

  setDictionary(page: Uint8Array, start: number, end: number, count: number): void {
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    let pos = start;
    for (let i = 0; i < count; i++) {
      if (pos + 4 > end) throw new RangeError(`dictionary page ends before its ${count} values`);
      const length = readUint32(page, pos);
      pos += 4;
      if (pos + length > end) throw new RangeError(`dictionary page ends before its ${count} values`);
      starts[i] = pos;
      ends[i] = pos + length;
      pos += length;
    }
    this.page = page;
    this.starts = starts;
    this.ends = ends;
    this.remap = new Int32Array(count).fill(UNSEEN);
  }

  indexed(indices: Int32Array, defs: Int32Array | undefined, n: number): void {
    const codes = this.codes;
    const remap = this.remap;
    const take = Math.min(n, this.capacity - this.rows);
    const from = this.rows;
    if (defs === undefined) {
      for (let i = 0; i < take; i++) {
        let code = remap[indices[i]];
        // UNSEEN, or undefined for an index past the dictionary (which `internEntry` reports).
        if (!(code >= -1)) code = this.internEntry(indices[i], from + i);
        codes[from + i] = code;
      }
    } else {
      for (let i = 0, k = 0; i < take; i++) {
        if (defs[i] === 0) {
          codes[from + i] = -1;
          continue;
        }
        const index = indices[k++];
        let code = remap[index];
        if (!(code >= -1)) code = this.internEntry(index, from + i);
        codes[from + i] = code;
      }
    }
    this.rows = from + take;
  }

  plain(page: Uint8Array, start: number, end: number, present: number, defs: Int32Array | undefined, n: number): void {
    if (this.booleans) {
      // PLAIN booleans are bits, least significant first: indices into ['false', 'true'].
      if (this.scratch.length < present) this.scratch = new Int32Array(present);
      if (start + Math.ceil(present / 8) > end) throw new RangeError(`page data ends before its ${present} values`);
      for (let i = 0; i < present; i++) this.scratch[i] = (page[start + (i >> 3)] >> (i & 7)) & 1;
      this.indexed(this.scratch, defs, n);
      return;
    }
    const codes = this.codes;
    const take = Math.min(n, this.capacity - this.rows);
    let row = this.rows;
    let pos = start;
    for (let i = 0; i < take; i++, row++) {
      if (defs !== undefined && defs[i] === 0) {
        codes[row] = -1;
        continue;
      }
      if (pos + 4 > end) throw new RangeError(`page data ends before its ${present} values`);
      const length = readUint32(page, pos);
      pos += 4;
      if (pos + length > end) throw new RangeError(`page data ends before its ${present} values`);
      codes[row] = this.intern(page, pos, pos + length, row);
      pos += length;
    }
    this.rows = row;
  }

  decoded(values: ArrayLike<unknown>, defs: Int32Array | undefined, n: number): void {
    const take = Math.min(n, this.capacity - this.rows);
    let row = this.rows;
    for (let i = 0, k = 0; i < take; i++, row++) {
      if (defs !== undefined && defs[i] === 0) {
        this.codes[row] = -1;
        continue;
      }
      const value = values[k++];
      this.codes[row] = value instanceof Uint8Array ? this.intern(value, 0, value.length, row) : -1;
    }
    this.rows = row;
  }

  private internEntry(index: number, row: number): number {
    if (!(index >= 0 && index < this.remap.length)) throw new RangeError(`dictionary index ${index} is out of range (${this.remap.length} entries)`);
    const code = this.intern(this.page, this.starts[index], this.ends[index], row);
    this.remap[index] = code;
    return code;
  }

  /** The code of `buf[start, end)` trimmed (-1 when empty), noting the row of a new entry. */
  private intern(buf: Uint8Array, start: number, end: number, row: number): number {
    while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
    while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
    if (start === end) return -1;
    const before = this.dictionary.size;
    const code = this.dictionary.intern(buf, start, end);
    if (code === before) {
      if (code === this.firstRows.length) {
        const grown = new Int32Array(code * 2);
        grown.set(this.firstRows);
        this.firstRows = grown;
      }
      this.firstRows[code] = row + 1;
    }
    return code;
  }
}

function readUint32(bytes: Uint8Array, pos: number): number {
  return (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0;
}
