/**
 * Typed columns from typed values: what JSON records, spreadsheets, SQL drivers and Parquet
 * readers hand over (numbers, strings, booleans, dates, nulls) instead of CSV bytes. The types
 * are inferred by the CSV reader's own rules (columnFinish.ts), so a data set gives the same
 * columns whatever format it arrives in: text that reads as numbers or dates becomes numbers or
 * dates, 0/1 becomes boolean, counters become identifiers, missing tokens are missing.
 *
 * Numbers and dates take a fast path straight into a `Float64Array`. Anything else (strings,
 * booleans, a column whose values change type, a type the user set, a model's input field) goes
 * through the CSV reader's own column builders as UTF-8 text, planned from the column's first
 * values as the CSV reader plans from its first rows, so its semantics are the CSV reader's to
 * the byte: trimming, missing tokens, number formats, bad values and required fields.
 */
import { createBuilder, type BuildContext, type ColumnBuilder } from './columnBuilders';
import { finishNumbers, type BuiltColumn } from './columnFinish';
import { PLAIN_NUMBER_FORMAT, type ColumnType } from './frame';
import { planColumn, planKnownColumn, type ColumnPlan } from './inferType';
import type { InputField } from './inputField';
import type { PositionUnit } from './readReport';

/** One value of a record: as JSON, a spreadsheet cell, a SQL driver or a Parquet reader gives it. */
export type CellValue = string | number | bigint | boolean | Date | null | undefined;

/** How a column of values is read. */
export interface ValueColumnOptions {
  /** The type the user set for the column (`--type`). */
  readonly forced?: ColumnType;
  /** The column is a model's input: read as in training (takes precedence over `forced`). */
  readonly field?: InputField;
  /** What positions count, for the messages of bad and required values. */
  readonly positions: PositionUnit;
}

const MS_PER_DAY = 86_400_000;
/** Values a text column is planned from: as many rows as the CSV reader samples. */
const SAMPLE_VALUES = 2_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Builds one column from values added in row order (`add`), each with its 1-based position (row,
 * record or line) for reports, then `finish` once.
 */
export class ValueColumnBuilder {
  /** 'sampling': text has come, and the first values are kept until they tell how to read it. */
  private mode: 'numbers' | 'dates' | 'sampling' | 'text';
  private values = new Float64Array(64);
  private length = 0;
  private nonMissing = 0;
  /** Whether some date carried a time of day (dates mode). */
  private hasTime = false;
  /** Whether `values` holds dates (epoch ms), from the dates mode. */
  private holdsDates = false;
  /** Positions of the values added so far, kept while a fast path may still need to replay them as text. */
  private positions = new Int32Array(64);
  private text: ColumnBuilder | undefined;
  private scratch = new Uint8Array(256);
  /** Values added while sampling (after those in `values`), as text, with their positions. */
  private sampleTexts: (string | null)[] = [];
  private samplePositions: number[] = [];

  constructor(
    readonly name: string,
    private readonly options: ValueColumnOptions,
  ) {
    const plan = options.field ? planKnownColumn(options.field) : options.forced ? planColumn([], '', options.forced) : undefined;
    this.mode = plan ? 'text' : 'numbers';
    if (plan) this.text = this.createTextBuilder(plan);
  }

  add(value: CellValue, position: number): void {
    if (this.mode === 'text') {
      this.addText(value, position);
      return;
    }
    if (this.mode === 'sampling') {
      this.addSample(value === null || value === undefined ? null : value instanceof Date ? dateText(value.getTime(), true) : String(value), position);
      return;
    }
    if (value === null || value === undefined) {
      this.push(NaN, position);
      return;
    }
    if (typeof value === 'number' && this.mode === 'numbers') {
      // NaN is how float formats write a missing value; CSV reads the token 'NaN' as missing too.
      if (value === value) this.nonMissing++;
      this.push(value, position);
      return;
    }
    if (typeof value === 'bigint' && this.mode === 'numbers' && value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER) {
      this.nonMissing++;
      this.push(Number(value), position);
      return;
    }
    if (value instanceof Date && (this.mode === 'dates' || this.nonMissing === 0)) {
      const ms = value.getTime();
      this.mode = 'dates';
      this.holdsDates = true;
      if (ms === ms) {
        this.nonMissing++;
        if (ms % MS_PER_DAY !== 0) this.hasTime = true;
      }
      this.push(ms, position);
      return;
    }
    // A string, a boolean, or a value whose type differs from the column's so far.
    this.switchToText();
    this.add(value, position);
  }

  /** Adds text given as UTF-8 bytes `bytes[start, end)`: `add` of the same string without encoding it. */
  addUtf8(bytes: Uint8Array, start: number, end: number, position: number): void {
    if (this.mode === 'numbers' || this.mode === 'dates') this.switchToText();
    if (this.mode === 'sampling') this.addSample(decoder.decode(bytes.subarray(start, end)), position);
    else (this.text as ColumnBuilder).add(bytes, start, end, position);
  }

