import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { knnCode } from '../../../src/engine/export/learners/knnCode';
import { getLearner } from '../../../src/engine/learners/index';
import type { FeatureMatrix, Task } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';
import { compareOutputs, describeReport, fitCase, splitFrames, TASK_DATASETS } from './learnerParity';

/** Every task, both weightings and both metrics, and training rows with sample weights (some 0). */
const CASES: readonly { task: Task; params: Record<string, number | string>; weighted?: boolean }[] = [
  { task: 'binary', params: {} },
  { task: 'binary', params: { k: 9, weights: 'distance', metric: 'manhattan' }, weighted: true },
  { task: 'multiclass', params: { k: 7, weights: 'distance', metric: 'manhattan' } },
  { task: 'multiclass', params: { k: 5, prior: 1.5 }, weighted: true },
  { task: 'binary', params: { k: 3, weights: 'distance', prior: 0.5 } },
  { task: 'regression', params: { k: 10, weights: 'distance' } },
  { task: 'regression', params: { k: 4 }, weighted: true },
];

/** Row weights with zeros (rows the model drops) and non-unit values. */
function sampleWeights(rows: number): Float64Array {
  return Float64Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? 0 : 1 + (i % 3) * 0.5));
}

/** 2-D points on a small integer grid (many duplicates) and queries on the half grid: many exact ties. */
function gridProblem(rows: number, rng: Rng): FeatureMatrix {
  const a = Float64Array.from({ length: rows }, () => Math.floor(rng.next() * 5));
  const b = Float64Array.from({ length: rows }, () => Math.floor(rng.next() * 5));
  return { rows, columns: [{ kind: 'numeric', name: 'a', values: a }, { kind: 'numeric', name: 'b', values: b }] };
}

/** Queries whose k-th and (k+1)-th nearest training rows are at the same distance (the tie decides). */
function tiedQueries(train: FeatureMatrix, queries: FeatureMatrix, k: number): number {
  const [ta, tb] = train.columns.map((c) => (c.kind === 'numeric' ? c.values : new Float64Array()));
  const [qa, qb] = queries.columns.map((c) => (c.kind === 'numeric' ? c.values : new Float64Array()));
  let tied = 0;
  for (let q = 0; q < queries.rows; q++) {
    const d = Array.from(ta, (_, t) => (ta[t] - qa[q]) ** 2 + (tb[t] - qb[q]) ** 2).sort((x, y) => x - y);
    if (d[k - 1] === d[k]) tied++;
  }
  return tied;
}

describe('knn exporter: parity with the engine on holdout rows', () => {
  it('covers every task the learner does', () => {
    for (const task of getLearner('knn').tasks) assert.ok(CASES.some((c) => c.task === task), task);
  });

  for (const c of CASES) {
    it(`${c.task} ${JSON.stringify(c.params)}${c.weighted ? ' with sample weights' : ''}`, async () => {
      const { train } = await splitFrames(TASK_DATASETS[c.task].dataset);
      const ctx = c.weighted ? { sampleWeight: sampleWeights(train.rowCount) } : {};
      const { model, x } = await fitCase(c.task, 'knn', c.params, ctx);
      const state = model.toJSON().state as { weights?: number[] };
      assert.equal(state.weights !== undefined, c.weighted === true);
      const report = compareOutputs(knnCode, model, x);
      console.log(describeReport(`knn ${c.task}`, report));
      assert.ok(report.rows > 30);
      assert.ok(report.maxAbsDiff <= 1e-9, `max |diff| ${report.maxAbsDiff}`);
    });
  }

  for (const algorithm of ['kdTree', 'brute']) {
    for (const weights of ['uniform', 'distance']) {
      it(`breaks distance ties as the engine's ${algorithm} search does (${weights} weights)`, () => {
        const rng = new Rng(3);
        const train = gridProblem(300, rng);
        // Distinct targets: choosing a different one of several tied rows changes the mean.
        const y = { kind: 'regression' as const, values: Float64Array.from({ length: train.rows }, (_, i) => i * 1.25 + 0.1) };
        const model = getLearner('knn').fit(train, y, { k: 6, algorithm, weights }, { rng });
        const queries = gridProblem(150, rng);
        for (const c of queries.columns) if (c.kind === 'numeric') c.values.forEach((v, i) => (c.values[i] = v + (i % 2) * 0.5));
        assert.ok(tiedQueries(train, queries, 6) > 50, 'the queries should hit ties at the k-th neighbour');
        const report = compareOutputs(knnCode, model, queries);
        console.log(describeReport(`knn ties ${algorithm} ${weights}`, report));
        assert.equal(report.inexact, 0);
      });
    }
  }
});
