/**
 * A `Frame` from records: rows of a table with a header (a spreadsheet, a query result) or
 * records with named fields (JSON, a web API), one `ValueColumnBuilder` per column. What a CSV
 * read reports, this reports too: renamed headers, values that did not fit, the missing columns
 * a model needs, and fields whose type changes from record to record.
 */
import { CancelledError, DataError } from '../errors';
import type { BuiltColumn } from './columnFinish';
import type { Column, ColumnType } from './frame';
import type { InputField } from './inputField';
import { isMissingBytes, isMissingText } from './missingTokens';
import { MAX_REPORTED_ISSUES, type BadValues, type CsvReadResult, type ParseIssue, type PositionUnit } from './readReport';
import { uniqueHeaderNames } from './sniff';
import { ValueColumnBuilder, type CellValue } from './valueColumns';

export interface RecordReadOptions {
  /** Column types the user sets, by column name. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** A model's input fields: those columns are read as in training (see `CsvReadOptions.schema`). */
  readonly schema?: readonly InputField[];
  /** What the positions given with rows count. */
  readonly positions: PositionUnit;
  /** Checked every few thousand rows. */
  readonly signal?: AbortSignalLike;
}

/** The kind of a value, for noticing a field whose type changes between records. */
type ValueKind = 'number' | 'text' | 'boolean' | 'date';

const SIGNAL_EVERY = 4096;

/** Builds a frame from rows (`setColumns` then `addRow`) or named records (`addRecord`). */
export class RecordFrameBuilder {
  private readonly columns: ValueColumnBuilder[] = [];
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  /** The kind of each column's first value, or 'mixed' once a change was reported. */
  private readonly kinds: (ValueKind | 'mixed' | undefined)[] = [];
  /** The last row each column got a value in, so `addRecord` can fill the fields a record lacks. */
  private lastRow: Int32Array = new Int32Array(16);
  private rowPositions = new Int32Array(1024);
  private rows = 0;
  /** The position of the record being added. */
  private position = 0;
  /** Whether a record is being added (begun, not ended): new columns then lack only the earlier ones. */
  private inRecord = false;
  private renamed: { index: number; from: string; to: string }[] = [];
  private readonly issues: ParseIssue[] = [];
  private issueCount = 0;
  private readonly fields: ReadonlyMap<string, InputField>;

  constructor(private readonly options: RecordReadOptions) {
    this.fields = new Map((options.schema ?? []).map((field) => [field.name, field]));
  }

  /** The header of a table: names made unique as CSV headers are (`column_3`, `id_2`). Call once, before any row. */
  setColumns(rawNames: readonly string[]): void {
    if (this.columns.length > 0) throw new Error('RecordFrameBuilder: columns already set');
    const { names, renamed } = uniqueHeaderNames(rawNames.map((name) => name.trim()));
    this.renamed = renamed;
    for (const name of names) this.addColumn(name);
  }

  /** Adds a row of a table, values in header order (missing trailing values are missing). */
  addRow(values: readonly CellValue[], position: number): void {
    this.startRow(position);
    const row = this.rows - 1;
    for (let j = 0; j < this.columns.length; j++) this.addValue(j, j < values.length ? values[j] : null, row, position);
    this.inRecord = false;
  }

  /**
   * Adds a record by field name; a field not seen before adds a column (missing in earlier
   * records). A name given twice in one record (`"a.b"` beside a flattened `"a": {"b": …}`) keeps
   * its first value, and is reported.
   */
  addRecord(fields: Iterable<readonly [string, CellValue]>, position: number): void {
    this.beginRecord(position);
    for (const [name, value] of fields) this.addField(this.fieldColumn(name), value);
    this.endRecord();
  }

  /**
   * Starts a record whose fields then come one by one (`fieldColumn` with `addField` or
   * `addFieldUtf8`) until `endRecord`: `addRecord` in parts, for readers that parse fields
   * without building an object per record.
   */
  beginRecord(position: number): void {
    this.startRow(position);
  }

  /** The column of field `name`, added (missing in earlier records) when new; may be called before `beginRecord`. */
  fieldColumn(name: string): number {
    return this.index.get(name) ?? this.addColumn(name);
  }

  /** Adds the current record's value of column `j`; a second value for it is reported and dropped. */
  addField(j: number, value: CellValue): void {
    if (this.isRepeated(j)) return;
    this.noteKind(j, kindOf(value), value);
    this.columns[j].add(value, this.position);
  }

  /** `addField` for text given as UTF-8 bytes `bytes[start, end)`, as the CSV reader takes it. */
  addFieldUtf8(j: number, bytes: Uint8Array, start: number, end: number): void {
    if (this.isRepeated(j)) return;
    if (this.kinds[j] !== 'text') this.noteKind(j, isMissingBytes(bytes, ...trimmed(bytes, start, end)) ? undefined : 'text', bytes.subarray(start, end));
    this.columns[j].addUtf8(bytes, start, end, this.position);
  }

  /** Ends the record begun last: the columns it gave no value are missing in it. */
  endRecord(): void {
    const row = this.rows - 1;
    for (let j = 0; j < this.columns.length; j++) if (this.lastRow[j] !== row) this.columns[j].add(null, this.position);
    this.inRecord = false;
  }