  /** The finished column; the builder is spent. */
  finish(): BuiltColumn {
    if (this.mode === 'sampling') this.planText();
    if (this.text) return this.text.finish(new TextDecoder('utf-8'));
    const values = this.values.length === this.length ? this.values : this.values.slice(0, this.length);
    if (this.nonMissing === 0) {
      // As the CSV reader reads a column with no values: categorical, with nothing in it.
      return { column: { storage: 'categorical', name: this.name, type: 'categorical', codes: new Int32Array(this.length).fill(-1), dictionary: [] } };
    }
    if (this.mode === 'dates') {
      return { column: { storage: 'datetime', name: this.name, type: 'datetime', values, format: { order: 'ymd', hasTime: this.hasTime } } };
    }
    return finishNumbers({ name: this.name, forced: undefined, known: undefined, format: PLAIN_NUMBER_FORMAT }, values, this.nonMissing, undefined);
  }

  private push(value: number, position: number): void {
    if (this.length === this.values.length) {
      const values = new Float64Array(this.length * 2);
      values.set(this.values);
      this.values = values;
      const positions = new Int32Array(this.length * 2);
      positions.set(this.positions);
      this.positions = positions;
    }
    this.values[this.length] = value;
    this.positions[this.length++] = position;
  }

  private createTextBuilder(plan: ColumnPlan): ColumnBuilder {
    const context: BuildContext = { delimiter: '', lenientDecoder: new TextDecoder('utf-8'), positions: this.options.positions };
    return createBuilder(this.name, plan, Math.max(16, this.length), context);
  }

  /**
   * Leaves the fast path for text. The column is then read as the CSV reader reads one: planned
   * from its first values (numbers, dates or a dictionary; see `planColumn`), so that text holding
   * dates or numbers is parsed straight from bytes rather than interned value by value.
   */
  private switchToText(): void {
    this.mode = 'sampling';
    if (this.length >= SAMPLE_VALUES) this.planText();
  }

  private addSample(text: string | null, position: number): void {
    this.sampleTexts.push(text);
    this.samplePositions.push(position);
    if (this.length + this.sampleTexts.length >= SAMPLE_VALUES) this.planText();
  }

  /** Plans the column from its first `SAMPLE_VALUES` values as text, then replays every value so far into the planned builder. */
  private planText(): void {
    const samples: string[] = [];
    for (let i = 0; i < this.length && samples.length < SAMPLE_VALUES; i++) samples.push(this.valueText(i));
    for (let k = 0; k < this.sampleTexts.length && samples.length < SAMPLE_VALUES; k++) samples.push(trimSpaces(this.sampleTexts[k] ?? ''));
    const text = this.createTextBuilder(planColumn(samples, '', undefined));
    for (let i = 0; i < this.length; i++) {
      const v = this.values[i];
      if (v !== v) text.addMissing(this.positions[i]);
      else this.addBytes(text, this.valueText(i), this.positions[i]);
    }
    for (let k = 0; k < this.sampleTexts.length; k++) {
      const sample = this.sampleTexts[k];
      if (sample === null) text.addMissing(this.samplePositions[k]);
      else this.addBytes(text, sample, this.samplePositions[k]);
    }
    this.text = text;
    this.mode = 'text';
    this.values = new Float64Array(0);
    this.positions = new Int32Array(0);
    this.sampleTexts = [];
    this.samplePositions = [];
  }

  /** Value `i` of the fast path as text ('' when missing). */
  private valueText(i: number): string {
    const v = this.values[i];
    if (v !== v) return '';
    return this.holdsDates ? dateText(v, this.hasTime) : String(v);
  }

  private addText(value: CellValue, position: number): void {
    const text = this.text as ColumnBuilder;
    if (value === null || value === undefined) text.addMissing(position);
    else if (typeof value === 'string') this.addBytes(text, value, position);
    else if (this.addTyped(text, value, position)) return;
    else if (value instanceof Date) this.addBytes(text, dateText(value.getTime(), true), position);
    else this.addBytes(text, String(value), position);
  }

  /**
   * Adds a typed value to a model's input field as the exported module's `predict` takes it: a
   * number (or a date, as epoch milliseconds) into a number or date field as it is, whatever text
   * format the field was trained on, and `true`/`false` as a boolean field's own labels. False for
   * other values, which go as text.
   */
  private addTyped(builder: ColumnBuilder, value: Exclude<CellValue, string | null | undefined>, position: number): boolean {
    const field = this.options.field;
    if (field === undefined) return false;
    if (field.kind === 'number' || field.kind === 'date') {
      // A boolean is not a number, nor a date one for a number field: as text they are bad values, reported as such.
      if (builder.addNumber === undefined || typeof value === 'boolean' || (value instanceof Date && field.kind === 'number')) return false;
      builder.addNumber(value instanceof Date ? value.getTime() : Number(value), position);
      return true;
    }
    if (field.kind === 'boolean' && typeof value === 'boolean') {
      this.addBytes(builder, field.labels[value ? 1 : 0], position);
      return true;
    }
    return false;
  }

  private addBytes(builder: ColumnBuilder, text: string, position: number): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    const { written } = encoder.encodeInto(text, this.scratch);
    builder.add(this.scratch, 0, written, position);
  }
}

/** `text` without leading and trailing spaces and tabs, as the CSV reader trims fields. */
function trimSpaces(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** A date as ISO 8601 text: the day alone when the column has no times of day. */
function dateText(ms: number, withTime: boolean): string {
  if (ms !== ms) return '';
  const iso = new Date(ms).toISOString();
  return withTime ? iso : iso.slice(0, 10);
}
