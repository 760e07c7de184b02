// The view code is browser code: this test type-checks it with the DOM library and runs it on
// linkedom (a light server-side DOM), with a stub host bridge, a stub chart renderer and a
// manual clock.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type {
  LeaderboardPanelState,
  LeaderboardShowMessage,
  LeaderboardToHost,
  RunPlan,
  TrialRecord,
} from '../../src/protocol/webview';
import { Board, bestTrialIndex, nextSort, orderTrials, pinnedRows } from '../../webview/leaderboard/leaderboardModel';
import { ROW_HEIGHT_PX } from '../../webview/leaderboard/leaderboardTable';
import { LeaderboardView, restoreState } from '../../webview/leaderboard/leaderboardView';
import { formatClock } from '../../webview/leaderboard/runLabels';
import { formatParams, membersLabel } from '../../webview/leaderboard/rowText';
import type { Scheduler } from '../../webview/leaderboard/scheduler';
import { REDRAW_INTERVAL_MS } from '../../webview/leaderboard/scoreChart';
import type { ScoreChartRenderer, ScoreChartSpec } from '../../webview/leaderboard/scoreChartSpec';
import { bestSoFar, chartSeries, downsample, MAX_CHART_POINTS, trialPoints } from '../../webview/leaderboard/scoreSeries';
import { droppedBadge, droppedTitle, featuresSummary, shortReason } from '../../webview/shared/featureWords';
import { featuresFixture } from './fakes/runReports';
import { installTestDom, RecordingApi, type TestWindow } from './fakes/webviewDom';

const XSS = '<img src=x onerror=alert(1)>';
const RUN_DIR = '/ws/.automl/runs/20250101-000000-data';

let window: TestWindow;

before(() => {
  window = installTestDom();
});

function trial(id: number, score: number | undefined, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    id,
    learner: 'gbdt',
    params: { learningRate: 0.1, numLeaves: 31 },
    status: 'ok',
    score,
    scoreStd: score === undefined ? undefined : 0.01,
    foldScores: score === undefined ? [] : [score],
    foldsDone: score === undefined ? 0 : 5,
    fitMs: 100 + id,
    predictMs: 5,
    startedAt: id * 1000,
    durationMs: 500,
    ...extra,
  };
}

function plan(higherIsBetter = true): RunPlan {
  return {
    task: 'binary',
    metric: higherIsBetter ? 'auc' : 'logLoss',
    higherIsBetter,
    validation: { kind: 'kfold', folds: 5, repeats: 1, stratified: true },
    rows: 1000,
    learners: ['gbdt', 'knn'],
    budgetMs: 60_000,
    dropped: [],
  };
}

function showMessage(trials: readonly TrialRecord[], extra: Partial<LeaderboardShowMessage> = {}): LeaderboardShowMessage {
  return {
    kind: 'leaderboard/show',
    run: { runDir: RUN_DIR, name: '20250101-000000-data', file: 'data.csv', createdAt: '2025-01-01T00:00:00.000Z' },
    plan: plan(),
    status: 'running',
    statusText: 'Searching',
    trials,
    elapsedMs: 65_000,
    remainingMs: 55_000,
    ...extra,
  };
}

class StubApi extends RecordingApi<LeaderboardToHost, LeaderboardPanelState> {}

class StubCharts implements ScoreChartRenderer {
  readonly drawn: ScoreChartSpec[] = [];
  draw(_canvas: HTMLCanvasElement, spec: ScoreChartSpec): void {
    this.drawn.push(spec);
  }
  refreshTheme(): void {}
  clear(): void {}
}

/** A clock that moves only when told to, and runs due callbacks then. */
class ManualScheduler implements Scheduler {
  time = 0;
  private queue: { at: number; callback: () => void }[] = [];
  now(): number {
    return this.time;
  }
  later(callback: () => void, delayMs: number): void {
    this.queue.push({ at: this.time + delayMs, callback });
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.queue.filter((entry) => entry.at <= this.time);
    this.queue = this.queue.filter((entry) => entry.at > this.time);
    for (const entry of due) entry.callback();
  }
}

function mount(state?: unknown): { root: HTMLElement; view: LeaderboardView; api: StubApi; charts: StubCharts; clock: ManualScheduler } {
  const root = window.document.createElement('main') as unknown as HTMLElement;
  window.document.body.append(root as unknown as Node & ChildNode);
  const api = new StubApi(state);
  const charts = new StubCharts();
  const clock = new ManualScheduler();
  return { root, view: new LeaderboardView(root, api, charts, { scheduler: clock }), api, charts, clock };
}

