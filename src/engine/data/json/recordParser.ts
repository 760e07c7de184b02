/**
 * One JSON record (an NDJSON line, an element of a JSON array), given as UTF-8 bytes, into a
 * `RecordFrameBuilder`. Flat records, the common case, are parsed here field by field straight
 * from the bytes: names are matched against the previous record's, numbers parsed in place and
 * text handed over as the bytes the CSV reader's column builders take, so no object, string or
 * cell list is built per record (`JSON.parse` alone takes longer than the CSV reader's whole
 * read of the same data). Anything else (nested objects and arrays, escaped names, syntax errors)
 * goes through `JSON.parse` and `flattenRecord`, which give the same cells; the fast path commits
 * nothing until the whole record has parsed, so switching loses nothing.
 */
import type { RecordFrameBuilder } from '../recordFrame';
import { parseNumberBytes } from '../parseNumber';
import type { CellValue } from '../valueColumns';
import { flattenRecord } from './flattenRecord';
import { QUOTE, BACKSLASH, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE } from './jsonBytes';

/** What became of a record's bytes: added, blank (only white space), or the reason it is not a record. */
export type RecordOutcome = { readonly added: true } | { readonly blank: true } | { readonly problem: string };

const ADDED: RecordOutcome = { added: true };
const BLANK: RecordOutcome = { blank: true };

const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const PLUS = 0x2b;

/** Kinds of a parsed field's value. */
const NULL = 0;
const NUMBER = 1;
const TRUE = 2;
const FALSE = 3;
/** Text as its bytes (no escapes). */
const BYTES = 4;
/** Text with escapes, decoded to a string. */
const TEXT = 5;

const TRUE_BYTES = [0x74, 0x72, 0x75, 0x65];
const FALSE_BYTES = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL_BYTES = [0x6e, 0x75, 0x6c, 0x6c];

/** Adds records to one builder; keeps what it learnt of the previous record's field names. */
export class RecordParser {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly cells: [string, CellValue][] = [];
  // The fields of the record being parsed, by index: name and value ranges, value kind and number.
  private nameStarts = new Int32Array(64);
  private nameEnds = new Int32Array(64);
  private valueStarts = new Int32Array(64);
  private valueEnds = new Int32Array(64);
  private kinds = new Uint8Array(64);
  private numbers = new Float64Array(64);
  private texts: (string | undefined)[] = [];
  /** The names seen at each field index (as bytes) and their columns: records usually repeat the same names in the same order. */
  private knownNames: (Uint8Array | undefined)[] = [];
  private knownColumns: number[] = [];
  /** The column of each field of the record being added. */
  private columns = new Int32Array(64);
  /** The last record each column had a field in, to notice a name given twice. */
  private stamps = new Int32Array(64);
  private recordStamp = 0;
  /** Where the object `parseFlat` read last ended (the index after its `}`), and the newlines in it. */
  private flatEnd = 0;
  newlines = 0;

  constructor(private readonly builder: RecordFrameBuilder) {}

  /** Adds the JSON object in `bytes[start, end)` as the record at `position`. */
  add(bytes: Uint8Array, start: number, end: number, position: number): RecordOutcome {
    const fields = this.parseFlat(bytes, start, end);
    if (fields === -2) return BLANK;
    // A name given twice: JSON.parse keeps the last value, and so must every path.
    if (fields >= 0 && this.resolveColumns(bytes, fields)) {
      this.commit(bytes, fields, position);
      return ADDED;
    }
    return this.addParsed(bytes, start, end, position);
  }

  /**
   * Adds the flat JSON object that starts at `start` when it ends before `end` (a JSON array's
   * element, whose end is not known yet): the index after its `}`, with `newlines` set to the line
   * breaks in it. -1 when it is not flat or does not end there; nothing was added then.
   */
  addLeading(bytes: Uint8Array, start: number, end: number, position: number): number {
    const fields = this.parseFlat(bytes, start, end, false);
    if (fields < 0 || !this.resolveColumns(bytes, fields)) return -1;
    this.commit(bytes, fields, position);
    return this.flatEnd;
  }

