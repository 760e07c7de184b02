import { ByteDictionary } from './byteDictionary';
import { FIELD_ABSENT, unquote, type RecordBatch } from './csvTokenizer';
import { DataError } from './../errors';
import type { Column, ColumnType } from './frame';
import { MAX_BAD_VALUE_SHARE, booleanPairOf, classifyStrings, looksLikeIdName, type ColumnPlan, type KnownColumn } from './inferType';
import { isMissingBytes, isMissingText } from './missingTokens';
import { detectDateFormat, parseDateText, parseIsoDateBytes } from './parseDate';
import { detectNumberFormat, hasByteFastPath, parseNumberBytes, parseNumberText } from './parseNumber';
import type { BadValues } from './readReport';

const SPACE = 32;
const TAB = 9;
const MAX_EXAMPLES = 5;

/** Context shared by a reader's builders. */
export interface BuildContext {
  readonly delimiter: string;
  /** Decodes single bad values as they are met (UTF-8, lenient). */
  readonly lenientDecoder: TextDecoder;
}

/** A finished column plus what did not fit its type. */
export interface BuiltColumn {
  readonly column: Column;
  readonly badValues?: BadValues;
}

/** Receives one column's fields, row by row, and produces the typed column at the end. */
export interface ColumnBuilder {
  /** Adds the field `buf[start, end)` (untrimmed) read from physical line `line`. */
  add(buf: Uint8Array, start: number, end: number, line: number): void;
  /** Adds a missing value (a field absent from a short row on physical line `line`). */
  addMissing(line: number): void;
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

/** Collects malformed values: a count and the first few with their lines. */
class BadValueLog {
  count = 0;
  readonly examples: { line: number; value: string }[] = [];

  note(line: number, value: string, times = 1): void {
    this.count += times;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push({ line, value });
  }

  report(column: string): BadValues | undefined {
    return this.count === 0 ? undefined : { column, count: this.count, examples: this.examples };
  }
}

/**
 * Missing values of a column a model requires (a `KnownColumn` with `required`): counted, with
 * the first one's line and text (absent for an empty field), so the read can fail naming them.
 */
class RequiredLog {
  count = 0;
  first: { line: number; value?: string } | undefined;

  note(line: number, value?: string, times = 1): void {
    this.count += times;
    if (this.first === undefined || line < this.first.line) this.first = value === undefined ? { line } : { line, value };
  }

