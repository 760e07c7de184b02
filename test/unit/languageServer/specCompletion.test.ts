import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver';
import { listLearners } from '../../../src/engine/learners/index';
import { metricsFor } from '../../../src/engine/validate/metrics';
import { join } from 'node:path';
import { REPO_ROOT } from '../../publicDatasets';
import { LspClient, titanicSpec } from './lspHarness';

describe('language server: spec completion', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.dispose());

  const complete = async (name: string, text: string, line: number, character: number): Promise<CompletionItem[]> => {
    const uri = await client.open(name, text);
    return client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  };

  it("offers the data's columns after target:, with type and missing share", async () => {
    const items = await complete('target.automl', titanicSpec('', ''), 1, 8);
    assert.deepEqual(items.map((i) => i.label), ['name', 'survived', 'sex', 'age', 'passengerClass']);
    assert.match(items.find((i) => i.label === 'age')?.detail ?? '', /^float · [\d.]+% missing$/);
    assert.match(items.find((i) => i.label === 'sex')?.detail ?? '', /^categorical · no missing$/);
    assert.match((items.find((i) => i.label === 'age')?.documentation as MarkupContent).value, /range: /);
  });

  it('offers the columns in an exclude list and under validation', async () => {
    const flow = await complete('exclude.automl', titanicSpec('exclude: [name, '), 2, 16);
    assert.ok(flow.some((i) => i.label === 'passengerClass'));
    const group = await complete('group.automl', titanicSpec('validation:\n  group: '), 3, 9);
    assert.ok(group.some((i) => i.label === 'sex'));
  });

  it("offers a workbook's sheets after sheet:, in workbook order", async () => {
    const workbook = join(REPO_ROOT, 'test', 'fixtures', 'xlsx', 'several.xlsx');
    const items = await complete('sheet.automl', `data:\n  path: ${JSON.stringify(workbook)}\n  sheet: \n`, 2, 9);
    assert.deepEqual(items.map((i) => i.label), ['Q1', 'Q2', 'Q3', 'Empty']);
    assert.equal(items[0].detail, 'sheet');
  });

  it('offers the keys with their documentation, leaving out those present', async () => {
    const items = await complete('keys.automl', titanicSpec(''), 2, 0);
    const labels = items.map((i) => i.label);
    for (const key of ['task', 'metric', 'budget', 'validation', 'learners']) assert.ok(labels.includes(key), key);
    assert.ok(!labels.includes('target') && !labels.includes('data'));
    assert.match(items.find((i) => i.label === 'budget')?.detail ?? '', /budget/i);
    assert.ok((items.find((i) => i.label === 'data') ?? items[0]).documentation !== undefined);
  });

  it('offers the keys of validation on a blank indented line', async () => {
    const items = await complete('validation.automl', titanicSpec('validation:\n  folds: 5\n  '), 4, 2);
    assert.deepEqual(items.map((i) => i.label).sort(), ['group', 'holdout', 'repeats', 'time']);
  });

  it('offers the keys of the monitor section and of its thresholds', async () => {
    const items = await complete('monitor.automl', titanicSpec('monitor:\n  windowRows: 500\n  '), 4, 2);
    const labels = items.map((i) => i.label).sort();
    assert.deepEqual(labels, ['cooldownMinutes', 'cooldownSeconds', 'enabled', 'intervalMinutes', 'intervalSeconds', 'logDir', 'sampleRate', 'thresholds', 'webhookUrl', 'webhookUrlEnv']);
    assert.match(items.find((i) => i.label === 'webhookUrlEnv')?.detail ?? '', /environment variable/);
    const thresholds = await complete('thresholds.automl', titanicSpec('monitor:\n  thresholds:\n    '), 4, 4);
    assert.deepEqual(thresholds.map((i) => i.label).sort(), ['nullRateRise', 'outOfRange', 'predictionPsi', 'psi', 'unseen']);
  });

  it('offers the learners that do the task', async () => {
    const items = await complete('learners.automl', titanicSpec('task: regression\nlearners:\n  - '), 4, 4);
    const expected = listLearners().filter((l) => l.tasks.includes('regression')).map((l) => l.name);
    assert.deepEqual(items.map((i) => i.label).sort(), [...expected].sort());
  });

  it('offers only the metrics valid for the task', async () => {
    const items = await complete('metrics.automl', titanicSpec('task: binary\nmetric: '), 3, 8);
    assert.deepEqual(items.map((i) => i.label).sort(), metricsFor('binary').map((m) => m.name).sort());
  });

  it('offers durations for budget and the validation kinds', async () => {
    const budget = await complete('budget.automl', titanicSpec('budget: '), 2, 8);
    assert.ok(budget.some((i) => i.label === '5m'));
    const task = await complete('task.automl', titanicSpec('task: '), 2, 6);
    assert.deepEqual(task.map((i) => i.label).sort(), ['binary', 'multiclass', 'regression']);
  });
});
