// Must come first: answers `require('vscode')` for the panel modules below.
import { FakePanel, created } from './fakes/fakeVscode';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import type { RunEvent } from '../../src/engine/automl/events';
import { ModelSelection, type SelectedModel } from '../../src/extension/modelSelection';
import { LeaderboardPanels, type LeaderboardActions } from '../../src/extension/panels/leaderboardPanel';
import { RunSession } from '../../src/extension/runs/runSession';
import type { LeaderboardFile, TrainingRunSpec } from '../../src/node/runJob';
import type {
  EnsembleRecord,
  FinalModel,
  LeaderboardPanelState,
  LeaderboardShowMessage,
  LeaderboardToView,
  ModelKey,
  RunInfo,
  RunPlan,
  TrialRecord,
} from '../../src/protocol/webview';
import { extensionUri, recordingOutput, settle, until } from './fakes/hostTestKit';
import { featuresFixture } from './fakes/runReports';

const { output, warnings } = recordingOutput();

const plan: RunPlan = {
  task: 'binary',
  metric: 'auc',
  higherIsBetter: true,
  validation: { kind: 'kfold', folds: 5, repeats: 1, stratified: true },
  rows: 1309,
  learners: ['logistic', 'gbdt'],
  budgetMs: 60_000,
  dropped: [],
};

function trial(id: number, learner: string, score: number, startedAt: number): TrialRecord {
  return {
    id,
    learner,
    params: {},
    status: 'ok',
    score,
    scoreStd: 0.01,
    foldScores: [score],
    foldsDone: 5,
    fitMs: 500,
    predictMs: 10,
    startedAt,
    durationMs: 1000,
  };
}

const trials = [trial(0, 'logistic', 0.82, 1000), trial(1, 'gbdt', 0.87, 2000), trial(2, 'gbdt', 0.85, 3000)];
const ensemble: EnsembleRecord = {
  score: 0.88,
  members: [
    { trialId: 1, learner: 'gbdt', weight: 0.6 },
    { trialId: 0, learner: 'logistic', weight: 0.4 },
  ],
  chosen: true,
};
const final: FinalModel = {
  members: [
    { trialId: 1, weight: 0.6 },
    { trialId: 0, weight: 0.4 },
  ],
  refit: 'allRows',
  score: 0.88,
  description: 'gbdt 0.60 + logistic 0.40',
};

function completed(t: TrialRecord, index: number): RunEvent {
  return {
    kind: 'trialCompleted',
    trial: t,
    bestId: 1,
    bestScore: 0.87,
    elapsedMs: t.startedAt + t.durationMs,
    remainingMs: plan.budgetMs - t.startedAt - t.durationMs,
    trialsDone: index + 1,
  };
}

let root: string;
let runDir: string;
let run: RunInfo;


function posted(panel: FakePanel): LeaderboardToView[] {
  return panel.webview.posted as LeaderboardToView[];
}

function kinds(panel: FakePanel): string[] {
  return posted(panel).map((m) => m.kind);
}

function lastShow(panel: FakePanel): LeaderboardShowMessage {
  const show = posted(panel).filter((m) => m.kind === 'leaderboard/show').at(-1);
  assert.ok(show?.kind === 'leaderboard/show', 'a leaderboard/show was posted');
  return show;
}

interface Harness {
  readonly panels: LeaderboardPanels;
  readonly selection: ModelSelection;
  readonly explained: { runDir: string | undefined; model: ModelKey }[];
  readonly cancelled: number[];
  readonly exported: { runDir: string | undefined; model: ModelKey }[];
  readonly specs: (string | undefined)[];
  readonly selections: (SelectedModel | undefined)[];
}

function harness(): Harness {
  const selection = new ModelSelection();
  const explained: Harness['explained'] = [];
  const cancelled: number[] = [];
  const exported: Harness['exported'] = [];
  const specs: Harness['specs'] = [];
  const selections: Harness['selections'] = [];
  selection.onDidChange((selected) => selections.push(selected));
  const actions: LeaderboardActions = {
    openExplanations: (dir, model) => explained.push({ runDir: dir, model }),
    cancel: (id) => cancelled.push(id),
    exportModel: (dir, model) => exported.push({ runDir: dir, model }),
    saveSpec: (dir) => specs.push(dir),
  };
  return { panels: new LeaderboardPanels(extensionUri, output, selection, actions), selection, explained, cancelled, exported, specs, selections };
}

