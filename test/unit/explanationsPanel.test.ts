// Must come first: answers `require('vscode')` for the panel modules below.
import { FakePanel, created, progresses } from './fakes/fakeVscode';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { ExplanationsPanels } from '../../src/extension/panels/explanationsPanel';
import { CancelledError } from '../../src/engine/errors';
import type { EngineHost, ExplainProgressListener } from '../../src/node/engineHost';
import type { LeaderboardFile, TrainingRunSpec } from '../../src/node/runJob';
import type {
  ExplanationsPanelState,
  ExplanationsToView,
  FinalModel,
  RowExplanation,
  RunExplanations,
  RunInfo,
  TrialRecord,
} from '../../src/protocol/webview';
import { extensionUri, recordingOutput, settle, until } from './fakes/hostTestKit';
import { robustnessFixture } from './fakes/runReports';

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
      rows: [0, 1],
      base: [0.38],
      output: [[0.91], [0.12]],
      columns: importance.map(([column]) => ({ name: column, values: [1, 2], shap: [[0.1], [-0.1]] })),
    },
    dependence: [],
    interactions: [],
    insights: ['Women survived more often than men.'],
    notes: [],
    elapsedMs: 1200,
  };
}

const finalExplanations = explanationsOf('gbdt 0.60 + logistic 0.40', [
  ['sex', 0.21],
  ['passengerClass', 0.12],
  ['age', 0.05],
]);
const trialExplanations = explanationsOf('gbdt', [
  ['sex', 0.3],
  ['age', 0.02],
]);
const rowExplanation: RowExplanation = {
  row: 17,
  base: [0.38],
  output: [0.74],
  contributions: [
    { column: 'sex', value: 'female', shap: [0.3] },
    { column: 'age', value: null, shap: [0.06] },
  ],
};

function trial(id: number, learner: string, score: number): TrialRecord {
  return { id, learner, params: {}, status: 'ok', score, scoreStd: 0, foldScores: [score], foldsDone: 5, fitMs: 1, predictMs: 1, startedAt: id * 1000, durationMs: 900 };
}
const robustness = robustnessFixture();
const final: FinalModel = { members: [{ trialId: 1, weight: 0.6 }, { trialId: 0, weight: 0.4 }], refit: 'allRows', score: 0.88, description: 'gbdt 0.60 + logistic 0.40' };

let root: string;
let runDir: string;
let bareDir: string;
let run: RunInfo;

/**
 * Writes a finished run folder; `explanations` undefined leaves explanations.json out (budget
 * spent), `robustnessText` undefined leaves robustness.json out (a run from before it).
 */
async function writeRun(dir: string, explanations: RunExplanations | undefined, robustnessText?: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const spec: TrainingRunSpec = { version: 1, kind: 'run', file: 'titanic.csv', createdAt: '2025-01-01T00:00:00.000Z', target: 'survived', seed: 1 };
  const board: LeaderboardFile = {
    metric: 'auc',
    higherIsBetter: true,
    task: 'binary',
    validation: { kind: 'kfold', folds: 5, repeats: 1, stratified: true },
    dropped: [],
    trials: [trial(1, 'gbdt', 0.87), trial(0, 'logistic', 0.82)],
    ensemble: undefined,
    final,
    cancelled: false,
    elapsedMs: 9000,
  };
  await writeFile(join(dir, 'spec.json'), JSON.stringify(spec));
  await writeFile(join(dir, 'leaderboard.json'), JSON.stringify(board));
  if (explanations !== undefined) await writeFile(join(dir, 'explanations.json'), JSON.stringify(explanations));
  if (robustnessText !== undefined) await writeFile(join(dir, 'robustness.json'), robustnessText);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'automl-explanations-'));
  runDir = join(root, '.automl', 'runs', '20250101-000000-titanic');
  bareDir = join(root, '.automl', 'runs', '20250102-000000-titanic');
  run = { runDir, name: '20250101-000000-titanic', file: 'titanic.csv', createdAt: '2025-01-01T00:00:00.000Z' };
  await writeRun(runDir, finalExplanations, JSON.stringify(robustness));
  await writeRun(bareDir, undefined);
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => {
  created.length = 0;
  warnings.length = 0;
});

