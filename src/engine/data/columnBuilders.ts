import { ByteDictionary } from './byteDictionary';
import { FIELD_ABSENT, unquote, type RecordBatch } from './csvTokenizer';
import type { ColumnType } from './frame';
import type { PositionUnit } from './readReport';
import { BadValueLog, finishDictionary, finishNumbers, RequiredLog, type BuiltColumn } from './columnFinish';
import { MAX_BAD_VALUE_SHARE, type ColumnPlan, type KnownColumn } from './inferType';
import { isMissingBytes } from './missingTokens';
import { parseDateText, parseIsoDateBytes } from './parseDate';
import { hasByteFastPath, parseNumberBytes, parseNumberText } from './parseNumber';

const SPACE = 32;
const TAB = 9;

/** Context shared by a reader's builders. */
export interface BuildContext {
  /** The field delimiter ('' for sources without one): a ';' file writes decimal commas. */
  readonly delimiter: string;
  /** Decodes single bad values as they are met (UTF-8, lenient). */
  readonly lenientDecoder: TextDecoder;
  /** What the `line` arguments count (default: physical lines), for messages. */
  readonly positions?: PositionUnit;
}

/** Receives one column's fields, row by row, and produces the typed column at the end. */
export interface ColumnBuilder {
  /** Adds the field `buf[start, end)` (untrimmed) read from physical line `line`. */
  add(buf: Uint8Array, start: number, end: number, line: number): void;
  /** Adds a missing value (a field absent from a short row on physical line `line`). */
  addMissing(line: number): void;
  /**
   * Adds a value already parsed (a number from a typed source; a date as epoch milliseconds),
   * `NaN` for missing. Only columns read as numbers or dates have it.
   */
  addNumber?(value: number, line: number): void;
  /** Adds field `column` of every record in `batch`; `scratch` holds unquoted copies. */
  addBatch(buf: Uint8Array, batch: RecordBatch, column: number, scratch: Scratch): void;
  /** Whether the text kept for this column is well-formed UTF-8 (else the file is Latin-1). */
  isValidUtf8(): boolean;
  /** Builds the column, decoding kept text with `decoder`. Call once. */
  finish(decoder: TextDecoder): BuiltColumn;
}

/** Creates the builder for a planned column; `capacity` is the expected row count. */
export function createBuilder(name: string, plan: ColumnPlan, capacity: number, context: BuildContext): ColumnBuilder {
  return plan.mode === 'dictionary'
    ? new DictionaryBuilder(name, plan.forced, capacity, context, plan.known)
    : new ParsedBuilder(name, plan, capacity, context);
}

/** A reusable buffer for unquoting fields. */
export interface Scratch {
  bytes: Uint8Array;
}

/**
 * Feeds one column of a batch to `builder`, field by field. Each builder class calls this from
 * its own `addBatch`, so V8 specialises the loop for that class.
 */
function feedColumn(builder: ColumnBuilder, buf: Uint8Array, batch: RecordBatch, column: number, scratch: Scratch): void {
  const { starts, ends, flags, lines, width, size } = batch;
  for (let r = 0, k = column; r < size; r++, k += width) {
    const flag = flags[k];
    if (flag === 0) {
      builder.add(buf, starts[k], ends[k], lines[r]);
    } else if (flag === FIELD_ABSENT) {
      builder.addMissing(lines[r]);
    } else {
      const length = ends[k] - starts[k];
      if (scratch.bytes.length < length) scratch.bytes = new Uint8Array(length * 2);
      builder.add(scratch.bytes, 0, unquote(buf, starts[k], ends[k], scratch.bytes), lines[r]);
    }
  }
}

function trimStart(buf: Uint8Array, start: number, end: number): number {
  while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
  return start;
}

