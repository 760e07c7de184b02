// The Leaderboard's Export button (browser code, run on linkedom) and the host's guard for the
// message it posts.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  isLeaderboardToHost,
  type LeaderboardPanelState,
  type LeaderboardShowMessage,
  type LeaderboardToHost,
  type TrialRecord,
} from '../../src/protocol/webview';
import type { ScoreChartRenderer } from '../../webview/leaderboard/scoreChartSpec';
import { LeaderboardView } from '../../webview/leaderboard/leaderboardView';
import { installTestDom, RecordingApi, type TestWindow } from './fakes/webviewDom';

let window: TestWindow;

before(() => {
  window = installTestDom();
});

function trial(id: number, status: TrialRecord['status'] = 'ok'): TrialRecord {
  return {
    id,
    learner: 'gbdt',
    params: {},
    status,
    score: status === 'ok' ? 0.8 + id / 100 : undefined,
    foldScores: [],
    foldsDone: status === 'ok' ? 5 : 0,
    fitMs: 100,
    predictMs: 5,
    startedAt: id * 1000,
    durationMs: 500,
  };
}

const FINAL = { members: [{ trialId: 1, weight: 1 }], refit: 'allRows' as const, score: 0.81, description: 'gbdt' };

function show(status: LeaderboardShowMessage['status'], extra: Partial<LeaderboardShowMessage> = {}): LeaderboardShowMessage {
  return {
    kind: 'leaderboard/show',
    run: { runDir: '/ws/.automl/runs/20250101-000000-data', name: '20250101-000000-data', file: 'data.csv', createdAt: '2025-01-01T00:00:00.000Z' },
    plan: {
      task: 'binary',
      metric: 'auc',
      higherIsBetter: true,
      validation: { kind: 'kfold', folds: 5, repeats: 1, stratified: true },
      rows: 100,
      learners: ['gbdt'],
      budgetMs: 60_000,
      dropped: [],
    },
    status,
    statusText: status,
    trials: [trial(0), trial(1), trial(2, 'error')],
    elapsedMs: 1000,
    ...extra,
  };
}

const noCharts: ScoreChartRenderer = { draw: () => undefined, refreshTheme: () => undefined, clear: () => undefined };

function mount(): { root: HTMLElement; view: LeaderboardView; api: RecordingApi<LeaderboardToHost, LeaderboardPanelState> } {
  const root = window.document.createElement('main') as unknown as HTMLElement;
  window.document.body.append(root as unknown as Node & ChildNode);
  const api = new RecordingApi<LeaderboardToHost, LeaderboardPanelState>();
  return { root, view: new LeaderboardView(root, api, noCharts, { scheduler: { now: () => 0, later: () => undefined } }), api };
}

function click(element: Element | null): void {
  assert.ok(element, 'element to click exists');
  element.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
}

describe('the Leaderboard Export button', () => {
  it('exports the selected model of a finished run', () => {
    const { root, view, api } = mount();
    view.receive(show('done', { final: FINAL }));
    const button = root.querySelector('vscode-button.export');
    assert.ok(button, 'the header has an Export button');
    assert.ok(button.hasAttribute('disabled'), 'nothing selected yet');
    assert.match(button.getAttribute('title') ?? '', /Select a model/);
    view.select(1);
    assert.ok(!button.hasAttribute('disabled'));
    assert.match(button.getAttribute('title') ?? '', /Export gbdt #1 as a TypeScript module/);
    click(button);
    assert.deepEqual(api.posted.at(-1), { kind: 'model/export', model: 1 });
    view.select('final');
    click(button);
    assert.deepEqual(api.posted.at(-1), { kind: 'model/export', model: 'final' });
  });

  it('is disabled while the run is live, and for a trial that did not complete', () => {
    const { root, view, api } = mount();
    view.receive(show('running'));
    view.select(0);
    const button = root.querySelector('vscode-button.export');
    assert.ok(button?.hasAttribute('disabled'));
    assert.match(button?.getAttribute('title') ?? '', /when the run finishes/);
    click(button);
    assert.notDeepEqual(api.posted.at(-1), { kind: 'model/export', model: 0 });

    view.receive({ kind: 'leaderboard/status', status: 'done', statusText: 'Done', elapsedMs: 2000, final: FINAL });
    assert.ok(!button?.hasAttribute('disabled'), 'enabled once the run is over');
    view.select(2);
    assert.ok(button?.hasAttribute('disabled'));
    assert.match(button?.getAttribute('title') ?? '', /did not complete/);
    click(button);
    assert.ok(!api.posted.some((m) => m.kind === 'model/export'));
  });
});

describe('the Save as Spec button', () => {
  it('is disabled while the run is live, and asks the host to save the spec once it is over', () => {
    const { root, view, api } = mount();
    view.receive(show('running'));
    const button = root.querySelector('vscode-button.save-spec');
    assert.ok(button, 'the header has a Save as Spec button');
    assert.ok(button.hasAttribute('disabled'));
    assert.match(button.getAttribute('title') ?? '', /when the run finishes/);
    click(button);
    assert.ok(!api.posted.some((m) => m.kind === 'run/saveSpec'));

    view.receive({ kind: 'leaderboard/status', status: 'done', statusText: 'Done', elapsedMs: 2000, final: FINAL });
    assert.ok(!button.hasAttribute('disabled'), 'enabled once the run is over, whatever is selected');
    click(button);
    assert.deepEqual(api.posted.at(-1), { kind: 'run/saveSpec' });
    assert.ok(isLeaderboardToHost({ kind: 'run/saveSpec' }));
  });
});

describe('isLeaderboardToHost for model/export', () => {
  it('accepts a model key and nothing else', () => {
    assert.ok(isLeaderboardToHost({ kind: 'model/export', model: 'final' }));
    assert.ok(isLeaderboardToHost({ kind: 'model/export', model: 12 }));
    for (const bad of [
      { kind: 'model/export' },
      { kind: 'model/export', model: -1 },
      { kind: 'model/export', model: 1.5 },
      { kind: 'model/export', model: '3' },
      { kind: 'model/export', model: 'best' },
      { kind: 'model/exported', model: 1 },
    ]) {
      assert.equal(isLeaderboardToHost(bad), false, JSON.stringify(bad));
    }
  });
});
