/**
 * "Monitoring": the latest monitoring check of the model against new data in full (its graded
 * checks and windows), and the recorded checks before it: dataset drift share over time and each
 * check's grade.
 */
import { DATASET_DRIFT_SHARE } from '../../monitor/monitorData';
import { lineChart } from '../charts/lineChart';
import { formatCount, formatTimestamp } from '../format';
import { html, withCodeSpans, type Html } from '../html';
import { chartGrid, dataTable, gradeBadge, sentenceList, subheading, type TableColumn } from '../parts';
import type { ReportMonitoring, ReportMonitoringPoint, ReportSection } from '../types';

const GRADE_ORDER = ['ok', 'warn', 'alert'];
const share = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);

const DAY_MS = 86_400_000;

/** An x-axis time in days: a date at midnight, else month, day and time (short enough for five ticks). */
function dayLabel(days: number): string {
  const iso = new Date(Math.round(days * DAY_MS)).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/**
 * Drift share over the recorded checks (two at least), the dataset-drift share drawn faint. Time
 * runs in days, so the axis ticks fall on whole days (or halves, tenths) rather than odd minutes.
 */
function historyChart(history: NonNullable<ReportMonitoring['history']>): Html | undefined {
  if (history.length < 2) return undefined;
  const x = history.map((h) => Date.parse(h.label) / DAY_MS);
  return lineChart({
    title: 'Share of columns drifting, per check',
    xLabel: 'checked (UTC)',
    yLabel: 'columns drifting',
    x,
    line: history.map((h) => h.driftShare ?? NaN),
    background: [x.map(() => DATASET_DRIFT_SHARE)],
    yRange: [0, 1],
    formatX: dayLabel,
    width: 560,
  });
}

/** A table column per figure of a check or window, after the columns that say which one it is. */
function pointColumns<P extends ReportMonitoringPoint>(which: readonly TableColumn<P>[]): TableColumn<P>[] {
  return [
    ...which,
    { header: 'Rows', cell: (p) => formatCount(p.rows), sort: (p) => p.rows, numeric: true },
    { header: 'Grade', cell: (p) => gradeBadge(p.grade), sort: (p) => GRADE_ORDER.indexOf(p.grade) },
    { header: 'Columns drifting', cell: (p) => `${share(p.driftShare)}${p.datasetDrift ? ' (dataset drift)' : ''}`, sort: (p) => p.driftShare ?? -1, numeric: true },
  ];
}

export function monitoringSection(m: ReportMonitoring): ReportSection {
  const rows = m.rows === undefined ? '' : `, ${formatCount(m.rows)} rows`;
  const windows = m.windows ?? [];
  const history = m.history ?? [];
  return {
    id: 'monitoring',
    title: 'Monitoring',
    summary: `${m.grade === 'warn' ? 'warning' : m.grade}, checked ${formatTimestamp(m.checkedAt)}`,
    body: html`<p class="verdict">${gradeBadge(m.grade)} ${m.source}${rows}, checked ${formatTimestamp(m.checkedAt)}</p>${sentenceList(m.summary ?? [])}${dataTable(m.checks, [
      { header: 'Check', cell: (c) => c.name, sort: (c) => c.name },
      { header: 'Grade', cell: (c) => gradeBadge(c.grade), sort: (c) => GRADE_ORDER.indexOf(c.grade) },
      { header: 'Finding', cell: (c) => withCodeSpans(c.sentence) },
    ])}${windows.length > 0 ? html`${subheading('monitoring-windows', 'Windows')}${dataTable(windows, pointColumns([{ header: 'Window', cell: (p) => p.label, sort: (p) => p.label }]))}` : ''}${
      history.length > 1
        ? html`${subheading('monitoring-history', 'History')}<p class="muted">The latest ${formatCount(history.length)} checks recorded in the run folder (faint line: the share at which the data drifts as a whole).</p>${chartGrid([historyChart(history)])}${dataTable(
            [...history].reverse(),
            pointColumns([
              { header: 'Checked', cell: (p) => formatTimestamp(p.label), sort: (p) => p.label },
              { header: 'Source', cell: (p) => p.source },
            ]),
          )}`
        : ''
    }`,
  };
}
