// Must come first: answers `require('vscode')` for the panel module below.
import { FakePanel, created, errors, opened } from './fakes/fakeVscode';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { ProfilePanels } from '../../src/extension/panels/profilePanel';
import type { ProfileRun } from '../../src/extension/panels/profileRun';
import type { DatasetProfile, ProfileToView, ProfilePanelState } from '../../src/protocol/webview';
import { extensionUri, recordingOutput, settle } from './fakes/hostTestKit';
import { featuresFixture } from './fakes/runReports';

const { output, warnings } = recordingOutput();

const profile: DatasetProfile = {
  rows: 2,
  columns: [{ name: 'a', type: 'integer', storage: 'numeric', count: 2, missing: 0, missingPct: 0, unique: 2 }],
  warnings: [],
  parseIssues: [],
  badValues: [],
  duplicateRows: 0,
  associations: { columns: [], sampledRows: 2, pairs: [] },
  source: { file: 'data/x.csv', bytes: 10, delimiter: ',', encoding: 'utf-8' },
};

let root: string;
let runDir: string;

function runAt(dir: string, file = 'data/x.csv'): ProfileRun {
  return { run: { runDir: dir, name: 'r', file, createdAt: '2025-01-01T00:00:00.000Z' }, profile };
}


function posted(panel: FakePanel): ProfileToView[] {
  return panel.webview.posted as ProfileToView[];
}

function kinds(panel: FakePanel): string[] {
  return posted(panel).map((m) => m.kind);
}

/** The `profile/excluded` lists a panel received, in order. */
function excludedLists(panel: FakePanel): (readonly string[])[] {
  return posted(panel).flatMap((m) => (m.kind === 'profile/excluded' ? [m.columns] : []));
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'automl-panel-'));
  runDir = join(root, '.automl', 'runs', '20250101-000000-x');
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'profile.json'), JSON.stringify(profile));
  await writeFile(join(runDir, 'spec.json'), JSON.stringify({ file: 'data/x.csv', createdAt: '2025-01-01T00:00:00.000Z' }));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  created.length = 0;
  opened.length = 0;
  errors.length = 0;
  warnings.length = 0;
});

