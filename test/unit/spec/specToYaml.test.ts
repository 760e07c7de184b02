import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseSpecText } from '../../../src/engine/spec/parseSpec';
import { resolveRunSpec } from '../../../src/engine/spec/resolveRunSpec';
import type { SpecFile } from '../../../src/engine/spec/specFile';
import { specToYaml } from '../../../src/engine/spec/specToYaml';

/** Writes `spec`, reads it back, and checks it is the same spec with no diagnostics. */
function roundTrip(spec: SpecFile): string {
  const text = specToYaml(spec, { comment: ['A test spec.'] });
  const parsed = parseSpecText(text);
  assert.deepEqual(parsed.diagnostics, [], text);
  assert.deepEqual(parsed.spec, spec, text);
  return text;
}

describe('specToYaml: writing a spec file', () => {
  it('writes a full spec in a fixed order, commented, and reads it back the same', () => {
    const spec: SpecFile = {
      source: { kind: 'csv', path: '../data/loans.csv', delimiter: ';' },
      raggedRows: 'drop',
      run: {
        target: 'Status',
        task: 'binary',
        metric: 'auc',
        budgetSeconds: 90,
        trials: 40,
        seed: 42,
        models: ['gbdt', 'logistic'],
        validation: { folds: 10, repeats: 3 },
        searcher: 'bayesian',
        ensemble: true,
        exclude: ['Income', '2020'],
        explain: true,
        selection: 'off',
      },
      types: { zip: 'categorical', yes: 'id' },
      robustness: { noise: 0.1 },
    };
    const text = roundTrip(spec);
    const keys = text.split('\n').filter((line) => /^[a-z]+:/.test(line)).map((line) => line.slice(0, line.indexOf(':')));
    assert.deepEqual(keys, ['data', 'target', 'task', 'metric', 'budget', 'seed', 'validation', 'exclude', 'types', 'learners', 'search', 'ensemble', 'explain', 'selection', 'robustness']);
    assert.match(text, /^# A test spec\.\n/);
    assert.match(text, /# The column to predict\.\ntarget: Status\n/);
    assert.match(text, /\nbudget: 90s\n/);
    assert.match(text, /\nlearners: \[gbdt, logistic\]\n/);
    assert.match(text, /\nexclude: \[Income, "2020"\]\n/);
    assert.match(text, /\nsearch:\n {2}strategy: tpe\n {2}trials: 40\n/);
    // Stable: the same spec gives the same text.
    assert.equal(specToYaml(spec, { comment: ['A test spec.'] }), text);
  });

  it('round-trips every kind of source, the short form when nothing else picks the data', () => {
    const sources: SpecFile['source'][] = [
      { kind: 'parquet', path: 'a.parquet' },
      { kind: 'json', path: 'a.json', records: 'data.items' },
      { kind: 'ndjson', path: '/abs/a.ndjson' },
      { kind: 'xlsx', path: 'book.xlsx', sheet: 2 },
      { kind: 'xlsx', path: 'book.xlsx', sheet: '2023' },
      { kind: 'sqlite', path: 'shop.db', query: 'select *\nfrom orders\nwhere total > 0' },
      { kind: 'sqlite', path: 'data/app', table: 'orders' },
      { kind: 'postgres', url: 'postgres://ana@db:5432/shop', table: 'public.orders' },
      { kind: 'http', url: 'https://api.example.com/items', records: 'items', pagination: { kind: 'page', pageParam: 'page' }, maxPages: 3, maxRows: 500 },
    ];
    for (const source of sources) roundTrip({ source, run: { target: 'y', seed: 1 } });
    assert.match(specToYaml({ source: { kind: 'parquet', path: 'a.parquet' }, run: { target: 'y' } }), /\ndata: a\.parquet\n/);
    assert.match(specToYaml({ source: { kind: 'sqlite', path: 'data/app', table: 't' }, run: {} }), /\n {2}path: sqlite:data\/app\n/);
  });

  it('writes headers as templates and never a secret', () => {
    const spec: SpecFile = {
      source: { kind: 'http', url: 'https://api.example.com/items', headers: ['Authorization: Bearer ${TOKEN}'], pagination: { kind: 'cursor', nextCursor: 'meta.next', cursorParam: 'cursor' } },
      run: { target: 'y' },
    };
    const text = roundTrip(spec);
    assert.match(text, /- "Authorization: Bearer \$\{TOKEN\}"/);

    const leaky = specToYaml({
      source: { kind: 'http', url: 'https://ana:pw@api.example.com/items?api_key=k3y&page=2', headers: ['Authorization: Bearer t0ken', 'Accept: text/json'] },
      run: { target: 'y' },
    });
    for (const secret of ['pw', 'k3y', 't0ken']) assert.ok(!leaky.includes(secret), `${secret} in\n${leaky}`);
    assert.match(leaky, /url: https:\/\/ana@api\.example\.com\/items\?page=2/);
    const postgres = specToYaml({ source: { kind: 'postgres', url: 'postgres://ana:pw@db/shop?password=pw2&sslmode=require', table: 't' }, run: {} });
    assert.ok(!postgres.includes('pw'), postgres);
    assert.match(postgres, /url: postgres:\/\/ana@db\/shop\?sslmode=require/);
  });

  it('resolves a run spec with the choices of its plan', () => {
    const resolved = resolveRunSpec(
      { target: 'y', seed: 42, trials: 8 },
      { task: 'binary', metric: 'auc', higherIsBetter: true, validation: { kind: 'kfold', folds: 10, repeats: 3, stratified: true }, rows: 500, learners: ['gbdt', 'knn'], budgetMs: Infinity, trials: 8, dropped: [] },
    );
    assert.deepEqual(resolved, {
      target: 'y',
      task: 'binary',
      metric: 'auc',
      trials: 8,
      seed: 42,
      models: ['gbdt', 'knn'],
      validation: { folds: 10, repeats: 3 },
      searcher: 'bayesian',
      ensemble: true,
      exclude: [],
      explain: true,
      selection: 'auto',
    });
    roundTrip({ source: { kind: 'csv', path: 'a.csv' }, run: resolved });
    const holdout = resolveRunSpec({ target: 'y', seed: 1, ensemble: false }, { task: 'regression', metric: 'rmse', higherIsBetter: false, validation: { kind: 'holdout', testFraction: 0.2, stratified: false }, rows: 60000, learners: ['gbdt'], budgetMs: 60000, dropped: [] });
    assert.equal(holdout.budgetSeconds, 60);
    assert.deepEqual(holdout.validation, { holdout: 0.2 });
    assert.equal(holdout.ensemble, false);
  });
});
