import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSpecText } from '../../src/engine/spec/parseSpec';
import { readRunSpecFile, readSpecFile, runSpecAsFile, runSpecFileText, specDataPath } from '../../src/node/specFiles';

const temp = (): string => mkdtempSync(join(tmpdir(), 'automl-specfiles-'));

describe('spec files on disk', () => {
  it('names data relative to the spec file inside the workspace, absolute outside it', () => {
    const root = join(tmpdir(), 'ws');
    assert.equal(specDataPath(join(root, '.automl', 'runs', 'r1'), root, join(root, 'data', 'a.csv')), '../../../data/a.csv');
    assert.equal(specDataPath(root, root, join(root, 'a.csv')), 'a.csv');
    assert.equal(specDataPath(join(tmpdir(), 'elsewhere'), root, join(root, 'a.csv')), join(root, 'a.csv'));
    assert.equal(specDataPath(root, root, join(tmpdir(), 'b.csv')), join(tmpdir(), 'b.csv'));
  });

  it("reads a spec file's relative data path from the file's folder", async () => {
    const dir = temp();
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'x.automl'), 'data: ../data/loans.csv\ntarget: y\n');
    const { spec, diagnostics } = await readSpecFile(join(dir, 'specs', 'x.automl'));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(spec.source, { kind: 'csv', path: join(dir, 'data', 'loans.csv') });
  });

  it("saves a run's spec elsewhere with the data path rewritten for the new folder", async () => {
    const root = temp();
    const runDir = join(root, '.automl', 'runs', '20250101-000000-loans');
    mkdirSync(runDir, { recursive: true });
    const text = runSpecFileText({
      source: { kind: 'csv', path: join(root, 'data', 'loans.csv') },
      root,
      runDir,
      spec: { target: 'Status', seed: 42, models: ['gbdt'], exclude: ['Income'] },
      types: { zip: 'categorical' },
      raggedRows: 'drop',
    });
    writeFileSync(join(runDir, 'spec.automl'), text);
    assert.match(text, /\n {2}path: \.\.\/\.\.\/\.\.\/data\/loans\.csv\n {2}ragged: drop\n/);
    const saved = await runSpecAsFile(runDir, join(root, 'specs', 'loans.automl'), root);
    const { spec, diagnostics } = parseSpecText(saved);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(spec, {
      source: { kind: 'csv', path: '../data/loans.csv' },
      raggedRows: 'drop',
      run: { target: 'Status', seed: 42, models: ['gbdt'], exclude: ['Income'] },
      types: { zip: 'categorical' },
    });
    assert.match(saved, /^# Saved from the AutoML run 20250101-000000-loans\./);
  });

  it('makes the spec of an old run (spec.json only) from spec.json and its plan', async () => {
    const root = temp();
    const runDir = join(root, '.automl', 'runs', 'old');
    mkdirSync(runDir, { recursive: true });
    mkdirSync(join(root, 'data'));
    writeFileSync(join(root, 'data', 'a.csv'), 'x,y\n1,2\n');
    writeFileSync(
      join(runDir, 'spec.json'),
      JSON.stringify({ version: 1, kind: 'run', file: 'data/a.csv', source: { kind: 'csv', path: 'data/a.csv' }, createdAt: '2025-01-01T00:00:00Z', target: 'y', seed: 3, trials: 5, exclude: [], types: {} }),
    );
    writeFileSync(
      join(runDir, 'leaderboard.json'),
      JSON.stringify({ plan: { task: 'regression', metric: 'rmse', higherIsBetter: false, validation: { kind: 'kfold', folds: 2, repeats: 1, stratified: false }, rows: 1, learners: ['gbdt'], budgetMs: null, dropped: [] } }),
    );
    const spec = await readRunSpecFile(runDir);
    assert.deepEqual(spec, {
      source: { kind: 'csv', path: join(root, 'data', 'a.csv') },
      run: { target: 'y', task: 'regression', metric: 'rmse', trials: 5, seed: 3, models: ['gbdt'], validation: { folds: 2, repeats: 1 }, searcher: 'bayesian', ensemble: true, exclude: [], explain: true, selection: 'auto' },
    });
    assert.match(await runSpecAsFile(runDir, join(root, 'a.automl'), root), /\ndata: data\/a\.csv\n/);

    writeFileSync(join(runDir, 'spec.automl'), 'data: a.csv\ntarget: y\nlearners: [xgb]\n');
    await assert.rejects(readRunSpecFile(runDir), (error: Error) => error.message === `${join(runDir, 'spec.automl')}:3:12: unknown learner 'xgb' (known: gbdt, randomForest, extraTrees, logistic, linear, knn, naiveBayes, mlp)`);
    assert.equal(await readRunSpecFile(temp()), undefined);
  });
});
