/** Re-walking only the trees a changed feature reaches gives `predictRaw`'s outputs bit for bit. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { treeRepredictor } from '../../../src/engine/explain/treeRepredict';
import { GbdtModel } from '../../../src/engine/learners/gbdt/gbdt';
import { getLearner } from '../../../src/engine/learners/index';
import type { FeatureColumn, FeatureMatrix, Target } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';
import type { Prediction } from '../../../src/engine/validate/types';

/** Two informative numbers (one with gaps), a category with missing codes and a noise column. */
function matrix(n: number, rng: Rng): FeatureMatrix {
  const columns: FeatureColumn[] = [
    { kind: 'numeric', name: 'a', values: Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : rng.normal())) },
    { kind: 'numeric', name: 'b', values: Float64Array.from({ length: n }, () => rng.normal()) },
    { kind: 'categorical', name: 'g', codes: Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : rng.int(4))), levels: 4 },
    { kind: 'numeric', name: 'noise', values: Float64Array.from({ length: n }, () => rng.next()) },
  ];
  return { rows: n, columns };
}

function signal(x: FeatureMatrix, r: number): number {
  const a = (x.columns[0] as { values: Float64Array }).values[r];
  const b = (x.columns[1] as { values: Float64Array }).values[r];
  const g = (x.columns[2] as { codes: Int32Array }).codes[r];
  return (Number.isNaN(a) ? 0 : a) + 0.5 * b + (g === 1 ? 1 : 0);
}

function targetOf(kind: 'regression' | 'binary' | 'multiclass', x: FeatureMatrix): Target {
  const s = Array.from({ length: x.rows }, (_, r) => signal(x, r));
  if (kind === 'regression') return { kind: 'regression', values: Float64Array.from(s) };
  if (kind === 'binary') return { kind: 'classification', classes: ['0', '1'], codes: Int32Array.from(s, (v) => (v > 0.3 ? 1 : 0)) };
  return { kind: 'classification', classes: ['low', 'mid', 'high'], codes: Int32Array.from(s, (v) => (v < -0.5 ? 0 : v < 0.8 ? 1 : 2)) };
}

/** `x` with feature `j` shuffled by a seeded permutation of the rows. */
function shuffled(x: FeatureMatrix, j: number, rng: Rng): FeatureMatrix {
  const order = rng.shuffle(Uint32Array.from({ length: x.rows }, (_, i) => i));
  const columns = x.columns.map((c, i): FeatureColumn => {
    if (i !== j) return c;
    return c.kind === 'numeric' ? { ...c, values: Float64Array.from(order, (r) => c.values[r]) } : { ...c, codes: Int32Array.from(order, (r) => c.codes[r]) };
  });
  return { rows: x.rows, columns };
}

describe('tree re-prediction of a changed matrix', () => {
  for (const kind of ['regression', 'binary', 'multiclass'] as const) {
    it(`equals the model's full prediction for every permuted feature (${kind})`, () => {
      const rng = new Rng(5);
      const train = matrix(400, rng);
      const model = getLearner('gbdt').fit(train, targetOf(kind, train), { numIterations: 40, numLeaves: 7 }, { rng: new Rng(1) });
      assert.ok(model instanceof GbdtModel);
      const test = matrix(150, rng);
      const repredictor = treeRepredictor(model, test);
      assert.ok(repredictor);
      let skippedSomeTrees = false;
      for (let j = 0; j < test.columns.length; j++) {
        const moved = shuffled(test, j, rng);
        const expected: Prediction = kind === 'regression' ? { kind, values: model.predict(moved) } : { kind: 'classification', proba: model.predictProba(moved) };
        assert.deepEqual(repredictor.predict(moved, [j]), expected, `feature ${test.columns[j].name}`);
        skippedSomeTrees ||= model.trees.some((tree) => !tree.feature.includes(j));
      }
      assert.ok(skippedSomeTrees, 'some trees do not split on some feature, so the shortcut was taken');
    });
  }

  it('declines when keeping every tree output would take too much memory', () => {
    const rng = new Rng(2);
    const train = matrix(300, rng);
    const model = getLearner('gbdt').fit(train, targetOf('multiclass', train), { numIterations: 100 }, { rng: new Rng(1) });
    assert.ok(model instanceof GbdtModel);
    const rows = Math.ceil(4_000_001 / model.trees.length);
    assert.equal(treeRepredictor(model, matrix(rows, rng)), undefined);
  });
});
