import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { codes, LspClient, messageOf, titanicSpec } from './lspHarness';

describe('language server: spec diagnostics', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.dispose());

  it('reports an unknown column with a did-you-mean', async () => {
    const uri = await client.open('unknown.automl', titanicSpec('', 'survivd'));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('unknown-column'));
    const unknown = diagnostics.find((d) => d.code === 'unknown-column');
    assert.match(messageOf(diagnostics, 'unknown-column'), /did you mean 'survived'/);
    assert.deepEqual(unknown?.range.start, { line: 1, character: 8 });
    assert.deepEqual(unknown?.data, { replacement: 'survived' });
  });

  it('reports a metric that does not fit the task', async () => {
    const uri = await client.open('metric.automl', titanicSpec('task: binary\nmetric: rmse\n'));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('metric-task'));
    assert.match(messageOf(diagnostics, 'metric-task'), /rmse/);
  });

  it('reports a metric that does not fit the task the data implies', async () => {
    const uri = await client.open('metricData.automl', titanicSpec('metric: r2\n'));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('metric-task'));
    assert.match(messageOf(diagnostics, 'metric-task'), /binary/);
  });

  it('reports a missing data file with the reader’s message', async () => {
    const uri = await client.open('missing.automl', 'data: nowhere.csv\ntarget: y\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('data-unreadable'));
    const missing = diagnostics.find((d) => d.code === 'data-unreadable');
    assert.match(messageOf(diagnostics, 'data-unreadable'), /file not found: .*nowhere\.csv/);
    assert.equal(missing?.range.start.line, 0);
  });

  it('reports a header that holds a literal secret', async () => {
    const uri = await client.open('secret.automl', 'data:\n  url: https://api.example.com/rows\n  headers: ["Authorization: Bearer abc123"]\ntarget: y\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('literal-secret'));
    assert.equal(diagnostics.find((d) => d.code === 'literal-secret')?.range.start.line, 2);
  });

  it('reports a target with one class, and a target in exclude', async () => {
    await client.open('one.csv', 'x,y\n1,a\n2,a\n3,a\n4,a\n');
    const spec = await client.open('one.automl', `data: one.csv\ntarget: y\nexclude: [x, y]\n`);
    const diagnostics = await client.waitForDiagnostics(spec, (d) => codes(d).includes('target-one-class'));
    assert.ok(codes(diagnostics).includes('target-excluded'));
    assert.match(messageOf(diagnostics, 'target-one-class'), /one value only \('a'\)/);
  });

  it('reports group and time columns of the wrong kind, and a short budget', async () => {
    const uri = await client.open('kinds.automl', titanicSpec('budget: 2s\nvalidation:\n  time: sex\n'));
    const diagnostics = await client.waitForDiagnostics(uri, (d) => codes(d).includes('time-not-orderable'));
    assert.ok(codes(diagnostics).includes('budget-too-short'));
    const group = await client.open('group.automl', titanicSpec('validation:\n  group: age\n'));
    await client.waitForDiagnostics(group, (d) => codes(d).includes('group-not-categorical'));
  });

  it('checks again as the text changes', async () => {
    const uri = await client.open('typing.automl', titanicSpec());
    await client.waitForDiagnostics(uri, (d) => !codes(d).includes('unknown-column'));
    await client.change(uri, titanicSpec('', 'sx'));
    await client.waitForDiagnostics(uri, (d) => codes(d).includes('unknown-column'));
  });
});
