import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readCsvBytes } from '../../src/engine/data/csvReader';
import { PLAIN_NUMBER_FORMAT, type CategoricalColumn, type Column, type NumericColumn } from '../../src/engine/data/frame';
import type { InputField } from '../../src/engine/data/inputField';
import type { CsvReadResult } from '../../src/engine/data/readReport';
import { DataError } from '../../src/engine/errors';
import { readCsvFile } from '../../src/node/readCsvFile';

/**
 * The CSV reader given a model's input fields (`schema`): those columns are read as the model saw
 * them in training, never inferred from the new file.
 */
const count = (optional: boolean): InputField => ({ kind: 'number', name: 'count', optional, format: PLAIN_NUMBER_FORMAT });
const kind: InputField = { kind: 'category', name: 'kind', optional: true, text: false };

const read = (text: string, schema: readonly InputField[], raggedRows: 'pad' | 'drop' | 'error' = 'pad'): CsvReadResult =>
  readCsvBytes(new TextEncoder().encode(text), { schema, raggedRows });

function column(result: CsvReadResult, name: string): Column {
  const found = result.frame.columns.find((c) => c.name === name);
  assert.ok(found, `column ${name}`);
  return found;
}

function numbers(result: CsvReadResult, name: string): number[] {
  const c = column(result, name) as NumericColumn;
  assert.equal(c.storage, 'numeric');
  return Array.from(c.values);
}

function labels(result: CsvReadResult, name: string): (string | null)[] {
  const c = column(result, name) as CategoricalColumn;
  assert.equal(c.storage, 'categorical');
  return Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code]));
}

/** Asserts that `fn` throws a `DataError` whose message matches every pattern, at `line`. */
function throwsAt(fn: () => unknown, line: number, ...patterns: RegExp[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DataError, String(error));
    for (const pattern of patterns) assert.match(error.message, pattern);
    assert.equal(error.line, line);
    return true;
  });
}

