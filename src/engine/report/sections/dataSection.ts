/**
 * "Data": where the data came from, its shape and warnings, one row per column, a chart of each
 * column's distribution (a histogram, or its most frequent values), the target's classes and the
 * strongest associations between columns.
 */
import type { ColumnProfile, DatasetProfile, ProfileSource } from '../../profile/types';
import { histogramChart } from '../charts/histogramChart';
import { rowChart } from '../charts/rowChart';
import { formatBytes, formatCompact, formatCount, formatDate, formatNumber, formatShare, plural, truncate } from '../format';
import { html, join, type Html } from '../html';
import { chartGrid, dataTable, factList, sentenceList, subheading } from '../parts';
import type { ReportSection } from '../types';

/** Columns drawn; a wider table's remaining columns are listed in the table only. */
const MAX_COLUMN_CHARTS = 48;
/** Levels drawn per categorical column. */
const MAX_LEVELS = 8;
/** Association pairs listed. */
const MAX_PAIRS = 15;
/** Parse issues and bad-value columns listed. */
const MAX_ISSUES = 10;

function sourceFacts(source: ProfileSource | undefined, fallbackFile: string | undefined): Html {
  const s = source ?? {};
  return factList([
    ['Source', s.file ?? fallbackFile ?? ''],
    ['Kind', s.kind ?? ''],
    ['Sheet', s.sheet ?? ''],
    ['Table', s.table ?? ''],
    ['Query', s.query === undefined ? '' : html`<code>${truncate(s.query, 400)}</code>`],
    ['Records', s.records ?? ''],
    ['Pages fetched', s.pages === undefined ? '' : formatCount(s.pages)],
    ['Size', s.bytes === undefined ? '' : s.compressedBytes === undefined ? formatBytes(s.bytes) : `${formatBytes(s.bytes)} (${formatBytes(s.compressedBytes)} gzip)`],
    ['Delimiter', s.delimiter === undefined ? '' : JSON.stringify(s.delimiter)],
    ['Encoding', s.encoding ?? ''],
    ['Statistics', s.computedIn === 'database' ? 'computed in the database' : ''],
    ['Sample', s.sample === undefined ? '' : `a seeded sample of ${formatCount(s.sample.rows)} of ${formatCount(s.sample.of)} rows`],
  ]);
}

function isDate(c: ColumnProfile): boolean {
  return c.storage === 'datetime';
}

/** The column's figures in a few words: range and mean, or its most frequent value. */
function columnSummary(c: ColumnProfile): string {
  const fmt = (v: number | undefined): string => (isDate(c) ? formatDate(v) : formatNumber(v));
  if (c.storage !== 'categorical') {
    const parts = [`${fmt(c.min)} to ${fmt(c.max)}`];
    if (!isDate(c) && c.mean !== undefined) parts.push(`mean ${formatNumber(c.mean)}`);
    if (!isDate(c) && c.std !== undefined) parts.push(`sd ${formatNumber(c.std)}`);
    return parts.join(', ');
  }
  const top = c.topValues?.[0];
  if (top === undefined) return '';
  if (c.type === 'text' || c.type === 'id') return c.meanLength === undefined ? '' : `mean length ${formatNumber(c.meanLength, 3)} characters`;
  return `most frequent: ${truncate(top.value, 40)} (${formatCount(top.count)})`;
}

function columnChart(c: ColumnProfile): Html | undefined {
  if (c.histogram !== undefined && c.histogram.counts.length > 0) {
    return histogramChart({
      title: c.name,
      xLabel: isDate(c) ? `${c.name} (date)` : c.name,
      edges: c.histogram.edges,
      counts: c.histogram.counts,
      format: isDate(c) ? (v) => formatDate(v).slice(0, 10) : undefined,
    });
  }
  const levels = c.topValues ?? [];
  // A chart of values each seen once (names, keys) says nothing.
  if (levels.length === 0 || levels[0].count <= 1) return undefined;
  return rowChart({
    title: c.name,
    xLabel: 'rows',
    width: 300,
    labelChars: 16,
    items: levels.slice(0, MAX_LEVELS).map((l) => ({ label: l.value, value: l.count })),
    format: (v) => formatNumber(v, 3),
    tickFormat: formatCompact,
  });
}

