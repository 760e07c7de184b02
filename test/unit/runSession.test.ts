// Must come first: trainRun.ts and runPickers.ts import `vscode`.
import './fakes/fakeVscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { RunEvent } from '../../src/engine/automl/events';
import { ActiveRuns } from '../../src/extension/runs/activeRuns';
import { Exclusions, type StateStore } from '../../src/extension/runs/exclusions';
import { RunSession } from '../../src/extension/runs/runSession';
import { formatSeconds } from '../../src/extension/runPickers';
import { readHeadFrame } from '../../src/engine/data/headFrame';
import { guessTask } from '../../src/extension/taskGuess';
import { clock, progressLine } from '../../src/extension/trainRun';
import { featuresFixture } from './fakes/runReports';
import type {
  DatasetProfile,
  FinalModel,
  LeaderboardStatusMessage,
  LeaderboardToView,
  LeaderboardTrialsMessage,
  RunInfo,
  RunPlan,
  TrialRecord,
} from '../../src/protocol/webview';

const run: RunInfo = { runDir: '/w/.automl/runs/20250101-000000-titanic', name: '20250101-000000-titanic', file: 'titanic.csv', createdAt: '2025-01-01T00:00:00.000Z' };

const profile: DatasetProfile = {
  rows: 3,
  columns: [{ name: 'survived', type: 'categorical', storage: 'categorical', count: 3, missing: 0, missingPct: 0, unique: 2 }],
  warnings: [],
  parseIssues: [],
  badValues: [],
  duplicateRows: 0,
  associations: { columns: [], sampledRows: 3, pairs: [] },
  source: { file: 'titanic.csv', bytes: 30, delimiter: ',', encoding: 'utf-8' },
};

function plan(budgetMs: number): RunPlan {
  return {
    task: 'binary',
    metric: 'auc',
    higherIsBetter: true,
    validation: { kind: 'kfold', folds: 5, repeats: 1, stratified: true },
    rows: 1309,
    learners: ['logistic', 'gbdt'],
    budgetMs,
    ...(Number.isFinite(budgetMs) ? {} : { trials: 3 }),
    dropped: [{ column: 'name', reason: 'an identifier' }],
  };
}

function trial(id: number, learner: string, score: number, startedAt: number): TrialRecord {
  return {
    id,
    learner,
    params: { rounds: 10 * (id + 1) },
    status: 'ok',
    score,
    scoreStd: 0.01,
    foldScores: [score, score, score, score, score],
    foldsDone: 5,
    fitMs: 800,
    predictMs: 20,
    startedAt,
    durationMs: 1000,
  };
}

const trials = [trial(0, 'logistic', 0.82, 1000), trial(1, 'gbdt', 0.87, 2000), trial(2, 'gbdt', 0.85, 3000)];

const final: FinalModel = {
  members: [
    { trialId: 1, weight: 0.6 },
    { trialId: 0, weight: 0.4 },
  ],
  refit: 'allRows',
  score: 0.88,
  description: 'gbdt 0.60 + logistic 0.40',
};
const ensemble = {
  score: 0.88,
  members: [
    { trialId: 1, learner: 'gbdt', weight: 0.6 },
    { trialId: 0, learner: 'logistic', weight: 0.4 },
  ],
  chosen: true,
};

/** A run with a 60 s budget, as the engine reports it, up to (not including) `done`. */
function searchEvents(budgetMs = 60_000): RunEvent[] {
  const remaining = (elapsedMs: number): number => (Number.isFinite(budgetMs) ? Math.max(0, budgetMs - elapsedMs) : Infinity);
  const best = [
    { id: 0, score: 0.82 },
    { id: 1, score: 0.87 },
    { id: 1, score: 0.87 },
  ];
  return [
    { kind: 'profile', profile },
    { kind: 'started', plan: plan(budgetMs) },
    { kind: 'log', message: 'search: 2 learners' },
    ...trials.flatMap((t, i): RunEvent[] => [
      { kind: 'trialStarted', id: t.id, learner: t.learner, params: t.params, elapsedMs: t.startedAt },
      {
        kind: 'trialCompleted',
        trial: t,
        bestId: best[i].id,
        bestScore: best[i].score,
        elapsedMs: t.startedAt + t.durationMs,
        remainingMs: remaining(t.startedAt + t.durationMs),
        trialsDone: i + 1,
      },
    ]),
  ];
}

