import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RobustnessReport, ShiftSection } from '../../../src/engine/robustness/types';
import { datasetText, readSplit } from '../../publicDatasets';

/** Runs the built CLI (dist/cli.js, built with the tests) and captures its output. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Titanic rows: "name","survived","sex",age,"passengerClass" (age unquoted, empty when missing).
const ROW = /^("(?:[^"]|"")*"),("[^"]*"),("[^"]*"),([^,]*),("[^"]*")$/;

describe('automl robustness (adversarial validation against a run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'automl-robustness-'));
  const run = join(dir, 'run');
  const files = { train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), older: join(dir, 'older.csv'), noSex: join(dir, 'nosex.csv') };

  before(() => {
    const [header, ...rows] = datasetText('titanic').trimEnd().split('\n');
    const split = readSplit('titanic');
    const pick = (indices: readonly number[], edit: (line: string) => string = (l) => l) => [header, ...indices.map((i) => edit(rows[i]))].join('\n') + '\n';
    writeFileSync(files.train, pick(split.train));
    writeFileSync(files.test, pick(split.test));
    // The held-out rows twenty years older: a planted shift in one column.
    writeFileSync(
      files.older,
      pick(split.test, (line) => line.replace(ROW, (_, name, survived, sex, age, klass) => `${name},${survived},${sex},${age === '' ? '' : String(Number(age) + 20)},${klass}`)),
    );
    writeFileSync(files.noSex, pick(split.test).replace(/^("(?:[^"]|"")*",)("[^"]*",)("[^"]*",)/gm, '$1$2'));
    const result = cli('run', files.train, '--target', 'survived', '--trials', '3', '--models', 'gbdt', '--no-explain', '--out', run);
    assert.equal(result.code, 0, result.stderr);
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
