/**
 * A JSON document of records, streamed from bytes: an array of objects, or an object holding one
 * at a dotted path (`data.items`). A small byte-level scanner follows the document's structure
 * (strings and their escapes, nesting, the path of keys) to find the records array and each
 * element's bytes; elements are parsed one at a time (recordParser.ts), so neither the file nor
 * even one large array is ever held or parsed whole. Positions count records, from 1.
 *
 * Without a path, a top-level array is the records, and so is the one array of objects that the
 * top-level object holds (directly or in nested objects); several are an error that lists them.
 */
import { DataError } from '../../errors';
import type { CsvReadResult } from '../readReport';
import { RecordFrameBuilder, type RecordReadOptions } from '../recordFrame';
import { RecordParser } from './recordParser';
import { QUOTE, BACKSLASH, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, NEWLINE } from './jsonBytes';

export interface JsonReadOptions extends Omit<RecordReadOptions, 'positions'> {
  /** The dotted path of the records array in the top-level object (`data.items`); default: found. */
  readonly records?: string;
}

/** A read JSON document: the frame and report, and the path its records were at ('' for a top-level array). */
export interface JsonReadResult extends CsvReadResult {
  readonly recordsPath: string;
}


/** What the scanner expects next outside the records. */
type Expect =
  /** A value (after a key's colon, or the document itself). */
  | 'value'
  /** The first element of an array just opened, to tell an array of records from others. */
  | 'arrayStart'
  /** A key or `}` right after `{`. */
  | 'firstKey'
  | 'key'
  | 'colon'
  /** `,` or `}` after a value in an object. */
  | 'next'
  /** Only white space after the document. */
  | 'end'
  /** Inside the records array: an element or `]` first, then `,` or `]`. */
  | 'record'
  | 'recordNext';

/** The state of a value being skipped (or a record being collected) across chunks. */
interface Nesting {
  depth: number;
  inString: boolean;
  /** The chunk ended right after a backslash inside a string. */
  escaped: boolean;
}

/** Reads a JSON document pushed chunk by chunk (`push`), then `finish` once. */
export class JsonReader {
  private readonly builder: RecordFrameBuilder;
  private readonly parser: RecordParser;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private expect: Expect = 'value';
  /** The keys of the objects the scanner is in, outermost first; the last is the current key. */
  private readonly keys: string[] = [];
  /** A value being skipped (`skipping`), or a record being collected (`collecting`). */
  private readonly nesting: Nesting = { depth: 0, inString: false, escaped: false };
  private skipping = false;
  /** A scalar being skipped: in a string, or in a literal (number, true, …). */
  private scalar: 'string' | 'literal' | undefined;
  /** Pieces of a record or key that started in an earlier chunk. */
  private pieces: Uint8Array[] = [];
  private collecting: 'record' | 'key' | undefined;
  /** The path of the array opened last (in `arrayStart`). */
  private arrayPath = '';
  /** The records' path once found, and the other arrays of records seen. */
  private recordsPath: string | undefined;
  private readonly otherPaths: string[] = [];
  private records = 0;
  private recordLine = 0;
  private lines = 1;
  private bytes = 0;
  private started = false;

  constructor(private readonly options: JsonReadOptions = {}) {
    this.builder = new RecordFrameBuilder({ ...options, positions: 'record' });
    this.parser = new RecordParser(this.builder);
  }

  /** Records read so far. */
  get recordCount(): number {
    return this.records;
  }

