import { strict as assert } from 'node:assert';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver';
import { LspClient } from './lspHarness';

/** Rows of the big file: enough that profiling it takes a noticeable while. */
const ROWS = 1_000_000;

/** Writes a ROWS-row CSV (id, two numbers, a category, a yes/no column) to `path`. */
async function writeBigCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,x,z,c,y\n');
  const levels = ['red', 'green', 'blue', 'amber', 'teal'];
  for (let start = 0; start < ROWS; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < start + 10_000; i++) lines.push(`${i},${(i % 997) / 7},${(i * 31) % 1013},${levels[i % 5]},${i % 3 === 0 ? 'yes' : 'no'}`);
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

describe('language server: profiling a big source off the main thread', () => {
  let client: LspClient;
  let data: string;
  before(async () => {
    client = await LspClient.start();
    data = join(client.dir, 'big.csv');
    await writeBigCsv(data);
  });
  after(() => client.dispose());

  it('answers a completion while a 1M-row profile is computed', async () => {
    const spec = (target: string): string => `data: ${JSON.stringify(data)}\ntarget: ${target}\nexclude: [id]\n`;
    const uri = await client.open('big.automl', spec('y'));
    // The first target's profile: the file is read (and kept) by then.
    await client.waitForPublish(uri, client.documentVersion, 2);

    // A second target needs a second profile of the kept frame: in the server's thread this
    // would start right after the header-based diagnostics and hold every request until done.
    await client.change(uri, spec('x'));
    const version = client.documentVersion;
    await client.waitForPublish(uri, version, 1);
    const events: string[] = [];
    const profiled = client.waitForPublish(uri, version, 2).then(() => events.push('profile diagnostics'));
    const completed = client
      .request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 'exclude: ['.length } })
      .then((items) => {
        events.push('completion');
        return items;
      });
    const items = await completed;
    await profiled;
    assert.deepEqual(events, ['completion', 'profile diagnostics']);
    assert.deepEqual(
      items.map((item) => item.label),
      ['id', 'x', 'z', 'c', 'y'],
    );
  });
});
