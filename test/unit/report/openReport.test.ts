// Must come first: answers `require('vscode')` for the extension module below.
import { answers, created, FakeUri, infos } from '../fakes/fakeVscode';
import { exportUi, resetExportUi, setWorkspaceFolders } from '../fakes/fakeVscodeExport';
import { env, panelOptions } from './fakeVscodeEnv';
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { before, beforeEach, describe, it } from 'node:test';
import { DataError } from '../../../src/engine/errors';
import { REPORT_VIEW_TYPE, ReportOpener } from '../../../src/extension/runs/openReport';
import { REPORT_FILE } from '../../../src/node/runReport';
import { titanicRun } from './reportRuns';

describe('AutoML: Open Report', () => {
  let runDir: string;
  let report: string;
  const logged: string[] = [];
  const opener = new ReportOpener({ output: { info: (line) => void logged.push(line) } });

  before(async () => {
    runDir = (await titanicRun()).runDir;
    report = join(runDir, REPORT_FILE);
  });

  beforeEach(() => {
    resetExportUi();
    infos.length = 0;
    answers.information = undefined;
    Object.assign(env, { remoteName: undefined, uiKind: 1, openedExternally: [], openExternalResult: true });
    opener.dispose();
    created.length = 0;
    panelOptions.length = 0;
  });

  it('writes the report of a run that has none, then opens it in the browser and offers the alternatives', async () => {
    await rm(report);
    assert.equal(await opener.open(runDir), report);
    assert.ok(existsSync(report));
    assert.match(String(exportUi.shown.find((u) => u.kind === 'progress')?.message), /writing the report of/);
    assert.deepEqual(logged, [`Wrote ${report}.`]);
    assert.deepEqual(env.openedExternally, [report]);
    assert.equal(created.length, 0);
    assert.deepEqual(infos.at(-1)?.items, ['Show in VS Code', 'Reveal in Explorer']);
  });

  it('opens an up-to-date report as it is', async () => {
    await opener.open(runDir);
    assert.equal(exportUi.shown.filter((u) => u.kind === 'progress').length, 0);
  });

  it('shows it in a webview, its script allowed by a nonce, when VS Code is remote', async () => {
    env.remoteName = 'ssh-remote';
    await opener.open({ runDir });
    assert.deepEqual(env.openedExternally, []);
    assert.equal(created.length, 1);
    assert.equal(created[0].viewType, REPORT_VIEW_TYPE);
    assert.deepEqual(panelOptions[0], { enableScripts: true, enableFindWidget: true, localResourceRoots: [] });
    const html = created[0].webview.html;
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce, 'the policy allows scripts by nonce');
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.ok(!html.includes("script-src 'unsafe-inline'"));
    assert.deepEqual(infos.at(-1)?.items, ['Reveal in Explorer']);
    // The same run again: the panel is revealed, not duplicated.
    await opener.open(runDir);
    assert.equal(created.length, 1);
    assert.equal(created[0].revealed, 1);
  });

  it('falls back to the webview when the browser cannot be opened', async () => {
    env.openExternalResult = false;
    await opener.open(runDir);
    assert.deepEqual(env.openedExternally, [report]);
    assert.equal(created.length, 1);
  });

  it('reveals the file, in the Explorer when it is in the workspace', async () => {
    const root = dirname(dirname(dirname(runDir)));
    setWorkspaceFolders(root);
    answers.information = 'Reveal in Explorer';
    await opener.open(runDir);
    await tick();
    const command = exportUi.shown.find((u) => u.kind === 'command');
    assert.equal(command?.message, 'revealInExplorer');
    assert.equal((command?.items?.[0] as FakeUri).fsPath, report);
  });

  it('asks which run without one, offering the trained runs of the workspace', async () => {
    setWorkspaceFolders(dirname(dirname(dirname(runDir))));
    exportUi.answers.quickPick = (items) => items[0];
    assert.equal(await opener.open(), report);
    const pick = exportUi.shown.find((u) => u.kind === 'quickPick');
    assert.equal(pick?.items?.length, 1);
    exportUi.answers.quickPick = () => undefined;
    assert.equal(await opener.open(), undefined);
  });

  it('refuses a folder that is not a run folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'automl-not-a-run-'));
    await assert.rejects(opener.open(folder), DataError);
  });
});
