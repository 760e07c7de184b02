import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cellText, countMissing, findColumn, type Column, type Frame } from '../../../src/engine/data/frame';
import type { SourceSpec } from '../../../src/engine/data/sourceSpec';
import { DataError } from '../../../src/engine/errors';
import { openSource } from '../../../src/node/sources/openSource';
import { readManifest } from '../../publicDatasets';
import { csvFrame, frameShape, holdoutScore } from './sameAsCsv';
import { datasetDatabase, sqlite3, sqliteDatabase, tempDir } from './sqliteFixtures';

/**
 * SQLite databases written by the sqlite3 tool read into the frames their CSV reads into, and
 * train the same model; a typed table keeps its types; the file is never written; every failure
 * is a `DataError` naming the file with the database's own message.
 */

const dir = tempDir();

function read(spec: Omit<Extract<SourceSpec, { kind: 'sqlite' }>, 'kind'>) {
  return openSource({ kind: 'sqlite', ...spec }).read();
}

function column(frame: Frame, name: string): Column {
  const found = findColumn(frame, name);
  assert.ok(found, `column ${name}`);
  return found;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('SQLite: public datasets imported by sqlite3 read as their CSV', () => {
  for (const { name } of readManifest()) {
    it(`${name}: --table gives the CSV's frame`, async () => {
      const db = datasetDatabase(dir, name);
      const { frame, report, source } = await read({ path: db, table: 't' });
      assert.deepEqual(frameShape(frame), frameShape(await csvFrame(name)));
      assert.equal(report.positions, 'row');
      assert.deepEqual(source, { kind: 'sqlite', file: `${name}.db`, table: 't', bytes: readFileSync(db).length });
    });
  }

  for (const name of ['titanic', 'penguins', 'concrete']) {
    it(`${name}: --query in rowid order gives the CSV's frame and the same holdout score`, async () => {
      const db = datasetDatabase(dir, name, 'data');
      const { frame, source } = await read({ path: db, query: 'SELECT * FROM data ORDER BY rowid' });
      assert.equal(source.query, 'SELECT * FROM data ORDER BY rowid');
      const csv = await csvFrame(name);
      assert.deepEqual(frameShape(frame), frameShape(csv));
      assert.equal(holdoutScore(frame, name), holdoutScore(csv, name));
    });
  }
});

describe('SQLite: types and values', () => {
  const typed = sqliteDatabase(
    dir,
    'typed.sqlite',
    `CREATE TABLE people (id INTEGER PRIMARY KEY, age INTEGER, height REAL, born TEXT, city TEXT, member INTEGER, note TEXT);
     INSERT INTO people VALUES (1, 34, 1.72, '1990-04-01', 'Oslo', 1, 'x');
     INSERT INTO people VALUES (2, NULL, 1.80, '1985-12-24', 'Bergen', 0, '');
     INSERT INTO people VALUES (3, 51, NULL, NULL, 'Oslo', 1, 'NA');
     INSERT INTO people VALUES (4, 27, 1.65, '2001-07-15', NULL, 0, 'y');
     INSERT INTO people VALUES (5, 45, 1.91, '1979-01-30', 'Tromsø', 1, 'x');`,
  );

  it('reads INTEGER, REAL, NULL, ISO dates as text and 0/1 as the CSV reader would', async () => {
    const { frame } = await read({ path: typed });
    assert.equal(frame.rowCount, 5);
    assert.deepEqual(
      frame.columns.map((c) => [c.name, c.type, countMissing(c)]),
      [
        ['id', 'integer', 0],
        ['age', 'integer', 1],
        ['height', 'float', 1],
        ['born', 'datetime', 1],
        ['city', 'categorical', 1],
        ['member', 'boolean', 0],
        ['note', 'categorical', 2],
      ],
    );
    const born = column(frame, 'born');
    assert.equal(born.storage, 'datetime');
    if (born.storage === 'datetime') assert.equal(born.values[0], Date.UTC(1990, 3, 1));
    const height = column(frame, 'height');
    if (height.storage === 'numeric') assert.equal(height.values[4], 1.91);
    assert.equal(cellText(column(frame, 'city'), 4), 'Tromsø');
  });

  it('reads text holding numbers as numbers, and the empty string as missing', async () => {
    const db = sqliteDatabase(dir, 'text.db', "CREATE TABLE t (v TEXT, w TEXT); INSERT INTO t VALUES ('1.5', 'a'), ('', 'b'), (' 3 ', ''), ('7', 'a');");
    const { frame } = await read({ path: db });
    assert.deepEqual(frame.columns.map((c) => [c.name, c.type, countMissing(c)]), [['v', 'float', 1], ['w', 'categorical', 1]]);
  });

  it('leaves a column holding BLOBs out, with a parse issue at its first BLOB row', async () => {
    const db = sqliteDatabase(dir, 'blob.db', "CREATE TABLE t (a INTEGER, photo BLOB, b TEXT); INSERT INTO t VALUES (1, NULL, 'x'), (2, x'89504e47', 'y'), (3, x'00', 'x');");
    const { frame, report } = await read({ path: db });
    assert.deepEqual(frame.columns.map((c) => c.name), ['a', 'b']);
    assert.equal(frame.rowCount, 3);
    assert.deepEqual(report.parseIssues, [{ line: 2, message: "'photo' holds binary data (a BLOB): the column is left out" }]);
  });

  it('reads views and `schema.table` names, quoting odd names safely', async () => {
    const db = sqliteDatabase(
      dir,
      'names.db',
      `CREATE TABLE "odd ""name""; --" (x INTEGER, y TEXT); INSERT INTO "odd ""name""; --" VALUES (1, 'a'), (2, 'b');
       CREATE TABLE plain (x INTEGER); INSERT INTO plain VALUES (5), (6), (7);
       CREATE VIEW big AS SELECT x FROM plain WHERE x > 5;`,
    );
    assert.equal((await read({ path: db, table: 'odd "name"; --' })).frame.rowCount, 2);
    assert.equal((await read({ path: db, table: 'main.plain' })).frame.rowCount, 3);
    assert.equal((await read({ path: db, table: 'big' })).frame.rowCount, 2);
    const choices = await openSource({ kind: 'sqlite', path: db }).choices?.();
    assert.deepEqual(choices, { kind: 'table', names: ['big', 'odd "name"; --', 'plain'] });
    assert.equal(await openSource({ kind: 'sqlite', path: db, table: 'plain' }).choices?.(), undefined);
  });

  it('reads the one table of a database without --table; lists the tables when there are several', async () => {
    assert.equal((await read({ path: typed })).source.table, 'people');
    const db = sqliteDatabase(dir, 'two.db', 'CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1); CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (2);');
    await assert.rejects(read({ path: db }), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.message, 'two.db holds 2 tables (a, b): pick one with --table <name>, or give a --query');
      return true;
    });
  });

  it('peeks at the first rows', async () => {
    const db = datasetDatabase(dir, 'letter');
    const peek = await openSource({ kind: 'sqlite', path: db }).peek({ rows: 100 });
    assert.equal(peek.frame.rowCount, 100);
    assert.equal(peek.partial, true);
    assert.deepEqual(peek.columns, (await csvFrame('letter')).columns.map((c) => c.name));
    const small = await openSource({ kind: 'sqlite', path: typed }).peek({ rows: 100 });
    assert.equal(small.frame.rowCount, 5);
    assert.equal(small.partial, false);
  });
});

