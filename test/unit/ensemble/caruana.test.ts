import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { blend, selectEnsemble } from '../../../src/engine/ensemble/caruana';
import { Rng } from '../../../src/engine/random';
import { accuracy, auc, logLoss, rmse } from '../../../src/engine/validate/metrics';
import type { Metric, Prediction, Truth } from '../../../src/engine/validate/types';

const values = (v: readonly number[]): Prediction => ({ kind: 'regression', values: Float64Array.from(v) });
const valuesTruth = (v: readonly number[]): Truth => ({ kind: 'regression', values: Float64Array.from(v) });
const binary = (p1: readonly number[]): Prediction => ({
  kind: 'classification',
  proba: [Float64Array.from(p1, (p) => 1 - p), Float64Array.from(p1)],
});
const codes = (classes: number, c: readonly number[]): Truth => ({ kind: 'classification', classes, codes: Int32Array.from(c) });
const sum = (w: Float64Array): number => w.reduce((a, b) => a + b, 0);

function close(actual: number, expected: number, tolerance = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);
}

describe('selectEnsemble', () => {
  it('blends two complementary regressors into one better than both', () => {
    // Truth [1, 1]. A = [0, 2] and B = [2, 0] each have errors of 1 (RMSE 1); C = [10, 10] is bad.
    // Start: A (ties with B, lower index). Round 1: A+A -> RMSE 1, A+B -> [1, 1] RMSE 0, A+C -> worse: B.
    // Round 2: sum [2, 2]; +A -> [2, 4]/3, errors ±1/3, RMSE 1/3; +B the same (A wins the tie).
    // Best round 1: weights A 1/2, B 1/2, score 0.
    const members = [values([0, 2]), values([2, 0]), values([10, 10])];
    const result = selectEnsemble(members, valuesTruth([1, 1]), rmse, { rounds: 5 });
    assert.deepEqual(result.bestSingle, { index: 0, score: 1 });
    assert.deepEqual(Array.from(result.weights), [0.5, 0.5, 0]);
    assert.equal(result.score, 0);
    assert.equal(result.history.length, 6);
    assert.equal(result.history[0], 1);
    assert.equal(result.history[1], 0);
    close(result.history[2], 1 / 3);
    assert.ok(result.score < result.bestSingle.score);
  });

  it('keeps a dominant member alone (ties prefer fewer picks)', () => {
    // A is exact (RMSE 0): adding A again keeps 0, anything else is worse; round 0 wins the tie.
    const members = [values([0, 0, 0]), values([1, 2, 3]), values([1, 2, 4])];
    const result = selectEnsemble(members, valuesTruth([1, 2, 3]), rmse);
    assert.deepEqual(result.bestSingle, { index: 1, score: 0 });
    assert.deepEqual(Array.from(result.weights), [0, 1, 0]);
    assert.equal(result.score, 0);
    assert.equal(result.history.length, 51);
    assert.ok(result.history.every((s) => s === 0));
  });

  it('maximises a higher-is-better metric', () => {
    // Truth [0, 0, 1, 1]. A scores [.1, .6, .4, .9]: AUC 3/4 (.4 loses to .6). B scores
    // [.6, .1, .9, .4]: AUC 3/4 (.4 loses to .6). Their mean [.35, .35, .65, .65] separates perfectly.
    const members = [binary([0.1, 0.6, 0.4, 0.9]), binary([0.6, 0.1, 0.9, 0.4])];
    const truth = codes(2, [0, 0, 1, 1]);
    const result = selectEnsemble(members, truth, auc, { rounds: 3 });
    assert.deepEqual(result.bestSingle, { index: 0, score: 0.75 });
    assert.equal(result.score, 1);
    assert.deepEqual(Array.from(result.weights), [0.5, 0.5]);
    // The same choice through a lower-is-better mirror of the metric.
    const negatedAuc: Metric = { ...auc, higherIsBetter: false, score: (t, p, w) => -auc.score(t, p, w) };
    const mirrored = selectEnsemble(members, truth, negatedAuc, { rounds: 3 });
    assert.deepEqual(Array.from(mirrored.weights), [0.5, 0.5]);
    assert.equal(mirrored.score, -1);
  });

  it('minimises a lower-is-better metric on probabilities', () => {
    // Log loss: the confident right member beats the hedging one and stays alone.
    const members = [binary([0.5, 0.5]), binary([0.1, 0.9])];
    const result = selectEnsemble(members, codes(2, [0, 1]), logLoss, { rounds: 4 });
    assert.equal(result.bestSingle.index, 1);
    close(result.score, -Math.log(0.9));
    assert.deepEqual(Array.from(result.weights), [0, 1]);
  });

  it('returns weights summing to 1 whose blend reproduces the score', () => {
    const rng = new Rng(11);
    const rows = 200;
    const y = Float64Array.from({ length: rows }, () => rng.normal() * 3);
    const members = Array.from({ length: 6 }, (_, j) => values(Array.from(y, (v) => v + (j + 1) * 0.5 * rng.normal() + (j - 2) * 0.3)));
    const truth: Truth = { kind: 'regression', values: y };
    const result = selectEnsemble(members, truth, rmse, { rounds: 20 });
    close(sum(result.weights), 1);
    assert.ok(result.weights.every((w) => w >= 0));
    close(rmse.score(truth, blend(members, result.weights)), result.score, 1e-12);
    assert.equal(result.score, Math.min(...result.history));
    assert.ok(result.score <= result.bestSingle.score);
    // Deterministic.
    assert.deepEqual(selectEnsemble(members, truth, rmse, { rounds: 20 }), result);
  });

  it('averages multiclass probabilities and respects accuracy', () => {
    const rng = new Rng(3);
    const rows = 120;
    const truthCodes = Int32Array.from({ length: rows }, () => rng.int(3));
    const member = (noise: number): Prediction => {
      const proba = [new Float64Array(rows), new Float64Array(rows), new Float64Array(rows)];
      for (let i = 0; i < rows; i++) {
        let total = 0;
        for (let c = 0; c < 3; c++) total += proba[c][i] = (c === truthCodes[i] ? 1 : 0) + noise * rng.next();
        for (let c = 0; c < 3; c++) proba[c][i] /= total;
      }
      return { kind: 'classification', proba };
    };
    const members = [member(2), member(2.5), member(3)];
    const truth: Truth = { kind: 'classification', classes: 3, codes: truthCodes };
    const result = selectEnsemble(members, truth, accuracy, { rounds: 10 });
    close(sum(result.weights), 1);
    assert.equal(result.score, Math.max(...result.history));
    assert.ok(result.score >= result.bestSingle.score);
    close(accuracy.score(truth, blend(members, result.weights)), result.score);
  });

  it('passes sample weights to the metric', () => {
    // Truth [1, 1]. A = [1, 5] misses row 1 by 4, B = [3, 1] misses row 0 by 2: B is better unweighted,
    // A when row 1 weighs nothing.
    const members = [values([1, 5]), values([3, 1])];
    assert.equal(selectEnsemble(members, valuesTruth([1, 1]), rmse, { rounds: 0 }).bestSingle.index, 1);
    const weighted = selectEnsemble(members, valuesTruth([1, 1]), rmse, { rounds: 3, weights: Float64Array.of(1, 0) });
    assert.deepEqual(weighted.bestSingle, { index: 0, score: 0 });
    assert.deepEqual(Array.from(weighted.weights), [1, 0]);
  });

  it('keeps the best single member with 0 rounds', () => {
    const result = selectEnsemble([values([0]), values([1])], valuesTruth([1]), rmse, { rounds: 0 });
    assert.deepEqual(result, { weights: Float64Array.of(0, 1), score: 0, bestSingle: { index: 1, score: 0 }, history: [0] });
  });

  it('treats NaN scores as the worst', () => {
    // AUC of a single-class truth is NaN for every blend: the first member is kept.
    const members = [binary([0.2, 0.4]), binary([0.9, 0.1])];
    const result = selectEnsemble(members, codes(2, [1, 1]), auc, { rounds: 2 });
    assert.equal(result.bestSingle.index, 0);
    assert.deepEqual(Array.from(result.weights), [1, 0]);
    assert.ok(Number.isNaN(result.score));
  });

  it('rejects members that cannot be averaged and bad options', () => {
    const truth = valuesTruth([1, 2]);
    assert.throws(() => selectEnsemble([], truth, rmse), /at least one member/);
    assert.throws(() => selectEnsemble([values([1, 2]), values([1])], truth, rmse), /member 1 has 1 rows/);
    assert.throws(() => selectEnsemble([values([1, 2]), binary([0.1, 0.2])], truth, rmse), /member 1 is a classification prediction/);
    assert.throws(() => selectEnsemble([values([1, 2, 3])], truth, rmse), /the truth has 2 rows, the members 3/);
    assert.throws(() => selectEnsemble([binary([0.1, 0.2])], codes(3, [0, 1]), auc), /3 classes, the members 2 probability columns/);
    assert.throws(() => selectEnsemble([values([1, 2])], truth, rmse, { rounds: -1 }), RangeError);
    assert.throws(() => selectEnsemble([values([1, 2])], truth, rmse, { rounds: 1.5 }), RangeError);
  });
});

