import type { ColumnType, DateFormat, NumberFormat } from './frame';
import type { InputField } from './inputField';
import { isMissingText } from './missingTokens';
import { detectDateFormat } from './parseDate';
import { detectNumberFormat } from './parseNumber';

/**
 * How a column is read, decided from a sample of its first rows (and any user override) before
 * the full pass: numbers and dates are parsed straight from bytes; everything else is
 * dictionary-encoded and classified on its distinct values at the end. Either way the whole
 * column confirms the sample's guess (a parsed column with too many malformed values falls back
 * to text; a text column whose distinct values all parse becomes numeric or datetime).
 */
export type ColumnPlan =
  | { readonly mode: 'number'; readonly format: NumberFormat; readonly forced?: ColumnType; readonly known?: KnownColumn }
  | { readonly mode: 'date'; readonly format: DateFormat; readonly forced?: ColumnType; readonly known?: KnownColumn }
  | { readonly mode: 'dictionary'; readonly forced?: ColumnType; readonly known?: KnownColumn };

/**
 * A column whose type is known before reading (a model's input field, see `InputField`): it is
 * read as that type whatever its values look like, never re-inferred. A value that does not fit
 * is missing (reported as a bad value); in a `required` column any missing value is an error.
 */
export interface KnownColumn {
  readonly required: boolean;
  /** A boolean column's labels, [false, true]; other labels are kept as labels the model never saw. */
  readonly labels?: readonly [string, string];
}

/** How the reader reads a column of a model's input (`InputField`): as the field's type, never inferred. */
export function planKnownColumn(field: InputField): ColumnPlan {
  const known: KnownColumn = { required: !field.optional };
  switch (field.kind) {
    case 'number':
      return { mode: 'number', format: field.format, forced: 'float', known };
    case 'date':
      return { mode: 'date', format: { order: field.order, hasTime: field.hasTime }, forced: 'datetime', known };
    case 'boolean':
      return { mode: 'dictionary', forced: 'boolean', known: { ...known, labels: field.labels } };
    case 'category':
      return { mode: 'dictionary', forced: field.text ? 'text' : 'categorical', known };
  }
}

/** Share of non-missing values allowed to be malformed before a typed column falls back to text. */
export const MAX_BAD_VALUE_SHARE = 0.05;

/**
 * Plans a column from its sample (trimmed texts, missing tokens included) and the user's type
 * override. Throws `RangeError` only for an unknown override (the reader validates names first).
 */
export function planColumn(samples: readonly string[], delimiter: string, forced?: ColumnType): ColumnPlan {
  const present = samples.filter((s) => !isMissingText(s));
  switch (forced) {
    case undefined:
      break;
    case 'integer':
    case 'float':
      return { mode: 'number', format: detectNumberFormat(present, delimiter) ?? plainFormatFor(delimiter), forced };
    case 'datetime': {
      // Without a recognisable layout in the sample, the whole column is tried at the end.
      const format = detectDateFormat(present);
      return format ? { mode: 'date', format, forced } : { mode: 'dictionary', forced };
    }
    case 'boolean':
    case 'categorical':
    case 'text':
    case 'id':
      return { mode: 'dictionary', forced };
    default:
      throw new RangeError(`unknown column type '${String(forced)}'`);
  }
  if (present.length > 0 && booleanPairOf(present) === undefined) {
    const numberFormat = detectNumberFormat(present, delimiter);
    if (numberFormat) return { mode: 'number', format: numberFormat };
    const dateFormat = detectDateFormat(present);
    if (dateFormat) return { mode: 'date', format: dateFormat };
  }
  return { mode: 'dictionary' };
}

function plainFormatFor(delimiter: string): NumberFormat {
  return { decimalSeparator: delimiter === ';' ? ',' : '.', thousandsSeparator: '', percent: false, currency: '' };
}

/** Accepted spellings of booleans, compared case-insensitively: [false, true]. */
const BOOLEAN_PAIRS: readonly (readonly [string, string])[] = [
  ['false', 'true'],
  ['no', 'yes'],
  ['n', 'y'],
  ['f', 't'],
  ['0', '1'],
  ['off', 'on'],
];

/**
 * The boolean pair every value belongs to (case-insensitively), or `undefined`. Both sides need
 * not be present in a sample, but a full column needs both to count as boolean (see caller).
 */
export function booleanPairOf(values: readonly string[]): readonly [string, string] | undefined {
  if (values.length === 0) return undefined;
  for (const pair of BOOLEAN_PAIRS) {
    if (values.every((v) => {
      const lower = v.toLowerCase();
      return lower === pair[0] || lower === pair[1];
    })) {
      return pair;
    }
  }
  return undefined;
}

/** Aggregate shape of a string column's distinct values, weighted by their counts. */
export interface StringShape {
  readonly nonMissing: number;
  readonly unique: number;
  /** Mean characters per value. */
  readonly meanLength: number;
  /** Mean whitespace-separated words per value. */
  readonly meanWords: number;
}

/**
 * Classifies a string column on its whole content: free text (many distinct values made of
 * several words, or long ones), an identifier (every value distinct), else categorical.
 */
export function classifyStrings(shape: StringShape): 'text' | 'id' | 'categorical' {
  const uniqueShare = shape.nonMissing === 0 ? 0 : shape.unique / shape.nonMissing;
  const wordy = shape.meanWords >= 3 || shape.meanLength >= 40;
  if (wordy && (uniqueShare >= 0.3 || shape.unique >= 1000)) return 'text';
  if (shape.nonMissing >= 20 && shape.unique === shape.nonMissing) return 'id';
  return 'categorical';
}

/** Column names that announce an identifier (`id`, `user_id`, `OrderID`, `userId`, `row key`, …). */
export function looksLikeIdName(name: string): boolean {
  return (
    /^(id|uuid|guid|index|row|rownum|row_number|rowid)$/i.test(name) ||
    /(^|[_\s.-])(id|key|uuid|guid)$/i.test(name) ||
    /^id[_\s.-]/i.test(name) ||
    /[a-z](Id|ID)$/.test(name)
  );
}