  /** Notes a problem at a position (a broken NDJSON line, say), reported like a CSV parse issue. */
  note(position: number, message: string): void {
    this.issueCount++;
    if (this.issues.length < MAX_REPORTED_ISSUES) this.issues.push({ line: position, message });
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.rows;
  }

  /**
   * The frame, with a report: `bytes` read and the `lines` (or rows, or records) the positions
   * ran to. Throws `DataError` when a model's input field is not among the columns, or for a
   * required field's missing value.
   */
  finish(read: { readonly bytes: number; readonly lines: number }): CsvReadResult {
    const lacking = [...this.fields.keys()].filter((name) => !this.index.has(name));
    if (lacking.length > 0) {
      throw new DataError(`the data lacks the column(s) the model needs: ${lacking.map((name) => `'${name}'`).join(', ')}`);
    }
    const columns: Column[] = [];
    const badValues: BadValues[] = [];
    for (const builder of this.columns) {
      const built: BuiltColumn = builder.finish();
      columns.push(built.column);
      if (built.badValues) badValues.push(built.badValues);
    }
    return {
      frame: { rowCount: this.rows, columns },
      report: {
        positions: this.options.positions,
        encoding: 'utf-8',
        bytes: read.bytes,
        lines: read.lines,
        parseIssues: this.issues,
        parseIssueCount: this.issueCount,
        raggedRows: { count: 0, policy: 'pad', firstLines: [] },
        renamedHeaders: this.renamed,
        badValues,
        blankLines: 0,
      },
    };
  }

  private addColumn(name: string): number {
    const j = this.columns.length;
    const builder = new ValueColumnBuilder(name, {
      forced: this.options.types?.[name],
      field: this.fields.get(name),
      positions: this.options.positions,
    });
    // A column first seen in a later record was missing in every earlier one.
    const earlier = this.inRecord ? this.rows - 1 : this.rows;
    for (let r = 0; r < earlier; r++) builder.add(null, this.rowPositions[r]);
    this.columns.push(builder);
    this.names.push(name);
    this.index.set(name, j);
    this.kinds.push(undefined);
    if (j === this.lastRow.length) {
      const lastRow = new Int32Array(j * 2).fill(-1);
      lastRow.set(this.lastRow);
      this.lastRow = lastRow;
    }
    this.lastRow[j] = -1;
    return j;
  }

  private startRow(position: number): void {
    if (this.rows % SIGNAL_EVERY === 0 && this.options.signal?.aborted) throw new CancelledError();
    if (this.rows === this.rowPositions.length) {
      const grown = new Int32Array(this.rows * 2);
      grown.set(this.rowPositions);
      this.rowPositions = grown;
    }
    this.rowPositions[this.rows++] = position;
    this.position = position;
    this.inRecord = true;
  }

  private addValue(j: number, value: CellValue, row: number, position: number): void {
    this.lastRow[j] = row;
    this.noteKind(j, kindOf(value), value);
    this.columns[j].add(value, position);
  }

  /** Whether column `j` has a value in the current record already (reported); else marks it as having one. */
  private isRepeated(j: number): boolean {
    const row = this.rows - 1;
    if (this.lastRow[j] === row) {
      this.note(this.position, `'${this.names[j]}' appears twice in one ${this.options.positions}; the first value is kept`);
      return true;
    }
    this.lastRow[j] = row;
    return false;
  }

  /** Follows the kind of column `j`'s values, reporting the first change (`value` is text as UTF-8 bytes when given so). */
  private noteKind(j: number, kind: ValueKind | undefined, value: CellValue | Uint8Array): void {
    const seen = this.kinds[j];
    if (seen === undefined) this.kinds[j] = kind;
    else if (kind !== undefined && kind !== seen && seen !== 'mixed') {
      const shown = value instanceof Uint8Array ? new TextDecoder('utf-8').decode(value) : value;
      this.note(this.position, `'${this.names[j]}' holds ${describe(kind, shown)} where earlier ${this.options.positions}s hold ${PLURAL[seen]}`);
      // Reported once per column: every later change tells the same story.
      this.kinds[j] = 'mixed';
    }
  }
}

const PLURAL: Readonly<Record<ValueKind, string>> = { number: 'numbers', text: 'text', boolean: 'booleans', date: 'dates' };

/** A value's kind; undefined for missing values, missing tokens ('NA') included. */
function kindOf(value: CellValue): ValueKind | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return isMissingText(value.trim()) ? undefined : 'text';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'date';
}

/** `[start, end)` without leading and trailing ASCII spaces, tabs and line breaks. */
function trimmed(bytes: Uint8Array, start: number, end: number): [number, number] {
  while (start < end && isSpace(bytes[start])) start++;
  while (end > start && isSpace(bytes[end - 1])) end--;
  return [start, end];
}

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 10 || byte === 13;
}

function describe(kind: ValueKind, value: CellValue): string {
  if (kind === 'text') return `the text ${JSON.stringify(String(value).slice(0, 40))}`;
  return `${kind === 'date' ? 'a date' : kind === 'number' ? 'a number' : 'a boolean'} (${String(value instanceof Date ? value.toISOString() : value)})`;
}
