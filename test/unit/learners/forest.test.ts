import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ForestModel, extraTreesLearner, randomForestLearner } from '../../../src/engine/learners/forest/forest';
import { distinctQuantileBounds } from '../../../src/engine/learners/forest/forestBinning';
import type { FeatureMatrix, LearnerSpec, Target } from '../../../src/engine/learners/types';
import type { Params } from '../../../src/engine/search/domain';
import { Rng } from '../../../src/engine/random';
import { describeLearner, syntheticProblem } from './conformance';
import { accuracy, loadDatasetProblem, macroF1, rmse, rocAuc, subsetProblem } from './datasetProblem';

describeLearner(randomForestLearner, { fastParams: { numTrees: 10 }, categorical: true });
describeLearner(extraTreesLearner, { fastParams: { numTrees: 10 }, categorical: true });

const ctx = (seed = 1): { rng: Rng } => ({ rng: new Rng(seed) });

function fitForest(spec: LearnerSpec, x: FeatureMatrix, y: Target, params: Params, seed = 1): ForestModel {
  const model = spec.fit(x, y, params, ctx(seed));
  assert.ok(model instanceof ForestModel);
  return model;
}

function numeric(name: string, values: number[]): FeatureMatrix['columns'][number] {
  return { kind: 'numeric', name, values: Float64Array.from(values) };
}

describe('forests: hand-checked trees', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const x: FeatureMatrix = { rows: 10, columns: [numeric('x', xs)] };
  const y: Target = { kind: 'classification', classes: ['lo', 'hi'], codes: Int32Array.from(xs, (v) => (v > 5 ? 1 : 0)) };

  it('a perfectly separable 1-D problem gives one split halfway between the classes and pure leaves', () => {
    const model = fitForest(randomForestLearner, x, y, { numTrees: 1, bootstrap: false });
    const [tree] = model.trees;
    assert.deepEqual(Array.from(tree.feature), [0]);
    assert.deepEqual(Array.from(tree.threshold), [5.5]);
    assert.deepEqual(Array.from(tree.leafValue), [1, 0, 0, 1]);
    assert.deepEqual(Array.from(tree.leafCount), [5, 5]);
    // Gini decrease times weight: 10 * 0.5 - 0.
    assert.deepEqual(Array.from(tree.gain), [5]);
    const probe: FeatureMatrix = { rows: 4, columns: [numeric('x', [5.4, 5.6, -100, NaN])] };
    assert.deepEqual(Array.from(model.predict(probe)), [0, 1, 0, 0], 'NaN unseen in training follows the larger (here: left) child');
    assert.deepEqual(model.predictProba(probe).map((p) => Array.from(p)), [
      [1, 0, 1, 1],
      [0, 1, 0, 0],
    ]);
    assert.equal(model.oobScore, undefined);
  });

  it('extra trees grow the same problem to pure leaves that predict every training row', () => {
    const model = fitForest(extraTreesLearner, x, y, { numTrees: 5 });
    for (const tree of model.trees) {
      for (let l = 0; l < tree.leafCount.length; l++) {
        const p = [tree.leafValue[2 * l], tree.leafValue[2 * l + 1]];
        assert.ok(p.includes(1) && p.includes(0), `leaf ${l} is pure: ${p.join(',')}`);
      }
    }
    assert.deepEqual(model.predict(x), Float64Array.from(y.codes));
  });

  it('regression leaves hold means; the gain is the decrease in squared error', () => {
    const xr: FeatureMatrix = { rows: 4, columns: [numeric('x', [1, 2, 3, 4])] };
    const yr: Target = { kind: 'regression', values: Float64Array.of(1, 1, 5, 5) };
    const model = fitForest(randomForestLearner, xr, yr, { numTrees: 1, bootstrap: false });
    const [tree] = model.trees;
    assert.deepEqual(Array.from(tree.threshold), [2.5]);
    assert.deepEqual(Array.from(tree.leafValue), [1, 5]);
    assert.deepEqual(Array.from(tree.gain), [16]);
    assert.deepEqual(Array.from(model.predict({ rows: 2, columns: [numeric('x', [0, 9])] })), [1, 5]);
  });

  it('a bootstrap sample weights rows by their draw count, and the forest averages leaf vectors', () => {
    const model = fitForest(randomForestLearner, x, y, { numTrees: 50, maxFeatures: 1 });
    const proba = model.predictProba(x);
    for (let r = 0; r < 10; r++) assert.ok(Math.abs(proba[0][r] + proba[1][r] - 1) < 1e-12);
    // Rows far from the boundary are always classified right, whatever the sample.
    assert.equal(proba[1][0], 0);
    assert.equal(proba[1][9], 1);
    assert.ok(model.oobScore !== undefined && model.oobScore >= 0.8, `oob ${model.oobScore}`);
  });
});

