import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runFolderName, runsDirectory, specPath, toJsonText, writeFileAtomic, writeRunFolder } from '../../src/node/runFolder';

describe('run folders', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-folder-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names a run by local start time and dataset', () => {
    assert.equal(runFolderName(new Date(2025, 0, 2, 3, 4, 5), '/data/titanic.csv'), '20250102-030405-titanic');
    assert.equal(runFolderName(new Date(2025, 11, 31, 23, 59, 59), 'C:/x/my data (v2).tsv'), '20251231-235959-my_data_v2');
    assert.equal(runFolderName(new Date(2025, 0, 1), '/data/.csv'), '20250101-000000-csv');
    assert.equal(runFolderName(new Date(2025, 0, 1), '/data/donn\u00e9es.csv'), '20250101-000000-donn\u00e9es');
    assert.equal(runFolderName(new Date(2025, 0, 1), '/data/$$.csv'), '20250101-000000-data');
  });

  it('refers to files inside the root relatively, with forward slashes', () => {
    const root = join(dir, 'ws');
    assert.equal(specPath(root, join(root, 'data', 'iris.csv')), 'data/iris.csv');
    assert.equal(specPath(root, join(dir, 'elsewhere.csv')), join(dir, 'elsewhere.csv'));
    assert.equal(specPath(root, join(`${root}2`, 'a.csv')), join(`${root}2`, 'a.csv'));
    assert.equal(runsDirectory(root), join(root, '.automl', 'runs'));
  });

  it('writes a file atomically, replacing old content and leaving no temp file', async () => {
    const file = join(dir, 'atomic.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, toJsonText({ a: 1 }));
    assert.equal(readFileSync(file, 'utf8'), '{\n  "a": 1\n}\n');
    assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('atomic')), ['atomic.json']);
    await assert.rejects(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x'), { code: 'ENOENT' });
  });

  it('creates the run folder in one step and picks a free name on collision', async () => {
    const runs = runsDirectory(join(dir, 'ws'));
    const files = { 'spec.json': toJsonText({ version: 1 }), 'profile.json': toJsonText({ rows: 3 }) };
    const first = await writeRunFolder(runs, '20250101-000000-iris', files);
    mkdirSync(join(runs, '20250101-000000-iris-2'));
    const second = await writeRunFolder(runs, '20250101-000000-iris', files);
    assert.equal(first, join(runs, '20250101-000000-iris'));
    assert.equal(second, join(runs, '20250101-000000-iris-3'));
    assert.deepEqual(readdirSync(second).sort(), ['profile.json', 'spec.json']);
    assert.equal(JSON.parse(readFileSync(join(second, 'profile.json'), 'utf8')).rows, 3);
    // No staging folders are left behind.
    assert.deepEqual(readdirSync(runs).sort(), ['20250101-000000-iris', '20250101-000000-iris-2', '20250101-000000-iris-3']);
  });

  it('removes the staging folder when a write fails', async () => {
    const runs = runsDirectory(join(dir, 'failing'));
    await assert.rejects(writeRunFolder(runs, 'run', { 'no/such/dir.json': '{}' }), { code: 'ENOENT' });
    assert.deepEqual(readdirSync(runs), []);
  });
});
