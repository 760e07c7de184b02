import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeFailure } from '../../src/cli/main';
import { DataError } from '../../src/engine/errors';

/** Runs the built CLI (dist/cli.js, built with the tests) and captures its output. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempCsv(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'automl-cli-'));
  const file = join(dir, 'data.csv');
  writeFileSync(file, text);
  return file;
}

describe('automl profile', () => {
  it('prints the profile as JSON with the documented fields', () => {
    const { code, stdout, stderr } = cli('profile', 'examples/titanic.csv', '--target', 'survived', '--json');
    assert.equal(code, 0, stderr);
    const profile = JSON.parse(stdout);
    assert.equal(profile.rows, 1309);
    assert.deepEqual(profile.columns.map((c: { name: string }) => c.name), ['name', 'survived', 'sex', 'age', 'passengerClass']);
    const age = profile.columns.find((c: { name: string }) => c.name === 'age');
    assert.equal(age.type, 'float');
    assert.equal(age.missing, 263);
    assert.equal(age.unique, 98);
    assert.ok(age.min < age.mean && age.mean < age.max);
    assert.ok(Array.isArray(profile.warnings));
    assert.deepEqual(profile.parseIssues, []);
    assert.equal(profile.target.task, 'binary');
  });

  it('prints a readable table by default', () => {
    const { code, stdout } = cli('profile', 'examples/titanic.csv');
    assert.equal(code, 0);
    assert.match(stdout, /1,309 rows × 5 columns/);
    assert.match(stdout, /^age\s+float\s+20\.1%\s+98\s/m);
  });

  it('reports malformed rows with their lines and still profiles', () => {
    const file = tempCsv('a,b\n1,2\n3\n4,5,6\n7,8\n');
    const { code, stdout } = cli('profile', file, '--json');
    assert.equal(code, 0);
    const profile = JSON.parse(stdout);
    assert.deepEqual(profile.parseIssues.map((i: { line: number }) => i.line), [3, 4]);
    assert.ok(profile.warnings.some((w: { kind: string }) => w.kind === 'ragged-rows'));
  });

  it('applies --type overrides', () => {
    const file = tempCsv('code,v\n1,2\n2,3\n1,4\n');
    const profile = JSON.parse(cli('profile', file, '--json', '--type', 'code=categorical').stdout);
    assert.equal(profile.columns[0].type, 'categorical');
  });
});

describe('exit codes and errors', () => {
  it('exits 1 with a message and no stack trace for user errors', () => {
    const cases: [string[], RegExp][] = [
      [['profile', 'does/not/exist.csv'], /file not found: does\/not\/exist\.csv/],
      [['profile', 'examples/titanic.csv', '--target', 'Survived'], /Survived/],
      [['profile', tempCsv('')], /empty/],
      [['profile', tempCsv('a,b\n1,2\n3\n'), '--ragged', 'error'], /line 3 has 1 fields/],
      [['profile'], /one data source/],
      [['profile', 'examples/titanic.csv', '--bogus'], /bogus/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['profile', 'examples/titanic.csv', '--type', 'age=weird'], /--type expects/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr, stdout } = cli(...args);
      assert.equal(code, 1, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, pattern);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      assert.equal(stdout, '');
    }
  });

  it('classifies internal errors as exit code 2, with the stack only under --verbose', () => {
    const bug = new TypeError('x is undefined');
    assert.equal(describeFailure(bug, false).code, 2);
    assert.doesNotMatch(describeFailure(bug, false).message, /\n\s+at /);
    assert.match(describeFailure(bug, true).message, /TypeError: x is undefined\n\s+at /);
    assert.deepEqual(describeFailure(new DataError('bad file'), true), { code: 1, message: 'automl: bad file\n' });
  });

  it('prints help and version', () => {
    assert.match(cli('--help').stdout, /Usage: automl <command>/);
    assert.match(cli('profile', '--help').stdout, /--target <column>/);
    assert.match(cli('--version').stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('automl train', () => {
  it('writes a run folder whose model predicts like the engine', async () => {
    const { mkdtempSync, readFileSync, readdirSync } = await import('node:fs');
    const dir = join(mkdtempSync(join(tmpdir(), 'automl-train-')), 'run');
    const { code, stdout, stderr } = cli('train', 'examples/titanic.csv', '--target', 'survived', '--learner', 'gbdt', '--out', dir, '--params', '{"numIterations": 20}');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Trained gbdt \(binary\) on 1309 rows/);
    assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'profile.json', 'spec.json']);
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const features: { kind: string; source: string }[] = model.members[0].plan.features;
    assert.ok(features.some((f) => f.kind === 'textTfidf' && f.source === 'name'), 'the free-text name column feeds TF-IDF features');
    const spec = JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8'));
    assert.equal(spec.seed, 42);
    assert.deepEqual(spec.params, { numIterations: 20 });
    const again = cli('train', 'examples/titanic.csv', '--target', 'survived', '--learner', 'gbdt', '--out', dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
  });

  it('rejects unknown learners and parameters as user errors', () => {
    const out = join(tmpdir(), `never-${process.pid}`);
    const bad = cli('train', 'examples/titanic.csv', '--target', 'survived', '--learner', 'gbdt', '--out', out, '--params', '{"numLeavs": 3}');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /unknown parameter 'numLeavs'/);
    const unknown = cli('train', 'examples/titanic.csv', '--target', 'survived', '--learner', 'xgb', '--out', out);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown learner 'xgb'/);
    assert.match(cli('train', '--help').stdout, /numLeaves \(default 31\)/);
  });
});
