/** Naive Bayes SHAP values equal the exact Shapley values (KernelSHAP over every coalition). */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { kernelShap } from '../../../src/engine/explain/kernelShap';
import { naiveBayesShap } from '../../../src/engine/explain/naiveBayesShap';
import { reconstructed } from '../../../src/engine/explain/shapTypes';
import { getLearner } from '../../../src/engine/learners/index';
import { NaiveBayesModel } from '../../../src/engine/learners/naiveBayes/naiveBayes';
import type { FeatureMatrix } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';

/** Two numbers (one with gaps) and two categories (one with missing codes). */
function matrix(n: number, rng: Rng): FeatureMatrix {
  return {
    rows: n,
    columns: [
      { kind: 'numeric', name: 'a', values: Float64Array.from({ length: n }, (_, i) => (i % 6 === 0 ? NaN : rng.normal())) },
      { kind: 'numeric', name: 'b', values: Float64Array.from({ length: n }, () => 2 * rng.next()) },
      { kind: 'categorical', name: 'g', codes: Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -1 : rng.int(3))), levels: 3 },
      { kind: 'categorical', name: 'h', codes: Int32Array.from({ length: n }, () => rng.int(2)), levels: 2 },
    ],
  };
}

describe('naive Bayes SHAP values', () => {
  for (const classes of [2, 3]) {
    it(`are the exact Shapley values, missing values included (${classes} classes)`, () => {
      const rng = new Rng(11);
      const train = matrix(300, rng);
      const a = (train.columns[0] as { values: Float64Array }).values;
      const g = (train.columns[2] as { codes: Int32Array }).codes;
      const codes = Int32Array.from({ length: 300 }, (_, r) => ((Number.isNaN(a[r]) ? 0 : a[r]) + (g[r] === 1 ? 1 : 0) + rng.normal() > 0.5 ? 1 : 0) + (classes === 3 && r % 4 === 0 ? 1 : 0));
      const model = getLearner('naiveBayes').fit(train, { kind: 'classification', classes: classes === 2 ? ['0', '1'] : ['0', '1', '2'], codes }, {}, { rng: new Rng(1) });
      assert.ok(model instanceof NaiveBayesModel);
      const x = matrix(12, rng);
      const bg = matrix(6, rng);
      const background = { data: bg, weights: Float64Array.of(0.1, 0.2, 0.3, 0.1, 0.2, 0.1) };
      const shap = naiveBayesShap(model, x, background);
      const exact = kernelShap((m) => model.predictRaw(m), x, background, { rng: new Rng(2), samples: 64 });
      assert.equal(shap.values.length, classes === 2 ? 1 : 3);
      for (let o = 0; o < shap.values.length; o++) {
        assert.ok(Math.abs(shap.base[o] - exact.base[o]) < 1e-10, 'base');
        for (let k = 0; k < shap.values[o].length; k++) assert.ok(Math.abs(shap.values[o][k] - exact.values[o][k]) < 1e-9, `output ${o}, value ${k}: ${shap.values[o][k]} vs ${exact.values[o][k]}`);
        for (let r = 0; r < x.rows; r++) assert.ok(Math.abs(reconstructed(shap, o, r) - shap.output[o][r]) < 1e-9, `row ${r} adds up`);
      }
    });
  }
});