const endEvents: RunEvent[] = [
  { kind: 'phase', phase: 'ensemble', elapsedMs: 20_000 },
  { kind: 'phase', phase: 'refit', elapsedMs: 25_000 },
  { kind: 'phase', phase: 'explain', elapsedMs: 30_000 },
  { kind: 'done', model: final.description, score: 0.88, refit: 'allRows', trials: 3, cancelled: false, elapsedMs: 33_000 },
];

/** `performance.now()` under the test's control (RunSession ticks elapsed and remaining time between events). */
let now = 0;
beforeEach(() => {
  now = 100_000;
  mock.method(performance, 'now', () => now);
});
afterEach(() => {
  mock.restoreAll();
});

function listen(session: RunSession): LeaderboardToView[] {
  const updates: LeaderboardToView[] = [];
  session.subscribe((update) => updates.push(update));
  return updates;
}

describe('RunSession', () => {
  it('folds a run into a live board and emits only the news', () => {
    const session = new RunSession(run);
    const updates = listen(session);
    assert.equal(session.status, 'running');
    assert.equal(session.live, true);
    assert.equal(session.metricLabel, '', 'no metric before the plan');

    const events = searchEvents();
    session.apply(events[0]);
    assert.equal(updates.length, 0, 'the profile changes nothing on the board');
    session.apply(events[1]);
    assert.deepEqual(session.plan, plan(60_000));
    assert.equal(session.remainingMs, 60_000);
    assert.equal(session.metricLabel, 'ROC AUC');
    assert.equal(updates.length, 1);
    assert.equal(updates[0].kind, 'leaderboard/status');
    assert.equal((updates[0] as LeaderboardStatusMessage).status, 'running');
    assert.equal((updates[0] as LeaderboardStatusMessage).statusText, 'Searching');

    for (const event of events.slice(2)) session.apply(event);
    assert.deepEqual(session.trials, trials, 'trials in the order they finished');
    assert.deepEqual(session.best, { id: 1, score: 0.87 });
    const trialUpdates = updates.slice(1) as LeaderboardTrialsMessage[];
    assert.deepEqual(
      trialUpdates.map((u) => u.kind),
      ['leaderboard/trials', 'leaderboard/trials', 'leaderboard/trials'],
      'log and trialStarted events are not news for the board',
    );
    // Each update carries only its own trial, with the clock at that moment.
    assert.deepEqual(trialUpdates.map((u) => u.trials), trials.map((t) => [t]));
    assert.deepEqual(trialUpdates.map((u) => u.elapsedMs), [2000, 3000, 4000]);
    assert.deepEqual(trialUpdates.map((u) => u.remainingMs), [58_000, 57_000, 56_000]);

    const before = updates.length;
    for (const event of endEvents.slice(0, 3)) session.apply(event);
    const statuses = updates.slice(before) as LeaderboardStatusMessage[];
    assert.deepEqual(
      statuses.map((u) => [u.kind, u.status, u.statusText]),
      [
        ['leaderboard/status', 'finishing', 'Building the ensemble'],
        ['leaderboard/status', 'finishing', 'Refitting the final model on all rows'],
        ['leaderboard/status', 'finishing', 'Explaining the final model'],
      ],
    );
    assert.deepEqual(statuses.map((u) => u.remainingMs), [40_000, 35_000, 30_000], 'the budget left at each phase');
    assert.equal(session.live, true, 'finishing is still live (Cancel makes sense)');

    session.apply(endEvents[3]);
    assert.equal(session.status, 'done');
    assert.equal(session.statusText, 'Done: 3 trials; final model gbdt 0.60 + logistic 0.40');
    assert.equal(session.live, false);
    assert.equal(session.remainingNow(), undefined, 'no budget left to show once done');
    assert.equal(session.elapsedMs, 33_000);
  });

  it('gives a view that just said ready the whole board', () => {
    const session = new RunSession(run);
    for (const event of [...searchEvents(), endEvents[0]]) session.apply(event);
    const snapshot = session.snapshot(1);
    assert.deepEqual(snapshot, {
      kind: 'leaderboard/show',
      run,
      plan: plan(60_000),
      status: 'finishing',
      statusText: 'Building the ensemble',
      trials,
      ensemble: undefined,
      final: undefined,
      elapsedMs: 20_000,
      remainingMs: 40_000,
      selected: 1,
      features: undefined,
    });
    assert.equal(session.snapshot().selected, undefined);
  });

  it('counts elapsed time up and the budget down between events, never below zero', () => {
    const session = new RunSession(run);
    for (const event of searchEvents()) session.apply(event);
    assert.equal(session.elapsedNow(), 4000);
    assert.equal(session.remainingNow(), 56_000);
    now += 1500;
    assert.equal(session.elapsedNow(), 5500);
    assert.equal(session.remainingNow(), 54_500);
    assert.equal(session.snapshot().remainingMs, 54_500);
    now += 10 * 60_000;
    assert.equal(session.remainingNow(), 0, 'an overrun budget reads 0, not a negative time');
    assert.equal(session.snapshot().remainingMs, 0);

    // A new event resets the clock to the engine's word.
    session.apply(endEvents[0]);
    assert.equal(session.elapsedNow(), 20_000);
    assert.equal(session.remainingNow(), 40_000);

    // Once the run is over, the clock stops.
    session.apply(endEvents[3]);
    now += 5000;
    assert.equal(session.elapsedNow(), 33_000);
    assert.equal(session.remainingNow(), undefined);
  });

  it('shows the finished run whole: folder, final model and ensemble', () => {
    const session = new RunSession({ ...run, runDir: '', name: '' });
    for (const event of [...searchEvents(), ...endEvents]) session.apply(event);
    const updates = listen(session);
    session.finished(run, { ensemble, final, cancelled: false });
    assert.equal(updates.length, 1);
    const [show] = updates;
    assert.equal(show.kind, 'leaderboard/show');
    if (show.kind !== 'leaderboard/show') return;
    assert.deepEqual(show.run, run);
    assert.equal(show.status, 'done');
    assert.equal(show.statusText, 'Done: 3 trials; final model gbdt 0.60 + logistic 0.40');
    assert.deepEqual(show.trials, trials);
    assert.deepEqual(show.final, final);
    assert.deepEqual(show.ensemble, ensemble);
    assert.deepEqual(show.plan, plan(60_000));
    assert.equal(show.elapsedMs, 33_000);
    assert.equal(show.remainingMs, undefined);
    assert.deepEqual(session.run, run);
  });

  it('tells the board the feature decisions before it says the run is done, and keeps them for later views', () => {
    const session = new RunSession(run);
    for (const event of [...searchEvents(), ...endEvents]) session.apply(event);
    assert.equal(session.snapshot().features, undefined, 'not known while the run works');
    const updates = listen(session);
    const features = featuresFixture();
    session.setFeatures(features);
    session.finished(run, { ensemble, final, cancelled: false });
    assert.deepEqual(updates.map((u) => u.kind), ['leaderboard/features', 'leaderboard/show']);
    assert.deepEqual(updates[0], { kind: 'leaderboard/features', features });
    assert.deepEqual(updates[1].kind === 'leaderboard/show' && updates[1].features, features);
    assert.deepEqual(session.snapshot().features, features);

    // A run folder without features.json: null, which the board words as "predates".
    const older = new RunSession(run);
    const olderUpdates = listen(older);
    older.setFeatures(null);
    assert.deepEqual(olderUpdates, [{ kind: 'leaderboard/features', features: null }]);
    assert.equal(older.snapshot().features, null);
  });

  it('marks a cancelled run that kept its trials as cancelled', () => {
    const session = new RunSession(run);
    for (const event of searchEvents()) session.apply(event);
    session.apply({ kind: 'done', model: 'gbdt', score: 0.87, refit: 'allRows', trials: 3, cancelled: true, elapsedMs: 9000 });
    assert.equal(session.status, 'cancelled');
    assert.equal(session.statusText, 'Cancelled after 3 trials; final model gbdt');
    const updates = listen(session);
    session.finished(run, { final: { ...final, members: [{ trialId: 1, weight: 1 }], description: 'gbdt' }, cancelled: true });
    assert.equal(updates.length, 1);
    assert.equal(updates[0].kind === 'leaderboard/show' && updates[0].status, 'cancelled');
    assert.equal(updates[0].kind === 'leaderboard/show' && updates[0].ensemble, undefined);
  });

  it('reports a failed run (and a cancel before any trial finished) as a status', () => {
    for (const status of ['failed', 'cancelled'] as const) {
      const session = new RunSession(run);
      const events = searchEvents();
      session.apply(events[1]);
      const updates = listen(session);
      session.failed(status, status === 'failed' ? 'target column "x" not found' : 'Cancelled before any trial finished; nothing was written.');
      assert.equal(session.status, status);
      assert.equal(session.live, false);
      assert.equal(updates.length, 1);
      const [update] = updates;
      assert.equal(update.kind, 'leaderboard/status');
      if (update.kind !== 'leaderboard/status') return;
      assert.equal(update.status, status);
      assert.equal(update.statusText, session.statusText);
      assert.equal(update.remainingMs, undefined);
      assert.deepEqual(update.plan, plan(60_000));
    }
  });

  it('has no remaining time for a run with only a trial budget', () => {
    const session = new RunSession(run);
    const updates = listen(session);
    for (const event of [...searchEvents(Infinity), endEvents[0]]) session.apply(event);
    assert.equal(session.remainingMs, undefined);
    assert.equal(session.remainingNow(), undefined);
    assert.equal(session.snapshot().remainingMs, undefined);
    for (const update of updates) assert.equal('remainingMs' in update ? update.remainingMs : undefined, undefined, update.kind);
    assert.equal(updates.filter((u) => u.kind === 'leaderboard/trials').length, 3);
  });

  it('stops telling a listener once it unsubscribes', () => {
    const session = new RunSession(run);
    const updates: LeaderboardToView[] = [];
    const unsubscribe = session.subscribe((update) => updates.push(update));
    const events = searchEvents();
    session.apply(events[1]);
    unsubscribe();
    for (const event of events.slice(2)) session.apply(event);
    assert.equal(updates.length, 1);
    assert.equal(session.trials.length, 3);
  });
});

