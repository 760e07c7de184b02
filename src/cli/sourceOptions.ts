/**
 * The data source of `automl profile|run|train`: a positional `<source>` plus the options that
 * pick the data within it, read into one `SourceSpec` (engine/data/sourceLocator.ts).
 */
import { basename } from 'node:path';
import { locateSource } from '../engine/data/sourceLocator';
import { describeSource, isFileSource, type SourceSecrets, type SourceSpec } from '../engine/data/sourceSpec';
import { DataError } from '../engine/errors';
import { UsageError } from './usageError';

/** `parseArgs` descriptors of the source options, shared by every command that reads a source. */
export const SOURCE_ARG_OPTIONS = {
  delimiter: { type: 'string' as const },
  table: { type: 'string' as const },
  query: { type: 'string' as const },
  sheet: { type: 'string' as const },
  records: { type: 'string' as const },
  header: { type: 'string' as const, multiple: true as const, default: [] as string[] },
  'next-cursor': { type: 'string' as const },
  'cursor-param': { type: 'string' as const },
  'page-param': { type: 'string' as const },
  'max-pages': { type: 'string' as const },
  'max-rows': { type: 'string' as const },
};

/** The help text of the source and its options. */
export const SOURCE_HELP = `Sources: <source> is a file, its format told by its extension (.csv, .tsv, also gzip-compressed
as .csv.gz; .json, .ndjson, .jsonl, .parquet, .xlsx, .sqlite, .sqlite3, .db), or a URL:
postgres://user@host:port/db (postgresql:// too; the password comes from PGPASSWORD or ~/.pgpass),
sqlite:path, or http(s):// for a web API answering JSON.
  --delimiter <char>      CSV field delimiter (default: sniffed among , ; tab |); "tab" for a tab
  --table <name>          SQLite or PostgreSQL table (schema.name)
  --query <sql>           SQLite or PostgreSQL query, instead of --table
  --sheet <name|index>    Excel sheet (default: the first; an index counts from 0)
  --records <path>        where the records are in a JSON document, e.g. data.items
  --header '<name: value>'  HTTP request header (repeatable); \${NAME} is read from the environment
  --next-cursor <path> --cursor-param <name>
                          cursor pagination: the next cursor's path in the answer, and the query
                          parameter that sends it back (Link: rel="next" headers are always followed)
  --page-param <name>     page-number pagination, from 1 until a page has no records
  --max-pages <n>         stop fetching after n pages
  --max-rows <n>          stop fetching after n records
`;

type SourceArgValues = { readonly [K in keyof typeof SOURCE_ARG_OPTIONS]?: K extends 'header' ? string[] : string | undefined };

/**
 * The source named on the command line: its spec (file paths as given, relative to the current
 * directory) and the secrets it came with. A password written into a database URL is used for
 * this command only, never recorded, and earns a warning: the shell history keeps it.
 */
export function sourceFromArgs(locator: string, values: SourceArgValues): { spec: SourceSpec; secrets: SourceSecrets } {
  let located;
  try {
    located = locateSource(locator, {
      delimiter: values.delimiter === 'tab' || values.delimiter === '\\t' ? '\t' : values.delimiter,
      table: values.table,
      query: values.query,
      sheet: values.sheet,
      records: values.records,
      headers: values.header,
      nextCursor: values['next-cursor'],
      cursorParam: values['cursor-param'],
      pageParam: values['page-param'],
      maxPages: wholeNumber('max-pages', values['max-pages']),
      maxRows: wholeNumber('max-rows', values['max-rows']),
    });
  } catch (error) {
    if (error instanceof DataError) throw new UsageError(error.message);
    throw error;
  }
  const { spec } = located;
  if (located.password === undefined) return { spec, secrets: {} };
  process.stderr.write('automl: warning: the password in the URL is used for this command only and not saved; set PGPASSWORD or use ~/.pgpass instead (shell history keeps command lines)\n');
  return { spec, secrets: { password: located.password } };
}

/** How the CLI names a source in its output: a file by its base name, with any sheet or table; a URL as it is. */
export function sourceLabel(spec: SourceSpec): string {
  return describeSource(isFileSource(spec) ? { ...spec, path: basename(spec.path) } : spec);
}

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(Number.isInteger(value) && value > 0)) throw new UsageError(`--${name} must be a positive whole number, got '${text}'`);
  return value;
}
