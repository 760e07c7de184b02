import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { naiveBayesCode } from '../../../src/engine/export/learners/naiveBayesCode';
import { getLearner } from '../../../src/engine/learners/index';
import type { FeatureMatrix, Task } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';
import { compareOutputs, describeReport, fitCase, slotsOf } from './learnerParity';

const CASES: readonly { task: Task; params: Record<string, number> }[] = [
  { task: 'binary', params: {} },
  { task: 'binary', params: { alpha: 0.05, varSmoothing: 1e-3 } },
  { task: 'multiclass', params: {} },
];

/**
 * Edge cases the datasets lack: a feature never observed (ignored), a class without rows (log
 * prior -Infinity), missing values in both kinds, and codes beyond the training levels.
 */
function edgeProblem(rng: Rng): { train: FeatureMatrix; y: { kind: 'classification'; classes: string[]; codes: Int32Array }; queries: FeatureMatrix } {
  const n = 120;
  const num = Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : rng.normal() + (i % 2)));
  const cat = Int32Array.from({ length: n }, (_, i) => (i % 11 === 0 ? -1 : (i * 7) % 3));
  const train: FeatureMatrix = {
    rows: n,
    columns: [
      { kind: 'numeric', name: 'num', values: num },
      { kind: 'numeric', name: 'never', values: new Float64Array(n).fill(NaN) },
      { kind: 'categorical', name: 'cat', codes: cat, levels: 3 },
    ],
  };
  const y = { kind: 'classification' as const, classes: ['a', 'b', 'unused'], codes: Int32Array.from({ length: n }, (_, i) => i % 2) };
  const q = 40;
  const queries: FeatureMatrix = {
    rows: q,
    columns: [
      { kind: 'numeric', name: 'num', values: Float64Array.from({ length: q }, (_, i) => (i % 5 === 0 ? NaN : rng.normal() * 2)) },
      { kind: 'numeric', name: 'never', values: Float64Array.from({ length: q }, (_, i) => i) },
      { kind: 'categorical', name: 'cat', codes: Int32Array.from({ length: q }, (_, i) => (i % 6) - 1), levels: 3 },
    ],
  };
  return { train, y, queries };
}

describe('naive Bayes exporter: parity with the engine on holdout rows', () => {
  it('covers every task the learner does', () => {
    for (const task of getLearner('naiveBayes').tasks) assert.ok(CASES.some((c) => c.task === task), task);
  });

  for (const c of CASES) {
    it(`${c.task} ${JSON.stringify(c.params)}`, async () => {
      const { model, x } = await fitCase(c.task, 'naiveBayes', c.params);
      // The native plan keeps categorical codes and missing values for this learner.
      assert.ok(x.columns.some((col) => col.kind === 'categorical') || c.task === 'multiclass');
      const report = compareOutputs(naiveBayesCode, model, x);
      console.log(describeReport(`naiveBayes ${c.task}`, report));
      assert.ok(report.rows > 30);
      assert.ok(report.maxAbsDiff <= 1e-9, `max |diff| ${report.maxAbsDiff}`);
    });
  }

  it('handles unobserved features, empty classes, missing values and codes beyond the levels as the engine does', () => {
    const rng = new Rng(5);
    const { train, y, queries } = edgeProblem(rng);
    const model = getLearner('naiveBayes').fit(train, y, {}, { rng });
    const report = compareOutputs(naiveBayesCode, model, queries);
    console.log(describeReport('naiveBayes edge cases', report));
    assert.equal(report.inexact, 0);
    assert.ok(model.predictProba?.(queries)[2].every((p) => p === 0), 'the empty class has probability 0');
  });

  it('rejects a plan whose features do not match the model', async () => {
    const { model, x } = await fitCase('multiclass', 'naiveBayes', {});
    const slots = slotsOf(x);
    assert.throws(() => naiveBayesCode(model.toJSON(), 'm0', slots.slice(1)), /expects/);
    assert.throws(() => naiveBayesCode(model.toJSON(), 'm0', [...slots.slice(1), slots[0]]), /expects/);
  });
});
