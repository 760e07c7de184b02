/**
 * How a column is finished once all of it is read, shared by the CSV reader's byte builders
 * (columnBuilders.ts) and the builders of typed values from other sources (valueColumns.ts), so
 * every source infers types by the same rules: numbers as integer, float, boolean (0/1) or
 * identifier; dictionary-encoded text as boolean, datetime, numeric, free text, identifier or
 * categorical. Also the logs of values that did not fit and of missing values a model requires.
 */
import { DataError } from '../errors';
import type { Column, ColumnType, NumberFormat } from './frame';
import { MAX_BAD_VALUE_SHARE, booleanPairOf, classifyStrings, looksLikeIdName, type KnownColumn } from './inferType';
import { isMissingText } from './missingTokens';
import { detectDateFormat, parseDateText } from './parseDate';
import { detectNumberFormat, parseNumberText } from './parseNumber';
import type { BadValues, PositionUnit } from './readReport';

const MAX_EXAMPLES = 5;

/** A finished column plus what did not fit its type. */
export interface BuiltColumn {
  readonly column: Column;
  readonly badValues?: BadValues;
}

/** What classifying a dictionary column needs besides its texts and codes. */
export interface DictionaryContext {
  readonly name: string;
  readonly forced: ColumnType | undefined;
  readonly known: KnownColumn | undefined;
  /** The source's field delimiter (a ';' file writes decimal commas), '' when it has none. */
  readonly delimiter: string;
  /** Line (or row, or record) where each entry of `texts` first appeared, for reports. */
  readonly firstLines: Int32Array;
}

/** Collects malformed values: a count and the first few with their lines. */
export class BadValueLog {
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
export class RequiredLog {
  count = 0;
  first: { line: number; value?: string } | undefined;

  /** `unit`: what positions count ('line 7', 'row 7', 'record 7'). */
  constructor(private readonly unit: PositionUnit = 'line') {}

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
      `${this.unit} ${first.line}: '${column}' ${what}${more}; the model needs ${expected} there, as it never saw '${column}' missing in training`,
      first.line,
    );
  }
}

/** What finishing a numeric column needs besides its values. */
export interface NumbersContext {
  readonly name: string;
  readonly forced: ColumnType | undefined;
  readonly known: KnownColumn | undefined;
  readonly format: NumberFormat;
}

/**
 * A numeric column from its values (`NaN` missing): a model's input keeps its training type; a
 * forced integer column must hold integers; otherwise 0/1 alone is boolean, distinct integers
 * counting rows (or named like an id) an identifier, and the rest integer or float.
 */
export function finishNumbers(context: NumbersContext, values: Float64Array, nonMissing: number, badValues: BadValues | undefined): BuiltColumn {
  const { name, forced, format } = context;
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
  if (context.known) return { column: { storage: 'numeric', name, type: integral ? 'integer' : 'float', values, format }, badValues };
  if (forced === 'integer' && !integral) {
    const at = values.findIndex((v) => v === v && !Number.isInteger(v));
    throw new DataError(`column '${name}' was set to integer but holds ${values[at]} (row ${at + 1})`);
  }
  if (forced === undefined && onlyZeroOne && sawZero && sawOne) {
    const codes = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) codes[i] = values[i] !== values[i] ? -1 : values[i];
    return { column: { storage: 'categorical', name, type: 'boolean', codes, dictionary: ['0', '1'] }, badValues };
  }
  let type: 'integer' | 'float' | 'id' = forced === 'float' ? 'float' : integral ? 'integer' : 'float';
  if (forced === undefined && integral && isIntegerId(name, values, nonMissing)) type = 'id';
  return { column: { storage: 'numeric', name, type, values, format }, badValues };
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
 * A dictionary column's classification on its whole content (see `DictionaryBuilder`): missing
 * tokens folded into -1, then boolean, datetime or numeric when (nearly) all distinct values
 * parse as such, else text, identifier or categorical. `codes` index `texts` and are rewritten
 * in place. A model's input column (`context.known`) keeps its type; a required one throws for
 * its missing values.
 *
 * With `rowCounts`, `codes` stand for distinct values rather than rows (a database's `GROUP BY`):
 * entry `c` occurs in `rowCounts[c]` rows, and the column returned has one row per code given.
 */
export function finishDictionary(context: DictionaryContext, texts: string[], codes: Int32Array, required?: RequiredLog, rowCounts?: Float64Array): BuiltColumn {
  // Rows per entry (missing tokens included), and missing tokens folded into -1.
  const counts = rowCounts ?? new Float64Array(texts.length);
  const missingEntry = texts.map((t) => isMissingText(t.trim()));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) continue;
    if (!rowCounts) counts[c]++;
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
  if (required) {
    // Missing tokens ('NA', …) are only known now; each counts from its first line.
    for (let c = 0; c < texts.length; c++) if (missingEntry[c]) required.note(context.firstLines[c], undefined, counts[c]);
    required.check(context.name, 'a value');
  }
  const labels = context.known?.labels;
  if (labels) return knownBoolean(context.name, texts, entries, codes, labels);
  return (
    asBoolean(context, texts, entries, codes) ??
    asParsed(context, texts, entries, counts, nonMissing, codes) ??
    asStrings(context, texts, entries, counts, nonMissing, codes)
  );
}

