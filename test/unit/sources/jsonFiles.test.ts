import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { cellText, type Column, type Frame } from '../../../src/engine/data/frame';
import { flattenRecord } from '../../../src/engine/data/json/flattenRecord';
import { JsonReader } from '../../../src/engine/data/json/jsonReader';
import { NdjsonReader } from '../../../src/engine/data/json/ndjsonReader';
import { RecordFrameBuilder } from '../../../src/engine/data/recordFrame';
import { DataError } from '../../../src/engine/errors';
import { openSource } from '../../../src/node/sources/openSource';
import { readManifest, REPO_ROOT } from '../../publicDatasets';
import { exportDataset } from './duckdbExport';
import { csvFrame, frameShape, holdoutScore } from './sameAsCsv';

/**
 * JSON and NDJSON files: public datasets written by DuckDB read into the columns their CSVs read
 * into (and train the same model), fixtures written by Python's json module (nested records,
 * CRLF, a byte order mark, blank lines, gzip, broken lines, documents that are not records), and
 * the streaming readers giving the same frame whatever the chunks.
 */

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'json');
const fixture = (name: string): string => join(FIXTURES, name);
const temp = mkdtempSync(join(tmpdir(), 'automl-json-'));

/** Every value of a column, as text ('' missing), to compare frames value by value. */
function columnTexts(column: Column): string[] {
  return Array.from({ length: column.storage === 'categorical' ? column.codes.length : column.values.length }, (_, r) => cellText(column, r) ?? '');
}

function frameValues(frame: Frame): Record<string, string[]> {
  return Object.fromEntries(frame.columns.map((c) => [c.name, columnTexts(c)]));
}

async function read(spec: Parameters<typeof openSource>[0]) {
  return openSource(spec).read();
}

async function readError(spec: Parameters<typeof openSource>[0]): Promise<DataError> {
  try {
    await read(spec);
  } catch (error) {
    assert.ok(error instanceof DataError, String(error));
    return error;
  }
  assert.fail('the read should have failed');
}

describe('public datasets as JSON and NDJSON (written by DuckDB) read as their CSVs', () => {
  for (const { name } of readManifest()) {
    it(`${name}: NDJSON of the CSV's text and a JSON array of DuckDB's typed values give the CSV's columns`, async () => {
      const expected = frameShape(await csvFrame(name));
      const ndjson = await exportDataset(name, temp, { format: 'ndjson', values: 'text' });
      assert.deepEqual(frameShape((await read({ kind: 'ndjson', path: ndjson })).frame), expected, 'ndjson');
      const json = await exportDataset(name, temp, { format: 'json', values: 'typed' });
      assert.deepEqual(frameShape((await read({ kind: 'json', path: json })).frame), expected, 'json');
    });
  }

  for (const name of ['titanic', 'iris', 'concrete', 'penguins']) {
    it(`${name}: trains the model its CSV trains (same holdout score)`, async () => {
      const expected = holdoutScore(await csvFrame(name), name);
      const ndjson = await exportDataset(name, temp, { format: 'ndjson', values: 'typed' });
      assert.equal(holdoutScore((await read({ kind: 'ndjson', path: ndjson })).frame, name), expected, 'ndjson');
      const json = await exportDataset(name, temp, { format: 'json', values: 'text' });
      assert.equal(holdoutScore((await read({ kind: 'json', path: json })).frame, name), expected, 'json');
    });
  }
});