  /** The general path: `JSON.parse`, then `flattenRecord`. */
  private addParsed(bytes: Uint8Array, start: number, end: number, position: number): RecordOutcome {
    let text: string;
    try {
      text = this.decoder.decode(bytes.subarray(start, end));
    } catch {
      return { problem: 'is not UTF-8 text' };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { problem: `is not valid JSON (${shortReason(error)})` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { problem: `holds ${describeJsonValue(value)}, not a record (a JSON object)` };
    }
    this.cells.length = 0;
    this.builder.addRecord(flattenRecord(value as Record<string, unknown>, this.cells), position);
    return ADDED;
  }

  /** Finds the columns of the fields `parseFlat` found; false when one comes twice. */
  private resolveColumns(bytes: Uint8Array, fields: number): boolean {
    const record = ++this.recordStamp;
    for (let i = 0; i < fields; i++) {
      const j = this.column(bytes, i);
      if (j >= this.stamps.length) {
        const grown = new Int32Array(Math.max(j + 1, this.stamps.length * 2));
        grown.set(this.stamps);
        this.stamps = grown;
      }
      if (this.stamps[j] === record) return false;
      this.stamps[j] = record;
      this.columns[i] = j;
    }
    return true;
  }

  /** Adds the fields `parseFlat` found, in the columns `resolveColumns` found. */
  private commit(bytes: Uint8Array, fields: number, position: number): void {
    const builder = this.builder;
    builder.beginRecord(position);
    for (let i = 0; i < fields; i++) {
      const j = this.columns[i];
      switch (this.kinds[i]) {
        case NUMBER:
          builder.addField(j, this.numbers[i]);
          break;
        case BYTES:
          builder.addFieldUtf8(j, bytes, this.valueStarts[i], this.valueEnds[i]);
          break;
        case TEXT:
          builder.addField(j, this.texts[i] as string);
          break;
        case TRUE:
          builder.addField(j, true);
          break;
        case FALSE:
          builder.addField(j, false);
          break;
        default:
          builder.addField(j, null);
      }
    }
    builder.endRecord();
  }

  /** The column of field `i` of the record being added: the one of the same name at that index in earlier records, else by name. */
  private column(bytes: Uint8Array, i: number): number {
    const start = this.nameStarts[i];
    const end = this.nameEnds[i];
    const known = this.knownNames[i];
    if (known !== undefined && known.length === end - start) {
      let k = 0;
      while (k < known.length && known[k] === bytes[start + k]) k++;
      if (k === known.length) return this.knownColumns[i];
    }
    const name = bytes.slice(start, end);
    const j = this.builder.fieldColumn(this.decoder.decode(name));
    this.knownNames[i] = name;
    this.knownColumns[i] = j;
    return j;
  }

  /**
   * Parses a flat object (values: text, numbers, true, false, null) in `bytes[start, end)` into the
   * field arrays; returns the field count, -2 for white space only, or -1 for anything it leaves
   * to `JSON.parse` (nested values, escaped names, non-ASCII text that is not UTF-8, bad syntax).
   */
  private parseFlat(bytes: Uint8Array, start: number, end: number, whole = true): number {
    this.newlines = 0;
    let i = this.skipSpace(bytes, start, end);
    if (i === end) return -2;
    if (bytes[i] !== OPEN_BRACE) return -1;
    i = this.skipSpace(bytes, i + 1, end);
    let fields = 0;
    if (i < end && bytes[i] === CLOSE_BRACE) return this.closed(bytes, i + 1, end, whole, 0);
    for (;;) {
      // "name"
      if (i >= end || bytes[i] !== QUOTE) return -1;
      const nameStart = i + 1;
      const nameEnd = plainStringEnd(bytes, nameStart, end);
      if (nameEnd < 0) return -1;
      i = this.skipSpace(bytes, nameEnd + 1, end);
      if (i >= end || bytes[i] !== COLON) return -1;
      i = this.skipSpace(bytes, i + 1, end);
      if (i >= end) return -1;
      if (fields === this.kinds.length) this.grow();
      this.nameStarts[fields] = nameStart;
      this.nameEnds[fields] = nameEnd;
      // the value
      const c = bytes[i];
      if (c === QUOTE) {
        const valueEnd = plainStringEnd(bytes, i + 1, end);
        if (valueEnd >= 0) {
          this.kinds[fields] = BYTES;
          this.valueStarts[fields] = i + 1;
          this.valueEnds[fields] = valueEnd;
          i = valueEnd + 1;
        } else {
          const stringEnd = escapedStringEnd(bytes, i + 1, end);
          if (stringEnd < 0) return -1;
          let text: unknown;
          try {
            text = JSON.parse(this.decoder.decode(bytes.subarray(i, stringEnd + 1)));
          } catch {
            return -1;
          }
          this.kinds[fields] = TEXT;
          this.texts[fields] = text as string;
          i = stringEnd + 1;
        }
      } else if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_0 + 9)) {
        const numberEnd = jsonNumberEnd(bytes, i, end);
        if (numberEnd < 0) return -1;
        let value = parseNumberBytes(bytes, i, numberEnd, DOT, 0);
        // Beyond the exact fast path (over 15 digits, huge exponents): the engine's own conversion.
        if (value !== value) value = Number(String.fromCharCode(...bytes.subarray(i, numberEnd)));
        this.kinds[fields] = NUMBER;
        this.numbers[fields] = value;
        i = numberEnd;
      } else if (matches(bytes, i, end, TRUE_BYTES)) {
        this.kinds[fields] = TRUE;
        i += 4;
      } else if (matches(bytes, i, end, FALSE_BYTES)) {
        this.kinds[fields] = FALSE;
        i += 5;
      } else if (matches(bytes, i, end, NULL_BYTES)) {
        this.kinds[fields] = NULL;
        i += 4;
      } else {
        return -1;
      }
      fields++;
      i = this.skipSpace(bytes, i, end);
      if (i >= end) return -1;
      if (bytes[i] === COMMA) {
        i = this.skipSpace(bytes, i + 1, end);
        continue;
      }
      if (bytes[i] !== CLOSE_BRACE) return -1;
      return this.closed(bytes, i + 1, end, whole, fields);
    }
  }

  /**
   * The object closed just before `after`: `fields` when nothing but white space follows it up to
   * `end` (or, unless `whole`, whatever follows), else -1; `flatEnd` is set to `after`.
   */
  private closed(bytes: Uint8Array, after: number, end: number, whole: boolean, fields: number): number {
    this.flatEnd = after;
    if (!whole) return fields;
    return this.skipSpace(bytes, after, end) === end ? fields : -1;
  }

  /** The index of the first byte from `i` that is not JSON white space; counts the newlines passed. */
  private skipSpace(bytes: Uint8Array, i: number, end: number): number {
    while (i < end) {
      const c = bytes[i];
      if (c !== 32 && c !== 9 && c !== 13) {
        if (c !== 10) break;
        this.newlines++;
      }
      i++;
    }
    return i;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(array);
      return next;
    };
    this.nameStarts = grown(this.nameStarts, (n) => new Int32Array(n));
    this.nameEnds = grown(this.nameEnds, (n) => new Int32Array(n));
    this.valueStarts = grown(this.valueStarts, (n) => new Int32Array(n));
    this.valueEnds = grown(this.valueEnds, (n) => new Int32Array(n));
    this.kinds = grown(this.kinds, (n) => new Uint8Array(n));
    this.columns = grown(this.columns, (n) => new Int32Array(n));
    this.numbers = grown(this.numbers, (n) => new Float64Array(n));
  }
}