  /** Throws the `DataError` for the missing values noted, if any; `expected` says what a value should be ('a number'). */
  check(column: string, expected: string): void {
    const first = this.first;
    if (first === undefined) return;
    const what = first.value === undefined ? 'is empty' : `holds "${first.value}", which is not ${expected}`;
    const more = this.count > 1 ? ` (${this.count - 1} more ${this.count === 2 ? 'row' : 'rows'} like it)` : '';
    throw new DataError(
      `line ${first.line}: '${column}' ${what}${more}; the model needs ${expected} there, as it never saw '${column}' missing in training`,
      first.line,
    );
  }
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
    this.required = plan.known?.required ? new RequiredLog() : undefined;
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
    let integral = true;
    let onlyZeroOne = true;
    let sawZero = false;
    let sawOne = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) continue;
      if (integral && (!Number.isInteger(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER)) integral = false;
      if (v === 0) sawZero = true;
      else if (v === 1) sawOne = true;
      else onlyZeroOne = false;
    }
    // A model's input keeps its training type: integers and fractions alike are numbers to it.
    if (this.plan.known) {
      return { column: { storage: 'numeric', name: this.name, type: integral ? 'integer' : 'float', values, format: this.plan.format }, badValues };
    }
    if (forced === 'integer' && !integral) {
      const at = values.findIndex((v) => v === v && !Number.isInteger(v));
      throw new DataError(`column '${this.name}' was set to integer but holds ${values[at]} (row ${at + 1})`);
    }
    if (forced === undefined && onlyZeroOne && sawZero && sawOne) {
      const codes = new Int32Array(values.length);
      for (let i = 0; i < values.length; i++) codes[i] = values[i] !== values[i] ? -1 : values[i];
      return { column: { storage: 'categorical', name: this.name, type: 'boolean', codes, dictionary: ['0', '1'] }, badValues };
    }
    let type: 'integer' | 'float' | 'id' = forced === 'float' ? 'float' : integral ? 'integer' : 'float';
    if (forced === undefined && integral && isIntegerId(this.name, values, this.nonMissing)) type = 'id';
    return { column: { storage: 'numeric', name: this.name, type, values, format: this.plan.format }, badValues };
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
 * An integer column of distinct values is an identifier when it counts rows (consecutive values)
 * or its name says so; a distinct-valued measurement (a price, say) stays numeric.
 */
function isIntegerId(name: string, values: Float64Array, nonMissing: number): boolean {
  if (nonMissing < 20 || nonMissing !== values.length) return false;
  let consecutive = true;
  for (let i = 1; i < values.length && consecutive; i++) if (values[i] !== values[i - 1] + 1) consecutive = false;
  if (consecutive) return true;
  if (!looksLikeIdName(name)) return false;
  const sorted = Float64Array.from(values).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
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
    this.required = known?.required ? new RequiredLog() : undefined;
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
    // Rows per entry (missing tokens included), and missing tokens folded into -1.
    const counts = new Float64Array(texts.length);
    const missingEntry = texts.map((t) => isMissingText(t.trim()));
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c < 0) continue;
      counts[c]++;
      if (missingEntry[c]) codes[i] = -1;
    }
    const entries: number[] = [];
    let nonMissing = 0;
    for (let c = 0; c < texts.length; c++) {
      if (!missingEntry[c]) {
        entries.push(c);
        nonMissing += counts[c];
      }
    }
    if (this.required) {
      // Missing tokens ('NA', …) are only known now; each counts from its first line.
      for (let c = 0; c < texts.length; c++) if (missingEntry[c]) this.required.note(this.firstLines[c], undefined, counts[c]);
      this.required.check(this.name, 'a value');
    }
    const labels = this.known?.labels;
    if (labels) {
      this.codes = new Int32Array(0);
      return knownBoolean(this.name, texts, entries, codes, labels);
    }
    const resolved =
      this.asBoolean(texts, entries, codes) ??
      this.asParsed(texts, entries, counts, nonMissing, codes) ??
      this.asStrings(texts, entries, counts, nonMissing, codes);
    this.codes = new Int32Array(0);
    return resolved;
  }

  private push(code: number): void {
    if (this.length === this.codes.length) {
      const next = new Int32Array(nextCapacity(this.codes.length));
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.length++] = code;
  }

  private asBoolean(texts: string[], entries: number[], codes: Int32Array): BuiltColumn | undefined {
    if (this.forced !== undefined && this.forced !== 'boolean') return undefined;
    // Cheap rejection first: columns with many distinct values are never boolean.
    const values = entries.length <= 12 || this.forced === 'boolean' ? entries.map((c) => texts[c]) : [];
    const pair = booleanPairOf(values);
    const lowered = pair === undefined ? [] : values.map((v) => v.toLowerCase());
    const complete = pair !== undefined && lowered.includes(pair[0]) && lowered.includes(pair[1]);
    if (!complete || pair === undefined) {
      if (this.forced === 'boolean') {
        throw new DataError(
          `column '${this.name}' was set to boolean but holds ${values.length} distinct values (${values.slice(0, 5).map((v) => `'${v}'`).join(', ')}${values.length > 5 ? ', …' : ''})`,
        );
      }
      return undefined;
    }
    // Labels keep the source's spelling (the first seen for each side).
    const labels: [string, string] = [
      values[lowered.indexOf(pair[0])],
      values[lowered.indexOf(pair[1])],
    ];
    const remap = new Int32Array(texts.length).fill(-1);
    for (const c of entries) remap[c] = texts[c].toLowerCase() === pair[1] ? 1 : 0;
    for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
    return { column: { storage: 'categorical', name: this.name, type: 'boolean', codes, dictionary: labels } };
  }

  /** Numeric or datetime when every distinct value with a digit parses and the rest are few. */
  private asParsed(
    texts: string[],
    entries: number[],
    counts: Float64Array,
    nonMissing: number,
    codes: Int32Array,
  ): BuiltColumn | undefined {
    const forced = this.forced;
    if (forced !== undefined && forced !== 'datetime') return undefined;
    if (entries.length === 0) return undefined;
    const withDigits = entries.filter((c) => /\d/.test(texts[c]));
    const badShare = (parsed: Float64Array): number => {
      let bad = 0;
      for (const c of entries) if (parsed[c] !== parsed[c]) bad += counts[c];
      return bad / nonMissing;
    };
    const dateFormat = detectDateFormat(withDigits.map((c) => texts[c]));
    if (dateFormat) {
      const parsed = new Float64Array(texts.length).fill(NaN);
      for (const c of entries) parsed[c] = parseDateText(texts[c], dateFormat.order);
      if (forced === 'datetime' || badShare(parsed) <= MAX_BAD_VALUE_SHARE) {
        const values = new Float64Array(codes.length);
        for (let i = 0; i < codes.length; i++) values[i] = codes[i] < 0 ? NaN : parsed[codes[i]];
        return {
          column: { storage: 'datetime', name: this.name, type: 'datetime', values, format: dateFormat },
          badValues: this.badReport(texts, entries, counts, parsed),
        };
      }
    }
    if (forced === 'datetime') {
      const example = entries.find((c) => Number.isNaN(parseDateText(texts[c], 'ymd')));
      throw new DataError(
        `column '${this.name}' was set to datetime but its values are not dates in a supported layout` +
          (example === undefined ? '' : ` (e.g. '${texts[example]}' at line ${this.firstLines[example]})`),
      );
    }
    const numberFormat = detectNumberFormat(withDigits.map((c) => texts[c]), this.context.delimiter);
    if (numberFormat) {
      const parsed = new Float64Array(texts.length).fill(NaN);
      for (const c of entries) parsed[c] = parseNumberText(texts[c], numberFormat);
      if (badShare(parsed) <= MAX_BAD_VALUE_SHARE) {
        const values = new Float64Array(codes.length);
        let integral = true;
        for (let i = 0; i < codes.length; i++) {
          const v = codes[i] < 0 ? NaN : parsed[codes[i]];
          values[i] = v;
          if (v === v && !Number.isInteger(v)) integral = false;
        }
        return {
          column: { storage: 'numeric', name: this.name, type: integral ? 'integer' : 'float', values, format: numberFormat },
          badValues: this.badReport(texts, entries, counts, parsed),
        };
      }
    }
    return undefined;
  }

  private badReport(texts: string[], entries: number[], counts: Float64Array, parsed: Float64Array): BadValues | undefined {
    const log = new BadValueLog();
    const bad = entries.filter((c) => parsed[c] !== parsed[c]).sort((a, b) => this.firstLines[a] - this.firstLines[b]);
    // One example per distinct bad value (at its first line); the count covers every row.
    for (const c of bad) log.note(this.firstLines[c], texts[c], counts[c]);
    return log.report(this.name);
  }

  private asStrings(
    texts: string[],
    entries: number[],
    counts: Float64Array,
    nonMissing: number,
    codes: Int32Array,
  ): BuiltColumn {
    let totalLength = 0;
    let totalWords = 0;
    for (const c of entries) {
      const text = texts[c];
      totalLength += text.length * counts[c];
      totalWords += countWords(text) * counts[c];
    }
    const shape = {
      nonMissing,
      unique: entries.length,
      meanLength: nonMissing === 0 ? 0 : totalLength / nonMissing,
      meanWords: nonMissing === 0 ? 0 : totalWords / nonMissing,
    };
    const type =
      this.forced === 'text' || this.forced === 'id' || this.forced === 'categorical' ? this.forced : classifyStrings(shape);
    // Drop missing-token entries from the dictionary, keeping first-appearance order.
    let dictionary: string[] = texts;
    if (entries.length !== texts.length) {
      const remap = new Int32Array(texts.length).fill(-1);
      dictionary = entries.map((c, i) => {
        remap[c] = i;
        return texts[c];
      });
      for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
    }
    return { column: { storage: 'categorical', name: this.name, type, codes, dictionary } };
  }
}

/**
 * A model's boolean input read with its training labels ([false, true], matched whatever their
 * case, as the reader and the exported module do). Other labels are kept after them, as labels
 * the model never saw (the column is then categorical), so the pipeline handles them as it
 * handles unseen labels rather than as missing values.
 */
function knownBoolean(name: string, texts: readonly string[], entries: readonly number[], codes: Int32Array, labels: readonly [string, string]): BuiltColumn {
  const falseLabel = labels[0].toLowerCase();
  const trueLabel = labels[1].toLowerCase();
  const dictionary: string[] = [labels[0], labels[1]];
  const remap = new Int32Array(texts.length).fill(-1);
  for (const c of entries) {
    const lower = texts[c].toLowerCase();
    remap[c] = lower === trueLabel ? 1 : lower === falseLabel ? 0 : dictionary.push(texts[c]) - 1;
  }
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) codes[i] = remap[codes[i]];
  return { column: { storage: 'categorical', name, type: dictionary.length === 2 ? 'boolean' : 'categorical', codes, dictionary } };
}

function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const space = ch === 32 || ch === 9 || ch === 10 || ch === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}