/** A live session that has planned and finished its first trial. */
function liveSession(): RunSession {
  const session = new RunSession(run);
  session.apply({ kind: 'started', plan });
  session.apply(completed(trials[0], 0));
  return session;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'automl-leaderboard-'));
  runDir = join(root, '.automl', 'runs', '20250101-000000-titanic');
  run = { runDir, name: '20250101-000000-titanic', file: 'titanic.csv', createdAt: '2025-01-01T00:00:00.000Z' };
  await mkdir(runDir, { recursive: true });
  const spec: TrainingRunSpec = { version: 1, kind: 'run', file: 'titanic.csv', createdAt: run.createdAt, target: 'survived', seed: 1, trials: 3 };
  // As the engine writes it: trials ranked best first, the plan with its budget.
  const board: LeaderboardFile = {
    metric: 'auc',
    higherIsBetter: true,
    task: 'binary',
    validation: plan.validation,
    dropped: [],
    trials: [trials[1], trials[2], trials[0]],
    ensemble,
    final,
    cancelled: false,
    elapsedMs: 33_000,
    plan,
  };
  await writeFile(join(runDir, 'spec.json'), JSON.stringify(spec));
  await writeFile(join(runDir, 'leaderboard.json'), JSON.stringify(board));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  created.length = 0;
  warnings.length = 0;
});

