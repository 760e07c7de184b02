import assert from 'node:assert/strict';
import type { SourceSpec } from '../../src/engine/data/sourceSpec';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { RunEvent } from '../../src/engine/automl/events';
import { CancelledError } from '../../src/engine/errors';
import type { RunExplanations } from '../../src/engine/explain/runExplanations';
import { EngineHost } from '../../src/node/engineHost';
import type { LeaderboardFile } from '../../src/node/runJob';

/**
 * Training runs through the real engine worker, as the extension starts them: the worker and its
 * trial threads bundled the way esbuild.mjs bundles them, a real dataset, a real run folder.
 */
describe('engine worker runs', () => {
  let dir: string;
  let root: string;
  let host: EngineHost;
  let data: SourceSpec;
  let finished: { runDir: string; events: RunEvent[]; maxDelayMs: number; p99DelayMs: number };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-run-test-'));
    await build({
      entryPoints: {
        engineWorker: join(process.cwd(), 'src/worker/engineWorker.ts'),
        trialWorker: join(process.cwd(), 'src/worker/trialWorker.ts'),
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'es2022',
      outdir: dir,
      external: ['@tensorflow/tfjs-node'],
      logLevel: 'warning',
    });
    root = join(dir, 'workspace');
    mkdirSync(root);
    data = { kind: 'csv', path: join(root, 'titanic.csv') };
    copyFileSync(join(process.cwd(), 'examples', 'titanic.csv'), data.path);
    host = new EngineHost({ workerPath: join(dir, 'engineWorker.js') });

    // The extension host's thread only relays events during a run: its event loop stays free.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const events: RunEvent[] = [];
    const outcome = await host.run(
      data,
      { target: 'survived', budgetSeconds: 12, seed: 7, models: ['gbdt', 'logistic', 'randomForest'] },
      { workers: 1, root },
      { onEvent: (event) => events.push(event) },
    );
    delay.disable();
    finished = { runDir: outcome.runDir, events, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6 };
  });
  after(() => {
    host.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams the run events in order and writes the run folder', () => {
    const kinds = finished.events.map((e) => e.kind);
    assert.equal(kinds[0], 'profile');
    assert.ok(kinds.indexOf('started') > 0);
    assert.ok(kinds.filter((k) => k === 'trialCompleted').length >= 3, 'at least three trials finished');
    assert.equal(kinds.at(-1), 'done');
    for (const file of ['spec.json', 'profile.json', 'leaderboard.json', 'model.json', 'explanations.json']) {
      assert.ok(existsSync(join(finished.runDir, file)), `${file} written`);
    }
    assert.ok(finished.runDir.startsWith(join(root, '.automl', 'runs')));
    const board = JSON.parse(readFileSync(join(finished.runDir, 'leaderboard.json'), 'utf8')) as LeaderboardFile;
    const completed = finished.events.filter((e) => e.kind === 'trialCompleted').length;
    assert.equal(board.trials.length, completed);
    assert.ok(board.plan !== undefined && board.plan.task === 'binary');
  });

  it('keeps the host thread responsive while the run works', () => {
    // Printed for the record; the bound only catches work moved onto the host thread by mistake.
    console.log(`event-loop delay during a run: p99 ${finished.p99DelayMs.toFixed(1)} ms, max ${finished.maxDelayMs.toFixed(1)} ms`);
    assert.ok(finished.p99DelayMs < 250, `p99 event-loop delay ${finished.p99DelayMs} ms`);
  });

  it('explains any data row with the final model, matching the saved sample', async () => {
    const saved = JSON.parse(readFileSync(join(finished.runDir, 'explanations.json'), 'utf8')) as RunExplanations;
    const sampleRow = saved.sample.rows[0];
    const [again, other] = await host.explainRows(finished.runDir, [sampleRow, 1308]);
    assert.equal(again.row, sampleRow);
    for (const [o, base] of saved.sample.base.entries()) assert.ok(Math.abs(again.base[o] - base) < 1e-9);
    for (const column of saved.sample.columns) {
      const contribution = again.contributions.find((c) => c.column === column.name);
      assert.ok(contribution !== undefined, column.name);
      assert.equal(contribution.value, column.values[0]);
      assert.ok(Math.abs(contribution.shap[0] - column.shap[0][0]) < 1e-9, `${column.name}: ${contribution.shap[0]} vs ${column.shap[0][0]}`);
    }
    // Additivity on a row outside the sample.
    const sum = other.contributions.reduce((s, c) => s + c.shap[0], other.base[0]);
    assert.ok(Math.abs(sum - other.output[0]) < 1e-6);
    await assert.rejects(host.explainRows(finished.runDir, [5000]), /row 5000 does not exist: the data has rows 0 to 1308/);
  });

  it("explains a trial's configuration on demand and keeps the result", async () => {
    const board = JSON.parse(readFileSync(join(finished.runDir, 'leaderboard.json'), 'utf8')) as LeaderboardFile;
    const trial = board.trials.find((t) => t.status === 'ok' && t.learner === 'logistic') ?? board.trials[0];
    const first = await host.explainTrial(finished.runDir, trial.id);
    assert.match(first.model, new RegExp(`trial ${trial.id}`));
    assert.ok(first.explanations.importance.length > 0);
    assert.ok(existsSync(join(finished.runDir, 'explanations', `trial-${trial.id}.json`)));
    const second = await host.explainTrial(finished.runDir, trial.id);
    assert.deepEqual(second, JSON.parse(JSON.stringify(first)));
    await assert.rejects(host.explainTrial(finished.runDir, 9999), /the run has no trial 9999/);
  });

  it('computes and saves the final explanations of a run that had no time left for them', async () => {
    const copy = `${finished.runDir}-copy`;
    cpSync(finished.runDir, copy, { recursive: true });
    rmSync(join(copy, 'explanations.json'));
    rmSync(join(copy, 'explanations'), { recursive: true, force: true });
    const progress: [string, number][] = [];
    const { explanations, model } = await host.explainFinal(copy, undefined, (step, fraction) => progress.push([step, fraction]));
    assert.ok(explanations.importance.length > 0);
    // Progress came as it went: reading, then SHAP values chunk by chunk, up to the whole.
    assert.equal(progress[0][0], 'read');
    assert.ok(progress.filter(([step]) => step === 'shap').length >= 2, JSON.stringify(progress));
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i][1] >= progress[i - 1][1], JSON.stringify(progress));
    assert.deepEqual(progress[progress.length - 1], ['permutation', 1]);
    assert.equal(model, explanations.model);
    // Without a deadline nothing is cut short, but fold models are gone: no permutation importance.
    assert.equal(explanations.permutation, undefined);
    assert.ok(existsSync(join(copy, 'explanations.json')));
    rmSync(copy, { recursive: true });
  });

  it("stops explaining a trial on Cancel, though the worker's thread is busy, and saves no explanations", async () => {
    const board = JSON.parse(readFileSync(join(finished.runDir, 'leaderboard.json'), 'utf8')) as LeaderboardFile;
    const forest = board.trials.find((t) => t.status === 'ok' && t.learner === 'randomForest');
    assert.ok(forest !== undefined, 'a random forest trial finished');
    const saved = join(finished.runDir, 'explanations', `trial-${forest.id}.json`);
    const controller = new AbortController();
    const steps: string[] = [];
    const cancelled = host.explainTrial(finished.runDir, forest.id, controller.signal, (step) => {
      steps.push(step);
      controller.abort();
    });
    await assert.rejects(cancelled, CancelledError);
    assert.ok(steps.length > 0, 'progress came before the cancel');
    // The next request is answered once the cancelled one has stopped; it saved nothing.
    await host.explainRows(finished.runDir, [0]);
    assert.equal(existsSync(saved), false, 'no explanations saved for the cancelled trial');
    // Asked again, it is computed in full, with its progress, and saved.
    const progress: string[] = [];
    const explained = await host.explainTrial(finished.runDir, forest.id, undefined, (step) => progress.push(step));
    assert.ok(explained.explanations.importance.length > 0);
    assert.ok(progress.includes('shap'), progress.join(', '));
    assert.ok(existsSync(saved));
  });

  it('cancel stops the search within seconds and keeps what finished', async () => {
    const controller = new AbortController();
    let trials = 0;
    let cancelledAt = 0;
    const outcome = await host.run(
      data,
      { target: 'survived', budgetSeconds: 120, seed: 3, models: ['gbdt', 'logistic'] },
      { workers: 1, root },
      {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.kind === 'trialCompleted' && ++trials === 3) {
            cancelledAt = performance.now();
            controller.abort();
          }
        },
      },
    );
    const stopMs = performance.now() - cancelledAt;
    console.log(`cancel to run folder written: ${stopMs.toFixed(0)} ms`);
    assert.equal(outcome.cancelled, true);
    assert.ok(stopMs < 10_000, `stopped ${stopMs} ms after the cancel`);
    const board = JSON.parse(readFileSync(join(outcome.runDir, 'leaderboard.json'), 'utf8')) as LeaderboardFile;
    assert.equal(board.cancelled, true);
    assert.ok(board.trials.filter((t) => t.status === 'ok').length >= 3);
  });

  it('a cancel before any trial finished rejects with CancelledError and writes nothing', async () => {
    const controller = new AbortController();
    const runs = join(root, '.automl', 'runs');
    const before = readdir(runs);
    const promise = host.run(data, { target: 'survived', budgetSeconds: 60, seed: 3 }, { workers: 1, root }, { signal: controller.signal });
    controller.abort();
    await assert.rejects(promise, CancelledError);
    assert.deepEqual(readdir(runs), before);
  });
});

function readdir(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}
