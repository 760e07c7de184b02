import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, DocumentSymbol, FoldingRange, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSpecText } from '../../../src/engine/spec/parseSpec';
import { specToYaml } from '../../../src/engine/spec/specToYaml';
import { SPEC_LENS_COMMANDS } from '../../../src/protocol/languageServer';
import { LspClient, TITANIC, titanicSpec } from './lspHarness';

const SPEC = titanicSpec('metric: auc\nvalidation:\n  folds: 5\n  repeats: 2\nlearners:\n  - gbdt\n  - logistic\n');

describe('language server: spec lenses, Outline, folding and formatting', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.dispose());

  it('puts Run, Profile, Open Last Run and Export Best Model lenses at the top, each with the spec URI', async () => {
    const uri = await client.open('lenses.automl', `# churn\n${SPEC}`);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => l.command?.command),
      [SPEC_LENS_COMMANDS.run, SPEC_LENS_COMMANDS.profile, SPEC_LENS_COMMANDS.openLastRun, SPEC_LENS_COMMANDS.exportBestModel],
    );
    assert.deepEqual(['automl.runSpec', 'automl.profileSpec', 'automl.openLastRun', 'automl.exportBestModel'], Object.values(SPEC_LENS_COMMANDS));
    assert.equal(lenses[0].command?.title, '▶ Run');
    for (const lens of lenses) {
      assert.deepEqual(lens.command?.arguments, [uri]);
      assert.equal(lens.range.start.line, 1);
    }
  });

  it('lists the keys in the Outline, nested', async () => {
    const uri = await client.open('symbols.automl', SPEC);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['data', 'target', 'metric', 'validation', 'learners']);
    const validation = symbols.find((s) => s.name === 'validation');
    assert.deepEqual(validation?.children?.map((s) => s.name), ['folds', 'repeats']);
    assert.deepEqual(validation?.range.start, { line: 3, character: 0 });
    assert.equal(symbols.find((s) => s.name === 'learners')?.detail, '2 items');
  });

  it('folds mappings, lists and comment blocks', async () => {
    const uri = await client.open('folding.automl', `# a\n# b\n${SPEC}`);
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const spans = ranges.map((r) => [r.startLine, r.endLine]);
    assert.deepEqual(spans, [[5, 7], [8, 10], [0, 1]]);
  });

  it('formats to the canonical YAML, keeping the opening comment', async () => {
    const messy = `# My churn spec\n\nlearners: [gbdt,   logistic]\nbudget: 90\ntarget: survived\ndata: ${JSON.stringify(TITANIC)}\n`;
    const uri = await client.open('format.automl', messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'automl', 1, messy), edits);
    assert.equal(formatted, specToYaml(parseSpecText(messy).spec, { comment: ['My churn spec'] }));
    assert.match(formatted, /^# My churn spec\n/);
    assert.ok(formatted.indexOf('data:') < formatted.indexOf('learners:'));
    assert.match(formatted, /budget: 90s/);
    // Canonical text needs no more edits.
    await client.change(uri, formatted);
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  });

  it('leaves a spec with errors unformatted', async () => {
    const uri = await client.open('broken.automl', 'data: x.csv\ntarget: [\n');
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  });
});
