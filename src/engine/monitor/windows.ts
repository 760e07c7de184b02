/**
 * Windows of new data a monitor checks one by one: consecutive runs of N rows, or calendar days or
 * weeks (UTC; weeks start on Monday) of a time column. Rows are kept in their order within a window.
 */
import type { Frame } from '../data/frame';
import { DataError } from '../errors';

export type WindowSpec = { readonly kind: 'rows'; readonly size: number } | { readonly kind: 'day' | 'week'; readonly column: string };

export interface Window {
  readonly label: string;
  readonly rows: Uint32Array;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an epoch-ms day start. */
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The windows of `frame`'s rows. Days and weeks come in time order; rows without a time are left
 * out (counted in `untimed`). A `DataError` names a time column that is missing or not a date.
 */
export function splitWindows(frame: Frame, spec: WindowSpec): { windows: Window[]; untimed: number } {
  const n = frame.rowCount;
  if (spec.kind === 'rows') {
    if (!(Number.isInteger(spec.size) && spec.size >= 1)) throw new RangeError(`a window is a whole number of rows, at least 1, not ${spec.size}`);
    const windows: Window[] = [];
    for (let start = 0; start < n; start += spec.size) {
      const end = Math.min(n, start + spec.size);
      windows.push({ label: `rows ${start + 1}-${end}`, rows: Uint32Array.from({ length: end - start }, (_, i) => start + i) });
    }
    return { windows, untimed: 0 };
  }
  const column = frame.columns.find((c) => c.name === spec.column);
  if (!column) throw new DataError(`no column '${spec.column}' in the new data to window by`);
  if (column.storage !== 'datetime') throw new DataError(`column '${spec.column}' is not a date or time, so it cannot window the data by ${spec.kind}`);
  // Epoch day 0 (1970-01-01) was a Thursday: shifting by 3 days makes weeks start on Monday.
  const keyOf = (ms: number): number => (spec.kind === 'day' ? Math.floor(ms / DAY_MS) : Math.floor((Math.floor(ms / DAY_MS) + 3) / 7));
  const startOf = (key: number): number => (spec.kind === 'day' ? key * DAY_MS : (key * 7 - 3) * DAY_MS);
  const groups = new Map<number, number[]>();
  let untimed = 0;
  for (let i = 0; i < n; i++) {
    const ms = column.values[i];
    if (ms !== ms) {
      untimed++;
      continue;
    }
    const key = keyOf(ms);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  const windows = [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, rows]) => ({ label: spec.kind === 'day' ? isoDay(startOf(key)) : `week of ${isoDay(startOf(key))}`, rows: Uint32Array.from(rows) }));
  return { windows, untimed };
}