describe('blend', () => {
  it('averages values with normalised weights', () => {
    // Weights 1 and 3 normalise to 1/4 and 3/4: [1/4 + 9/4, 2/4 + 12/4] = [2.5, 3.5].
    const blended = blend([values([1, 2]), values([3, 4])], Float64Array.of(1, 3));
    assert.equal(blended.kind, 'regression');
    assert.deepEqual(blended.kind === 'regression' ? Array.from(blended.values) : [], [2.5, 3.5]);
  });

  it('averages probabilities, rows still summing to 1', () => {
    const blended = blend([binary([0.2, 0.9]), binary([0.6, 0.5])], Float64Array.of(0.5, 0.5));
    assert.equal(blended.kind, 'classification');
    if (blended.kind !== 'classification') return;
    close(blended.proba[1][0], 0.4);
    close(blended.proba[1][1], 0.7);
    for (let i = 0; i < 2; i++) close(blended.proba[0][i] + blended.proba[1][i], 1);
  });

  it('copies a sole member exactly and ignores zero-weight members', () => {
    const blended = blend([values([0.1, 0.7]), values([5, 5])], Float64Array.of(1, 0));
    assert.deepEqual(blended.kind === 'regression' ? Array.from(blended.values) : [], [0.1, 0.7]);
  });

  it('rejects bad weights', () => {
    const members = [values([1]), values([2])];
    assert.throws(() => blend(members, Float64Array.of(1)), /1 weights for 2 members/);
    assert.throws(() => blend(members, Float64Array.of(1, -1)), /finite and >= 0/);
    assert.throws(() => blend(members, Float64Array.of(0, 0)), /sum to 0/);
  });
});