describe('progressLine and clock', () => {
  it('reads minutes and seconds, rounding to the second and never negative', () => {
    assert.equal(clock(0), '0:00');
    assert.equal(clock(999), '0:01');
    assert.equal(clock(59_499), '0:59');
    assert.equal(clock(59_500), '1:00');
    assert.equal(clock(61_000), '1:01');
    assert.equal(clock(3_600_000), '60:00');
    assert.equal(clock(-5000), '0:00');
  });

  it('summarises a live run: trials, best score, elapsed and left', () => {
    const session = new RunSession(run);
    assert.equal(progressLine(session), '0 trials · 0:00 elapsed');
    const events = searchEvents();
    session.apply(events[1]);
    assert.equal(progressLine(session), '0 trials · 0:00 elapsed, 1:00 left');
    session.apply(events[3]);
    session.apply(events[4]);
    assert.equal(progressLine(session), '1 trial · best ROC AUC 0.8200 · 0:02 elapsed, 0:58 left');
    for (const event of events.slice(5)) session.apply(event);
    now += 3000;
    assert.equal(progressLine(session), '3 trials · best ROC AUC 0.8700 · 0:07 elapsed, 0:53 left');
    session.apply(endEvents[1]);
    assert.equal(progressLine(session), 'Refitting the final model on all rows · 3 trials · best ROC AUC 0.8700 · 0:25 elapsed, 0:35 left');
  });

  it('leaves out the time left of a run with only a trial budget', () => {
    const session = new RunSession(run);
    for (const event of searchEvents(Infinity)) session.apply(event);
    assert.equal(progressLine(session), '3 trials · best ROC AUC 0.8700 · 0:04 elapsed');
  });
});

