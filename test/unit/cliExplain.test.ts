import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyCalibration } from '../../src/engine/calibration/applyCalibration';
import type { Calibration } from '../../src/engine/calibration/types';

/** Runs the built CLI (dist/cli.js, built with the tests) and captures its output. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'automl-explain-'));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

interface RowsJson {
  outputSpace: 'margin' | 'probability' | 'value';
  outputLabels: string[];
  calibration?: string;
  rows: { base: number; values: Record<string, number>; output: number; calibrated?: number; derived?: { learner: string; values: Record<string, number> }[] }[];
}

describe('automl explain', () => {
  const dir = join(temp(), 'run');
  // Rows to explain: titanic rows without the target, in a chosen order.
  const rowsFile = join(temp(), 'rows.csv');
  const titanic = readFileSync('examples/titanic.csv', 'utf8').trimEnd().split('\n');
  const picked = [7, 2, 300, 1000, 45];

  it('runs write explanations.json, and the terminal summary shows importance and insights', () => {
    const run = cli('run', 'examples/titanic.csv', '--target', 'survived', '--trials', '5', '--models', 'gbdt,knn', '--out', dir);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(join(dir, 'explanations.json')));
    const saved = JSON.parse(readFileSync(join(dir, 'explanations.json'), 'utf8'));
    assert.equal(saved.format, 'automl-explanations');
    assert.deepEqual(saved.outputLabels, ['survived = yes']);
    // Sex drives survival on the Titanic; the passenger's title in the name says much the same.
    assert.ok(saved.importance.slice(0, 3).some((i: { column: string }) => i.column === 'sex'));
    assert.ok(saved.permutation.complete);
    const { code, stdout, stderr } = cli('explain', dir);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /What each column contributes on average/);
    assert.match(stdout, /Permutation importance \(ROC AUC lost/);
    assert.match(stdout, /Insights:\n {2}- The model leans most on `/);
    assert.match(stdout, /`sex` = female raises the predicted chance of `survived = yes` the most; `sex` = male lowers it the most/);
  });

  it('explains given rows with --rows --json: base + values = output, the model output, in input order', () => {
    writeFileSync(rowsFile, [titanic[0].replace(',"survived"', ''), ...picked.map((i) => titanic[i].replace(/,"(yes|no)"/, ''))].join('\n') + '\n');
    const { code, stdout, stderr } = cli('explain', dir, '--rows', rowsFile, '--json');
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout) as RowsJson;
    assert.equal(result.rows.length, picked.length);
    assert.deepEqual(result.outputLabels, ['survived = yes']);
    // The same rows' probabilities from `automl predict`.
    const predictions = join(temp(), 'p.csv');
    assert.equal(cli('predict', dir, rowsFile, '--out', predictions).code, 0);
    const proba = readFileSync(predictions, 'utf8').trimEnd().split('\n').slice(1).map((line) => Number(line.split(',').pop()));
    result.rows.forEach((row, r) => {
      assert.deepEqual(Object.keys(row.values).sort(), ['age', 'name', 'passengerClass', 'sex'].filter((c) => c in row.values).sort());
      assert.ok('sex' in row.values && 'age' in row.values && 'passengerClass' in row.values);
      const sum = Object.values(row.values).reduce((s, v) => s + v, row.base);
      assert.ok(Math.abs(sum - row.output) < 1e-6, `row ${r}: ${sum} vs ${row.output}`);
      // A calibrated model is explained before its calibration; the row also says what predict gives.
      const p = result.outputSpace === 'margin' ? sigmoid(row.output) : row.output;
      const saved = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { calibration?: { method: string } };
      assert.equal(result.calibration, saved.calibration?.method);
      if (saved.calibration) {
        const calibrated = applyCalibration(saved.calibration as Calibration, [Float64Array.of(1 - p), Float64Array.of(p)])[1][0];
        assert.ok(Math.abs(calibrated - (row.calibrated as number)) < 1e-9, `row ${r}: calibration of ${p} is ${calibrated}, the row says ${row.calibrated}`);
      }
      const shipped = (row.calibrated as number | undefined) ?? p;
      assert.ok(Math.abs(shipped - proba[r]) < 1e-9, `row ${r}: ${shipped} vs predict's ${proba[r]}`);
    });
  });

  it('gives each model\u2019s derived-feature values with --derived', () => {
    const { code, stdout, stderr } = cli('explain', dir, '--rows', rowsFile, '--json', '--derived');
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout) as RowsJson;
    const derived = result.rows[0].derived;
    assert.ok(derived && derived.length >= 1);
    assert.ok(derived.some((d) => Object.keys(d.values).length >= Object.keys(result.rows[0].values).length));
  });

  it('prints per-row contributions on the terminal', () => {
    const { code, stdout, stderr } = cli('explain', dir, '--rows', rowsFile);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /output = base \+ the sum of the values/);
    assert.equal(stdout.split('\n').filter((l) => l.startsWith('Row ')).length, picked.length);
  });

  it('computes and saves explanations a run does not have, from its training file', () => {
    rmSync(join(dir, 'explanations.json'));
    const { code, stdout, stderr } = cli('explain', dir, '--json');
    assert.equal(code, 0, stderr);
    const computed = JSON.parse(stdout);
    assert.ok(computed.importance.slice(0, 3).some((i: { column: string }) => i.column === 'sex'));
    assert.ok(computed.notes.some((n: string) => /permutation importance skipped/.test(n)));
    assert.ok(existsSync(join(dir, 'explanations.json')));
  });

  it('names missing columns and rejects bad usage', () => {
    const bad = join(temp(), 'bad.csv');
    writeFileSync(bad, 'name,sex\nA,male\n');
    const missing = cli('explain', dir, '--rows', bad);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /'age'/);
    assert.equal(cli('explain').code, 1);
    assert.equal(cli('explain', dir, '--derived').code, 1);
    const nowhere = cli('explain', join(temp(), 'none'));
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /cannot read a model/);
  });
});
