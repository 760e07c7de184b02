/** Filtering and sorting of the column table: pure functions over the profile, no DOM. */
import type { ColumnProfile, ColumnSort, ColumnSortKey } from '../../src/protocol/webview';

/** The direction a key sorts in when its header is first clicked: the interesting end first. */
export function defaultDirection(key: ColumnSortKey): ColumnSort['direction'] {
  return key === 'missing' || key === 'unique' ? 'desc' : 'asc';
}

/** The sort after clicking the header of `key`: flip the direction of the same key, else start anew. */
export function nextSort(current: ColumnSort, key: ColumnSortKey): ColumnSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: defaultDirection(key) };
}

/**
 * Indices into `columns` of the columns whose name contains `filter` (case-insensitive), ordered
 * by `sort`. Ties keep the file's column order in both directions, so the result is stable.
 */
export function orderColumns(columns: readonly ColumnProfile[], sort: ColumnSort, filter = ''): number[] {
  const needle = filter.trim().toLowerCase();
  const order: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    if (needle === '' || columns[i].name.toLowerCase().includes(needle)) order.push(i);
  }
  const compare = comparator(columns, sort.key);
  const sign = sort.direction === 'asc' ? 1 : -1;
  return order.sort((a, b) => sign * compare(a, b) || a - b);
}

function comparator(columns: readonly ColumnProfile[], key: ColumnSortKey): (a: number, b: number) => number {
  switch (key) {
    case 'index':
      return (a, b) => a - b;
    case 'name': {
      // Lower-cased once: an Intl.Collator is ~20x slower, which shows on 10,000 columns.
      const names = columns.map((column) => column.name.toLowerCase());
      return (a, b) => naturalCompare(names[a], names[b]);
    }
    case 'type':
      return (a, b) => (columns[a].type < columns[b].type ? -1 : columns[a].type > columns[b].type ? 1 : 0);
    case 'missing': {
      // Sort keys in typed arrays: much faster than property lookups inside the comparator.
      const pct = Float64Array.from(columns, (column) => column.missingPct);
      const count = Float64Array.from(columns, (column) => column.missing);
      return (a, b) => pct[a] - pct[b] || count[a] - count[b];
    }
    case 'unique': {
      const unique = Float64Array.from(columns, (column) => column.unique);
      return (a, b) => unique[a] - unique[b];
    }
  }
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Compares strings with runs of digits compared as numbers ("x2" < "x10"), everything else by
 * UTF-16 code unit. Allocation-free, for sorting many names.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      // Skip leading zeros, then the longer run is the larger number; equal lengths compare digit-wise.
      let startA = i;
      let startB = j;
      while (startA < a.length - 1 && a.charCodeAt(startA) === 48 && isDigit(a.charCodeAt(startA + 1))) startA++;
      while (startB < b.length - 1 && b.charCodeAt(startB) === 48 && isDigit(b.charCodeAt(startB + 1))) startB++;
      let endA = startA;
      let endB = startB;
      while (endA < a.length && isDigit(a.charCodeAt(endA))) endA++;
      while (endB < b.length && isDigit(b.charCodeAt(endB))) endB++;
      if (endA - startA !== endB - startB) return endA - startA - (endB - startB);
      for (let k = 0; k < endA - startA; k++) {
        const d = a.charCodeAt(startA + k) - b.charCodeAt(startB + k);
        if (d !== 0) return d;
      }
      i = endA;
      j = endB;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}
