import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PLAIN_NUMBER_FORMAT } from '../../../src/engine/data/frame';
import type { InputField } from '../../../src/engine/data/inputField';
import { CancelledError, DataError } from '../../../src/engine/errors';
import { readParquetFile, type ParquetReadOptions } from '../../../src/node/sources/readParquetFile';
import { REPO_ROOT } from '../../publicDatasets';

/**
 * A Parquet file read by two threads splitting its columns (this thread the lower half, the built
 * `dist/parquetReadWorker.js` the upper) gives exactly what one thread gives: the frame, the report,
 * or the error.
 */
const WORKER = join(REPO_ROOT, 'dist', 'parquetReadWorker.js');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'parquet');
const types = join(FIXTURES, 'types.parquet');
const groups = join(FIXTURES, 'groups.parquet');
const dir = mkdtempSync(join(tmpdir(), 'automl-parquet-parallel-'));

const sequential = (path: string, options: ParquetReadOptions = {}) => readParquetFile(path, { ...options, parallel: false });
const parallel = (path: string, options: ParquetReadOptions = {}) => readParquetFile(path, { ...options, parallel: true, workerScript: WORKER });

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('Parquet read split between two threads', () => {
  it('gives the frame and report of one thread: every type, left-out columns (one found binary by the worker), row groups', async () => {
    const expected = await sequential(types);
    assert.equal(expected.report.parseIssues.length, 6);
    assert.deepStrictEqual(await parallel(types), expected);
    assert.deepStrictEqual(await parallel(groups), await sequential(groups));
  });

  it("is the same with types the user set and a model's fields, bad values included", async () => {
    const fields: InputField[] = [
      { kind: 'number', name: 'color', optional: true, format: PLAIN_NUMBER_FORMAT },
      { kind: 'number', name: 'legacy_text', optional: true, format: PLAIN_NUMBER_FORMAT },
    ];
    const options: ParquetReadOptions = { types: { n: 'integer', day: 'text' }, schema: fields };
    const expected = await sequential(types, options);
    assert.equal(expected.report.badValues.length, 2);
    assert.deepStrictEqual(await parallel(types, options), expected);
  });

  it('throws the error one thread throws, whichever half meets it', async () => {
    const upper: InputField[] = [{ kind: 'number', name: 'dec_big', optional: false, format: PLAIN_NUMBER_FORMAT }];
    await assert.rejects(parallel(types, { schema: upper }), (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.equal(error.message, "row 8: 'dec_big' is empty (16 more rows like it); the model needs a number there, as it never saw 'dec_big' missing in training");
      return true;
    });
    await assert.rejects(sequential(types, { schema: upper }), { message: /^row 8: 'dec_big' is empty/ });
    // Both halves fail: the lower half's error comes first, as in file order.
    const both: InputField[] = [...upper, { kind: 'number', name: 'small_int', optional: false, format: PLAIN_NUMBER_FORMAT }];
    await assert.rejects(parallel(types, { schema: both }), { message: /^row 4: 'small_int' is empty/ });
  });

  it('reads the half of a worker that crashes in this thread', async () => {
    const crashing = write('crashingWorker.js', "throw new Error('boom');\n");
    assert.deepStrictEqual(await readParquetFile(groups, { parallel: true, workerScript: crashing }), await sequential(groups));
  });

  it('revives the DataError a worker reports', async () => {
    const failing = write(
      'failingWorker.js',
      "require('node:worker_threads').parentPort.postMessage({ kind: 'error', error: { name: 'DataError', message: 'from the worker', line: 3 } });\n",
    );
    await assert.rejects(readParquetFile(groups, { parallel: true, workerScript: failing }), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.message, 'from the worker');
      assert.equal(error.line, 3);
      return true;
    });
    // 'auto' leaves small files to one thread: the failing worker is never started.
    assert.equal((await readParquetFile(groups, { parallel: 'auto', workerScript: failing })).frame.rowCount, 4500);
  });

  it('stops both threads when cancelled, and sums their progress', async () => {
    const controller = new AbortController();
    const stalled = write('stalledWorker.js', 'setInterval(() => undefined, 1000);\n');
    const reading = readParquetFile(groups, { parallel: true, workerScript: stalled, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(reading, CancelledError);
    let last: [number, number] = [0, 0];
    await parallel(groups, { onProgress: (read, total) => (last = [read, total]) });
    assert.ok(last[0] > 0 && last[0] === last[1], `progress ended at ${last[0]} of ${last[1]}`);
  });

  it('says when a worker script given explicitly does not exist', async () => {
    await assert.rejects(readParquetFile(groups, { parallel: true, workerScript: join(dir, 'nope.js') }), /Parquet read worker not found/);
  });
});
