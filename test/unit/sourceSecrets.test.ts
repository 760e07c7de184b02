import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { headerTemplate, headerVariables, SourceSecretStore } from '../../src/extension/sourceSecrets';

/** VS Code's SecretStorage, kept in a map (the keychain behind it is VS Code's business). */
function memoryStorage(): vscode.SecretStorage & { readonly entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (key: string) => entries.get(key),
    store: async (key: string, value: string) => void entries.set(key, value),
    delete: async (key: string) => void entries.delete(key),
    keys: async () => [...entries.keys()],
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as vscode.SecretStorage & { readonly entries: Map<string, string> };
}

describe('the secrets of data sources', () => {
  it('finds a database password by its URL, and nothing for files', async () => {
    const store = new SourceSecretStore(memoryStorage());
    await store.storePassword('postgres://ana@db:5432/shop', 's3cret');
    assert.deepEqual(await store.forSource({ kind: 'postgres', url: 'postgres://ana@db:5432/shop', table: 'orders' }), { password: 's3cret' });
    assert.deepEqual(await store.forSource({ kind: 'postgres', url: 'postgres://bob@db:5432/shop' }), {});
    assert.deepEqual(await store.forSource({ kind: 'csv', path: '/d/a.csv' }), {});
  });

  it('gives a web API the values of the variables its headers refer to, per origin', async () => {
    const store = new SourceSecretStore(memoryStorage());
    await store.storeVariable('https://api.test/v1/items', 'TOKEN', 'abc');
    await store.storeVariable('https://other.test/x', 'TOKEN', 'zzz');
    const spec = { kind: 'http' as const, url: 'https://api.test/v2/users?page=1', headers: ['Authorization: Bearer ${TOKEN}', 'X-Org: ${ORG}'] };
    assert.deepEqual(await store.forSource(spec), { variables: { TOKEN: 'abc' } });
    assert.deepEqual(headerVariables(spec.headers), ['TOKEN', 'ORG']);
  });

  it('reads the source of a finished run from its spec', async () => {
    const storage = memoryStorage();
    const store = new SourceSecretStore(storage);
    await store.storePassword('postgres://ana@db/shop', 'pw');
    const runDir = join(mkdtempSync(join(tmpdir(), 'automl-secrets-')), 'run');
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'spec.json'), JSON.stringify({ source: { kind: 'postgres', url: 'postgres://ana@db/shop', table: 't' } }));
    assert.deepEqual(await store.forRun(runDir), { password: 'pw' });
    // The spec itself never held it.
    assert.ok(![...storage.entries.keys()].some((key) => key.includes('pw')));
  });

  it('moves a header value written out into a variable', () => {
    assert.deepEqual(headerTemplate('Authorization: Bearer abc123'), { template: 'Authorization: ${AUTHORIZATION}', name: 'AUTHORIZATION', value: 'Bearer abc123' });
    assert.deepEqual(headerTemplate('X-Api-Key: k'), { template: 'X-Api-Key: ${X_API_KEY}', name: 'X_API_KEY', value: 'k' });
    assert.deepEqual(headerTemplate('Authorization: Bearer ${TOKEN}'), { template: 'Authorization: Bearer ${TOKEN}' });
  });
});
