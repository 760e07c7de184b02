/**
 * The Monitoring panel's figures: bars per column with their thresholds, the windows heatmap
 * (an insufficient window never counts as drift), the data-quality rows (extra columns after
 * the model's), and performance over windows only where there is something to draw.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { driftBars, driftHeatmap, isPValueMethod, performanceSeries, qualityRows } from '../../../webview/monitoring/monitoringSeries';
import { column, driftedReport, report, window } from './reportFixture';

describe('monitoring panel series', () => {
  it('has one bar per model column, marked when it drifts', () => {
    const bars = driftBars(driftedReport());
    assert.deepEqual(bars.map((b) => [b.column, b.score, b.threshold, b.drift]), [['age', 3.4, 0.1, true], ['sex', 0.3, 0.1, true]]);
    assert.equal(isPValueMethod('ks'), true);
    assert.equal(isPValueMethod('wasserstein'), false);
    assert.equal(isPValueMethod(null), false);
  });

  it('draws no heatmap without windows, and a cell per column and window with them', () => {
    assert.equal(driftHeatmap(report()), undefined);
    const shifted = [column('age', { score: 0.5, drift: true }), column('sex', { kind: 'categorical', method: 'jensenshannon' })];
    const heatmap = driftHeatmap(report({ windows: [window('2026-12-01'), window('2026-12-02', { columns: shifted }), window('2026-12-03', { status: 'insufficient', rows: 40, columns: shifted })] }));
    assert.ok(heatmap !== undefined);
    assert.deepEqual(heatmap.windows, ['2026-12-01', '2026-12-02', '2026-12-03']);
    assert.deepEqual(heatmap.rows.map((r) => r.column), ['age', 'sex']);
    assert.deepEqual(heatmap.rows[0].cells.map((c) => [c.drift, c.status]), [[false, 'checked'], [true, 'checked'], [false, 'insufficient']]);
  });

  it('lists data quality per model column, then the extra columns', () => {
    const missing = report({
      columns: [...driftedReport().columns, column('fare', { status: 'missing', method: null, score: null, psi: null, nullRate: null, grade: 'alert' })],
      quality: [...driftedReport().quality, { check: 'missingColumn', column: 'fare', grade: 'alert', value: 1, sentence: 'no fare' }, { check: 'typeErrors', column: 'age', grade: 'warn', value: 7, sentence: '7 bad' }],
    });
    const rows = qualityRows(missing);
    assert.deepEqual(rows.map((r) => [r.column, r.presence, r.grade]), [['age', 'present', 'alert'], ['sex', 'present', 'alert'], ['fare', 'missing', 'alert'], ['note', 'extra', 'ok']]);
    assert.equal(rows[0].referenceNullRate, 0.2);
    assert.equal(rows[0].nullRate, 0.3);
    assert.equal(rows[0].typeErrors, 7);
    assert.deepEqual(rows[1].unseenLevels, ['unknown']);
    assert.equal(rows[2].nullRate, null, 'a missing column has no null rate now');
  });

  it('draws performance over windows only when windows have a value', () => {
    assert.equal(performanceSeries(report()), undefined);
    const perf = (value: number | null) => ({ kind: 'labels' as const, status: value === null ? ('insufficient' as const) : ('checked' as const), metric: 'roc_auc', higherIsBetter: true, rows: 150, value, reference: 0.85, foldStd: 0.01, limit: 0.82, grade: 'ok' as const, sentence: '' });
    const labelled = report({ performance: perf(0.84), windows: [window('w1', { performance: perf(0.86) }), window('w2', { performance: perf(null) }), window('w3', { performance: perf(0.79) })] });
    assert.deepEqual(performanceSeries(labelled), { kind: 'labels', metric: 'roc_auc', windows: ['w1', 'w2', 'w3'], values: [0.86, null, 0.79], reference: 0.85, limit: 0.82 });
    assert.equal(performanceSeries(report({ performance: perf(0.8), windows: [window('w1', { performance: perf(null) })] })), undefined);
  });
});
