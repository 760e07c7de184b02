import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { cellText, countMissing, PLAIN_NUMBER_FORMAT, type Column, type Frame } from '../../src/engine/data/frame';
import type { InputField } from '../../src/engine/data/inputField';
import { RecordFrameBuilder } from '../../src/engine/data/recordFrame';
import type { CellValue } from '../../src/engine/data/valueColumns';
import { DataError } from '../../src/engine/errors';
import { readCsvFile } from '../../src/node/readCsvFile';
import { datasetFile, readManifest } from '../publicDatasets';

/**
 * Frames from typed records (what JSON, spreadsheets, SQL and Parquet readers give) follow the CSV
 * reader's type inference: the same data gives the same columns in any format.
 */

/** A cell as a typed reader would hand it over: numbers as numbers, dates as `Date`s, the rest as text. */
function typedCell(column: Column, row: number): CellValue {
  if (column.storage === 'numeric') return Number.isNaN(column.values[row]) ? null : column.values[row];
  if (column.storage === 'datetime') return Number.isNaN(column.values[row]) ? null : new Date(column.values[row]);
  return cellText(column, row) ?? null;
}

function distinct(column: Column): number {
  const seen = new Set<number>();
  if (column.storage === 'categorical') {
    for (const c of column.codes) if (c >= 0) seen.add(c);
  } else {
    for (const v of column.values) if (v === v) seen.add(v);
  }
  return seen.size;
}

/** What the known-answer comparisons of sources compare: per column name, type, missing and distinct values. */
function shape(frame: Frame): { rows: number; columns: [string, string, number, number][] } {
  return { rows: frame.rowCount, columns: frame.columns.map((c) => [c.name, c.type, countMissing(c), distinct(c)]) };
}

function build(header: readonly string[], rows: readonly (readonly CellValue[])[], schema?: readonly InputField[]) {
  const builder = new RecordFrameBuilder({ positions: 'row', schema });
  builder.setColumns(header);
  rows.forEach((row, i) => builder.addRow(row, i + 2));
  return builder.finish({ bytes: 0, lines: rows.length + 1 });
}

describe('frames from typed records', () => {
  for (const entry of readManifest()) {
    it(`${entry.name}: typed rows give the columns the CSV reader gives`, async () => {
      const { frame } = await readCsvFile(datasetFile(entry.name));
      const rows = Array.from({ length: frame.rowCount }, (_, r) => frame.columns.map((c) => typedCell(c, r)));
      const rebuilt = build(frame.columns.map((c) => c.name), rows).frame;
      assert.deepEqual(shape(rebuilt), shape(frame));
    });
  }

  it('reads text that holds numbers, dates, booleans and missing tokens as the CSV reader does', () => {
    const { frame } = build(['n', 'd', 'b', 't'], [
      ['1.5', '2024-01-02', true, 'x'],
      ['NA', '2024-02-03', false, 'y'],
      [' 3 ', null, true, 'x'],
    ]);
    assert.deepEqual(frame.columns.map((c) => [c.name, c.type]), [['n', 'float'], ['d', 'datetime'], ['b', 'boolean'], ['t', 'categorical']]);
    assert.deepEqual(Array.from((frame.columns[0] as { values: Float64Array }).values), [1.5, NaN, 3]);
  });

  it('adds the fields of later records as columns, missing before', () => {
    const builder = new RecordFrameBuilder({ positions: 'record' });
    builder.addRecord([['a', 1]], 1);
    builder.addRecord([['a', 2], ['b', 'x']], 2);
    builder.addRecord([['b', 'y']], 3);
    const { frame } = builder.finish({ bytes: 0, lines: 3 });
    assert.deepEqual(frame.columns.map((c) => Array.from({ length: frame.rowCount }, (_, r) => cellText(c, r) ?? null)), [
      ['1', '2', null],
      [null, 'x', 'y'],
    ]);
  });

  it('reports a field whose type changes between records, once, with its record', () => {
    const builder = new RecordFrameBuilder({ positions: 'record' });
    const ages: CellValue[] = [...Array.from({ length: 40 }, (_, i) => 20 + i), 'n/a', 'seven', 61, 'eight'];
    ages.forEach((age, i) => builder.addRecord([['age', age]], i + 1));
    const { frame, report } = builder.finish({ bytes: 0, lines: ages.length });
    // 'n/a' is a missing token, not a change of type; 'seven' is.
    assert.deepEqual(report.parseIssues, [{ line: 42, message: `'age' holds the text "seven" where earlier records hold numbers` }]);
    // As in a CSV file: two values in 43 that are not numbers are bad values of a numeric column.
    assert.equal(frame.columns[0].type, 'integer');
    assert.deepEqual(report.badValues, [{ column: 'age', count: 2, examples: [{ line: 42, value: 'seven' }, { line: 44, value: 'eight' }] }]);
  });

  it('renames empty and repeated headers as the CSV reader does', () => {
    const { frame, report } = build(['id', '', 'id'], [[1, 2, 3]]);
    assert.deepEqual(frame.columns.map((c) => c.name), ['id', 'column_2', 'id_2']);
    assert.equal(report.renamedHeaders.length, 2);
  });

  it('takes typed values into a model\'s fields as the exported module does, whatever text format they were trained on', () => {
    const price: InputField = { kind: 'number', name: 'price', optional: true, format: { ...PLAIN_NUMBER_FORMAT, decimalSeparator: ',', thousandsSeparator: '.' } };
    const member: InputField = { kind: 'boolean', name: 'member', optional: true, labels: ['no', 'yes'] };
    const joined: InputField = { kind: 'date', name: 'joined', optional: true, order: 'dmy', hasTime: false };
    const { frame, report } = build(['price', 'member', 'joined'], [
      [1.5, true, new Date(Date.UTC(2020, 4, 6))],
      ['2,25', false, '07/08/2021'],
      [true, 'YES', Date.UTC(2021, 0, 2)],
    ], [price, member, joined]);
    assert.deepEqual(Array.from((frame.columns[0] as { values: Float64Array }).values), [1.5, 2.25, NaN]);
    assert.deepEqual(Array.from({ length: 3 }, (_, r) => cellText(frame.columns[1], r)), ['yes', 'no', 'yes']);
    assert.deepEqual(Array.from((frame.columns[2] as { values: Float64Array }).values), [Date.UTC(2020, 4, 6), Date.UTC(2021, 7, 7), Date.UTC(2021, 0, 2)]);
    // A boolean in a number field does not fit: missing, and reported.
    assert.deepEqual(report.badValues, [{ column: 'price', count: 1, examples: [{ line: 4, value: 'true' }] }]);
  });

  it('reads a model\'s input fields as in training, naming rows in its errors', () => {
    const count: InputField = { kind: 'number', name: 'count', optional: false, format: PLAIN_NUMBER_FORMAT };
    const { frame } = build(['count'], [[0], [1], ['1']], [count]);
    assert.deepEqual([frame.columns[0].type, Array.from((frame.columns[0] as { values: Float64Array }).values)], ['integer', [0, 1, 1]]);
    assert.throws(() => build(['count'], [[0], [null]], [count]), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /^row 3: 'count' is empty/);
      return true;
    });
    assert.throws(() => build(['other'], [[0]], [count]), /the data lacks the column\(s\) the model needs: 'count'/);
  });
});
