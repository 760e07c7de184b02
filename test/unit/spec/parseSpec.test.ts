import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { keyPathAt } from '../../../src/engine/spec/keyPathAt';
import { parseSpecText } from '../../../src/engine/spec/parseSpec';
import type { SpecDiagnostic } from '../../../src/engine/spec/specFile';
import { schemaAt, SPEC_SCHEMA } from '../../../src/engine/spec/specSchema';

/** A diagnostic as `line:col-line:col code message` (1-based, as an editor shows it). */
function show(d: SpecDiagnostic): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.severity} ${d.code}: ${d.message}`;
}

describe('parseSpecText: reading a .automl spec', () => {
  it('reads the contract spec into a source and run settings, without diagnostics', () => {
    const { spec, diagnostics } = parseSpecText(
      ['data: /abs/path/loans.csv', 'target: Status', 'budget: 30s', 'exclude: [Income]', 'learners: [gbdt, logistic]', ''].join('\n'),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(spec, {
      source: { kind: 'csv', path: '/abs/path/loans.csv' },
      run: { target: 'Status', budgetSeconds: 30, exclude: ['Income'], models: ['gbdt', 'logistic'] },
    });
  });

  it('reads every key: data mapping, validation, types, search, sections kept as written', () => {
    const text = `data:
  path: data/sales.xlsx
  sheet: Q3
target: churned
task: binary
metric: f1Macro
budget: 1h30m
seed: 7
validation:
  folds: 5
  repeats: 2
  group: customer
exclude: [id, email]
types:
  zip: categorical
  "2020": float
learners: [gbdt, randomForest]
search:
  strategy: tpe
  trials: 40
ensemble: false
explain: false
robustness:
  noise: 0.1
monitor:
  intervalMinutes: 10
  windowRows: 2000
  webhookUrlEnv: SLACK_WEBHOOK_URL
  thresholds:
    psi: 0.2
  sampleRate: 0.5
`;
    const { spec, diagnostics } = parseSpecText(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(spec, {
      source: { kind: 'xlsx', path: 'data/sales.xlsx', sheet: 'Q3' },
      run: {
        target: 'churned',
        task: 'binary',
        metric: 'f1Macro',
        budgetSeconds: 5400,
        trials: 40,
        seed: 7,
        models: ['gbdt', 'randomForest'],
        validation: { folds: 5, repeats: 2, groupColumn: 'customer' },
        searcher: 'bayesian',
        ensemble: false,
        exclude: ['id', 'email'],
        explain: false,
      },
      types: { zip: 'categorical', '2020': 'float' },
      robustness: { noise: 0.1 },
      monitor: { intervalMinutes: 10, windowRows: 2000, webhookUrlEnv: 'SLACK_WEBHOOK_URL', thresholds: { psi: 0.2 }, sampleRate: 0.5 },
    });
  });

  it('checks the monitor section: its keys and bounds, minutes or seconds, and a webhook URL written out', () => {
    const codes = (text: string): [string, string, string][] =>
      parseSpecText(`data: a.csv\ntarget: y\nmonitor:\n${text}`).diagnostics.map((d) => [d.code, d.severity, d.message]);
    assert.deepEqual(codes('  windowRows: 50\n'), [['out-of-range', 'error', 'monitor.windowRows must be at least 100, got 50']]);
    assert.deepEqual(codes('  sampleRate: 1.5\n'), [['out-of-range', 'error', 'monitor.sampleRate must be from 0 to 1, got 1.5']]);
    assert.deepEqual(codes('  thresholds:\n    unseen: 2\n'), [['out-of-range', 'error', 'monitor.thresholds.unseen must be at most 1, got 2']]);
    assert.equal(codes('  windowRow: 500\n')[0][0], 'unknown-key');
    assert.match(codes('  windowRow: 500\n')[0][2], /did you mean 'windowRows'/);
    assert.deepEqual(codes('  intervalMinutes: 1\n  intervalSeconds: 5\n').map((c) => c[0]), ['conflict']);
    const secret = codes('  webhookUrl: https://hooks.slack.com/services/T0/B0/abc123\n');
    assert.deepEqual(secret.map((c) => c.slice(0, 2)), [['literal-secret', 'warning']]);
    assert.ok(!secret[0][2].includes('abc123'), 'the message does not repeat the URL');
    assert.deepEqual(codes('  webhookUrl: ftp://x/abc123\n').map((c) => c.slice(0, 2)), [['bad-data', 'error']]);
    assert.deepEqual(codes('  webhookUrl: https://x.test/a\n  webhookUrlEnv: HOOK\n').map((c) => c[0]), ['conflict']);
    assert.deepEqual(codes('  webhookUrlEnv: my-hook\n').map((c) => c[0]), ['bad-data']);
  });

  it('reads databases and web APIs: table, query, headers as templates, pagination', () => {
    const sqlite = parseSpecText('data:\n  path: shop.db\n  query: |\n    select * from orders\n    where total > 0\ntarget: late\n');
    assert.deepEqual(sqlite.diagnostics, []);
    assert.deepEqual(sqlite.spec.source, { kind: 'sqlite', path: 'shop.db', query: 'select * from orders\nwhere total > 0\n' });
    const api = parseSpecText(`data:
  url: https://api.example.com/v1/items
  records: data.items
  headers:
    - "Authorization: Bearer \${API_TOKEN}"
    - "Accept: application/json"
  pagination:
    nextCursor: meta.next
    cursorParam: cursor
  maxPages: 5
