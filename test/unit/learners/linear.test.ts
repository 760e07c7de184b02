import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { coordinateDescent } from '../../../src/engine/learners/linear/coordinateDescent';
import { linearLearner } from '../../../src/engine/learners/linear/linear';
import { logisticLearner } from '../../../src/engine/learners/linear/logistic';
import type { LinearModel } from '../../../src/engine/learners/linear/model';
import type { FeatureMatrix, FitContext, LearnerSpec, Target } from '../../../src/engine/learners/types';
import { ParamError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/random';
import type { Params } from '../../../src/engine/search/domain';
import { datasetText } from '../../publicDatasets';
import { describeLearner, syntheticProblem } from './conformance';

describeLearner(logisticLearner, { fastParams: { maxIter: 200 }, categorical: false });
describeLearner(linearLearner, { fastParams: { maxIter: 200 }, categorical: false });

const TIGHT = { tol: 1e-10, maxIter: 100000 };

function fit(spec: LearnerSpec, x: FeatureMatrix, y: Target, params: Params, extra: Partial<FitContext> = {}): LinearModel {
  return spec.fit(x, y, params, { rng: new Rng(1), ...extra }) as LinearModel;
}

function matrix(columns: Record<string, number[] | Float64Array>): FeatureMatrix {
  const entries = Object.entries(columns);
  return {
    rows: entries[0][1].length,
    columns: entries.map(([name, values]) => ({ kind: 'numeric', name, values: Float64Array.from(values) })),
  };
}

function maxAbsDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  assert.equal(a.length, b.length);
  let max = 0;
  a.forEach((row, k) => {
    assert.equal(row.length, b[k].length);
    row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[k][j]))));
  });
  return max;
}

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);
}

// ---------------------------------------------------------------------------------------------
// Known answers from scikit-learn (test/fixtures/linear/make_fixtures.py writes the JSON).

interface FixtureCase {
  readonly name: string;
  readonly learner: 'logistic' | 'linear';
  readonly params: Params;
  readonly estimator: string;
  readonly coef: number[][];
  readonly intercept: number[];
}
interface Fixture {
  readonly dataset: string;
  readonly target: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly rows: number;
  readonly features: string[];
  readonly classes: string[] | null;
  readonly median: number[];
  readonly mean: number[];
  readonly std: number[];
  readonly cases: FixtureCase[];
}

const FIXTURES = resolve(process.cwd(), 'test', 'fixtures', 'linear');

/** One CSV field: surrounding quotes removed (these files quote names, never embed commas). */
function field(raw: string): string {
  const t = raw.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Median of the non-missing values, averaging the middle two as pandas does. */
function median(values: Float64Array): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The fixture's preprocessing, repeated: median imputation, then standardisation with the
 * population standard deviation (StandardScaler). Returns the standardised features and target.
 */
function preparedDataset(fixture: Fixture): { x: FeatureMatrix; y: Target; median: number[]; mean: number[]; std: number[] } {
  const lines = datasetText(fixture.dataset).split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',').map(field);
  const rows = lines.slice(1).map((l) => l.split(',').map(field));
  const targetIndex = header.indexOf(fixture.target);
  const featureIndex = header.map((_, i) => i).filter((i) => i !== targetIndex);
  assert.deepEqual(
    featureIndex.map((i) => header[i]),
    fixture.features,
  );
  const medians: number[] = [];
  const means: number[] = [];
  const stds: number[] = [];
  const columns = featureIndex.map((index, f) => {
    const values = Float64Array.from(rows, (r) => (r[index] === '' ? NaN : Number(r[index])));
    const m = median(values);
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = m;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    medians.push(m);
    means.push(mean);
    stds.push(std);
    return { kind: 'numeric' as const, name: fixture.features[f], values: values.map((v) => (v - mean) / std) };
  });
  const x: FeatureMatrix = { rows: rows.length, columns };
  const labels = rows.map((r) => r[targetIndex]);
  const y: Target = fixture.classes
    ? { kind: 'classification', classes: fixture.classes, codes: Int32Array.from(labels, (l) => (fixture.classes as string[]).indexOf(l)) }
    : { kind: 'regression', values: Float64Array.from(labels, Number) };
  return { x, y, median: medians, mean: means, std: stds };
}