function trimEnd(buf: Uint8Array, start: number, end: number): number {
  while (end > start && (buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
  return end;
}

function nextCapacity(capacity: number): number {
  return Math.max(1024, Math.ceil(capacity * 1.5));
}

/** Trims a typed array to `length`, copying only when the spare room is worth giving back. */
function fit<T extends Float64Array | Int32Array>(array: T, length: number): T {
  if (array.length === length) return array;
  return (array.length - length > length / 10 ? array.slice(0, length) : array.subarray(0, length)) as T;
}

/** The slow path of a parsed column: text to number, `NaN` when malformed. */
function textParser(plan: Extract<ColumnPlan, { mode: 'number' | 'date' }>): (text: string) => number {
  if (plan.mode === 'number') {
    const format = plan.format;
    return (text) => parseNumberText(text, format);
  }
  const order = plan.format.order;
  return (text) => parseDateText(text, order);
}

/**
 * Parses numbers or datetimes straight from bytes into a `Float64Array`. Malformed values become
 * `NaN` and are reported; when they grow past `MAX_BAD_VALUE_SHARE` (plus slack for early rows)
 * the column was not numeric after all and continues as a dictionary column, earlier values
 * re-encoded as text.
 */
class ParsedBuilder implements ColumnBuilder {
  private values: Float64Array;
  private length = 0;
  private nonMissing = 0;
  /** Byte fast path: 0 none, 1 numbers, 2 ISO dates (a switch beats an indirect call here). */
  private readonly fastPath: 0 | 1 | 2;
  private readonly decimalByte: number;
  private readonly thousandsByte: number;
  private readonly fromText: (text: string) => number;
  private readonly bad = new BadValueLog();
  /** Rows and texts of malformed values, kept so a fallback to text loses nothing. */
  private badRows: number[] = [];
  private badTexts: string[] = [];
  private fallback: DictionaryBuilder | undefined;
  /** Missing values of a column the model requires; undefined for any other column. */
  private readonly required: RequiredLog | undefined;

  constructor(
    private readonly name: string,
    private readonly plan: Extract<ColumnPlan, { mode: 'number' | 'date' }>,
    capacity: number,
    private readonly context: BuildContext,
  ) {
    this.values = new Float64Array(Math.max(16, capacity));
    this.fromText = textParser(plan);
    this.required = plan.known?.required ? new RequiredLog(context.positions) : undefined;
    if (plan.mode === 'number') {
      this.fastPath = hasByteFastPath(plan.format) ? 1 : 0;
      this.decimalByte = plan.format.decimalSeparator.charCodeAt(0);
      this.thousandsByte = plan.format.thousandsSeparator === '' ? 0 : plan.format.thousandsSeparator.charCodeAt(0);
    } else {
      this.fastPath = plan.format.order === 'ymd' ? 2 : 0;
      this.decimalByte = 0;
      this.thousandsByte = 0;
    }
  }

  add(buf: Uint8Array, start: number, end: number, line: number): void {
    if (this.fallback) {
      this.fallback.add(buf, start, end, line);
      return;
    }
    start = trimStart(buf, start, end);
    end = trimEnd(buf, start, end);
    let value =
      this.fastPath === 1
        ? parseNumberBytes(buf, start, end, this.decimalByte, this.thousandsByte)
        : this.fastPath === 2
          ? parseIsoDateBytes(buf, start, end)
          : NaN;
    if (value !== value) {
      if (isMissingBytes(buf, start, end)) {
        this.required?.note(line);
        this.push(NaN);
        return;
      }
      const text = this.context.lenientDecoder.decode(buf.subarray(start, end));
      value = this.fromText(text);
      if (value !== value) {
        this.noteBad(line, text);
        return;
      }
    }
    this.nonMissing++;
    this.push(value);
  }

  addMissing(line: number): void {
    if (this.fallback) {
      this.fallback.addMissing(line);
      return;
    }
    this.required?.note(line);
    this.push(NaN);
  }

  addNumber(value: number, line: number): void {
    if (value !== value) {
      this.addMissing(line);
    } else if (this.fallback) {
      const text = this.plan.mode === 'date' ? new Date(value).toISOString() : String(value);
      const bytes = new TextEncoder().encode(text);
      this.fallback.add(bytes, 0, bytes.length, line);
    } else {
      this.nonMissing++;
      this.push(value);
    }
  }

  addBatch(buf: Uint8Array, batch: RecordBatch, column: number, scratch: Scratch): void {
    feedColumn(this, buf, batch, column, scratch);
  }

  isValidUtf8(): boolean {
    return this.fallback ? this.fallback.isValidUtf8() : true;
  }

  finish(decoder: TextDecoder): BuiltColumn {
    const forced = this.plan.forced;
    if (!this.fallback && forced === undefined && this.bad.count > MAX_BAD_VALUE_SHARE * (this.nonMissing + this.bad.count)) {
      this.fallBackToText();
    }
    if (this.fallback) return this.fallback.finish(decoder);
    this.required?.check(this.name, this.plan.mode === 'date' ? 'a date' : 'a number');
    const values = fit(this.values, this.length);
    this.values = new Float64Array(0);
    const badValues = this.bad.report(this.name);
    if (this.plan.mode === 'date') {
      return { column: { storage: 'datetime', name: this.name, type: 'datetime', values, format: this.plan.format }, badValues };
    }
    return finishNumbers({ name: this.name, forced, known: this.plan.known, format: this.plan.format }, values, this.nonMissing, badValues);
  }

  private push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(nextCapacity(this.values.length));
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }

  private noteBad(line: number, text: string): void {
    this.bad.note(line, text);
    this.required?.note(line, text);
    this.badRows.push(this.length);
    this.badTexts.push(text);
    this.push(NaN);
    if (this.plan.forced === undefined && this.bad.count > 100 + MAX_BAD_VALUE_SHARE * (this.nonMissing + this.bad.count)) {
      this.fallBackToText();
    }
  }

  /** Re-encodes everything read so far as text and hands the column to a dictionary builder. */
  private fallBackToText(): void {
    const fallback = new DictionaryBuilder(this.name, undefined, this.values.length, this.context);
    const encoder = new TextEncoder();
    let nextBad = 0;
    for (let row = 0; row < this.length; row++) {
      const value = this.values[row];
      if (nextBad < this.badRows.length && this.badRows[nextBad] === row) {
        const bytes = encoder.encode(this.badTexts[nextBad++]);
        fallback.add(bytes, 0, bytes.length, 0);
      } else if (value !== value) {
        fallback.addMissing(0);
      } else {
        const text = this.plan.mode === 'date' ? new Date(value).toISOString() : String(value);
        const bytes = encoder.encode(text);
        fallback.add(bytes, 0, bytes.length, 0);
      }
    }
    this.fallback = fallback;
    this.values = new Float64Array(0);
    this.badRows = [];
    this.badTexts = [];
  }
}

/**
 * Dictionary-encodes a column's byte strings into `Int32Array` codes, then classifies the whole
 * column on its distinct values: boolean, numeric or datetime when (nearly) all of them parse as
 * such (each distinct value parsed once), else text, identifier or categorical.
 */
class DictionaryBuilder implements ColumnBuilder {
  private codes: Int32Array;
  private length = 0;
  private readonly dictionary = new ByteDictionary();
  /** Line where each dictionary entry first appeared, for bad-value reports. */
  private firstLines = new Int32Array(64);
  /** Missing values of a column the model requires; undefined for any other column. */
  private readonly required: RequiredLog | undefined;

  constructor(
    private readonly name: string,
    private readonly forced: ColumnType | undefined,
    capacity: number,
    private readonly context: BuildContext,
    /** Set when the column is a model's input: its type is `forced`, never re-inferred. */
    private readonly known?: KnownColumn,
  ) {
    this.codes = new Int32Array(Math.max(16, capacity));
    this.required = known?.required ? new RequiredLog(context.positions) : undefined;
  }

  add(buf: Uint8Array, start: number, end: number, line: number): void {
    start = trimStart(buf, start, end);
    end = trimEnd(buf, start, end);
    if (start === end) {
      this.required?.note(line);
      this.push(-1);
      return;
    }
    const before = this.dictionary.size;
    const code = this.dictionary.intern(buf, start, end);
    if (code === before) {
      if (code === this.firstLines.length) {
        const next = new Int32Array(this.firstLines.length * 2);
        next.set(this.firstLines);
        this.firstLines = next;
      }
      this.firstLines[code] = line;
    }
    this.push(code);
  }

  addMissing(line: number): void {
    this.required?.note(line);
    this.push(-1);
  }

  addBatch(buf: Uint8Array, batch: RecordBatch, column: number, scratch: Scratch): void {
    feedColumn(this, buf, batch, column, scratch);
  }

  isValidUtf8(): boolean {
    return this.dictionary.isValidUtf8();
  }

  finish(decoder: TextDecoder): BuiltColumn {
    const texts = this.dictionary.decodeAll(decoder);
    const codes = fit(this.codes, this.length);
    this.codes = new Int32Array(0);
    const context = { name: this.name, forced: this.forced, known: this.known, delimiter: this.context.delimiter, firstLines: this.firstLines };
    return finishDictionary(context, texts, codes, this.required);
  }

  private push(code: number): void {
    if (this.length === this.codes.length) {
      const next = new Int32Array(nextCapacity(this.codes.length));
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.length++] = code;
  }
}

