import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { awkward, csv, FEATURES, TRAIN_ROWS, trainingRows } from './modelInputData';

/**
 * `automl predict` and `automl explain --rows` on new files whose columns look different from the
 * training file's: the model's columns are read as in training, through the built CLI.
 */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'automl-predict-'));
function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The probability columns of `automl predict`'s output, one array per row. */
function probabilities(file: string): string[][] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const first = header.split(',').findIndex((name) => name.startsWith('proba_'));
  return lines.map((line) => line.split(',').slice(first - 1));
}

describe('automl predict on files that look different from the training file', () => {
  const rows = trainingRows();
  const odd = awkward(rows);
  const run = join(dir, 'run');
  const small = write('small.csv', csv(odd, FEATURES));
  const large = write('large.csv', csv([...rows, ...odd], FEATURES));

  it('trains a model (gbdt + logistic + knn) on the training file', () => {
    const train = write('train.csv', csv(rows, [...FEATURES, 'y']));
    const { code, stderr } = cli('run', train, '--target', 'y', '--trials', '4', '--models', 'gbdt,logistic,knn', '--out', run);
    assert.equal(code, 0, stderr);
  });

  it('predicts the rows alone exactly as inside a larger file, warning about the value that did not fit', () => {
    const alone = cli('predict', run, small, '--out', join(dir, 'alone.csv'));
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal(alone.stderr, `warning: ${small}: 1 value in 'count' did not read as integer ("abc" on line 5) and was treated as missing.\n`);
    const inside = cli('predict', run, large, '--out', join(dir, 'inside.csv'));
    assert.equal(inside.code, 0, inside.stderr);
    // The prediction and both probabilities, as printed: the same text, so the same bits.
    assert.deepEqual(probabilities(join(dir, 'alone.csv')), probabilities(join(dir, 'inside.csv')).slice(TRAIN_ROWS));
  });

  it('predicts a file whose count column is empty in every row (the model saw counts missing)', () => {
    const file = write('empty-count.csv', csv(odd.map((r) => ({ ...r, count: '' })), FEATURES));
    const { code, stdout, stderr } = cli('predict', run, file);
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trimEnd().split('\n').length, odd.length + 1);
  });

  it('stops at a missing score, which the model never saw, naming the column and the line', () => {
    const file = write('no-score.csv', csv(odd.map((r, i) => ({ ...r, score: i === 6 ? '' : r.score })), FEATURES));
    const { code, stdout, stderr } = cli('predict', run, file);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(stderr, `automl: ${file}: line 8: 'score' is empty; the model needs a number there, as it never saw 'score' missing in training\n`);
  });

  it('explains the rows alone exactly as inside a larger file', () => {
    const alone = cli('explain', run, '--rows', small, '--json');
    assert.equal(alone.code, 0, alone.stderr);
    assert.match(alone.stderr, /1 value in 'count' did not read as integer/);
    const inside = cli('explain', run, '--rows', large, '--json');
    assert.equal(inside.code, 0, inside.stderr);
    const outputs = (text: string): number[] => (JSON.parse(text) as { rows: { output: number }[] }).rows.map((r) => r.output);
    assert.deepEqual(outputs(alone.stdout), outputs(inside.stdout).slice(TRAIN_ROWS));
  });
});