target: price
`);
    assert.deepEqual(api.diagnostics, []);
    assert.deepEqual(api.spec.source, {
      kind: 'http',
      url: 'https://api.example.com/v1/items',
      records: 'data.items',
      headers: ['Authorization: Bearer ${API_TOKEN}', 'Accept: application/json'],
      pagination: { kind: 'cursor', nextCursor: 'meta.next', cursorParam: 'cursor' },
      maxPages: 5,
    });
    const postgres = parseSpecText('data:\n  url: postgres://ana@db:5432/shop\n  table: public.orders\ntarget: late\n');
    assert.deepEqual(postgres.spec.source, { kind: 'postgres', url: 'postgres://ana@db:5432/shop', table: 'public.orders' });
    const csv = parseSpecText('data:\n  path: rows.csv\n  delimiter: ";"\n  ragged: drop\ntarget: y\n');
    assert.deepEqual(csv.spec.source, { kind: 'csv', path: 'rows.csv', delimiter: ';' });
    assert.equal(csv.spec.raggedRows, 'drop');
  });

  it('reports unknown keys, kinds, names and bounds where they are, with a did-you-mean', () => {
    const text = `data: loans.csv
target: Status
budgte: 5m
task: binay
learners: [gbdt, xgboost, logistc]
seed: "42"
validation:
  folds: 1
  holdot: 0.2
search:
  strategy: bayesian
  trials: 0
types:
  zip: categorcal
ensemble: yes
`;
    const { spec, diagnostics } = parseSpecText(text);
    assert.deepEqual(diagnostics.map(show), [
      "3:1-3:7 error unknown-key: unknown key 'budgte' in a spec; did you mean 'budget'?",
      "4:7-4:12 error unknown-value: unknown task 'binay'; did you mean 'binary'? (known: binary, multiclass, regression)",
      "5:18-5:25 error unknown-value: unknown learner 'xgboost' (known: gbdt, randomForest, extraTrees, logistic, linear, knn, naiveBayes, mlp)",
      "5:27-5:34 error unknown-value: unknown learner 'logistc'; did you mean 'logistic'? (known: gbdt, randomForest, extraTrees, logistic, linear, knn, naiveBayes, mlp)",
      "6:7-6:11 error wrong-kind: seed must be a whole number, not the text '42'",
      '8:10-8:11 error out-of-range: validation.folds must be at least 2, got 1',
      "9:3-9:9 error unknown-key: unknown key 'holdot' in validation; did you mean 'holdout'?",
      "11:13-11:21 error unknown-value: unknown search strategy 'bayesian' (known: tpe, random, grid)",
      '12:11-12:12 error out-of-range: search.trials must be at least 1, got 0',
      "14:8-14:18 error unknown-value: unknown column type 'categorcal'; did you mean 'categorical'? (known: integer, float, boolean, categorical, datetime, text, id)",
      "15:11-15:14 error wrong-kind: ensemble must be true or false, not the text 'yes'",
    ]);
    // What was valid is still read.
    assert.deepEqual(spec.run, { target: 'Status', models: ['gbdt'], validation: {} });
    assert.deepEqual(diagnostics[0].path, ['budgte']);
    assert.deepEqual(diagnostics[3].path, ['learners', 2]);
  });

  it('checks durations, holdouts and the rules that span keys', () => {
    const bad = (budget: string) => parseSpecText(`data: a.csv\ntarget: y\nbudget: ${budget}\n`).diagnostics.map(show);
    assert.deepEqual(bad('1h30'), ["3:9-3:13 error bad-duration: budget '1h30' is not a duration: write seconds (90), or hours, minutes and seconds with units (90s, 5m, 1h30m)"]);
    assert.deepEqual(bad('0s'), ['3:9-3:11 error out-of-range: budget must be longer than 0 seconds']);
    assert.deepEqual(bad('[1]'), ['3:9-3:12 error wrong-kind: budget must be a duration (90s, 5m, 1h30m), not a list']);
    assert.deepEqual(bad('90'), []);

    const text = `data: a.csv
