/**
 * The columnar data model every engine layer works on (see DESIGN.md, "Data model").
 *
 * A `Frame` is plain structured-clone data: it can be posted to a worker thread as is, and its
 * typed arrays can live on `SharedArrayBuffer`s. There are no per-row objects anywhere.
 */

/** What a column means, as inferred from its values or set by the user. */
export type ColumnType =
  | 'integer'
  | 'float'
  | 'boolean'
  | 'categorical'
  | 'datetime'
  | 'text'
  /** Identifies rows rather than describing them (unique keys, row numbers): never a feature. */
  | 'id';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'integer',
  'float',
  'boolean',
  'categorical',
  'datetime',
  'text',
  'id',
];

/** How numbers were written in the source, so the same rules can parse new rows later. */
export interface NumberFormat {
  /** '.' or ','. */
  readonly decimalSeparator: '.' | ',';
  /** Grouping character seen in the data ('' when none): ',', '.', ' ' or "'". */
  readonly thousandsSeparator: '' | ',' | '.' | ' ' | "'";
  /** Values were written as percentages ("12.5%"); they are stored as fractions (0.125). */
  readonly percent: boolean;
  /** Currency symbol written before or after the number ('' when none). Stored values omit it. */
  readonly currency: string;
}

export const PLAIN_NUMBER_FORMAT: NumberFormat = {
  decimalSeparator: '.',
  thousandsSeparator: '',
  percent: false,
  currency: '',
};

/** How dates were written in the source. All datetimes are stored as epoch milliseconds, UTC. */
export interface DateFormat {
  /**
   * Field order: 'ymd' (ISO 8601 and `YYYY-MM-DD HH:mm`), 'mdy' (`MM/DD/YYYY`), 'dmy'
   * (`DD/MM/YYYY`, also with '.' or '-'), 'mon-d-y' (`Jun 12 1998`), 'd-mon-y' (`12 Jun 1998`).
   */
  readonly order: 'ymd' | 'mdy' | 'dmy' | 'mon-d-y' | 'd-mon-y';
  /** Whether any value carried a time of day. */
  readonly hasTime: boolean;
}

interface ColumnBase {
  readonly name: string;
}

/** Integer, float or numeric ID column; `NaN` marks a missing value. */
export interface NumericColumn extends ColumnBase {
  readonly storage: 'numeric';
  readonly type: 'integer' | 'float' | 'id';
  readonly values: Float64Array;
  readonly format: NumberFormat;
}

/**
 * Dictionary-encoded strings: categorical, boolean, free text or string IDs.
 * `codes[i]` indexes `dictionary`; `-1` marks a missing value. For booleans the dictionary is
 * always `[falseLabel, trueLabel]` as written in the source (for example `['no', 'yes']`).
 */
export interface CategoricalColumn extends ColumnBase {
  readonly storage: 'categorical';
  readonly type: 'categorical' | 'boolean' | 'text' | 'id';
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

/** Datetimes as epoch milliseconds (UTC; values without an offset are read as UTC). */
export interface DatetimeColumn extends ColumnBase {
  readonly storage: 'datetime';
  readonly type: 'datetime';
  readonly values: Float64Array;
  readonly format: DateFormat;
}

export type Column = NumericColumn | CategoricalColumn | DatetimeColumn;

export interface Frame {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

/** Whether row `row` of `column` is missing. */
export function isMissing(column: Column, row: number): boolean {
  return column.storage === 'categorical' ? column.codes[row] < 0 : Number.isNaN(column.values[row]);
}

/** Number of missing values in a column (one pass, no allocation). */
export function countMissing(column: Column): number {
  let missing = 0;
  if (column.storage === 'categorical') {
    const codes = column.codes;
    for (let i = 0; i < codes.length; i++) if (codes[i] < 0) missing++;
  } else {
    const values = column.values;
    for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) missing++;
  }
  return missing;
}

/** The column called `name`, or `undefined`. */
export function findColumn(frame: Frame, name: string): Column | undefined {
  return frame.columns.find((c) => c.name === name);
}

/** Bytes held by the frame's typed arrays (dictionaries not included). */
export function frameTypedBytes(frame: Frame): number {
  let bytes = 0;
  for (const c of frame.columns) bytes += c.storage === 'categorical' ? c.codes.byteLength : c.values.byteLength;
  return bytes;
}

/**
 * A cell rendered as text the way a user would read it back (ISO dates, shortest round-trip
 * numbers), or `undefined` when missing. For display and error messages, not for hot loops.
 */
export function cellText(column: Column, row: number): string | undefined {
  if (column.storage === 'categorical') {
    const code = column.codes[row];
    return code < 0 ? undefined : column.dictionary[code];
  }
  const v = column.values[row];
  if (Number.isNaN(v)) return undefined;
  if (column.storage === 'datetime') {
    const iso = new Date(v).toISOString();
    return column.format.hasTime ? iso : iso.slice(0, 10);
  }
  return String(v);
}

/** The frame restricted to `rows` (in that order), with the same columns, types and dictionaries. */
export function selectRows(frame: Frame, rows: Uint32Array): Frame {
  const columns = frame.columns.map((column): Column => {
    if (column.storage === 'categorical') return { ...column, codes: Int32Array.from(rows, (r) => column.codes[r]) };
    return { ...column, values: Float64Array.from(rows, (r) => column.values[r]) };
  });
  return { rowCount: rows.length, columns };
}
