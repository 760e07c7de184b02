import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseSpecText } from '../../src/engine/spec/parseSpec';

/** Runs the built CLI (dist/cli.js, built with the tests) and captures its output. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'automl-spec-'));

describe('automl run <file>.automl', () => {
  const folder = temp();
  const specFile = join(folder, 'titanic.automl');
  const runDir = join(folder, 'run');

  it('runs a spec file and writes the resolved spec.automl into the run folder', () => {
    writeFileSync(
      specFile,
      [
        `data: ${resolve('datasets/titanic.csv')}`,
        'target: survived',
        'search:',
        '  trials: 4',
        'exclude: [name]',
        'learners: [gbdt, logistic]',
        'monitor:',
        '  windowRows: 300',
        '  webhookUrl: https://hooks.example.test/services/T0/B0/tok3n',
        '',
      ].join('\n'),
    );
    const { code, stdout, stderr } = cli('run', specFile, '--out', runDir);
    assert.equal(code, 0, stderr);
    // A literal webhook URL is a warning, not repeated, and left out of the run folder.
    assert.match(stderr, /titanic\.automl:9:\d+: warning: a webhook URL usually holds a token/);
    assert.ok(!stderr.includes('tok3n'));
    assert.match(stdout, /Run folder: /);
    const written = join(runDir, 'spec.automl');
    assert.ok(existsSync(written));
    const text = readFileSync(written, 'utf8');
    const { spec, diagnostics } = parseSpecText(text);
    assert.deepEqual(diagnostics, [], text);
    assert.deepEqual(spec.run.models, ['gbdt', 'logistic']);
    assert.deepEqual(spec.run.exclude, ['name']);
    assert.deepEqual(spec.monitor, { windowRows: 300 }, 'the monitor section, without the webhook URL');
    assert.ok(!text.includes('tok3n'));
    assert.equal(spec.run.target, 'survived');
    assert.equal(spec.run.trials, 4);
    // Resolved: what the run chose is written out.
    assert.equal(spec.run.task, 'binary');
    assert.equal(spec.run.metric, 'auc');
    assert.equal(spec.run.seed, 42);
    assert.equal(spec.run.searcher, 'bayesian');
    assert.ok(spec.run.validation?.folds !== undefined || spec.run.validation?.holdout !== undefined);
    // The run folder is outside the workspace (the current directory): the data path is absolute.
    assert.deepEqual(spec.source, { kind: 'csv', path: resolve('datasets/titanic.csv') });
    const board = JSON.parse(readFileSync(join(runDir, 'leaderboard.json'), 'utf8'));
    assert.equal(board.trials.length, 4);
    assert.deepEqual(board.plan.learners, ['gbdt', 'logistic']);
    assert.ok(board.dropped.some((d: { column: string }) => d.column === 'name'));
  });

  it("runs a run folder's spec.automl again, with the same leaderboard; flags override the file", () => {
    const again = join(folder, 'again');
    const { code, stderr } = cli('run', join(runDir, 'spec.automl'), '--out', again);
    assert.equal(code, 0, stderr);
    const scores = (dir: string) => JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8')).trials.map((t: { learner: string; score: number }) => [t.learner, t.score]);
    assert.deepEqual(scores(again), scores(runDir));

    const overridden = join(folder, 'overridden');
    const flags = cli('run', specFile, '--out', overridden, '--trials', '2', '--models', 'gbdt', '--exclude', 'age');
    assert.equal(flags.code, 0, flags.stderr);
    const spec = parseSpecText(readFileSync(join(overridden, 'spec.automl'), 'utf8')).spec;
    assert.equal(spec.run.trials, 2);
    assert.deepEqual(spec.run.models, ['gbdt']);
    assert.deepEqual(spec.run.exclude, ['age']);
  });

  it('stops on errors in the spec with exit code 1, each as file:line:col: message', () => {
    const bad = join(folder, 'bad.automl');
    writeFileSync(bad, `data: ${resolve('datasets/titanic.csv')}\ntarget: survived\nbudget: 1h30\nlearners: [gbdt, xgboost]\n`);
    const { code, stderr, stdout } = cli('run', bad, '--out', join(folder, 'never'));
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.deepEqual(stderr.trimEnd().split('\n'), [
      `${bad}:3:9: budget '1h30' is not a duration: write seconds (90), or hours, minutes and seconds with units (90s, 5m, 1h30m)`,
      `${bad}:4:18: unknown learner 'xgboost' (known: gbdt, randomForest, extraTrees, logistic, linear, knn, naiveBayes, mlp)`,
    ]);
    assert.ok(!existsSync(join(folder, 'never')));

    const noTarget = join(folder, 'noTarget.automl');
    writeFileSync(noTarget, 'data: missing.csv\n');
    assert.match(cli('run', noTarget).stderr, /noTarget\.automl:1:1: the spec names no target/);
    const table = cli('run', specFile, '--table', 'x');
    assert.equal(table.code, 1);
    assert.match(table.stderr, /--table does not go with a spec file: set it under data: in /);
    assert.match(cli('run', join(folder, 'none.automl')).stderr, /cannot read .*none\.automl/);
  });
});