target: y
task: regression
metric: auc
learners: [gbdt, logistic]
validation:
  holdout: 1.5
---
`;
    assert.deepEqual(parseSpecText(text.replace('---\n', '')).diagnostics.map(show), [
      "4:9-4:12 error metric-task: metric 'auc' scores binary and multiclass tasks, not regression; for regression use rmse, mae, r2, mape",
      "5:18-5:26 error learner-task: learner 'logistic' does not do regression tasks (it does binary, multiclass)",
      '7:12-7:15 error out-of-range: validation.holdout must be between 0 and 1 (not included), got 1.5',
    ]);
    const conflicts = parseSpecText('data: a.csv\ntarget: y\nvalidation:\n  holdout: 0.2\n  folds: 5\n  group: g\n  time: t\n');
    assert.deepEqual(conflicts.diagnostics.map(show), [
      '4:3-4:10 error conflict: validation.holdout replaces k-fold: it cannot go with folds, group, time',
      '7:3-7:7 error conflict: validation can follow a group column or a time column, not both',
    ]);
  });

  it('refuses a credential written out in a header, a password in the URL, and data options that do not fit', () => {
    const literal = parseSpecText('data:\n  url: https://api.example.com/items\n  headers:\n    - "Authorization: Bearer abc123"\n    - "X-Api-Key: ${KEY}"\ntarget: y\n');
    assert.deepEqual(literal.diagnostics.map(show), [
      "4:7-4:37 error literal-secret: the header 'Authorization' holds its credential as written; write it as 'Authorization: … ${NAME}' with NAME set in the environment (or VS Code's secret storage), so that it is never saved",
    ]);
    assert.equal(literal.spec.source, undefined, 'no source is read from data with an error');
    // The message never quotes the token.
    assert.ok(!literal.diagnostics[0].message.includes('abc123'));

    const password = parseSpecText('data: postgres://ana:s3cret@db/shop\ntarget: y\n');
    assert.deepEqual(password.diagnostics.map((d) => [d.code, d.range.start.character, d.range.end.character]), [['url-password', 6, 35]]);
    assert.ok(!password.diagnostics[0].message.includes('s3cret'));
    assert.deepEqual(parseSpecText('data: postgres://ana@db/shop?password=x\ntarget: y\n').diagnostics.map((d) => d.code), ['url-password']);
    const key = parseSpecText('data: https://api.example.com/items?api_key=abc\ntarget: y\n');
    assert.deepEqual(key.diagnostics.map((d) => [d.code, d.severity]), [['url-secret', 'warning']]);

    const misplaced = parseSpecText('data:\n  path: a.csv\n  table: t\n  sheet: 2\ntarget: y\n');
    assert.deepEqual(misplaced.diagnostics.map(show), [
      '3:3-3:8 error bad-data: data.table does not apply to a CSV/TSV file (it goes with SQLite database or PostgreSQL database)',
      '4:3-4:8 error bad-data: data.sheet does not apply to a CSV/TSV file (it goes with Excel workbook)',
    ]);
    assert.deepEqual(parseSpecText('data: notes.txt\ntarget: y\n').diagnostics.map((d) => d.code), ['bad-data']);
    assert.deepEqual(parseSpecText('data:\n  path: a.db\n  table: t\n  query: select 1\ntarget: y\n').diagnostics.map(show), [
      '4:3-4:8 error conflict: data takes a table or a query, not both',
    ]);
    assert.deepEqual(parseSpecText('data:\n  url: https://x.test/a\n  pagination:\n    nextCursor: next\ntarget: y\n').diagnostics.map(show), [
      '4:5-4:15 error conflict: pagination.nextCursor and pagination.cursorParam go together',
    ]);
    assert.deepEqual(parseSpecText('data:\n  url: data.csv\ntarget: y\n').diagnostics.map((d) => d.code), ['bad-data']);
  });

  it('reports YAML syntax errors and missing keys, and an empty file is not a crash', () => {
    const broken = parseSpecText('data: a.csv\ntarget: y\nlearners: [gbdt, knn\n');
    assert.equal(broken.diagnostics[0].code, 'syntax');
    assert.equal(broken.diagnostics[0].severity, 'error');
    // At the end, where the ] is missing.
    assert.equal(broken.diagnostics[0].range.start.line, 3);
    assert.deepEqual(parseSpecText('data: a.csv\ndata: b.csv\ntarget: y\n').diagnostics.map(show), ['2:1-2:2 error syntax: Map keys must be unique']);
    assert.deepEqual(parseSpecText('').diagnostics.map(show), [
      '1:1-1:1 error missing-key: the spec names no target: add target: <the column to predict>',
      '1:1-1:1 error missing-key: the spec names no data: add data: <a file or URL>',
    ]);
    assert.deepEqual(parseSpecText('- a\n').diagnostics.map(show), ['1:1-1:4 error wrong-kind: the spec must be a mapping of keys, not a list']);
    assert.deepEqual(parseSpecText('data: a.csv\ntarget:\n').diagnostics.map(show), ['2:1-2:7 error wrong-kind: target has no value: text goes here']);
    assert.deepEqual(parseSpecText('data: a.csv\ntarget: 2020\n').diagnostics.map(show), ["2:9-2:13 error wrong-kind: target must be text, not the number 2020: write '2020' in quotes"]);
  });

  it('counts characters in UTF-16 units on 0-based lines, CRLF included', () => {
    const { diagnostics } = parseSpecText('# Prévisions 📈\r\ndata: a.csv\r\ntarget: "é📈"\r\ntask: binay\r\n');
    assert.deepEqual(diagnostics.map((d) => d.range), [{ start: { line: 3, character: 6 }, end: { line: 3, character: 11 } }]);
  });
});

describe('keyPathAt and schemaAt: what is at a position', () => {
  const text = 'data:\n  path: a.csv\n  headers:\n    - "Accept: x"\ntarget: \nlearners: [gbdt, knn]\nvalidation:\n  folds: 5\n';

  it('names the key path on a key, in a value, in a list item, and after an empty key', () => {
    assert.deepEqual(keyPathAt(text, { line: 1, character: 3 }), { path: ['data', 'path'], part: 'key' });
    assert.deepEqual(keyPathAt(text, { line: 1, character: 9 }), { path: ['data', 'path'], part: 'value' });
    assert.deepEqual(keyPathAt(text, { line: 3, character: 8 }), { path: ['data', 'headers', 0], part: 'value' });
    assert.deepEqual(keyPathAt(text, { line: 4, character: 8 }), { path: ['target'], part: 'value' });
    assert.deepEqual(keyPathAt(text, { line: 5, character: 18 }), { path: ['learners', 1], part: 'value' });
    assert.deepEqual(keyPathAt(text, { line: 7, character: 2 }), { path: ['validation', 'folds'], part: 'key' });
    assert.equal(keyPathAt(text, { line: 8, character: 0 }), undefined);
    assert.equal(keyPathAt('validation:\n  folds: 5\n\n', { line: 2, character: 0 }), undefined, 'a new top-level line');
  });

  it('finds the schema of a key path, with its documentation and names', () => {
    assert.equal(schemaAt(['validation', 'folds'])?.kind, 'number');
    const learner = schemaAt(['learners', 3]);
    assert.ok(learner?.kind === 'string' && learner.values?.some((v) => v.value === 'gbdt' && v.tasks?.includes('regression')));
    assert.equal(schemaAt(['types', 'zip'])?.kind, 'string');
    assert.equal(schemaAt(['data', 'headers', 0])?.kind, 'string');
    assert.equal(schemaAt(['nope']), undefined);
    for (const [key, node] of Object.entries(SPEC_SCHEMA.fields)) assert.ok(node.summary.length > 10, `${key} is documented`);
  });
});