describe('linear learners match scikit-learn (known answers, within 1e-4)', () => {
  for (const dataset of ['breast_cancer_wisc', 'wine', 'concrete']) {
    const fixture: Fixture = JSON.parse(readFileSync(join(FIXTURES, `${dataset}.json`), 'utf8'));
    const data = preparedDataset(fixture);

    it(`${dataset}: the preprocessing is the fixture's (medians, means, stds)`, () => {
      assert.equal(data.x.rows, fixture.rows);
      if (data.y.kind === 'classification') assert.ok(data.y.codes.every((c) => c >= 0), 'every label is a known class');
      assert.ok(maxAbsDiff([data.median], [fixture.median]) === 0, 'medians');
      fixture.mean.forEach((m, j) => close(data.mean[j], m, 1e-10 * (1 + Math.abs(m)), `mean of ${fixture.features[j]}`));
      fixture.std.forEach((s, j) => close(data.std[j], s, 1e-10 * s, `std of ${fixture.features[j]}`));
    });

    for (const c of fixture.cases) {
      it(`${dataset} ${c.name}: ${c.estimator.replace(/\s+/g, ' ')}`, (t) => {
        const spec = c.learner === 'logistic' ? logisticLearner : linearLearner;
        const model = fit(spec, data.x, data.y, c.params);
        const coefDiff = maxAbsDiff(model.coefficients, c.coef);
        const interceptDiff = maxAbsDiff([model.intercepts], [c.intercept]);
        t.diagnostic(`max |coef diff| ${coefDiff.toExponential(2)}, |intercept diff| ${interceptDiff.toExponential(2)}, ${model.state.iterations} iterations`);
        assert.ok(coefDiff <= 1e-4, `coefficients differ by ${coefDiff}`);
        assert.ok(interceptDiff <= 1e-4, `intercepts differ by ${interceptDiff}`);
        // Exact zeros where scikit-learn's L1 solution has them (OWL-QN / soft-thresholding keep them).
        c.coef.forEach((row, k) => row.forEach((v, j) => v === 0 && assert.equal(model.coefficients[k][j], 0, `coef[${k}][${j}] is 0`)));
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Answers worked out by hand.

describe('linear learners: hand-computed answers', () => {
  const x4 = matrix({ x: [0, 1, 2, 3] });
  const y4: Target = { kind: 'regression', values: Float64Array.from([1, 3, 2, 5]) };
  // mean x 1.5, mean y 2.75, sum (x - mx)(y - my) = 5.5, sum (x - mx)^2 = 5, n = 4, std x = sqrt(5/4).

  it('ordinary least squares on four points: y = 1.1 + 1.1 x', () => {
    const model = fit(linearLearner, x4, y4, { penalty: 'none', ...TIGHT });
    close(model.coefficients[0][0], 1.1, 1e-9, 'slope');
    close(model.intercepts[0], 1.1, 1e-9, 'intercept');
    assert.deepEqual(Array.from(model.predict(matrix({ x: [10] }))).map((v) => Math.round(v * 1e9) / 1e9), [12.1]);
  });

  it('ridge shrinks the standardised slope by 1 / (1 + alpha); lasso soft-thresholds it by alpha', () => {
    const s = Math.sqrt(5 / 4);
    const correlation = 5.5 / 4 / s; // (1/n) sum z_i (y_i - my), z = standardised x
    const ridge = fit(linearLearner, x4, y4, { penalty: 'l2', alpha: 0.5, ...TIGHT });
    close(ridge.standardizedCoefficients[0][0], correlation / 1.5, 1e-9, 'ridge slope (standardised)');
    close(ridge.coefficients[0][0], 1.1 / 1.5, 1e-9, 'ridge slope (original)');
    close(ridge.intercepts[0], 2.75 - (1.1 / 1.5) * 1.5, 1e-9, 'ridge intercept');
    const lasso = fit(linearLearner, x4, y4, { penalty: 'l1', alpha: 0.5, ...TIGHT });
    close(lasso.standardizedCoefficients[0][0], correlation - 0.5, 1e-9, 'lasso slope (standardised)');
    close(lasso.standardizedIntercepts[0], 2.75, 1e-9, 'standardised intercept = mean of y');
    const gone = fit(linearLearner, x4, y4, { penalty: 'l1', alpha: correlation + 0.01, ...TIGHT });
    assert.equal(gone.coefficients[0][0], 0);
    close(gone.intercepts[0], 2.75, 1e-12, 'intercept = mean');
  });

  it('unpenalised logistic regression on a 2 x 2 table recovers the log-odds', () => {
    // x = 0: 1 of 3 positive (log-odds -ln 2); x = 1: 2 of 3 positive (log-odds ln 2).
    const x = matrix({ x: [0, 0, 0, 1, 1, 1] });
    const y: Target = { kind: 'classification', classes: ['no', 'yes'], codes: Int32Array.from([0, 0, 1, 0, 1, 1]) };
    const model = fit(logisticLearner, x, y, { penalty: 'none', ...TIGHT });
    close(model.intercepts[0], -Math.LN2, 1e-8, 'intercept');
    close(model.coefficients[0][0], 2 * Math.LN2, 1e-8, 'slope');
    const proba = model.predictProba(matrix({ x: [0, 1] }));
    close(proba[1][0], 1 / 3, 1e-8, 'P(yes | x = 0)');
    close(proba[1][1], 2 / 3, 1e-8, 'P(yes | x = 1)');
  });

  it('unpenalised multinomial regression on a 2 x 3 table recovers centred log-probabilities', () => {
    // x = 0: classes 0,0,1,2 (1/2, 1/4, 1/4); x = 1: classes 0,1,2,2 (1/4, 1/4, 1/2).
    const x = matrix({ x: [0, 0, 0, 0, 1, 1, 1, 1] });
    const y: Target = { kind: 'classification', classes: ['a', 'b', 'c'], codes: Int32Array.from([0, 0, 1, 2, 0, 1, 2, 2]) };
    const model = fit(logisticLearner, x, y, { penalty: 'none', ...TIGHT });
    const centred = (p: number[]): number[] => {
      const logs = p.map(Math.log);
      const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
      return logs.map((v) => v - mean);
    };
    const at0 = centred([1 / 2, 1 / 4, 1 / 4]);
    const at1 = centred([1 / 4, 1 / 4, 1 / 2]);
    for (let k = 0; k < 3; k++) {
      close(model.intercepts[k], at0[k], 1e-7, `intercept ${k}`);
      close(model.coefficients[k][0], at1[k] - at0[k], 1e-7, `coef ${k}`);
    }
  });

  it('a strong L1 penalty zeroes every coefficient exactly; the intercept then fits the base rate', () => {
    const { x, y } = syntheticProblem('binary', 200, 4, false);
    const model = fit(logisticLearner, x, y, { penalty: 'l1', C: 1e-4, ...TIGHT });
    assert.deepEqual(model.coefficients, [[0, 0, 0]]);
    const positives = y.kind === 'classification' ? y.codes.reduce((s, c) => s + c, 0) : 0;
    close(model.intercepts[0], Math.log(positives / (200 - positives)), 1e-8, 'intercept = log-odds of the base rate');
  });
});

// ---------------------------------------------------------------------------------------------
// Invariances.

function withRows(x: FeatureMatrix, y: Target, rows: number[]): { x: FeatureMatrix; y: Target } {
  return {
    x: { rows: rows.length, columns: x.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: Float64Array.from(rows, (r) => c.values[r]) } : c)) },
    y: y.kind === 'regression' ? { kind: 'regression', values: Float64Array.from(rows, (r) => y.values[r]) } : { ...y, codes: Int32Array.from(rows, (r) => y.codes[r]) },
  };
}

const CASES: { spec: LearnerSpec; task: 'binary' | 'multiclass' | 'regression'; params: Params }[] = [
  { spec: logisticLearner, task: 'binary', params: { penalty: 'l2', C: 0.5 } },
  { spec: logisticLearner, task: 'binary', params: { penalty: 'l1', C: 0.05 } },
  { spec: logisticLearner, task: 'multiclass', params: { penalty: 'elasticnet', C: 0.1, l1Ratio: 0.3 } },
  { spec: linearLearner, task: 'regression', params: { penalty: 'l2', alpha: 0.1 } },
  { spec: linearLearner, task: 'regression', params: { penalty: 'elasticnet', alpha: 0.2, l1Ratio: 0.7 } },
  { spec: linearLearner, task: 'regression', params: { penalty: 'none' } },
];

describe('linear learners: sample weights and standardisation', () => {
  for (const { spec, task, params } of CASES) {
    const label = `${spec.name} ${JSON.stringify(params)}`;

    it(`${label}: a weight of 2 is the same as a duplicated row (and weights 0 drop rows)`, () => {
      const { x, y } = syntheticProblem(task, 120, 11, false);
      const weights = new Float64Array(120).fill(1);
      const duplicate: number[] = Array.from({ length: 120 }, (_, i) => i);
      for (let i = 0; i < 120; i += 3) {
        weights[i] = 2;
        duplicate.push(i);
      }
      for (let i = 1; i < 120; i += 7) weights[i] = 0;
      const kept = duplicate.filter((i) => i % 7 !== 1);
      const weighted = fit(spec, x, y, { ...params, ...TIGHT }, { sampleWeight: weights });
      const copied = withRows(x, y, kept);
      const expanded = fit(spec, copied.x, copied.y, { ...params, ...TIGHT });
      assert.ok(maxAbsDiff(weighted.coefficients, expanded.coefficients) < 1e-6, 'coefficients');
      assert.ok(maxAbsDiff([weighted.intercepts], [expanded.intercepts]) < 1e-6, 'intercepts');
      assert.ok(maxAbsDiff([weighted.state.mean, weighted.state.scale], [expanded.state.mean, expanded.state.scale]) < 1e-12, 'standardisation');
    });

    it(`${label}: scaling a feature by 1000 divides its raw coefficient by 1000 and changes nothing else`, () => {
      const { x, y } = syntheticProblem(task, 150, 5, false);
      const a = x.columns[0];
      assert.equal(a.kind, 'numeric');
      const scaled: FeatureMatrix = { rows: x.rows, columns: [{ ...a, values: a.values.map((v) => v * 1000) }, ...x.columns.slice(1)] };
      const base = fit(spec, x, y, { ...params, ...TIGHT });
      const big = fit(spec, scaled, y, { ...params, ...TIGHT });
      base.coefficients.forEach((row, k) => {
        close(big.coefficients[k][0] * 1000, row[0], 1e-7 * (1 + Math.abs(row[0])), `coef of the scaled feature (output ${k})`);
        for (let j = 1; j < row.length; j++) close(big.coefficients[k][j], row[j], 1e-7, `coef ${j} (output ${k})`);
        close(big.intercepts[k], base.intercepts[k], 1e-7, `intercept ${k}`);
      });
      assert.ok(maxAbsDiff(big.standardizedCoefficients, base.standardizedCoefficients) < 1e-7, 'standardised coefficients unchanged');
      const p1 = base.predictRaw(x);
      const p2 = big.predictRaw(scaled);
      p1.forEach((out, k) => out.forEach((v, r) => close(p2[k][r], v, 1e-7, 'prediction')));
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Solver details, arguments and reporting.

describe('linear learners: solvers, arguments and reporting', () => {
  it('coordinate descent gives the same answer from the Gram matrix and from residuals', () => {
    const rng = new Rng(3);
    const n = 60;
    const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.normal()));
    const target = Float64Array.from({ length: n }, (_, i) => columns[0][i] - 2 * columns[3][i] + 0.1 * rng.normal());
    const weights = new Float64Array(n).fill(1 / n);
    const problem = { columns, target, weights, l1: 0.05, l2: 0.02 };
    const gram = coordinateDescent(problem, { maxIter: 10000, tol: 1e-12, gram: true });
    const residual = coordinateDescent(problem, { maxIter: 10000, tol: 1e-12, gram: false });
    assert.ok(gram.converged && residual.converged);
    assert.ok(maxAbsDiff([Array.from(gram.coef)], [Array.from(residual.coef)]) < 1e-10);
  });

  it('more features than rows: a ridge fit interpolates sensibly (residual path)', () => {
    const rng = new Rng(8);
    const cols: Record<string, Float64Array> = {};
    for (let j = 0; j < 12; j++) cols[`f${j}`] = Float64Array.from({ length: 6 }, () => rng.normal());
    const x = matrix(cols);
    const y: Target = { kind: 'regression', values: Float64Array.from({ length: 6 }, (_, i) => cols.f0[i] * 2 + 1) };
    const model = fit(linearLearner, x, y, { penalty: 'l2', alpha: 1e-6, ...TIGHT });
    model.predict(x).forEach((v, i) => close(v, y.kind === 'regression' ? y.values[i] : NaN, 1e-3, `row ${i}`));
  });

  it('a constant column gets a coefficient of exactly 0', () => {
    const { x, y } = syntheticProblem('regression', 100, 2, false);
    const constant: FeatureMatrix = { rows: x.rows, columns: [...x.columns, { kind: 'numeric', name: 'k', values: new Float64Array(100).fill(3.7) }] };
    for (const penalty of ['none', 'l2', 'l1']) {
      assert.equal(fit(linearLearner, constant, y, { penalty }).coefficients[0][3], 0, penalty);
    }
    const yc = syntheticProblem('multiclass', 100, 2, false).y;
    fit(logisticLearner, constant, yc, {}).coefficients.forEach((row) => assert.equal(row[3], 0));
  });

  it('rejects categorical and missing features, the wrong target kind and bad parameters', () => {
    const { x, y } = syntheticProblem('binary', 50, 1, true);
    assert.throws(() => fit(logisticLearner, x, y, {}), (e: unknown) => e instanceof TypeError && /categorical/.test(e.message));
    const numeric: FeatureMatrix = { rows: 50, columns: x.columns.slice(0, 3) };
    const missing: FeatureMatrix = { rows: 50, columns: [...numeric.columns.slice(0, 2), { kind: 'numeric', name: 'noise', values: new Float64Array(50).fill(NaN) }] };
    assert.throws(() => fit(logisticLearner, missing, y, {}), (e: unknown) => e instanceof TypeError && /missing/.test(e.message));
    const regression = syntheticProblem('regression', 50, 1, false).y;
    assert.throws(() => fit(logisticLearner, numeric, regression, {}), TypeError);
    assert.throws(() => fit(linearLearner, numeric, y, {}), TypeError);
    assert.throws(() => fit(logisticLearner, numeric, y, { penalty: 'l3' }), (e: unknown) => e instanceof ParamError && /penalty/.test(e.message));
    assert.throws(() => fit(logisticLearner, numeric, y, { C: 0 }), (e: unknown) => e instanceof ParamError && /'C'/.test(e.message));
    assert.throws(() => fit(logisticLearner, numeric, y, { l1Ratio: 1.5 }), (e: unknown) => e instanceof ParamError && /l1Ratio/.test(e.message));
    assert.throws(() => fit(linearLearner, numeric, regression, { alpha: -1 }), (e: unknown) => e instanceof ParamError && /alpha/.test(e.message));
    assert.throws(() => fit(linearLearner, numeric, regression, { maxIter: 2.5 }), (e: unknown) => e instanceof ParamError && /maxIter/.test(e.message));
    const model = fit(logisticLearner, numeric, y, {});
    assert.throws(() => model.predict(missing), TypeError);
    assert.throws(() => model.predict(x), RangeError, 'a fourth feature the model does not know');
  });

  it('reports progress (non-decreasing, ending at 1) and logs when it stops short of the tolerance', () => {
    for (const [spec, task] of [
      [logisticLearner, 'multiclass'],
      [linearLearner, 'regression'],
    ] as const) {
      const { x, y } = syntheticProblem(task, 200, 9, false);
      const progress: number[] = [];
      const log: string[] = [];
      const model = fit(spec, x, y, { maxIter: 2, tol: 1e-12, penalty: 'l1' }, { onProgress: (f) => progress.push(f), log: (m) => log.push(m) });
      assert.equal(model.state.converged, false);
      assert.ok(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1])), `progress ${progress.join(', ')}`);
      assert.equal(progress[progress.length - 1], 1);
      assert.equal(log.length, 1);
      assert.match(log[0], new RegExp(`^${spec.name}: .*maxIter`));
    }
  });

  it('binary margins are the log-odds of the second class; multiclass gives one margin per class', () => {
    const binary = syntheticProblem('binary', 100, 3, false);
    const b = fit(logisticLearner, binary.x, binary.y, {});
    const raw = b.predictRaw(binary.x);
    assert.equal(raw.length, 1);
    const proba = b.predictProba(binary.x);
    raw[0].forEach((z, r) => close(proba[1][r], 1 / (1 + Math.exp(-z)), 1e-12, 'sigmoid of the margin'));
    const multi = syntheticProblem('multiclass', 100, 3, false);
    const m = fit(logisticLearner, multi.x, multi.y, {});
    assert.equal(m.predictRaw(multi.x).length, 3);
    assert.equal(m.coefficients.length, 3);
    close(
      m.standardizedIntercepts.reduce((s, v) => s + v, 0),
      0,
      1e-9,
      'standardised intercepts sum to 0 (softmax scores are centred, as scikit-learn leaves them)',
    );
  });

  it('search spaces keep defaults in range and linear models are cheap next to GBDT', () => {
    const shape = { rows: 1000, features: 10, categoricalFeatures: 0, classes: 2 };
    assert.ok(logisticLearner.relativeCost(logisticLearner.defaults, shape) <= 0.1);
    assert.ok(linearLearner.relativeCost(linearLearner.defaults, { ...shape, classes: 1 }) <= 0.1);
    assert.equal(logisticLearner.searchSpace(shape, 'binary').C.init, 1);
  });
});
