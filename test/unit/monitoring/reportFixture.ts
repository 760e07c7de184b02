/**
 * Monitoring reports built by hand for the extension's and the panel's pure parts: a column's
 * drift as a distance or a test, data-quality findings, windows. Shapes as the engine writes them.
 */
import type { ColumnDriftReport, MonitorReport, PredictionDriftReport, WindowReport } from '../../../src/engine/monitor/monitorReport';

export function column(name: string, fields: Partial<ColumnDriftReport> = {}): ColumnDriftReport {
  return {
    name,
    kind: 'numeric',
    status: 'checked',
    method: 'wasserstein',
    score: 0.02,
    threshold: 0.1,
    drift: false,
    psi: 0.01,
    nullRate: 0,
    referenceNullRate: 0,
    outOfRange: 0,
    critical: false,
    grade: 'ok',
    ...fields,
  };
}

export const quietPrediction: PredictionDriftReport = { status: 'checked', kind: 'score', method: 'wasserstein', score: 0.01, threshold: 0.1, drift: false, psi: 0.01, grade: 'ok' };

export function report(fields: Partial<MonitorReport> = {}): MonitorReport {
  return {
    version: 1,
    checkedAt: '2026-12-07T09:00:00.000Z',
    source: 'new.csv',
    rows: 500,
    datasetDrift: false,
    driftShare: 0,
    columns: [column('age'), column('sex', { kind: 'categorical', method: 'jensenshannon', outOfRange: undefined, unseen: 0 })],
    quality: [],
    prediction: quietPrediction,
    performance: { kind: 'none', reason: 'no labels' },
    grade: 'ok',
    summary: ['No column drifts (2 checked).'],
    windows: [],
    elapsedMs: 12,
    ...fields,
  };
}

export function window(label: string, fields: Partial<WindowReport> = {}): WindowReport {
  const base = report();
  return {
    label,
    status: 'checked',
    rows: 200,
    datasetDrift: false,
    driftShare: 0,
    columns: base.columns,
    quality: [],
    prediction: quietPrediction,
    performance: { kind: 'none', reason: 'no labels' },
    grade: 'ok',
    ...fields,
  };
}

/** Ages shifted far (distance drift, PSI alert), a new category in `sex` and a rise of nulls: an alert. */
export function driftedReport(): MonitorReport {
  return report({
    datasetDrift: true,
    driftShare: 1,
    grade: 'alert',
    columns: [
      column('age', { score: 3.4, drift: true, psi: 2.1, outOfRange: 0.9, nullRate: 0.3, referenceNullRate: 0.2, grade: 'alert' }),
      column('sex', { kind: 'categorical', method: 'jensenshannon', score: 0.3, drift: true, psi: 0.4, outOfRange: undefined, unseen: 0.2, unseenLevels: ['unknown'], grade: 'alert' }),
    ],
    quality: [
      { check: 'outOfRange', column: 'age', grade: 'alert', value: 0.9, sentence: "90% of 'age' values lie outside the training range [0.17, 80]." },
      { check: 'unseenCategories', column: 'sex', grade: 'alert', value: 0.2, sentence: "20% of 'sex' values are categories training never saw (unknown)." },
      { check: 'extraColumn', column: 'note', grade: 'ok', value: 1, sentence: "'note' is in the new data but not read by the model." },
    ],
    summary: ['Dataset drift: 2 of 2 columns drift (age, sex).'],
  });
}