function click(element: Element | null): void {
  assert.ok(element, 'element to click exists');
  element.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
}

function key(root: HTMLElement, name: string): void {
  const event = new window.Event('keydown', { bubbles: true, cancelable: true }) as unknown as KeyboardEvent;
  Object.defineProperty(event, 'key', { value: name });
  root.querySelector('.table-scroll')?.dispatchEvent(event);
}

/** The data-key of each rendered row, in order ('final' or a trial id). */
function rowKeys(root: HTMLElement): string[] {
  return [...root.querySelectorAll('tr.row')].map((row) => row.getAttribute('data-key') ?? '-');
}

describe('leaderboardModel', () => {
  const trials = [
    trial(0, 0.8),
    trial(1, undefined, { status: 'error', error: 'boom' }),
    trial(2, 0.9),
    trial(3, 0.95, { status: 'pruned', foldsDone: 2 }),
    trial(4, 0.7, { learner: 'knn' }),
    trial(5, 0.9),
  ];

  it('orders by score respecting the metric direction, incomplete trials last', () => {
    // Higher is better: 0.9 (first of the tie), 0.9, 0.8, 0.7; then the pruned one, then the failed one.
    assert.deepEqual(orderTrials(trials, { key: 'rank', direction: 'asc' }, true), [2, 5, 0, 4, 3, 1]);
    assert.deepEqual(orderTrials(trials, { key: 'rank', direction: 'asc' }, false), [4, 0, 2, 5, 3, 1]);
    // Reversing keeps failed trials at the bottom.
    assert.deepEqual(orderTrials(trials, { key: 'rank', direction: 'desc' }, true), [4, 0, 2, 5, 3, 1]);
    assert.deepEqual(orderTrials(trials, { key: 'score', direction: 'asc' }, true), [4, 0, 2, 5, 3, 1]);
    assert.deepEqual(orderTrials(trials, { key: 'learner', direction: 'asc' }, true), [2, 5, 0, 3, 1, 4]);
    assert.deepEqual(orderTrials(trials, { key: 'finished', direction: 'desc' }, true), [5, 4, 3, 2, 1, 0]);
  });

  it('finds the best complete trial (the earliest of equals), never a pruned one', () => {
    assert.equal(bestTrialIndex(trials, true), 2);
    assert.equal(bestTrialIndex(trials, false), 4);
    assert.equal(bestTrialIndex([trial(0, undefined, { status: 'error' })], true), -1);
  });

  it('keeps the same order and ranks when trials arrive one by one as when sorted at once', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      trial(i, i % 17 === 0 ? undefined : Math.sin(i) * 0.5 + 0.5, i % 17 === 0 ? { status: 'error' } : i % 13 === 0 ? { status: 'pruned' } : {}));
    for (const sort of [{ key: 'rank', direction: 'asc' }, { key: 'std', direction: 'desc' }, { key: 'learner', direction: 'desc' }] as const) {
      const board = new Board(sort, false);
      board.reset([], false);
      for (let i = 0; i < many.length; i += 7) board.append(many.slice(i, i + 7));
      assert.deepEqual([...board.order], orderTrials(many, sort, false), sort.key);
      assert.equal(board.bestIndex, bestTrialIndex(many, false));
      assert.equal(board.rankOf(board.bestIndex), 1);
    }
  });

  it('flips the direction only for the same key', () => {
    assert.deepEqual(nextSort({ key: 'rank', direction: 'asc' }, 'rank'), { key: 'rank', direction: 'desc' });
    assert.deepEqual(nextSort({ key: 'rank', direction: 'asc' }, 'fit'), { key: 'fit', direction: 'desc' });
    assert.deepEqual(nextSort({ key: 'rank', direction: 'asc' }, 'score', true), { key: 'score', direction: 'desc' });
    assert.deepEqual(nextSort({ key: 'rank', direction: 'asc' }, 'score', false), { key: 'score', direction: 'asc' });
  });

  it('pins the final model, and an ensemble that was not chosen below it', () => {
    const ensemble = { score: 0.96, chosen: true, members: [{ trialId: 2, learner: 'gbdt', weight: 0.6 }, { trialId: 4, learner: 'knn', weight: 0.4 }] };
    assert.equal(membersLabel(ensemble.members), 'gbdt 0.6 + knn 0.4');
    assert.deepEqual(pinnedRows(ensemble, undefined).map((row) => row.kind), ['final']);
    const final = { members: [{ trialId: 2, weight: 1 }], refit: 'allRows' as const, score: 0.9, description: 'gbdt' };
    assert.deepEqual(pinnedRows({ ...ensemble, chosen: false }, final).map((row) => row.kind), ['final', 'ensemble']);
    assert.deepEqual(pinnedRows(undefined, undefined), []);
  });

  it('writes parameters as k=v pairs', () => {
    assert.equal(formatParams({ learningRate: 0.123456, depth: 6, loss: 'l2', early: true }), 'learningRate=0.1235, depth=6, loss=l2, early=true');
    assert.equal(formatParams({}), 'defaults');
    assert.equal(formatClock(65_432), '01:05');
    assert.equal(formatClock(3_723_000), '62:03');
  });
});