describe('forests: missing values, categories, weights, limits, importance', () => {
  it('learns where missing values go', () => {
    // Class 1 has its value missing; class 0 has values on both sides of any threshold.
    const rows = 200;
    const rng = new Rng(5);
    const codes = Int32Array.from({ length: rows }, (_, i) => i % 2);
    const values = Float64Array.from(codes, (c) => (c === 1 ? NaN : rng.next() * 10));
    const x: FeatureMatrix = { rows, columns: [{ kind: 'numeric', name: 'v', values }] };
    const y: Target = { kind: 'classification', classes: ['a', 'b'], codes };
    for (const spec of [randomForestLearner, extraTreesLearner]) {
      const model = fitForest(spec, x, y, { numTrees: 10 });
      const probe: FeatureMatrix = { rows: 3, columns: [numeric('v', [NaN, 0.5, 9.5])] };
      assert.deepEqual(Array.from(model.predict(probe)), [1, 0, 0], spec.name);
    }
  });

  it('splits a multiclass target on a categorical feature natively', () => {
    const rows = 600;
    const rng = new Rng(9);
    const cat = Int32Array.from({ length: rows }, () => rng.int(6));
    const noise = Float64Array.from({ length: rows }, () => rng.normal());
    const x: FeatureMatrix = {
      rows,
      columns: [
        { kind: 'categorical', name: 'c', codes: cat, levels: 6 },
        { kind: 'numeric', name: 'noise', values: noise },
      ],
    };
    // Categories {0, 3} -> A, {1, 4} -> B, {2, 5} -> C: no ordering of codes separates them.
    const y: Target = { kind: 'classification', classes: ['A', 'B', 'C'], codes: Int32Array.from(cat, (c) => c % 3) };
    const probe: FeatureMatrix = {
      rows: 6,
      columns: [
        { kind: 'categorical', name: 'c', codes: Int32Array.of(0, 1, 2, 3, 4, 5), levels: 6 },
        numeric('noise', [0, 0, 0, 0, 0, 0]),
      ],
    };
    for (const spec of [randomForestLearner, extraTreesLearner]) {
      const model = fitForest(spec, x, y, { numTrees: 20, maxFeatures: 1 });
      assert.deepEqual(Array.from(model.predict(probe)), [0, 1, 2, 0, 1, 2], spec.name);
    }
  });

  it('a sample weight of 2 is the same as a duplicated row', () => {
    const { x, y } = syntheticProblem('binary', 200, 4, true);
    const weight = Float64Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 2 : 1));
    const rows = Array.from({ length: 200 }, (_, i) => i).flatMap((i) => (i % 3 === 0 ? [i, i] : [i]));
    const duplicated = subsetProblem(x, y, rows);
    for (const spec of [randomForestLearner, extraTreesLearner]) {
      const params = { numTrees: 5, bootstrap: false };
      const weighted = spec.fit(x, y, params, { rng: new Rng(3), sampleWeight: weight });
      const copied = spec.fit(duplicated.x, duplicated.y, params, { rng: new Rng(3) });
      assert.deepEqual(weighted.predictProba?.(x), copied.predictProba?.(x), spec.name);
    }
  });

  it('rows of weight 0 do not reach the trees', () => {
    const { x, y } = syntheticProblem('regression', 100, 6, false);
    const values = y.kind === 'regression' ? y.values.slice() : new Float64Array(0);
    values[0] = 1e9;
    const weight = new Float64Array(100).fill(1);
    weight[0] = 0;
    const model = randomForestLearner.fit(x, { kind: 'regression', values }, { numTrees: 5 }, { rng: new Rng(1), sampleWeight: weight });
    assert.ok(Math.max(...model.predict(x)) < 1e6);
  });

  it('respects maxDepth, maxLeafNodes (best-first) and minSamplesLeaf', () => {
    const { x, y } = syntheticProblem('multiclass', 400, 2, true);
    const depth = fitForest(randomForestLearner, x, y, { numTrees: 3, maxDepth: 3 });
    for (const tree of depth.trees) assert.ok(tree.leafCount.length <= 8);
    const leaves = fitForest(extraTreesLearner, x, y, { numTrees: 3, maxLeafNodes: 7 });
    for (const tree of leaves.trees) assert.equal(tree.leafCount.length, 7);
    const minLeaf = fitForest(randomForestLearner, x, y, { numTrees: 3, minSamplesLeaf: 20, bootstrap: false });
    for (const tree of minLeaf.trees) for (const w of tree.leafCount) assert.ok(w >= 20, `leaf of ${w} rows`);
  });

  it('rejects bad maxFeatures values by name', () => {
    const { x, y } = syntheticProblem('binary', 50, 2, false);
    assert.throws(() => randomForestLearner.fit(x, y, { maxFeatures: 'half' }, ctx()), /maxFeatures/);
    assert.throws(() => randomForestLearner.fit(x, y, { maxFeatures: 1.5 }, ctx()), /maxFeatures/);
    assert.throws(() => randomForestLearner.fit(x, y, { maxDepth: 0 }, ctx()), /maxDepth/);
  });

  it('feature importance sums to 1 and ranks the informative features first', () => {
    const { x, y } = syntheticProblem('regression', 500, 3, false);
    for (const spec of [randomForestLearner, extraTreesLearner]) {
      const importance = fitForest(spec, x, y, { numTrees: 20 }).featureImportance();
      assert.equal(importance.length, 3);
      assert.ok(Math.abs(importance.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      // Features: a (weight 1.5), b (weight -1, uniform on [-2, 2]), noise.
      assert.ok(importance[2] < importance[0] && importance[2] < importance[1], `${spec.name}: ${Array.from(importance).join(', ')}`);
    }
  });

  it('bins by distinct values: sparse tails keep their resolution', () => {
    // 300 rows of 0 and one each of 1..300: equal-frequency bins would put the tail in few bins.
    const values = Float64Array.from([...new Array<number>(300).fill(0), ...Array.from({ length: 300 }, (_, i) => i + 1)]).sort();
    const bounds = distinctQuantileBounds(values, 255);
    assert.equal(bounds.length, 255);
    assert.equal(bounds[0], 0.5, 'the heavy value 0 has a bin of its own');
    assert.equal(bounds[254], Infinity);
    const small = distinctQuantileBounds(Float64Array.of(1, 1, 2, 3), 255);
    assert.deepEqual(Array.from(small), [1.5, 2.5, Infinity]);
  });

  it('logs the out-of-bag score', () => {
    const { x, y } = syntheticProblem('binary', 300, 8, true);
    const lines: string[] = [];
    const model = randomForestLearner.fit(x, y, { numTrees: 20 }, { rng: new Rng(2), log: (m) => lines.push(m) }) as ForestModel;
    assert.ok(model.oobScore !== undefined);
    assert.ok(lines.some((l) => /out-of-bag accuracy/.test(l)), lines.join('\n'));
    assert.equal(JSON.parse(JSON.stringify(model.toJSON())).state.oobScore, model.oobScore);
  });
});

