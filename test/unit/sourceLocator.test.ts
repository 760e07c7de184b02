import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { locateSource } from '../../src/engine/data/sourceLocator';
import { describeSource, fileKindOf } from '../../src/engine/data/sourceSpec';
import { sourceStem } from '../../src/node/dataFileName';

describe('locating a data source from what a user types', () => {
  it('tells file formats by extension, .gz included', () => {
    const kinds = ['a.csv', 'A.TSV', 'a.csv.gz', 'a.json', 'a.ndjson', 'a.jsonl', 'a.parquet', 'a.xlsx', 'a.sqlite', 'a.sqlite3', 'a.db', 'a.txt'].map(fileKindOf);
    assert.deepEqual(kinds, ['csv', 'csv', 'csv', 'json', 'ndjson', 'ndjson', 'parquet', 'xlsx', 'sqlite', 'sqlite', 'sqlite', undefined]);
    assert.throws(() => locateSource('notes.txt'), /cannot tell the format of 'notes\.txt'/);
  });

  it('takes the options that fit the kind of source, and names the one that does not', () => {
    assert.deepEqual(locateSource('sales.xlsx', { sheet: '2' }).spec, { kind: 'xlsx', path: 'sales.xlsx', sheet: 2 });
    assert.deepEqual(locateSource('sales.xlsx', { sheet: 'Q3' }).spec, { kind: 'xlsx', path: 'sales.xlsx', sheet: 'Q3' });
    assert.deepEqual(locateSource('sqlite:app.db', { table: 'orders' }).spec, { kind: 'sqlite', path: 'app.db', table: 'orders' });
    assert.deepEqual(locateSource('data.json', { records: 'data.items' }).spec, { kind: 'json', path: 'data.json', records: 'data.items' });
    assert.throws(() => locateSource('data.csv', { table: 't' }), /--table does not apply to a CSV\/TSV file \(it goes with SQLite database or PostgreSQL database\)/);
    assert.throws(() => locateSource('app.db', { table: 't', query: 'select 1' }), /--table or --query, not both/);
    assert.throws(() => locateSource('https://x.test/a', { nextCursor: 'meta.next' }), /--next-cursor and --cursor-param go together/);
  });

  it('keeps a password out of a PostgreSQL spec, whatever it holds', () => {
    const located = locateSource('postgres://ana:s3cr%40t:x@db.local:5433/shop?sslmode=disable', { table: 'public.orders' });
    assert.deepEqual(located.spec, { kind: 'postgres', url: 'postgres://ana@db.local:5433/shop?sslmode=disable', table: 'public.orders' });
    assert.equal(located.password, 's3cr@t:x');
    assert.ok(!JSON.stringify(located.spec).includes('s3cr'));
    assert.deepEqual(locateSource('postgresql://db.local/shop').spec, { kind: 'postgres', url: 'postgresql://db.local/shop' });
    // libpq's password parameter leaves the URL too.
    const parameter = locateSource('postgres://ana@db.local/shop?sslmode=require&password=p%26ss&application_name=x');
    assert.deepEqual(parameter.spec, { kind: 'postgres', url: 'postgres://ana@db.local/shop?sslmode=require&application_name=x' });
    assert.equal(parameter.password, 'p&ss');
    assert.deepEqual(locateSource('postgres://ana@db.local/shop?password=x').spec, { kind: 'postgres', url: 'postgres://ana@db.local/shop' });
  });

  it('reads web API options into a pagination and bounds', () => {
    const { spec } = locateSource('https://api.test/v1/items?x=1', {
      records: 'data',
      headers: ['Authorization: Bearer ${TOKEN}'],
      nextCursor: 'meta.next_token',
      cursorParam: 'pagination_token',
      maxPages: 3,
    });
    assert.deepEqual(spec, {
      kind: 'http',
      url: 'https://api.test/v1/items?x=1',
      records: 'data',
      maxPages: 3,
      headers: ['Authorization: Bearer ${TOKEN}'],
      pagination: { kind: 'cursor', nextCursor: 'meta.next_token', cursorParam: 'pagination_token' },
    });
    assert.throws(() => locateSource('https://api.test/x', { maxRows: 0 }), /--max-rows must be a positive whole number/);
  });

  it('names sources for people and for run folders', () => {
    assert.equal(describeSource({ kind: 'xlsx', path: 'data/sales.xlsx', sheet: 'Q3' }), 'data/sales.xlsx [Q3]');
    assert.equal(describeSource({ kind: 'postgres', url: 'postgres://ana@db/shop', query: 'SELECT *\n  FROM orders' }), 'postgres://ana@db/shop: SELECT * FROM orders');
    assert.equal(sourceStem({ kind: 'xlsx', path: '/d/sales.xlsx', sheet: 'Q3' }), 'sales-Q3');
    assert.equal(sourceStem({ kind: 'csv', path: '/d/titanic.csv.gz' }), 'titanic');
    assert.equal(sourceStem({ kind: 'postgres', url: 'postgres://ana@db:5432/shop', table: 'public.orders' }), 'public.orders');
    assert.equal(sourceStem({ kind: 'postgres', url: 'postgres://ana@db:5432/shop', query: 'select 1' }), 'shop');
    assert.equal(sourceStem({ kind: 'http', url: 'https://api.github.com/users/x/repos?per_page=100' }), 'repos');
    assert.equal(sourceStem({ kind: 'http', url: 'https://api.test' }), 'api.test');
  });
});
