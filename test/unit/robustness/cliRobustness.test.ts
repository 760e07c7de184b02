import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RobustnessReport, ShiftSection } from '../../../src/engine/robustness/types';
import { cli, titanicShiftRun, type TitanicShiftRun } from '../titanicShiftRun';

describe('automl robustness (adversarial validation against a run)', () => {
  let dir = '';
  let run = '';
  let files: TitanicShiftRun['files'];

  before(() => {
    ({ dir, run, files } = titanicShiftRun('automl-robustness-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the planted shift, names age first, and writes robustness.json', () => {
    const { code, stdout, stderr } = cli('robustness', run, files.older);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^✗ data shift: older\.csv differs from the training data: a classifier tells its rows from training rows with ROC AUC 0\.\d+, mostly through `age` \(\d+%\)/);
    assert.match(stdout, /share of what tells them apart:\n {4}age +\d+\.\d%\n/);
    const report = JSON.parse(readFileSync(join(run, 'robustness.json'), 'utf8')) as RobustnessReport;
    assert.equal(report.format, 'automl-robustness');
    // A fifth of the ages are missing on both sides, and young and old overlap: far from 1, far above 0.75.
    assert.ok((report.shift?.auc ?? 0) > 0.8, String(report.shift?.auc));
    assert.equal(report.shift?.columns[0].name, 'age');
    assert.equal(report.shift?.trainingRows, 1047);
    assert.equal(report.shift?.newRows, 262);
    assert.equal(report.grade, 'alert');
  });

  it('sees no shift in the held-out rows of the same data, and replaces the earlier comparison', () => {
    const { code, stdout, stderr } = cli('robustness', run, files.test, '--json');
    assert.equal(code, 0, stderr);
    const section = JSON.parse(stdout) as ShiftSection;
    assert.ok(Math.abs(section.auc - 0.5) < 0.1, String(section.auc));
    assert.equal(section.grade, 'ok');
    assert.equal(section.source, 'test.csv');
    const report = JSON.parse(readFileSync(join(run, 'robustness.json'), 'utf8')) as RobustnessReport;
    assert.equal(report.checks.filter((c) => c.check === 'shift').length, 1);
    assert.deepEqual(report.shift, section);
  });

  it('reports a model column the new data lacks instead of failing', () => {
    const { code, stdout, stderr } = cli('robustness', run, files.noSex);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /`sex` could not be compared \(not in the new data\)\./);
    const report = JSON.parse(readFileSync(join(run, 'robustness.json'), 'utf8')) as RobustnessReport;
    assert.deepEqual(report.shift?.skippedColumns, [{ name: 'sex', reason: 'not in the new data' }]);
  });

  it('explains its usage and refuses a missing argument', () => {
    const help = cli('robustness', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: automl robustness <run-dir> <new-source>/);
    const wrong = cli('robustness', run);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^automl: robustness takes a run folder and the new data/);
    const gone = cli('robustness', join(dir, 'nothing'), files.test);
    assert.equal(gone.code, 1);
    assert.ok(existsSync(join(run, 'robustness.json')));
  });
});
