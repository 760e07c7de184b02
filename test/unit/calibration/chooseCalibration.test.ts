import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyCalibration } from '../../../src/engine/calibration/applyCalibration';
import { chooseCalibration } from '../../../src/engine/calibration/chooseCalibration';
import { CancelledError } from '../../../src/engine/errors';
import { sigmoid, softmax } from '../../../src/engine/learners/outputs';
import { Rng } from '../../../src/engine/random';
import { logLoss } from '../../../src/engine/validate/logLoss';

/**
 * Binary rows whose label is drawn from sigmoid(z) for a true logit z ~ N(0, 1.5²), and whose
 * predicted probability is sigmoid(scale · z): calibrated at scale 1, overconfident above.
 */
function binaryRows(n: number, scale: number, seed: number): { oof: Float64Array[]; codes: Int32Array } {
  const rng = new Rng(seed);
  const p1 = new Float64Array(n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = 1.5 * rng.normal();
    codes[i] = rng.next() < sigmoid(z) ? 1 : 0;
    p1[i] = sigmoid(scale * z);
  }
  return { oof: [p1.map((p) => 1 - p), p1], codes };
}

/** Multiclass rows: labels from softmax(s), predictions softmax(scale · s). */
function multiclassRows(n: number, k: number, scale: number, seed: number): { oof: Float64Array[]; codes: Int32Array } {
  const rng = new Rng(seed);
  const scores = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const truth = softmax(scores);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    let acc = 0;
    codes[i] = k - 1;
    for (let c = 0; c < k; c++) if (u < (acc += truth[c][i])) {
      codes[i] = c;
      break;
    }
  }
  return { oof: softmax(scores.map((s) => s.map((v) => v * scale))), codes };
}

const lossOf = (proba: readonly Float64Array[], codes: Int32Array, classes: number) =>
  logLoss.score({ kind: 'classification', classes, codes }, { kind: 'classification', proba });

