import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CsvReader, readCsvBytes, type CsvReadOptions } from '../../src/engine/data/csvReader';
import { cellText, type CategoricalColumn, type Column, type Frame } from '../../src/engine/data/frame';
import { DataError } from '../../src/engine/errors';

const encoder = new TextEncoder();

function read(text: string, options: CsvReadOptions = {}) {
  return readCsvBytes(encoder.encode(text), options);
}

function column(frame: Frame, name: string): Column {
  const c = frame.columns.find((col) => col.name === name);
  assert.ok(c, `column ${name} exists`);
  return c;
}

/** All cells of a column as text (undefined = missing). */
function texts(frame: Frame, name: string): (string | undefined)[] {
  const c = column(frame, name);
  return Array.from({ length: frame.rowCount }, (_, i) => cellText(c, i));
}

function numbers(frame: Frame, name: string): number[] {
  const c = column(frame, name);
  assert.notEqual(c.storage, 'categorical', `${name} is numeric`);
  return Array.from((c as Exclude<Column, CategoricalColumn>).values);
}

/** Feeds `bytes` to a reader in chunks of the given sizes (cycled). */
function readInChunks(bytes: Uint8Array, sizes: number[], options: CsvReadOptions = {}) {
  const reader = new CsvReader(options);
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = sizes[k++ % sizes.length];
    reader.push(bytes.subarray(at, at + size));
    at += size;
  }
  return reader.finish();
}

function throwsDataError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected DataError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('CSV syntax (RFC 4180)', () => {
  it('reads quoted fields, escaped quotes and newlines inside quotes', () => {
    const { frame, report } = read('id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,plain\n');
    assert.equal(frame.rowCount, 4);
    assert.deepEqual(texts(frame, 'text'), ['a, b', 'say "hi"', 'two\nlines', 'plain']);
    assert.equal(report.lines, 6, 'physical lines, the quoted newline included');
  });

  it('accepts CRLF, LF and lone CR line ends, and a last line without one', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const { frame } = read(`a,b${eol}1,x${eol}2,y${eol}3,z`);
      assert.deepEqual(numbers(frame, 'a'), [1, 2, 3], JSON.stringify(eol));
      assert.deepEqual(texts(frame, 'b'), ['x', 'y', 'z']);
    }
  });

  it('skips a UTF-8 byte-order mark', () => {
    const { frame } = read('\uFEFFname,value\nx,1\ny,2\n');
    assert.equal(frame.columns[0].name, 'name');
  });

  it('sniffs the delimiter among , ; tab and |', () => {
    for (const d of [',', ';', '\t', '|']) {
      const { frame, report } = read(['a', 'b', 'c'].join(d) + '\n' + ['1', 'x y', '3'].join(d) + '\n' + ['4', 'z', '6'].join(d) + '\n');
      assert.equal(report.delimiter, d);
      assert.deepEqual(frame.columns.map((c) => c.name), ['a', 'b', 'c']);
    }
  });

  it('prefers the consistent split when commas also appear inside text', () => {
    const { report } = read('name;comment\nA;"x, y, z"\nB;one, two\nC;plain\n');
    assert.equal(report.delimiter, ';');
  });

  it('gives the same frame whatever the chunk boundaries', () => {
    const text =
      'id,name,when,amount,flag\r\n' +
      Array.from({ length: 300 }, (_, i) => `${i},"n ""${i % 7}""\nx",2020-01-${String((i % 28) + 1).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')},${(i * 1.25).toFixed(2)},${i % 2 ? 'yes' : 'no'}\r\n`).join('');
    const bytes = encoder.encode(text);
    const whole = readCsvBytes(bytes);
    for (const sizes of [[1], [2, 3], [7], [64, 1, 5], [4096]]) {
      const chunked = readInChunks(bytes, sizes);
      assert.deepEqual(chunked.frame, whole.frame, `chunks ${sizes.join('/')}`);
      assert.equal(chunked.report.lines, whole.report.lines);
    }
    assert.equal(whole.frame.rowCount, 300);
    assert.equal(column(whole.frame, 'when').storage, 'datetime');
    assert.equal(column(whole.frame, 'flag').type, 'boolean');
  });

  it('keeps text after a closing quote and reports it', () => {
    const { frame, report } = read('a,b\n"x"y,1\nz,2\n');
    assert.deepEqual(texts(frame, 'a'), ['xy', 'z']);
    assert.equal(report.parseIssues[0].line, 2);
  });

  it('falls back to Latin-1 (windows-1252) when the bytes are not UTF-8', () => {
    const bytes = Uint8Array.from([...encoder.encode('city,n\n'), 0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e, ...encoder.encode(',1\nParis,2\n')]);
    const { frame, report } = readCsvBytes(bytes);
    assert.equal(report.encoding, 'windows-1252');
    assert.deepEqual(texts(frame, 'city'), ['München', 'Paris']);
  });

  it('decodes multi-byte UTF-8 split across chunks', () => {
    const bytes = encoder.encode('word,n\nnaïve,1\n日本語,2\ncafé,3\n');
    const { frame, report } = readInChunks(bytes, [1]);
    assert.equal(report.encoding, 'utf-8');
    assert.deepEqual(texts(frame, 'word'), ['naïve', '日本語', 'café']);
  });
});

