/**
 * The PostgreSQL source against a real server (test/postgresServer.ts): public datasets loaded by
 * psql read into their CSV's columns and train the same model; PostgreSQL's types map to ours
 * whatever the session's date style or time zone; tables, queries, peeks and the table list;
 * read-only queries; clear errors; cancellation; and seeded samples drawn in the database.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { cellText, type Column, type Frame } from '../../../src/engine/data/frame';
import type { SourceSpec } from '../../../src/engine/data/sourceSpec';
import { CancelledError, DataError } from '../../../src/engine/errors';
import { runJob } from '../../../src/node/runJob';
import { openSource } from '../../../src/node/sources/openSource';
import type { EngineEvent, EngineRequest } from '../../../src/protocol/worker';
import { withPostgres } from '../../../src/node/sources/postgres/connection';
import { sampleSql } from '../../../src/node/sources/postgres/sampleSql';
import { columnAlias, formatTableName, parseTableName, relationOf, tableSql } from '../../../src/node/sources/postgres/sql';
import { readManifest } from '../../publicDatasets';
import { startPostgres, type PostgresServer } from '../../postgresServer';
import { loadDataset, tableName } from './postgresTables';
import { csvFrame, frameShape, holdoutScore } from './sameAsCsv';

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(() => server?.stop());

type PostgresSpec = Extract<SourceSpec, { kind: 'postgres' }>;
const open = (spec: Omit<PostgresSpec, 'kind' | 'url'>, secrets = { password: server.password }, url = server.url) =>
  openSource({ kind: 'postgres', url, ...spec }, secrets);

function column(frame: Frame, name: string): Column {
  const found = frame.columns.find((c) => c.name === name);
  assert.ok(found, `no column '${name}'`);
  return found;
}

const texts = (frame: Frame, name: string): (string | undefined)[] => Array.from({ length: frame.rowCount }, (_, r) => cellText(column(frame, name), r));

describe('public datasets in PostgreSQL read as their CSV', () => {
  for (const { name } of readManifest()) {
    it(`${name}: typed and all-text tables give the CSV's columns, rows in order`, async () => {
      await loadDataset(server, name);
      const csv = frameShape(await csvFrame(name));
      for (const typed of [true, false]) {
        const { frame, source } = await open({ table: tableName(name, typed) }).read();
        assert.deepEqual(frameShape(frame), csv, typed ? 'typed table' : 'text table');
        assert.deepEqual(source, { kind: 'postgres', file: server.url, table: tableName(name, typed) });
      }
    });
  }

  for (const name of ['iris', 'titanic', 'penguins', 'concrete']) {
    it(`${name}: gbdt trains to the CSV's holdout score on the typed table`, async () => {
      await loadDataset(server, name);
      const { frame } = await open({ table: tableName(name, true) }).read();
      assert.equal(holdoutScore(frame, name), holdoutScore(await csvFrame(name), name));
    });
  }
});

describe("PostgreSQL's types", () => {
  before(async () => {
    await server.psql(
      'CREATE TABLE kinds (i2 smallint, i4 integer, i8 bigint, n numeric(12, 3), f4 real, f8 double precision, b boolean, ' +
        'd date, ts timestamp, tz timestamptz, j jsonb, u uuid, t text, c char(4));' +
        "INSERT INTO kinds VALUES (1, 100000, 9007199254740991, 1.500, 1.1, 0.1, true, '2024-02-29', '2024-02-29 13:45:10.123987', " +
        "'2024-02-29 13:45:10+02', '{\"a\": 1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'x', 'ab'), " +
        "(-2, NULL, -5, 'NaN', 'Infinity', -2.5e-300, false, 'infinity', '0044-03-15 12:00:00 BC', '1969-12-31 23:59:59.9995+00', '[1, 2]', NULL, ' NA ', 'cd  '), " +
        "(3, 7, 0, 2, -0.5, 'NaN', NULL, '1900-01-01', NULL, NULL, NULL, NULL, 'y', NULL)",
    );
    // A role whose sessions default to other date styles, zones and float precision: the reader sets its own.
    await server.adminPsql(
      "CREATE ROLE ben LOGIN PASSWORD 'other-pass'; GRANT SELECT ON kinds TO ben; " +
        "ALTER ROLE ben SET DateStyle = 'German, DMY'; ALTER ROLE ben SET TimeZone = 'Asia/Kolkata'; ALTER ROLE ben SET extra_float_digits = -3",
    );
  });

  it('become numbers, datetimes in UTC, and text typed by the CSV rules', async () => {
    const url = server.url.replace(`//${server.user}@`, '//ben@');
    const { frame } = await open({ table: 'kinds' }, { password: 'other-pass' }, url).read();
    const types = Object.fromEntries(frame.columns.map((c) => [c.name, c.type]));
    assert.deepEqual(types, {
      i2: 'integer',
      i4: 'integer',
      i8: 'integer',
      n: 'float',
      f4: 'float',
      f8: 'float',
      b: 'boolean',
      d: 'datetime',
      ts: 'datetime',
      tz: 'datetime',
      j: 'categorical',
      u: 'categorical',
      t: 'categorical',
      c: 'categorical',
    });
    const values = (name: string): number[] => Array.from((column(frame, name) as { values: Float64Array }).values);
    assert.deepEqual(values('i8'), [9007199254740991, -5, 0]);
    // numeric and real read as their text reads (1.1, not the float nearest to real's 1.1); NaN is missing.
    assert.deepEqual(values('n'), [1.5, NaN, 2]);
    assert.deepEqual(values('f4'), [1.1, Infinity, -0.5]);
    assert.deepEqual(values('f8'), [0.1, -2.5e-300, NaN]);
    assert.deepEqual(texts(frame, 'b'), ['true', 'false', undefined]);
    assert.deepEqual(values('d'), [Date.UTC(2024, 1, 29), NaN, Date.UTC(1900, 0, 1)]);
    const bc = new Date(Date.UTC(2000, 2, 15, 12));
    bc.setUTCFullYear(-43);
    assert.deepEqual(values('ts'), [Date.UTC(2024, 1, 29, 13, 45, 10, 123), bc.getTime(), NaN]);
    assert.deepEqual(values('tz'), [Date.UTC(2024, 1, 29, 11, 45, 10), Date.UTC(1969, 11, 31, 23, 59, 59, 999), NaN]);
    assert.deepEqual(texts(frame, 'j'), ['{"a": 1}', '[1, 2]', undefined]);
    assert.deepEqual(texts(frame, 't'), ['x', undefined, 'y']);
    assert.deepEqual(texts(frame, 'c'), ['ab', 'cd', undefined]);
  });
});

describe('tables, queries, peeks and the table list', () => {
  before(async () => {
    await loadDataset(server, 'iris');
    await server.psql(
      'CREATE SCHEMA "Sales 2024"; CREATE TABLE "Sales 2024"."Q1" (region text, amount numeric); ' +
        "INSERT INTO \"Sales 2024\".\"Q1\" VALUES ('north', 10), ('south', 20); CREATE VIEW big_iris AS SELECT * FROM iris WHERE \"petal length (cm)\" > 5",
    );
  });

  it('reads a query as given, in its order, and a quoted schema and table', async () => {
    const query = 'SELECT species, "sepal length (cm)" AS sepal FROM iris ORDER BY sepal DESC, species -- longest first;\n;';
    const { frame, source } = await open({ query }).read();
    assert.deepEqual(source, { kind: 'postgres', file: server.url, query });
    assert.equal(frame.rowCount, 150);
    const sepal = (column(frame, 'sepal') as { values: Float64Array }).values;
    for (let r = 1; r < sepal.length; r++) assert.ok(sepal[r] <= sepal[r - 1]);
    const quarter = await open({ table: '"Sales 2024"."Q1"' }).read();
    assert.deepEqual(texts(quarter.frame, 'region'), ['north', 'south']);
  });

  it('peeks at the first rows and lists tables and views for the picker', async () => {
    const peek = await open({ table: 'public.iris' }).peek({ rows: 5 });
    assert.equal(peek.frame.rowCount, 5);
    assert.equal(peek.partial, true);
    assert.deepEqual(peek.columns, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)', 'species']);
    const all = await open({ table: '"Sales 2024"."Q1"' }).peek({ rows: 5 });
    assert.equal(all.partial, false);
    const choices = await open({}).choices?.();
    assert.equal(choices?.kind, 'table');
    for (const name of ['public.iris', 'public.iris_text', 'public.big_iris', '"Sales 2024"."Q1"']) assert.ok(choices?.names.includes(name), name);
    assert.ok(!choices?.names.some((n) => n.startsWith('pg_catalog') || n.startsWith('information_schema')));
  });

  it('reads table names as PostgreSQL does and refuses anything else', async () => {
    assert.deepEqual(parseTableName('public.IRIS'), ['public', 'iris']);
    assert.deepEqual(parseTableName('"Sales 2024"."Q1"'), ['Sales 2024', 'Q1']);
    assert.deepEqual(parseTableName('"a""b"'), ['a"b']);
    assert.equal(tableSql('"Sales 2024".q1'), '"Sales 2024"."q1"');
    assert.equal(formatTableName(['Sales 2024', 'q1']), '"Sales 2024".q1');
    for (const bad of ['iris; DROP TABLE iris', 'iris"; DROP TABLE iris; --', 'a.b.c.d', '"unclosed', '', 'a..b', 'x y']) {
      assert.throws(() => parseTableName(bad), DataError, bad);
    }
    await assert.rejects(open({ table: 'iris; DROP TABLE iris' }).read(), /is not a table name/);
    assert.equal((await open({ table: 'IRIS' }).read()).frame.rowCount, 150);
  });

  it('runs a query read-only: a query that writes fails and changes nothing', async () => {
    await server.psql("CREATE FUNCTION purge() RETURNS bigint LANGUAGE sql AS 'DELETE FROM iris RETURNING 1'");
    await assert.rejects(open({ query: 'SELECT purge()' }).read(), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /cannot execute DELETE in a read-only transaction/);
      return true;
    });
    assert.equal((await server.psql('SELECT count(*) FROM iris')).trim(), '150');
  });
});

describe('errors', () => {
  it("are DataErrors with the database's message, never the password", async () => {
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => open({ table: 'nope' }).read(), /relation "nope" does not exist/],
      [() => open({ query: 'SELEC 1' }).read(), /syntax error at or near "SELEC" \(at character 1 of the query\)/],
      [() => open({ table: 'iris' }, { password: 'wrong-password' }).read(), /password authentication failed for user "ana"/],
      [() => open({ table: 'iris' }, { password: server.password }, 'postgres://ana@127.0.0.1:1/shop').read(), /cannot connect to PostgreSQL at postgres:\/\/ana@127\.0\.0\.1:1\/shop: connection refused/],
      [() => open({}).read(), /needs a table \(--table schema\.name\) or a query/],
    ];
    for (const [attempt, message] of cases) {
      await assert.rejects(attempt(), (error: Error) => {
        assert.ok(error instanceof DataError, `${error.name}: ${error.message}`);
        assert.match(error.message, message);
        assert.ok(!error.message.includes(server.password) && !error.message.includes('wrong-password'));
        return true;
      });
    }
  });

  it('cancels a running statement on the server when the signal aborts', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(open({ query: 'SELECT pg_sleep(30)' }).read({ signal: controller.signal }), CancelledError);
    assert.ok(performance.now() - started < 10_000);
    const running = await server.psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()");
    assert.equal(running.trim(), '0');
  });
});

describe('seeded samples drawn in the database', () => {
  before(async () => {
    // 20,000 rows, 10% of them 'rare'.
    await server.psql(
      "CREATE TABLE events AS SELECT g AS id, (g * 7919 % 1000) / 10.0 AS x, CASE WHEN g % 10 = 0 THEN 'rare' ELSE 'common' END AS y FROM generate_series(1, 20000) g",
    );
  });

  const ids = (frame: Frame): number[] => Array.from((column(frame, 'id') as { values: Float64Array }).values);

  it('keeps each class share, in the original order, the same rows for the same seed', async () => {
    const source = open({ table: 'events' });
    const read = await source.read({ sample: { maxRows: 1000, stratifyBy: 'y', seed: 7 } });
    assert.deepEqual(read.source.sample, { rows: 1000, of: 20000 });
    const y = texts(read.frame, 'y');
    assert.equal(y.filter((v) => v === 'rare').length, 100);
    assert.equal(y.filter((v) => v === 'common').length, 900);
    const picked = ids(read.frame);
    assert.ok(picked.every((id, i) => i === 0 || id > picked[i - 1]), 'rows in table order');
    assert.deepEqual(ids((await source.read({ sample: { maxRows: 1000, stratifyBy: 'y', seed: 7 } })).frame), picked);
    const other = ids((await source.read({ sample: { maxRows: 1000, stratifyBy: 'y', seed: 8 } })).frame);
    assert.ok(other.filter((id) => picked.includes(id)).length < 200, 'another seed, other rows');
  });

  it('draws exactly the rows asked for without strata, and every row when they fit', async () => {
    const source = open({ table: 'events' });
    const read = await source.read({ sample: { maxRows: 1234, seed: 1 } });
    assert.equal(read.frame.rowCount, 1234);
    assert.deepEqual(read.source.sample, { rows: 1234, of: 20000 });
    const all = await source.read({ sample: { maxRows: 20000, seed: 1 } });
    assert.equal(all.frame.rowCount, 20000);
    assert.equal(all.source.sample, undefined);
  });

  it('ranks the same rows when a hash threshold keeps only some, and too few when it is set for more rows', async () => {
    const relation = relationOf({ table: 'events' }, 3);
    const idsOf = (total?: number): Promise<number[]> =>
      withPostgres(server.url, { password: server.password }, undefined, async (session) =>
        (await session.query(sampleSql(relation, [columnAlias(0)], { rows: 1234, seed: 1, total }))).rows.map((row) => Number(row[0])),
      );
    const ranked = await idsOf(undefined);
    assert.equal(ranked.length, 1234);
    assert.deepEqual(await idsOf(20000), ranked);
    // Set for 100 times the rows, the threshold keeps about 1% of them: the reader then ranks them all.
    assert.ok((await idsOf(2_000_000)).length < 1234);
  });

  it('a run whose rows would not fit memory trains on a sample and says so', async (t) => {
    const root = mkdtempSync(join(tmpdir(), 'automl-pg-run-'));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    const logs: string[] = [];
    const { runDir, result } = await runJob({
      source: { kind: 'postgres', url: server.url, table: 'events' },
      secrets: { password: server.password },
      spec: { target: 'y', seed: 3, trials: 1, models: ['logistic'] },
      workers: 0,
      root,
      outDir: join(root, 'run'),
      memoryLimitBytes: 2_000_000,
      onEvent: (event) => {
        if (event.kind === 'log') logs.push(event.message);
      },
    });
    const profile = JSON.parse(readFileSync(join(runDir, 'profile.json'), 'utf8'));
    assert.equal(profile.rows, 20000, 'the profile covers every row');
    assert.equal(profile.source.computedIn, 'database');
    const sample = profile.source.sample as { rows: number; of: number };
    assert.equal(sample.of, 20000);
    assert.ok(sample.rows > 1000 && sample.rows < 20000, JSON.stringify(sample));
    assert.ok(logs.some((l) => l.startsWith(`training on ${sample.rows} of 20000 rows, a seeded sample drawn in the database (stratified by 'y')`)), logs.join('\n'));
    assert.ok(result.plan.rows <= sample.rows);
    for (const file of readdirSync(runDir)) assert.ok(!readFileSync(join(runDir, file), 'utf8').includes(server.password), file);
  });
});

describe('the engine worker (VS Code) on a PostgreSQL source', () => {
  let dir: string;
  before(async () => {
    await loadDataset(server, 'iris');
    dir = mkdtempSync(join(tmpdir(), 'automl-pg-worker-'));
    await build({ entryPoints: [join(process.cwd(), 'src/worker/engineWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'es2022', outfile: join(dir, 'engineWorker.js'), external: ['pg-native'], logLevel: 'warning' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The final event of one request to a fresh worker. */
  function ask(request: EngineRequest): Promise<EngineEvent> {
    const worker = new Worker(join(dir, 'engineWorker.js'));
    return new Promise<EngineEvent>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (event: EngineEvent) => {
        if (event.kind !== 'profile/progress') resolve(event);
      });
      worker.postMessage(request);
    }).finally(() => void worker.terminate());
  }

  it('profiles in the database, lists the tables for the picker and peeks, with the password from the host', async () => {
    const source = { kind: 'postgres' as const, url: server.url, table: 'iris' };
    const secrets = { password: server.password };
    const profiled = await ask({ kind: 'profile/start', requestId: 1, source, secrets, options: { target: 'species' } });
    assert.equal(profiled.kind, 'profile/completed', JSON.stringify(profiled));
    if (profiled.kind === 'profile/completed') {
      assert.equal(profiled.profile.source?.computedIn, 'database');
      assert.equal(profiled.profile.rows, 150);
      assert.equal(profiled.profile.target?.task, 'multiclass');
    }
    const choices = await ask({ kind: 'source/choices', requestId: 2, source: { kind: 'postgres', url: server.url }, secrets });
    assert.ok(choices.kind === 'source/choicesCompleted' && choices.choices?.names.includes('public.iris'), JSON.stringify(choices));
    const peeked = await ask({ kind: 'source/peek', requestId: 3, source, secrets });
    assert.ok(peeked.kind === 'source/peeked' && peeked.columns.includes('species'), JSON.stringify(peeked).slice(0, 300));
    const refused = await ask({ kind: 'profile/start', requestId: 4, source, secrets: { password: 'wrong' }, options: {} });
    assert.ok(refused.kind === 'error' && /password authentication failed/.test(refused.error.message), JSON.stringify(refused));
  });
});
