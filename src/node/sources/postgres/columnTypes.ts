/**
 * How PostgreSQL's types become our values, in one place for the row reader (values handed to the
 * frame builder) and the pushdown profile (SQL expressions that compute the same values in the
 * database), so the two agree on every column:
 *
 * - int2/int4/int8, float4/float8 and numeric are numbers (numeric and int8 as the nearest
 *   double, as `Number(text)` reads them; NaN is missing);
 * - date, timestamp and timestamptz are datetimes in epoch milliseconds (a timestamp without a
 *   zone read as UTC, as the CSV reader reads such text; ±infinity is missing);
 * - everything else is its text (boolean as `true`/`false`), typed by the CSV reader's rules.
 */
import type { CustomTypesConfig } from 'pg';
import { MISSING_TOKENS } from '../../../engine/data/missingTokens';
import { daysFromCivil } from '../../../engine/data/parseDate';
import type { CellValue } from '../../../engine/data/valueColumns';
import { quoteLiteral } from './sql';

/** How a column's values are read: see the file comment. */
export type ColumnClass = 'number' | 'datetime' | 'text';

/** PostgreSQL's built-in type OIDs we read as other than text. */
const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  float4: 700,
  float8: 701,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

const NUMBER_OIDS: ReadonlySet<number> = new Set([OID.int8, OID.int2, OID.int4, OID.float4, OID.float8, OID.numeric]);
const DATETIME_OIDS: ReadonlySet<number> = new Set([OID.date, OID.timestamp, OID.timestamptz]);

/** The class of a column of type `oid`. */
export function columnClassOf(oid: number): ColumnClass {
  return NUMBER_OIDS.has(oid) ? 'number' : DATETIME_OIDS.has(oid) ? 'datetime' : 'text';
}

/**
 * The SQL expression of column `column` (of type `oid`) as the reader reads it: float8 numbers
 * (NULL for NaN), datetimes as float8 epoch milliseconds (NULL for ±infinity), else text.
 */
export function valueSql(column: string, oid: number): string {
  switch (columnClassOf(oid)) {
    case 'number': {
      // float4 goes through its text, as the reader reads '1.1' (not the float4 nearest to it).
      const asDouble = oid === OID.float4 ? `${column}::text::float8` : `${column}::float8`;
      return oid === OID.float4 || oid === OID.float8 || oid === OID.numeric ? `NULLIF(${asDouble}, 'NaN'::float8)` : asDouble;
    }
    case 'datetime':
      // Days are whole: integer arithmetic, much cheaper than an epoch extracted as numeric.
      if (oid === OID.date) return `CASE WHEN isfinite(${column}) THEN (${column} - DATE '1970-01-01')::float8 * 86400000 END`;
      // Milliseconds rounded down, as a JavaScript Date keeps them: whole days (in the session's
      // zone, UTC) plus the time of day in float8, 2.5 times cheaper than numeric arithmetic on
      // an extracted epoch. The time of day's float8 milliseconds are within 1e-7 of exact, far
      // less than the half microsecond added before rounding down, so the floor is exact.
      return `CASE WHEN isfinite(${column}) THEN (${column}::date - DATE '1970-01-01')::float8 * 86400000 + floor(date_part('epoch', ${column}::time) * 1000 + 0.0005) END`;
    case 'text':
      return `${column}::text`;
  }
}

/** Parsers for `pg` that give the reader's values: see the file comment. */
export const READ_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number) => parserOf(oid)) as CustomTypesConfig['getTypeParser'],
};

function parserOf(oid: number): (text: string) => CellValue {
  switch (oid) {
    case OID.bool:
      return (text) => text === 't';
    case OID.date:
    case OID.timestamp:
    case OID.timestamptz:
      return parseDateTime;
    default:
      return NUMBER_OIDS.has(oid) ? Number : (text) => text;
  }
}

const DATE_TIME = /^(\d{4,})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/;
const MS_PER_DAY = 86_400_000;

/**
 * A date, timestamp or timestamptz as PostgreSQL writes it with DateStyle ISO (the session sets
 * it): a `Date` in UTC, milliseconds rounded down; `null` for ±infinity (or anything unexpected).
 */
export function parseDateTime(text: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const bc = m[12] !== undefined;
  // Astronomical years: 1 BC is year 0.
  const year = bc ? 1 - Number(m[1]) : Number(m[1]);
  let ms = daysFromCivil(year, Number(m[2]), Number(m[3])) * MS_PER_DAY;
  if (m[4] !== undefined) {
    ms += ((Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6])) * 1000;
    if (m[7] !== undefined) ms += Number(m[7].padEnd(3, '0').slice(0, 3));
  }
  if (m[8] !== undefined) {
    const offsetSeconds = Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0);
    ms -= (m[8] === '-' ? -1 : 1) * offsetSeconds * 1000;
  }
  return new Date(ms);
}

/**
 * A text column's dictionary entry as the reader keeps it: trimmed of spaces and tabs, NULL when
 * nothing is left (the CSV reader's empty field). Compared byte by byte (collation "C"), as the
 * reader tells entries apart, whatever the column's collation.
 */
export function entrySql(column: string): string {
  return `(NULLIF(btrim(${column}::text, E' \\t'), '') COLLATE "C")`;
}

/**
 * `entry` (an `entrySql`), or NULL when it is a missing token ('NA', 'null', '?', … as
 * missingTokens.ts lists them, after trimming white space).
 */
export function presentSql(entry: string): string {
  const tokens = MISSING_TOKENS.map(quoteLiteral).join(', ');
  return `CASE WHEN btrim(${entry}, E' \\t\\n\\r\\f\\v') IN ('', ${tokens}) THEN NULL ELSE ${entry} END`;
}

/** Column `column`'s values as SQL, NULL where the reader sees a missing value (text as its present entry). */
export function cellSql(column: string, oid: number): string {
  return columnClassOf(oid) === 'text' ? presentSql(entrySql(column)) : valueSql(column, oid);
}
