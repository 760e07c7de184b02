import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cellText, PLAIN_NUMBER_FORMAT, type Column, type ColumnType, type Frame } from '../../../src/engine/data/frame';
import type { InputField } from '../../../src/engine/data/inputField';
import { CancelledError, DataError } from '../../../src/engine/errors';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { openSource } from '../../../src/node/sources/openSource';
import { REPO_ROOT } from '../../publicDatasets';

/**
 * The Parquet source on files DuckDB wrote (test/fixtures/parquet/make_fixtures.mjs): every type it
 * reads gives the values and column types of the same table written by DuckDB as CSV and read by
 * our CSV reader; the types it does not read are left out and named; compression codecs, row
 * groups, peeks, user types, a model's fields and damaged files.
 */
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'parquet');
const fixture = (name: string): string => join(FIXTURES, name);
const read = (name: string, options = {}) => openSource({ kind: 'parquet', path: fixture(name) }).read(options);

function column(frame: Frame, name: string): Column {
  const found = frame.columns.find((c) => c.name === name);
  assert.ok(found, `no column '${name}' among ${frame.columns.map((c) => c.name).join(', ')}`);
  return found;
}

/** Every column of `expected` is in `actual` with the same type and, row by row, the same value. */
function assertSameCells(actual: Frame, expected: Frame): void {
  assert.equal(actual.rowCount, expected.rowCount);
  assert.deepEqual(actual.columns.map((c) => [c.name, c.type]), expected.columns.map((c) => [c.name, c.type]));
  for (const want of expected.columns) {
    const got = column(actual, want.name);
    for (let row = 0; row < expected.rowCount; row++) {
      assert.equal(cellText(got, row), cellText(want, row), `'${want.name}', row ${row + 1}`);
    }
  }
}

const LEFT_OUT = [
  ['tags', 'a list'],
  ['pair', 'a struct'],
  ['lookup', 'a map'],
  ['span', 'FIXED_LEN_BYTE_ARRAY (INTERVAL)'],
  ['clock', 'INT64 (TIME, MICROS)'],
  ['raw', 'BYTE_ARRAY holding binary data, not UTF-8 text'],
];

describe('Parquet source: types (DuckDB-written fixtures)', () => {
  it('reads every supported type as the CSV of the same table reads', async () => {
    const parquet = await read('types.parquet');
    const csv = await readCsvFile(fixture('types.csv'));
    assertSameCells(parquet.frame, csv.frame);
    assert.deepEqual(
      parquet.frame.columns.map((c) => c.type),
      ['id', 'integer', 'integer', 'integer', 'float', 'float', 'boolean', 'categorical', 'id', 'datetime', 'datetime', 'datetime', 'datetime', 'float', 'float', 'float', 'categorical', 'categorical'],
    );
  });

  it('converts stored values exactly: unsigned and 64-bit integers, float32, decimals, dates and timestamps before and after 1970', async () => {
    const { frame } = await read('types.parquet');
    const value = (name: string, row: number): number => {
      const c = column(frame, name);
      assert.ok(c.storage !== 'categorical');
      return c.values[row];
    };
    assert.equal(value('unsigned_int', 0), 4_000_000_000);
    assert.equal(value('unsigned_int', 2), 4_000_000_000 - 14);
    assert.equal(value('big_int', 2), 2 * 1_000_003 - 20_000_000);
    assert.equal(value('single', 1), 0.1);
    assert.equal(value('single', 3), 0.3);
    assert.equal(value('dec_small', 0), -7);
    assert.equal(value('dec_mid', 1), -8764.433);
    assert.equal(value('dec_big', 1), -24690.5679);
    assert.equal(value('day', 0), Date.UTC(1969, 11, 20));
    assert.equal(value('stamp_ms', 1), Date.UTC(2021, 2, 4, 6, 6, 7, 89));
    assert.equal(value('stamp_us', 1), Date.UTC(1965, 2, 4, 5, 7, 8, 123));
    assert.equal(value('stamp_ns', 0), Date.UTC(2021, 2, 4, 5, 6, 7, 500));
    assert.ok(Number.isNaN(value('double', 4)), 'a null is missing');
    assert.equal(cellText(column(frame, 'legacy_text'), 1), 'legacy 1', 'a bare BYTE_ARRAY of UTF-8 is text');
  });

  it('leaves out nested, interval, time-of-day and binary columns, naming each with its type', async () => {
    const { frame, report, source } = await read('types.parquet');
    for (const [name] of LEFT_OUT) assert.ok(!frame.columns.some((c) => c.name === name), name);
    assert.deepEqual(
      report.parseIssues.map((issue) => issue.message),
      LEFT_OUT.map(([name, type]) => `column '${name}' (${type}) was left out: the reader does not read nested, interval, time-of-day or binary Parquet columns`),
    );
    assert.equal(report.positions, 'row');
    assert.equal(report.lines, 300);
    const bytes = readFileSync(fixture('types.parquet')).length;
    assert.deepEqual(source, { kind: 'parquet', file: 'types.parquet', bytes });
  });

  it('reads row groups whose text dictionaries differ, in row order, codes in order of appearance', async () => {
    const parquet = await read('groups.parquet');
    const csv = await readCsvFile(fixture('groups.csv'));
    assertSameCells(parquet.frame, csv.frame);
    const color = column(parquet.frame, 'color');
    assert.ok(color.storage === 'categorical');
    assert.deepEqual(color.dictionary, (csv.frame.columns[1] as typeof color).dictionary);
    assert.deepEqual(color.codes, (csv.frame.columns[1] as typeof color).codes);
  });

  it('reads snappy, gzip, zstd, brotli, lz4 and uncompressed files, and Parquet 2 encodings (delta, byte stream split), alike', async () => {
    const { frame } = await read('codec-snappy.parquet');
    assert.equal(frame.rowCount, 1200);
    assert.deepEqual(frame.columns.map((c) => [c.name, c.type]), [
      ['n', 'id'],
      ['wave', 'float'],
      ['offset_days', 'integer'],
      ['region', 'categorical'],
      ['label', 'categorical'],
      ['flagged', 'boolean'],
      ['day', 'datetime'],
    ]);
    assert.equal(cellText(column(frame, 'wave'), 1), String(Math.sin(1) * 100));
    for (const name of ['codec-gzip.parquet', 'codec-zstd.parquet', 'codec-brotli.parquet', 'codec-lz4.parquet', 'codec-uncompressed.parquet', 'v2.parquet']) {
      assert.deepEqual((await read(name)).frame, frame, name);
    }
  });
});

