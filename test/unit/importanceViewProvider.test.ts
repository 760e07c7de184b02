// Must come first: answers `require('vscode')` for the view modules below.
import { FakeWebviewView } from './fakes/fakeVscode';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { ModelSelection } from '../../src/extension/modelSelection';
import { ImportanceViewProvider } from '../../src/extension/views/importanceView';
import { CancelledError } from '../../src/engine/errors';
import type { EngineHost, ExplainProgressListener } from '../../src/node/engineHost';
import type { LeaderboardFile, TrainingRunSpec } from '../../src/node/runJob';
import type { ImportanceShowMessage, ImportanceToView, ModelKey, RunExplanations } from '../../src/protocol/webview';
import { extensionUri, recordingOutput, settle, until } from './fakes/hostTestKit';

/**
 * The host side of the Feature Importance side view (the page itself is tested in
 * importanceView.test.ts): it follows the model selected on a leaderboard.
 */

const { output, warnings } = recordingOutput();

function explanationsOf(model: string, importance: [string, number][]): RunExplanations {
  const total = importance.reduce((sum, [, value]) => sum + value, 0);
  return {
    format: 'automl-explanations',
    version: 1,
    model,
    outputSpace: 'probability',
    outputLabels: ['yes'],
    methods: [{ learner: 'gbdt', weight: 1, method: 'treeShap' }],
    importance: importance.map(([column, meanAbsShap]) => ({ column, meanAbsShap, share: meanAbsShap / total, perOutput: [meanAbsShap] })),
    sample: {
      rows: [0, 1, 2],
      base: [0.38],
      output: [[0.9], [0.1], [0.5]],
      columns: importance.map(([column]) => ({ name: column, values: [1, 2, 3], shap: [[0.1], [-0.1], [0]] })),
    },
    dependence: [],
    interactions: [],
    insights: [],
    notes: [],
    elapsedMs: 800,
  };
}

// As the engine writes it: largest first.
const finalExplanations = explanationsOf('gbdt 0.60 + logistic 0.40', [
  ['sex', 0.21],
  ['passengerClass', 0.12],
  ['age', 0.05],
  ['name', 0],
]);
const trialExplanations = (trialId: number): RunExplanations => explanationsOf('gbdt', [
  ['age', 0.1 * (trialId + 1)],
  ['sex', 0.01],
]);

let root: string;
let runDir: string;
const runName = '20250101-000000-titanic';
const finalLabel = 'final: gbdt 0.60 + logistic 0.40';

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'automl-importance-'));
  runDir = join(root, '.automl', 'runs', runName);
  await mkdir(runDir, { recursive: true });
  const spec: TrainingRunSpec = { version: 1, kind: 'run', file: 'titanic.csv', createdAt: '2025-01-01T00:00:00.000Z', target: 'survived', seed: 1 };
  const board: LeaderboardFile = {
    metric: 'auc',
    higherIsBetter: true,
    task: 'binary',
    validation: { kind: 'kfold', folds: 5, repeats: 1, stratified: true },
    dropped: [],
    trials: [],
    ensemble: undefined,
    final: { members: [{ trialId: 1, weight: 0.6 }, { trialId: 0, weight: 0.4 }], refit: 'allRows', score: 0.88, description: 'gbdt 0.60 + logistic 0.40' },
    cancelled: false,
    elapsedMs: 9000,
  };
  await writeFile(join(runDir, 'spec.json'), JSON.stringify(spec));
  await writeFile(join(runDir, 'leaderboard.json'), JSON.stringify(board));
  await writeFile(join(runDir, 'explanations.json'), JSON.stringify(finalExplanations));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  warnings.length = 0;
});

/** A trial explanation the test answers when it likes. */
interface Pending {
  readonly runDir: string;
  readonly trialId: number;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ExplainProgressListener | undefined;
  resolve(): void;
  reject(error: Error): void;
}

/** The engine host's trial explanations, one promise per call, answered by the test. */
class StubHost {
  readonly calls: Pending[] = [];
  explainTrial(dir: string, trialId: number, signal?: AbortSignal, onProgress?: ExplainProgressListener): Promise<{ explanations: RunExplanations; model: string }> {
    return new Promise((resolve, reject) => {
      this.calls.push({ runDir: dir, trialId, signal, onProgress, resolve: () => resolve({ explanations: trialExplanations(trialId), model: 'gbdt' }), reject });
    });
  }
  get engineHost(): EngineHost {
    return this as unknown as EngineHost;
  }
}


interface Harness {
  readonly provider: ImportanceViewProvider;
  readonly selection: ModelSelection;
  readonly host: StubHost;
  readonly view: FakeWebviewView;
  readonly opened: { runDir: string; model: ModelKey }[];
  /** What the view got, in order. */
  posted(): ImportanceToView[];
  last(): ImportanceToView | undefined;
}

