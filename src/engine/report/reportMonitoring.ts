/**
 * The report's monitoring part from the monitoring checks a run folder holds
 * (`monitoring/<timestamp>.json`): the latest check in full (its grade, source, summary, one
 * graded line per column, data-quality finding, prediction and performance check, and its
 * windows), and the checks before it in brief, for the history.
 */
import type { ColumnDriftReport, DriftMethod, MonitorReport, PredictionDriftReport, QualityFinding } from '../monitor/monitorReport';
import { formatNumber } from './format';
import type { ReportMonitoring, ReportMonitoringPoint } from './types';

/** How many recorded checks the history shows: the latest ones (an hourly job fills 50 in two days; older ones stay on disk). */
export const MONITORING_HISTORY = 50;

/** The drift score's name, and how its threshold reads. */
const METHOD: Readonly<Record<DriftMethod, { readonly name: string; readonly pValue: boolean }>> = {
  ks: { name: 'Kolmogorov–Smirnov p-value', pValue: true },
  chisquare: { name: 'chi-square p-value', pValue: true },
  ztest: { name: 'z-test p-value', pValue: true },
  wasserstein: { name: 'Wasserstein distance (in training standard deviations)', pValue: false },
  jensenshannon: { name: 'Jensen–Shannon distance', pValue: false },
};

const QUALITY_NAME: Readonly<Record<QualityFinding['check'], string>> = {
  nullRate: 'missing values',
  typeErrors: 'unreadable values',
  outOfRange: 'out of range',
  unseenCategories: 'unseen categories',
  missingColumn: 'missing column',
  extraColumn: 'extra column',
};

const figure = (v: number): string => formatNumber(v, 3);
const formatPercent = (share: number): string => `${(100 * share).toFixed(1)}%`;

/** The drift score and its verdict: "Wasserstein distance … 0.231 (drift at 0.1 or more): drift." */
function driftText(check: ColumnDriftReport | PredictionDriftReport): string {
  if (check.method === null || check.score === null) return '';
  const method = METHOD[check.method];
  const rule = method.pValue ? `drift below ${check.threshold}` : `drift at ${check.threshold} or more`;
  const psi = check.psi === null ? '' : ` PSI ${figure(check.psi)}.`;
  return `${method.name} ${figure(check.score)} (${rule}): ${check.drift ? 'drift' : 'no drift'}.${psi}`;
}

function columnSentence(c: ColumnDriftReport): string {
  const name = `\`${c.name}\``;
  if (c.status === 'missing') return `${name} is not in the new data.`;
  if (c.status === 'empty') return `${name} has no values to compare.`;
  const missing = c.nullRate === null ? '' : ` Missing ${formatPercent(c.nullRate)} (training ${formatPercent(c.referenceNullRate)}).`;
  const critical = c.critical ? ' Critical: its drift alone is dataset drift.' : '';
  if (c.status === 'insufficient') return `${name}: too few values to judge drift.${missing}`;
  return `${name}: ${driftText(c)}${missing}${critical}`;
}

/** The latest check's graded lines. */
function checksOf(report: MonitorReport): ReportMonitoring['checks'] {
  const columns = report.columns.map((c) => ({ name: c.name, grade: c.grade, sentence: columnSentence(c) }));
  const quality = report.quality.map((q) => ({ name: `${QUALITY_NAME[q.check]}: ${q.column}`, grade: q.grade, sentence: q.sentence }));
  const p = report.prediction;
  const prediction = { name: 'predictions', grade: p.grade, sentence: p.status === 'checked' ? `The model's predictions: ${driftText(p)}` : `The model's predictions: ${p.status}.` };
  const perf = report.performance;
  const performance = perf.kind === 'none' ? { name: 'performance', grade: 'ok' as const, sentence: `Not measured: ${perf.reason}.` } : { name: 'performance', grade: perf.grade, sentence: perf.sentence };
  return [...columns, ...quality, prediction, performance];
}

function point(label: string, r: Pick<MonitorReport, 'rows' | 'grade' | 'driftShare' | 'datasetDrift'>): ReportMonitoringPoint {
  return { label, rows: r.rows, grade: r.grade, driftShare: r.driftShare, datasetDrift: r.datasetDrift };
}

/**
 * The report's monitoring from `reports` (any order; the latest by `checkedAt` is shown in full,
 * the latest MONITORING_HISTORY in the history), or undefined when there are none.
 */
export function reportMonitoring(reports: readonly MonitorReport[]): ReportMonitoring | undefined {
  if (reports.length === 0) return undefined;
  const sorted = [...reports].sort((a, b) => Date.parse(a.checkedAt) - Date.parse(b.checkedAt));
  const latest = sorted[sorted.length - 1];
  return {
    source: latest.source,
    checkedAt: latest.checkedAt,
    grade: latest.grade,
    checks: checksOf(latest),
    rows: latest.rows,
    summary: latest.summary,
    windows: latest.windows.map((w) => point(w.label, w)),
    history: sorted.slice(-MONITORING_HISTORY).map((r) => ({ ...point(r.checkedAt, r), source: r.source })),
  };
}
