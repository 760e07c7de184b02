/** A column's profile in Markdown, for hovers and completion documentation. */
import type { ColumnProfile, ProfileWarning } from '../engine/profile/types';

/** Top values listed. */
const TOP_VALUES = 5;

function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : String(Math.round(value * 1000) / 1000);
}

/** `categorical · 12.5% missing`: a column in one line. */
export function columnDetail(type: string, missingPct: number): string {
  return `${type} · ${missingPct === 0 ? 'no' : `${missingPct < 0.1 ? '<0.1' : missingPct.toFixed(1)}%`} missing`;
}

/**
 * The profile of `column`: type, missing, distinct, the range (numbers, dates) or the top values,
 * and the profile's warnings about it. `scope` says what was profiled when not the whole data.
 */
export function columnMarkdown(column: ColumnProfile, warnings: readonly ProfileWarning[], scope?: string): string {
  const lines = [`**${column.name}** — ${column.type}${scope === undefined ? '' : ` _(${scope})_`}`, ''];
  lines.push(`- missing: ${column.missing.toLocaleString('en-US')} (${column.missingPct.toFixed(1)}%)`);
  lines.push(`- distinct: ${column.unique.toLocaleString('en-US')}`);
  if (column.min !== undefined && column.max !== undefined) {
    const date = column.storage === 'datetime';
    const show = (v: number): string => (date ? new Date(v).toISOString().slice(0, 10) : number(v));
    lines.push(`- range: ${show(column.min)} … ${show(column.max)}${column.mean !== undefined && !date ? `, mean ${number(column.mean)}` : ''}`);
  }
  if (column.topValues !== undefined && column.topValues.length > 0) {
    const top = column.topValues.slice(0, TOP_VALUES).map((t) => `\`${t.value}\` (${t.count.toLocaleString('en-US')})`);
    lines.push(`- top values: ${top.join(', ')}`);
  }
  const mine = warnings.filter((w) => w.column === column.name);
  if (mine.length > 0) {
    lines.push('', ...mine.map((w) => `⚠ ${w.kind}: ${w.message}`));
  }
  return lines.join('\n');
}
