/**
 * SQL that reads text the way the CSV reader's rules read it, for text columns with too many
 * distinct values to classify here (pushdownProfile.ts): plain decimal numbers (`-12.5`, `3e7`)
 * and ISO 8601 dates (`2024-05-01`, `2024-05-01 13:45:10.5`, `2024-05-01T13:45Z`, `…+02:00`).
 * Other layouts the reader knows (thousands separators, decimal commas, percentages, currencies,
 * `05/01/2024`, `1 May 2024`) are recognised only in columns few enough distinct values to
 * classify here, by the reader's own code. Expressions take `p`, a present entry (see
 * columnTypes.ts `presentSql`).
 */

/**
 * A plain decimal as `parseNumberText` reads one. Longer texts and exponents beyond ±99 are left
 * out, so the cast below can neither overflow nor underflow (PostgreSQL errors where JavaScript
 * gives Infinity or 0).
 */
const PLAIN_NUMBER = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,2})?$';
const MAX_NUMBER_CHARS = 200;

/** ISO 8601 as `parseDateText(…, 'ymd')` reads it, with valid fields (the day is checked below). */
const ISO_DATE =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])' +
  '([T ]([01]?[0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)([.][0-9]{1,6})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$';
/** An ISO date whose time carries an offset (read as timestamptz; others as UTC). */
const WITH_OFFSET = ':[0-5][0-9]([:.][0-9]+)*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$';

/** Leading zeros mark codes (ZIP codes, IDs): the reader keeps such a column text. */
export function codeLikeSql(p: string): string {
  return `${p} ~ '^[+-]?0[0-9]'`;
}

/** Whether `p` holds a digit (only such values decide whether a column is numbers or dates). */
export function hasDigitSql(p: string): string {
  return `${p} ~ '[0-9]'`;
}

/** `p` as a float8 when it is a plain decimal, else NULL. */
export function plainNumberSql(p: string): string {
  return `CASE WHEN ${p} ~ '${PLAIN_NUMBER}' AND char_length(${p}) <= ${MAX_NUMBER_CHARS} THEN ${p}::float8 END`;
}

/**
 * `p` as float8 epoch milliseconds when it is a valid ISO date (2021-02-30 is not), else NULL.
 * The checks nest so no cast ever sees a text it would reject.
 */
export function isoDateSql(p: string): string {
  const lastDay = `extract(day from make_date(substr(${p}, 1, 4)::int, substr(${p}, 6, 2)::int, 1) + interval '1 month - 1 day')`;
  const epoch = `CASE WHEN ${p} ~ '${WITH_OFFSET}' THEN extract(epoch from ${p}::timestamptz) ELSE extract(epoch from ${p}::timestamp) END`;
  return (
    `CASE WHEN ${p} ~ '${ISO_DATE}' AND substr(${p}, 1, 4) <> '0000' THEN ` +
    `CASE WHEN substr(${p}, 9, 2)::int <= ${lastDay} THEN round(${epoch} * 1000)::float8 END END`
  );
}

/** Whether an ISO date `p` carries a time of day. */
export function hasTimeSql(p: string): string {
  return `${p} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]'`;
}

/** Words of `p` as the reader counts them: runs of characters other than space, tab, CR and LF. */
export function wordsSql(p: string): string {
  return `coalesce(array_length(regexp_split_to_array(btrim(${p}, E' \\t\\r\\n'), E'[ \\t\\r\\n]+'), 1), 0)`;
}