describe('formatSeconds', () => {
  it('reads seconds, minutes and hours', () => {
    assert.equal(formatSeconds(5), '5 s');
    assert.equal(formatSeconds(45), '45 s');
    assert.equal(formatSeconds(60), '1 min');
    assert.equal(formatSeconds(90), '1 min 30 s');
    assert.equal(formatSeconds(300), '5 min');
    assert.equal(formatSeconds(3599), '59 min 59 s');
    assert.equal(formatSeconds(3600), '1 h');
    assert.equal(formatSeconds(3660), '1 h 1 min');
    assert.equal(formatSeconds(5400), '1 h 30 min');
    assert.equal(formatSeconds(7200), '2 h');
  });

  it('rounds to the next hour instead of reading "60 min"', () => {
    assert.equal(formatSeconds(7199), '2 h');
    assert.equal(formatSeconds(3599 + 3600), '2 h');
  });
});

describe('guessTask', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  /** The task guessed on the head's rows, parsed as runOnFile parses them (once, for both guesses). */
  const guessOnHead = (head: Uint8Array, target: string) => {
    let frame;
    try {
      frame = readHeadFrame(head);
    } catch {
      // No rows to read: the peek fails, and nothing is guessed.
      return guessTask(undefined, target);
    }
    return guessTask({ frame }, target);
  };
  const titanic = readFileSync('examples/titanic.csv');
  const iris = [
    'sepal_length,sepal_width,petal_length,petal_width,species',
    '5.1,3.5,1.4,0.2,setosa',
    '4.9,3.0,1.4,0.2,setosa',
    '7.0,3.2,4.7,1.4,versicolor',
    '6.4,3.2,4.5,1.5,versicolor',
    '6.3,3.3,6.0,2.5,virginica',
    '5.8,2.7,5.1,1.9,virginica',
    '',
  ].join('\n');
  const houses = [
    'area,rooms,built,price',
    '84.5,3,1998,312000.50',
    '120.0,4,2005,455250.00',
    '64.2,2,1975,199999.99',
    '150.3,5,2012,610000.00',
    '99.9,3,1989,287500.25',
    '',
  ].join('\n');

  it('reads a yes/no target as binary on the head of a real file', () => {
    // 4 KiB cuts the file in the middle of a row.
    assert.equal(guessOnHead(titanic.subarray(0, 4096), 'survived'), 'binary');
    assert.equal(guessOnHead(bytes('x,churned\n1,no\n2,yes\n3,no\n'), 'churned'), 'binary');
  });

  it('reads three labels as multiclass and decimals as regression', () => {
    assert.equal(guessOnHead(bytes(iris), 'species'), 'multiclass');
    assert.equal(guessOnHead(bytes(houses), 'price'), 'regression');
    assert.equal(guessOnHead(bytes(iris), 'sepal_length'), 'regression');
    assert.equal(guessOnHead(titanic.subarray(0, 4096), 'age'), 'regression');
  });

  it('ignores a last row cut mid-line', () => {
    // Whole, the cut row would add a fourth label "virg" (multiclass) or a truncated number.
    const cut = `${iris}6.5,3.0,5.2,2.0,virg`;
    assert.equal(guessOnHead(bytes(cut), 'species'), 'multiclass');
    const binaryCut = 'x,churned\n1,no\n2,yes\n3,no\n4,ye';
    assert.equal(guessOnHead(bytes(binaryCut), 'churned'), 'binary');
    // A quoted field left open by the cut would swallow the rest of the head.
    const quoteCut = 'name,churned\n"Ann",no\n"Bob",yes\n"Carl, Jr';
    assert.equal(guessOnHead(bytes(quoteCut), 'churned'), 'binary');
  });

  it('cannot tell for an unknown target, one class seen or no rows', () => {
    assert.equal(guessOnHead(bytes(iris), 'colour'), undefined);
    // The first rows of titanic.csv are all first class: an unrepresentative head.
    assert.equal(guessOnHead(titanic.subarray(0, 4096), 'passengerClass'), undefined);
    assert.equal(guessOnHead(bytes('a,b\n'), 'b'), undefined);
    assert.equal(guessOnHead(new Uint8Array(0), 'b'), undefined);
    assert.equal(guessTask(undefined, 'b'), undefined);
  });
});

