import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runAutoML, type RunResult } from '../../src/engine/automl/runAutoML';
import type { RunData } from '../../src/engine/automl/foldData';
import { readCsvBytes } from '../../src/engine/data/csvReader';
import type { Metric } from '../../src/engine/validate/types';
import { shareRunData, TrialPool } from '../../src/node/trialPool';

const frame = readCsvBytes(new Uint8Array(readFileSync('examples/titanic.csv'))).frame;
const workerScript = resolve('dist/trialWorker.js');

describe('trial pool', () => {
  const spec = { target: 'survived', seed: 5, trials: 8, models: ['gbdt', 'logistic', 'knn'], exclude: ['name'] };
  const view = (r: RunResult) => r.leaderboard.map((t) => [t.id, t.learner, t.params, t.status, t.foldScores]);
  const pooled = (workers: number) => (data: RunData, metric: Metric) => Promise.resolve(new TrialPool(data, metric.name, { workers, workerScript }));

  it('gives the same leaderboard in one worker as in this thread', async () => {
    const here = await runAutoML(spec, frame);
    const threaded = await runAutoML(spec, frame, { createExecutor: pooled(1) });
    assert.deepEqual(view(threaded), view(here));
    assert.deepEqual(threaded.pipeline.predict(frame).proba, here.pipeline.predict(frame).proba);
  });

  it('gives the same leaderboard on every run with two workers, however their trials interleave', async () => {
    const first = await runAutoML(spec, frame, { createExecutor: pooled(2) });
    const second = await runAutoML(spec, frame, { createExecutor: pooled(2) });
    assert.deepEqual(view(second), view(first));
  });

  it('shares the data with workers instead of copying it', () => {
    const data = {
      frame,
      rows: Uint32Array.of(0, 1, 2),
      y: { kind: 'regression', values: Float64Array.of(1, 2, 3) },
      truth: { kind: 'regression', values: Float64Array.of(1, 2, 3) },
      folds: [],
      exclude: [],
      drop: [],
      seed: 1,
    } as RunData;
    const shared = shareRunData(data);
    for (const column of shared.frame.columns) {
      const array = column.storage === 'categorical' ? column.codes : column.values;
      assert.ok(array.buffer instanceof SharedArrayBuffer, column.name);
    }
    assert.ok(shared.rows.buffer instanceof SharedArrayBuffer);
    assert.equal(shared.y.kind === 'regression' && shared.y.values.buffer instanceof SharedArrayBuffer, true);
    assert.equal(shared.truth.kind === 'regression' && shared.truth.values, shared.y.kind === 'regression' && shared.y.values, 'truth and target share one array');
  });

  it('fails a task that throws, and keeps serving', async () => {
    const pool = new TrialPool(
      { frame, rows: new Uint32Array(0), y: { kind: 'regression', values: new Float64Array(0) }, truth: { kind: 'regression', values: new Float64Array(0) }, folds: [], exclude: [], drop: [], seed: 1 },
      'rmse',
      { workers: 1, workerScript },
    );
    try {
      const task = { trialId: 0, learner: 'gbdt', params: {}, folds: [0], seeds: [1], timeLimitMs: 10_000 };
      await assert.rejects(pool.evaluate(task), /./, 'no fold 0 in an empty run: the task fails');
      await assert.rejects(pool.evaluate({ ...task, learner: 'noSuchLearner' }), /unknown learner 'noSuchLearner'/);
    } finally {
      await pool.close();
    }
  });
});
