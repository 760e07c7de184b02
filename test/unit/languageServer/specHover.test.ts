import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { LspClient, titanicSpec } from './lspHarness';

describe('language server: spec hover', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.dispose());

  const hover = async (uri: string, line: number, character: number): Promise<string> => {
    const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return (result?.contents as MarkupContent | undefined)?.value ?? '';
  };

  it("shows a column's profile on its name", async () => {
    const uri = await client.open('hover.automl', titanicSpec('exclude: [age]\n'));
    const target = await hover(uri, 1, 10);
    assert.match(target, /\*\*survived\*\* — boolean/);
    assert.match(target, /top values: `no`/);
    const age = await hover(uri, 2, 12);
    assert.match(age, /\*\*age\*\* — float/);
    assert.match(age, /missing: \d+/);
    assert.match(age, /range: /);
  });

  it("shows a key's and a metric's documentation", async () => {
    const uri = await client.open('keys.automl', titanicSpec('metric: auc\n'));
    assert.match(await hover(uri, 1, 2), /\*\*target\*\* — The column to predict/);
    assert.match(await hover(uri, 2, 9), /\*\*auc\*\* — .*higher is better/);
  });
});