describe('chooseCalibration', () => {
  it('keeps none for perfectly calibrated scores, having tried every method (none first)', () => {
    const { oof, codes } = binaryRows(3000, 1, 1);
    const choice = chooseCalibration(oof, codes, { seed: 7 });
    assert.equal(choice.method, 'none');
    assert.equal(choice.calibration, undefined);
    assert.equal(choice.calibratedOof, undefined);
    assert.deepEqual(choice.tried.map((t) => t.method), ['none', 'isotonic', 'platt', 'temperature']);
    assert.equal(choice.tried[0].logLoss, lossOf(oof, codes, 2), "'none' is the repository's log loss of the OOF probabilities");
    assert.match(choice.reason, /no calibration kept/);
    assert.equal(choice.rows, 3000);
  });

  it('calibrates overconfident binary scores (p = sigmoid(3·z)) and lowers cross-validated log loss', () => {
    const { oof, codes } = binaryRows(2000, 3, 2);
    const choice = chooseCalibration(oof, codes, { seed: 7 });
    assert.notEqual(choice.method, 'none');
    const none = choice.tried[0].logLoss;
    const kept = choice.tried.find((t) => t.method === choice.method);
    assert.ok(kept && kept.logLoss < none * 0.95, `${JSON.stringify(choice.tried)}`);
    for (const t of choice.tried.slice(1)) assert.ok(kept.logLoss <= t.logLoss, 'the kept method is the best tried');
    // Platt and temperature both undo a pure scale exactly (a, 1/T ≈ 1/3); isotonic is close.
    const calibration = choice.calibration;
    assert.ok(calibration && calibration.method === choice.method);
    if (calibration.method === 'temperature') assert.ok(Math.abs(calibration.temperature - 3) < 0.3, `T ${calibration.temperature}`);
    if (calibration.method === 'platt') assert.ok(Math.abs(calibration.classes[0].a - 1 / 3) < 0.05, `a ${calibration.classes[0].a}`);
    // The cross-fitted OOF scores exactly the figure reported for the method.
    const calibrated = choice.calibratedOof as Float64Array[];
    assert.equal(lossOf(calibrated, codes, 2), kept.logLoss);
    // The final calibrator (fitted on every row) does better in-sample than out of fold, as it should.
    assert.ok(lossOf(applyCalibration(calibration, oof), codes, 2) <= kept.logLoss + 1e-3);
    assert.match(choice.reason, new RegExp(`^${choice.method} calibration kept: cross-validated log loss`));
  });

  it('calibrates overconfident multiclass scores', () => {
    const { oof, codes } = multiclassRows(1500, 4, 3, 3);
    const choice = chooseCalibration(oof, codes, { seed: 1 });
    assert.notEqual(choice.method, 'none', JSON.stringify(choice.tried));
    const kept = choice.tried.find((t) => t.method === choice.method);
    assert.ok(kept && kept.logLoss < choice.tried[0].logLoss * 0.95);
    const calibrated = choice.calibratedOof as Float64Array[];
    assert.equal(calibrated.length, 4);
    for (let i = 0; i < 1500; i++) {
      const sum = calibrated[0][i] + calibrated[1][i] + calibrated[2][i] + calibrated[3][i];
      assert.ok(Math.abs(sum - 1) < 1e-12, `row ${i} sums to ${sum}`);
    }
  });

  it('is deterministic for a seed, and the folds follow the seed', () => {
    const { oof, codes } = binaryRows(600, 2, 4);
    const a = chooseCalibration(oof, codes, { seed: 11 });
    const b = chooseCalibration(oof, codes, { seed: 11 });
    assert.deepEqual(a, b);
    const c = chooseCalibration(oof, codes, { seed: 12 });
    assert.notDeepEqual(a.tried.slice(1), c.tried.slice(1), 'other folds, other cross-validated figures');
    assert.equal(a.tried[0].logLoss, c.tried[0].logLoss, "'none' does not depend on the folds");
  });

  it('skips rows without out-of-fold probabilities (NaN) or without a label, and leaves them NaN', () => {
    const { oof, codes } = binaryRows(1000, 3, 5);
    const holes = [3, 100, 101, 999];
    for (const i of holes) oof[0][i] = oof[1][i] = NaN;
    codes[500] = -1;
    const choice = chooseCalibration(oof, codes, { seed: 3 });
    assert.equal(choice.rows, 995);
    const calibrated = choice.calibratedOof as Float64Array[];
    for (const i of [...holes, 500]) assert.ok(Number.isNaN(calibrated[0][i]) && Number.isNaN(calibrated[1][i]), `row ${i}`);
    assert.ok(Number.isFinite(calibrated[1][0]));
  });

  it('does not try with fewer than 50 covered rows or a class of fewer than 5', () => {
    const small = binaryRows(49, 3, 6);
    const few = chooseCalibration(small.oof, small.codes, { seed: 1 });
    assert.equal(few.method, 'none');
    assert.deepEqual(few.tried.map((t) => t.method), ['none']);
    assert.match(few.reason, /49 rows .* fewer than 50/);
    const rare = binaryRows(500, 3, 7);
    let kept = 0;
    for (let i = 0; i < 500; i++) if (rare.codes[i] === 1 && ++kept > 4) rare.codes[i] = 0;
    const skipped = chooseCalibration(rare.oof, rare.codes, { seed: 1 });
    assert.equal(skipped.method, 'none');
    assert.match(skipped.reason, /class 1 has 4 rows/);
    assert.equal(chooseCalibration([new Float64Array(3).fill(NaN), new Float64Array(3).fill(NaN)], new Int32Array(3), { seed: 1 }).tried.length, 0);
  });

  it('stops at the deadline with what it finished, and throws CancelledError when aborted', () => {
    const { oof, codes } = binaryRows(400, 3, 8);
    const late = chooseCalibration(oof, codes, { seed: 1, deadline: performance.now() - 1 });
    assert.equal(late.method, 'none');
    assert.deepEqual(late.tried.map((t) => t.method), ['none']);
    assert.match(late.reason, /time/);
    assert.throws(() => chooseCalibration(oof, codes, { seed: 1, signal: { aborted: true } }), CancelledError);
    const only = chooseCalibration(oof, codes, { seed: 1, methods: ['temperature'] });
    assert.deepEqual(only.tried.map((t) => t.method), ['none', 'temperature']);
  });

  it('refuses inputs that do not match', () => {
    assert.throws(() => chooseCalibration([new Float64Array(3)], new Int32Array(3), { seed: 1 }), RangeError);
    assert.throws(() => chooseCalibration([new Float64Array(3), new Float64Array(2)], new Int32Array(3), { seed: 1 }), RangeError);
    assert.throws(() => chooseCalibration([new Float64Array(3), new Float64Array(3)], new Int32Array(3), { seed: 1, folds: 1 }), RangeError);
  });
});