describe('ProfilePanels', () => {
  it('opens a panel with a strict CSP and sends the profile once the view is ready', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    panels.show(runAt(runDir));
    assert.equal(created.length, 1);
    const [panel] = created;
    assert.equal(panel.viewType, 'automl.profile');
    assert.equal(panel.title, 'Profile: x.csv');
    const options = panel.webview.options as { enableScripts: boolean; localResourceRoots: { fsPath: string }[] };
    assert.equal(options.enableScripts, true);
    assert.deepEqual(options.localResourceRoots.map((u) => u.fsPath), ['/ext/dist/webview', '/ext/media']);
    assert.match(panel.webview.html, /default-src 'none'; script-src 'nonce-/);
    assert.match(panel.webview.html, /<script nonce="[^"]+" src="file:\/\/\/ext\/dist\/webview\/profile\.js"><\/script>/);

    // Nothing is posted before the view says it is listening.
    await settle();
    assert.deepEqual(posted(panel), []);
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    // The content, then the columns the file's next run leaves out (none yet).
    assert.deepEqual(kinds(panel), ['profile/show', 'profile/excluded']);
    assert.deepEqual((posted(panel)[0] as Extract<ProfileToView, { kind: 'profile/show' }>).profile, profile);
    assert.deepEqual(posted(panel)[1], { kind: 'profile/excluded', columns: [] });
    panels.dispose();
  });

  it('sends the latest content again to a view rebuilt after hiding', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    panels.show(runAt(runDir));
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    panel.setVisible(false);
    // Shown again for the same run while hidden: the same panel is revealed, nothing is posted yet.
    panels.show(runAt(runDir));
    assert.equal(created.length, 1);
    assert.equal(panel.revealed, 1);
    panel.setVisible(true);
    await settle();
    assert.deepEqual(kinds(panel), ['profile/show', 'profile/excluded']);
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(kinds(panel), ['profile/show', 'profile/excluded', 'profile/show', 'profile/excluded']);
    panels.dispose();
  });

  it('ignores malformed view messages and opens only the run\'s own files', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    panels.show(runAt(runDir));
    const [panel] = created;
    panel.webview.received.fire({ kind: 'file/open', file: '/etc/passwd' });
    panel.webview.received.fire('ready');
    await settle();
    assert.equal(warnings.length, 2);
    assert.deepEqual(opened, []);

    panel.webview.received.fire({ kind: 'file/open', file: 'data', line: 42 });
    panel.webview.received.fire({ kind: 'file/open', file: 'profile' });
    panel.webview.received.fire({ kind: 'file/open', file: 'spec' });
    await settle();
    assert.deepEqual(opened, [
      { path: join(root, 'data', 'x.csv'), line: 42 },
      { path: join(runDir, 'profile.json') },
      { path: join(runDir, 'spec.json') },
    ]);
    assert.deepEqual(errors, []);
    panels.dispose();
  });

  it('forgets a closed panel and drops its listeners', () => {
    const panels = new ProfilePanels(extensionUri, output);
    panels.show(runAt(runDir));
    const [panel] = created;
    assert.ok(panel.listenerCount > 0);
    panel.dispose();
    assert.equal(panel.listenerCount, 0);
    panels.show(runAt(runDir));
    assert.equal(created.length, 2, 'a new panel for the same run');
    panels.dispose();
    assert.equal(created[1].listenerCount, 0, 'dispose detaches from open panels');
  });

  it('sends the excluded columns of a file to that file\'s panels only, and again to a rebuilt view', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    const other = join(root, '.automl', 'runs', '20250101-000001-y');
    const second = join(root, '.automl', 'runs', '20250101-000002-x');
    panels.show(runAt(runDir));
    panels.show(runAt(other, 'data/y.csv'));
    panels.show(runAt(second));
    const [x, y, x2] = created;
    for (const panel of created) panel.webview.received.fire({ kind: 'ready' });
    await settle();

    panels.setExcluded('data/x.csv', ['age', 'name']);
    await settle();
    assert.deepEqual(excludedLists(x), [[], ['age', 'name']]);
    assert.deepEqual(excludedLists(x2), [[], ['age', 'name']], 'every run of the file');
    assert.deepEqual(excludedLists(y), [[]], 'another file is left alone');

    // Hidden: nothing reaches the torn-down view; the rebuilt view gets the latest list after the content.
    x.setVisible(false);
    panels.setExcluded('data/x.csv', ['name']);
    x.setVisible(true);
    await settle();
    assert.deepEqual(excludedLists(x), [[], ['age', 'name']]);
    x.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(kinds(x).slice(-2), ['profile/show', 'profile/excluded']);
    assert.deepEqual(excludedLists(x).at(-1), ['name']);
    panels.dispose();
  });

  it('seeds a new panel with the file\'s excluded columns', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    const asked: string[] = [];
    panels.excludedColumns = (file) => {
      asked.push(file);
      return ['ticket'];
    };
    panels.show(runAt(runDir));
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(asked, ['data/x.csv']);
    assert.deepEqual(posted(panel)[1], { kind: 'profile/excluded', columns: ['ticket'] });
    panels.dispose();
  });

  it('passes a view\'s "Exclude column" to onExcludeColumn with the shown run', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    const calls: { run: ProfileRun; column: string; exclude: boolean }[] = [];
    panels.onExcludeColumn = (run, column, exclude) => calls.push({ run, column, exclude });
    panels.show(runAt(runDir));
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    panel.webview.received.fire({ kind: 'column/exclude', column: 'age', exclude: true });
    panel.webview.received.fire({ kind: 'column/exclude', column: 'age', exclude: false });
    // Malformed: ignored with a warning.
    panel.webview.received.fire({ kind: 'column/exclude', column: 'age', exclude: 'yes' });
    panel.webview.received.fire({ kind: 'column/exclude', exclude: true });
    await settle();
    assert.deepEqual(calls, [
      { run: runAt(runDir), column: 'age', exclude: true },
      { run: runAt(runDir), column: 'age', exclude: false },
    ]);
    assert.equal(warnings.length, 2);
    panels.dispose();
  });

  it('posts the run\'s feature decisions when it finishes, and gives them to a rebuilt view with the profile', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    const other = join(root, '.automl', 'runs', '20250101-000001-y');
    panels.show(runAt(runDir));
    panels.show(runAt(other, 'data/y.csv'));
    const [x, y] = created;
    for (const panel of created) panel.webview.received.fire({ kind: 'ready' });
    await settle();
    const features = featuresFixture();
    panels.setFeatures(runDir, features);
    panels.setFeatures(join(root, '.automl', 'runs', 'not-open'), null);
    await settle();
    assert.deepEqual(posted(x).at(-1), { kind: 'profile/features', features });
    assert.deepEqual(kinds(y), ['profile/show', 'profile/excluded'], 'another run\'s panel is left alone');

    x.setVisible(false);
    x.setVisible(true);
    x.webview.received.fire({ kind: 'ready' });
    await settle();
    const show = posted(x).at(-2);
    assert.ok(show?.kind === 'profile/show');
    assert.deepEqual(show.features, features);
    assert.deepEqual(show.profile, profile);
    panels.dispose();
  });

  it('closes the panel of a deleted run folder and keeps the others', () => {
    const panels = new ProfilePanels(extensionUri, output);
    const other = join(root, '.automl', 'runs', '20250101-000001-y');
    panels.show(runAt(runDir));
    panels.show(runAt(other, 'data/y.csv'));
    const [x, y] = created;
    panels.closeRun(runDir);
    assert.equal(x.disposed, true);
    assert.equal(x.listenerCount, 0);
    assert.equal(y.disposed, false);
    panels.closeRun(join(root, '.automl', 'runs', 'never-opened'));
    assert.equal(y.disposed, false);
    // The run is forgotten: showing it again opens a new panel, while the other is only revealed.
    panels.show(runAt(runDir));
    panels.show(runAt(other, 'data/y.csv'));
    assert.equal(created.length, 3);
    assert.equal(y.revealed, 1);
    panels.dispose();
  });
});