interface SklearnModelFigures {
  readonly value: number;
  readonly holdout: Record<string, number>;
  readonly fit_s: number;
  readonly fit_cpu_s: number;
  readonly predict_rows_per_s: number;
  readonly oob_score?: number;
  readonly seed_metrics?: { readonly values: readonly number[]; readonly min: number; readonly max: number };
}
interface SklearnResult {
  readonly name: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly metric: 'roc_auc' | 'macro_f1' | 'rmse';
  readonly train_step: number;
  readonly randomForest: SklearnModelFigures;
  readonly extraTrees: SklearnModelFigures;
}

const fixture = JSON.parse(readFileSync(join(process.cwd(), 'test', 'fixtures', 'forest', 'sklearn_holdout.json'), 'utf8')) as {
  results: SklearnResult[];
};

/** The quality figure of a fitted model on the holdout rows, as the fixture's metric. */
function holdoutFigure(model: ForestModel, x: FeatureMatrix, y: Target, metric: SklearnResult['metric'], positive?: string): number {
  if (y.kind === 'regression') return rmse(y.values, model.predict(x));
  if (metric === 'roc_auc') {
    const k = y.classes.indexOf(positive ?? y.classes[1]);
    return rocAuc(y.codes, model.predictProba(x)[k], k);
  }
  return macroF1(y.codes, model.predict(x), y.classes.length);
}