  /** Scans `chunk`, reading the records it completes; the chunk may be reused once this returns. */
  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    const end = chunk.length;
    while (i < end) {
      if (this.skipping) {
        i = this.scanNested(chunk, i, end);
        if (i < 0) return;
        this.skipping = false;
        this.afterValue();
        continue;
      }
      if (this.collecting !== undefined) {
        i = this.continueCollecting(chunk, i, end);
        if (i < 0) return;
        continue;
      }
      if (this.scalar !== undefined) {
        i = this.skipScalar(chunk, i, end);
        if (i < 0) return;
        continue;
      }
      const c = chunk[i];
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      if (c === NEWLINE) {
        this.lines++;
        i++;
        continue;
      }
      i = this.token(chunk, i, end, c);
      if (i < 0) return;
    }
  }

  /**
   * The frame and report, with the path the records were at. `cut`: the bytes stopped mid-file
   * (a peek), so an unfinished document is expected. Throws `DataError` when the document is not
   * records, ends early, or holds several arrays of records and no path says which.
   */
  finish(options: { readonly cut?: boolean } = {}): JsonReadResult {
    if (!options.cut) {
      if (!this.started || (this.expect === 'value' && this.keys.length === 0 && !this.skipping && this.scalar === undefined)) {
        throw new DataError('the file is empty');
      }
      if (this.expect !== 'end' || this.skipping || this.scalar !== undefined || this.collecting !== undefined) {
        throw new DataError(`the JSON ends early (line ${this.lines}): the file is cut off or not valid JSON`, this.lines);
      }
      this.checkPaths();
    }
    if (this.recordsPath === undefined) throw new DataError(this.noRecordsMessage());
    if (this.records === 0) throw new DataError(`${this.recordsPath === '' ? 'the JSON' : `'${this.recordsPath}'`} is an empty array: there are no records`);
    const { frame, report } = this.builder.finish({ bytes: this.bytes, lines: this.records });
    return { frame, report, recordsPath: this.recordsPath };
  }

  /** Handles the token starting with byte `c` at `i` outside records, nested skips and scalars; returns where to go on. */
  private token(chunk: Uint8Array, i: number, end: number, c: number): number {
    switch (this.expect) {
      case 'value':
        return this.value(i, c);
      case 'arrayStart':
        return this.arrayStart(i, c);
      case 'firstKey':
      case 'key':
        if (c === CLOSE_BRACE && this.expect === 'firstKey') {
          this.keys.pop();
          this.afterValue();
          return i + 1;
        }
        if (c !== QUOTE) throw this.syntaxError(c, 'a key in quotes');
        this.collecting = 'key';
        this.pieces = [];
        this.nesting.escaped = false;
        return this.collectKey(chunk, i + 1, i + 1, end);
      case 'colon':
        if (c !== COLON) throw this.syntaxError(c, "':'");
        this.expect = 'value';
        return i + 1;
      case 'next':
        if (c === COMMA) {
          this.expect = 'key';
          return i + 1;
        }
        if (c !== CLOSE_BRACE) throw this.syntaxError(c, "',' or '}'");
        this.keys.pop();
        this.afterValue();
        return i + 1;
      case 'record':
      case 'recordNext':
        return this.recordToken(chunk, i, end, c);
      case 'end':
        throw this.syntaxError(c, 'the end of the file');
    }
  }

  /** A value starts at `i`. */
  private value(i: number, c: number): number {
    const path = this.keys.join('.');
    const wanted = this.options.records;
    if (this.keys.length === 0 && c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      throw new DataError(`the JSON holds ${scalarKind(c)}, not records (an array of objects)`);
    }
    if (wanted !== undefined && path === wanted && c !== OPEN_BRACKET) {
      throw new DataError(`'${wanted}' holds ${c === OPEN_BRACE ? 'an object' : scalarKind(c)}, not an array of records`);
    }
    if (c === OPEN_BRACE) {
      this.keys.push('');
      this.expect = 'firstKey';
      return i + 1;
    }
    if (c === OPEN_BRACKET) {
      if (this.keys.length === 0 && wanted !== undefined) {
        throw new DataError(`the JSON is an array at its top, not an object holding '${wanted}': leave out the records path`);
      }
      this.arrayPath = path;
      this.expect = 'arrayStart';
      return i + 1;
    }
    this.scalar = c === QUOTE ? 'string' : 'literal';
    this.nesting.escaped = false;
    return c === QUOTE ? i + 1 : i;
  }

  /** The first element (or `]`) of the array at `arrayPath` starts at `i`: records, or an array to skip. */
  private arrayStart(i: number, c: number): number {
    const path = this.arrayPath;
    const wanted = this.options.records;
    const isRecords = c === OPEN_BRACE || c === CLOSE_BRACKET;
    if (this.keys.length === 0 || path === wanted) {
      if (!isRecords) throw new DataError(`${path === '' ? 'the JSON' : `'${path}'`} is an array of ${plural(c)}, not of records (objects)`);
      this.recordsPath = path;
      this.expect = 'record';
      return i;
    }
    if (c === OPEN_BRACE) {
      if (wanted === undefined && this.recordsPath === undefined) {
        this.recordsPath = path;
        this.expect = 'record';
        return i;
      }
      this.otherPaths.push(path);
    }
    if (c === CLOSE_BRACKET) {
      this.afterValue();
      return i + 1;
    }
    // Skip the rest of the array: it is open already, and its first element starts here.
    this.skipping = true;
    this.nesting.depth = 1;
    this.nesting.inString = false;
    this.nesting.escaped = false;
    return i;
  }

  /** Inside the records array. */
  private recordToken(chunk: Uint8Array, i: number, end: number, c: number): number {
    if (c === CLOSE_BRACKET) {
      this.afterValue();
      return i + 1;
    }
    if (this.expect === 'recordNext') {
      if (c !== COMMA) throw this.syntaxError(c, "',' or ']' after a record");
      this.expect = 'record';
      return i + 1;
    }
    if (c !== OPEN_BRACE) {
      throw new DataError(`record ${this.records + 1} (line ${this.lines}) is ${scalarKind(c)}, not a record (a JSON object)`, this.lines);
    }
    this.recordLine = this.lines;
    // Most records are flat and end in this chunk: parsed in one pass, without scanning them first.
    const flatEnd = this.parser.addLeading(chunk, i, end, this.records + 1);
    if (flatEnd >= 0) {
      this.records++;
      this.lines += this.parser.newlines;
      this.expect = 'recordNext';
      return flatEnd;
    }
    this.nesting.depth = 0;
    this.nesting.inString = false;
    this.nesting.escaped = false;
    const recordEnd = this.scanNested(chunk, i, end);
    if (recordEnd < 0) {
      this.collecting = 'record';
      this.pieces = [chunk.slice(i)];
      return end;
    }
    this.addRecord(chunk, i, recordEnd);
    return recordEnd;
  }

  private continueCollecting(chunk: Uint8Array, i: number, end: number): number {
    if (this.collecting === 'key') return this.collectKey(chunk, i, i, end);
    const recordEnd = this.scanNested(chunk, i, end);
    if (recordEnd < 0) {
      this.pieces.push(chunk.slice(i));
      return -1;
    }
    this.pieces.push(chunk.subarray(i, recordEnd));
    const record = joined(this.pieces);
    this.pieces = [];
    this.collecting = undefined;
    this.addRecord(record, 0, record.length);
    return recordEnd;
  }

  private addRecord(bytes: Uint8Array, start: number, end: number): void {
    const position = ++this.records;
    const outcome = this.parser.add(bytes, start, end, position);
    if ('problem' in outcome) throw new DataError(`record ${position} (line ${this.recordLine}) ${outcome.problem}`, this.recordLine);
    this.expect = 'recordNext';
  }

  /** Collects a key from `from` (its text starts at `start` of this chunk, or in `pieces`); returns where to go on, or -1 at the chunk's end. */
  private collectKey(chunk: Uint8Array, start: number, from: number, end: number): number {
    const quote = stringEnd(chunk, from, end, this.nesting);
    if (quote < 0) {
      this.pieces.push(chunk.slice(start));
      return -1;
    }
    this.pieces.push(chunk.subarray(start, quote));
    const bytes = joined(this.pieces);
    this.pieces = [];
    this.collecting = undefined;
    let key: string;
    try {
      const text = this.decoder.decode(bytes);
      key = bytes.includes(BACKSLASH) ? (JSON.parse(`"${text}"`) as string) : text;
    } catch {
      throw new DataError(`line ${this.lines}: a key is not valid JSON text`, this.lines);
    }
    this.keys[this.keys.length - 1] = key;
    this.expect = 'colon';
    return quote + 1;
  }

  /** Skips a string or literal outside records; returns where to go on, or -1 at the chunk's end. */
  private skipScalar(chunk: Uint8Array, i: number, end: number): number {
    if (this.scalar === 'string') {
      const quote = stringEnd(chunk, i, end, this.nesting);
      if (quote < 0) return -1;
      this.scalar = undefined;
      this.afterValue();
      return quote + 1;
    }
    while (i < end) {
      const c = chunk[i];
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 32 || c === 9 || c === 13 || c === NEWLINE) {
        this.scalar = undefined;
        this.afterValue();
        return i;
      }
      i++;
    }
    return -1;
  }

  /**
   * Scans a nested value from `i` with the state in `nesting` (depth 0 before its opening byte):
   * the index after its closing bracket, or -1 when the chunk ends first (the state then says
   * where the next chunk goes on). Strings are skipped with `indexOf`, so brackets in text do
   * not count, and newlines outside strings are counted for messages.
   */
  private scanNested(chunk: Uint8Array, i: number, end: number): number {
    const nesting = this.nesting;
    if (nesting.inString) {
      i = stringEnd(chunk, i, end, nesting);
      if (i < 0) return -1;
      nesting.inString = false;
      i++;
    }
    let depth = nesting.depth;
    while (i < end) {
      const c = chunk[i++];
      if (c === QUOTE) {
        const quote = stringEnd(chunk, i, end, nesting);
        if (quote < 0) {
          nesting.inString = true;
          nesting.depth = depth;
          return -1;
        }
        i = quote + 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) {
          nesting.depth = 0;
          return i;
        }
      } else if (c === NEWLINE) {
        this.lines++;
      }
    }
    nesting.depth = depth;
    return -1;
  }

  /** A value ended: what comes next depends on where it was. */
  private afterValue(): void {
    this.expect = this.keys.length === 0 ? 'end' : 'next';
  }

  /** Several arrays of records and no path to choose: an error listing them. */
  private checkPaths(): void {
    if (this.options.records === undefined && this.otherPaths.length > 0 && this.recordsPath !== undefined) {
      const paths = [this.recordsPath, ...this.otherPaths];
      throw new DataError(`the JSON holds several arrays of records; use --records with one of: ${paths.join(', ')}`);
    }
  }

  private noRecordsMessage(): string {
    const wanted = this.options.records;
    const others = this.otherPaths.length > 0 ? `; arrays of records are at: ${this.otherPaths.join(', ')}` : '';
    if (wanted !== undefined) return `the JSON has no array at '${wanted}'${others}`;
    return 'the JSON holds no array of records (objects) at its top or in its objects';
  }

  private syntaxError(c: number, expected: string): DataError {
    return new DataError(`line ${this.lines}: the JSON is not valid: found ${shown(c)} where ${expected} should be`, this.lines);
  }
}

