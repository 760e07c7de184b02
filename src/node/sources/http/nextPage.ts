/**
 * Where a paginated web API's next page is: a `Link: <…>; rel="next"` header (GitHub, Mastodon),
 * else the source's pagination: a cursor in the answer sent back as a query parameter
 * (Twitter/X, Reddit), or page numbers counted from 1.
 */
import { valueAt } from '../../../engine/data/json/recordsAt';
import type { Pagination } from '../../../engine/data/sourceSpec';

/** The `rel="next"` target of a `Link` header (RFC 8288), resolved against `base`; undefined when there is none. */
export function nextLink(link: string | null, base: string): string | undefined {
  if (link === null) return undefined;
  // <uri>; param; param, <uri>; … (a URI may hold commas, so split on '<' rather than ',').
  for (const match of link.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2]);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return new URL(match[1], base).toString();
  }
  return undefined;
}

/** `url` with query parameter `name` set to `value` (replacing any earlier value). */
export function withParameter(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

/** The first page's URL: page number 1 for page-number pagination, else `url` itself. */
export function firstPageUrl(url: string, pagination: Pagination | undefined): string {
  return pagination?.kind === 'page' ? withParameter(url, pagination.pageParam, '1') : url;
}

/** The cursor for the next page from a page's body: undefined when absent, null or empty (the last page). */
export function nextCursor(body: unknown, path: string): string | undefined {
  const value = valueAt(body, path);
  if (value === null || value === undefined || value === '' || typeof value === 'object') return undefined;
  return String(value);
}
