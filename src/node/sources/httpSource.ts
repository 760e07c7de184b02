/**
 * Web APIs answering JSON: GET a URL (with header templates whose `${NAME}`s come from secrets or
 * the environment), follow its pages (fetchPage.ts, nextPage.ts), flatten every record as JSON
 * files do, and hand the records back as NDJSON text too, which a run saves as `source.ndjson` so
 * it can be repeated offline. Positions count records across pages, from 1.
 */
import { flattenRecord, isRecord } from '../../engine/data/json/flattenRecord';
import { describeJsonValue } from '../../engine/data/json/recordParser';
import { recordsIn, valueAt } from '../../engine/data/json/recordsAt';
import { RecordFrameBuilder } from '../../engine/data/recordFrame';
import { redactUrl } from '../../engine/data/redactUrl';
import type { SourceSecrets, SourceSpec } from '../../engine/data/sourceSpec';
import type { CellValue } from '../../engine/data/valueColumns';
import { DataError } from '../../engine/errors';
import type { DataSource, SourceModule } from './dataSource';
import { DEFAULT_HTTP_LIMITS, fetchPage, type HttpLimits } from './http/fetchPage';
import { expandHeaders } from './http/headerTemplates';
import { firstPageUrl, nextCursor, nextLink, withParameter } from './http/nextPage';

type HttpSpec = Extract<SourceSpec, { readonly kind: 'http' }>;

/** A page's records, as the walk hands them over. */
interface Page {
  readonly records: readonly unknown[];
  /** 1-based. */
  readonly number: number;
}

/** How a walk over the pages ended. */
interface Walked {
  readonly pages: number;
  readonly bytes: number;
  /** The records' path in each answer ('' when answers are arrays). */
  readonly path: string;
  /** Set when a bound stopped the walk with more pages to come. */
  readonly stoppedBy?: 'maxPages' | 'maxRows';
}

/** Opens a web API source; `limits` set timeouts, retries and the page size limit (tests shorten them). */
export function createHttpSource(spec: HttpSpec, secrets: SourceSecrets, limits: HttpLimits = DEFAULT_HTTP_LIMITS): DataSource {
  const shown = redactUrl(spec.url);
  return {
    spec,
    async read(options = {}) {
      const builder = new RecordFrameBuilder({ positions: 'record', types: options.types, schema: options.schema, signal: options.signal });
      const lines: string[] = [];
      const cells: [string, CellValue][] = [];
      const maxRows = spec.maxRows ?? Infinity;
      const walked = await walkPages(spec, secrets, limits, { maxRows, maxPages: spec.maxPages ?? Infinity, signal: options.signal }, (page) => {
        for (const record of page.records) {
          if (builder.rowCount >= maxRows) return;
          const position = builder.rowCount + 1;
          if (!isRecord(record)) throw new DataError(`${shown}: record ${position} (page ${page.number}) is ${describeJsonValue(record)}, not a record (a JSON object)`);
          cells.length = 0;
          builder.addRecord(flattenRecord(record, cells), position);
          lines.push(JSON.stringify(record));
        }
        if (spec.maxPages !== undefined) options.onProgress?.(Math.min(1, page.number / spec.maxPages));
        else if (spec.maxRows !== undefined) options.onProgress?.(Math.min(1, builder.rowCount / spec.maxRows));
      });
      if (builder.rowCount === 0) throw new DataError(`${shown} answered no records${walked.path === '' ? '' : ` (at '${walked.path}')`}`);
      if (walked.stoppedBy === 'maxRows') builder.note(builder.rowCount, `stopped at ${builder.rowCount} records (the most asked for); the API has more`);
      if (walked.stoppedBy === 'maxPages') builder.note(builder.rowCount, `stopped after ${walked.pages} pages (the most asked for); the API has more`);
      const { frame, report } = builder.finish({ bytes: walked.bytes, lines: builder.rowCount });
      return {
        frame,
        report,
        source: { kind: 'http', file: shown, ...(walked.path === '' ? {} : { records: walked.path }), pages: walked.pages, bytes: walked.bytes, encoding: 'utf-8' },
        fetchedRecords: `${lines.join('\n')}\n`,
      };
    },
    async peek(options = {}) {
      const builder = new RecordFrameBuilder({ positions: 'record', schema: options.schema, signal: options.signal });
      const maxRows = options.rows ?? Infinity;
      const cells: [string, CellValue][] = [];
      const walked = await walkPages(spec, secrets, limits, { maxRows, maxPages: 1, signal: options.signal }, (page) => {
        for (const record of page.records) {
          if (builder.rowCount >= maxRows || !isRecord(record)) return;
          cells.length = 0;
          builder.addRecord(flattenRecord(record, cells), builder.rowCount + 1);
        }
      });
      if (builder.rowCount === 0) throw new DataError(`${shown} answered no records`);
      const { frame } = builder.finish({ bytes: walked.bytes, lines: builder.rowCount });
      return { columns: frame.columns.map((c) => c.name), frame, partial: walked.stoppedBy !== undefined };
    },
  };
}

