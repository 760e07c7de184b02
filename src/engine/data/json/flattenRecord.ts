/**
 * One JSON record as the named cells of a row: nested objects flattened to dotted names
 * (`user.location.city`), arrays to a count (`tags.count`) beside their elements joined as text
 * (`tags`: "a; b"; objects inside as JSON). JSON files, NDJSON files and web APIs share it, so a
 * record gives the same columns from any of them.
 */
import type { CellValue } from '../valueColumns';

/** Between the joined elements of an array. */
export const ARRAY_JOINER = '; ';

/**
 * Appends the cells of `record` (a JSON object, as `JSON.parse` gives it) to `cells`, names
 * prefixed with `prefix`; returns `cells`.
 */
export function flattenRecord(record: Readonly<Record<string, unknown>>, cells: [string, CellValue][] = [], prefix = ''): [string, CellValue][] {
  for (const key of Object.keys(record)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    const value = record[key];
    if (Array.isArray(value)) {
      cells.push([`${name}.count`, value.length]);
      cells.push([name, value.length === 0 ? null : value.map(elementText).join(ARRAY_JOINER)]);
    } else if (value !== null && typeof value === 'object') {
      flattenRecord(value as Record<string, unknown>, cells, name);
    } else {
      cells.push([name, value as CellValue]);
    }
  }
  return cells;
}

/** Whether a parsed JSON value is a record (an object, not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function elementText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