/** A promise the test settles. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejected before the panel awaits it is not an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** The engine host's explain calls, answered by the test. */
class StubHost {
  readonly trialCalls: { runDir: string; trialId: number }[] = [];
  readonly finalCalls: string[] = [];
  readonly rowCalls: { runDir: string; rows: readonly number[]; signal: AbortSignal | undefined }[] = [];
  trialAnswer = deferred<{ explanations: RunExplanations; model: string }>();
  finalAnswer = deferred<{ explanations: RunExplanations; model: string }>();
  rowAnswer: () => Promise<RowExplanation[]> = () => Promise.resolve([rowExplanation]);

  explainTrial(dir: string, trialId: number): Promise<{ explanations: RunExplanations; model: string }> {
    this.trialCalls.push({ runDir: dir, trialId });
    return this.trialAnswer.promise;
  }

  /** What the last `explainFinal` call was given to stop it and report its progress. */
  finalSignal: AbortSignal | undefined;
  finalProgress: ExplainProgressListener | undefined;

  explainFinal(dir: string, signal?: AbortSignal, onProgress?: ExplainProgressListener): Promise<{ explanations: RunExplanations; model: string }> {
    this.finalCalls.push(dir);
    this.finalSignal = signal;
    this.finalProgress = onProgress;
    return this.finalAnswer.promise;
  }

  explainRows(dir: string, rows: readonly number[], signal?: AbortSignal): Promise<RowExplanation[]> {
    this.rowCalls.push({ runDir: dir, rows, signal });
    return this.rowAnswer();
  }

  get engineHost(): EngineHost {
    return this as unknown as EngineHost;
  }
}


function posted(panel: FakePanel): ExplanationsToView[] {
  return panel.webview.posted as ExplanationsToView[];
}

function kinds(panel: FakePanel): string[] {
  return posted(panel).map((m) => m.kind);
}

/** Opens `model` of `dir` in a panel whose view is ready, and waits for its content to settle. */
async function open(panels: ExplanationsPanels, dir: string, model: number | 'final', last: string): Promise<FakePanel> {
  const before = created.length;
  panels.show(dir, model);
  assert.equal(created.length, before + 1);
  const panel = created[before];
  panel.webview.received.fire({ kind: 'ready' });
  await until(() => kinds(panel).includes(last), last);
  return panel;
}

