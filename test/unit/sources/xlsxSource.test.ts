import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cellText, countMissing, findColumn, type Column, type Frame } from '../../../src/engine/data/frame';
import { DataError } from '../../../src/engine/errors';
import { openSource } from '../../../src/node/sources/openSource';
import { REPO_ROOT } from '../../publicDatasets';
import { csvFrame, frameShape, holdoutScore } from './sameAsCsv';

/**
 * Workbooks written by LibreOffice (laid out by openpyxl, see test/fixtures/xlsx/generate.py):
 * the public datasets read into the frames their CSVs read into; titles, merged and two-row
 * headers, formulas, several sheets and several tables per sheet read as README.md says; broken,
 * encrypted and empty ones fail with a `DataError` naming the file.
 */

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'xlsx');
const DATASET_BOOKS = join(FIXTURES, 'datasets');

function read(file: string, sheet?: string | number) {
  return openSource({ kind: 'xlsx', path: join(FIXTURES, file), ...(sheet === undefined ? {} : { sheet }) }).read();
}

function column(frame: Frame, name: string): Column {
  const found = findColumn(frame, name);
  assert.ok(found, `column ${name}`);
  return found;
}

/** A column's cells as text ('' for missing), for compact assertions. */
function texts(frame: Frame, name: string): string[] {
  const c = column(frame, name);
  return Array.from({ length: frame.rowCount }, (_, r) => cellText(c, r) ?? '');
}