describe('ProfilePanels as WebviewPanelSerializer', () => {
  /** Revives a panel from `state` and returns the content its view gets on `ready`. */
  async function revive(state: unknown): Promise<ProfileToView> {
    const panels = new ProfilePanels(extensionUri, output);
    const panel = new FakePanel('automl.profile', 'Profile');
    await panels.deserializeWebviewPanel(panel as unknown as vscode.WebviewPanel, state);
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    panels.dispose();
    assert.equal(panel.webview.posted.length, 2);
    // Every `ready` ends with the excluded columns, after the content.
    assert.equal(posted(panel)[1].kind, 'profile/excluded');
    return panel.webview.posted[0] as ProfileToView;
  }

  it('restores a panel from the run folder in the view state', async () => {
    const state: ProfilePanelState = { version: 1, runDir, sort: { key: 'name', direction: 'asc' }, filter: '' };
    const message = await revive(state);
    assert.equal(message.kind, 'profile/show');
    if (message.kind === 'profile/show') {
      assert.deepEqual(message.profile, profile);
      assert.deepEqual(message.run, { runDir, name: '20250101-000000-x', file: 'data/x.csv', createdAt: '2025-01-01T00:00:00.000Z' });
    }
  });

  it('sends a restored panel the excluded columns of its file', async () => {
    const panels = new ProfilePanels(extensionUri, output);
    panels.excludedColumns = (file) => (file === 'data/x.csv' ? ['age'] : []);
    const panel = new FakePanel('automl.profile', 'Profile');
    const state: ProfilePanelState = { version: 1, runDir, sort: { key: 'name', direction: 'asc' }, filter: '' };
    await panels.deserializeWebviewPanel(panel as unknown as vscode.WebviewPanel, state);
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(kinds(panel), ['profile/show', 'profile/excluded']);
    assert.deepEqual(excludedLists(panel), [['age']]);
    panels.dispose();
  });

  it('restores a training run with its feature decisions: the file, null when it has none, and nothing for a profile-only run', async () => {
    const write = async (name: string, kind: 'run' | 'profile', featuresText?: string): Promise<string> => {
      const dir = join(root, '.automl', 'runs', name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'profile.json'), JSON.stringify(profile));
      await writeFile(join(dir, 'spec.json'), JSON.stringify({ kind, file: 'data/x.csv', createdAt: '2025-01-01T00:00:00.000Z' }));
      if (featuresText !== undefined) await writeFile(join(dir, 'features.json'), featuresText);
      return dir;
    };
    const state = (dir: string): ProfilePanelState => ({ version: 1, runDir: dir, sort: { key: 'index', direction: 'asc' }, filter: '' });
    const features = featuresFixture();
    const shown = async (dir: string): Promise<Extract<ProfileToView, { kind: 'profile/show' }>> => {
      const message = await revive(state(dir));
      assert.ok(message.kind === 'profile/show');
      return message;
    };

    assert.deepEqual((await shown(await write('20250201-000000-x', 'run', JSON.stringify(features)))).features, features);
    assert.equal((await shown(await write('20250202-000000-x', 'run'))).features, null);
    assert.equal('features' in (await shown(await write('20250203-000000-x', 'profile'))), false);
    // A damaged features.json does not keep the profile from showing; the output says why.
    const damaged = await shown(await write('20250204-000000-x', 'run', '{"kept": 3}'));
    assert.equal(damaged.features, undefined);
    assert.deepEqual(damaged.profile, profile);
    assert.match(warnings.join('\n'), /features\.json of run 20250204-000000-x is not a list of feature decisions/);
  });

  it('explains when the run is gone or the state is unusable', async () => {
    const gone = await revive({ version: 1, runDir: join(root, '.automl', 'runs', 'deleted'), sort: { key: 'index', direction: 'asc' }, filter: '' });
    assert.equal(gone.kind, 'profile/unavailable');
    assert.match(gone.kind === 'profile/unavailable' ? gone.message : '', /no profile\.json/);
    const junk = await revive({ hello: 'world' });
    assert.equal(junk.kind, 'profile/unavailable');
  });
});