describe('SQLite: errors and the file left alone', () => {
  const db = sqliteDatabase(dir, 'app.db', "CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y');");

  async function rejectsWith(spec: Omit<Extract<SourceSpec, { kind: 'sqlite' }>, 'kind'>, message: string | RegExp): Promise<void> {
    await assert.rejects(read(spec), (error: Error) => {
      assert.ok(error instanceof DataError, `${error.name}: ${error.message}`);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    });
  }

  it("reports a missing table, a syntax error and an empty result with the database's message", async () => {
    await rejectsWith({ path: db, table: 'nope' }, 'app.db: no such table: nope');
    await rejectsWith({ path: db, query: 'SELEC * FROM t' }, 'app.db: near "SELEC": syntax error');
    await rejectsWith({ path: db, query: 'SELECT * FROM t WHERE a > 5' }, 'app.db: the query returned no rows');
    const empty = sqliteDatabase(dir, 'empty-table.db', 'CREATE TABLE t (a INTEGER);');
    await rejectsWith({ path: empty }, 'empty-table.db: table t has no rows');
    const none = sqliteDatabase(dir, 'no-tables.db', 'PRAGMA user_version = 1;');
    await rejectsWith({ path: none }, 'no-tables.db holds no tables');
  });

  it('reports files that are not SQLite databases, corrupt ones and missing ones', async () => {
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'just some text, long enough to hold a header\n');
    await rejectsWith({ path: text }, 'notes.db is not a SQLite database (a SQLite file starts with "SQLite format 3")');
    const big = datasetDatabase(dir, 'spam');
    const truncated = join(dir, 'truncated.db');
    writeFileSync(truncated, readFileSync(big).subarray(0, 40_000));
    await rejectsWith({ path: truncated, table: 't' }, /^truncated\.db is corrupt or not a SQLite database \(SQLite says: database disk image is malformed\)$/);
    await rejectsWith({ path: join(dir, 'missing.db') }, /^file not found: .*missing\.db$/);
  });

  it('never writes the file: a query that would change data fails', async () => {
    const before = sha256(db);
    await rejectsWith({ path: db, query: 'DELETE FROM t' }, 'app.db: the query returns no columns (is it a SELECT?)');
    await rejectsWith({ path: db, query: 'DELETE FROM t RETURNING a' }, 'app.db: attempt to write a readonly database');
    await read({ path: db, table: 't' });
    assert.equal(sha256(db), before);
    assert.equal(sqlite3(db, 'SELECT count(*) FROM t;').trim(), '2');
  });
});
