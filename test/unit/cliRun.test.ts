import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import '../../src/engine/learners/index';
import { Pipeline } from '../../src/engine/prep/pipeline';

/** Runs the built CLI (dist/cli.js, built with the tests) and captures its output. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'automl-run-'));

describe('automl run and automl predict', () => {
  const dir = join(temp(), 'run');
  const trials = 6;

  it('runs AutoML with a trial budget and writes the run folder', () => {
    const { code, stdout, stderr } = cli('run', 'examples/titanic.csv', '--target', 'survived', '--trials', String(trials), '--models', 'gbdt,logistic', '--out', dir);
    assert.equal(code, 0, stderr);
    for (const file of ['spec.json', 'profile.json', 'leaderboard.json', 'model.json']) assert.ok(existsSync(join(dir, file)), file);
    const board = JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8'));
    assert.equal(board.trials.length, trials);
    assert.equal(board.metric, 'auc');
    assert.match(stdout, /ROC AUC/);
    assert.match(stdout, /Final model: /);
    const spec = JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'));
    assert.equal(spec.seed, 42);
    assert.equal(spec.trials, trials);
    const referenceText = readFileSync(join(dir, 'reference.json'), 'utf8');
    const reference = JSON.parse(referenceText);
    assert.equal(reference.version, 1);
    assert.equal(reference.target, 'survived');
    assert.equal(reference.rows, 1309);
    assert.equal(reference.metric.score, board.final.score);
    assert.equal(reference.sample.rows, 1309);
    const model = Pipeline.load(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
    assert.deepEqual(reference.columns.map((c: { name: string }) => c.name), model.sourceColumns());
    assert.deepEqual(Object.keys(reference.sample.values), model.sourceColumns());
    console.log(`# titanic reference.json: ${Buffer.byteLength(referenceText)} bytes`);
  });

  it('explains an MLP with DeepSHAP, and names the TensorFlow.js backend only under --verbose', () => {
    const args = ['run', 'examples/titanic.csv', '--target', 'survived', '--trials', '2', '--models', 'mlp'];
    const out = join(temp(), 'mlp');
    const quiet = cli(...args, '--out', out);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stdout, /tensorflow\.js backend/);
    const explanations = JSON.parse(readFileSync(join(out, 'explanations.json'), 'utf8'));
    // One MLP, or an ensemble of the two trials' MLPs when it validates better: DeepSHAP for each.
    const methods = explanations.methods.map((m: { method: string }) => m.method);
    assert.ok(methods.length >= 1 && methods.every((m: string) => m === 'deepShap'), methods.join(', '));
    const loud = cli(...args, '--out', join(temp(), 'mlp-verbose'), '--verbose');
    assert.equal(loud.code, 0, loud.stderr);
    assert.match(loud.stdout, /tensorflow\.js backend: (tensorflow|wasm|cpu)/);
  });

  it('predicts every row in input order with class probabilities', () => {
    const out = join(temp(), 'predictions.csv');
    const { code, stderr } = cli('predict', dir, 'examples/titanic.csv', '--out', out);
    assert.equal(code, 0, stderr);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    assert.deepEqual(header.slice(-3), ['prediction', 'proba_no', 'proba_yes']);
    assert.equal(lines.length - 1, 1309);
    for (const line of lines.slice(1, 50)) {
      const fields = line.split(',');
      const p0 = Number(fields[fields.length - 2]);
      const p1 = Number(fields[fields.length - 1]);
      assert.ok(Math.abs(p0 + p1 - 1) < 1e-9);
      assert.equal(fields[fields.length - 3], p1 > p0 ? 'yes' : 'no');
    }
  });

  it('names the columns a prediction file lacks', () => {
    const file = join(temp(), 'rows.csv');
    writeFileSync(file, 'name,sex\nA,male\n');
    const { code, stderr } = cli('predict', dir, file);
    assert.equal(code, 1);
    assert.match(stderr, /'age'/);
    assert.match(stderr, /'passengerClass'/);
  });

  it('rejects bad options with exit code 1', () => {
    assert.equal(cli('run', 'examples/titanic.csv').code, 1, 'no target');
    assert.match(cli('run', 'examples/titanic.csv', '--target', 'survived', '--metric', 'auroc').stderr, /unknown --metric 'auroc'/);
    assert.match(cli('run', 'examples/titanic.csv', '--target', 'survived', '--models', 'xgb').stderr, /unknown learner 'xgb'/);
    assert.match(cli('run', 'examples/titanic.csv', '--target', 'survived', '--workers', 'two').stderr, /--workers must be a whole number, got 'two'/);
    assert.match(cli('run', '--help').stdout, /--budget <duration>/);
    assert.match(cli('run', 'examples/titanic.csv', '--target', 'survived', '--budget', '1h30').stderr, /--budget must be a positive duration \(90, 90s, 5m, 1h30m\), got '1h30'/);
  });
});
