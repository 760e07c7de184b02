/**
 * The `automl` command line (dist/cli.js) on a real PostgreSQL server: the password, from
 * PGPASSWORD, the URL or a password file, reaches the server and nothing else (not the run
 * folder, not stdout or stderr); connection, authentication, table and SQL errors exit 1 with
 * the database's message and no stack trace.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPostgres, type PostgresServer } from '../../postgresServer';
import { loadDataset } from './postgresTables';

/** A password that needs escaping in a URL (':', '@', '&') and in a password file (':', '\'). */
const PASSWORD = 'p@ss:w\\rd&1';

let server: PostgresServer;
const temps: string[] = [];
/** A fresh temporary folder, deleted after the tests. */
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'automl-pg-cli-'));
  temps.push(dir);
  return dir;
};
let home: string;
before(async () => {
  server = await startPostgres({ password: PASSWORD });
  await loadDataset(server, 'titanic');
  home = temp();
});
after(() => {
  server?.stop();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Runs the built CLI with a clean environment: no PG* variables, a HOME without a password file. */
function cli(args: readonly string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', env: { ...clean, HOME: home, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): [string, string][] {
  return readdirSync(dir).flatMap((name): [string, string][] => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [[path, readFileSync(path, 'utf8')]];
  });
}

function assertNoPassword(texts: readonly string[], dir?: string): void {
  for (const text of texts) assert.ok(!text.includes(PASSWORD) && !text.includes(encodeURIComponent(PASSWORD)), text.slice(0, 500));
  if (dir !== undefined) for (const [path, text] of filesUnder(dir)) assert.ok(!text.includes(PASSWORD) && !text.includes(encodeURIComponent(PASSWORD)), path);
}

describe('automl run on PostgreSQL keeps the password secret', () => {
  it('with PGPASSWORD: the run folder records the source and no password', () => {
    const out = join(temp(), 'run');
    const { code, stdout, stderr } = cli(['run', server.url, '--table', 'titanic', '--target', 'survived', '--trials', '2', '--out', out], { PGPASSWORD: PASSWORD });
    assert.equal(code, 0, stderr);
    assertNoPassword([stdout, stderr], out);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    assert.deepEqual(spec.source, { kind: 'postgres', url: server.url, table: 'titanic' });
    const profile = JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8'));
    assert.deepEqual(profile.source, { kind: 'postgres', file: server.url, table: 'titanic', computedIn: 'database' });
    assert.equal(profile.rows, 1309);
  });

  it('with the password in the URL: a warning, a run, and the password recorded nowhere', () => {
    const out = join(temp(), 'run');
    const url = server.url.replace(`//${server.user}@`, `//${server.user}:${encodeURIComponent(PASSWORD)}@`);
    const { code, stdout, stderr } = cli(['run', url, '--table', 'titanic', '--target', 'survived', '--trials', '2', '--out', out]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /warning: the password in the URL is used for this command only and not saved/);
    assertNoPassword([stdout, stderr], out);
    assert.equal(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')).source.url, server.url);
  });

  it('with a password file: PGPASSFILE or ~/.pgpass, escapes and wildcards, ignored when others may read it', () => {
    const escaped = PASSWORD.replace(/[:\\]/g, (ch) => `\\${ch}`);
    const file = join(temp(), 'pgpass');
    writeFileSync(file, `# comment line\nother.host:5432:shop:ana:nope\n127.0.0.1:${server.port}:*:ana:${escaped}\n`, { mode: 0o600 });
    const ok = cli(['profile', server.url, '--table', 'titanic', '--json'], { PGPASSFILE: file });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).source.computedIn, 'database');
    assertNoPassword([ok.stdout, ok.stderr]);

    chmodSync(file, 0o644);
    const open = cli(['profile', server.url, '--table', 'titanic'], { PGPASSFILE: file });
    assert.equal(open.code, 1);
    assert.match(open.stderr, /the server asks for a password for user "ana" and none was given/);
    assert.match(open.stderr, /has group or world access, so it was ignored \(run chmod 0600/);

    writeFileSync(join(home, '.pgpass'), `*:*:*:ana:${escaped}\n`, { mode: 0o600 });
    const fromHome = cli(['profile', server.url, '--table', 'titanic', '--json']);
    assert.equal(fromHome.code, 0, fromHome.stderr);
    assertNoPassword([fromHome.stdout, fromHome.stderr]);
  });
});

describe('automl on PostgreSQL: errors', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['a closed port', ['profile', 'postgres://ana@127.0.0.1:1/shop', '--table', 'titanic'], { PGPASSWORD: PASSWORD }, /cannot connect to PostgreSQL at postgres:\/\/ana@127\.0\.0\.1:1\/shop: connection refused/],
    ['a wrong password', ['profile', '', '--table', 'titanic'], { PGPASSWORD: 'not-the-password' }, /password authentication failed for user "ana"/],
    ['a missing table', ['profile', '', '--table', 'public.nope'], { PGPASSWORD: PASSWORD }, /relation "public\.nope" does not exist/],
    ['an SQL syntax error', ['run', '', '--query', 'SELECT name FORM titanic', '--target', 'survived'], { PGPASSWORD: PASSWORD }, /syntax error at or near "titanic" \(at character 18 of the query\)/],
  ];
  for (const [what, args, env, message] of cases) {
    it(`${what}: exit 1, the database's message, no stack trace, no password`, () => {
      const { code, stdout, stderr } = cli(args.map((arg) => (arg === '' ? server.url : arg)), env);
      assert.equal(code, 1, stderr);
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /^\s+at /m);
      assertNoPassword([stdout, stderr]);
    });
  }
});
