/**
 * The password file read by libpq's rules: first matching line, `*` wildcards, `\` escapes,
 * comments, localhost for sockets, the default port; ignored when group or others may read it.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { matchPgpass, pgpassPassword, pgpassPath } from '../../../src/node/sources/postgres/pgpass';

const target = { host: 'db.example', port: 5432, database: 'shop', user: 'ana' };

describe('the password file', () => {
  it('gives the first matching line, with wildcards and escapes', () => {
    const text = [
      '# a comment: db.example:5432:shop:ana:commented',
      '',
      'db.example:5433:shop:ana:other-port',
      'db.example:5432:shop:bob:other-user',
      'db.example:5432:*:ana:p\\:ss\\\\word:ignored',
      '*:*:*:ana:fallback',
    ].join('\r\n');
    assert.equal(matchPgpass(text, target), 'p:ss\\word');
    assert.equal(matchPgpass(text, { ...target, host: 'elsewhere' }), 'fallback');
    assert.equal(matchPgpass(text, { ...target, port: 5433 }), 'other-port');
    assert.equal(matchPgpass(text, { ...target, user: 'carl' }), undefined);
    // An escaped star is a literal star, not a wildcard.
    assert.equal(matchPgpass('\\*:5432:shop:ana:star', target), undefined);
    assert.equal(matchPgpass('too:few:fields', target), undefined);
  });

  it('matches a socket or no host as localhost, and a missing port as 5432', () => {
    assert.equal(matchPgpass('localhost:5432:shop:ana:local', { ...target, host: '/var/run/postgresql', port: 0 }), 'local');
    assert.equal(matchPgpass('localhost:5432:shop:ana:local', { ...target, host: '' }), 'local');
  });

  it('is PGPASSFILE or ~/.pgpass, read only when others cannot read it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'automl-pgpass-'));
    assert.equal(pgpassPath({ HOME: dir }), join(dir, '.pgpass'));
    assert.equal(pgpassPath({ HOME: dir, PGPASSFILE: '/elsewhere/pw' }), '/elsewhere/pw');
    assert.deepEqual(await pgpassPassword(target, { HOME: dir }), {});
    writeFileSync(join(dir, '.pgpass'), '*:*:*:ana:secret\n', { mode: 0o600 });
    assert.deepEqual(await pgpassPassword(target, { HOME: dir }), { password: 'secret' });
    const open = join(dir, 'open');
    writeFileSync(open, '*:*:*:ana:secret\n', { mode: 0o640 });
    const ignored = await pgpassPassword(target, { PGPASSFILE: open });
    assert.equal(ignored.password, undefined);
    assert.match(ignored.note ?? '', /has group or world access, so it was ignored/);
    assert.match((await pgpassPassword(target, { PGPASSFILE: dir })).note ?? '', /is not a plain file/);
    rmSync(dir, { recursive: true, force: true });
  });
});
