import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { RunEvent } from '../../../src/engine/automl/events';
import { runAutoML } from '../../../src/engine/automl/runAutoML';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import type { Frame } from '../../../src/engine/data/frame';
import { CancelledError } from '../../../src/engine/errors';
import { registerLearner } from '../../../src/engine/learners/registry';
import { gbdtLearner } from '../../../src/engine/learners/gbdt/gbdt';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';

const encoder = new TextEncoder();
const frameOf = (text: string): Frame => readCsvBytes(encoder.encode(text)).frame;
const titanic = (): Frame => readCsvBytes(new Uint8Array(readFileSync('examples/titanic.csv'))).frame;

/** A seeded binary problem: y depends on a, b and the colour, with noise; c is pure noise. */
function syntheticCsv(rows: number, seed: number, leak = false): string {
  const rng = new Rng(seed);
  const lines = [`a,b,c,colour,y${leak ? ',leak' : ''}`];
  for (let i = 0; i < rows; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const colour = ['red', 'green', 'blue'][rng.int(3)];
    const z = 1.5 * a - b + (colour === 'red' ? 1 : 0) + 0.7 * rng.normal();
    const y = z > 0 ? 'yes' : 'no';
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${rng.normal().toFixed(4)},${colour},${y}${leak ? `,${y === 'yes' ? 'Y' : 'N'}` : ''}`);
  }
  return lines.join('\n');
}

/** What must repeat exactly between two runs with the same seed and trial budget. */
function fingerprint(board: readonly { id: number; learner: string; params: object; status: string; score?: number; foldScores: readonly number[] }[]): string {
  return JSON.stringify(board.map((t) => [t.id, t.learner, t.params, t.status, t.score, t.foldScores]));
}

describe('runAutoML', () => {
  it("leaves explanations out when the spec says explain: false, unless the host's option says otherwise", async () => {
    const frame = frameOf(syntheticCsv(200, 3));
    const spec = { target: 'y', seed: 1, trials: 2, models: ['gbdt'], explain: false };
    const events: RunEvent[] = [];
    const quiet = await runAutoML(spec, frame, { onEvent: (e) => events.push(e) });
    assert.equal(quiet.explanations, undefined);
    assert.ok(!events.some((e) => e.kind === 'phase' && e.phase === 'explain'));
    const explained = await runAutoML(spec, frame, { explain: true, explainLimits: { shapRows: 20, permutationRows: 50, permutationRepeats: 1, dependenceColumns: 1, dependenceRows: 20, iceRows: 2, gridPoints: 5 } });
    assert.ok(explained.explanations !== undefined);
  });

  it('validates, ranks and refits within a trial budget, and the same seed reproduces the leaderboard', async () => {
    const frame = frameOf(syntheticCsv(600, 1));
    const spec = { target: 'y', seed: 7, trials: 10, models: ['gbdt', 'logistic', 'knn', 'naiveBayes'] };
    const events: RunEvent[] = [];
    const first = await runAutoML(spec, frame, { onEvent: (e) => events.push(e) });
    const second = await runAutoML(spec, frame);
    assert.equal(first.leaderboard.length, 10);
    assert.equal(fingerprint(first.leaderboard), fingerprint(second.leaderboard));
    assert.equal(first.plan.metric, 'auc');
    assert.equal(first.plan.validation.kind, 'kfold', '600 rows: k-fold');
    // Finished trials come first, best first.
    const scores = first.leaderboard.filter((t) => t.status === 'ok').map((t) => t.score as number);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    assert.ok(scores[0] > 0.85, `a learnable problem scores well (AUC ${scores[0]})`);
    assert.equal(first.final.refit, 'allRows', 'no time limit: the final model is refitted');
    // Events: profile, the feature step (a phase and its log lines), started, then a
    // started/completed pair per trial, then the end phases.
    const kinds = events.map((e) => e.kind).filter((k) => k !== 'log');
    assert.deepEqual(kinds.slice(0, 5), ['profile', 'phase', 'features', 'started', 'phase']);
    assert.equal(events.filter((e) => e.kind === 'trialCompleted').length, 10);
    assert.deepEqual(events.filter((e) => e.kind === 'phase').map((e) => (e as { phase: string }).phase), ['features', 'search', 'ensemble', 'refit', 'explain', 'robustness']);
    const done = events[events.length - 1];
    assert.ok(done.kind === 'done' && done.trials === 10 && done.score === first.final.score && done.model === first.final.description);
    // The saved pipeline predicts the same after a JSON round trip.
    const restored = Pipeline.load(JSON.parse(JSON.stringify(first.pipeline.toJSON())));
    assert.deepEqual(restored.predict(frame).proba, first.pipeline.predict(frame).proba);
  });

  it('keeps the ensemble only when it beats the best single model on the same out-of-fold rows', async () => {
    const result = await runAutoML({ target: 'y', seed: 3, trials: 8, models: ['gbdt', 'logistic', 'knn'] }, frameOf(syntheticCsv(500, 2)));
    assert.ok(result.ensemble, 'several finished models give an ensemble candidate');
    const single = result.leaderboard[0];
    if (result.ensemble.chosen) {
      assert.ok(result.final.members.length >= 2);
      // The final score is the shipped model's: calibrated (cross-fitted) when a calibration was kept.
      if (result.pipeline.calibration === undefined) assert.ok(result.final.score >= result.ensemble.score - 1e-12);
    } else {
      assert.deepEqual(result.final.members, [{ trialId: single.id, weight: 1 }]);
    }
    const weights = result.final.members.reduce((s, m) => s + m.weight, 0);
    assert.ok(Math.abs(weights - 1) < 1e-9, 'member weights sum to 1');
  });

  it('drops a column the profile flags as leaking the target, and says why', async () => {
    const result = await runAutoML({ target: 'y', seed: 1, trials: 2, models: ['gbdt'] }, frameOf(syntheticCsv(400, 3, true)));
    const dropped = result.plan.dropped.find((d) => d.column === 'leak');
    assert.ok(dropped, `leak is dropped (dropped: ${JSON.stringify(result.plan.dropped)})`);
    assert.match(dropped.reason, /leak/);
    for (const m of result.pipeline.members) assert.ok(!m.plan.features.some((f) => f.source === 'leak'));
  });

  it('holds a time budget on a real dataset, refit included', async () => {
    const budgetSeconds = 4;
    const started = performance.now();
    const result = await runAutoML({ target: 'survived', seed: 1, budgetSeconds }, titanic());
    const wall = (performance.now() - started) / 1000;
    // The issue's bar: budget + max(5%, 2 s) on this machine.
    assert.ok(wall <= budgetSeconds + Math.max(0.05 * budgetSeconds, 2), `took ${wall.toFixed(2)} s for a ${budgetSeconds} s budget`);
    assert.ok(result.leaderboard.some((t) => t.status === 'ok'));
  });

  it('records a failing learner on the leaderboard and goes on', async () => {
    registerLearner({
      ...gbdtLearner,
      name: 'failsOnPurpose',
      fit() {
        throw new Error('this learner always fails');
      },
    });
    const result = await runAutoML({ target: 'y', seed: 1, trials: 4, models: ['failsOnPurpose', 'logistic'] }, frameOf(syntheticCsv(300, 4)));
    const failed = result.leaderboard.filter((t) => t.learner === 'failsOnPurpose');
    assert.ok(failed.length > 0 && failed.every((t) => t.status === 'error' && t.error === 'this learner always fails'));
    assert.match(result.final.description, /^logistic( 1\.00)?$/, 'only logistic models are in the final model');
  });

  it('stops when cancelled, keeping what finished', async () => {
    const controller = new AbortController();
    const result = await runAutoML({ target: 'y', seed: 1, trials: 50, models: ['gbdt', 'logistic'] }, frameOf(syntheticCsv(300, 5)), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'trialCompleted' && e.trialsDone === 2) controller.abort();
      },
    });
    assert.ok(result.cancelled);
    assert.equal(result.leaderboard.length, 2);
    assert.equal(result.final.refit, 'foldModels', 'a cancelled run does not spend time refitting');
  });

  it('fails clearly when cancelled before any trial finished', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runAutoML({ target: 'y', seed: 1, trials: 3 }, frameOf(syntheticCsv(100, 6)), { signal: controller.signal }), CancelledError);
  });

  it('names a missing target column', async () => {
    await assert.rejects(runAutoML({ target: 'nope', seed: 1, trials: 1 }, frameOf(syntheticCsv(50, 7))), /nope/);
  });

  it('does regression with RMSE and multiclass with log loss by default', async () => {
    const rng = new Rng(9);
    const lines = ['x1,x2,v,k'];
    for (let i = 0; i < 300; i++) {
      const x1 = rng.normal();
      const x2 = rng.normal();
      lines.push(`${x1},${x2},${(3 * x1 - x2 + 0.1 * rng.normal()).toFixed(5)},${x1 > 0.5 ? 'a' : x2 > 0 ? 'b' : 'c'}`);
    }
    const frame = frameOf(lines.join('\n'));
    const regression = await runAutoML({ target: 'v', seed: 1, trials: 4, models: ['linear', 'gbdt'], exclude: ['k'] }, frame);
    assert.equal(regression.plan.metric, 'rmse');
    assert.ok((regression.leaderboard[0].score as number) < 0.5, 'a nearly linear target is fitted closely');
    const multi = await runAutoML({ target: 'k', seed: 1, trials: 3, models: ['logistic', 'gbdt'], exclude: ['v'] }, frame);
    assert.equal(multi.plan.metric, 'logLoss');
    assert.equal(multi.pipeline.predict(frame).proba?.length, 3);
  });
});

describe('runAutoML validation choices', () => {
  /** Rows in groups of 5 sharing a customer id, with a date per row. */
  function groupedCsv(): string {
    const rng = new Rng(11);
    const lines = ['customer,day,x,y'];
    for (let i = 0; i < 400; i++) {
      const x = rng.normal();
      const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      lines.push(`c${Math.floor(i / 5)},${day},${x.toFixed(4)},${x + 0.5 * rng.normal() > 0 ? 'up' : 'down'}`);
    }
    return lines.join('\n');
  }

  it('validates by group, keeping the group column out of the features', async () => {
    const result = await runAutoML({ target: 'y', seed: 1, trials: 2, models: ['logistic'], validation: { groupColumn: 'customer', folds: 4 } }, frameOf(groupedCsv()));
    assert.deepEqual(result.plan.validation, { kind: 'group', folds: 4, column: 'customer' });
    assert.equal(result.leaderboard[0].foldScores.length, 4);
    for (const m of result.pipeline.members) assert.ok(!m.plan.features.some((f) => f.source === 'customer'));
  });

  it('validates in time order on request, and repeats or holds out as asked', async () => {
    const frame = frameOf(groupedCsv());
    const timed = await runAutoML({ target: 'y', seed: 1, trials: 1, models: ['logistic'], validation: { timeColumn: 'day', folds: 3 } }, frame);
    assert.deepEqual(timed.plan.validation, { kind: 'time', folds: 3, column: 'day' });
    const repeated = await runAutoML({ target: 'y', seed: 1, trials: 1, models: ['logistic'], validation: { folds: 3, repeats: 2 } }, frame);
    assert.equal(repeated.leaderboard[0].foldScores.length, 6);
    const holdout = await runAutoML({ target: 'y', seed: 1, trials: 1, models: ['logistic'], validation: { holdout: 0.25 } }, frame);
    assert.deepEqual(holdout.plan.validation, { kind: 'holdout', testFraction: 0.25, stratified: true });
    assert.equal(holdout.leaderboard[0].foldScores.length, 1);
  });
});

describe('runAutoML leakage handling', () => {
  it('keeps a strong but honest predictor the profile warns about, and says so', async () => {
    const rng = new Rng(21);
    const lines = ['size,noise,price'];
    for (let i = 0; i < 400; i++) {
      const size = rng.next() * 10;
      lines.push(`${size.toFixed(3)},${rng.normal().toFixed(3)},${(100 * size + 60 * rng.normal()).toFixed(1)}`);
    }
    const messages: string[] = [];
    const result = await runAutoML({ target: 'price', seed: 1, trials: 1, models: ['linear'] }, frameOf(lines.join('\n')), {
      onEvent: (e) => {
        if (e.kind === 'log') messages.push(e.message);
      },
    });
    assert.ok(result.profile.warnings.some((w) => w.kind === 'leakage-suspect' && w.column === 'size'), 'the profile warns');
    assert.ok(!result.plan.dropped.some((d) => d.column === 'size'), 'but the run keeps it');
    assert.ok(messages.some((m) => /'size' is strongly associated with the target .* but kept/.test(m)));
  });
});

describe('runAutoML time budgeting', () => {
  it('skips a configuration expected to take far longer than the time left, judged by measured speed', async () => {
    let fits = 0;
    registerLearner({
      ...gbdtLearner,
      name: 'slowOnPurpose',
      // A million times a default GBDT: no budget here could pay for it.
      relativeCost: () => 1e6,
      fit(x, y, params, ctx) {
        fits++;
        return gbdtLearner.fit(x, y, params, ctx);
      },
    });
    const messages: string[] = [];
    // Costs are relative to a default GBDT, so its measured speed prices the others.
    const result = await runAutoML({ target: 'y', seed: 1, budgetSeconds: 4, models: ['logistic', 'gbdt', 'slowOnPurpose'] }, frameOf(syntheticCsv(300, 8)), {
      onEvent: (e) => {
        if (e.kind === 'log') messages.push(e.message);
      },
    });
    assert.equal(fits, 0, 'never fitted');
    assert.ok(messages.some((m) => /^skipped slowOnPurpose .*expected to take about/.test(m)), messages.join('\n'));
    assert.ok(result.leaderboard.every((t) => t.learner !== 'slowOnPurpose'));
  });
});
