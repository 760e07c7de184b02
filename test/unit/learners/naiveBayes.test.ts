import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { naiveBayesLearner, type NaiveBayesModel } from '../../../src/engine/learners/naiveBayes/naiveBayes';
import type { FeatureColumn, FeatureMatrix, Target } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';
import { describeLearner } from './conformance';

describeLearner(naiveBayesLearner, { fastParams: {}, categorical: true });

const ctx = () => ({ rng: new Rng(1) });

function numeric(name: string, values: number[]): FeatureColumn {
  return { kind: 'numeric', name, values: Float64Array.from(values) };
}

function categorical(name: string, codes: number[], levels: number): FeatureColumn {
  return { kind: 'categorical', name, codes: Int32Array.from(codes), levels };
}

function target(codes: number[], classes = 2): Target {
  return { kind: 'classification', classes: Array.from({ length: classes }, (_, c) => `c${c}`), codes: Int32Array.from(codes) };
}

const close = (actual: number, expected: number, tolerance = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} vs ${expected}`);

describe('naiveBayes: hand-computed cases', () => {
  it('Gaussian, two classes, one feature', () => {
    // Class 0: 1, 3 (mean 2, variance 1); class 1: 4, 6, 8 (mean 6, variance 8/3); priors 2/5, 3/5.
    // All values: mean 4.4, variance 5.84, so epsilon = 5.84e-9.
    const x: FeatureMatrix = { rows: 5, columns: [numeric('x', [1, 3, 4, 6, 8])] };
    const model = naiveBayesLearner.fit(x, target([0, 0, 1, 1, 1]), {}, ctx()) as NaiveBayesModel;
    const eps = 5.84e-9;
    const v0 = 1 + eps;
    const v1 = 8 / 3 + eps;
    const jll0 = Math.log(2 / 5) - 0.5 * Math.log(2 * Math.PI * v0) - (4 - 2) ** 2 / (2 * v0);
    const jll1 = Math.log(3 / 5) - 0.5 * Math.log(2 * Math.PI * v1) - (4 - 6) ** 2 / (2 * v1);
    const q: FeatureMatrix = { rows: 1, columns: [numeric('x', [4])] };
    const [a, b] = model.jointLogLikelihood(q);
    close(a[0], jll0);
    close(b[0], jll1);
    const proba = model.predictProba(q);
    close(proba[1][0], 1 / (1 + Math.exp(jll0 - jll1)));
    close(model.predictRaw(q)[0][0], jll1 - jll0);
    assert.equal(model.predict(q)[0], 1);
  });

  it('categorical with add-one smoothing; missing and unseen categories leave the priors', () => {
    // Class 0: a, a, b; class 1: b, b. P(a|0) = 3/5, P(b|0) = 2/5, P(a|1) = 1/4, P(b|1) = 3/4.
    const x: FeatureMatrix = { rows: 5, columns: [categorical('c', [0, 0, 1, 1, 1], 2)] };
    const model = naiveBayesLearner.fit(x, target([0, 0, 0, 1, 1]), {}, ctx()) as NaiveBayesModel;
    const q: FeatureMatrix = { rows: 4, columns: [categorical('c', [0, 1, -1, 5], 6)] };
    const p0 = model.predictProba(q)[0];
    close(p0[0], (3 / 5) * (3 / 5) / ((3 / 5) * (3 / 5) + (2 / 5) * (1 / 4)));
    close(p0[1], (3 / 5) * (2 / 5) / ((3 / 5) * (2 / 5) + (2 / 5) * (3 / 4)));
    close(p0[2], 3 / 5, 1e-15);
    close(p0[3], 3 / 5, 1e-15);
    // alpha = 0.5: P(a|0) = 2.5/4, P(a|1) = 0.5/3.
    const half = naiveBayesLearner.fit(x, target([0, 0, 0, 1, 1]), { alpha: 0.5 }, ctx()) as NaiveBayesModel;
    const [j0, j1] = half.jointLogLikelihood({ rows: 1, columns: [categorical('c', [0], 2)] });
    close(j0[0], Math.log(3 / 5) + Math.log(2.5 / 4));
    close(j1[0], Math.log(2 / 5) + Math.log(0.5 / 3));
  });

  it('ignores missing training values per feature, and a class without any borrows the pooled fit', () => {
    // As the Gaussian case above, with missing values added to both classes.
    const x: FeatureMatrix = { rows: 7, columns: [numeric('x', [1, NaN, 3, 4, 6, 8, NaN])] };
    const model = naiveBayesLearner.fit(x, target([0, 0, 0, 1, 1, 1, 1]), {}, ctx()) as NaiveBayesModel;
    const eps = 5.84e-9;
    const v0 = 1 + eps;
    const [a] = model.jointLogLikelihood({ rows: 1, columns: [numeric('x', [4])] });
    close(a[0], Math.log(3 / 7) - 0.5 * Math.log(2 * Math.PI * v0) - 4 / (2 * v0));

    const y = target([0, 0, 1, 1]);
    const onlyClass1: FeatureMatrix = { rows: 4, columns: [numeric('x', [NaN, NaN, 2, 4]), numeric('z', [0, 1, 0, 1])] };
    const borrowed = naiveBayesLearner.fit(onlyClass1, y, {}, ctx()) as NaiveBayesModel;
    const state = borrowed.toJSON().state as { features: { mean: number[]; variance: number[] }[]; epsilon: number };
    assert.deepEqual(state.features[0].mean, [3, 3]);
    close(state.features[0].variance[0], 1 + state.epsilon);
    const allMissing: FeatureMatrix = { rows: 4, columns: [numeric('x', [NaN, NaN, NaN, NaN]), numeric('z', [0, 1, 0, 1])] };
    const messages: string[] = [];
    const ignored = naiveBayesLearner.fit(allMissing, y, {}, { rng: new Rng(1), log: (m) => messages.push(m) });
    assert.deepEqual(ignored.predictProba?.(allMissing).map((p) => Array.from(p)), [
      [0.5, 0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5, 0.5],
    ]);
    assert.ok(messages.some((m) => /no observed values in x/.test(m)));
  });

  it('weights count like repeated rows', () => {
    const x: FeatureMatrix = { rows: 4, columns: [numeric('x', [1, 2, 5, 7]), categorical('c', [0, 1, 1, 0], 2)] };
    const y = target([0, 0, 1, 1]);
    const weighted = naiveBayesLearner.fit(x, y, {}, { rng: new Rng(1), sampleWeight: Float64Array.from([2, 1, 1, 3]) }) as NaiveBayesModel;
    const repeated: FeatureMatrix = { rows: 7, columns: [numeric('x', [1, 1, 2, 5, 7, 7, 7]), categorical('c', [0, 0, 1, 1, 0, 0, 0], 2)] };
    const plain = naiveBayesLearner.fit(repeated, target([0, 0, 0, 1, 1, 1, 1]), { varSmoothing: 1e-9 }, ctx()) as NaiveBayesModel;
    const q: FeatureMatrix = { rows: 3, columns: [numeric('x', [0, 3, 6]), categorical('c', [1, 0, 1], 2)] };
    // Only epsilon differs (sklearn computes it from unweighted variances), hence the tolerance.
    const a = weighted.predictProba(q);
    const b = plain.predictProba(q);
    for (let c = 0; c < 2; c++) for (let r = 0; r < 3; r++) close(a[c][r], b[c][r], 1e-7);
  });

  it('rejects regression targets, bad parameters and out-of-range codes', () => {
    const x: FeatureMatrix = { rows: 4, columns: [numeric('x', [1, 2, 3, 4])] };
    assert.throws(() => naiveBayesLearner.fit(x, { kind: 'regression', values: Float64Array.from([1, 2, 3, 4]) }, {}, ctx()), TypeError);
    assert.throws(() => naiveBayesLearner.fit(x, target([0, 0, 1, 1]), { alpha: 0 }, ctx()), /parameter 'alpha'/);
    assert.throws(() => naiveBayesLearner.fit(x, target([0, 0, 1, 1]), { varSmoothing: -1 }, ctx()), /parameter 'varSmoothing'/);
    const bad: FeatureMatrix = { rows: 4, columns: [categorical('c', [0, 1, 2, 1], 2)] };
    assert.throws(() => naiveBayesLearner.fit(bad, target([0, 0, 1, 1]), {}, ctx()), /code 2 in row 3/);
  });
});

interface FixtureData {
  readonly rows: number;
  readonly numeric?: number[][];
  readonly categorical?: number[][];
  readonly levels?: number[];
  readonly y?: number[];
  readonly weight?: number[];
}

interface NaiveBayesFixture {
  readonly source: string;
  readonly cases: readonly {
    readonly name: string;
    readonly params: Record<string, number>;
    readonly classes: number;
    readonly train: FixtureData;
    readonly query: FixtureData;
    readonly jll: number[][];
    readonly proba: number[][];
  }[];
}

function fixtureMatrix(data: FixtureData): FeatureMatrix {
  return {
    rows: data.rows,
    columns: [
      ...(data.numeric ?? []).map((values, f) => numeric(`n${f}`, values)),
      ...(data.categorical ?? []).map((codes, f) => categorical(`c${f}`, codes, data.levels?.[f] ?? 0)),
    ],
  };
}

describe('naiveBayes: matches scikit-learn (test/fixtures/naiveBayes, made by make_fixtures.py)', () => {
  const fixture = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/naiveBayes/cases.json'), 'utf8')) as NaiveBayesFixture;
  for (const c of fixture.cases) {
    it(c.name, (t) => {
      const x = fixtureMatrix(c.train);
      const y = target(c.train.y ?? [], c.classes);
      const sampleWeight = c.train.weight ? Float64Array.from(c.train.weight) : undefined;
      const model = naiveBayesLearner.fit(x, y, c.params, { rng: new Rng(1), sampleWeight }) as NaiveBayesModel;
      const q = fixtureMatrix(c.query);
      const jll = model.jointLogLikelihood(q);
      const proba = model.predictProba(q);
      const predicted = model.predict(q);
      let worstProba = 0;
      let worstJll = 0;
      for (let r = 0; r < q.rows; r++) {
        for (let k = 0; k < c.classes; k++) {
          worstProba = Math.max(worstProba, Math.abs(proba[k][r] - c.proba[r][k]));
          worstJll = Math.max(worstJll, Math.abs(jll[k][r] - c.jll[r][k]) / Math.max(1, Math.abs(c.jll[r][k])));
        }
        const best = c.jll[r].indexOf(Math.max(...c.jll[r]));
        assert.equal(predicted[r], best, `class of row ${r}`);
      }
      t.diagnostic(`largest differences: probability ${worstProba}, joint log-likelihood ${worstJll} (relative)`);
      assert.ok(worstProba <= 1e-9, `probabilities differ by ${worstProba}`);
      assert.ok(worstJll <= 1e-9, `joint log-likelihoods differ by ${worstJll} (relative)`);
    });
  }

  it('a missing value at predict time equals a model without that feature', () => {
    const wine = fixture.cases[0];
    const x = fixtureMatrix(wine.train);
    const y = target(wine.train.y ?? [], wine.classes);
    const q = fixtureMatrix(wine.query);
    // Feature 0 (alcohol) does not have the largest variance, so epsilon is the same without it.
    const drop = (m: FeatureMatrix): FeatureMatrix => ({ rows: m.rows, columns: m.columns.slice(1) });
    const without = naiveBayesLearner.fit(drop(x), y, {}, ctx()) as NaiveBayesModel;
    const full = naiveBayesLearner.fit(x, y, {}, ctx()) as NaiveBayesModel;
    const masked: FeatureMatrix = { rows: q.rows, columns: [numeric('n0', new Array<number>(q.rows).fill(NaN)), ...q.columns.slice(1)] };
    const a = full.jointLogLikelihood(masked);
    const b = without.jointLogLikelihood(drop(q));
    for (let k = 0; k < wine.classes; k++) for (let r = 0; r < q.rows; r++) close(a[k][r], b[k][r]);
  });
});
