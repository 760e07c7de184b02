/**
 * Where data comes from, as plain data: recorded in a run's `spec.json` (so **Run Again** and
 * `automl run` can replay it) and passed between the extension, the CLI and the engine worker.
 * A spec never holds a secret: a database password comes from `PGPASSWORD`, `~/.pgpass` or
 * VS Code's SecretStorage, and HTTP headers are templates whose `${NAME}` references are expanded
 * from the environment (or SecretStorage) only when the request is made.
 */
import { redactUrl } from './redactUrl';

/** Every kind of source, one reader module each (src/node/sources). */
export const SOURCE_KINDS = ['csv', 'json', 'ndjson', 'parquet', 'xlsx', 'sqlite', 'postgres', 'http'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * How a paginated web API says where the next page is, besides `Link: <…>; rel="next"` response
 * headers (GitHub, Mastodon), which are always followed.
 */
export type Pagination =
  /** A cursor in the body (`meta.next_token`) sent back as a query parameter (Twitter/X, Reddit). */
  | { readonly kind: 'cursor'; readonly nextCursor: string; readonly cursorParam: string }
  /** A page number query parameter, counted from 1, until a page has no records. */
  | { readonly kind: 'page'; readonly pageParam: string };

export type SourceSpec =
  /** CSV or TSV, plain or gzip-compressed. */
  | { readonly kind: 'csv'; readonly path: string; readonly delimiter?: string }
  /** A JSON array of records, or an object holding one at `records` (a dotted path such as `data.items`). */
  | { readonly kind: 'json'; readonly path: string; readonly records?: string }
  /** Newline-delimited JSON: one record per line. */
  | { readonly kind: 'ndjson'; readonly path: string }
  | { readonly kind: 'parquet'; readonly path: string }
  /** An Excel workbook; `sheet` by name or 0-based index (default: the first). */
  | { readonly kind: 'xlsx'; readonly path: string; readonly sheet?: string | number }
  /** A SQLite database file: a `table` or a `query`. */
  | { readonly kind: 'sqlite'; readonly path: string; readonly table?: string; readonly query?: string }
  /** A PostgreSQL database: `url` is `postgres://user@host:port/db`, never with a password. */
  | { readonly kind: 'postgres'; readonly url: string; readonly table?: string; readonly query?: string }
  /** A web API answering JSON. `headers` are templates (`Authorization: Bearer ${TOKEN}`). */
  | {
      readonly kind: 'http';
      readonly url: string;
      readonly records?: string;
      readonly headers?: readonly string[];
      readonly pagination?: Pagination;
      readonly maxPages?: number;
      readonly maxRows?: number;
    };

/**
 * Secrets a source may need, held in memory only: never in a spec, a run folder, a log or an
 * error message.
 */
export interface SourceSecrets {
  /** A database password (from VS Code's SecretStorage); else `PGPASSWORD` or `~/.pgpass`. */
  readonly password?: string;
  /** Values for `${NAME}` references in HTTP headers, looked up before the environment. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** The kinds of source that are a file on disk (their spec has a `path`). */
export type FileSourceSpec = Extract<SourceSpec, { readonly path: string }>;

/** Whether `spec` reads a file on disk. */
export function isFileSource(spec: SourceSpec): spec is FileSourceSpec {
  return 'path' in spec;
}

/** The file kind a name implies (`.csv.gz` is CSV, `.jsonl` NDJSON, `.db` SQLite), or undefined. */
export function fileKindOf(name: string): FileSourceSpec['kind'] | undefined {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  const extension = lower.slice(lower.lastIndexOf('.') + 1);
  switch (extension) {
    case 'csv':
    case 'tsv':
      return 'csv';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    case 'parquet':
      return 'parquet';
    case 'xlsx':
      return 'xlsx';
    case 'sqlite':
    case 'sqlite3':
    case 'db':
      return 'sqlite';
    default:
      return undefined;
  }
}

/**
 * A source as people read it: the file or URL (without query parameters that hold secrets, see
 * `redactUrl`), with the sheet, table or query that picks the data within it (`sales.xlsx [Q3]`,
 * `postgres://ana@db:5432/shop: public.orders`).
 */
export function describeSource(spec: SourceSpec): string {
  const where = isFileSource(spec) ? spec.path : redactUrl(spec.url);
  switch (spec.kind) {
    case 'xlsx':
      return spec.sheet === undefined ? where : `${where} [${spec.sheet}]`;
    case 'sqlite':
    case 'postgres':
      return spec.table !== undefined ? `${where}: ${spec.table}` : spec.query !== undefined ? `${where}: ${oneLine(spec.query)}` : where;
    case 'json':
    case 'http':
      return spec.records === undefined ? where : `${where} (${spec.records})`;
    default:
      return where;
  }
}

/** A query on one line, shortened for labels. */
function oneLine(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
