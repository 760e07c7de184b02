import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError, DataError } from '../../src/engine/errors';
import { readCsvFile } from '../../src/node/readCsvFile';

const dir = mkdtempSync(join(tmpdir(), 'automl-read-'));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('readCsvFile', () => {
  it('streams a file in chunks and reports progress up to its size', async () => {
    const text = 'x,y\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i % 3}`).join('\n') + '\n';
    const file = write('progress.csv', text);
    const seen: number[] = [];
    const { frame } = await readCsvFile(file, { chunkBytes: 4096, onProgress: (read, total) => {
      assert.equal(total, Buffer.byteLength(text));
      seen.push(read);
    } });
    assert.equal(frame.rowCount, 5000);
    assert.ok(seen.length > 5, 'several chunks');
    assert.equal(seen[seen.length - 1], Buffer.byteLength(text));
  });

  it('reads .tsv files as tab-separated', async () => {
    const { frame, report } = await readCsvFile(write('t.tsv', 'a\tb, c\n1\tx, y\n'));
    assert.equal(report.delimiter, '\t');
    assert.deepEqual(frame.columns.map((c) => c.name), ['a', 'b, c']);
  });

  it('names a missing file or a folder in a DataError', async () => {
    await assert.rejects(readCsvFile(join(dir, 'nope.csv')), (e: unknown) => e instanceof DataError && /file not found/.test(e.message));
    await assert.rejects(readCsvFile(dir), (e: unknown) => e instanceof DataError && /folder/.test(e.message));
  });

  it('stops with CancelledError when the signal is aborted', async () => {
    const file = write('cancel.csv', 'x\n' + '1\n'.repeat(100_000));
    const controller = new AbortController();
    await assert.rejects(
      readCsvFile(file, { chunkBytes: 1024, onProgress: (read) => { if (read > 10_000) controller.abort(); }, signal: controller.signal }),
      CancelledError,
    );
  });
});