describe('score series', () => {
  it('steps the best-so-far curve at each improvement and ends at the last trial', () => {
    const trials = [trial(0, 0.5), trial(1, 0.4), trial(2, 0.7), trial(3, 0.6, { status: 'pruned' }), trial(4, 0.65)];
    const points = trialPoints(trials);
    assert.deepEqual(points.map((p) => p.trialId), [0, 1, 2, 4]);
    assert.deepEqual(bestSoFar(points, true).map((p) => [p.x, p.y]), [[0.5, 0.5], [2.5, 0.7], [4.5, 0.7]]);
    assert.deepEqual(bestSoFar(points, false).map((p) => [p.x, p.y]), [[0.5, 0.5], [1.5, 0.4], [4.5, 0.4]]);
  });

  it('downsamples large boards and keeps the final best value exact', () => {
    // Random scores, and a best trial near the end.
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const trials = Array.from({ length: 5_000 }, (_, i) => trial(i, i === 4_990 ? 0.999 : random() * 0.9));
    const { best, trials: dots } = chartSeries(trials, true);
    assert.ok(best.length + dots.length <= MAX_CHART_POINTS, `${best.length + dots.length} points`);
    assert.equal(best.at(-1)?.y, 0.999);
    assert.equal(Math.max(...best.map((p) => p.y)), 0.999);
    // Each step is a real trial's score at the time it finished.
    for (const step of best.slice(0, -1)) assert.equal(trials[step.trialId].score, step.y);
    // The extremes of the dots survive.
    assert.equal(Math.max(...dots.map((p) => p.y)), 0.999);
    assert.equal(dots[0].trialId, 0);
    assert.equal(dots.at(-1)?.trialId, 4_999);
    const small = trialPoints(trials.slice(0, 10));
    assert.deepEqual(downsample(small, 100), small);
  });

  it('thins a curve that improved more often than the budget, keeping its end', () => {
    const trials = Array.from({ length: 2_000 }, (_, i) => trial(i, i / 2_000));
    const { best, trials: dots } = chartSeries(trials, true);
    assert.ok(best.length + dots.length <= MAX_CHART_POINTS);
    assert.equal(best.at(-1)?.y, 1_999 / 2_000);
    assert.equal(best[0].y, 0);
  });
});