/**
 * The index of the quote that closes a string whose text goes on at `i`, or -1 when the chunk
 * ends first (`nesting.escaped` then says whether it ended on a backslash).
 */
function stringEnd(chunk: Uint8Array, i: number, end: number, nesting: Nesting): number {
  if (nesting.escaped) {
    if (i >= end) return -1;
    nesting.escaped = false;
    i++;
  }
  for (;;) {
    const quote = chunk.indexOf(QUOTE, i);
    if (quote < 0 || quote >= end) {
      let k = end;
      while (k > i && chunk[k - 1] === BACKSLASH) k--;
      nesting.escaped = ((end - k) & 1) === 1;
      return -1;
    }
    // An odd run of backslashes before it escapes the quote.
    let k = quote;
    while (k > i && chunk[k - 1] === BACKSLASH) k--;
    if (((quote - k) & 1) === 0) return quote;
    i = quote + 1;
  }
}

function joined(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  return bytes;
}

/** What a value starting with byte `c` is: "a number", "text", … */
function scalarKind(c: number): string {
  if (c === QUOTE) return 'text';
  if (c === OPEN_BRACKET) return 'an array';
  if (c === OPEN_BRACE) return 'an object';
  if (c === 0x74 || c === 0x66) return 'a boolean';
  if (c === 0x6e) return 'null';
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return 'a number';
  return `${shown(c)}, which is not JSON`;
}

function plural(c: number): string {
  const kind = scalarKind(c);
  switch (kind) {
    case 'text':
      return 'text';
    case 'an array':
      return 'arrays';
    case 'a boolean':
      return 'booleans';
    case 'null':
      return 'nulls';
    case 'a number':
      return 'numbers';
    default:
      return 'values that are not JSON';
  }
}

function shown(c: number): string {
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `the byte 0x${c.toString(16).padStart(2, '0')}`;
}
