/** Permutation importance on a fitted plan's matrix gives exactly the drops of permuting the raw frame. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { planPermutationImportance } from '../../../src/engine/explain/featurePermutation';
import { permutationImportance } from '../../../src/engine/explain/permutationImportance';
import { getLearner } from '../../../src/engine/learners/index';
import type { FeatureMatrix, FittedModel, Target } from '../../../src/engine/learners/types';
import { applyFeaturePlan, fitTransformFeatures, type FeaturePlan } from '../../../src/engine/prep/featurePlan';
import { Rng } from '../../../src/engine/random';
import { getMetric } from '../../../src/engine/validate/metrics';
import type { Prediction, Truth } from '../../../src/engine/validate/types';
import { cat, frameOf, num, range, text } from '../prep/frames';

/** Numbers with gaps, a category with a missing value, free text and a noise column; y follows a, g and the text. */
function problem(n: number, seed: number): { frame: Frame; y: Int32Array } {
  const rng = new Rng(seed);
  const a = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? NaN : rng.normal()));
  const g = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? undefined : ['north', 'south', 'east'][rng.int(3)]));
  const words = Array.from({ length: n }, () => ['late delivery again', 'great service', 'late and broken', 'fine'][rng.int(4)]);
  const noise = Array.from({ length: n }, () => rng.next());
  const y = Int32Array.from({ length: n }, (_, i) => ((Number.isNaN(a[i]) ? 0 : a[i]) + (g[i] === 'north' ? 1 : 0) + (words[i].includes('late') ? -1 : 0.5) + 0.5 * rng.normal() > 0 ? 1 : 0));
  return { frame: frameOf(num('a', a), cat('g', g), text('review', words), num('noise', noise)), y };
}

const columns = ['a', 'g', 'review', 'noise'];

function fitted(learner: string, mode: FeaturePlan['mode']): { plan: FeaturePlan; model: FittedModel; test: Frame; truth: Truth } {
  const { frame, y } = problem(300, 3);
  const train = range(0, 200);
  const target: Target = { kind: 'classification', classes: ['0', '1'], codes: y.subarray(0, 200) };
  const { plan, x } = fitTransformFeatures(frame, { mode, exclude: [], rows: train, target });
  const model = getLearner(learner).fit(x, target, {}, { rng: new Rng(1) });
  const test = selectRows(frame, range(200, 300));
  return { plan, model, test, truth: { kind: 'classification', classes: 2, codes: y.subarray(200) } };
}

const predictionOf = (model: FittedModel, x: FeatureMatrix): Prediction => ({ kind: 'classification', proba: model.predictProba?.(x) as Float64Array[] });

describe('permutation importance on a fitted plan', () => {
  for (const [learner, mode] of [
    ['gbdt', 'native'],
    ['logistic', 'dense'],
  ] as const) {
    it(`gives the raw frame's drops exactly (${learner}, ${mode} plan: one-hot or codes, missing indicators, text buckets)`, () => {
      const { plan, model, test, truth } = fitted(learner, mode);
      const shared = { frame: test, columns, truth, metric: getMetric('auc'), repeats: 3 };
      const onPlan = planPermutationImportance({ ...shared, plan, predict: (x) => predictionOf(model, x), rng: new Rng(9) });
      const onFrame = permutationImportance({ ...shared, predict: (f) => predictionOf(model, applyFeaturePlan(plan, f)), rng: new Rng(9) });
      // Given the model, a tree ensemble re-walks only the trees a permuted column reaches.
      const withModel = planPermutationImportance({ ...shared, plan, model, predict: (x) => predictionOf(model, x), rng: new Rng(9) });
      assert.ok(onPlan);
      assert.deepEqual(onPlan, onFrame);
      assert.deepEqual(withModel, onFrame);
      assert.ok(onPlan.columns.find((c) => c.column === 'a')?.mean ?? 0 > 0, 'the signal column matters');
    });
  }

  it('declines a plan with a feature made of two columns (the caller permutes the frame)', () => {
    const { frame, y } = problem(200, 4);
    const target: Target = { kind: 'classification', classes: ['0', '1'], codes: y };
    const { plan } = fitTransformFeatures(frame, { mode: 'native', exclude: [], target, engineer: [{ kind: 'pair', op: 'difference', a: 'a', b: 'noise' }] });
    assert.ok(plan.features.some((f) => f.kind === 'pair'));
    const model = getLearner('gbdt').fit(applyFeaturePlan(plan, frame), target, {}, { rng: new Rng(1) });
    const result = planPermutationImportance({ frame, columns, truth: { kind: 'classification', classes: 2, codes: y }, metric: getMetric('auc'), repeats: 1, rng: new Rng(1), plan, predict: (x) => predictionOf(model, x) });
    assert.equal(result, undefined);
  });
});
