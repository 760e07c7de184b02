/**
 * A source from what a user types: a locator (a path, whose extension says the format, or a
 * `postgres://`, `postgresql://`, `sqlite:` or `http(s)://` URL) plus the options that pick the
 * data within it. The CLI (`automl profile|run|train <source> [--table T | --query Q | …]`) and
 * the `.automl` spec language share this one reading of them.
 */
import { DataError } from '../errors';
import { fileKindOf, type Pagination, type SourceSpec } from './sourceSpec';

/** The options that go with a locator; each belongs to some kinds of source only. */
export interface SourceOptions {
  readonly delimiter?: string;
  readonly table?: string;
  readonly query?: string;
  readonly sheet?: string;
  readonly records?: string;
  readonly headers?: readonly string[];
  readonly nextCursor?: string;
  readonly cursorParam?: string;
  readonly pageParam?: string;
  readonly maxPages?: number;
  readonly maxRows?: number;
}

/** Which kinds of source take which option (the CLI's flags and the `.automl` spec's `data` keys). */
export const SOURCE_OPTION_KINDS: { readonly [K in keyof SourceOptions]-?: readonly SourceSpec['kind'][] } = {
  delimiter: ['csv'],
  table: ['sqlite', 'postgres'],
  query: ['sqlite', 'postgres'],
  sheet: ['xlsx'],
  records: ['json', 'http'],
  headers: ['http'],
  nextCursor: ['http'],
  cursorParam: ['http'],
  pageParam: ['http'],
  maxPages: ['http'],
  maxRows: ['http'],
};

/** How the options are spelled on the command line, for messages. */
const FLAGS: { readonly [K in keyof SourceOptions]-?: string } = {
  delimiter: '--delimiter',
  table: '--table',
  query: '--query',
  sheet: '--sheet',
  records: '--records',
  headers: '--header',
  nextCursor: '--next-cursor',
  cursorParam: '--cursor-param',
  pageParam: '--page-param',
  maxPages: '--max-pages',
  maxRows: '--max-rows',
};

/** The spec a locator and its options stand for, and a password found in a database URL (kept out of the spec). */
export interface LocatedSource {
  readonly spec: SourceSpec;
  /** A password written into a `postgres://user:password@…` URL: used, never recorded. */
  readonly password?: string;
}

/**
 * Reads a locator and its options into a source spec. File paths are kept as given (the caller
 * resolves them). Throws `DataError` for an unknown format, an option that does not fit the
 * kind of source, or an option missing where the kind needs it.
 */
export function locateSource(locator: string, options: SourceOptions = {}): LocatedSource {
  const located = specOf(locator.trim(), options);
  for (const key of Object.keys(options) as (keyof SourceOptions)[]) {
    if (options[key] === undefined || (Array.isArray(options[key]) && (options[key] as readonly string[]).length === 0)) continue;
    if (!SOURCE_OPTION_KINDS[key].includes(located.spec.kind)) {
      throw new DataError(`${FLAGS[key]} does not apply to a ${SOURCE_KIND_NAMES[located.spec.kind]} (it goes with ${SOURCE_OPTION_KINDS[key].map((k) => SOURCE_KIND_NAMES[k]).join(' or ')})`);
    }
  }
  if (options.table !== undefined && options.query !== undefined) throw new DataError('give --table or --query, not both');
  return located;
}

/** Each kind of source as messages name it ("CSV/TSV file", "web API"). */
export const SOURCE_KIND_NAMES: { readonly [K in SourceSpec['kind']]: string } = {
  csv: 'CSV/TSV file',
  json: 'JSON file',
  ndjson: 'NDJSON file',
  parquet: 'Parquet file',
  xlsx: 'Excel workbook',
  sqlite: 'SQLite database',
  postgres: 'PostgreSQL database',
  http: 'web API',
};

