/**
 * A Parquet column finished into a frame column by the CSV reader's rules (columnFinish.ts), so a
 * data set gives the same column types from its Parquet file as from its CSV: numbers as integer,
 * float, boolean (0/1) or identifier, text classified on its distinct values (numbers or dates
 * written as text, booleans, categories, identifiers, free text), dates as datetime.
 *
 * A column the user typed (`--type`) or a model reads (`InputField`) keeps its stored values when
 * they already are what it asks for (numbers for a number, dates for a date, text for a category);
 * otherwise its values are replayed as text through the CSV reader's own column builders, so the
 * result is exactly what the same values in a CSV would give.
 */
import { createBuilder } from '../columnBuilders';
import { finishDictionary, finishNumbers, RequiredLog, type BuiltColumn } from '../columnFinish';
import { PLAIN_NUMBER_FORMAT, type ColumnType } from '../frame';
import { planColumn, planKnownColumn, type ColumnPlan } from '../inferType';
import type { InputField } from '../inputField';
import type { CodeSink, NumberSink } from './columnSinks';

/** How a column is to be finished: its name, and the type the user set or the field a model reads. */
export interface ColumnRequest {
  readonly name: string;
  readonly forced?: ColumnType;
  readonly field?: InputField;
}

const MS_PER_DAY = 86_400_000;
/** Rows of a replayed column whose texts plan it, as the CSV reader samples its head. */
const PLAN_SAMPLE_ROWS = 2000;
const encoder = new TextEncoder();

/**
 * A numeric column (`dates`: epoch milliseconds of a DATE or TIMESTAMP column; `days`: of a DATE
 * column, which has no times of day).
 */
export function finishNumberColumn(sink: NumberSink, dates: boolean, days: boolean, request: ColumnRequest): BuiltColumn {
  const { name, forced, field } = request;
  const values = sink.values;
  let nonMissing = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) nonMissing++;
  const hasTime = dates && !days && hasTimeOfDay(values);
  const asText = (): BuiltColumn =>
    replay(name, planFor(request, () => numberTexts(values, dates, hasTime)), values.length, (row) => {
      const v = values[row];
      return v !== v ? undefined : encoder.encode(dates ? dateText(v, hasTime) : String(v));
    });
  if (field !== undefined) {
    if (dates && field.kind === 'date') {
      if (!field.optional) requireValues(name, values, 'a date');
      return { column: { storage: 'datetime', name, type: 'datetime', values, format: { order: field.order, hasTime: field.hasTime } } };
    }
    if (!dates && field.kind === 'number') {
      if (!field.optional) requireValues(name, values, 'a number');
      return finishNumbers({ name, forced: 'float', known: { required: !field.optional }, format: field.format }, values, nonMissing, undefined);
    }
    return asText();
  }
  if (dates) {
    if (forced !== undefined && forced !== 'datetime') return asText();
    if (nonMissing === 0 && forced === undefined) return emptyColumn(name, values.length);
    return { column: { storage: 'datetime', name, type: 'datetime', values, format: { order: 'ymd', hasTime } } };
  }
  if (forced !== undefined && forced !== 'integer' && forced !== 'float') return asText();
  if (nonMissing === 0 && forced === undefined) return emptyColumn(name, values.length);
  return finishNumbers({ name, forced, known: undefined, format: PLAIN_NUMBER_FORMAT }, values, nonMissing, undefined);
}

/**
 * A text or boolean column. Returns undefined for a bare BYTE_ARRAY column that is not UTF-8
 * (binary data, `binary` set), which the reader leaves out.
 */
export function finishCodeColumn(sink: CodeSink, request: ColumnRequest, binary: boolean): BuiltColumn | undefined {
  const { name, forced, field } = request;
  if (binary && !sink.dictionary.isValidUtf8()) return undefined;
  const texts = sink.dictionary.decodeAll(new TextDecoder('utf-8'));
  const codes = sink.codes;
  if (sink.booleans && field?.kind === 'boolean') {
    // A stored boolean picks the model's own label for it.
    for (let c = 0; c < texts.length; c++) texts[c] = texts[c] === 'true' ? field.labels[1] : field.labels[0];
  }
  const wantsNumbers = field !== undefined ? field.kind === 'number' || field.kind === 'date' : forced === 'integer' || forced === 'float';
  if (wantsNumbers) {
    const bytes = texts.map((text) => encoder.encode(text));
    return replay(name, planFor(request, () => codeTexts(codes, texts)), codes.length, (row) => (codes[row] < 0 ? undefined : bytes[codes[row]]));
  }
  let required: RequiredLog | undefined;
  if (field !== undefined && !field.optional) {
    required = new RequiredLog('row');
    for (let i = 0; i < codes.length; i++) if (codes[i] < 0) required.note(i + 1);
  }
  const plan = field === undefined ? undefined : planKnownColumn(field);
  const context = {
    name,
    forced: plan?.forced ?? forced,
    known: plan?.known,
    delimiter: '',
    firstLines: sink.firstRows,
  };
  return finishDictionary(context, texts, codes, required);
}

/** Whether some date in `values` (epoch ms, `NaN` missing) is not at midnight. */
function hasTimeOfDay(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] % MS_PER_DAY !== 0 && values[i] === values[i]) return true;
  return false;
}

/** A column with no values, as the CSV reader reads one: categorical, with nothing in it. */
function emptyColumn(name: string, rows: number): BuiltColumn {
  return { column: { storage: 'categorical', name, type: 'categorical', codes: new Int32Array(rows).fill(-1), dictionary: [] } };
}

/** Throws the CSV reader's `DataError` for the first missing value of a column a model requires. */
function requireValues(name: string, values: Float64Array, expected: string): void {
  const log = new RequiredLog('row');
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) log.note(i + 1);
  log.check(name, expected);
}

function planFor(request: ColumnRequest, samples: () => string[]): ColumnPlan {
  return request.field !== undefined ? planKnownColumn(request.field) : planColumn(samples(), '', request.forced);
}

/** Replays a column's values as text through the CSV reader's builder for `plan`; `text(row)` undefined is missing. */
function replay(name: string, plan: ColumnPlan, rows: number, text: (row: number) => Uint8Array | undefined): BuiltColumn {
  const builder = createBuilder(name, plan, rows, { delimiter: '', lenientDecoder: new TextDecoder('utf-8'), positions: 'row' });
  for (let row = 0; row < rows; row++) {
    const bytes = text(row);
    if (bytes === undefined) builder.addMissing(row + 1);
    else builder.add(bytes, 0, bytes.length, row + 1);
  }
  return builder.finish(new TextDecoder('utf-8'));
}

function numberTexts(values: Float64Array, dates: boolean, hasTime: boolean): string[] {
  const texts: string[] = [];
  for (let i = 0; i < values.length && i < PLAN_SAMPLE_ROWS; i++) {
    if (values[i] === values[i]) texts.push(dates ? dateText(values[i], hasTime) : String(values[i]));
  }
  return texts;
}

function codeTexts(codes: Int32Array, texts: readonly string[]): string[] {
  const sample: string[] = [];
  for (let i = 0; i < codes.length && i < PLAN_SAMPLE_ROWS; i++) if (codes[i] >= 0) sample.push(texts[codes[i]]);
  return sample;
}

/** A date as ISO 8601 text: the day alone when the column has no times of day. */
function dateText(ms: number, withTime: boolean): string {
  const iso = new Date(ms).toISOString();
  return withTime ? iso : iso.slice(0, 10);
}
