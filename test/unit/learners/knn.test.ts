import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CancelledError } from '../../../src/engine/errors';
import { knnLearner, type KnnModel } from '../../../src/engine/learners/knn/knn';
import { BruteForceIndex, KdTreeIndex, type Metric } from '../../../src/engine/learners/knn/neighbors';
import type { FeatureMatrix, Target } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';
import { describeLearner } from './conformance';

describeLearner(knnLearner, { fastParams: { k: 7 }, categorical: false });

const ctx = () => ({ rng: new Rng(1) });

/** Column-major features from row-major values. */
function matrix(values: ArrayLike<number>, rows: number, features: number): FeatureMatrix {
  return {
    rows,
    columns: Array.from({ length: features }, (_, f) => ({
      kind: 'numeric' as const,
      name: `x${f}`,
      values: Float64Array.from({ length: rows }, (_, r) => values[r * features + f]),
    })),
  };
}

function classification(codes: number[], classes: number): Target {
  return { kind: 'classification', classes: Array.from({ length: classes }, (_, c) => `c${c}`), codes: Int32Array.from(codes) };
}

describe('knn: hand-computed cases', () => {
  // Training points on a line: 0, 1, 3, 6 with labels a, a, b, b and values 10, 20, 30, 40.
  const train = matrix([0, 1, 3, 6], 4, 1);
  const labels = classification([0, 0, 1, 1], 2);
  const values: Target = { kind: 'regression', values: Float64Array.from([10, 20, 30, 40]) };
  const query = matrix([2.1, 1, 10], 3, 1);

  it('uniform k = 3: votes and means of the 3 nearest', () => {
    // 2.1 → 3 (0.9), 1 (1.1), 0 (2.1); 1 → 1 (0), 0 (1), 3 (2); 10 → 6, 3, 1.
    const model = knnLearner.fit(train, labels, { k: 3 }, ctx());
    const proba = model.predictProba?.(query);
    assert.deepEqual(proba?.map((p) => Array.from(p)), [
      [2 / 3, 2 / 3, 1 / 3],
      [1 / 3, 1 / 3, 2 / 3],
    ]);
    assert.deepEqual(Array.from(model.predict(query)), [0, 0, 1]);
    const reg = knnLearner.fit(train, values, { k: 3 }, ctx());
    assert.deepEqual(Array.from(reg.predict(query)), [20, 20, 30]);
  });

  it('prior pseudo-neighbours vote by the training class shares', () => {
    // Shares (a, b) = (1/2, 1/2); k = 3 and prior 1: λ = 1/4.
    const model = knnLearner.fit(train, labels, { k: 3, prior: 1 }, ctx());
    const proba = model.predictProba?.(query);
    assert.deepEqual(proba?.map((p) => Array.from(p)), [
      [0.75 * (2 / 3) + 0.125, 0.75 * (2 / 3) + 0.125, 0.75 * (1 / 3) + 0.125],
      [0.75 * (1 / 3) + 0.125, 0.75 * (1 / 3) + 0.125, 0.75 * (2 / 3) + 0.125],
    ]);
    // Equal shares move no argmax.
    assert.deepEqual(Array.from(model.predict(query)), [0, 0, 1]);
    // Sample weights set the shares: a weighs 1 + 1, b 3 + 5, so (1/5, 4/5); k = 1 and prior 3: λ = 3/4.
    // b, which the one neighbour does not vote for, is not impossible (here it even wins).
    const weighted = knnLearner.fit(train, labels, { k: 1, prior: 3 }, { ...ctx(), sampleWeight: Float64Array.from([1, 1, 3, 5]) });
    const near = weighted.predictProba?.(matrix([0.2], 1, 1));
    assert.deepEqual(near?.map((p) => p[0]), [0.25 * 1 + 0.75 * (1 / 5), 0.25 * 0 + 0.75 * (4 / 5)]);
  });

  it('prior 0 (the default) is the vote shares alone, bit for bit', () => {
    const plain = knnLearner.fit(train, labels, { k: 3 }, ctx()).predictProba?.(query);
    const zero = knnLearner.fit(train, labels, { k: 3, prior: 0 }, ctx()).predictProba?.(query);
    assert.deepEqual(zero, plain);
    assert.throws(() => knnLearner.fit(train, labels, { k: 3, prior: -1 }, ctx()), /prior/);
  });

  it("'distance' weights: 1/d votes, and an exact match takes all the weight", () => {
    const model = knnLearner.fit(train, values, { k: 3, weights: 'distance' }, ctx());
    const [p0, p1, p2] = Array.from(model.predict(query));
    const w = [1 / 0.9, 1 / 1.1, 1 / 2.1];
    assert.ok(Math.abs(p0 - (w[0] * 30 + w[1] * 20 + w[2] * 10) / (w[0] + w[1] + w[2])) < 1e-12);
    assert.equal(p1, 20, 'the exact match at 1 dominates');
    const w2 = [1 / 4, 1 / 7, 1 / 9];
    assert.ok(Math.abs(p2 - (w2[0] * 40 + w2[1] * 30 + w2[2] * 20) / (w2[0] + w2[1] + w2[2])) < 1e-12);
  });

  it('manhattan distances add absolute differences', () => {
    const x2 = matrix([0, 0, 3, 0, 0, 2.5], 3, 2);
    const y2: Target = { kind: 'regression', values: Float64Array.from([1, 2, 3]) };
    const q = matrix([2, 2], 1, 2);
    // Euclidean: (3,0) is √5 ≈ 2.24 away, (0,2.5) is √4.25 ≈ 2.06: the latter is nearer.
    // Manhattan: (3,0) is 3 away, (0,2.5) is 2.5: the same order; (0,0) is 4 (both farthest).
    const euclid = knnLearner.fit(x2, y2, { k: 1 }, ctx()) as KnnModel;
    assert.deepEqual(Array.from(euclid.neighbors(q).indices), [2]);
    const manhattan = knnLearner.fit(x2, y2, { k: 3, metric: 'manhattan' }, ctx()) as KnnModel;
    const nb = manhattan.neighbors(q);
    assert.deepEqual(Array.from(nb.indices), [2, 1, 0]);
    assert.deepEqual(Array.from(nb.distances), [2.5, 3, 4]);
  });

  it('breaks distance ties by the smaller training index, in both searches', () => {
    // Points at -1 and +1 (and copies) are equally far from 0.
    const x = matrix([1, -1, 1, -1, 5], 5, 1);
    const y: Target = { kind: 'regression', values: Float64Array.from([1, 2, 3, 4, 5]) };
    for (const algorithm of ['kdTree', 'brute']) {
      const model = knnLearner.fit(x, y, { k: 3, algorithm }, ctx()) as KnnModel;
      assert.deepEqual(Array.from(model.neighbors(matrix([0], 1, 1)).indices), [0, 1, 2], algorithm);
    }
  });

  it('clips k to the training rows and logs it', () => {
    const messages: string[] = [];
    const model = knnLearner.fit(train, values, { k: 50 }, { rng: new Rng(1), log: (m) => messages.push(m) });
    assert.deepEqual(Array.from(model.predict(query)), [25, 25, 25]);
    assert.ok(messages.some((m) => /exceeds the 4 training rows/.test(m)));
  });

  it('sample weights multiply votes; rows of weight 0 take no neighbour slot', () => {
    const model = knnLearner.fit(train, labels, { k: 3 }, { rng: new Rng(1), sampleWeight: Float64Array.from([1, 0, 3, 1]) });
    // Query 2.1 without row 1: neighbours 3 (w 3, class 1), 0 (w 1, class 0), 6 (w 1, class 1).
    const proba = model.predictProba?.(matrix([2.1], 1, 1));
    assert.deepEqual(proba?.map((p) => p[0]), [1 / 5, 4 / 5]);
    assert.equal((model as KnnModel).trainingRows, 3);
  });

  it('rejects categorical and missing features, and bad parameters, by name', () => {
    const cat: FeatureMatrix = { rows: 4, columns: [{ kind: 'categorical', name: 'c', codes: Int32Array.from([0, 1, 0, 1]), levels: 2 }] };
    assert.throws(() => knnLearner.fit(cat, labels, {}, ctx()), /knn needs numeric features; 'c' is categorical/);
    const missing = matrix([0, NaN, 3, 6], 4, 1);
    assert.throws(() => knnLearner.fit(missing, labels, {}, ctx()), TypeError);
    assert.throws(() => knnLearner.fit(train, labels, { k: 0 }, ctx()), /parameter 'k'/);
    assert.throws(() => knnLearner.fit(train, labels, { k: 2.5 }, ctx()), /parameter 'k'/);
    assert.throws(() => knnLearner.fit(train, labels, { weights: 'gaussian' }, ctx()), /parameter 'weights'.*'uniform', 'distance'/);
    assert.throws(() => knnLearner.fit(train, labels, { metric: 'cosine' }, ctx()), /parameter 'metric'/);
  });

  it('stops building a large tree promptly when aborted', () => {
    const rng = new Rng(3);
    const rows = 20000;
    const x = matrix(Float64Array.from({ length: rows * 4 }, () => rng.normal()), rows, 4);
    const y: Target = { kind: 'regression', values: new Float64Array(rows) };
    let checks = 0;
    const signal = {
      get aborted(): boolean {
        checks++;
        return checks > 3;
      },
    };
    assert.throws(() => knnLearner.fit(x, y, {}, { rng: new Rng(1), signal }), CancelledError);
  });
});

