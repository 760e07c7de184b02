/**
 * What a monitoring check alerts on, as one rule per finding: the notification after a check
 * names them, and each becomes one diagnostic on the run's spec. Free of `vscode` (unit-tested).
 */
import type { ColumnDriftReport, DriftMethod, MonitorGrade, MonitorReport } from '../../engine/monitor/monitorReport';
import { PSI_ALERT, PSI_WARN } from '../../engine/monitor/columnCheck';

/** One finding worse than ok. */
export interface AlertRule {
  /** A stable id: `dataset`, `drift:<column>`, `<quality check>:<column>`, `prediction`, `performance`. */
  readonly rule: string;
  readonly grade: Exclude<MonitorGrade, 'ok'>;
  /** One sentence for a person. */
  readonly message: string;
  /** The column it is about, if any. */
  readonly column?: string;
}

const METHOD_TEXT: Readonly<Record<DriftMethod, string>> = {
  ks: 'Kolmogorov–Smirnov p-value',
  chisquare: 'chi-square p-value',
  ztest: 'z-test p-value',
  wasserstein: 'Wasserstein distance / std',
  jensenshannon: 'Jensen–Shannon distance',
};

/** Whether the method's score is a p-value (drift below the threshold) rather than a distance (drift at or above it). */
export function isPValue(method: DriftMethod): boolean {
  return method === 'ks' || method === 'chisquare' || method === 'ztest';
}

/** "3 significant digits" without trailing zeros noise: 0.000123 -> "0.000123", 1.23456 -> "1.23". */
export function formatScore(value: number): string {
  if (value === 0) return '0';
  return Math.abs(value) < 1e-4 ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

function psiGrade(psi: number | null): MonitorGrade {
  if (psi === null) return 'ok';
  return psi >= PSI_ALERT ? 'alert' : psi >= PSI_WARN ? 'warn' : 'ok';
}

/** The drift rule of a column: its test or distance says drift, or its PSI is high. */
function columnDriftRule(column: ColumnDriftReport): AlertRule | undefined {
  if (column.status !== 'checked' || column.method === null || column.score === null) return undefined;
  const byPsi = psiGrade(column.psi);
  if (!column.drift && byPsi === 'ok') return undefined;
  // A critical column's drift alone is dataset drift, which alerts.
  const grade: AlertRule['grade'] = byPsi === 'alert' || (column.drift && column.critical) ? 'alert' : 'warn';
  const comparison = isPValue(column.method) ? (column.drift ? '<' : '≥') : column.drift ? '≥' : '<';
  const psi = column.psi === null ? '' : `, PSI ${formatScore(column.psi)}`;
  return {
    rule: `drift:${column.name}`,
    grade,
    column: column.name,
    message: `'${column.name}' ${column.drift ? 'drifts' : 'shifts'}: ${METHOD_TEXT[column.method]} ${formatScore(column.score)} ${comparison} ${formatScore(column.threshold)}${psi}${column.critical ? ' (critical column)' : ''}.`,
  };
}

/** Every rule of `report` worse than ok, alerts first, then in the report's order. */
export function alertRules(report: MonitorReport): AlertRule[] {
  const rules: AlertRule[] = [];
  if (report.datasetDrift) {
    const drifted = report.columns.filter((c) => c.drift).map((c) => c.name);
    rules.push({ rule: 'dataset', grade: 'alert', message: `Dataset drift: ${drifted.length} of ${report.columns.filter((c) => c.status === 'checked').length} columns drift (${drifted.join(', ')}).` });
  }
  for (const column of report.columns) {
    const rule = columnDriftRule(column);
    if (rule !== undefined) rules.push(rule);
  }
  for (const finding of report.quality) {
    if (finding.grade === 'ok') continue;
    rules.push({ rule: `${finding.check}:${finding.column}`, grade: finding.grade, column: finding.column, message: finding.sentence });
  }
  const prediction = report.prediction;
  if (prediction.grade !== 'ok') {
    const score = prediction.method === null || prediction.score === null ? '' : ` (${METHOD_TEXT[prediction.method]} ${formatScore(prediction.score)}${prediction.psi === null ? '' : `, PSI ${formatScore(prediction.psi)}`})`;
    rules.push({ rule: 'prediction', grade: prediction.grade, message: `The model's ${prediction.kind === 'class' ? 'predicted classes' : 'scores'} ${prediction.drift ? 'drift' : 'shift'}${score}.` });
  }
  const performance = report.performance;
  if (performance.kind !== 'none' && performance.grade !== 'ok') {
    rules.push({ rule: 'performance', grade: performance.grade, message: performance.sentence });
  }
  return rules.sort((a, b) => Number(b.grade === 'alert') - Number(a.grade === 'alert'));
}

/** The columns that drift in `report`, in its order. */
export function driftedColumns(report: MonitorReport): string[] {
  return report.columns.filter((c) => c.drift).map((c) => c.name);
}

/**
 * The notification after a check (undefined when it is ok): "Drift alert on <run>: 'age', 'fare'
 * drift; 2 more rules (nullRate:age, …)".
 */
export function alertSummary(report: MonitorReport, runName: string): string | undefined {
  if (report.grade === 'ok') return undefined;
  const rules = alertRules(report);
  const drifted = driftedColumns(report);
  const others = rules.filter((r) => !r.rule.startsWith('drift:') && r.rule !== 'dataset').map((r) => r.rule);
  const parts: string[] = [];
  if (drifted.length > 0) parts.push(`${drifted.map((c) => `'${c}'`).join(', ')} ${drifted.length === 1 ? 'drifts' : 'drift'}${report.datasetDrift ? ' (dataset drift)' : ''}`);
  if (others.length > 0) parts.push(`${others.length === 1 ? 'rule' : 'rules'} ${others.slice(0, 4).join(', ')}${others.length > 4 ? `, and ${others.length - 4} more` : ''}`);
  if (parts.length === 0) parts.push(report.summary[0] ?? 'see the Monitoring panel');
  return `AutoML: drift ${report.grade === 'alert' ? 'alert' : 'warning'} on ${runName}: ${parts.join('; ')}.`;
}

/** The 0-based line of a spec's `monitor:` section, else 0 (the first line). */
export function monitorSectionLine(specText: string): number {
  const lines = specText.split(/\r?\n/);
  const index = lines.findIndex((line) => /^monitor\s*:/.test(line));
  return index < 0 ? 0 : index;
}