describe('LeaderboardView', () => {
  it('shows a loading hint until the board arrives', () => {
    const { root } = mount();
    assert.match(root.textContent ?? '', /Loading leaderboard/);
  });

  it('renders the header: run, file, task, metric, validation, status, clock, best and count', () => {
    const { root } = (() => {
      const mounted = mount();
      mounted.view.receive(showMessage([trial(0, 0.8), trial(1, 0.9, { learner: 'knn' }), trial(2, undefined, { status: 'error', error: 'out of memory' })]));
      return mounted;
    })();
    const header = root.querySelector('header')?.textContent ?? '';
    assert.match(header, /20250101-000000-data/);
    assert.match(header, /data\.csv/);
    assert.match(header, /binary classification · ROC AUC ↑ · 5-fold stratified CV/);
    assert.match(header, /Running Searching · 01:05 elapsed · 00:55 left/);
    assert.match(header, /Best ROC AUC 0\.9 \(knn #1\) · 3 trials \(1 did not complete\)/);
    // Rank, best mark, score ± std, folds, fit time, finished, params.
    const best = root.querySelector('tr.row.best');
    assert.equal(best?.getAttribute('data-key'), '1');
    assert.equal(best?.querySelector('.tag-best')?.getAttribute('aria-label'), 'best');
    assert.match(best?.textContent ?? '', /1best.*knn #1.*0\.9.*± 0\.01.*5\/5.*101 ms.*00:01.*learningRate=0\.1, numLeaves=31/);
    assert.match(root.querySelector('tr.status-error')?.textContent ?? '', /error.*out of memory/);
    assert.equal(root.querySelector('th.col-score')?.getAttribute('aria-sort'), 'none');
    assert.equal(root.querySelector('th.col-rank')?.getAttribute('aria-sort'), 'ascending');
    assert.match(root.querySelector('th.col-score')?.textContent ?? '', /ROC AUC ↑/);
  });

  it('renders data as text, never as markup', () => {
    const { root, view } = mount();
    view.receive(showMessage([
      trial(0, 0.8, { learner: XSS, params: { [XSS]: XSS } }),
      trial(1, undefined, { status: 'error', error: XSS }),
    ], { run: { runDir: RUN_DIR, name: XSS, file: XSS, createdAt: 'x' }, statusText: XSS }));
    view.receive({ kind: 'leaderboard/status', status: 'done', statusText: XSS, elapsedMs: 1, ensemble: { score: 0.9, chosen: true, members: [{ trialId: 0, learner: XSS, weight: 1 }] } });
    assert.equal(root.querySelector('img'), null);
    assert.equal(root.querySelector('h1')?.textContent, XSS);
    assert.equal(root.querySelector('tr.status-error .error-text')?.textContent, XSS);
    assert.equal(root.querySelector('tr[data-key="0"] .learner')?.textContent, XSS);
    assert.equal(root.querySelector('tr[data-key="0"] td.col-params')?.getAttribute('title'), `${XSS}=${XSS}`);
    assert.match(root.querySelector('tr.pinned td.col-params')?.textContent ?? '', /<img src=x onerror=alert\(1\)> 1/);
  });

  it('appends 1,000 live trials, rendering only the visible rows', () => {
    const { root, view, charts, clock } = mount();
    view.receive(showMessage([]));
    assert.match(root.querySelector('tr.empty')?.textContent ?? '', /No trial has finished yet/);
    const start = performance.now();
    for (let batch = 0; batch < 100; batch++) {
      clock.advance(10);
      const trials = Array.from({ length: 10 }, (_, i) => {
        const id = batch * 10 + i;
        return trial(id, id % 50 === 49 ? undefined : ((id * 7919) % 1000) / 1000, id % 50 === 49 ? { status: 'timeout', error: 'over budget' } : {});
      });
      view.receive({ kind: 'leaderboard/trials', trials, elapsedMs: batch * 1000, remainingMs: 100_000 - batch * 1000 });
    }
    const elapsed = performance.now() - start;
    const rendered = root.querySelectorAll('tr.row').length;
    assert.ok(rendered > 0 && rendered <= 60, `rendered ${rendered} rows`);
    assert.equal(view.renderedRowCount, rendered);
    assert.equal(view.trialOrder.length, 1_000);
    // Best first; the 20 timed-out trials at the bottom.
    const order = view.trialOrder;
    assert.equal(order[0], 321);
    assert.ok(order.slice(-20).every((id) => id % 50 === 49));
    assert.deepEqual(rowKeys(root).slice(0, 3), order.slice(0, 3).map(String));
    assert.match(root.querySelector('header')?.textContent ?? '', /1,000 trials \(20 did not complete\)/);
    // Scrolling renders the rows at the new position, and the spacers keep the scroll height.
    const scroller = root.querySelector('.table-scroll') as HTMLElement;
    scroller.scrollTop = 500 * ROW_HEIGHT_PX;
    scroller.dispatchEvent(new window.Event('scroll') as unknown as Event);
    assert.ok(rowKeys(root).includes(String(order[500])), 'row 500 is rendered after scrolling there');
    assert.ok(!rowKeys(root).includes(String(order[0])));
    const spacers = [...root.querySelectorAll('tr.spacer')] as HTMLElement[];
    assert.equal(spacers.reduce((sum, row) => sum + Number.parseFloat(row.style.height || '0'), 0), (1_000 - view.renderedRowCount) * ROW_HEIGHT_PX);
    // Redraws were throttled: one per interval at most, however many messages came in.
    const draws = charts.drawn.length;
    assert.ok(draws <= 1 + Math.ceil(clock.time / REDRAW_INTERVAL_MS), `${draws} redraws`);
    clock.advance(REDRAW_INTERVAL_MS);
    const last = charts.drawn.at(-1);
    assert.ok(last);
    assert.equal(last.best.at(-1)?.y, 0.999);
    assert.ok(last.best.length + last.trials.length <= MAX_CHART_POINTS);
    assert.ok(elapsed < 2_000, `appending took ${elapsed.toFixed(0)} ms`);
  });

  it('sorts by header click and keyboard, with aria-sort', () => {
    const { root, api } = (() => {
      const mounted = mount();
      mounted.view.receive(showMessage([trial(0, 0.8, { fitMs: 300 }), trial(1, 0.9, { fitMs: 100 }), trial(2, 0.7, { fitMs: 200, learner: 'knn' })]));
      return mounted;
    })();
    assert.deepEqual(rowKeys(root), ['1', '0', '2']);
    click(root.querySelector('button[data-sort="fit"]'));
    assert.deepEqual(rowKeys(root), ['0', '2', '1']);
    assert.equal(root.querySelector('th.col-fit')?.getAttribute('aria-sort'), 'descending');
    click(root.querySelector('button[data-sort="fit"]'));
    assert.deepEqual(rowKeys(root), ['1', '2', '0']);
    // Score sorts best first on the first click, worst first on the second.
    click(root.querySelector('button[data-sort="score"]'));
    assert.deepEqual(rowKeys(root), ['1', '0', '2']);
    assert.deepEqual((api.state as LeaderboardPanelState).sort, { key: 'score', direction: 'desc' });
    click(root.querySelector('button[data-sort="score"]'));
    assert.deepEqual(rowKeys(root), ['2', '0', '1']);
  });

  it('selects rows by click, Enter and arrow keys, posting model/select', () => {
    const { root, view, api } = mount();
    view.receive(showMessage([trial(0, 0.8), trial(1, 0.9), trial(2, 0.7)], {
      ensemble: { score: 0.95, chosen: true, members: [{ trialId: 1, learner: 'gbdt', weight: 0.6 }, { trialId: 0, learner: 'gbdt', weight: 0.4 }] },
    }));
    assert.deepEqual(rowKeys(root), ['final', '1', '0', '2']);
    assert.match(root.querySelector('tr.pinned')?.textContent ?? '', /Ensemble.*final model.*0\.95.*gbdt 0\.6 \+ gbdt 0\.4/);
    const explain = root.querySelector('vscode-button.explain');
    assert.ok(explain?.hasAttribute('disabled'));

    click(root.querySelector('tr[data-key="0"] td.col-params'));
    assert.deepEqual(api.posted.at(-1), { kind: 'model/select', model: 0 });
    assert.equal(root.querySelector('tr.selected')?.getAttribute('data-key'), '0');
    assert.equal(root.querySelector('tr.selected')?.getAttribute('aria-selected'), 'true');
    key(root, 'ArrowDown');
    assert.deepEqual(api.posted.at(-1), { kind: 'model/select', model: 2 });
    key(root, 'Home');
    assert.deepEqual(api.posted.at(-1), { kind: 'model/select', model: 'final' });
    assert.equal(root.querySelector('tr.selected')?.getAttribute('data-key'), 'final');
    key(root, 'Enter');
    assert.deepEqual(api.posted.at(-1), { kind: 'model/select', model: 'final' });
    assert.deepEqual((api.state as LeaderboardPanelState).selected, 'final');

    assert.ok(!explain?.hasAttribute('disabled'));
    click(explain);
    assert.deepEqual(api.posted.at(-1), { kind: 'explanations/open', model: 'final' });

    // The host moves the selection (another view chose a model): highlighted, not echoed back.
    const posts = api.posted.length;
    view.receive({ kind: 'leaderboard/select', selected: 2 });
    assert.equal(root.querySelector('tr.selected')?.getAttribute('data-key'), '2');
    assert.equal(api.posted.length, posts);
  });

  it('does not select an ensemble that was not chosen', () => {
    const { root, view, api } = mount();
    view.receive(showMessage([trial(0, 0.8), trial(1, 0.9)], {
      status: 'done',
      ensemble: { score: 0.85, chosen: false, members: [{ trialId: 1, learner: 'gbdt', weight: 0.5 }, { trialId: 0, learner: 'gbdt', weight: 0.5 }] },
      final: { members: [{ trialId: 1, weight: 1 }], refit: 'allRows', score: 0.9, description: 'gbdt' },
    }));
    const pinned = [...root.querySelectorAll('tr.pinned')];
    assert.equal(pinned.length, 2);
    assert.match(pinned[0].textContent ?? '', /gbdt.*final model.*0\.9.*refitted on all rows/);
    assert.match(pinned[1].textContent ?? '', /Ensemble.*not chosen/);
    click(pinned[1]);
    assert.equal(api.posted.length, 0);
    view.receive({ kind: 'leaderboard/select', selected: 'final' });
    key(root, 'ArrowDown');
    assert.deepEqual(api.posted.at(-1), { kind: 'model/select', model: 1 });
  });

  it('offers Cancel only while the run is live', () => {
    const { root, view, api } = mount();
    view.receive(showMessage([trial(0, 0.8)]));
    const cancel = root.querySelector('vscode-button.cancel');
    click(cancel);
    assert.deepEqual(api.posted.at(-1), { kind: 'run/cancel' });
    assert.match(cancel?.textContent ?? '', /Cancelling/);
    assert.ok(cancel?.hasAttribute('disabled'));
    view.receive({ kind: 'leaderboard/status', status: 'finishing', statusText: 'Building the ensemble', elapsedMs: 70_000 });
    assert.ok(root.querySelector('vscode-button.cancel'));
    assert.match(cancel?.textContent ?? '', /Cancelling/);
    view.receive({
      kind: 'leaderboard/status',
      status: 'done',
      statusText: 'Finished',
      elapsedMs: 80_000,
      final: { members: [{ trialId: 0, weight: 1 }], refit: 'allRows', score: 0.8, description: 'gbdt' },
    });
    assert.equal(root.querySelector('vscode-button.cancel'), null);
    assert.match(root.querySelector('header')?.textContent ?? '', /Done Finished · 01:20 elapsed/);
    assert.doesNotMatch(root.querySelector('header')?.textContent ?? '', /left/);
    assert.deepEqual(rowKeys(root), ['final', '0']);
  });

  it('keeps the clock running between messages while live', () => {
    const { root, view, clock } = mount();
    view.receive(showMessage([]));
    clock.advance(3_000);
    view.tick();
    assert.match(root.querySelector('.clock')?.textContent ?? '', /01:08 elapsed · 00:52 left/);
  });

  it('restores sort and selection from the stored state of the same run only', () => {
    const trials = [trial(0, 0.8), trial(1, 0.9), trial(2, 0.7)];
    const first = mount();
    first.view.receive(showMessage(trials));
    first.view.sortBy('finished');
    first.view.select(2);
    const state = first.api.state as LeaderboardPanelState;
    assert.deepEqual(state, { version: 1, runDir: RUN_DIR, sort: { key: 'finished', direction: 'desc' }, selected: 2 });

    const second = mount(structuredClone(state));
    second.view.receive(showMessage(trials));
    assert.deepEqual(rowKeys(second.root), ['2', '1', '0']);
    assert.equal(second.root.querySelector('tr.selected')?.getAttribute('data-key'), '2');
    assert.equal(second.api.posted.length, 0);

    // The host's selection wins over the stored one.
    const third = mount(structuredClone(state));
    third.view.receive(showMessage(trials, { selected: 'final' }));
    assert.equal(third.view.selected, 'final');

    const other = mount(structuredClone(state));
    other.view.receive(showMessage(trials, { run: { runDir: '/other', name: 'other', file: 'x.csv', createdAt: '' } }));
    assert.deepEqual(rowKeys(other.root), ['1', '0', '2']);
    assert.equal(other.view.selected, undefined);

    assert.deepEqual(restoreState({ runDir: '/r', sort: { key: 'bogus', direction: 'asc' }, selected: -1, featuresOpen: 'yes' }), {
      runDir: '/r',
      sort: { key: 'rank', direction: 'asc' },
      selected: undefined,
      featuresOpen: false,
    });
    assert.deepEqual(restoreState(undefined), { sort: { key: 'rank', direction: 'asc' }, selected: undefined, featuresOpen: false });
  });

  it('re-sorts when the plan turns out to minimise the metric', () => {
    const { root, view } = mount();
    view.receive(showMessage([trial(0, 0.8), trial(1, 0.3)], { plan: undefined }));
    assert.deepEqual(rowKeys(root), ['0', '1']);
    view.receive({ kind: 'leaderboard/status', status: 'running', statusText: 'Searching', plan: plan(false), elapsedMs: 1 });
    assert.deepEqual(rowKeys(root), ['1', '0']);
    assert.match(root.querySelector('th.col-score')?.textContent ?? '', /log loss ↓/);
  });
});

describe('feature words', () => {
  it('cuts a reason to its head and words who dropped a column', () => {
    assert.equal(shortReason('below random noise (importance 0.001 < 0.004)'), 'below random noise');
    assert.equal(shortReason('identifier: every value is unique'), 'identifier');
    assert.equal(shortReason('(odd)'), '(odd)');
    assert.equal(shortReason('a reason far longer than any badge should ever be'), 'a reason far longer than any ba…');
    assert.equal(droppedBadge({ name: 'x', reason: 'constant; one value', by: 'profile' }), 'dropped: constant');
    assert.equal(droppedBadge({ name: 'x', reason: 'excluded by the user', by: 'user' }), 'excluded by you');
    assert.equal(droppedBadge({ name: 'x', reason: 'constant; one value', by: 'profile' }, true), 'dropped');
    assert.equal(droppedBadge({ name: 'x', reason: 'excluded by the user', by: 'user' }, true), 'excluded by you');
    assert.equal(droppedTitle({ name: 'x', reason: 'below random noise (0.001)', by: 'selection' }), 'Not used by this run: below random noise (0.001) (decided by feature selection)');
  });

  it('summarises the decisions: columns used, dropped by reason, engineered features kept', () => {
    const summary = featuresSummary(featuresFixture());
    assert.deepEqual(summary.parts, ['Uses 3 of 8 columns', '5 dropped: 3 below random noise, 1 identifier, 1 excluded by you']);
    assert.deepEqual(summary.engineered, { lead: '2 engineered: ', names: ['income / mean(income by region)', 'age / income'], more: 0 });

    const oneReason = featuresFixture({ dropped: featuresFixture().dropped.slice(0, 3), engineered: [], selection: 'off' });
    assert.deepEqual(featuresSummary(oneReason), { parts: ['Uses 3 of 6 columns', '3 dropped as below random noise', 'selection off'] });
    const byYou = featuresFixture({ dropped: [{ name: 'n', reason: 'excluded', by: 'user' }], engineered: featuresFixture().engineered.map((e) => ({ ...e, kept: false })) });
    assert.deepEqual(featuresSummary(byYou).parts, ['Uses 3 of 4 columns', '1 excluded by you', '3 engineered features tried, none kept']);
    const many = featuresFixture({ engineered: Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, formula: `f${i}`, sources: ['age'], kept: true, for: 'all' })) });
    assert.deepEqual(featuresSummary(many).engineered, { lead: '5 engineered: ', names: ['f0', 'f1', 'f2'], more: 2 });
  });
});