describe('Parquet source: peek', () => {
  it('reads the first rows of each column as the whole read does', async () => {
    const source = openSource({ kind: 'parquet', path: fixture('groups.parquet') });
    const { frame } = await source.read();
    const peek = await source.peek({ rows: 100 });
    assert.deepEqual(peek.columns, ['n', 'color', 'level']);
    assert.equal(peek.partial, true);
    assert.equal(peek.frame.rowCount, 100);
    for (const c of peek.frame.columns) {
      for (let row = 0; row < 100; row++) assert.equal(cellText(c, row), cellText(column(frame, c.name), row));
    }
  });

  it('reads across row groups when asked for more rows than the first holds, and all of a small file', async () => {
    const source = openSource({ kind: 'parquet', path: fixture('groups.parquet') });
    const peek = await source.peek({ rows: 3000 });
    assert.equal(peek.frame.rowCount, 3000);
    assert.equal(cellText(column(peek.frame, 'n'), 2999), '2999');
    const whole = await openSource({ kind: 'parquet', path: fixture('types.parquet') }).peek();
    assert.equal(whole.partial, false);
    assert.equal(whole.frame.rowCount, 300);
  });
});

describe('Parquet source: user types and model fields', () => {
  it('reads columns the user typed as the CSV reader reads them with the same types', async () => {
    const types: Record<string, ColumnType> = { n: 'integer', small_int: 'categorical', flag: 'categorical', day: 'text', color: 'text', single: 'float', note: 'categorical' };
    const parquet = await read('types.parquet', { types });
    const csv = await readCsvFile(fixture('types.csv'), { types });
    assertSameCells(parquet.frame, csv.frame);
    assert.equal(column(parquet.frame, 'day').type, 'text');
  });

  it('writes a timestamp typed as text in ISO 8601 (Parquet keeps no text of its own for it)', async () => {
    const { frame } = await read('types.parquet', { types: { stamp_ms: 'text' } });
    assert.equal(column(frame, 'stamp_ms').type, 'text');
    assert.equal(cellText(column(frame, 'stamp_ms'), 1), '2021-03-04T06:06:07.089Z');
  });

  it('says which value breaks a type the user set, and which column a type was set for in vain', async () => {
    await assert.rejects(read('types.parquet', { types: { double: 'integer' } }), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.message, "column 'double' was set to integer but holds -2.75 (row 2)");
      return true;
    });
    await assert.rejects(read('types.parquet', { types: { tags: 'text' } }), /a type was set for column 'tags', which holds a list, a type the reader does not read/);
    await assert.rejects(read('types.parquet', { types: { nope: 'text' } }), /a type was set for column 'nope', which the file does not have/);
  });

  it("reads a model's fields as the CSV reader does, stored values as they are", async () => {
    const fields: InputField[] = [
      { kind: 'number', name: 'double', optional: true, format: PLAIN_NUMBER_FORMAT },
      { kind: 'category', name: 'small_int', optional: true, text: false },
      { kind: 'number', name: 'color', optional: true, format: PLAIN_NUMBER_FORMAT },
      { kind: 'category', name: 'note', optional: true, text: true },
    ];
    const parquet = await read('types.parquet', { schema: fields });
    const csv = await readCsvFile(fixture('types.csv'), { schema: fields });
    assertSameCells(parquet.frame, csv.frame);
    assert.deepEqual(parquet.report.badValues, csv.report.badValues.map((bad) => ({ ...bad, examples: bad.examples.map((e) => ({ ...e, line: e.line - 1 })) })));
  });

  it('gives stored booleans, dates and numbers to fields whatever text they were trained on', async () => {
    const decimalComma = { decimalSeparator: ',', thousandsSeparator: '.', percent: false, currency: '' } as const;
    const fields: InputField[] = [
      { kind: 'boolean', name: 'flag', optional: true, labels: ['no', 'yes'] },
      { kind: 'date', name: 'day', optional: true, order: 'dmy', hasTime: false },
      { kind: 'number', name: 'big_int', optional: true, format: decimalComma },
    ];
    const plain = (await read('types.parquet')).frame;
    const { frame } = await read('types.parquet', { schema: fields });
    const flag = column(frame, 'flag');
    assert.ok(flag.storage === 'categorical');
    assert.equal(flag.type, 'boolean');
    assert.deepEqual(flag.dictionary, ['no', 'yes']);
    assert.equal(cellText(flag, 0), 'yes');
    assert.equal(cellText(flag, 1), 'no');
    for (const name of ['day', 'big_int']) {
      assert.deepEqual((column(frame, name) as { values: Float64Array }).values, (column(plain, name) as { values: Float64Array }).values, name);
    }
  });

  it('stops at a missing value a model requires, naming the column and the row', async () => {
    const fields: InputField[] = [{ kind: 'number', name: 'double', optional: false, format: PLAIN_NUMBER_FORMAT }];
    await assert.rejects(read('types.parquet', { schema: fields }), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.message, "row 5: 'double' is empty (59 more rows like it); the model needs a number there, as it never saw 'double' missing in training");
      return true;
    });
  });

  it('names the columns a model needs that the file lacks or holds in a type the reader does not read', async () => {
    const lacking: InputField[] = [{ kind: 'category', name: 'missing_column', optional: true, text: false }];
    await assert.rejects(read('types.parquet', { schema: lacking }), /the data lacks the column\(s\) the model needs: 'missing_column'/);
    const nested: InputField[] = [{ kind: 'category', name: 'pair', optional: true, text: false }];
    await assert.rejects(read('types.parquet', { schema: nested }), /the model needs column 'pair', which holds a struct, a type the reader does not read/);
  });
});

