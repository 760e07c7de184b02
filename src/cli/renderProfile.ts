import type { ColumnProfile, DatasetProfile } from '../engine/profile/types';
import { sourceFacts } from './sourceFacts';

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A number for a terminal: thousands grouped, at most 4 significant digits past the integer part. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || (magnitude > 0 && magnitude < 1e-4)) return value.toExponential(3);
  if (Number.isInteger(value)) return integerFormat.format(value);
  if (magnitude >= 1000) return integerFormat.format(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

function formatDate(epochMs: number | undefined): string {
  if (epochMs === undefined || Number.isNaN(epochMs)) return '–';
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** One line describing a column's values, by type. */
function summarize(column: ColumnProfile): string {
  if (column.count === 0) return 'all missing';
  if (column.storage === 'datetime') return `${formatDate(column.min)} → ${formatDate(column.max)}`;
  if (column.storage === 'numeric') {
    const parts = [
      `min ${formatNumber(column.min)}`,
      `median ${formatNumber(column.quantiles?.p50)}`,
      `mean ${formatNumber(column.mean)}`,
      `max ${formatNumber(column.max)}`,
    ];
    if (column.outliers) parts.push(`${formatNumber(column.outliers)} outliers`);
    return parts.join(' · ');
  }
  if (column.type === 'text') return `mean length ${formatNumber(column.meanLength)} chars`;
  const top = (column.topValues ?? []).slice(0, 3).map((v) => `${truncate(v.value, 18)} ${((v.count / column.count) * 100).toFixed(1)}%`);
  const more = column.unique > top.length ? ` · +${formatNumber(column.unique - top.length)} more` : '';
  return top.join(' · ') + more;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/**
 * The profile as a readable terminal report: a header line, the target, one row per column,
 * then warnings and parse issues.
 */
export function renderProfile(profile: DatasetProfile, fileLabel: string): string {
  const lines: string[] = [];
  const source = profile.source;
  const sourceText = source ? ` (${sourceFacts(source)})` : '';
  lines.push(`${fileLabel}: ${formatNumber(profile.rows)} rows × ${profile.columns.length} columns${sourceText}`);
  if (profile.target) {
    const t = profile.target;
    const classes = t.classes
      ? `: ${t.classes.slice(0, 6).map((c) => `${c.value} ${formatNumber(c.count)}`).join(', ')}${t.classes.length > 6 ? ', …' : ''}`
      : '';
    lines.push(`Target: ${t.column} (${t.task}${classes})`);
  }
  lines.push('');
  const nameWidth = Math.min(28, Math.max(6, ...profile.columns.map((c) => c.name.length)));
  lines.push(`${pad('column', nameWidth)}  ${pad('type', 11)}  ${pad('missing', 7, true)}  ${pad('unique', 9, true)}  summary`);
  for (const column of profile.columns) {
    lines.push(
      [
        pad(truncate(column.name, nameWidth), nameWidth),
        pad(column.type, 11),
        pad(`${column.missingPct.toFixed(column.missingPct > 0 && column.missingPct < 0.1 ? 2 : 1)}%`, 7, true),
        pad(formatNumber(column.unique), 9, true),
        summarize(column),
      ].join('  '),
    );
  }
  lines.push('');
  if (profile.warnings.length === 0) {
    lines.push('Warnings: none');
  } else {
    lines.push(`Warnings (${profile.warnings.length}):`);
    for (const w of profile.warnings) lines.push(`  ! [${w.kind}] ${w.message}`);
  }
  if (profile.parseIssues.length > 0) {
    lines.push('', `Parse issues (${profile.parseIssues.length} shown):`);
    for (const issue of profile.parseIssues.slice(0, 20)) lines.push(`  ${profile.positions ?? 'line'} ${issue.line}: ${issue.message}`);
    if (profile.parseIssues.length > 20) lines.push(`  … ${profile.parseIssues.length - 20} more (see --json)`);
  }
  return lines.join('\n');
}