/** A provider with a resolved, ready view. */
async function harness(selection = new ModelSelection()): Promise<Harness> {
  const host = new StubHost();
  const opened: Harness['opened'] = [];
  const provider = new ImportanceViewProvider(extensionUri, output, host.engineHost, selection, (dir, model) => opened.push({ runDir: dir, model }));
  const view = new FakeWebviewView('automl.featureImportance');
  provider.resolveWebviewView(view as unknown as vscode.WebviewView);
  view.webview.received.fire({ kind: 'ready' });
  await settle();
  const posted = (): ImportanceToView[] => view.webview.posted as ImportanceToView[];
  return { provider, selection, host, view, opened, posted, last: () => posted().at(-1) };
}

/** The model whose bars a message shows, if it shows bars. */
function shownModel(message: ImportanceToView | undefined): ModelKey | undefined {
  return message?.kind === 'importance/show' ? message.model : undefined;
}

function bars(message: ImportanceToView | undefined): ImportanceShowMessage['bars'] {
  assert.equal(message?.kind, 'importance/show');
  return message?.kind === 'importance/show' ? message.bars : [];
}

describe('ImportanceViewProvider', () => {
  it('says what to do while nothing is selected', async () => {
    const { provider, view, posted } = await harness();
    assert.match(view.webview.html, /<script nonce="[^"]+" src="file:\/\/\/ext\/dist\/webview\/importance\.js"><\/script>/);
    assert.match(view.webview.html, /default-src 'none'/);
    assert.equal(posted().length, 1);
    const [empty] = posted();
    assert.equal(empty.kind, 'importance/empty');
    assert.match(empty.kind === 'importance/empty' ? empty.message : '', /AutoML this/);
    provider.dispose();
  });

  it('waits for a live run to finish', async () => {
    const { provider, selection, last, host } = await harness();
    selection.select({ runDir: undefined, sessionId: 1, model: 2, label: 'gbdt (trial 2)' });
    await settle();
    assert.deepEqual(last(), { kind: 'importance/empty', message: 'gbdt (trial 2): its importance is computed when the run finishes.' });
    assert.deepEqual(host.calls, [], 'the engine is not asked about a live run');
    provider.dispose();
  });

  it('shows the final model\'s importance from explanations.json, largest first', async () => {
    const { provider, selection, last, posted } = await harness();
    selection.select({ runDir, model: 'final', label: finalLabel });
    await until(() => last()?.kind === 'importance/show', 'the bars');
    assert.deepEqual(last(), {
      kind: 'importance/show',
      runName,
      model: 'final',
      modelLabel: finalLabel,
      measure: 'mean |SHAP| (probability) on 3 rows',
      bars: [
        { column: 'sex', value: 0.21 },
        { column: 'passengerClass', value: 0.12 },
        { column: 'age', value: 0.05 },
        { column: 'name', value: 0 },
      ],
    });
    const values = bars(last()).map((b) => b.value);
    assert.deepEqual(values, [...values].sort((a, b) => b - a));
    assert.equal(posted().length, 2, 'no "computing" step for a file read');

    // Selecting nothing again empties the view.
    selection.select(undefined);
    await settle();
    assert.equal(last()?.kind, 'importance/empty');
    provider.dispose();
  });

  it('asks the engine for a trial\'s importance', async () => {
    const { provider, selection, host, last } = await harness();
    selection.select({ runDir, model: 1, label: 'gbdt (trial 1)' });
    await settle();
    assert.deepEqual(last(), { kind: 'importance/empty', message: 'Computing the importance of gbdt (trial 1)…' });
    assert.deepEqual(host.calls.map((c) => [c.runDir, c.trialId]), [[runDir, 1]]);
    host.calls[0].resolve();
    await until(() => last()?.kind === 'importance/show', 'the bars');
    const show = last();
    assert.equal(show?.kind === 'importance/show' && show.modelLabel, 'gbdt');
    assert.equal(show?.kind === 'importance/show' && show.model, 1);
    assert.deepEqual(bars(show), [
      { column: 'age', value: 0.2 },
      { column: 'sex', value: 0.01 },
    ]);
    provider.dispose();
  });

  it('shows how far a trial\'s computation got, and stops it when another model is selected', async () => {
    const { provider, selection, host, last } = await harness();
    selection.select({ runDir, model: 1, label: 'gbdt (trial 1)' });
    await settle();
    host.calls[0].onProgress?.('refit', 0.3);
    assert.deepEqual(last(), { kind: 'importance/empty', message: 'Computing the importance of gbdt (trial 1)… Refitting the model on all rows (30%)' });
    selection.select({ runDir, model: 2, label: 'gbdt (trial 2)' });
    await settle();
    assert.equal(host.calls[0].signal?.aborted, true, 'the first computation is stopped');
    assert.equal(host.calls[1].signal?.aborted, false);
    host.calls[0].reject(new CancelledError());
    await settle();
    assert.deepEqual(last(), { kind: 'importance/empty', message: 'Computing the importance of gbdt (trial 2)…' });
    assert.equal(warnings.filter((w) => w.includes('trial 1')).length, 0, 'a stopped computation is no failure');
    provider.dispose();
    assert.equal(host.calls[1].signal?.aborted, true, 'disposing the view stops its computation');
  });

  it('says why a trial\'s importance failed', async () => {
    const { provider, selection, host, last } = await harness();
    selection.select({ runDir, model: 4, label: 'knn (trial 4)' });
    await settle();
    host.calls[0].reject(new Error('trial 4 failed to refit'));
    await until(() => JSON.stringify(last()).includes('failed to refit'), 'the error');
    assert.deepEqual(last(), { kind: 'importance/empty', message: 'knn (trial 4): trial 4 failed to refit' });
    assert.match(warnings.join('\n'), /Feature importance of knn \(trial 4\): trial 4 failed to refit/);
    provider.dispose();
  });

  it('never lets a slow older selection overwrite a newer one', async () => {
    const { provider, selection, host, last, posted } = await harness();
    // A trial still computing, then the final model.
    selection.select({ runDir, model: 1, label: 'gbdt (trial 1)' });
    selection.select({ runDir, model: 'final', label: finalLabel });
    await until(() => last()?.kind === 'importance/show', 'the final bars');
    host.calls[0].resolve();
    await settle();
    await settle();
    assert.equal(shownModel(last()), 'final');
    assert.equal(posted().filter((m) => m.kind === 'importance/show').length, 1, 'the stale trial is never posted');

    // Two trials answered out of order: the later selection wins.
    selection.select({ runDir, model: 2, label: 'gbdt (trial 2)' });
    selection.select({ runDir, model: 3, label: 'gbdt (trial 3)' });
    await settle();
    const [, second, third] = host.calls;
    third.resolve();
    await until(() => shownModel(last()) === 3, 'trial 3');
    second.resolve();
    await settle();
    await settle();
    assert.equal(shownModel(last()), 3);

    // A failure of an older selection does not replace newer bars either.
    selection.select({ runDir, model: 5, label: 'gbdt (trial 5)' });
    selection.select({ runDir, model: 'final', label: finalLabel });
    await until(() => shownModel(last()) === 'final' && posted().filter((m) => m.kind === 'importance/show').length === 3, 'the final bars again');
    host.calls[3].reject(new Error('trial 5 failed'));
    await settle();
    await settle();
    assert.equal(shownModel(last()), 'final');
    provider.dispose();
  });

  it('opens the explanations of the shown model', async () => {
    const { provider, selection, view, opened } = await harness();
    view.webview.received.fire({ kind: 'explanations/open', model: 'final' });
    selection.select({ runDir: undefined, sessionId: 1, model: 0, label: 'logistic (trial 0)' });
    view.webview.received.fire({ kind: 'explanations/open', model: 0 });
    assert.deepEqual(opened, [], 'nothing to open without a run folder');
    selection.select({ runDir, model: 'final', label: finalLabel });
    view.webview.received.fire({ kind: 'explanations/open', model: 'final' });
    assert.deepEqual(opened, [{ runDir, model: 'final' }]);

    // Malformed messages are ignored with a warning.
    view.webview.received.fire({ kind: 'explanations/open', model: 'best' });
    view.webview.received.fire({ kind: 'explanations/open' });
    view.webview.received.fire({ kind: 'model/select', model: 1 });
    await settle();
    assert.equal(opened.length, 1);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], /Feature Importance: ignored a malformed message/);
    provider.dispose();
  });

  it('posts nothing to a collapsed view and catches the rebuilt view up on ready', async () => {
    const { provider, selection, view, posted, host } = await harness();
    view.setVisible(false);
    selection.select({ runDir, model: 1, label: 'gbdt (trial 1)' });
    await settle();
    host.calls[0].resolve();
    await settle();
    await settle();
    view.setVisible(true);
    await settle();
    assert.equal(posted().length, 1, 'only the first view\'s empty message');
    view.webview.received.fire({ kind: 'ready' });
    await settle();
    // Not the "computing" step it missed: only the bars.
    assert.equal(posted().length, 2);
    assert.equal(shownModel(posted()[1]), 1);
    provider.dispose();
  });

  it('gives a view resolved again the current content', async () => {
    const { provider, selection, view, last } = await harness();
    selection.select({ runDir, model: 'final', label: finalLabel });
    await until(() => last()?.kind === 'importance/show', 'the bars');
    view.dispose();
    const next = new FakeWebviewView('automl.featureImportance');
    provider.resolveWebviewView(next as unknown as vscode.WebviewView);
    await settle();
    assert.deepEqual(next.webview.posted, [], 'nothing before ready');
    next.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(next.webview.posted, [last()]);
    selection.select({ runDir: undefined, sessionId: 2, model: 1, label: 'gbdt (trial 1)' });
    await settle();
    assert.equal(next.webview.posted.length, 2);
    assert.equal(view.webview.posted.length, 2, 'the disposed view hears nothing more');
    provider.dispose();
    assert.equal(next.listenerCount, 0, 'dispose drops the view\'s listeners');
  });

  it('follows a selection made before it was created', async () => {
    const selection = new ModelSelection();
    selection.select({ runDir, model: 'final', label: finalLabel });
    const { provider, last } = await harness(selection);
    await until(() => last()?.kind === 'importance/show', 'the bars');
    const show = last();
    assert.equal(show?.kind === 'importance/show' && show.runName, runName);
    provider.dispose();
  });
});