describe('type inference', () => {
  it('reads integers and floats, exactly as Number() does', () => {
    const { frame } = read('i,f,e\n1,1.5,1e3\n-2,-0.25,2.5E-3\n+3,.5,-1.2e+2\n');
    assert.equal(column(frame, 'i').type, 'integer');
    assert.equal(column(frame, 'f').type, 'float');
    assert.deepEqual(numbers(frame, 'i'), [1, -2, 3]);
    assert.deepEqual(numbers(frame, 'f'), [1.5, -0.25, 0.5]);
    assert.deepEqual(numbers(frame, 'e'), [1000, 0.0025, -120]);
  });

  it('reads thousands separators, decimal commas, percents and currencies', () => {
    const comma = read('amount,share,price\n"1,234.5",12.5%,$1.99\n"12,000",3%,"$1,000"\n7,100 %,$0.5\n');
    assert.deepEqual(numbers(comma.frame, 'amount'), [1234.5, 12000, 7]);
    assert.deepEqual(numbers(comma.frame, 'share'), [0.125, 0.03, 1]);
    assert.deepEqual(numbers(comma.frame, 'price'), [1.99, 1000, 0.5]);
    const european = read('menge;preis\n1,5;1.234,50 €\n2,25;12 €\n3;0,99 €\n');
    assert.equal(european.report.delimiter, ';');
    assert.deepEqual(numbers(european.frame, 'menge'), [1.5, 2.25, 3]);
    assert.deepEqual(numbers(european.frame, 'preis'), [1234.5, 12, 0.99]);
  });

  it('keeps codes with leading zeros (ZIP codes) as text', () => {
    const { frame } = read('zip,n\n02134,1\n10001,2\n00501,3\n');
    assert.equal(column(frame, 'zip').storage, 'categorical');
    assert.deepEqual(texts(frame, 'zip'), ['02134', '10001', '00501']);
  });

  it('recognises booleans in their usual spellings, keeping the labels', () => {
    const { frame } = read('a,b,c,d,e\nyes,true,Y,1,T\nno,false,N,0,F\nYes,TRUE,y,1,t\n');
    for (const name of ['a', 'b', 'c', 'd', 'e']) assert.equal(column(frame, name).type, 'boolean', name);
    const a = column(frame, 'a') as CategoricalColumn;
    assert.deepEqual(a.dictionary, ['no', 'yes']);
    assert.deepEqual(Array.from(a.codes), [1, 0, 1]);
    assert.deepEqual(Array.from((column(frame, 'd') as CategoricalColumn).codes), [1, 0, 1]);
  });

  it('reads missing-value tokens as missing in every type', () => {
    const { frame } = read('n,c\n1,a\nNA,N/A\nnull,NULL\nNaN,?\n-,None\n,\n2,b\n');
    assert.deepEqual(numbers(frame, 'n').map((v) => (Number.isNaN(v) ? null : v)), [1, null, null, null, null, null, 2]);
    assert.deepEqual(texts(frame, 'c'), ['a', undefined, undefined, undefined, undefined, undefined, 'b']);
  });

  it('reads ISO dates and datetimes as epoch milliseconds in UTC', () => {
    const { frame } = read('d,t,z\n2021-03-04,2021-03-04 05:06,2021-03-04T05:06:07.5Z\n1999-12-31,1999-12-31 23:59,2000-01-01T00:00:00+02:00\n');
    assert.deepEqual(numbers(frame, 'd'), [Date.UTC(2021, 2, 4), Date.UTC(1999, 11, 31)]);
    assert.deepEqual(numbers(frame, 't'), [Date.UTC(2021, 2, 4, 5, 6), Date.UTC(1999, 11, 31, 23, 59)]);
    assert.deepEqual(numbers(frame, 'z'), [Date.UTC(2021, 2, 4, 5, 6, 7, 500), Date.UTC(1999, 11, 31, 22)]);
  });

  it('tells MM/DD/YYYY from DD/MM/YYYY by the data', () => {
    const us = read('d\n03/04/2021\n12/25/2021\n');
    assert.deepEqual(numbers(us.frame, 'd'), [Date.UTC(2021, 2, 4), Date.UTC(2021, 11, 25)]);
    const eu = read('d\n03/04/2021\n25/12/2021\n');
    assert.deepEqual(numbers(eu.frame, 'd'), [Date.UTC(2021, 3, 3), Date.UTC(2021, 11, 25)]);
    assert.equal((column(eu.frame, 'd') as { format: { order: string } }).format.order, 'dmy');
  });

  it('reads month-name dates like "Jun 12 1998"', () => {
    const { frame } = read('d\nJun 12 1998\n"Dec 1, 2001"\nMarch 3 2010\n');
    assert.deepEqual(numbers(frame, 'd'), [Date.UTC(1998, 5, 12), Date.UTC(2001, 11, 1), Date.UTC(2010, 2, 3)]);
  });

  it('tells categorical, free text and ID-like string columns apart', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${['red', 'green', 'blue'][i % 3]},user-${1000 + i},"This is review number ${i}, quite long and wordy"`);
    const { frame } = read('color,user,review\n' + rows.join('\n'));
    assert.equal(column(frame, 'color').type, 'categorical');
    assert.equal(column(frame, 'user').type, 'id');
    assert.equal(column(frame, 'review').type, 'text');
  });

  it('marks row counters and id-named unique integers as IDs, not other unique integers', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i + 1},${(i * 7919) % 1000},${(i * 104729) % 100000}`);
    const { frame } = read('row_no,customer_id,price_cents\n' + rows.join('\n'));
    assert.equal(column(frame, 'row_no').type, 'id');
    assert.equal(column(frame, 'customer_id').type, 'id');
    assert.equal(column(frame, 'price_cents').type, 'integer');
  });

  it('applies type overrides', () => {
    const { frame } = read('code,score,day\n1,2,2020-01-01\n2,3,2020-01-02\n1,4,2020-01-03\n', {
      types: { code: 'categorical', score: 'float', day: 'categorical' },
    });
    assert.equal(column(frame, 'code').type, 'categorical');
    assert.deepEqual((column(frame, 'code') as CategoricalColumn).dictionary, ['1', '2']);
    assert.equal(column(frame, 'score').type, 'float');
    assert.equal(column(frame, 'day').storage, 'categorical');
    throwsDataError(() => read('a\n1\n', { types: { b: 'float' } }), /column 'b'.*does not have/);
    throwsDataError(() => read('a\nx\ny\nz\n', { types: { a: 'boolean' } }), /set to boolean/);
  });

  it('confirms the sample on the whole column: late malformed values become missing and are reported', () => {
    const rows = Array.from({ length: 200 }, (_, i) => String(i % 50));
    rows[150] = 'oops';
    const { frame, report } = read('n\n' + rows.join('\n'), { sampleRows: 100 });
    assert.equal(column(frame, 'n').type, 'integer');
    assert.ok(Number.isNaN(numbers(frame, 'n')[150]));
    assert.deepEqual(report.badValues, [{ column: 'n', count: 1, examples: [{ line: 152, value: 'oops' }] }]);
  });

  it('confirms the sample on the whole column: a column that turns out to be text stays whole', () => {
    const rows = Array.from({ length: 300 }, (_, i) => (i < 100 ? String(i) : `code-${i}`));
    const { frame, report } = read('c\n' + rows.join('\n'), { sampleRows: 50 });
    const c = column(frame, 'c');
    assert.equal(c.storage, 'categorical');
    assert.equal(cellText(c, 5), '5');
    assert.equal(cellText(c, 250), 'code-250');
    assert.deepEqual(report.badValues, []);
  });

  it('counts repeated bad values once per row but lists each distinct one once', () => {
    const rows = Array.from({ length: 200 }, (_, i) => (i < 50 ? '' : i % 60 === 0 ? 'abc' : String(i)));
    const { frame, report } = read('x\n' + rows.join('\n'), { sampleRows: 20 });
    assert.equal(column(frame, 'x').type, 'integer');
    assert.deepEqual(report.badValues, [{ column: 'x', count: 3, examples: [{ line: 62, value: 'abc' }] }]);
  });

  it('turns a column whose sample was empty into numbers when the rest is numeric', () => {
    const rows = Array.from({ length: 100 }, (_, i) => (i < 60 ? '' : String(i / 4)));
    const { frame } = read('x\n' + rows.join('\n'), { sampleRows: 20 });
    assert.equal(column(frame, 'x').type, 'float');
    assert.equal(numbers(frame, 'x')[99], 24.75);
  });
});

