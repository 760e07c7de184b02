import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MonitorReport } from '../../../src/engine/monitor/monitorReport';
import { cli, titanicShiftRun, type TitanicShiftRun } from '../titanicShiftRun';

describe('automl monitor', () => {
  let dir = '';
  let run = '';
  let files: TitanicShiftRun['files'];

  before(() => {
    ({ dir, run, files } = titanicShiftRun('automl-monitor-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the held-out rows: no drift, performance measured on their labels, the report written to monitoring/', () => {
    const { code, stdout, stderr } = cli('monitor', run, files.test, '--json', '--fail-on', 'alert');
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as MonitorReport;
    assert.equal(report.datasetDrift, false);
    assert.deepEqual(report.columns.map((c) => c.name).sort(), ['age', 'name', 'passengerClass', 'sex']);
    for (const c of report.columns) {
      for (const key of ['name', 'method', 'score', 'psi', 'grade', 'drift', 'nullRate'] as const) assert.ok(key in c, `${c.name}.${key}`);
    }
    // 1,047 training rows: distances, as Evidently judges references of more than 1,000 rows.
    assert.equal(report.columns.find((c) => c.name === 'age')?.method, 'wasserstein');
    assert.ok(report.performance.kind === 'labels' && report.performance.metric === 'auc' && report.performance.rows === 262, JSON.stringify(report.performance));
    const written = readdirSync(join(run, 'monitoring'));
    assert.equal(written.length, 1);
    assert.deepEqual(JSON.parse(readFileSync(join(run, 'monitoring', written[0]), 'utf8')), report);
  });

  it('ages twenty years older: age drifts, and --fail-on warn exits with 3', () => {
    const { code, stdout } = cli('monitor', run, files.older, '--fail-on', 'warn');
    assert.equal(code, 3);
    assert.match(stdout, /^(WARN|ALERT) older\.csv: 262 rows checked against the training reference/);
    assert.match(stdout, /\n {2}age +wasserstein \d\.\d{3} .* drift/);
    const json = JSON.parse(cli('monitor', run, files.older, '--json').stdout) as MonitorReport;
    assert.deepEqual(json.columns.filter((c) => c.drift).map((c) => c.name), ['age']);
  });

  it('a dropped column is an alert naming it; windows of rows are checked one by one', () => {
    const { code, stdout } = cli('monitor', run, files.noSex, '--json', '--window', '100', '--fail-on', 'alert');
    assert.equal(code, 3);
    const report = JSON.parse(stdout) as MonitorReport;
    assert.deepEqual(report.quality.filter((q) => q.grade === 'alert').map((q) => [q.check, q.column]), [['missingColumn', 'sex']]);
    assert.deepEqual(report.windows.map((w) => [w.label, w.rows, w.status]), [['rows 1-100', 100, 'checked'], ['rows 101-200', 100, 'checked'], ['rows 201-262', 62, 'insufficient']]);
  });

  it('usage and data errors are clear', () => {
    const byDay = cli('monitor', run, files.test, '--by', 'day');
    assert.equal(byDay.code, 1);
    assert.match(byDay.stderr, /checking by day needs a date column, and the new data has none/);
    const labels = cli('monitor', run, files.test, '--labels', 'outcome');
    assert.equal(labels.code, 1);
    assert.match(labels.stderr, /has no column 'outcome' to take labels from/);
    const noReference = cli('monitor', dir, files.test);
    assert.equal(noReference.code, 1);
  });
});