export const httpSource: SourceModule<'http'> = {
  kind: 'http',
  open: (spec, secrets) => createHttpSource(spec, secrets),
};

/**
 * Fetches page after page, handing each page's records to `visit`, until the API has no next
 * page or a bound is reached. A next link, cursor or page that comes round again is a
 * `DataError` (the API would be fetched forever).
 */
async function walkPages(
  spec: HttpSpec,
  secrets: SourceSecrets,
  limits: HttpLimits,
  bounds: { readonly maxRows: number; readonly maxPages: number; readonly signal?: AbortSignal },
  visit: (page: Page) => void,
): Promise<Walked> {
  if (!URL.canParse(spec.url)) throw new DataError(`${redactUrl(spec.url)} is not a valid URL`);
  const headers = expandHeaders(spec.headers ?? [], secrets.variables);
  const pagination = spec.pagination;
  let url = firstPageUrl(spec.url, pagination);
  const seenUrls = new Set([url]);
  const seenCursors = new Set<string>();
  let path = spec.records;
  let previousText: string | undefined;
  let bytes = 0;
  let rows = 0;
  for (let number = 1; ; number++) {
    const page = await fetchPage(url, headers, limits, bounds.signal);
    bytes += page.bytes;
    // A later page may leave out the records (or give null) where the first had them: it has none.
    const absent = number > 1 && path !== undefined && path !== '' && (valueAt(page.body, path) === undefined || valueAt(page.body, path) === null);
    const records = absent ? { records: [], path } : recordsOf(page.body, path === '' ? undefined : path, url);
    path = records.path;
    if (pagination?.kind === 'page' && page.text === previousText && records.records.length > 0) {
      throw new DataError(`page ${number} of ${redactUrl(spec.url)} holds the same records as page ${number - 1}: the API seems to ignore '${pagination.pageParam}' (a pagination loop)`);
    }
    previousText = page.text;
    visit({ records: records.records, number });
    const taken = Math.min(records.records.length, bounds.maxRows - rows);
    rows += taken;
    let next = nextLinkOf(page.headers.get('link'), url);
    if (next !== undefined) {
      if (seenUrls.has(next)) throw new DataError(`the next link of page ${number} of ${redactUrl(spec.url)} leads back to a page fetched already (a pagination loop)`);
    } else if (pagination?.kind === 'cursor') {
      const cursor = nextCursor(page.body, pagination.nextCursor);
      if (cursor !== undefined) {
        if (seenCursors.has(cursor)) throw new DataError(`page ${number} of ${redactUrl(spec.url)} gives a next cursor ('${pagination.nextCursor}') that came before (a pagination loop)`);
        seenCursors.add(cursor);
        next = withParameter(spec.url, pagination.cursorParam, cursor);
      }
    } else if (pagination?.kind === 'page' && records.records.length > 0) {
      next = withParameter(spec.url, pagination.pageParam, String(number + 1));
    }
    const walked = { pages: number, bytes, path: path ?? '' };
    if (taken < records.records.length || (rows >= bounds.maxRows && next !== undefined)) return { ...walked, stoppedBy: 'maxRows' };
    if (next === undefined) return walked;
    if (number >= bounds.maxPages) return { ...walked, stoppedBy: 'maxPages' };
    seenUrls.add(next);
    url = next;
  }
}

/** The next link of a page (`nextLink`), a `DataError` when it is not a URL. */
function nextLinkOf(link: string | null, url: string): string | undefined {
  try {
    return nextLink(link, url);
  } catch {
    throw new DataError(`the Link header of ${redactUrl(url)} names a next page that is not a valid URL`);
  }
}

/** The records of a page's body (`recordsIn`), its errors naming the page's URL. */
function recordsOf(body: unknown, path: string | undefined, url: string): { records: readonly unknown[]; path: string } {
  try {
    return recordsIn(body, path);
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`${redactUrl(url)}: ${error.message}`);
    throw error;
  }
}