describe('ExplanationsPanels', () => {
  it('shows the final model\'s explanations from the run folder, pending first', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, runDir, 'final', 'explanations/show');
    assert.equal(panel.viewType, 'automl.explanations');
    assert.match(panel.webview.html, /<script nonce="[^"]+" src="file:\/\/\/ext\/dist\/webview\/explanations\.js"><\/script>/);
    const [pending, show] = posted(panel);
    assert.equal(posted(panel).length, 2);
    assert.equal(pending.kind, 'explanations/pending');
    if (pending.kind === 'explanations/pending') {
      assert.deepEqual({ ...pending, message: '' }, { kind: 'explanations/pending', run, model: 'final', modelLabel: 'final: gbdt 0.60 + logistic 0.40', message: '' });
      assert.match(pending.message, /^Reading the explanations/);
    }
    assert.deepEqual(show, { kind: 'explanations/show', run, model: 'final', modelLabel: 'final: gbdt 0.60 + logistic 0.40', explanations: finalExplanations, robustness });
    assert.equal(panel.title, 'Explain: final: gbdt 0.60 + logistic 0.40');
    assert.deepEqual(host.trialCalls, [], 'the final model is read, not computed');
    assert.deepEqual(host.finalCalls, []);

    // Shown again: the same panel; a rebuilt view gets only the current content.
    panels.show(runDir, 'final');
    assert.equal(created.length, 1);
    assert.equal(panel.revealed, 1);
    panel.setVisible(false);
    panel.setVisible(true);
    panel.webview.received.fire({ kind: 'ready' });
    await settle();
    assert.deepEqual(kinds(panel), ['explanations/pending', 'explanations/show', 'explanations/show']);
    panels.dispose();
  });

  it('asks the engine for a trial\'s explanations', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, runDir, 1, 'explanations/pending');
    assert.deepEqual(posted(panel), [
      { kind: 'explanations/pending', run, model: 1, modelLabel: 'gbdt (trial 1)', message: 'Refitting this trial on all rows and explaining it…' },
    ]);
    assert.equal(panel.title, 'Explain: gbdt (trial 1)');
    assert.deepEqual(host.trialCalls, [{ runDir, trialId: 1 }]);
    host.trialAnswer.resolve({ explanations: trialExplanations, model: 'gbdt' });
    await until(() => kinds(panel).includes('explanations/show'), 'the trial\'s explanations');
    assert.deepEqual(posted(panel)[1], { kind: 'explanations/show', run, model: 1, modelLabel: 'gbdt', explanations: trialExplanations });
    panels.dispose();
  });

  it('says why when the engine cannot explain a trial', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, runDir, 0, 'explanations/pending');
    host.trialAnswer.reject(new Error('trial 0 has no saved configuration'));
    await until(() => kinds(panel).includes('explanations/unavailable'), 'the error');
    assert.deepEqual(posted(panel).at(-1), { kind: 'explanations/unavailable', runDir, message: 'trial 0 has no saved configuration' });
    assert.equal(panel.title, 'Explanations');
    assert.match(warnings.join('\n'), /trial 0 has no saved configuration/);
    panels.dispose();
  });

  it('explains a row of the final model through the engine, answering with the request id', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, runDir, 'final', 'explanations/show');
    panel.webview.received.fire({ kind: 'row/explain', requestId: 5, row: 17 });
    await until(() => posted(panel).length === 3, 'the row');
    assert.deepEqual(posted(panel)[2], { kind: 'explanations/row', requestId: 5, row: rowExplanation });
    assert.equal(host.rowCalls.length, 1);
    assert.equal(host.rowCalls[0].runDir, runDir);
    assert.deepEqual(host.rowCalls[0].rows, [17]);
    assert.ok(host.rowCalls[0].signal instanceof AbortSignal);

    host.rowAnswer = () => Promise.reject(new Error('row 5000 is past the end of the file (1309 rows)'));
    panel.webview.received.fire({ kind: 'row/explain', requestId: 6, row: 5000 });
    await until(() => posted(panel).length === 4, 'the error');
    assert.deepEqual(posted(panel)[3], { kind: 'explanations/row', requestId: 6, error: 'row 5000 is past the end of the file (1309 rows)' });

    // Malformed requests are ignored with a warning.
    panel.webview.received.fire({ kind: 'row/explain', requestId: 1.5, row: 3 });
    panel.webview.received.fire({ kind: 'row/explain', requestId: 7, row: -1 });
    panel.webview.received.fire({ kind: 'row/explain', row: 3 });
    await settle();
    assert.equal(warnings.length, 3);
    assert.equal(host.rowCalls.length, 2);
    assert.equal(posted(panel).length, 4);
    panels.dispose();
  });

  it('answers a row request on a trial with an error, without asking the engine', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, runDir, 2, 'explanations/pending');
    host.trialAnswer.resolve({ explanations: trialExplanations, model: 'gbdt' });
    await until(() => kinds(panel).includes('explanations/show'), 'the trial\'s explanations');
    panel.webview.received.fire({ kind: 'row/explain', requestId: 9, row: 3 });
    await settle();
    const answer = posted(panel).at(-1);
    assert.equal(answer?.kind, 'explanations/row');
    assert.equal(answer?.kind === 'explanations/row' && answer.requestId, 9);
    assert.match(answer?.kind === 'explanations/row' ? (answer.error ?? '') : '', /final model only/);
    assert.deepEqual(host.rowCalls, []);
    panels.dispose();
  });

  it('has the engine compute the explanations a run skipped for lack of budget', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, bareDir, 'final', 'explanations/pending');
    await until(() => host.finalCalls.length > 0, 'the engine to be asked');
    assert.deepEqual(host.finalCalls, [bareDir]);
    assert.deepEqual(kinds(panel), ['explanations/pending']);
    host.finalAnswer.resolve({ explanations: finalExplanations, model: finalExplanations.model });
    await until(() => kinds(panel).includes('explanations/show'), 'the computed explanations');
    const show = posted(panel)[1];
    assert.equal(show.kind === 'explanations/show' && show.modelLabel, 'final: gbdt 0.60 + logistic 0.40');
    assert.equal(show.kind === 'explanations/show' && show.run.runDir, bareDir);
    // A run from before robustness.json: null, so the view can say the run predates the checks.
    assert.equal(show.kind === 'explanations/show' && show.robustness, null);
    panels.dispose();
  });

  it('shows how far computing skipped explanations got, in the panel and a notification whose Cancel stops it', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, bareDir, 'final', 'explanations/pending');
    await until(() => host.finalProgress !== undefined, 'the engine to be asked');
    const before = progresses.length;
    host.finalProgress?.('read', 0);
    host.finalProgress?.('shap', 0.4);
    await until(() => progresses.length > before && (progresses.at(-1)?.reports.length ?? 0) >= 2, 'a progress notification');
    const note = progresses[progresses.length - 1];
    assert.equal(note.cancellable, true);
    assert.equal(note.title, 'Explaining final: gbdt 0.60 + logistic 0.40');
    assert.deepEqual(note.reports, [
      { message: 'Reading the training data… 0%', increment: 0 },
      { message: 'Computing SHAP values… 40%', increment: 40 },
    ]);
    await until(() => posted(panel).some((m) => m.kind === 'explanations/pending' && m.message === 'Computing SHAP values… 40%'), 'the progress in the panel');
    note.cancel();
    assert.equal(host.finalSignal?.aborted, true, 'Cancel aborts the engine request');
    host.finalAnswer.reject(new CancelledError());
    await until(() => kinds(panel).includes('explanations/unavailable'), 'the cancellation');
    const last = posted(panel).at(-1);
    assert.ok(last?.kind === 'explanations/unavailable');
    assert.match(last.message, /cancelled; no explanations were saved/);
    await until(() => note.done, 'the notification to close');
    panels.dispose();
  });

  it('shows the explanations when robustness.json is damaged, and logs why the checks are missing', async () => {
    for (const [name, text] of [['20250103-000000-titanic', '{"format": "automl-robustness", "grade"'], ['20250104-000000-titanic', '{"format": "something-else"}']]) {
      const dir = join(root, '.automl', 'runs', name);
      await writeRun(dir, finalExplanations, text);
      warnings.length = 0;
      const panels = new ExplanationsPanels(extensionUri, output, new StubHost().engineHost);
      const panel = await open(panels, dir, 'final', 'explanations/show');
      const show = posted(panel).at(-1);
      assert.ok(show?.kind === 'explanations/show');
      assert.deepEqual(show.explanations, finalExplanations);
      assert.equal('robustness' in show, false, 'unknown, not "predates"');
      assert.match(warnings.join('\n'), new RegExp(`robustness\\.json of run ${name} is not`));
      panels.dispose();
    }
  });

  it('says why when the skipped explanations cannot be computed either', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = await open(panels, bareDir, 'final', 'explanations/pending');
    host.finalAnswer.reject(new Error('The data file of this run (titanic.csv) was not found.'));
    await until(() => kinds(panel).includes('explanations/unavailable'), 'the error');
    assert.deepEqual(posted(panel).at(-1), { kind: 'explanations/unavailable', runDir: bareDir, message: 'The data file of this run (titanic.csv) was not found.' });
    assert.equal(panel.title, 'Explanations');
    panels.dispose();
  });

  it('closes the panels of a deleted run and stops their work', async () => {
    const host = new StubHost();
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const finalPanel = await open(panels, runDir, 'final', 'explanations/show');
    const trialPanel = await open(panels, runDir, 1, 'explanations/pending');
    const otherPanel = await open(panels, bareDir, 'final', 'explanations/pending');
    const row = deferred<RowExplanation[]>();
    host.rowAnswer = () => row.promise;
    finalPanel.webview.received.fire({ kind: 'row/explain', requestId: 1, row: 17 });
    await settle();

    panels.closeRun(runDir);
    assert.equal(finalPanel.disposed, true);
    assert.equal(trialPanel.disposed, true);
    assert.equal(otherPanel.disposed, false);
    assert.equal(host.rowCalls[0].signal?.aborted, true, 'the engine is told to stop');
    // A trial finishing after its panel closed shows nothing.
    host.trialAnswer.resolve({ explanations: trialExplanations, model: 'gbdt' });
    await settle();
    await settle();
    assert.deepEqual(kinds(trialPanel), ['explanations/pending']);
    panels.dispose();
    assert.equal(otherPanel.listenerCount, 0);
  });
});

