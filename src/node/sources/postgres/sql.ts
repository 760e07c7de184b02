/**
 * SQL text built safely: identifiers always double-quoted, literals single-quoted, a table name
 * parsed as PostgreSQL reads one (`schema.name`, unquoted parts folded to lower case, quoted
 * parts taken literally) and rejected when it is anything else, so a `--table` can never carry
 * SQL of its own. A `--query` is the user's SQL: it is run as given, read-only.
 */
import { DataError } from '../../../engine/errors';

/** `name` as a double-quoted identifier. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new DataError('a name holds a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `text` as a string literal (standard_conforming_strings is on, the default since PostgreSQL 9.1). */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new DataError('a text holds a NUL character');
  return `'${text.replace(/'/g, "''")}'`;
}

/** A float8 literal that reads back as exactly `value` (the shortest round-trip decimal). */
export function float8Literal(value: number): string {
  if (Number.isNaN(value)) return `'NaN'::float8`;
  if (!Number.isFinite(value)) return value > 0 ? `'Infinity'::float8` : `'-Infinity'::float8`;
  return `${String(value)}::float8`;
}

const PLAIN_IDENTIFIER = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*$/;
const LOWER_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/**
 * The parts of a table name as PostgreSQL reads it: `orders`, `public.orders`, `"Sales 2024"."Q1"`.
 * Throws `DataError` for anything else (a name is never SQL).
 */
export function parseTableName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const fail = (): never => {
    throw new DataError(`'${text}' is not a table name: write it as name or schema.name (double-quote parts with other characters, "My Table")`);
  };
  for (;;) {
    if (text[i] === '"') {
      let part = '';
      for (i++; ; i++) {
        if (i >= text.length) fail();
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i++;
        }
        part += text[i];
      }
      i++;
      if (part === '') fail();
      parts.push(part);
    } else {
      const match = /^[^."]+/.exec(text.slice(i));
      if (!match || !PLAIN_IDENTIFIER.test(match[0])) fail();
      parts.push((match as RegExpExecArray)[0].toLowerCase());
      i += (match as RegExpExecArray)[0].length;
    }
    if (i === text.length) break;
    if (text[i] !== '.') fail();
    i++;
  }
  if (parts.length > 2) fail();
  return parts;
}

/** A table name as SQL: every part quoted. */
export function tableSql(text: string): string {
  return parseTableName(text).map(quoteIdentifier).join('.');
}

/** A table name as a user types it: parts quoted only where PostgreSQL needs it. */
export function formatTableName(parts: readonly string[]): string {
  return parts.map((part) => (LOWER_IDENTIFIER.test(part) ? part : quoteIdentifier(part))).join('.');
}

/** A user's query without the trailing semicolons and spaces a subquery cannot hold. */
export function trimQuery(query: string): string {
  const trimmed = query.trim().replace(/[;\s]+$/, '');
  if (trimmed === '') throw new DataError('the query is empty');
  return trimmed;
}

/** What a spec reads: a table or a query, exactly one. */
export function selectOf(spec: { readonly table?: string; readonly query?: string }): string {
  if (spec.table !== undefined) return `SELECT * FROM ${tableSql(spec.table)}`;
  if (spec.query !== undefined) return trimQuery(spec.query);
  throw new DataError('a PostgreSQL source needs a table (--table schema.name) or a query (--query "SELECT …")');
}

/**
 * The data as a FROM item whose columns are renamed `c0`, `c1`, … by position, so generated SQL
 * never depends on (or is confused by) the source's own column names, duplicates included.
 */
export function relationOf(spec: { readonly table?: string; readonly query?: string }, columns: number): string {
  const aliases = Array.from({ length: columns }, (_, j) => columnAlias(j)).join(', ');
  // The newline ends a trailing `--` comment of the user's query before the parenthesis.
  const from = spec.table !== undefined ? tableSql(spec.table) : `(${selectOf(spec)}\n)`;
  return `${from} AS src(${aliases})`;
}

/** The generated name of column `j` of `relationOf`. */
export function columnAlias(j: number): string {
  return `c${j}`;
}