/**
 * Known answers: scikit-learn 1.2's forests with default parameters, on the fixed holdout split
 * of every public dataset (test/fixtures/forest/make_fixtures.py). Ours, also with defaults and
 * seed 42, must come within 1% of scikit-learn's figure (relative; a better figure always passes)
 * or, where scikit-learn differs from itself by more than that across seeds (small holdouts:
 * iris has 30 test rows, one row is 3.3% of accuracy; seattle_weather's macro-F1 hangs on a few
 * drizzle and snow days), within the range of scikit-learn's own figures for random_state 0-4
 * and 42. The random forest's out-of-bag score must come within 3 points of scikit-learn's: a
 * row counted as out-of-bag for a tree that saw it would inflate it far more; the largest gap,
 * 2.4 points on pima_diabetes, comes from its missing values, which we route natively and
 * scikit-learn imputes with the median (our holdout AUC there is higher too).
 */
describe('forests: holdout quality within 1% of scikit-learn (known answers)', () => {
  const TOLERANCE = 0.01;
  for (const result of fixture.results) {
    for (const spec of [randomForestLearner, extraTreesLearner]) {
      const sk = result[spec.name as 'randomForest' | 'extraTrees'];
      it(`${result.name}: ${spec.name} ${result.metric} vs scikit-learn ${sk.value.toFixed(4)}`, async (t) => {
        const problem = await loadDatasetProblem(result.name);
        const trainRows = problem.train.filter((_, i) => i % result.train_step === 0);
        const train = subsetProblem(problem.x, problem.y, trainRows);
        const test = subsetProblem(problem.x, problem.y, problem.test);
        const started = process.cpuUsage();
        const model = fitForest(spec, train.x, train.y, {}, 42);
        const used = process.cpuUsage(started);
        const fitCpuS = (used.user + used.system) / 1e6;
        const predictStarted = process.cpuUsage();
        const ours = holdoutFigure(model, test.x, test.y, result.metric, problem.entry.positive_class);
        const predictUsed = process.cpuUsage(predictStarted);
        const rowsPerS = test.x.rows / ((predictUsed.user + predictUsed.system) / 1e6);
        const lowerIsBetter = result.metric === 'rmse';
        const worse = lowerIsBetter ? (ours - sk.value) / sk.value : (sk.value - ours) / sk.value;
        const figures = [sk.value, ...(sk.seed_metrics?.values ?? [])];
        const inSeedRange = lowerIsBetter ? ours <= Math.max(...figures) : ours >= Math.min(...figures);
        t.diagnostic(
          `${result.name} ${spec.name}: ours ${ours.toFixed(4)} scikit-learn ${sk.value.toFixed(4)} ` +
            `(${(100 * worse).toFixed(2)}% worse; scikit-learn over seeds ${Math.min(...figures).toFixed(4)}..${Math.max(...figures).toFixed(4)}); ` +
            `fit CPU ${fitCpuS.toFixed(2)} s vs ${sk.fit_cpu_s.toFixed(2)} s; predict ${Math.round(rowsPerS)} rows/s vs ${sk.predict_rows_per_s}` +
            (model.oobScore !== undefined ? `; oob ${model.oobScore.toFixed(4)} vs ${sk.oob_score?.toFixed(4)}` : ''),
        );
        assert.ok(
          worse <= TOLERANCE || inSeedRange,
          `${result.metric} ${ours} is ${(100 * worse).toFixed(2)}% worse than scikit-learn's ${sk.value} and outside its seed range`,
        );
        if (sk.oob_score !== undefined) {
          assert.ok(model.oobScore !== undefined && Math.abs(model.oobScore - sk.oob_score) <= 0.03, `oob ${model.oobScore} vs ${sk.oob_score}`);
        }
      });
    }
  }
});

describe('forests: out-of-bag score', () => {
  it('the out-of-bag accuracy is close to the holdout accuracy (spam)', async () => {
    const spam = await loadDatasetProblem('spam');
    const train = subsetProblem(spam.x, spam.y, spam.train);
    const test = subsetProblem(spam.x, spam.y, spam.test);
    const model = fitForest(randomForestLearner, train.x, train.y, {}, 7);
    const holdout = accuracy((test.y as { codes: Int32Array }).codes, model.predict(test.x));
    assert.ok(model.oobScore !== undefined);
    assert.ok(Math.abs(model.oobScore - holdout) < 0.02, `oob ${model.oobScore} vs holdout ${holdout}`);
  });
});