function columnTable(profile: DatasetProfile): Html {
  const target = profile.target?.column;
  return dataTable(profile.columns, [
    { header: 'Column', cell: (c) => html`${c.name}${c.name === target ? html` <span class="tag">target</span>` : ''}`, sort: (c) => c.name },
    { header: 'Type', cell: (c) => c.type, sort: (c) => c.type },
    { header: 'Missing', cell: (c) => (c.missing === 0 ? '0' : `${formatCount(c.missing)} (${formatShare(c.missingPct / 100)})`), sort: (c) => c.missing, numeric: true },
    { header: 'Distinct', cell: (c) => formatCount(c.unique), sort: (c) => c.unique, numeric: true },
    { header: 'Summary', cell: (c) => columnSummary(c) },
  ]);
}

function associations(profile: DatasetProfile): Html | undefined {
  const pairs = [...profile.associations.pairs].sort((a, b) => b.value - a.value).slice(0, MAX_PAIRS);
  if (pairs.length === 0) return undefined;
  const measure = (p: (typeof pairs)[number]): string =>
    p.spearman !== undefined ? 'Spearman' : p.cramersV !== undefined ? 'Cramér’s V' : p.correlationRatio !== undefined ? 'correlation ratio' : '';
  return html`${subheading('data-associations', 'Strongest associations')}<p class="muted">Over ${plural(profile.associations.sampledRows, 'row')}; the strength is |Spearman| between numbers, Cramér’s V between categories, the correlation ratio between the two.</p>${dataTable(pairs, [
    { header: 'Column', cell: (p) => p.a, sort: (p) => p.a },
    { header: 'With', cell: (p) => p.b, sort: (p) => p.b },
    { header: 'Strength', cell: (p) => formatNumber(p.value, 3), sort: (p) => p.value, numeric: true },
    { header: 'Measure', cell: measure },
  ])}`;
}

function readProblems(profile: DatasetProfile): Html | undefined {
  const unit = profile.positions ?? 'line';
  const issues = profile.parseIssues.slice(0, MAX_ISSUES).map((i) => `${unit} ${formatCount(i.line)}: ${i.message}`);
  if (profile.parseIssues.length > MAX_ISSUES) issues.push(`… and ${formatCount(profile.parseIssues.length - MAX_ISSUES)} more`);
  const bad = profile.badValues
    .slice(0, MAX_ISSUES)
    .map((b) => `'${b.column}': ${plural(b.count, 'value')} that did not fit its type, read as missing (e.g. ${b.examples.slice(0, 3).map((e) => JSON.stringify(e.value)).join(', ')})`);
  const all = [...issues, ...bad];
  if (all.length === 0) return undefined;
  return html`${subheading('data-problems', 'Reading problems')}${sentenceList(all)}`;
}

export function dataSection(profile: DatasetProfile, fallbackFile: string | undefined): ReportSection {
  const target = profile.target;
  const classChart =
    target?.classes && target.classes.length > 0
      ? rowChart({
          title: `Classes of ${target.column}`,
          xLabel: 'rows',
          items: target.classes.slice(0, 20).map((c) => ({ label: c.value, value: c.count })),
          format: (v) => formatNumber(v, 3),
          tickFormat: formatCompact,
        })
      : undefined;
  const charted = profile.columns.slice(0, MAX_COLUMN_CHARTS).map(columnChart);
  const chartsNote =
    profile.columns.length > MAX_COLUMN_CHARTS ? html`<p class="muted">The first ${MAX_COLUMN_CHARTS} of ${profile.columns.length} columns are drawn.</p>` : undefined;
  const summary = `${plural(profile.rows, 'row')} × ${plural(profile.columns.length, 'column')}${profile.warnings.length > 0 ? `, ${plural(profile.warnings.length, 'warning')}` : ''}`;
  const body = join([
    sourceFacts(profile.source, fallbackFile),
    factList([
      ['Rows', formatCount(profile.rows)],
      ['Columns', formatCount(profile.columns.length)],
      ['Duplicate rows', formatCount(profile.duplicateRows)],
      ['Target', target === undefined ? '' : `${target.column} (${target.task})`],
    ]),
    profile.warnings.length > 0 ? html`${subheading('data-warnings', 'Warnings')}${sentenceList(profile.warnings.map((w) => w.message), 'sentences warnings')}` : undefined,
    readProblems(profile),
    classChart ? html`${subheading('data-target', 'Target')}${classChart}` : undefined,
    subheading('data-columns', 'Columns'),
    columnTable(profile),
    html`${subheading('data-distributions', 'Distributions')}${chartsNote}${chartGrid(charted)}`,
    associations(profile),
  ]);
  return { id: 'data', title: 'Data', summary, body };
}