async function rejectsWith(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(error instanceof DataError, `${error.name}: ${error.message}`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

describe('Excel: public datasets converted by LibreOffice read as their CSV', () => {
  const books = readdirSync(DATASET_BOOKS).filter((f) => f.endsWith('.xlsx'));
  it('has the small datasets as committed workbooks', () => {
    assert.ok(books.length >= 8, books.join(', '));
  });
  for (const book of books) {
    const name = book.replace(/\.xlsx$/, '');
    it(`${name}: the CSV's frame`, async () => {
      const { frame, report, source } = await openSource({ kind: 'xlsx', path: join(DATASET_BOOKS, book) }).read();
      assert.deepEqual(frameShape(frame), frameShape(await csvFrame(name)));
      assert.equal(report.positions, 'row');
      assert.equal(report.lines, frame.rowCount + 1);
      assert.deepEqual(source, { kind: 'xlsx', file: book, sheet: name, bytes: statSync(join(DATASET_BOOKS, book)).size });
    });
  }
  for (const name of ['titanic', 'penguins', 'seattle_weather', 'concrete']) {
    it(`${name}: the same holdout score as the CSV`, async () => {
      const { frame } = await openSource({ kind: 'xlsx', path: join(DATASET_BOOKS, `${name}.xlsx`) }).read();
      assert.equal(holdoutScore(frame, name), holdoutScore(await csvFrame(name), name));
    });
  }
});

describe('Excel: where the table is', () => {
  it('finds the header below a title, a note and a blank row; dates, booleans and formulas keep their types', async () => {
    const { frame, report, source } = await read('titled.xlsx');
    assert.equal(source.sheet, 'Sales');
    assert.deepEqual(
      frame.columns.map((c) => [c.name, c.type, countMissing(c)]),
      [
        ['region', 'categorical', 0],
        ['units', 'integer', 1],
        ['price', 'float', 0],
        ['sold_on', 'datetime', 1],
        ['paid', 'boolean', 0],
        ['total', 'float', 0],
      ],
    );
    const soldOn = column(frame, 'sold_on');
    assert.equal(soldOn.storage, 'datetime');
    if (soldOn.storage === 'datetime') assert.deepEqual(Array.from(soldOn.values.slice(0, 3)), [Date.UTC(2024, 0, 15), Date.UTC(2024, 1, 3), Date.UTC(2024, 1, 29)]);
    // Cached formula results, a zero among them (units empty in that row).
    assert.deepEqual(texts(frame, 'total'), ['114', '85.75', '0', '232.5', '50']);
    assert.deepEqual(report.parseIssues, [{ line: 4, message: 'the header is row 4; rows 1–2 above it are titles, not data' }]);
    assert.equal(report.lines, 9);
  });

  it('names the columns under merged header cells from both header rows', async () => {
    const { frame, report } = await read('merged.xlsx');
    assert.deepEqual(frame.columns.map((c) => c.name), ['Region', 'Sales Q1', 'Sales Q2', 'Costs Q1', 'Costs Q2']);
    assert.deepEqual(texts(frame, 'Sales Q2'), ['120', '95', '75']);
    assert.deepEqual(texts(frame, 'Region'), ['North', 'South', 'East']);
    assert.deepEqual(report.renamedHeaders, []);
  });

  it('repeats a merged header name with a suffix when no second header row names the columns', async () => {
    const { frame, report } = await read('merged.xlsx', 'Scores');
    assert.deepEqual(frame.columns.map((c) => c.name), ['player', 'score', 'score_2']);
    assert.deepEqual(texts(frame, 'score_2'), ['4', '1', '2']);
    assert.deepEqual(report.renamedHeaders, [{ index: 2, from: 'score', to: 'score_2' }]);
  });

  it('reads the first of two tables stacked on a sheet and reports the second', async () => {
    const { frame, report } = await read('two_tables.xlsx', 'Stacked');
    assert.equal(frame.rowCount, 3);
    assert.deepEqual(frame.columns.map((c) => c.name), ['item', 'qty']);
    assert.deepEqual(report.parseIssues, [{ line: 6, message: 'more data below a blank row, from row 6 (another table?): only rows 2–4 are read' }]);
  });

  it('reads the first of two tables side by side and reports the second', async () => {
    const { frame, report } = await read('two_tables.xlsx', 'Side');
    assert.deepEqual(frame.columns.map((c) => c.name), ['item', 'qty']);
    assert.deepEqual(texts(frame, 'qty'), ['10', '25', '40']);
    assert.deepEqual(report.parseIssues, [{ line: 1, message: 'another table starts at column D, right of an empty column: only columns A–B are read' }]);
  });
});

describe('Excel: formulas', () => {
  it('reads cached results of every type, and error results as missing with a parse issue', async () => {
    const { frame, report } = await read('formulas.xlsx');
    assert.deepEqual(frame.columns.map((c) => [c.name, c.type]), [
      ['a', 'integer'],
      ['b', 'integer'],
      ['sum', 'integer'],
      ['ratio', 'float'],
      ['label', 'categorical'],
      ['due', 'datetime'],
      ['big', 'boolean'],
    ]);
    assert.deepEqual(texts(frame, 'ratio'), ['0.5', '', '1.25', '0.875']);
    assert.deepEqual(texts(frame, 'label'), ['small', 'big', 'big', 'big']);
    assert.deepEqual(texts(frame, 'due'), ['2024-01-01', '2024-01-03', '2024-01-05', '2024-01-07']);
    assert.equal(countMissing(column(frame, 'big')), 0);
    assert.equal(report.parseIssues.length, 1);
    assert.equal(report.parseIssues[0].line, 3);
    assert.match(report.parseIssues[0].message, /^formulas without a value in column D, from row 3: read as missing/);
  });

  it('reports formulas that were never computed (a workbook as openpyxl writes it)', async () => {
    const { frame, report } = await read('formulas_uncached.xlsx');
    assert.equal(countMissing(column(frame, 'sum')), 4);
    assert.deepEqual(report.parseIssues.map((i) => i.message.slice(0, 37)), ['C', 'D', 'E', 'F', 'G'].map((c) => `formulas without a value in column ${c},`));
    assert.match(report.parseIssues[0].message, /open and save it in Excel or LibreOffice/);
  });
});

describe('Excel: sheets', () => {
  it('lists the visible sheets to choose among, and none once a sheet is given', async () => {
    const source = openSource({ kind: 'xlsx', path: join(FIXTURES, 'several.xlsx') });
    assert.deepEqual(await source.choices?.(), { kind: 'sheet', names: ['Q1', 'Q2', 'Q3', 'Empty'] });
    assert.equal(await openSource({ kind: 'xlsx', path: join(FIXTURES, 'several.xlsx'), sheet: 'Q1' }).choices?.(), undefined);
  });

  it('reads the first sheet, or one by name (any case) or by 0-based index, hidden ones too', async () => {
    assert.deepEqual(texts((await read('several.xlsx')).frame, 'y'), ['1', '2', '3']);
    assert.deepEqual(texts((await read('several.xlsx', 'Q3')).frame, 'y'), ['21', '22', '23']);
    assert.deepEqual(texts((await read('several.xlsx', 'q2')).frame, 'y'), ['11', '12', '13']);
    const byIndex = await read('several.xlsx', 2);
    assert.equal(byIndex.source.sheet, 'Q3');
    assert.deepEqual(texts((await read('several.xlsx', 'Lookup')).frame, 'label'), ['one']);
  });

  it('reports an empty sheet and a sheet that is not there', async () => {
    await rejectsWith(read('several.xlsx', 'Empty'), "sheet 'Empty' of several.xlsx is empty");
    await rejectsWith(read('several.xlsx', 'Q4'), "several.xlsx has no sheet 'Q4'; its sheets: 'Q1', 'Q2', 'Q3', 'Empty', 'Lookup'");
    await rejectsWith(read('several.xlsx', 7), "several.xlsx has no sheet 7 (sheets count from 0); its sheets: 'Q1', 'Q2', 'Q3', 'Empty', 'Lookup'");
  });

  it('reads the text of a LibreOffice workbook every time (exceljs alone loses its shared strings now and then)', async () => {
    for (let i = 0; i < 60; i++) assert.deepEqual(texts((await read('several.xlsx', 'Q2')).frame, 'month'), ['Q2-1', 'Q2-2', 'Q2-3'], `read ${i}`);
  });

  it('peeks at the first rows', async () => {
    const peek = await openSource({ kind: 'xlsx', path: join(DATASET_BOOKS, 'titanic.xlsx') }).peek({ rows: 100 });
    assert.equal(peek.frame.rowCount, 100);
    assert.equal(peek.partial, true);
    assert.deepEqual(peek.columns, ['name', 'survived', 'sex', 'age', 'passengerClass']);
    const small = await openSource({ kind: 'xlsx', path: join(FIXTURES, 'titled.xlsx') }).peek({ rows: 100 });
    assert.equal(small.frame.rowCount, 5);
    assert.equal(small.partial, false);
  });
});

describe('Excel: files that are no readable workbook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'automl-xlsx-'));

  it('reports a password-protected workbook', async () => {
    const message = 'protected.xlsx is password-protected (encrypted): open it in Excel or LibreOffice and save it without a password, then read that copy';
    await rejectsWith(read('protected.xlsx'), message);
    await rejectsWith(openSource({ kind: 'xlsx', path: join(FIXTURES, 'protected.xlsx') }).choices?.() ?? Promise.resolve(), message);
  });

  /** titled.xlsx with 100 bytes of `part`'s compressed data overwritten. */
  function damaged(part: string): string {
    const bytes = readFileSync(join(FIXTURES, 'titled.xlsx'));
    const name = bytes.indexOf(part);
    const header = name - 30;
    assert.equal(bytes.readUInt32LE(header), 0x04034b50, `the local header of ${part}`);
    const data = name + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
    bytes.fill(0x55, data + 20, data + 120);
    const file = join(dir, `damaged-${part.replace(/\W/g, '_')}.xlsx`);
    writeFileSync(file, bytes);
    return file;
  }

  it('reports a workbook whose sheet or shared strings do not inflate (instead of waiting for ever)', async () => {
    for (const part of ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']) {
      await rejectsWith(openSource({ kind: 'xlsx', path: damaged(part) }).read(), new RegExp(`is not a readable \\.xlsx workbook: the entry ${part.replace(/\./g, '\\.')} does not inflate: `));
    }
  });

  it('reports a truncated workbook, a text file named .xlsx, an empty file and a missing one', async () => {
    await rejectsWith(read('truncated.xlsx'), 'truncated.xlsx is not a readable .xlsx workbook: no ZIP end-of-archive record (the file is truncated or not a ZIP archive)');
    const text = join(dir, 'notes.xlsx');
    writeFileSync(text, 'a,b\n1,2\n');
    await rejectsWith(openSource({ kind: 'xlsx', path: text }).read(), /^notes\.xlsx is not a readable \.xlsx workbook: no ZIP end-of-archive record/);
    const empty = join(dir, 'empty.xlsx');
    writeFileSync(empty, '');
    await rejectsWith(openSource({ kind: 'xlsx', path: empty }).read(), 'empty.xlsx is empty (0 bytes), not an Excel workbook');
    await rejectsWith(openSource({ kind: 'xlsx', path: join(dir, 'missing.xlsx') }).read(), /^file not found: .*missing\.xlsx$/);
  });
});
