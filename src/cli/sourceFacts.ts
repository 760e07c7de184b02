import type { ProfileSource } from '../engine/profile/types';
import { formatBytes } from './formatBytes';

/**
 * What a profile says about its source, for people: size (both sizes of a compressed file),
 * delimiter and encoding of text, the sheet, table, query or records path, pages fetched, and
 * whether the database computed the statistics or the rows are a sample.
 */
export function sourceFacts(source: ProfileSource): string {
  const facts: string[] = [];
  if (source.sheet !== undefined) facts.push(`sheet ${JSON.stringify(source.sheet)}`);
  if (source.table !== undefined) facts.push(`table ${source.table}`);
  if (source.query !== undefined) facts.push(`query ${JSON.stringify(source.query.replace(/\s+/g, ' ').trim())}`);
  if (source.records !== undefined) facts.push(`records at ${source.records}`);
  if (source.pages !== undefined) facts.push(`${source.pages} ${source.pages === 1 ? 'page' : 'pages'}`);
  if (source.bytes !== undefined) {
    facts.push(source.compressedBytes === undefined ? formatBytes(source.bytes) : `${formatBytes(source.bytes)} uncompressed, ${formatBytes(source.compressedBytes)} gzip`);
  }
  if (source.delimiter !== undefined) facts.push(`delimiter ${JSON.stringify(source.delimiter)}`);
  if (source.encoding !== undefined) facts.push(source.encoding);
  if (source.computedIn === 'database') facts.push('statistics computed in the database');
  if (source.sample !== undefined) facts.push(`a seeded sample of ${source.sample.rows.toLocaleString('en-US')} of ${source.sample.of.toLocaleString('en-US')} rows`);
  return facts.join(', ');
}
