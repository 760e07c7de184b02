import type { ColumnProfile } from './types';

/** Fewest non-missing values for an all-distinct column to count as an identifier. */
export const ID_LIKE_MIN_COUNT = 20;
/** Categorical columns with more levels than this (and not ID-like) are high-cardinality. */
export const HIGH_CARDINALITY_LEVELS = 50;

/** At most one distinct non-missing value (including an all-missing column). */
export function isConstant(profile: ColumnProfile): boolean {
  return profile.unique <= 1;
}

/**
 * Identifies rows rather than describing them: typed 'id', or a categorical or integer column
 * whose at least `ID_LIKE_MIN_COUNT` non-missing values are all distinct. Floats and free text
 * are excluded because all-distinct is normal for measurements and prose.
 */
export function isIdLike(profile: ColumnProfile): boolean {
  if (profile.type === 'id') return true;
  if (profile.type !== 'categorical' && profile.type !== 'integer') return false;
  return profile.count >= ID_LIKE_MIN_COUNT && profile.unique === profile.count;
}

/** A categorical (not boolean, text or ID) column with many levels that is not ID-like. */
export function isHighCardinality(profile: ColumnProfile): boolean {
  return profile.type === 'categorical' && profile.unique > HIGH_CARDINALITY_LEVELS && !isIdLike(profile);
}

const TIME_WORDS = new Set([
  'date',
  'datetime',
  'time',
  'timestamp',
  'ts',
  'dt',
  'epoch',
  'year',
  'yr',
  'quarter',
  'month',
  'week',
  'day',
  'hour',
  'minute',
  'period',
  'yyyymmdd',
]);

/**
 * Whether a column name reads like a date or time ("order_date", "createdAt", "Year",
 * "created_at"), judged word by word so that "update" or "holiday" do not match.
 */
export function isTimeLikeName(name: string): boolean {
  const words = nameWords(name);
  if (words.length > 1 && words[words.length - 1] === 'at') return true;
  return words.some((w) => TIME_WORDS.has(w));
}

/** Lower-case words of a column name, split at separators and camelCase humps ("passengerClass" -> passenger, class). */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