function specOf(locator: string, options: SourceOptions): LocatedSource {
  if (locator === '') throw new DataError('no data source given');
  if (/^postgres(ql)?:\/\//i.test(locator)) return postgresSpec(locator, options);
  if (/^https?:\/\//i.test(locator)) return { spec: httpSpec(locator, options) };
  const sqlite = /^sqlite:(\/\/)?(.*)$/i.exec(locator);
  if (sqlite) {
    if (sqlite[2] === '') throw new DataError('a sqlite: locator needs a file path, e.g. sqlite:data/app.db');
    return { spec: { kind: 'sqlite', path: sqlite[2], ...pick(options, 'table', 'query') } };
  }
  const kind = fileKindOf(locator);
  switch (kind) {
    case 'csv':
      return { spec: { kind, path: locator, ...pick(options, 'delimiter') } };
    case 'json':
      return { spec: { kind, path: locator, ...pick(options, 'records') } };
    case 'ndjson':
    case 'parquet':
      return { spec: { kind, path: locator } };
    case 'xlsx':
      return { spec: { kind, path: locator, ...(options.sheet === undefined ? {} : { sheet: sheetOf(options.sheet) }) } };
    case 'sqlite':
      return { spec: { kind, path: locator, ...pick(options, 'table', 'query') } };
    case undefined:
      throw new DataError(
        `cannot tell the format of '${locator}' from its name: use .csv, .tsv (or .csv.gz), .json, .ndjson, .jsonl, .parquet, .xlsx, ` +
          '.sqlite, .sqlite3 or .db, or a postgres://, sqlite: or http(s):// URL',
      );
  }
}

/** A sheet given on the command line: a 0-based index when it is a whole number, else a name. */
function sheetOf(sheet: string): string | number {
  return /^\d+$/.test(sheet) ? Number(sheet) : sheet;
}

function postgresSpec(locator: string, options: SourceOptions): LocatedSource {
  // scheme://[user[:password]@]host[:port][/database][?parameters]; the user info ends at the
  // last '@' before the path, since an unescaped password may hold '@' itself.
  const match = /^(postgres(?:ql)?:\/\/)([^/?#]*)(.*)$/i.exec(locator);
  if (!match) throw new DataError('the PostgreSQL URL is not valid: write it as postgres://user@host:port/database');
  const [, scheme, authority, rest] = match;
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at);
  const host = authority.slice(at + 1);
  if (host === '' && rest === '') throw new DataError('the PostgreSQL URL names no host or database: write it as postgres://user@host:port/database');
  const colon = userInfo.indexOf(':');
  // The password leaves the URL here, so no spec, log or message can show it; libpq also takes
  // one as a `password=` parameter.
  const user = colon < 0 ? userInfo : userInfo.slice(0, colon);
  const { rest: restWithout, password: parameter } = withoutPasswordParameter(rest);
  const password = colon < 0 ? parameter : safeDecode(userInfo.slice(colon + 1));
  const url = `${scheme.toLowerCase()}${user === '' ? '' : `${user}@`}${host}${restWithout}`;
  const spec: SourceSpec = { kind: 'postgres', url, ...pick(options, 'table', 'query') };
  return password === undefined || password === '' ? { spec } : { spec, password };
}

/** The path and query of a database URL without its `password=` parameter, and that password. */
function withoutPasswordParameter(rest: string): { rest: string; password?: string } {
  const at = rest.indexOf('?');
  if (at < 0) return { rest };
  let password: string | undefined;
  const kept = rest
    .slice(at + 1)
    .split('&')
    .filter((pair) => {
      if (!/^password=/i.test(pair)) return true;
      password = safeDecode(pair.slice(pair.indexOf('=') + 1).replace(/\+/g, ' '));
      return false;
    });
  return { rest: rest.slice(0, at) + (kept.length > 0 ? `?${kept.join('&')}` : ''), password };
}

/** A percent-encoded URL part, decoded (as written when it is not valid percent-encoding). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function httpSpec(url: string, options: SourceOptions): SourceSpec {
  const pagination = paginationOf(options);
  for (const key of ['maxPages', 'maxRows'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new DataError(`${FLAGS[key]} must be a positive whole number, got ${value}`);
  }
  return {
    kind: 'http',
    url,
    ...pick(options, 'records', 'maxPages', 'maxRows'),
    ...(options.headers !== undefined && options.headers.length > 0 ? { headers: [...options.headers] } : {}),
    ...(pagination === undefined ? {} : { pagination }),
  };
}

/** The pagination the options ask for: a cursor (both flags), a page number, else none. */
function paginationOf(options: SourceOptions): Pagination | undefined {
  const { nextCursor, cursorParam, pageParam } = options;
  if ((nextCursor === undefined) !== (cursorParam === undefined)) throw new DataError('--next-cursor and --cursor-param go together');
  if (nextCursor !== undefined && cursorParam !== undefined) {
    if (pageParam !== undefined) throw new DataError('give cursor pagination (--next-cursor) or page numbers (--page-param), not both');
    return { kind: 'cursor', nextCursor, cursorParam };
  }
  return pageParam === undefined ? undefined : { kind: 'page', pageParam };
}

/** The given options among `keys`, without the undefined ones. */
function pick<K extends keyof SourceOptions>(options: SourceOptions, ...keys: K[]): Pick<SourceOptions, K> {
  const picked: Partial<Pick<SourceOptions, K>> = {};
  for (const key of keys) if (options[key] !== undefined) picked[key] = options[key];
  return picked as Pick<SourceOptions, K>;
}