/** `vscode.Memento` in memory, as the workspace state keeps it (an `undefined` value removes the key). */
class MemoryStore implements StateStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

describe('Exclusions', () => {
  it('adds and removes columns of one file, sorted and without duplicates', async () => {
    const store = new MemoryStore();
    const exclusions = new Exclusions(store);
    assert.deepEqual(exclusions.of('data/titanic.csv'), []);
    assert.deepEqual(await exclusions.toggle('data/titanic.csv', 'name', true), ['name']);
    assert.deepEqual(await exclusions.toggle('data/titanic.csv', 'age', true), ['age', 'name']);
    assert.deepEqual(await exclusions.toggle('data/titanic.csv', 'name', true), ['age', 'name'], 'excluding twice keeps one');
    assert.deepEqual(exclusions.of('data/titanic.csv'), ['age', 'name']);
    assert.deepEqual(await exclusions.toggle('data/titanic.csv', 'age', false), ['name']);
    assert.deepEqual(await exclusions.toggle('data/titanic.csv', 'ticket', false), ['name'], 'restoring a kept column changes nothing');
    assert.deepEqual(await exclusions.toggle('data/titanic.csv', 'name', false), []);
    assert.equal(store.values.size, 0, 'an empty list leaves nothing in the workspace state');
  });

  it('keeps each file\'s list apart', async () => {
    const exclusions = new Exclusions(new MemoryStore());
    await exclusions.set('a.csv', ['z', 'y', 'z']);
    await exclusions.toggle('b.csv', 'x', true);
    assert.deepEqual(exclusions.of('a.csv'), ['y', 'z']);
    assert.deepEqual(exclusions.of('b.csv'), ['x']);
    assert.deepEqual(exclusions.of('c.csv'), []);
    assert.deepEqual(await exclusions.set('a.csv', []), []);
    assert.deepEqual(exclusions.of('a.csv'), []);
    assert.deepEqual(exclusions.of('b.csv'), ['x']);
  });

  it('reads a damaged entry as no exclusions (or only its names)', async () => {
    const store = new MemoryStore();
    const exclusions = new Exclusions(store);
    await store.update('automl.excluded:a.csv', 'name');
    await store.update('automl.excluded:b.csv', ['name', 3, null, 'age']);
    assert.deepEqual(exclusions.of('a.csv'), []);
    assert.deepEqual(exclusions.of('b.csv'), ['age', 'name']);
  });
});

