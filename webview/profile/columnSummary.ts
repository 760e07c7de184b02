/** One-line descriptions of a column, shared by the table and the detail section. */
import type { Association, ColumnProfile } from '../../src/protocol/webview';
import { formatDate, formatNumber, formatPercent, truncate } from '../shared/format';

/** What a column's values look like, in one line, by storage and type. */
export function summarize(column: ColumnProfile): string {
  if (column.count === 0) return 'all missing';
  if (column.storage === 'datetime') return `${formatDate(column.min)} → ${formatDate(column.max)}`;
  if (column.storage === 'numeric') {
    const parts = [
      `min ${formatNumber(column.min)}`,
      `median ${formatNumber(column.quantiles?.p50)}`,
      `mean ${formatNumber(column.mean)}`,
      `max ${formatNumber(column.max)}`,
    ];
    return parts.join(' · ');
  }
  if (column.type === 'text') return `mean length ${formatNumber(column.meanLength)} chars`;
  const top = (column.topValues ?? []).slice(0, 3).map((v) => `${truncate(v.value, 18)} ${share(v.count, column.count)}`);
  const more = column.unique > top.length ? ` · +${formatNumber(column.unique - top.length)} more` : '';
  return top.join(' · ') + more;
}

/** An association's measure and value, e.g. "Spearman 0.42" (signed correlations keep their sign). */
export function describeAssociation(pair: Association): string {
  if (pair.spearman !== undefined) return `Spearman ${formatNumber(pair.spearman)}`;
  if (pair.pearson !== undefined) return `Pearson ${formatNumber(pair.pearson)}`;
  if (pair.cramersV !== undefined) return `Cramér's V ${formatNumber(pair.cramersV)}`;
  if (pair.correlationRatio !== undefined) return `η ${formatNumber(pair.correlationRatio)}`;
  return formatNumber(pair.value);
}

/** `part` as a percentage of `whole`. */
export function share(part: number, whole: number): string {
  return whole > 0 ? formatPercent((part / whole) * 100) : '–';
}

const COLUMN_TYPES: ReadonlySet<string> = new Set(['integer', 'float', 'boolean', 'categorical', 'datetime', 'text', 'id']);

/** The CSS class that colors a type label (`type-unknown` for a type this view does not know). */
export function typeClass(type: string): string {
  return `type type-${COLUMN_TYPES.has(type) ? type : 'unknown'}`;
}