describe('JSON and NDJSON fixtures written by Python', () => {
  const flattened = [
    'id', 'name', 'user.location.city', 'user.location.zip', 'user.age', 'tags.count', 'tags', 'scores.count', 'scores', 'active', 'joined', 'extra.k.count', 'extra.k',
  ];

  it('flattens nested objects to dotted names and arrays to a count and their elements joined', async () => {
    const { frame, report, source } = await read({ kind: 'ndjson', path: fixture('people.ndjson') });
    assert.deepEqual(frame.columns.map((c) => c.name), flattened);
    const values = frameValues(frame);
    assert.deepEqual(values.name, ['Ana "the" Great', 'Bo\\Li\n', 'Cy']);
    assert.deepEqual(values['user.location.city'], ['Zürich', '東京', 'Lyon']);
    assert.deepEqual(values['tags.count'], ['2', '0', '1']);
    assert.deepEqual(values.tags, ['a; b', '', 'c']);
    assert.deepEqual(values['extra.k'], ['', '', '{"x":1}']);
    assert.deepEqual(frame.columns.map((c) => c.type).slice(0, 5), ['integer', 'categorical', 'categorical', 'integer', 'integer']);
    assert.equal(frame.columns.find((c) => c.name === 'active')?.type, 'boolean');
    assert.equal(frame.columns.find((c) => c.name === 'joined')?.type, 'datetime');
    // CRLF line ends, a byte order mark and two blank lines (lines 2 and 4): five lines, three records.
    assert.equal(report.lines, 5);
    assert.equal(report.blankLines, 2);
    assert.equal(report.positions, 'line');
    assert.equal(source.kind, 'ndjson');
    assert.equal(source.file, 'people.ndjson');
    assert.equal(source.bytes, readFileSync(fixture('people.ndjson')).length);
  });

  it('finds the one array of records in a JSON document and says where it was', async () => {
    const { frame, report, source } = await read({ kind: 'json', path: fixture('people.json') });
    assert.deepEqual(frameValues(frame), frameValues((await read({ kind: 'ndjson', path: fixture('people.ndjson') })).frame));
    assert.equal(source.records, 'data.items');
    assert.equal(source.kind, 'json');
    assert.equal(report.positions, 'record');
    assert.equal(report.lines, 3);
    const chosen = await read({ kind: 'json', path: fixture('people.json'), records: 'data.items' });
    assert.equal(chosen.frame.rowCount, 3);
  });

  it('reads a gzip-compressed NDJSON file as it inflates, numbers beyond 15 digits exactly as JSON.parse', async () => {
    const { frame, report, source } = await read({ kind: 'ndjson', path: fixture('rows.ndjson.gz') });
    assert.equal(frame.rowCount, 2000);
    assert.equal(source.compressedBytes, readFileSync(fixture('rows.ndjson.gz')).length);
    assert.ok(report.bytes > (source.compressedBytes ?? 0));
    const big = frame.columns.find((c) => c.name === 'big');
    const tiny = frame.columns.find((c) => c.name === 'tiny');
    assert.ok(big?.storage === 'numeric' && tiny?.storage === 'numeric');
    const lines = gunzipSync(readFileSync(fixture('rows.ndjson.gz'))).toString('utf8').split('\n');
    assert.equal(big.values[7], JSON.parse(lines[7]).big);
    assert.equal(tiny.values[1999], JSON.parse(lines[1999]).tiny);
  });

  it('stops at a line that is not valid JSON, naming it', async () => {
    const error = await readError({ kind: 'ndjson', path: fixture('broken.ndjson') });
    assert.match(error.message, /broken\.ndjson: line 3 is not valid JSON \(/);
    assert.equal(error.line, 3);
    assert.match((await readError({ kind: 'ndjson', path: fixture('text.ndjson') })).message, /line 2 holds text \("oops"\), not a record \(a JSON object\)/);
  });

  it('reports a field whose type changes between records, with its line', async () => {
    const { report } = await read({ kind: 'ndjson', path: fixture('changing.ndjson') });
    assert.deepEqual(report.parseIssues, [{ line: 3, message: `'n' holds the text "x" where earlier lines hold numbers` }]);
  });

  it('says why a JSON document is not records', async () => {
    assert.match((await readError({ kind: 'json', path: fixture('number.json') })).message, /number\.json: the JSON holds a number, not records \(an array of objects\)/);
    assert.match((await readError({ kind: 'json', path: fixture('numbers.json') })).message, /the JSON is an array of numbers, not of records \(objects\)/);
    assert.match(
      (await readError({ kind: 'json', path: fixture('two_arrays.json') })).message,
      /the JSON holds several arrays of records; use --records with one of: users, groups/,
    );
    assert.equal((await read({ kind: 'json', path: fixture('two_arrays.json'), records: 'groups' })).frame.columns[0].name, 'b');
    assert.match((await readError({ kind: 'json', path: fixture('people.json'), records: 'data.next' })).message, /'data\.next' holds null, not an array of records/);
    assert.match((await readError({ kind: 'json', path: fixture('people.json'), records: 'meta' })).message, /'meta' holds an object, not an array of records/);
    assert.match((await readError({ kind: 'json', path: fixture('people.json'), records: 'meta.tags' })).message, /'meta\.tags' is an array of text, not of records/);
    assert.match((await readError({ kind: 'json', path: fixture('people.json'), records: 'data.itemz' })).message, /the JSON has no array at 'data\.itemz'; arrays of records are at: data\.items/);
    assert.match((await readError({ kind: 'json', path: fixture('people.json'), records: 'links' })).message, /'links' is an empty array: there are no records/);
  });

  it('says when a file is missing, empty, cut off or blank', async () => {
    assert.match((await readError({ kind: 'ndjson', path: join(temp, 'nope.ndjson') })).message, /file not found/);
    const empty = join(temp, 'empty.json');
    writeFileSync(empty, '  \n');
    assert.match((await readError({ kind: 'json', path: empty })).message, /the file is empty/);
    const cut = join(temp, 'cut.json');
    writeFileSync(cut, readFileSync(fixture('people.json')).subarray(0, 700));
    assert.match((await readError({ kind: 'json', path: cut })).message, /the JSON ends early \(line \d+\)/);
    const blank = join(temp, 'blank.ndjson');
    writeFileSync(blank, '\n\n');
    assert.match((await readError({ kind: 'ndjson', path: blank })).message, /holds no records/);
  });

  it('peeks at the first records of a large file', async () => {
    const big = join(temp, 'big.ndjson');
    writeFileSync(big, Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ i, s: `v${i % 7}` })).join('\n'));
    const peek = await openSource({ kind: 'ndjson', path: big }).peek();
    assert.equal(peek.partial, true);
    assert.deepEqual(peek.columns, ['i', 's']);
    assert.ok(peek.frame.rowCount > 100 && peek.frame.rowCount < 20_000, String(peek.frame.rowCount));
    const bigJson = join(temp, 'big.json');
    writeFileSync(bigJson, JSON.stringify({ meta: { note: 'x'.repeat(100_000) }, items: Array.from({ length: 20_000 }, (_, i) => ({ i })) }));
    const jsonPeek = await openSource({ kind: 'json', path: bigJson }).peek({ rows: 50 });
    assert.equal(jsonPeek.partial, true);
    assert.ok(jsonPeek.frame.rowCount >= 50 && jsonPeek.frame.rowCount < 20_000);
    const whole = await openSource({ kind: 'ndjson', path: fixture('people.ndjson') }).peek();
    assert.equal(whole.partial, false);
    assert.equal(whole.frame.rowCount, 3);
  });
});

