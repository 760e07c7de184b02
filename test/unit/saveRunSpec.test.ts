// Must come first: answers `require('vscode')` for the command modules below.
import { opened } from './fakes/fakeVscode';
import { exportUi, resetExportUi, setWorkspaceFolders } from './fakes/fakeVscodeExport';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { parseSpecText } from '../../src/engine/spec/parseSpec';
import { saveRunAsSpec } from '../../src/extension/runs/saveRunSpec';
import { runSpecFileText } from '../../src/node/specFiles';

let workspace: string;
let runDir: string;
const logged: string[] = [];
const output = { info: (line: string) => void logged.push(line) };

before(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'automl-save-spec-'));
  runDir = join(workspace, '.automl', 'runs', '20250102-000000-titanic');
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'spec.json'), JSON.stringify({ version: 1, kind: 'run', file: 'data/titanic.csv', target: 'survived', seed: 42, createdAt: '2025-01-02T00:00:00.000Z' }));
  await writeFile(
    join(runDir, 'spec.automl'),
    runSpecFileText({
      source: { kind: 'csv', path: join(workspace, 'data', 'titanic.csv') },
      root: workspace,
      runDir,
      spec: { target: 'survived', seed: 42, task: 'binary', models: ['gbdt', 'logistic'], exclude: ['name'], trials: 4 },
    }),
  );
});

after(async () => {
  await rm(workspace, { recursive: true, force: true });
});

beforeEach(() => {
  resetExportUi();
  setWorkspaceFolders(workspace);
  opened.length = 0;
  logged.length = 0;
});

describe('Save Run as Spec…', () => {
  it('offers <workspace>/<run stem>.automl, writes the spec with the data path relative to it, and opens it', async () => {
    const target = join(workspace, 'specs', 'titanic.automl');
    exportUi.answers.saveDialog = () => vscode.Uri.file(target) as never;
    const written = await saveRunAsSpec({ summary: { runDir } }, output);
    assert.equal(written?.fsPath, target);
    const [dialog] = exportUi.shown.filter((entry) => entry.kind === 'saveDialog');
    const options = dialog.options as { defaultUri: vscode.Uri; filters: Record<string, string[]> };
    assert.equal(options.defaultUri.fsPath, `${workspace}/titanic.automl`);
    assert.deepEqual(options.filters, { 'AutoML spec': ['automl'] });
    const { spec, diagnostics } = parseSpecText(await readFile(target, 'utf8'));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(spec.source, { kind: 'csv', path: '../data/titanic.csv' });
    assert.deepEqual(spec.run, { target: 'survived', seed: 42, task: 'binary', models: ['gbdt', 'logistic'], exclude: ['name'], trials: 4 });
    assert.deepEqual(opened, [{ path: target }]);
    assert.match(logged[0], /Saved the spec of .*20250102-000000-titanic to .*titanic\.automl/);
  });

  it('takes the run from the Leaderboard ({ runDir }) and writes nothing when the dialog is dismissed', async () => {
    const before = await readdir(workspace);
    assert.equal(await saveRunAsSpec({ runDir }, output), undefined);
    assert.equal(exportUi.shown.filter((entry) => entry.kind === 'saveDialog').length, 1);
    assert.deepEqual(await readdir(workspace), before);
    assert.deepEqual(opened, []);
  });

  it('refuses a folder that is not a run', async () => {
    await assert.rejects(saveRunAsSpec({ runDir: workspace }, output), /is not an AutoML run folder/);
  });
});
