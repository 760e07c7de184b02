import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetDatabase, sqliteDatabase, tempDir } from './sqliteFixtures';

/** `automl` (dist/cli.js, built with the tests) on SQLite databases written by the sqlite3 tool. */

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(process.cwd(), 'dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('automl on SQLite databases', () => {
  const dir = tempDir('automl-sqlite-cli-');
  datasetDatabase(dir, 'titanic');
  sqliteDatabase(dir, 'app.db', "CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y'); CREATE TABLE u (c REAL); INSERT INTO u VALUES (0.5);");

  it('profile --table --json describes the table and where it came from', () => {
    const { code, stdout, stderr } = cli(dir, 'profile', 'titanic.db', '--table', 't', '--target', 'survived', '--json');
    assert.equal(code, 0, stderr);
    const profile = JSON.parse(stdout);
    assert.equal(profile.rows, 1309);
    assert.deepEqual(profile.columns.map((c: { name: string }) => c.name), ['name', 'survived', 'sex', 'age', 'passengerClass']);
    assert.equal(profile.columns.find((c: { name: string }) => c.name === 'age').type, 'float');
    assert.equal(profile.target.task, 'binary');
    assert.equal(profile.source.kind, 'sqlite');
    assert.equal(profile.source.table, 't');
    const table = cli(dir, 'profile', 'titanic.db');
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^titanic\.db: 1,309 rows × 5 columns \(table t, [\d.]+ KiB\)$/m);
  });

  it('run sqlite:<path> --query trains and records the query in spec.json', () => {
    const out = join(dir, 'run');
    const query = "SELECT name, survived, sex, age FROM t WHERE passengerClass <> '' ORDER BY rowid";
    const { code, stderr } = cli(dir, 'run', 'sqlite:titanic.db', '--query', query, '--target', 'survived', '--trials', '2', '--models', 'gbdt', '--workers', '0', '--out', out);
    assert.equal(code, 0, stderr);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    assert.deepEqual(spec.source, { kind: 'sqlite', path: 'titanic.db', query });
    const profile = JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8'));
    assert.equal(profile.rows, 1309);
    assert.equal(profile.columns.length, 4);
  });

  it('exits 1 with the reason, naming the file, and no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['profile', 'app.db'], /^automl: app\.db holds 2 tables \(t, u\): pick one with --table <name>, or give a --query\n$/],
      [['profile', 'app.db', '--table', 'nope'], /^automl: app\.db: no such table: nope\n$/],
      [['profile', 'sqlite:app.db', '--query', 'SELEC 1'], /^automl: app\.db: near "SELEC": syntax error\n$/],
      [['profile', 'app.db', '--query', 'SELECT * FROM t WHERE a > 9'], /^automl: app\.db: the query returned no rows\n$/],
      [['profile', 'app.db', '--sheet', 'x'], /--sheet does not apply to a SQLite database/],
      [['profile', 'missing.sqlite3'], /^automl: file not found: .*missing\.sqlite3\n$/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stdout, stderr } = cli(dir, ...args);
      assert.equal(code, 1, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, pattern);
      assert.equal(stdout, '');
    }
  });
});