describe('LeaderboardPanels with a live run', () => {
  it('opens a panel with a strict CSP and sends the board once the view is ready', async () => {
    const { panels } = harness();
    const session = liveSession();
    panels.showSession(7, session);
    assert.equal(created.length, 1);
    const [panel] = created;
    assert.equal(panel.viewType, 'automl.leaderboard');
    assert.equal(panel.title, 'Leaderboard: titanic.csv');
    assert.equal((panel.iconPath as { fsPath: string }).fsPath, '/ext/media/icon.png');
    const options = panel.webview.options as { enableScripts: boolean; localResourceRoots: { fsPath: string }[] };
    assert.equal(options.enableScripts, true);
    assert.deepEqual(options.localResourceRoots.map((u) => u.fsPath), ['/ext/dist/webview', '/ext/media']);
    assert.match(panel.webview.html, /default-src 'none'; script-src 'nonce-/);
    assert.match(panel.webview.html, /<script nonce="[^"]+" src="file:\/\/\/ext\/dist\/webview\/leaderboard\.js"><\/script>/);

    // Nothing is posted before the view listens, not even the trials that finish meanwhile.
    session.apply(completed(trials[1], 1));
    await settle();
    assert.deepEqual(posted(panel), []);
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(kinds(panel), ['leaderboard/show']);
    const show = lastShow(panel);
    assert.deepEqual(show.run, run);
    assert.equal(show.status, 'running');
    assert.equal(show.statusText, 'Searching');
    assert.deepEqual(show.plan, plan);
    assert.deepEqual(show.trials, trials.slice(0, 2));
    assert.equal(show.remainingMs !== undefined && show.remainingMs <= 57_000, true);

    // Then only the news.
    session.apply(completed(trials[2], 2));
    session.apply({ kind: 'phase', phase: 'ensemble', elapsedMs: 20_000 });
    await settle();
    assert.deepEqual(kinds(panel), ['leaderboard/show', 'leaderboard/trials', 'leaderboard/status']);
    const [, news, status] = posted(panel);
    assert.deepEqual(news.kind === 'leaderboard/trials' && news.trials, [trials[2]]);
    assert.equal(status.kind === 'leaderboard/status' && status.status, 'finishing');

    // The same run again: the panel is revealed, not duplicated.
    panels.showSession(7, session);
    assert.equal(created.length, 1);
    assert.equal(panel.revealed, 1);
    panels.dispose();
  });

  it('passes the feature decisions of a finished live run to its view, before the final board', async () => {
    const { panels } = harness();
    const session = liveSession();
    panels.showSession(3, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.equal(lastShow(panel).features, undefined, 'unknown while the run works');
    const features = featuresFixture();
    session.setFeatures(features);
    session.finished(run, { ensemble, final, cancelled: false });
    await settle();
    assert.deepEqual(kinds(panel), ['leaderboard/show', 'leaderboard/features', 'leaderboard/show']);
    assert.deepEqual(posted(panel)[1], { kind: 'leaderboard/features', features });
    assert.deepEqual(lastShow(panel).features, features);
    panel.setVisible(false);
    panel.setVisible(true);
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(lastShow(panel).features, features, 'a rebuilt view gets them with the board');
    panels.dispose();
  });

  it('posts nothing while hidden and gives the rebuilt view the whole board', async () => {
    const { panels } = harness();
    const session = liveSession();
    panels.showSession(1, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    panel.setVisible(false);
    session.apply(completed(trials[1], 1));
    session.apply(completed(trials[2], 2));
    panel.setVisible(true);
    session.apply({ kind: 'phase', phase: 'refit', elapsedMs: 25_000 });
    await settle();
    assert.deepEqual(kinds(panel), ['leaderboard/show'], 'the rebuilt view has not said ready yet');
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(kinds(panel), ['leaderboard/show', 'leaderboard/show']);
    const show = lastShow(panel);
    assert.deepEqual(show.trials, trials);
    assert.equal(show.status, 'finishing');
    assert.equal(show.statusText, 'Refitting the final model on all rows');
    session.apply({ kind: 'phase', phase: 'explain', elapsedMs: 30_000 });
    await settle();
    assert.deepEqual(kinds(panel).at(-1), 'leaderboard/status');
    panels.dispose();
  });

  it('follows a model selection: no run folder while live, the folder once finished', async () => {
    const { panels, selection, selections } = harness();
    const session = liveSession();
    session.apply(completed(trials[1], 1));
    panels.showSession(3, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    panel.webview.received.fire({ kind: 'model/select', model: 1 });
    assert.deepEqual(selection.selected, { runDir: undefined, sessionId: 3, model: 1, label: 'gbdt (trial 1)' });

    // The run finishes: its folder is written, and the board shows the final model.
    session.apply(completed(trials[2], 2));
    session.apply({ kind: 'done', model: final.description, score: 0.88, refit: 'allRows', trials: 3, cancelled: false, elapsedMs: 33_000 });
    session.finished(run, { ensemble, final, cancelled: false });
    await settle();
    const show = lastShow(panel);
    assert.equal(show.status, 'done');
    assert.deepEqual(show.final, final);
    assert.deepEqual(show.ensemble, ensemble);
    // The view keeps its own highlight through this update; a rebuilt view gets it from the host.
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.equal(lastShow(panel).selected, 1);

    panel.webview.received.fire({ kind: 'model/select', model: 'final' });
    assert.deepEqual(selection.selected, { runDir, sessionId: 3, model: 'final', label: 'final: gbdt 0.60 + logistic 0.40' });
    panel.webview.received.fire({ kind: 'model/select', model: 2 });
    assert.deepEqual(selection.selected, { runDir, sessionId: 3, model: 2, label: 'gbdt (trial 2)' });
    assert.equal(selections.length, 3);
    panels.dispose();
  });

  it('moves its highlight when the model is selected elsewhere, for its own run only', async () => {
    const { panels, selection } = harness();
    const session = liveSession();
    panels.showSession(5, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    selection.select({ runDir: undefined, sessionId: 9, model: 0, label: 'another live run' });
    selection.select({ runDir: join(root, '.automl', 'runs', 'other'), model: 'final', label: 'another run' });
    await settle();
    assert.deepEqual(kinds(panel), ['leaderboard/show']);
    selection.select({ runDir: undefined, sessionId: 5, model: 0, label: 'logistic (trial 0)' });
    await settle();
    assert.deepEqual(posted(panel).at(-1), { kind: 'leaderboard/select', selected: 0 });

    // A finished run selects its final model by folder (as trainOnFile does).
    session.finished(run, { ensemble, final, cancelled: false });
    selection.select({ runDir, model: 'final', label: 'final: gbdt 0.60 + logistic 0.40' });
    await settle();
    assert.deepEqual(posted(panel).at(-1), { kind: 'leaderboard/select', selected: 'final' });
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.equal(lastShow(panel).selected, 'final', 'a rebuilt view gets the highlight too');
    panels.dispose();
  });

  it('cancels its run and opens explanations through the actions', () => {
    const { panels, cancelled, explained } = harness();
    const session = liveSession();
    panels.showSession(11, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    panel.webview.received.fire({ kind: 'run/cancel' });
    assert.deepEqual(cancelled, [11]);
    panel.webview.received.fire({ kind: 'explanations/open', model: 0 });
    session.finished(run, { final, cancelled: true });
    panel.webview.received.fire({ kind: 'explanations/open', model: 'final' });
    assert.deepEqual(explained, [
      { runDir: undefined, model: 0 },
      { runDir, model: 'final' },
    ]);
    panels.dispose();
  });

  it('exports through the actions: no run folder while live, the run folder once finished', () => {
    const { panels, exported } = harness();
    const session = liveSession();
    panels.showSession(12, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    panel.webview.received.fire({ kind: 'model/export', model: 0 });
    session.finished(run, { final, cancelled: false });
    panel.webview.received.fire({ kind: 'model/export', model: 'final' });
    panel.webview.received.fire({ kind: 'model/export', model: 2 });
    assert.deepEqual(exported, [
      { runDir: undefined, model: 0 },
      { runDir, model: 'final' },
      { runDir, model: 2 },
    ]);
    panels.dispose();
  });

  it('saves the spec through the actions: no run folder while live, the run folder once finished', () => {
    const { panels, specs } = harness();
    const session = liveSession();
    panels.showSession(13, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    panel.webview.received.fire({ kind: 'run/saveSpec' });
    session.finished(run, { final, cancelled: false });
    panel.webview.received.fire({ kind: 'run/saveSpec' });
    assert.deepEqual(specs, [undefined, runDir]);
    panels.dispose();
  });

  it('ignores malformed messages with a warning', async () => {
    const { panels, selection, cancelled, explained, exported } = harness();
    panels.showSession(2, liveSession());
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    for (const message of [
      'ready',
      null,
      { kind: 'model/select', model: -1 },
      { kind: 'model/select', model: '1' },
      { kind: 'explanations/open' },
      { kind: 'model/export', model: 'best' },
      { kind: 'model/export', runDir: '/etc' },
      { kind: 'run/cancelled' },
      { kind: 'leaderboard/show' },
    ]) {
      panel.webview.received.fire(message);
    }
    await settle();
    assert.equal(warnings.length, 9);
    assert.match(warnings[2], /Leaderboard: ignored a malformed message from the view: \{"kind":"model\/select","model":-1\}/);
    assert.equal(selection.selected, undefined);
    assert.deepEqual(cancelled, []);
    assert.deepEqual(explained, []);
    assert.deepEqual(exported, []);
    assert.deepEqual(kinds(panel), ['leaderboard/show']);
    panels.dispose();
  });

  it('stops following the run when its panel is closed', async () => {
    const { panels } = harness();
    const session = liveSession();
    panels.showSession(4, session);
    const [panel] = created;
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    panel.dispose();
    assert.equal(panel.listenerCount, 0);
    session.apply(completed(trials[1], 1));
    await settle();
    assert.deepEqual(kinds(panel), ['leaderboard/show']);
    // A closed panel is forgotten: the run opens a new one.
    panels.showSession(4, session);
    assert.equal(created.length, 2);
    panels.dispose();
    assert.equal(created[1].listenerCount, 0, 'dispose detaches from open panels');
  });
});

describe('LeaderboardPanels with a finished run', () => {
  it('shows the saved board of a run folder, once per run', async () => {
    const { panels, selection, cancelled } = harness();
    await panels.showRun(runDir);
    assert.equal(created.length, 1);
    const [panel] = created;
    assert.equal(panel.title, 'Leaderboard: titanic.csv');
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    const show = lastShow(panel);
    assert.deepEqual(show.run, run);
    assert.equal(show.status, 'done');
    assert.deepEqual(show.trials.map((t) => t.id), [0, 1, 2], 'in the order they finished');
    assert.deepEqual(show.final, final);
    assert.equal(show.features, null, 'a run folder without features.json predates them');

    panel.webview.received.fire({ kind: 'model/select', model: 'final' });
    assert.deepEqual(selection.selected, { runDir, sessionId: undefined, model: 'final', label: 'final: gbdt 0.60 + logistic 0.40' });
    panel.webview.received.fire({ kind: 'run/cancel' });
    assert.deepEqual(cancelled, [], 'a finished run has nothing to cancel');

    await panels.showRun(runDir);
    assert.equal(created.length, 1);
    assert.equal(panel.revealed, 1);
    panels.closeRun(runDir);
    assert.equal(panel.disposed, true);
    assert.equal(panel.listenerCount, 0);
    panels.dispose();
  });

  it('reads the run\'s feature decisions from features.json; a damaged file is logged, not fatal', async () => {
    const withFeatures = join(root, '.automl', 'runs', '20250102-000000-titanic');
    await cp(runDir, withFeatures, { recursive: true });
    const features = featuresFixture();
    await writeFile(join(withFeatures, 'features.json'), JSON.stringify(features));
    const damaged = join(root, '.automl', 'runs', '20250103-000000-titanic');
    await cp(runDir, damaged, { recursive: true });
    await writeFile(join(damaged, 'features.json'), '{"kept": ["a"], "dropped": "all"}');

    const { panels } = harness();
    await panels.showRun(withFeatures);
    await panels.showRun(damaged);
    const [good, bad] = created;
    for (const panel of created) panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(lastShow(good).features, features);
    assert.equal(lastShow(bad).features, undefined);
    assert.equal(lastShow(bad).status, 'done', 'the board shows all the same');
    assert.match(warnings.join('\n'), /features\.json of run 20250103-000000-titanic is not a list of feature decisions/);

    // Restored after a reload, too.
    const revived = new FakePanel('automl.leaderboard', 'Leaderboard');
    await panels.deserializeWebviewPanel(revived as unknown as vscode.WebviewPanel, { version: 1, runDir: withFeatures, sort: { key: 'rank', direction: 'asc' } });
    revived.webview.received.fire({ kind: 'ready' });
    await until(() => revived.webview.posted.length > 0, 'the board');
    assert.deepEqual(lastShow(revived).features, features);
    panels.dispose();
  });

  it('rejects a folder that is not a finished run', async () => {
    const { panels } = harness();
    await assert.rejects(panels.showRun(join(root, '.automl', 'runs', 'gone')), { name: 'DataError', message: /has no leaderboard\.json/ });
    await assert.rejects(panels.showRun(root), { name: 'DataError', message: /is not an AutoML run folder/ });
    assert.equal(created.length, 0);
    panels.dispose();
  });
});

describe('LeaderboardPanels as WebviewPanelSerializer', () => {
  async function revive(state: unknown): Promise<LeaderboardShowMessage> {
    const { panels } = harness();
    const panel = new FakePanel('automl.leaderboard', 'Leaderboard');
    await panels.deserializeWebviewPanel(panel as unknown as vscode.WebviewPanel, state);
    panel.webview.received.fire({ kind: 'ready' });
    await until(() => panel.webview.posted.length > 0, 'the board');
    panels.dispose();
    assert.equal(panel.webview.posted.length, 1);
    return lastShow(panel);
  }

  it('restores a finished run from the folder in the view state', async () => {
    const state: LeaderboardPanelState = { version: 1, runDir, sort: { key: 'rank', direction: 'asc' } };
    const show = await revive(state);
    assert.equal(show.status, 'done');
    assert.deepEqual(show.run, run);
    assert.deepEqual(show.trials.map((t) => t.id), [0, 1, 2]);
    assert.deepEqual(show.ensemble, ensemble);
    assert.equal(show.selected, undefined);
    assert.equal((await revive({ ...state, selected: 2 })).selected, 2);
  });

  it('shows a failed board saying why when the run is gone or the state is unusable', async () => {
    const missing = join(root, '.automl', 'runs', '20250101-000000-deleted');
    const gone = await revive({ version: 1, runDir: missing, sort: { key: 'rank', direction: 'asc' } });
    assert.equal(gone.status, 'failed');
    assert.equal(gone.run.runDir, missing);
    assert.deepEqual(gone.trials, []);
    assert.match(gone.statusText, /20250101-000000-deleted has no leaderboard\.json/);
    assert.match(warnings.join('\n'), /Could not restore the leaderboard of .*deleted/);

    const junk = await revive({ hello: 'world' });
    assert.equal(junk.status, 'failed');
    assert.match(junk.statusText, /did not keep which run/);
    const outside = await revive({ version: 1, runDir: '/etc', sort: { key: 'rank', direction: 'asc' } });
    assert.equal(outside.status, 'failed');
    assert.match(outside.statusText, /not an AutoML run folder/);
  });
});
