import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { calibrationSummary } from '../../../src/engine/robustness/calibrationSummary';
import { brierScore, curveInputs, reliabilityCurve } from '../../../src/engine/robustness/reliability';
import type { Prediction, Truth } from '../../../src/engine/validate/types';

const close = (actual: number, expected: number, tolerance = 1e-12): void => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

const P = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 0.9, 0.95]);
const Y = Int32Array.from([0, 0, 1, 0, 1, 0, 1, 1, 1, 1]);
const binary = (p: Float64Array): Prediction => ({ kind: 'classification', proba: [p.map((v) => 1 - v), p] });
const truth: Truth = { kind: 'classification', classes: 2, codes: Y };

describe('reliability curve and ECE', () => {
  it('cuts equal-count bins and keeps tied predictions in one bin (hand computation)', () => {
    // Five bins of two rows each would split the two 0.9s; the fourth bin takes both.
    const { bins, ece } = reliabilityCurve(P, Uint8Array.from(Y), 5);
    assert.deepEqual(bins.map((b) => b.count), [2, 2, 2, 3, 1]);
    const expected = [
      [0.15, 0],
      [0.35, 0.5],
      [0.65, 0.5],
      [2.6 / 3, 1],
      [0.95, 1],
    ];
    bins.forEach((b, i) => {
      close(b.meanPredicted, expected[i][0]);
      close(b.observed, expected[i][1]);
    });
    // (2·0.15 + 2·0.15 + 2·0.15 + 3·(1 − 2.6/3) + 1·0.05) / 10 = 1.35 / 10.
    close(ece, 0.135);
  });

  it('puts every row in one bin when all predictions tie, and is 0 when that bin is exact', () => {
    const { bins, ece } = reliabilityCurve(new Float64Array(8).fill(0.5), Uint8Array.from([1, 0, 1, 0, 1, 0, 1, 0]), 10);
    assert.equal(bins.length, 1);
    assert.equal(bins[0].count, 8);
    assert.equal(ece, 0);
  });

  it('uses the top class and whether it is right for multiclass', () => {
    const proba = [Float64Array.from([0.7, 0.2]), Float64Array.from([0.2, 0.5]), Float64Array.from([0.1, 0.3])];
    const { predicted, outcome } = curveInputs(proba, Int32Array.from([0, 2]));
    assert.deepEqual(Array.from(predicted), [0.7, 0.5]);
    assert.deepEqual(Array.from(outcome), [1, 0]);
  });
});

describe('Brier score', () => {
  it('binary: mean (p − y)² of the positive class (hand computation)', () => {
    // 0.01 + 0.04 + 0.49 + 0.16 + 0.16 + 0.49 + 0.04 + 0.01 + 0.01 + 0.0025 = 1.4125.
    close(brierScore([P.map((v) => 1 - v), P], Y), 0.14125);
  });

  it('multiclass: Brier 1950, the sum over classes (hand computation)', () => {
    // Row 0: 0.3² + 0.2² + 0.1² = 0.14; row 1 (class 2): 0.2² + 0.5² + 0.7² = 0.78.
    const proba = [Float64Array.from([0.7, 0.2]), Float64Array.from([0.2, 0.5]), Float64Array.from([0.1, 0.3])];
    close(brierScore(proba, Int32Array.from([0, 2])), 0.46);
  });
});

describe('calibrationSummary', () => {
  it('grades by ECE and names the positive class', () => {
    const section = calibrationSummary({ oof: binary(P), truth, classes: ['no', 'yes'], bins: 5 });
    close(section.ece, 0.135);
    close(section.brier, 0.14125);
    assert.equal(section.grade, 'alert');
    assert.equal(section.curve, 'positive');
    assert.equal(section.positiveClass, 'yes');
    assert.equal(section.method, 'none');
    assert.equal(section.tried.length, 1);
    assert.equal(section.tried[0].method, 'none');
    assert.equal(section.before, undefined);
    assert.match(section.sentence, /^Predicted probabilities are off \(expected calibration error 0\.13, Brier score 0\.14\): where the model predicts 0\.87 on average, 1\.00 are positive\.$/);
  });

  it('reports the calibrated figures with the raw ones as `before` when a method was kept', () => {
    const calibrated = Float64Array.from([0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1]);
    const tried = [
      { method: 'none' as const, logLoss: 0.5 },
      { method: 'isotonic' as const, logLoss: 0.4 },
    ];
    const section = calibrationSummary({ oof: binary(P), truth, bins: 5, choice: { method: 'isotonic', tried, calibratedOof: binary(calibrated) } });
    // Calibrated: bins {0,0} → 0/0, {0.5 ×4} → 2/4, {1 ×4} → 4/4: every bin exact.
    assert.equal(section.ece, 0);
    close(section.brier, 0.1);
    assert.equal(section.grade, 'ok');
    assert.equal(section.method, 'isotonic');
    assert.deepEqual(section.tried, tried);
    close(section.before?.ece ?? NaN, 0.135);
    assert.equal(section.sentence, 'Predicted probabilities match observed rates (expected calibration error 0 after isotonic calibration (0.13 before), Brier score 0.10).');
  });

  it('warns between 0.05 and 0.1 and calls a multiclass model overconfident where it is', () => {
    // Top-class confidence 0.9 everywhere, right 82% of the time: ECE 0.08.
    const n = 100;
    const codes = Int32Array.from({ length: n }, (_, i) => (i < 82 ? 0 : 1));
    const proba = [new Float64Array(n).fill(0.9), new Float64Array(n).fill(0.05), new Float64Array(n).fill(0.05)];
    const section = calibrationSummary({ oof: { kind: 'classification', proba }, truth: { kind: 'classification', classes: 3, codes } });
    close(section.ece, 0.08, 1e-12);
    assert.equal(section.grade, 'warn');
    assert.equal(section.curve, 'topClass');
    assert.match(section.sentence, /somewhat off .*where the model predicts 0\.90 on average, 0\.82 are right \(overconfident\)\.$/);
  });

  it('refuses regression', () => {
    assert.throws(() => calibrationSummary({ oof: { kind: 'regression', values: P }, truth: { kind: 'regression', values: P } }), RangeError);
  });
});