describe('knn: k-d tree and brute force agree', () => {
  for (const metric of ['euclidean', 'manhattan'] as const) {
    for (const features of [1, 3, 8]) {
      it(`${metric}, ${features} features, with duplicates and ties`, () => {
        const rng = new Rng(features);
        const rows = 2000;
        // Coarse values make many exact ties, which both searches must break the same way.
        const data = Float64Array.from({ length: rows * features }, () => Math.round(rng.normal() * 4) / 4);
        const queries = Float64Array.from({ length: 300 * features }, () => Math.round(rng.normal() * 4) / 4);
        const tree = new KdTreeIndex(data, rows, features, metric);
        const brute = new BruteForceIndex(data, rows, features, metric);
        for (const k of [1, 7, 40]) {
          const a = tree.query(queries, 300, k);
          const b = brute.query(queries, 300, k);
          assert.deepEqual(a.indices, b.indices, `k=${k}`);
          assert.deepEqual(a.distances, b.distances, `k=${k}`);
          // Sorted by (distance, index).
          for (let q = 0; q < 300; q++) {
            for (let j = 1; j < k; j++) {
              const d0 = a.distances[q * k + j - 1];
              const d1 = a.distances[q * k + j];
              assert.ok(d0 < d1 || (d0 === d1 && a.indices[q * k + j - 1] < a.indices[q * k + j]));
            }
          }
        }
      });
    }
  }
});