function matches(bytes: Uint8Array, i: number, end: number, word: readonly number[]): boolean {
  if (end - i < word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) return false;
  return true;
}

/**
 * The index of the quote closing a string that starts at `start` (after its opening quote), or -1
 * when it holds an escape, a control character or bytes that are not UTF-8, or runs past `end`.
 */
function plainStringEnd(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH || c < 0x20) return -1;
    if (c >= 0x80) {
      const next = utf8SequenceEnd(bytes, i, end);
      if (next < 0) return -1;
      i = next - 1;
    }
  }
  return -1;
}

/** The index of the quote closing a string with escapes that starts at `start`, or -1. */
function escapedStringEnd(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/**
 * The end of the well-formed UTF-8 sequence starting at `i` (a lead byte >= 0x80), or -1: no
 * overlong forms, surrogates or code points past U+10FFFF, as `TextDecoder` with `fatal` checks.
 */
function utf8SequenceEnd(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i];
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else return -1;
  if (i + length > end) return -1;
  const second = bytes[i + 1];
  if (second < low || second > high) return -1;
  for (let k = 2; k < length; k++) {
    const c = bytes[i + k];
    if (c < 0x80 || c > 0xbf) return -1;
  }
  return i + length;
}

/** The end of the JSON number starting at `i` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or -1 when it is not one. */
function jsonNumberEnd(bytes: Uint8Array, i: number, end: number): number {
  if (bytes[i] === MINUS) i++;
  if (i >= end) return -1;
  if (bytes[i] === DIGIT_0) i++;
  else {
    const start = i;
    while (i < end && isDigit(bytes[i])) i++;
    if (i === start) return -1;
  }
  if (i < end && bytes[i] === DOT) {
    const start = ++i;
    while (i < end && isDigit(bytes[i])) i++;
    if (i === start) return -1;
  }
  if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
    const start = i;
    while (i < end && isDigit(bytes[i])) i++;
    if (i === start) return -1;
  }
  // A digit right after a leading 0 ("01") is not JSON.
  return i < end && isDigit(bytes[i]) ? -1 : i;
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_0 + 9;
}

/** What a JSON value that is not a record is, for messages: "a number (3)", "an array", "text (…)". */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'string':
      return `text (${JSON.stringify(value.length > 30 ? `${value.slice(0, 29)}…` : value)})`;
    default:
      return 'an object';
  }
}

/** `JSON.parse`'s complaint, shortened: V8 quotes the input in some messages. */
export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const text = message.replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '').replace(/\s+/g, ' ');
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