describe('LeaderboardView features line', () => {
  const done = { status: 'done' as const, statusText: 'Done', remainingMs: undefined };
  const line = (root: HTMLElement): string => (root.querySelector('.features-line')?.textContent ?? '').replace(/\s+/g, ' ');
  const details = (root: HTMLElement): HTMLElement => root.querySelector('.features-details') as HTMLElement;

  it('says the decisions come at the end of a live run, then shows them when the host sends them', () => {
    const { root, view } = mount();
    view.receive(showMessage([trial(0, 0.8)]));
    // Under the plan line, in the header.
    assert.ok(root.querySelector('header .plan + .features .features-line'));
    assert.match(line(root), /^Features known when the run finishes$/);
    assert.equal(root.querySelector('.features-toggle'), null);

    view.receive({ kind: 'leaderboard/features', features: featuresFixture() });
    assert.equal(
      line(root),
      'Features Uses 3 of 8 columns · 5 dropped: 3 below random noise, 1 identifier, 1 excluded by you · 2 engineered: income / mean(income by region), age / income Details',
    );
    assert.deepEqual(texts(root, '.features-summary code'), ['income / mean(income by region)', 'age / income']);
    assert.equal(details(root).hidden, true);
    // The final board keeps them.
    view.receive({ kind: 'leaderboard/status', ...done, elapsedMs: 90_000 });
    assert.match(line(root), /Uses 3 of 8 columns/);
  });

  it('discloses every dropped column, engineered feature, decision and note, and remembers it open', () => {
    const { root, view, api } = mount();
    view.receive(showMessage([trial(0, 0.8)], { ...done, features: featuresFixture() }));
    const toggle = root.querySelector('.features-toggle');
    assert.equal(toggle?.getAttribute('aria-expanded'), 'false');
    assert.equal(toggle?.getAttribute('aria-controls'), details(root).getAttribute('id'));
    click(toggle);
    assert.equal(details(root).hidden, false);
    assert.equal(toggle?.getAttribute('aria-expanded'), 'true');
    assert.equal(toggle?.textContent, 'Hide details');
    assert.equal((api.state as LeaderboardPanelState).featuresOpen, true);

    const rows = (selector: string): string[][] => [...root.querySelectorAll(`${selector} tbody tr`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
    assert.deepEqual(rows('.dropped-columns')[0], ['noise1', 'below random noise (importance 0.001 < 0.004)', 'feature selection']);
    assert.deepEqual(rows('.dropped-columns').map((r) => r[2]), ['feature selection', 'feature selection', 'feature selection', "the profile's checks", 'you (excluded)']);
    assert.deepEqual(rows('.engineered-features'), [
      ['income / mean(income by region)', 'income, region', '0.71', '✓ kept'],
      ['age / income', 'age, income', '–', '✓ kept'],
      ['age - income', 'age, income', '0.52', '✗ not kept'],
    ]);
    const gates = texts(root, '.gate-list li');
    assert.match(gates[0], /^✓ kept Dropping 3 columns below random noise kept ROC AUC \(0\.851 against 0\.840\)\. \(0\.84 → 0\.851\)$/);
    assert.match(gates[1], /^✗ not kept The pair feature age - income did not help\./);
    assert.deepEqual(texts(root, '.gate-list li code'), ['age - income']);
    assert.deepEqual(texts(root, '.features-details .note-list li'), ['interactions skipped: the budget was short']);

    // A rebuilt view (the panel was hidden and shown) opens the details again.
    const again = mount(structuredClone(api.state));
    again.view.receive(showMessage([trial(0, 0.8)], { ...done, features: featuresFixture() }));
    assert.equal(details(again.root).hidden, false);
    click(again.root.querySelector('.features-toggle'));
    assert.equal(details(again.root).hidden, true);
    assert.equal((again.api.state as LeaderboardPanelState).featuresOpen, undefined);
  });

  it('says when a run predates feature decisions, could not read them, or failed before any', () => {
    const older = mount();
    older.view.receive(showMessage([trial(0, 0.8)], { ...done, features: null }));
    assert.match(line(older.root), /^Features this run predates feature decisions \(its folder has no features\.json\)$/);
    assert.equal(older.root.querySelector('.features-details')?.childNodes.length, 0);

    const unread = mount();
    unread.view.receive(showMessage([trial(0, 0.8)]));
    // Finished without the decisions arriving (features.json could not be read).
    unread.view.receive({ kind: 'leaderboard/status', ...done, elapsedMs: 1 });
    assert.match(line(unread.root), /could not be read/);

    const failed = mount();
    failed.view.receive(showMessage([], { status: 'failed', statusText: 'Out of memory', plan: undefined }));
    assert.equal((failed.root.querySelector('.features') as HTMLElement).hidden, true);

    // Decisions for a board not shown yet are dropped (the next show carries them).
    const early = mount();
    early.view.receive({ kind: 'leaderboard/features', features: featuresFixture() });
    assert.match(early.root.textContent ?? '', /Loading leaderboard/);
  });

  it('notes when selection was off and no engineered feature was kept', () => {
    const { root, view } = mount();
    const features = featuresFixture({ dropped: [], selection: 'off', engineered: [], gates: [], notes: [] });
    view.receive(showMessage([trial(0, 0.8)], { ...done, features }));
    assert.equal(line(root), 'Features Uses 3 of 3 columns · selection off Details');
    click(root.querySelector('.features-toggle'));
    assert.match(details(root).textContent ?? '', /Feature selection and engineering were off.*Dropped columns \(0\)The run used every column\.Engineered features tried \(0\)No engineered feature was tried\./);
    assert.equal(root.querySelector('.gate-list'), null);
  });

  it('shows names, reasons and sentences as text, never as markup', () => {
    const { root, view } = mount({ version: 1, runDir: RUN_DIR, sort: { key: 'rank', direction: 'asc' }, featuresOpen: true });
    const features = featuresFixture({
      kept: [XSS],
      dropped: [{ name: XSS, reason: XSS, by: 'selection' }],
      engineered: [{ name: `${XSS} / b`, formula: XSS, sources: [XSS], kept: true, for: 'all', screenScore: 1 }],
      gates: [{ step: 'pairs', baseline: 1, candidate: 2, kept: true, sentence: `\`${XSS}\` helped` }],
      notes: [XSS],
    });
    view.receive(showMessage([trial(0, 0.8)], { ...done, features }));
    assert.equal(root.querySelector('img'), null);
    assert.deepEqual(texts(root, '.features-summary code'), [`${XSS} / b`]);
    assert.equal(root.querySelector('.dropped-columns .column-name')?.textContent, XSS);
    assert.ok(texts(root, '.dropped-columns td').includes(XSS));
    assert.deepEqual(texts(root, '.gate-list code'), [XSS]);
    assert.equal(root.querySelector('.engineered-features code')?.getAttribute('title'), XSS);
  });
});

function texts(root: HTMLElement, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((e) => e.textContent ?? '');
}