describe('ActiveRuns', () => {
  it('cancels one run or all, and knows the latest', () => {
    const active = new ActiveRuns();
    assert.equal(active.latest(), undefined);
    assert.equal(active.cancel(), 0);
    const first = active.add(new RunSession(run));
    const second = active.add(new RunSession({ ...run, name: 'second' }));
    assert.notEqual(first.id, second.id);
    assert.equal(active.size, 2);
    assert.equal(active.latest(), second);
    assert.equal(active.get(first.id), first);

    assert.equal(active.cancel(first.id), 1);
    assert.equal(first.abort.signal.aborted, true);
    assert.equal(second.abort.signal.aborted, false);
    assert.equal(active.cancel(12345), 0, 'an unknown id cancels nothing');

    const abortFirst = mock.method(first.abort, 'abort');
    assert.equal(active.cancel(), 2, 'both are told');
    assert.equal(second.abort.signal.aborted, true);
    assert.equal(abortFirst.mock.callCount(), 0, 'an aborted run is not aborted again');

    active.remove(second.id);
    assert.equal(active.latest(), first);
    assert.equal(active.size, 1);
    active.remove(first.id);
    assert.equal(active.size, 0);
    assert.equal(active.latest(), undefined);
    const third = active.add(new RunSession(run));
    assert.ok(third.id > second.id, 'ids are never reused');
  });
});