function asBoolean(context: DictionaryContext, texts: string[], entries: number[], codes: Int32Array): BuiltColumn | undefined {
  if (context.forced !== undefined && context.forced !== 'boolean') return undefined;
  // Cheap rejection first: columns with many distinct values are never boolean.
  const values = entries.length <= 12 || context.forced === 'boolean' ? entries.map((c) => texts[c]) : [];
  const pair = booleanPairOf(values);
  const lowered = pair === undefined ? [] : values.map((v) => v.toLowerCase());
  const complete = pair !== undefined && lowered.includes(pair[0]) && lowered.includes(pair[1]);
  if (!complete || pair === undefined) {
    if (context.forced === 'boolean') {
      throw new DataError(
        `column '${context.name}' was set to boolean but holds ${values.length} distinct values (${values.slice(0, 5).map((v) => `'${v}'`).join(', ')}${values.length > 5 ? ', …' : ''})`,
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
  return { column: { storage: 'categorical', name: context.name, type: 'boolean', codes, dictionary: labels } };
}

/** Numeric or datetime when every distinct value with a digit parses and the rest are few. */
function asParsed(
  context: DictionaryContext,
  texts: string[],
  entries: number[],
  counts: Float64Array,
  nonMissing: number,
  codes: Int32Array,
): BuiltColumn | undefined {
  const forced = context.forced;
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
        column: { storage: 'datetime', name: context.name, type: 'datetime', values, format: dateFormat },
        badValues: badReport(context, texts, entries, counts, parsed),
      };
    }
  }
  if (forced === 'datetime') {
    const example = entries.find((c) => Number.isNaN(parseDateText(texts[c], 'ymd')));
    throw new DataError(
      `column '${context.name}' was set to datetime but its values are not dates in a supported layout` +
        (example === undefined ? '' : ` (e.g. '${texts[example]}' at line ${context.firstLines[example]})`),
    );
  }
  const numberFormat = detectNumberFormat(withDigits.map((c) => texts[c]), context.delimiter);
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
        column: { storage: 'numeric', name: context.name, type: integral ? 'integer' : 'float', values, format: numberFormat },
        badValues: badReport(context, texts, entries, counts, parsed),
      };
    }
  }
  return undefined;
}

function badReport(context: DictionaryContext, texts: string[], entries: number[], counts: Float64Array, parsed: Float64Array): BadValues | undefined {
  const log = new BadValueLog();
  const bad = entries.filter((c) => parsed[c] !== parsed[c]).sort((a, b) => context.firstLines[a] - context.firstLines[b]);
  // One example per distinct bad value (at its first line); the count covers every row.
  for (const c of bad) log.note(context.firstLines[c], texts[c], counts[c]);
  return log.report(context.name);
}

function asStrings(
  context: DictionaryContext,
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
    context.forced === 'text' || context.forced === 'id' || context.forced === 'categorical' ? context.forced : classifyStrings(shape);
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
  return { column: { storage: 'categorical', name: context.name, type, codes, dictionary } };
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