describe('streaming JSON readers', () => {
  /** Tricky records: escapes, brackets in text, unicode, numbers of every JSON form, nesting, names in any order. */
  const records = [
    { a: 1, s: 'plain', n: -0, e: 1e-7, big: Number('123456789012345678'), huge: 1e300, t: true },
    { s: 'quote " and \\ backslash and ] } [ {', a: 2.5, u: 'ünï ☃ 😀', t: false, nested: { x: [1, { y: 'z' }] } },
    { a: null, s: '\u0001 control \t tab', n: 0.1, e: 12.5e3, empty: {}, list: [] },
    { 'we.ird': 'dots', 'q"uote': 'name with a quote', a: 3, s: '' },
    {},
  ];
  const ndjson = new TextEncoder().encode(records.map((r) => JSON.stringify(r)).join('\n'));
  const json = new TextEncoder().encode(JSON.stringify({ before: { skip: ['[', ']', { '}': '{' }], s: 'x\\"y' }, items: records, after: 'end' }, null, 1));

  /** The frame the records give through JSON.parse and flattenRecord alone: what the fast path must match. */
  function reference(positions: 'line' | 'record'): Frame {
    const builder = new RecordFrameBuilder({ positions });
    records.forEach((record, i) => builder.addRecord(flattenRecord(record), i + 1));
    return builder.finish({ bytes: 0, lines: records.length }).frame;
  }

  function pushed<R extends { push(chunk: Uint8Array): void }>(reader: R, bytes: Uint8Array, size: number): R {
    for (let at = 0; at < bytes.length; at += size) reader.push(bytes.slice(at, at + size));
    return reader;
  }

  for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
    it(`gives the frame JSON.parse gives whatever the chunks (${size} bytes)`, () => {
      assert.deepEqual(frameValues(pushed(new NdjsonReader(), ndjson, size).finish().frame), frameValues(reference('line')));
      const result = pushed(new JsonReader(), json, size).finish();
      assert.equal(result.recordsPath, 'items');
      assert.deepEqual(frameValues(result.frame), frameValues(reference('record')));
    });
  }

  it('keeps numbers bit for bit as JSON.parse reads them', () => {
    const texts = ['0', '-0', '1e400', '-1e-400', '0.1', '3.141592653589793', '9007199254740993', '1E+2', '2.2250738585072014e-308', '123456789012345.6', '1e22', '1e23'];
    const frame = new NdjsonReader();
    frame.push(new TextEncoder().encode(texts.map((t) => `{"v": ${t}}`).join('\n')));
    const column = frame.finish().frame.columns[0];
    assert.ok(column.storage === 'numeric');
    texts.forEach((text, i) => assert.ok(Object.is(column.values[i], JSON.parse(text)), text));
  });

  it('keeps the last value of a name given twice, as JSON.parse does', () => {
    const reader = new NdjsonReader();
    reader.push(new TextEncoder().encode('{"d": 1, "e": "x"}\n{"d": 2, "d": 3, "f": true}\n{"f": false, "d": 4}\n'));
    const { frame, report } = reader.finish();
    assert.deepEqual(frameValues(frame), { d: ['1', '3', '4'], e: ['x', '', ''], f: ['', 'true', 'false'] });
    assert.deepEqual(report.parseIssues, []);
  });

  it('names the line of text that is not UTF-8, and of a record that is not an object', () => {
    const reader = new NdjsonReader();
    assert.throws(() => reader.push(Uint8Array.from([...new TextEncoder().encode('{"a": "ok"}\n{"a": "'), 0xff, 0x22, 0x7d, 0x0a])), /line 2 is not UTF-8 text/);
    const json = new JsonReader();
    assert.throws(() => json.push(new TextEncoder().encode('[\n{"a": 1},\n 7]')), /record 2 \(line 3\) is a number, not a record/);
    // Lines inside pretty-printed records count too.
    const pretty = `${JSON.stringify([{ a: 1 }, { a: 2, b: { c: 3 } }], null, 2).slice(0, -2)},\n  "x"\n]`;
    assert.throws(() => new JsonReader().push(new TextEncoder().encode(pretty)), /record 3 \(line 11\) is text, not a record/);
  });

  it('reads a type the user sets and a model\'s fields as told', () => {
    const reader = new NdjsonReader({ types: { code: 'categorical' } });
    reader.push(new TextEncoder().encode('{"code": 1, "x": 2}\n{"code": 2, "x": 3}\n'));
    const { frame } = reader.finish();
    assert.equal(frame.columns[0].type, 'categorical');
    assert.equal(frame.columns[1].type, 'integer');
  });
});