describe('ExplanationsPanels as WebviewPanelSerializer', () => {
  async function revive(state: unknown, host = new StubHost()): Promise<ExplanationsToView[]> {
    const panels = new ExplanationsPanels(extensionUri, output, host.engineHost);
    const panel = new FakePanel('automl.explanations', 'Explanations');
    await panels.deserializeWebviewPanel(panel as unknown as vscode.WebviewPanel, state);
    panel.webview.received.fire({ kind: 'ready' });
    await until(() => panel.webview.posted.length > 0, 'the content');
    panels.dispose();
    return posted(panel);
  }

  it('restores the explanations of the run and model in the view state', async () => {
    const state: ExplanationsPanelState = { version: 1, runDir, model: 'final', tab: 'beeswarm', output: 0, row: 17 };
    const messages = await revive(state);
    assert.deepEqual(messages, [
      { kind: 'explanations/show', run, model: 'final', modelLabel: 'final: gbdt 0.60 + logistic 0.40', explanations: finalExplanations, robustness },
    ]);
  });

  it('explains when the run is gone or the state is unusable', async () => {
    // A deleted folder is reported as such, without asking the engine.
    const host = new StubHost();
    const message = 'The run folder deleted no longer exists (was it deleted or moved?).';
    const gone = await revive({ version: 1, runDir: join(root, '.automl', 'runs', 'deleted'), model: 'final', tab: 'importance', output: 0 }, host);
    assert.deepEqual(gone, [{ kind: 'explanations/unavailable', runDir: join(root, '.automl', 'runs', 'deleted'), message }]);
    const trialGone = await revive({ version: 1, runDir: join(root, '.automl', 'runs', 'deleted'), model: 3, tab: 'importance', output: 0 }, host);
    assert.deepEqual(trialGone, [{ kind: 'explanations/unavailable', runDir: join(root, '.automl', 'runs', 'deleted'), message }]);
    assert.deepEqual([host.finalCalls, host.trialCalls], [[], []]);
    const junk = await revive({ version: 1, runDir, model: 'best', tab: 'importance', output: 0 });
    assert.deepEqual(junk, [{ kind: 'explanations/unavailable', runDir: '', message: 'This panel did not keep which run it showed. Open the run from the AutoML Runs view.' }]);
    const outside = await revive({ version: 1, runDir: '/etc', model: 'final', tab: 'importance', output: 0 });
    assert.match(outside[0].kind === 'explanations/unavailable' ? outside[0].message : '', /not an AutoML run folder/);
  });
});