describe('reading data with a model\'s input fields', () => {
  it('keeps a numeric column numeric when it holds only 0 and 1 (inferred, it would be boolean)', () => {
    const text = 'count,kind\n0,a\n1,b\n1,a\n';
    assert.equal(column(readCsvBytes(new TextEncoder().encode(text)), 'count').type, 'boolean');
    const result = read(text, [count(false), kind]);
    assert.deepEqual(numbers(result, 'count'), [0, 1, 1]);
    assert.equal(column(result, 'count').type, 'integer');
  });

  it('keeps the type of a column that is empty in every row (inferred, it would have none)', () => {
    const result = read('count,kind\n,a\n,b\nNA,c\n', [count(true), kind]);
    assert.deepEqual(numbers(result, 'count'), [NaN, NaN, NaN]);
    assert.deepEqual(result.report.badValues, []);
  });

  it('reads a stray text value in a numeric column as missing, reported with its line', () => {
    const result = read('count,kind\n3,a\nabc,b\n4,c\nlots,a\n', [count(true), kind]);
    assert.deepEqual(numbers(result, 'count'), [3, NaN, 4, NaN]);
    assert.deepEqual(result.report.badValues, [{ column: 'count', count: 2, examples: [{ line: 3, value: 'abc' }, { line: 5, value: 'lots' }] }]);
    // Inferred, one bad value in four turns the whole column into text.
    assert.equal(column(readCsvBytes(new TextEncoder().encode('count\n3\nabc\n4\nlots\n')), 'count').storage, 'categorical');
  });

  it('never falls back to text, however many values do not fit', () => {
    const rows = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? 'x' : String(i))).join('\n');
    const result = read(`count\n${rows}\n`, [count(true)]);
    assert.equal(column(result, 'count').storage, 'numeric');
    assert.equal(result.report.badValues[0].count, 250);
  });

  it('stops at a missing value where the model never saw one, naming the column and the line', () => {
    throwsAt(() => read('count,kind\n3,a\n,b\n4,c\n', [count(false), kind]), 3, /^line 3: 'count' is empty/, /never saw 'count' missing in training/);
    throwsAt(() => read('count,kind\n3,a\n4,b\nabc,c\n', [count(false), kind]), 4, /^line 4: 'count' holds "abc", which is not a number/);
    throwsAt(() => read('count,kind\n3,a\nNA,b\n,c\n', [count(false), kind]), 3, /^line 3: 'count' is empty \(1 more row like it\)/);
    // A short row padded with a missing value, and a label column's missing token.
    throwsAt(() => read('kind,count\na,1\nb\n', [count(false), kind]), 3, /'count' is empty/);
    const required: InputField = { ...kind, optional: false };
    throwsAt(() => read('kind\na\nb\nNA\n', [required]), 4, /^line 4: 'kind' is empty; the model needs a value there/);
    throwsAt(() => read('x,kind\n1,a\n2,\n3,NA\n', [required]), 3, /^line 3: 'kind' is empty \(1 more row like it\)/);
  });

  it('reads dates in the training order, whatever the new rows suggest', () => {
    // Every value here could be month-first, which inference would pick; training saw day-first.
    const text = 'when\n03/04/2021\n01/02/2020\n';
    const dayFirst: InputField = { kind: 'date', name: 'when', optional: false, order: 'dmy', hasTime: false };
    const result = read(text, [dayFirst]);
    assert.deepEqual(Array.from((column(result, 'when') as { values: Float64Array }).values), [Date.UTC(2021, 3, 3), Date.UTC(2020, 1, 1)]);
    const inferred = readCsvBytes(new TextEncoder().encode(text)).frame.columns[0] as { values: Float64Array };
    assert.deepEqual(Array.from(inferred.values), [Date.UTC(2021, 2, 4), Date.UTC(2020, 0, 2)]);
  });

  it('reads numbers in the training format (decimal comma) and labels as written', () => {
    const price: InputField = { kind: 'number', name: 'price', optional: false, format: { ...PLAIN_NUMBER_FORMAT, decimalSeparator: ',', thousandsSeparator: '.' } };
    const code: InputField = { kind: 'category', name: 'code', optional: false, text: false };
    const result = readCsvBytes(new TextEncoder().encode('price;code\n"1.234,5";007\n2;12\n'), { schema: [price, code] });
    assert.deepEqual(numbers(result, 'price'), [1234.5, 2]);
    // Inferred, the codes would be the numbers 7 and 12.
    assert.deepEqual(labels(result, 'code'), ['007', '12']);
  });

  it('keeps labels the model never saw as labels, and reads boolean labels whatever their case', () => {
    const member: InputField = { kind: 'boolean', name: 'member', optional: true, labels: ['no', 'yes'] };
    const result = read('kind,member\nzzz,YES\na,no\nb,\n', [kind, member]);
    assert.deepEqual(labels(result, 'kind'), ['zzz', 'a', 'b']);
    assert.deepEqual(labels(result, 'member'), ['yes', 'no', null]);
    assert.equal(column(result, 'member').type, 'boolean');
    const odd = read('member\nmaybe\nYes\n', [member]);
    assert.deepEqual(labels(odd, 'member'), ['maybe', 'yes']);
    assert.equal(column(odd, 'member').type, 'categorical');
  });

  it('reads the other columns as usual and names the columns the file lacks', () => {
    const result = read('count,extra,kind\n1,x,a\n0,y,b\n', [count(false), kind]);
    assert.equal(column(result, 'extra').type, 'categorical');
    assert.throws(() => read('count,other\n1,x\n', [count(false), kind]), /the data lacks the column\(s\) the model needs: 'kind' \(columns: 'count', 'other'\)/);
  });

  it('gives the same columns and errors when two threads split the read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'automl-schema-'));
    const lines = ['count,kind,score'];
    for (let i = 0; i < 3000; i++) lines.push(`${i % 2},${['a', 'b', 'zzz'][i % 3]},${i === 2500 ? 'oops' : i / 4}`);
    const file = join(dir, 'split.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const score = (optional: boolean): InputField => ({ kind: 'number', name: 'score', optional, format: PLAIN_NUMBER_FORMAT });
    const worker = join(process.cwd(), 'dist', 'csvReadWorker.js');
    const schema = [count(false), kind, score(true)];
    const split = await readCsvFile(file, { schema, parallel: true, workerScript: worker });
    const alone = await readCsvFile(file, { schema, parallel: false });
    assert.deepStrictEqual(split, alone);
    assert.equal(column(split, 'count').storage, 'numeric');
    assert.deepEqual(split.report.badValues, [{ column: 'score', count: 1, examples: [{ line: 2502, value: 'oops' }] }]);
    await assert.rejects(readCsvFile(file, { schema: [count(false), kind, score(false)], parallel: true, workerScript: worker }), (error: unknown) => {
      return error instanceof DataError && error.line === 2502 && /'score' holds "oops"/.test(error.message);
    });
  });
});
