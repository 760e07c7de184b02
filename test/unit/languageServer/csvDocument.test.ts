import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { CSV_DIAGNOSTIC_CAP } from '../../../src/languageServer/csvDocument';
import { LspClient, messageOf } from './lspHarness';

describe('language server: CSV and TSV files', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.dispose());

  it('publishes a ragged row at its line', async () => {
    const uri = await client.open('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 2);
    assert.equal(diagnostics[0].code, 'csv-issue');
    assert.match(messageOf(diagnostics, 'csv-issue'), /field/i);
  });

  it('publishes an unterminated quote of a TSV file', async () => {
    const uri = await client.open('quote.tsv', 'a\tb\n1\tx\n2\t"open\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => /quote/i.test(typeof d.message === 'string' ? d.message : d.message.value)), JSON.stringify(diagnostics));
  });

  it("shows a header cell's column profile on hover", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},${i % 2 === 0 ? 'red' : 'blue'},${i * 1.5}`);
    const uri = await client.open('colors.csv', ['id,"color",size', ...rows].join('\n') + '\n');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /\*\*color\*\* — (categorical|boolean)/);
    assert.match(value, /top values: `red` \(25\), `blue` \(25\)/);
    assert.deepEqual(hover?.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 10 } });
    const size = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } });
    assert.match((size?.contents as MarkupContent).value, /\*\*size\*\* — float[\s\S]*range: 0 … 73\.5/);
  });

  it('caps the diagnostics of a 1M-row file full of bad rows', async () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 1_000_000; i++) lines.push(i % 2 === 0 ? `${i},${i},${i}` : `${i},${i}`);
    const uri = await client.open('big.csv', lines.join('\n') + '\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.ok(diagnostics.length <= CSV_DIAGNOSTIC_CAP, `${diagnostics.length} diagnostics`);
    assert.match(String(diagnostics[diagnostics.length - 1].message), /more issues in this file are not listed/);
  });
});
