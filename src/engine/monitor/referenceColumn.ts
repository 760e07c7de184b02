/**
 * One source column of a monitoring reference, over the training rows: numbers and dates by
 * range, moments and reference-quantile buckets; labels by their most frequent levels.
 */
import type { CategoricalColumn, Column } from '../data/frame';
import { countDistinctSorted } from '../profile/numericStats';
import { sortFloat64 } from '../profile/radixSort';
import { referenceBins } from './referenceBins';
import { MAX_LEVELS, MAX_OTHER_LEVELS, type ReferenceCategoricalColumn, type ReferenceColumn, type ReferenceNumericColumn } from './types';

/**
 * The reference of `column` over frame rows `rows`. Numeric and date columns: one copy of the
 * finite values, one sort (radix), two linear passes; categorical columns: one counting pass and a
 * sort of the dictionary. Infinite numbers count as missing (JSON cannot hold them).
 */
export function referenceColumn(column: Column, rows: Uint32Array): ReferenceColumn {
  return column.storage === 'categorical' ? categoricalReference(column, rows) : numericReference(column.name, column.type, column.values, rows);
}

function numericReference(name: string, type: ReferenceNumericColumn['type'], values: Float64Array, rows: Uint32Array): ReferenceNumericColumn {
  const n = rows.length;
  const finite = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[rows[i]];
    if (Number.isFinite(v)) finite[m++] = v;
  }
  const nullRate = n > 0 ? (n - m) / n : 0;
  if (m === 0) return { name, type, kind: 'numeric', nullRate, distinct: 0, min: 0, max: 0, mean: 0, std: 0, bins: { edges: [], shares: [] } };
  const sorted = sortFloat64(finite.subarray(0, m));
  let sum = 0;
  for (let i = 0; i < m; i++) sum += sorted[i];
  const mean = sum / m;
  // Two passes (mean, then squared deviations): no cancellation on large offsets such as epoch ms.
  let squares = 0;
  for (let i = 0; i < m; i++) {
    const d = sorted[i] - mean;
    squares += d * d;
  }
  return {
    name,
    type,
    kind: 'numeric',
    nullRate,
    distinct: countDistinctSorted(sorted),
    min: sorted[0],
    max: sorted[m - 1],
    mean,
    std: Math.sqrt(squares / m),
    bins: referenceBins(sorted),
  };
}

function categoricalReference(column: CategoricalColumn, rows: Uint32Array): ReferenceCategoricalColumn {
  const { codes, dictionary } = column;
  const counts = new Float64Array(dictionary.length);
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const c = codes[rows[i]];
    if (c < 0) missing++;
    else counts[c]++;
  }
  const n = rows.length;
  const present = n - missing;
  const used: number[] = [];
  for (let code = 0; code < counts.length; code++) if (counts[code] > 0) used.push(code);
  // Ties in dictionary order (the reader's first-appearance order): the same levels every run.
  used.sort((a, b) => counts[b] - counts[a] || a - b);
  const top = used.slice(0, MAX_LEVELS);
  let inTop = 0;
  for (const code of top) inTop += counts[code];
  const rest = used.length - top.length;
  return {
    name: column.name,
    type: column.type,
    kind: 'categorical',
    nullRate: n > 0 ? missing / n : 0,
    distinct: used.length,
    levels: top.map((code) => dictionary[code]),
    shares: top.map((code) => counts[code] / present),
    otherShare: present > 0 ? (present - inTop) / present : 0,
    ...(rest <= MAX_OTHER_LEVELS ? { otherLevels: used.slice(MAX_LEVELS).map((code) => dictionary[code]) } : {}),
  };
}
