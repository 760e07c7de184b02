/**
 * The profile computed in PostgreSQL equals `profileFrame` of the same rows read into memory:
 * types, counts, missing and distinct values, min and max exactly; mean, standard deviation,
 * skewness and quantiles to floating-point rounding; histograms, top values, target classes,
 * warnings, duplicate rows and bad values exactly; associations exactly where they use every row
 * (up to 200,000) and over the same columns beyond. Public datasets in typed and all-text tables,
 * text classified here and (with a small dictionary limit) in SQL, and a table of edge cases.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { DataError } from '../../../src/engine/errors';
import { profileFrame } from '../../../src/engine/profile/profileFrame';
import type { DatasetProfile } from '../../../src/engine/profile/types';
import { openSource } from '../../../src/node/sources/openSource';
import { withPostgres } from '../../../src/node/sources/postgres/connection';
import { pushdownProfile } from '../../../src/node/sources/postgres/pushdownProfile';
import { readManifest } from '../../publicDatasets';
import { startPostgres, type PostgresServer } from '../../postgresServer';
import { loadDataset, tableName } from './postgresTables';

let server: PostgresServer;
before(async () => {
  server = await startPostgres();
});
after(() => server?.stop());

/** The profile of the rows read into memory, and the one computed in the database. */
async function bothProfiles(spec: { table?: string; query?: string }, target?: string, dictionaryLimit?: number): Promise<[DatasetProfile, DatasetProfile]> {
  const source = openSource({ kind: 'postgres', url: server.url, ...spec }, { password: server.password });
  const read = await source.read();
  const inMemory = profileFrame(read.frame, { target, report: read.report, source: read.source });
  const inDatabase =
    dictionaryLimit === undefined
      ? await (source.profile as NonNullable<typeof source.profile>)({ target })
      : { ...(await withPostgres(server.url, { password: server.password }, undefined, (session) => pushdownProfile(session, spec, { target, dictionaryLimit }))), source: inMemory.source };
  return [inMemory, inDatabase];
}