interface KnnFixture {
  readonly source: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly features: number;
  readonly classes: number;
  readonly train: { readonly rows: number; readonly x: number[]; readonly y: number[] };
  readonly query: { readonly rows: number; readonly x: number[] };
  readonly cases: readonly {
    readonly k: number;
    readonly weights: string;
    readonly metric: Metric;
    readonly ambiguous: readonly number[];
    readonly predict: readonly number[];
    readonly neighbors: readonly (readonly number[])[];
    readonly distances?: readonly (readonly number[])[];
    readonly proba?: readonly (readonly number[])[];
  }[];
}

describe('knn: matches scikit-learn (test/fixtures/knn, made by make_fixtures.py)', () => {
  for (const name of ['breast_cancer', 'wine', 'diabetes']) {
    const fixture = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/knn', `${name}.json`), 'utf8')) as KnnFixture;
    const x = matrix(fixture.train.x, fixture.train.rows, fixture.features);
    const q = matrix(fixture.query.x, fixture.query.rows, fixture.features);
    const y: Target =
      fixture.task === 'regression'
        ? { kind: 'regression', values: Float64Array.from(fixture.train.y) }
        : classification(fixture.train.y, fixture.classes);
    for (const algorithm of ['auto', 'kdTree', 'brute']) {
      it(`${name} (${fixture.task}, ${fixture.features} features), ${algorithm} search: neighbours, predictions and probabilities`, (t) => {
        let worstProba = 0;
        let worstValue = 0;
        let worstDistance = 0;
        for (const c of fixture.cases) {
          const label = `k=${c.k} ${c.weights} ${c.metric}`;
          const model = knnLearner.fit(x, y, { k: c.k, weights: c.weights, metric: c.metric, algorithm }, ctx()) as KnnModel;
          if (algorithm === 'auto') assert.equal(model.algorithm, fixture.features <= 16 ? 'kdTree' : 'brute');
          const skip = new Set(c.ambiguous);
          const nb = model.neighbors(q);
          const predicted = model.predict(q);
          const proba = fixture.task === 'regression' ? undefined : model.predictProba?.(q);
          for (let r = 0; r < q.rows; r++) {
            if (skip.has(r)) continue;
            // Within a neighbour set the order may differ only among equal distances.
            const ours = Array.from(nb.indices.subarray(r * c.k, (r + 1) * c.k)).sort((a, b) => a - b);
            assert.deepEqual(ours, [...c.neighbors[r]].sort((a, b) => a - b), `${label}: neighbours of row ${r}`);
            c.distances?.[r].forEach((d, j) => (worstDistance = Math.max(worstDistance, Math.abs(d - nb.distances[r * c.k + j]))));
            if (fixture.task === 'regression') {
              worstValue = Math.max(worstValue, Math.abs(predicted[r] - c.predict[r]) / Math.max(1, Math.abs(c.predict[r])));
            } else {
              assert.equal(predicted[r], c.predict[r], `${label}: class of row ${r}`);
              c.proba?.[r].forEach((p, k) => (worstProba = Math.max(worstProba, Math.abs(p - (proba?.[k][r] ?? NaN)))));
            }
          }
        }
        t.diagnostic(`largest differences: distance ${worstDistance}, probability ${worstProba}, regression value ${worstValue} (relative)`);
        assert.ok(worstDistance <= 1e-12, `distances differ by ${worstDistance}`);
        assert.ok(worstProba <= 1e-12, `probabilities differ by ${worstProba}`);
        assert.ok(worstValue <= 1e-12, `predictions differ by ${worstValue} (relative)`);
      });
    }
  }
});

describe('knn: the adaptive tree hands hard queries to brute force without changing results', () => {
  it('16 independent features (the tree would scan most rows)', () => {
    const rng = new Rng(5);
    const rows = 3000;
    const d = 16;
    const data = Float64Array.from({ length: rows * d }, () => rng.normal());
    const queries = Float64Array.from({ length: 500 * d }, () => rng.normal());
    const adaptive = new KdTreeIndex(data, rows, d, 'euclidean', undefined, true);
    const brute = new BruteForceIndex(data, rows, d, 'euclidean');
    const a = adaptive.query(queries, 500, 5);
    const b = brute.query(queries, 500, 5);
    assert.deepEqual(a.indices, b.indices);
    assert.deepEqual(a.distances, b.distances);
  });
});
