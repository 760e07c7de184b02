/**
 * What the Data Profile header says about where the data came from: the sheet, table, query,
 * records path or pages within the source, its size (both sizes of a gzip file), encoding and
 * delimiter, and whether the database computed the statistics or the rows are a sample.
 */
import type { ProfileSource } from '../../src/protocol/webview';
import { formatBytes, plural } from '../shared/format';

const DELIMITER_NAMES: Readonly<Record<string, string>> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** The facts as short phrases, in reading order. */
export function sourceFacts(source: ProfileSource): string[] {
  const facts: string[] = [];
  if (source.sheet !== undefined) facts.push(`sheet ${source.sheet}`);
  if (source.table !== undefined) facts.push(`table ${source.table}`);
  if (source.query !== undefined) facts.push(`query ${source.query.replace(/\s+/g, ' ').trim()}`);
  if (source.records !== undefined) facts.push(`records at ${source.records}`);
  if (source.pages !== undefined) facts.push(plural(source.pages, 'page'));
  if (source.bytes !== undefined) {
    facts.push(source.compressedBytes === undefined ? formatBytes(source.bytes) : `${formatBytes(source.bytes)} (${formatBytes(source.compressedBytes)} gzip)`);
  }
  if (source.encoding !== undefined) facts.push(source.encoding.toUpperCase());
  if (source.delimiter !== undefined) facts.push(`${DELIMITER_NAMES[source.delimiter] ?? `"${source.delimiter}"`}-separated`);
  if (source.computedIn === 'database') facts.push('statistics computed in the database');
  if (source.sample !== undefined) facts.push(`sample of ${source.sample.rows.toLocaleString('en-US')} of ${source.sample.of.toLocaleString('en-US')} rows`);
  return facts;
}
