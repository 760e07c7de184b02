/**
 * The bootstrap standard error a holdout run's reference records as its score's spread, against
 * answers worked out by hand: the bootstrap variance of a mean is the plug-in variance over n.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BOOTSTRAP_ROUNDS, bootstrapStd, MAX_BOOTSTRAP_ROWS, metricBootstrapStd } from '../../../src/engine/monitor/bootstrapStd';
import { referenceMetric } from '../../../src/engine/monitor/buildReference';
import { performanceLimit } from '../../../src/engine/monitor/performanceCheck';
import type { Prediction, Truth } from '../../../src/engine/validate/types';
import { runAutoML } from '../../../src/engine/automl/runAutoML';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile } from '../../publicDatasets';

/** Within `share` of `expected` (200 resamples estimate a standard error to about 5%). */
const near = (actual: number, expected: number, share: number, what: string): void => assert.ok(Math.abs(actual - expected) <= share * expected, `${what}: ${actual} vs ${expected} by hand`);

describe('bootstrap standard error of a holdout score', () => {
  it('is sqrt(0.5) for the MAE of two rows with errors 0 and 2', () => {
    // A resample's MAE is 0, 1 or 2 with probability 1/4, 1/2, 1/4: variance 1/2.
    const truth: Truth = { kind: 'regression', values: Float64Array.from([1, 1]) };
    const prediction: Prediction = { kind: 'regression', values: Float64Array.from([1, 3]) };
    near(metricBootstrapStd('mae', truth, prediction, 7), Math.sqrt(0.5), 0.15, 'MAE of two rows');
  });

  it('is sqrt(p(1 - p) / n) for the accuracy of n rows, p of them right', () => {
    const n = 400;
    const right = 300;
    const truth: Truth = { kind: 'classification', classes: 2, codes: new Int32Array(n) };
    // Class 0 is predicted with probability 0.9 on the first 300 rows, 0.1 on the rest.
    const p0 = Float64Array.from({ length: n }, (_, i) => (i < right ? 0.9 : 0.1));
    const prediction: Prediction = { kind: 'classification', proba: [p0, p0.map((p) => 1 - p)] };
    const p = right / n;
    near(metricBootstrapStd('accuracy', truth, prediction, 3), Math.sqrt((p * (1 - p)) / n), 0.15, 'accuracy of 400 rows');
  });

  it('resamples a large holdout 10,000 rows at a time, scaled back to its size', () => {
    const n = 40_000;
    assert.equal(MAX_BOOTSTRAP_ROWS, 10_000);
    const truth: Truth = { kind: 'classification', classes: 2, codes: new Int32Array(n) };
    const p0 = Float64Array.from({ length: n }, (_, i) => (i % 4 === 3 ? 0.1 : 0.9));
    const prediction: Prediction = { kind: 'classification', proba: [p0, p0.map((p) => 1 - p)] };
    // Three rows in four right: sqrt(0.75 × 0.25 / 40,000) = 0.00217.
    near(metricBootstrapStd('accuracy', truth, prediction, 5), Math.sqrt((0.75 * 0.25) / n), 0.15, 'accuracy of 40,000 rows');
  });

  it('is 0 when every resample scores the same, for one row, and when no resample can be scored', () => {
    const same: Truth = { kind: 'regression', values: Float64Array.from([0, 1, 2, 3]) };
    assert.equal(metricBootstrapStd('mae', same, { kind: 'regression', values: Float64Array.from([1, 2, 3, 4]) }, 1), 0, 'every error 1');
    assert.equal(bootstrapStd(1, () => 1, 1), 0);
    assert.equal(bootstrapStd(50, () => NaN, 1), 0);
  });

  it('is the sample standard deviation of the resampled scores, a seed giving the same draws', () => {
    // The score is the first drawn row: uniform on 0..9, so the figure tends to sqrt(99/12) = 2.87.
    const draws: number[] = [];
    const std = bootstrapStd(10, (rows) => (draws.push(rows[0]), rows[0]), 11);
    assert.equal(draws.length, BOOTSTRAP_ROUNDS);
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    assert.ok(Math.abs(std - Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws.length - 1))) < 1e-12);
    near(std, Math.sqrt(99 / 12), 0.15, 'uniform 0..9');
    assert.equal(bootstrapStd(10, (rows) => rows[0], 11), std);
    assert.notEqual(bootstrapStd(10, (rows) => rows[0], 12), std);
  });

  it('is the spread a holdout reference records; k folds keep their fold spread', () => {
    const truth: Truth = { kind: 'regression', values: Float64Array.from([1, 1]) };
    const oof: Prediction = { kind: 'regression', values: Float64Array.from([1, 3]) };
    const holdout = referenceMetric({ name: 'mae', higherIsBetter: false, score: 1, foldScores: [1] }, { truth, oof, seed: 7 });
    assert.equal(holdout.spread, 'bootstrap');
    assert.equal(holdout.foldStd, metricBootstrapStd('mae', truth, oof, 7));
    const folds = referenceMetric({ name: 'mae', higherIsBetter: false, score: 1, foldScores: [0.5, 1.5] }, { truth, oof, seed: 7 });
    assert.deepEqual([folds.spread, folds.foldStd], ['folds', Math.SQRT1_2]);
    // The alert limit is the nearer of 3 spreads and a 5% drop: with no spread it is the score
    // itself (any drop alerts); with the holdout's standard error it is 3 of them below.
    assert.equal(performanceLimit(0.9, 0, true), 0.9);
    assert.equal(performanceLimit(0.9, 0.005, true), 0.9 - 3 * 0.005);
  });

  it('is recorded by a holdout run of runAutoML (titanic)', async () => {
    const { frame } = await readCsvFile(datasetFile('titanic'));
    const started = performance.now();
    const result = await runAutoML({ target: 'survived', seed: 4, trials: 2, models: ['logistic'], explain: false, validation: { holdout: 0.25 } }, frame);
    const reference = result.reference;
    assert.ok(reference);
    assert.equal(reference.metric.foldScores.length, 1);
    assert.equal(reference.metric.spread, 'bootstrap');
    // AUC on ~330 holdout rows: a standard error of a few hundredths.
    assert.ok(reference.metric.foldStd > 0.005 && reference.metric.foldStd < 0.05, `${reference.metric.foldStd}`);
    console.log(`# titanic holdout (${reference.prediction.rows} rows): AUC ${reference.metric.score.toFixed(4)} ± ${reference.metric.foldStd.toFixed(4)} (bootstrap); run ${(performance.now() - started).toFixed(0)} ms`);
  });
});