describe('Parquet source: damaged files, cancellation, progress', () => {
  it('says a cut file is not a complete Parquet file, when reading and when peeking', async () => {
    const path = fixture('truncated.parquet');
    const message = `${path} is not a complete Parquet file: its footer is missing (the file is cut short)`;
    await assert.rejects(openSource({ kind: 'parquet', path }).read(), (error: Error) => error instanceof DataError && error.message === message);
    await assert.rejects(openSource({ kind: 'parquet', path }).peek(), (error: Error) => error instanceof DataError && error.message === message);
  });

  it('says which row group and column of a damaged file do not decode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'automl-parquet-'));
    const bytes = readFileSync(fixture('codec-snappy.parquet'));
    // The first column chunk starts after the 4-byte marker; zeros in its compressed page break it.
    bytes.fill(0, 40, 104);
    const path = join(dir, 'damaged.parquet');
    writeFileSync(path, bytes);
    await assert.rejects(openSource({ kind: 'parquet', path }).read(), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a complete Parquet file: row group 1, column 'n': `));
      return true;
    });
  });

  it('says a file without rows holds none, as the CSV reader does', async () => {
    const path = fixture('empty.parquet');
    await assert.rejects(openSource({ kind: 'parquet', path }).read(), { name: 'DataError', message: `${path} holds no rows (only the names and types of its columns)` });
  });

  it('says a file that is not Parquet at all lacks its markers, a missing file is not found and a folder is no file', async () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'automl-parquet-')), 'data.parquet');
    copyFileSync(fixture('types.csv'), csv);
    await assert.rejects(openSource({ kind: 'parquet', path: csv }).read(), new RegExp('is not a complete Parquet file: it lacks the PAR1 markers of Parquet files'));
    await assert.rejects(openSource({ kind: 'parquet', path: fixture('nothing.parquet') }).read(), /^DataError: file not found: .*nothing\.parquet$/);
    await assert.rejects(openSource({ kind: 'parquet', path: FIXTURES }).read(), { name: 'DataError', message: `${FIXTURES} is a folder, not a Parquet file` });
  });

  it('stops when cancelled, and reports progress in bytes up to the whole', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(read('groups.parquet', { signal: controller.signal }), CancelledError);
    const fractions: number[] = [];
    let last: { read: number; total: number } | undefined;
    await read('groups.parquet', {
      onProgress: (fraction: number, bytes?: { read: number; total: number }) => {
        fractions.push(fraction);
        last = bytes;
      },
    });
    assert.deepEqual(fractions.length, 3, 'once per row group');
    assert.deepEqual([...fractions].sort((a, b) => a - b), fractions);
    assert.equal(fractions[2], 1);
    assert.ok(last !== undefined && last.read === last.total && last.total > 0);
  });
});
