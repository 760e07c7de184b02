import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CSV_HEAD_BYTES, CsvReader, planCsvHead, readCsvBytes } from '../../src/engine/data/csvReader';
import type { ColumnType } from '../../src/engine/data/frame';
import { CancelledError, DataError } from '../../src/engine/errors';
import { readCsvFile, type ReadFileOptions } from '../../src/node/readCsvFile';
import { splitByCost } from '../../src/node/readCsvFileParallel';
import { Rng } from '../../src/engine/random';

/**
 * The two-thread reader against the sequential one: same frame, same report, same errors. The
 * worker is the real bundle `node esbuild.mjs --tests` writes to dist/ (tests run from the
 * repository root), forced on with `parallel: true` since these files are small.
 */
const WORKER = join(process.cwd(), 'dist', 'csvReadWorker.js');
const encoder = new TextEncoder();

/** A seeded uniform [0, 1) source, so generated data are the same on every run. */
function random(seed: number): () => number {
  const generator = new Rng(seed);
  return () => generator.next();
}

const CITIES = ['"Springfield, IL"', '"Riverside, CA"', 'Oslo', '"Paris, FR"', 'Lima'];
const PRODUCTS = ['Widget', '"Widget ""XL"", blue"', '"Gadget ""mini"""', 'Gizmo'];
const WORDS = ['quick', 'brown', 'fox', 'lazy', 'dog', 'jumps', 'over', 'river', 'stone', 'cloud', 'amber', 'delta'];

/**
 * A mixed CSV of every column kind: an integer row id, a string id, floats with missing tokens and
 * malformed values, integers, yes/no booleans, categoricals with quoted commas and escaped quotes,
 * ISO dates, datetimes and free text; plus a blank line, a short and a long row.
 */
