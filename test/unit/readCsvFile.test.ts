import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CancelledError, DataError } from '../../src/engine/errors';
import { readDataHead } from '../../src/node/gzipSource';
import { readCsvFile } from '../../src/node/readCsvFile';

const dir = mkdtempSync(join(tmpdir(), 'automl-read-'));

function write(name: string, data: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** A mixed table (numbers, labels, dates, missing values, a quoted field with a newline). */
function mixedCsv(rows: number): string {
  const lines = ['id,price,city,day,note'];
  for (let i = 0; i < rows; i++) {
    const note = i % 97 === 0 ? '"two\nlines, quoted"' : i % 13 === 0 ? '' : `n${i % 7}`;
    lines.push(`${i},${(i * 1.25) % 400},${['Oslo', 'Lima', 'Pune'][i % 3]},2024-01-${String((i % 28) + 1).padStart(2, '0')},${note}`);
  }
  return `${lines.join('\n')}\n`;
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

describe('readCsvFile on gzip-compressed files', () => {
  const text = mixedCsv(20_000);
  const plainFile = write('mixed.csv', text);
  const gzFile = write('mixed.csv.gz', gzipSync(text));

  it('reads a .csv.gz into the same frame as the plain file, reporting both sizes', async () => {
    const plain = await readCsvFile(plainFile, { parallel: false });
    const inflated = await readCsvFile(gzFile, { chunkBytes: 4096 });
    assert.deepEqual(inflated.frame, plain.frame);
    assert.equal(inflated.report.bytes, Buffer.byteLength(text));
    assert.equal(inflated.report.compressedBytes, readFileSync(gzFile).length);
    assert.equal(plain.report.compressedBytes, undefined);
    assert.deepEqual({ ...inflated.report, compressedBytes: undefined }, { ...plain.report, compressedBytes: undefined });
  });

  it('knows gzip by its magic bytes, whatever the name, and .tsv.gz as tab-separated', async () => {
    const misnamed = await readCsvFile(write('really-gzip.csv', gzipSync('a,b\n1,x\n2,y\n')));
    assert.equal(misnamed.frame.rowCount, 2);
    const tsv = await readCsvFile(write('t.tsv.gz', gzipSync('a\tb, c\n1\tx, y\n')));
    assert.equal(tsv.report.delimiter, '\t');
    assert.deepEqual(tsv.frame.columns.map((c) => c.name), ['a', 'b, c']);
  });

  it('reads concatenated gzip members as one file', async () => {
    const file = write('members.csv.gz', Buffer.concat([gzipSync('a,b\n1,2\n'), gzipSync('3,4\n5,6\n')]));
    const { frame } = await readCsvFile(file);
    assert.equal(frame.rowCount, 3);
  });

  it('reports progress in compressed bytes, up to the file size', async () => {
    const size = readFileSync(gzFile).length;
    const seen: number[] = [];
    await readCsvFile(gzFile, { chunkBytes: 4096, onProgress: (read, total) => {
      assert.equal(total, size);
      seen.push(read);
    } });
    assert.ok(seen.length > 3, 'several chunks');
    assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]), 'never goes back');
    assert.equal(seen[seen.length - 1], size);
  });

  it('says a cut-off or damaged gzip file is one, naming it', async () => {
    const whole = gzipSync(text);
    const cut = write('cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    await assert.rejects(readCsvFile(cut), (e: unknown) => e instanceof DataError && e.message.includes(cut) && /ends early/.test(e.message));
    const damaged = Buffer.from(whole);
    for (let i = 20; i < 400; i++) damaged[i] ^= 0x5a;
    const bad = write('damaged.csv.gz', damaged);
    await assert.rejects(readCsvFile(bad), (e: unknown) => e instanceof DataError && e.message.includes(bad) && /damaged/.test(e.message));
  });

  it('stops with CancelledError when the signal is aborted', async () => {
    const controller = new AbortController();
    await assert.rejects(
      readCsvFile(gzFile, { chunkBytes: 1024, signal: controller.signal, onProgress: (read) => { if (read > 2048) controller.abort(); } }),
      CancelledError,
    );
  });

  it('reads the head of a data file, inflated when compressed', async () => {
    for (const file of [plainFile, gzFile]) {
      const handle = await open(file, 'r');
      try {
        assert.equal(Buffer.from(await readDataHead(handle, file, 1000)).toString('utf8'), text.slice(0, 1000));
        assert.equal((await readDataHead(handle, file, 10_000_000)).length, Buffer.byteLength(text));
      } finally {
        await handle.close();
      }
    }
  });
});
