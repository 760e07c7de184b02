/**
 * The Monitoring panel's figures from a check's report, as plain data for the charts and tables:
 * drift score per column (with its threshold and whether it drifts), the same per window (a
 * heatmap), the data-quality table, and performance over windows. Pure (unit-tested).
 */
import type { ColumnDriftReport, DriftMethod, MonitorReport, QualityFinding } from '../../src/protocol/webview';

/** One bar of the drift chart. */
export interface DriftBar {
  readonly column: string;
  /** Null when the column was not checked (then drawn as no bar, and `status` says why). */
  readonly score: number | null;
  readonly threshold: number;
  readonly drift: boolean;
  readonly method: DriftMethod | null;
  readonly psi: number | null;
  readonly status: ColumnDriftReport['status'];
  readonly critical: boolean;
}

/** Whether a method's score is a p-value (drift below the threshold) rather than a distance (drift at or above it). */
export function isPValueMethod(method: DriftMethod | null): boolean {
  return method === 'ks' || method === 'chisquare' || method === 'ztest';
}

/** The drift chart's bars: every model column in the report's order. */
export function driftBars(report: MonitorReport): DriftBar[] {
  return report.columns.map((c) => ({
    column: c.name,
    score: c.score,
    threshold: c.threshold,
    drift: c.drift,
    method: c.method,
    psi: c.psi,
    status: c.status,
    critical: c.critical,
  }));
}

/** One cell of the windows heatmap. */
export interface HeatCell {
  readonly score: number | null;
  readonly drift: boolean;
  /** 'insufficient' for a window too small to judge, or the column's own status. */
  readonly status: string;
}

/** Drift per column (rows) over windows (columns); undefined when the check had no windows. */
export interface DriftHeatmap {
  readonly windows: readonly string[];
  readonly rows: readonly { readonly column: string; readonly cells: readonly HeatCell[] }[];
}

export function driftHeatmap(report: MonitorReport): DriftHeatmap | undefined {
  if (report.windows.length === 0) return undefined;
  const windows = report.windows.map((w) => w.label);
  const rows = report.columns.map((column) => ({
    column: column.name,
    cells: report.windows.map((w): HeatCell => {
      const cell = w.columns.find((c) => c.name === column.name);
      if (cell === undefined) return { score: null, drift: false, status: 'missing' };
      return { score: cell.score, drift: w.status === 'checked' && cell.drift, status: w.status === 'insufficient' ? 'insufficient' : cell.status };
    }),
  }));
  return { windows, rows };
}

/** One row of the data-quality table. */
export interface QualityRow {
  readonly column: string;
  /** Null-rate in the reference and now (null: not in the new data). */
  readonly referenceNullRate: number | null;
  readonly nullRate: number | null;
  /** Numbers: share outside the training range. */
  readonly outOfRange?: number;
  /** Categories: share never seen in training, and the first of them. */
  readonly unseen?: number;
  readonly unseenLevels?: readonly string[];
  /** Values that did not parse as the column's training type. */
  readonly typeErrors?: number;
  /** 'missing': the model reads it, the new data lacks it; 'extra': in the new data, not read by the model. */
  readonly presence: 'present' | 'missing' | 'extra';
  /** The worst quality finding of the column ('ok' when none). */
  readonly grade: QualityFinding['grade'];
}

const WORSE: Readonly<Record<QualityFinding['grade'], number>> = { ok: 0, warn: 1, alert: 2 };

/** The data-quality table: the model's columns, then the extra ones, each with its findings. */
export function qualityRows(report: MonitorReport): QualityRow[] {
  const findings = new Map<string, QualityFinding[]>();
  for (const f of report.quality) findings.set(f.column, [...(findings.get(f.column) ?? []), f]);
  const gradeOf = (column: string): QualityFinding['grade'] =>
    (findings.get(column) ?? []).reduce<QualityFinding['grade']>((worst, f) => (WORSE[f.grade] > WORSE[worst] ? f.grade : worst), 'ok');
  const rows: QualityRow[] = report.columns.map((c) => {
    const own = findings.get(c.name) ?? [];
    const typeErrors = own.find((f) => f.check === 'typeErrors')?.value;
    return {
      column: c.name,
      referenceNullRate: c.referenceNullRate,
      nullRate: c.status === 'missing' ? null : c.nullRate,
      ...(c.outOfRange === undefined ? {} : { outOfRange: c.outOfRange }),
      ...(c.unseen === undefined ? {} : { unseen: c.unseen }),
      ...(c.unseenLevels === undefined || c.unseenLevels.length === 0 ? {} : { unseenLevels: c.unseenLevels }),
      ...(typeErrors === undefined ? {} : { typeErrors }),
      presence: c.status === 'missing' || own.some((f) => f.check === 'missingColumn') ? 'missing' : 'present',
      grade: gradeOf(c.name),
    };
  });
  const known = new Set(rows.map((r) => r.column));
  for (const f of report.quality) {
    if (f.check !== 'extraColumn' || known.has(f.column)) continue;
    known.add(f.column);
    rows.push({ column: f.column, referenceNullRate: null, nullRate: null, presence: 'extra', grade: gradeOf(f.column) });
  }
  return rows;
}

/** Performance over windows: the measured (or estimated) value per window and the lines it is judged by. */
export interface PerformanceSeries {
  readonly kind: 'labels' | 'estimated';
  readonly metric: string;
  readonly windows: readonly string[];
  /** Null for a window without enough labelled rows. */
  readonly values: readonly (number | null)[];
  readonly reference: number;
  readonly limit: number;
}

/** The performance line over windows; undefined without windows or without labels (and no estimate). */
export function performanceSeries(report: MonitorReport): PerformanceSeries | undefined {
  const whole = report.performance;
  if (report.windows.length === 0 || whole.kind === 'none') return undefined;
  const values = report.windows.map((w) => (w.performance.kind !== 'none' && w.performance.status === 'checked' ? w.performance.value : null));
  if (values.every((v) => v === null)) return undefined;
  return { kind: whole.kind, metric: whole.metric, windows: report.windows.map((w) => w.label), values, reference: whole.reference, limit: whole.limit };
}