describe('bad input', () => {
  it('rejects an empty file and a header without rows', () => {
    throwsDataError(() => read(''), /empty/);
    throwsDataError(() => read('\n\n  \n'), /empty/);
    throwsDataError(() => read('a,b,c\n'), /header row \(3 columns\) but no data rows/);
  });

  it('pads, drops or rejects ragged rows, reporting their lines', () => {
    const text = 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n';
    const padded = read(text);
    assert.equal(padded.frame.rowCount, 4);
    assert.deepEqual(numbers(padded.frame, 'c').map((v) => (Number.isNaN(v) ? null : v)), [3, null, 8, 12]);
    assert.deepEqual(padded.report.raggedRows, { count: 2, policy: 'pad', firstLines: [3, 4] });
    assert.deepEqual(padded.report.parseIssues.map((i) => i.line), [3, 4]);
    const dropped = read(text, { raggedRows: 'drop' });
    assert.deepEqual(numbers(dropped.frame, 'a'), [1, 10]);
    throwsDataError(() => read(text, { raggedRows: 'error' }), /line 3 has 2 fields but the header has 3/);
  });

  it('reports an unterminated quote with its line', () => {
    const { frame, report } = read('a,b\n1,x\n2,"never closed\n3,y\n');
    assert.equal(frame.rowCount, 2);
    assert.ok(report.parseIssues.some((i) => i.line === 3 && /never closed/.test(i.message)));
  });

  it('renames empty and duplicate header names', () => {
    const { frame, report } = read('a,,a,b,a\n1,2,3,4,5\n');
    assert.deepEqual(frame.columns.map((c) => c.name), ['a', 'column_2', 'a_2', 'b', 'a_3']);
    assert.deepEqual(report.renamedHeaders.map((r) => r.to), ['column_2', 'a_2', 'a_3']);
  });

  it('rejects binary content and UTF-16', () => {
    const garbage = new Uint8Array(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 151 + 7) % 256;
    throwsDataError(() => readCsvBytes(garbage), /not look like a text file/);
    throwsDataError(() => readCsvBytes(Uint8Array.from([0xff, 0xfe, 0x61, 0x00])), /UTF-16/);
  });

  it('reads a 10,000-column file', () => {
    const width = 10_000;
    const header = Array.from({ length: width }, (_, j) => `c${j}`).join(',');
    const rows = Array.from({ length: 20 }, (_, i) => Array.from({ length: width }, (_, j) => String((i * j) % 97)).join(','));
    const { frame } = read([header, ...rows].join('\n'));
    assert.equal(frame.columns.length, width);
    assert.equal(frame.rowCount, 20);
    assert.equal(numbers(frame, 'c9999')[19], (19 * 9999) % 97);
  });

  it('reads a field over 10 MB, and stops with a clear error past the field limit', () => {
    const big = 'x'.repeat(10.5 * 1024 * 1024);
    const { frame } = read(`id,blob\n1,"${big}"\n2,small\n`);
    assert.equal(cellText(column(frame, 'blob'), 0)?.length, big.length);
    throwsDataError(() => read(`id,blob\n1,"${'y'.repeat(2048)}\n2,z\n`, { maxFieldBytes: 1024 }), /starting at line 2 is longer than .*closing quote/);
  });
});