describe('automl profile on JSON files', () => {
  function cli(...args: string[]) {
    const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', cwd: REPO_ROOT });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('profiles an NDJSON file as JSON: rows and columns', () => {
    const { code, stdout, stderr } = cli('profile', fixture('people.ndjson'), '--json');
    assert.equal(code, 0, stderr);
    const profile = JSON.parse(stdout);
    assert.equal(profile.rows, 3);
    assert.deepEqual(profile.columns.map((c: { name: string }) => c.name).slice(0, 3), ['id', 'name', 'user.location.city']);
    assert.equal(profile.source.kind, 'ndjson');
  });

  it('takes --records for a JSON document, and exits 1 with the reason for one that is not records', () => {
    const chosen = cli('profile', fixture('two_arrays.json'), '--records', 'users', '--json');
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.equal(JSON.parse(chosen.stdout).source.records, 'users');
    const failed = cli('profile', fixture('two_arrays.json'));
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /use --records with one of: users, groups/);
    assert.doesNotMatch(failed.stderr, /at .*\.js:\d+/, 'no stack trace');
    const gz = join(temp, 'people.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('people.json'))));
    const compressed = cli('profile', gz, '--json');
    assert.equal(compressed.code, 0, compressed.stderr);
    assert.equal(JSON.parse(compressed.stdout).rows, 3);
  });
});
