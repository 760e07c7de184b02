import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient, titanicSpec } from './lspHarness';

describe('language server: spec quick fixes', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.dispose());

  /** Opens `text`, waits for a diagnostic with `code`, asks for its fixes, and applies the first. */
  const fix = async (name: string, text: string, code: string): Promise<{ action: CodeAction; text: string }> => {
    const uri = await client.open(name, text);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === code));
    const diagnostic = diagnostics.find((d) => d.code === code) as Diagnostic;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    assert.equal(actions.length, 1);
    const edits = actions[0].edit?.changes?.[uri] as TextEdit[];
    return { action: actions[0], text: TextDocument.applyEdits(TextDocument.create(uri, 'automl', 1, text), edits) };
  };

  it('replaces an unknown column with the suggestion', async () => {
    const { action, text } = await fix('column.automl', titanicSpec('', 'survivd'), 'unknown-column');
    assert.equal(action.title, "Change to 'survived'");
    assert.equal(text, titanicSpec());
  });

  /** A CSV with an identifier column, a column that copies the target, and a feature. */
  const flaggedCsv = (): void => {
    const rows = Array.from({ length: 300 }, (_, i) => {
      const y = i % 3 === 0 ? 'a' : 'b';
      return `${i + 1},${y === 'a' ? 1 : 0},${(i * 7919) % 101},${y}`;
    });
    client.writeFile('flagged.csv', ['id,leak,x,y', ...rows].join('\n') + '\n');
  };

  it('excludes the ID-like and leakage-suspect columns the profile flags', async () => {
    flaggedCsv();
    const { action, text } = await fix('flagged.automl', 'data: flagged.csv\ntarget: y\ntask: binary\n', 'flagged-columns');
    assert.equal(action.title, 'Exclude id, leak (flagged by the profile)');
    assert.equal(text, 'data: flagged.csv\ntarget: y\nexclude: [id, leak]\ntask: binary\n');
  });

  it('adds flagged columns to a block exclude list', async () => {
    flaggedCsv();
    const { text } = await fix('block.automl', 'data: flagged.csv\ntarget: y\ntask: binary\nexclude:\n  - x\n', 'flagged-columns');
    assert.equal(text, 'data: flagged.csv\ntarget: y\ntask: binary\nexclude:\n  - x\n  - id\n  - leak\n');
  });

  it('removes the target from exclude', async () => {
    const { text } = await fix('excluded.automl', titanicSpec('exclude: [age, survived]\n'), 'target-excluded');
    assert.equal(text, titanicSpec('exclude: [age]\n'));
    const block = await fix('excludedBlock.automl', titanicSpec('exclude:\n  - survived\n  - age\n'), 'target-excluded');
    assert.equal(block.text, titanicSpec('exclude:\n  - age\n'));
  });

  it('sets the task from the data', async () => {
    const { action, text } = await fix('task.automl', titanicSpec('budget: 1m\n'), 'task-from-data');
    assert.equal(action.title, 'Set task: binary (from the data)');
    assert.equal(text, titanicSpec('task: binary\nbudget: 1m\n'));
  });
});