/** Asserts `actual` equals `expected`, numbers to a relative 1e-9 (sums in another order), naming the path of a difference. */
function assertSameProfile(actual: unknown, expected: unknown, path = 'profile'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const close = actual === expected || Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
    assert.ok(close, `${path}: ${actual} in the database, ${expected} in memory`);
    return;
  }
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    assert.deepEqual(actual, expected, path);
    return;
  }
  assert.equal(Array.isArray(actual), Array.isArray(expected), path);
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const key of keys) assertSameProfile((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
}

function assertSame(inDatabase: DatasetProfile, inMemory: DatasetProfile, options: { associations?: 'columns' } = {}): void {
  const { source, associations, ...rest } = inDatabase;
  const { source: memorySource, associations: memoryAssociations, ...memoryRest } = inMemory;
  assert.deepEqual(source, { ...memorySource, computedIn: 'database' });
  assertSameProfile(rest, memoryRest);
  if (options.associations === 'columns') {
    assert.deepEqual(associations.columns, memoryAssociations.columns);
    assert.equal(associations.sampledRows, memoryAssociations.sampledRows);
  } else {
    assertSameProfile(associations, memoryAssociations, 'profile.associations');
  }
}

describe('the profile computed in PostgreSQL equals the profile of the rows read', () => {
  for (const { name, target, rows } of readManifest()) {
    // flights_late's 500,000 rows: the typed table alone keeps the suite quick.
    const tables = rows > 200_000 ? [true] : [true, false];
    it(`${name}: ${tables.length === 2 ? 'typed and all-text tables' : 'typed table'}`, async () => {
      await loadDataset(server, name);
      for (const typed of tables) {
        const [inMemory, inDatabase] = await bothProfiles({ table: tableName(name, typed) }, target);
        assert.ok(inDatabase.columns.length > 0);
        // Above 200,000 rows each side samples its own rows for associations.
        assertSame(inDatabase, inMemory, inMemory.rows > 200_000 ? { associations: 'columns' } : {});
      }
    });
  }

  for (const name of ['titanic', 'seattle_weather', 'penguins', 'pima_diabetes', 'breast_cancer_wisc']) {
    it(`${name}: text with more distinct values than the dictionary limit is classified in SQL alike`, async () => {
      await loadDataset(server, name);
      const { target } = readManifest().find((e) => e.name === name) ?? { target: undefined };
      const [inMemory, inDatabase] = await bothProfiles({ table: tableName(name, false) }, target, 12);
      assertSame({ ...inDatabase, source: { ...inDatabase.source, computedIn: 'database' } }, inMemory);
    });
  }
});

describe('edge cases', () => {
  before(async () => {
    await server.psql(
      'CREATE TABLE edge AS SELECT g AS row_number, g * 3 AS user_id, g % 2 AS flag, ' +
        "CASE g % 4 WHEN 0 THEN 'Yes' WHEN 1 THEN 'yes' WHEN 2 THEN ' no' ELSE 'NA' END AS answer, " +
        'NULL::integer AS nothing, (g % 5)::text AS digits, ' +
        "CASE WHEN g % 50 = 0 THEN 'oops' WHEN g % 50 = 1 THEN '' ELSE (g * 1.5)::text END AS mostly_numbers, " +
        "date '2024-01-01' + g AS day, (timestamp '2024-01-01 00:00' + g * interval '37 minutes 0.25 seconds')::text AS stamp, " +
        "'00' || g AS code, repeat('word ', g % 7 + 1) AS prose, md5(g::text) AS hash, " +
        'CASE WHEN g % 3 = 0 THEN NULL ELSE g % 11 END AS sparse, (g % 9)::float8 / 4 AS quarter, ' +
        "CASE WHEN g % 7 = 0 THEN 'NaN'::float8 ELSE g / 7.0 END AS with_nan, (g % 3)::numeric(4, 1) AS decimals, " +
        "CASE WHEN g <= 1500 THEN 'a' ELSE 'b' END AS tie, g % 2 = 0 AS truth, 'x' || (g % 60) AS many_levels, " +
        "CASE WHEN g % 2 = 0 THEN 'Café ☕ au lait numéro ' || g ELSE 'plain' END AS unicode " +
        'FROM generate_series(1, 3000) g',
    );
    await server.psql("CREATE TABLE dups (a integer, b text, c date); INSERT INTO dups VALUES (1, 'x', '2024-01-01'), (1, 'x', '2024-01-01'), " +
      "(2, NULL, NULL), (2, 'NA', NULL), (2, '', NULL), (3, 'Yes', '2024-01-02'), (3, 'yes', '2024-01-02'), (4, ' x', '2024-01-01'), (1, 'x ', '2024-01-01')");
  });

  for (const limit of [undefined, 12]) {
    it(`agree on counters, identifiers, booleans, missing tokens, bad values, dates, codes and text (dictionary limit ${limit ?? 'default'})`, async () => {
      for (const target of ['flag', 'answer', 'quarter', 'tie']) {
        const [inMemory, inDatabase] = await bothProfiles({ table: 'edge' }, target, limit);
        assertSame({ ...inDatabase, source: { ...inDatabase.source, computedIn: 'database' } }, inMemory);
      }
      const [inMemory] = await bothProfiles({ table: 'edge' });
      const types = Object.fromEntries(inMemory.columns.map((c) => [c.name, c.type]));
      // The case is worth testing only if the table holds what it claims.
      assert.deepEqual(types, {
        row_number: 'id',
        user_id: 'id',
        flag: 'boolean',
        answer: 'boolean',
        nothing: 'categorical',
        digits: 'integer',
        mostly_numbers: 'float',
        day: 'datetime',
        stamp: 'datetime',
        code: 'id',
        prose: 'categorical',
        hash: 'id',
        sparse: 'integer',
        quarter: 'float',
        with_nan: 'float',
        decimals: 'integer',
        tie: 'categorical',
        truth: 'boolean',
        many_levels: 'categorical',
        unicode: 'text',
      });
      assert.ok(inMemory.badValues.some((b) => b.column === 'mostly_numbers' && b.count === 60));
      assert.ok(inMemory.warnings.some((w) => w.kind === 'time-ordered' && w.column === 'day'));
    });
  }

  it('agree on duplicate rows (missing equals missing) and renamed columns of a query', async () => {
    const [inMemory, inDatabase] = await bothProfiles({ table: 'dups' });
    // Trimmed texts compare equal, as do all missing values ('NA', '', NULL).
    assert.equal(inMemory.duplicateRows, 4);
    assertSame(inDatabase, inMemory);
    const query = 'SELECT g % 3 AS a, g % 5 AS a, g AS " " FROM generate_series(1, 40) g';
    const [queryMemory, queryDatabase] = await bothProfiles({ query }, 'a_2');
    assert.deepEqual(queryMemory.columns.map((c) => c.name), ['a', 'a_2', 'column_3']);
    assertSame(queryDatabase, queryMemory);
  });

  it('agree where the first rows mislead: values repeated early but not later, a mean far from the first values', async () => {
    // The first 10,000 rows repeat 7 values (later rows do not); 6,000 of them, of 150,000, lie near 1e9.
    await server.psql(
      'CREATE TABLE misleading AS SELECT g AS n, CASE WHEN g <= 10000 THEN g % 7 ELSE g END AS repeats_early, ' +
        'CASE WHEN g <= 6000 THEN 1e9 + g ELSE g END AS far_start FROM generate_series(1, 150000) g',
    );
    for (const limit of [undefined, 12]) {
      const [inMemory, inDatabase] = await bothProfiles({ table: 'misleading' }, undefined, limit);
      assertSame({ ...inDatabase, source: { ...inDatabase.source, computedIn: 'database' } }, inMemory);
    }
  });

  it('agree on an empty table and an empty query result', async () => {
    await server.psql('CREATE TABLE nothing_yet (a integer, b text, c timestamptz)');
    for (const spec of [{ table: 'nothing_yet' }, { query: 'SELECT * FROM dups WHERE a > 100' }]) {
      const [inMemory, inDatabase] = await bothProfiles(spec);
      assert.equal(inMemory.rows, 0);
      assertSame(inDatabase, inMemory);
    }
  });

  it('names an unknown target as profileFrame does', async () => {
    const source = openSource({ kind: 'postgres', url: server.url, table: 'dups' }, { password: server.password });
    await assert.rejects((source.profile as NonNullable<typeof source.profile>)({ target: 'B' }), (error: Error) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /^Unknown target column 'B'\. Did you mean 'b'\? Available columns: 'a', 'b', 'c'\.$/);
      return true;
    });
  });
});