function mixedCsv(rows: number, seed: number): string {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const lines = ['row,order_id,price,qty,member,city,product,signup,seen,comment,score'];
  for (let i = 0; i < rows; i++) {
    const u = next();
    const price = u < 0.01 ? 'NA' : u < 0.015 ? '' : u < 0.017 ? 'abc' : (next() * 1000).toFixed(2);
    const qty = next() < 0.01 ? 'null' : String(Math.floor(next() * 50));
    const day = 1 + Math.floor(next() * 28);
    const month = 1 + Math.floor(next() * 12);
    const date = `20${10 + Math.floor(next() * 14)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const time = `${String(Math.floor(next() * 24)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}:07`;
    const words = Array.from({ length: 3 + Math.floor(next() * 6) }, () => pick(WORDS)).join(' ');
    const comment = next() < 0.02 ? '-' : `"${words}, no. ${i}"`;
    const score = next() < 0.01 ? '?' : (next() * 2 - 1).toExponential(3);
    lines.push(
      [i + 1, `ORD-${(i * 7919) % 1_000_003}`, price, qty, pick(['yes', 'no']), pick(CITIES), pick(PRODUCTS), date, `${date} ${time}`, comment, score].join(','),
    );
    if (i === 1000) lines.push('');
    if (i === 2000) lines.push('900001,ORD-short,1.5');
    if (i === 3000) lines.push('900002,ORD-long,1.5,2,yes,Oslo,Gizmo,2020-01-01,2020-01-01 00:00:00,"a b c",0.5,extra,fields');
  }
  return `${lines.join('\n')}\n`;
}

describe('parallel CSV read (columns split between two threads)', () => {
  let dir: string;
  let mixed: string;

  before(() => {
    assert.ok(existsSync(WORKER), `${WORKER} exists (built by node esbuild.mjs --tests)`);
    dir = mkdtempSync(join(tmpdir(), 'automl-parallel-'));
    mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, mixedCsv(30_000, 7));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Uint8Array): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const parallel = (file: string, options: ReadFileOptions = {}) => readCsvFile(file, { ...options, parallel: true, workerScript: WORKER });
  const sequential = (file: string, options: ReadFileOptions = {}) => readCsvFile(file, { ...options, parallel: false });

  it('gives the same frame and report as a sequential read, for every column kind', async () => {
    const expected = await sequential(mixed);
    const types = Object.fromEntries(expected.frame.columns.map((c) => [c.name, c.type]));
    // The file really holds every kind (otherwise the comparison proves less than it claims).
    assert.deepEqual(types, {
      row: 'id',
      order_id: 'id',
      price: 'float',
      qty: 'integer',
      member: 'boolean',
      city: 'categorical',
      product: 'categorical',
      signup: 'datetime',
      seen: 'datetime',
      comment: 'text',
      score: 'float',
    });
    assert.equal(expected.report.raggedRows.count, 2);
    assert.equal(expected.report.blankLines, 1);
    assert.ok(expected.report.badValues.some((b) => b.column === 'price'));
    assert.ok(expected.report.parseIssueCount >= 2);
    const actual = await parallel(mixed);
    assert.deepStrictEqual(actual, expected);
  });

  it('is the same with small chunks, a subset of columns, a forced type and ragged rows dropped', async () => {
    const options: ReadFileOptions = { chunkBytes: 50_000, columns: [9, 2, 4, 7], types: { qty: 'float' }, raggedRows: 'drop' };
    assert.deepStrictEqual(await parallel(mixed, options), await sequential(mixed, options));
  });

  it('uses the worker for the upper half, reviving its DataError with message and line', async () => {
    const fake = write(
      'fakeWorker.js',
      "const { parentPort } = require('node:worker_threads');\n" +
        "parentPort.once('message', () => parentPort.postMessage({ kind: 'error', error: { name: 'DataError', message: 'from the worker', line: 7 } }));\n",
    );
    await assert.rejects(readCsvFile(mixed, { parallel: true, workerScript: fake }), (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.equal(error.message, 'from the worker');
      assert.equal(error.line, 7);
      return true;
    });
    // 'auto' leaves small files to one thread: the fake worker is never asked.
    const { frame } = await readCsvFile(mixed, { parallel: 'auto', workerScript: fake });
    assert.equal(frame.columns.length, 11);
  });

  it('reads the half of a crashed worker in this thread', async () => {
    const crashing = write('crashingWorker.js', "throw new Error('boom');\n");
    assert.deepStrictEqual(await readCsvFile(mixed, { parallel: true, workerScript: crashing }), await sequential(mixed));
  });

  it('throws the sequential read’s DataError for a ragged row under raggedRows: error', async () => {
    const options: ReadFileOptions = { raggedRows: 'error' };
    const expected = await sequential(mixed, options).then(
      () => assert.fail('the sequential read should fail'),
      (error: unknown) => error,
    );
    assert.ok(expected instanceof DataError);
    assert.equal(expected.line, 2004);
    await assert.rejects(parallel(mixed, options), (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.equal(error.message, expected.message);
      assert.equal(error.line, expected.line);
      return true;
    });
  });

  it('throws the sequential read’s DataError for a forced type that does not fit, in either half', async () => {
    const cases: Readonly<Record<string, ColumnType>>[] = [{ score: 'integer' }, { price: 'integer' }, { price: 'integer', score: 'integer' }];
    for (const types of cases) {
      const expected = await sequential(mixed, { types }).then(
        () => assert.fail('the sequential read should fail'),
        (error: unknown) => error,
      );
      assert.ok(expected instanceof DataError);
      await assert.rejects(parallel(mixed, { types }), (error: unknown) => {
        assert.ok(error instanceof DataError, String(error));
        assert.equal(error.message, expected.message);
        return true;
      });
    }
  });

  it('decodes both halves as windows-1252 when only one half meets non-UTF-8 bytes after the head', async () => {
    // Column `utf` holds valid UTF-8 (C3 A9), `latin` a Latin-1 é (E9) only past the first MiB:
    // the head cannot tell, the halves disagree, and the UTF-8 half must be re-read.
    const rows: string[] = ['utf,latin'];
    let bytes = 10;
    for (let i = 0; bytes < CSV_HEAD_BYTES * 1.5; i++) {
      const row = `caf\u00e9 ${i % 50},${bytes > CSV_HEAD_BYTES * 1.2 && i % 10 === 0 ? 'r\u00e9sum\u00e9' : 'plain'} ${i % 40}`;
      rows.push(row);
      bytes += row.length + 3;
    }
    const text = `${rows.join('\n')}\n`;
    const latin = new Uint8Array(text.length * 2);
    let n = 0;
    for (const line of text.split(/(?<=\n)/)) {
      const [utf, rest] = line.split(',');
      // `utf` as UTF-8, the rest as Latin-1 (one byte per char).
      const head = encoder.encode(rest === undefined ? utf : `${utf},`);
      latin.set(head, n);
      n += head.length;
      for (const ch of rest ?? '') latin[n++] = ch.charCodeAt(0);
    }
    const file = write('latin-late.csv', latin.subarray(0, n));
    const plan = planCsvHead(latin.subarray(0, CSV_HEAD_BYTES));
    assert.equal(plan?.encoding, undefined, 'the head alone does not show it');
    const expected = await sequential(file);
    assert.equal(expected.report.encoding, 'windows-1252');
    const actual = await parallel(file);
    assert.deepStrictEqual(actual, expected);
  });

  it('forces windows-1252 on both halves when the head already shows non-UTF-8 text', async () => {
    const lines = ['utf,n,latin'];
    for (let i = 0; i < 20_000; i++) lines.push(`caf\u00e9 ${i % 9},${i},na\u00efve ${i % 7}`);
    const text = `${lines.join('\n')}\n`;
    // The whole file as Latin-1, except `utf` which stays UTF-8 bytes.
    const bytes = Uint8Array.from(text.replace(/caf\u00e9/g, 'caf\u00c3\u00a9'), (ch) => ch.charCodeAt(0));
    const file = write('latin-head.csv', bytes);
    assert.equal(planCsvHead(bytes, {}, true)?.encoding, 'windows-1252');
    const expected = await sequential(file);
    assert.equal(expected.report.encoding, 'windows-1252');
    assert.deepStrictEqual(await parallel(file), expected);
  });

  it('reports progress up to the file size, never backwards', async () => {
    const seen: number[] = [];
    let total = 0;
    await parallel(mixed, {
      chunkBytes: 64 * 1024,
      onProgress: (read, size) => {
        seen.push(read);
        total = size;
      },
    });
    assert.ok(seen.length > 5, 'several reports');
    assert.ok(seen.every((v, i) => i === 0 || v > seen[i - 1]), 'increasing');
    assert.equal(seen[seen.length - 1], total);
  });

  it('stops with CancelledError when the signal is aborted, before or during the read', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(parallel(mixed, { signal: aborted.signal }), CancelledError);
    const controller = new AbortController();
    await assert.rejects(
      parallel(mixed, {
        chunkBytes: 16 * 1024,
        signal: controller.signal,
        onProgress: (read) => {
          if (read > 1_500_000) controller.abort();
        },
      }),
      CancelledError,
    );
  });

  it('reads a one-column file in one thread, with the same result', async () => {
    const file = write('one.csv', `x\n${Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? '' : String(i))).join('\n')}\n`);
    assert.deepStrictEqual(await parallel(file), await sequential(file));
  });

  it('fails clearly when a forced split names a worker script that does not exist', async () => {
    await assert.rejects(readCsvFile(mixed, { parallel: true, workerScript: join(dir, 'nope.js') }), /CSV read worker not found/);
  });
});

describe('CsvReader columns, encoding and plan', () => {
  const text = mixedCsv(3000, 11);
  const bytes = encoder.encode(text);

  it('builds only the chosen columns, in header order, with the full read’s report otherwise', () => {
    const full = readCsvBytes(bytes);
    const some = readCsvBytes(bytes, { columns: [9, 2, 2, 5] });
    assert.deepStrictEqual(some.frame.columns, [2, 5, 9].map((j) => full.frame.columns[j]));
    assert.equal(some.frame.rowCount, full.frame.rowCount);
    const names = new Set(['price', 'city', 'comment']);
    assert.deepStrictEqual(some.report, { ...full.report, badValues: full.report.badValues.filter((b) => names.has(b.column)) });
    assert.throws(() => readCsvBytes(bytes, { columns: [11] }), RangeError);
    assert.throws(() => readCsvBytes(bytes, { columns: [-1] }), RangeError);
  });

  it('reads with a plan from planCsvHead exactly as without one', () => {
    const plan = planCsvHead(bytes, {}, true);
    assert.ok(plan);
    assert.equal(plan.names.length, 11);
    assert.equal(plan.costs.length, 11);
    assert.ok(plan.costs.every((c) => c > 0));
    assert.deepStrictEqual(readCsvBytes(bytes, { plan, columns: [1, 3] }), readCsvBytes(bytes, { columns: [1, 3] }));
    // The plan is plain data: it survives a structured clone (as when posted to a worker).
    assert.deepStrictEqual(readCsvBytes(bytes, { plan: structuredClone(plan) }), readCsvBytes(bytes));
  });

  it('reads with a plan from the very first bytes, a byte-order mark included', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('a,b\n1,x\n2,y\n')]);
    const plan = planCsvHead(withBom, {}, true);
    assert.ok(plan);
    const reader = new CsvReader({ plan, columns: [1] });
    for (let i = 0; i < withBom.length; i++) reader.push(withBom.subarray(i, i + 1));
    assert.deepStrictEqual(reader.finish(), readCsvBytes(withBom, { columns: [1] }));
  });

  it('decodes as the forced encoding', () => {
    const latin = Uint8Array.from('name\ncaf\u00c3\u00a9\nb\u00e4r\n', (ch) => ch.charCodeAt(0));
    assert.equal(readCsvBytes(latin).report.encoding, 'windows-1252');
    const forced = readCsvBytes(encoder.encode('name\ncaf\u00e9\nbar\n'), { encoding: 'windows-1252' });
    assert.equal(forced.report.encoding, 'windows-1252');
    const column = forced.frame.columns[0];
    assert.equal(column.storage, 'categorical');
    assert.deepEqual(column.storage === 'categorical' ? column.dictionary : [], ['caf\u00c3\u00a9', 'bar']);
  });

  it('splits columns into two contiguous runs of about equal cost', () => {
    assert.deepEqual(splitByCost([0, 1, 2, 3], [1, 1, 1, 1]), [[0, 1], [2, 3]]);
    assert.deepEqual(splitByCost([0, 1, 2, 3], [5, 1, 1, 1]), [[0], [1, 2, 3]]);
    assert.deepEqual(splitByCost([0, 1], [1, 100]), [[0], [1]]);
    assert.deepEqual(splitByCost([2, 5, 9], [0, 0, 1, 0, 0, 1, 0, 0, 0, 2]), [[2, 5], [9]]);
  });
});
