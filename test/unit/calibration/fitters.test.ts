import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyCalibration, checkCalibration } from '../../../src/engine/calibration/applyCalibration';
import { calibrationData, fitCalibration, type FittedMethod } from '../../../src/engine/calibration/fitCalibration';
import { fitIsotonic, isotonicValue } from '../../../src/engine/calibration/isotonic';
import { clippedLogit, fitPlatt } from '../../../src/engine/calibration/platt';
import { fitTemperature } from '../../../src/engine/calibration/temperature';
import type { Calibration } from '../../../src/engine/calibration/types';
import { sigmoid } from '../../../src/engine/learners/outputs';
import { Rng } from '../../../src/engine/random';

const bits = (values: readonly number[]) => Uint8Array.from(values);

/** `n` rows of random probabilities over `k` classes, with labels drawn from them. */
function randomRows(n: number, k: number, seed: number): { proba: Float64Array[]; codes: Int32Array } {
  const rng = new Rng(seed);
  const proba = Array.from({ length: k }, () => new Float64Array(n));
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += proba[c][i] = Math.exp(2 * rng.normal());
    for (let c = 0; c < k; c++) proba[c][i] /= sum;
    const u = rng.next();
    let acc = 0;
    codes[i] = k - 1;
    for (let c = 0; c < k; c++) {
      acc += proba[c][i];
      if (u < acc) {
        codes[i] = c;
        break;
      }
    }
  }
  return { proba, codes };
}

describe('isotonic regression (pool-adjacent-violators)', () => {
  it('pools a violating pair into its mean and keeps every point where the curve changes (worked by hand)', () => {
    // Labels 0 1 0 1 1 at scores .1 … .5: the pair (1, 0) violates and pools to 0.5.
    const curve = fitIsotonic(Float64Array.from([0.3, 0.1, 0.5, 0.2, 0.4]), bits([0, 0, 1, 1, 1]));
    assert.deepEqual(curve, { thresholds: [0.1, 0.2, 0.3, 0.4, 0.5], values: [0, 0.5, 0.5, 1, 1] });
    const at = (p: number) => isotonicValue(curve.thresholds, curve.values, p);
    assert.equal(at(0.05), 0, 'held at the first value below the range');
    assert.equal(at(0.9), 1, 'held at the last value above it');
    assert.equal(at(0.25), 0.5, 'flat between equal values');
    // Between (0.3, 0.5) and (0.4, 1): 0.5 + (1 - 0.5) / (0.4 - 0.3) · (0.35 - 0.3).
    assert.ok(Math.abs(at(0.35) - 0.75) < 1e-12, `${at(0.35)}`);
    assert.equal(at(0.2), 0.5, 'exactly the value at a threshold');
  });

  it('averages the labels of tied scores before pooling, and drops the inside of flat runs', () => {
    // Score 0.3 has labels 1, 0, 1 (mean 2/3) and 0.7 has 0: they violate and pool to (2 + 0) / 4.
    assert.deepEqual(fitIsotonic(Float64Array.from([0.3, 0.7, 0.3, 0.3]), bits([1, 0, 0, 1])), { thresholds: [0.3, 0.7], values: [0.5, 0.5] });
    // Already increasing: 0 0 0 1 1 1 keeps only the ends of each flat run.
    const curve = fitIsotonic(Float64Array.from([1, 2, 3, 4, 5, 6]), bits([0, 0, 0, 1, 1, 1]));
    assert.deepEqual(curve, { thresholds: [1, 3, 4, 6], values: [0, 0, 1, 1] });
    // Scores within 1e-15 of a run's first score are the same point (scikit-learn's _make_unique).
    assert.deepEqual(fitIsotonic(Float64Array.from([0.5, 0.5 + 5e-16, 0.9]), bits([0, 1, 1])), { thresholds: [0.5, 0.9], values: [0.5, 1] });
  });

  it('fits on a subset of rows when given, and a single point is a constant', () => {
    const scores = Float64Array.from([0.9, 0.1, 0.5, 0.2]);
    const positive = bits([1, 0, 1, 1]);
    assert.deepEqual(fitIsotonic(scores, positive, Uint32Array.from([0, 1])), { thresholds: [0.1, 0.9], values: [0, 1] });
    const one = fitIsotonic(scores, positive, Uint32Array.from([2]));
    assert.deepEqual(one, { thresholds: [0.5], values: [1] });
    for (const p of [0, 0.5, 1]) assert.equal(isotonicValue(one.thresholds, one.values, p), 1);
    assert.throws(() => fitIsotonic(scores, positive, new Uint32Array(0)), RangeError);
  });

  it('gives a non-decreasing map of the score', () => {
    const { proba, codes } = randomRows(400, 2, 3);
    const cal = fitCalibration('isotonic', calibrationData(proba, codes));
    const grid = Float64Array.from({ length: 1001 }, (_, i) => i / 1000);
    const out = applyCalibration(cal, [grid.map((p) => 1 - p), grid]);
    for (let i = 1; i < grid.length; i++) assert.ok(out[1][i] >= out[1][i - 1], `not monotone at ${grid[i]}`);
  });
});

describe('Platt scaling', () => {
  it('is the logistic regression of the label on the score: a zero gradient of the smoothed cross-entropy at the fit', () => {
    const rng = new Rng(5);
    const f = Float64Array.from({ length: 300 }, () => 3 * rng.normal());
    const y = Uint8Array.from(f, (v) => (rng.next() < sigmoid(0.4 * v - 0.5) ? 1 : 0));
    const { a, b } = fitPlatt(f, y);
    const n1 = y.reduce((s, v) => s + v, 0);
    const t = Float64Array.from(y, (v) => (v ? (n1 + 1) / (n1 + 2) : 1 / (300 - n1 + 2)));
    let gA = 0;
    let gB = 0;
    f.forEach((v, i) => {
      const p = sigmoid(a * v + b);
      gA += (p - t[i]) * v;
      gB += p - t[i];
    });
    assert.ok(Math.abs(gA) < 1e-8 && Math.abs(gB) < 1e-8, `gradient ${gA}, ${gB}`);
    assert.ok(Math.abs(a - 0.4) < 0.15 && Math.abs(b + 0.5) < 0.4, `a ${a}, b ${b} near the generating 0.4, -0.5`);
  });

  it('puts a constant smoothed prior on one-class data, and b = 0 on data symmetric about 0', () => {
    // All negative: the targets are all 1/(N + 2), reached by a = 0, b = logit(1/(N + 2)) = -log(N + 1).
    const { a, b } = fitPlatt(Float64Array.from([-2, -1, 0, 1, 2, 3]), bits([0, 0, 0, 0, 0, 0]));
    assert.ok(Math.abs(a) < 1e-9 && Math.abs(b + Math.log(7)) < 1e-9, `${a}, ${b}`);
    // A constant score is sent to the mean smoothed target: (2 · 3/4 + 3 · 1/5) / 5 = 0.42 for 2 positives in 5.
    for (const score of [0, 2.5]) {
      const flat = fitPlatt(new Float64Array(5).fill(score), bits([1, 0, 1, 0, 0]));
      const p = sigmoid(flat.a * score + flat.b);
      assert.ok(Math.abs(p - 0.42) < 1e-9, `score ${score}: ${p} (a ${flat.a}, b ${flat.b})`);
    }
    const sym = fitPlatt(Float64Array.from([-3, -1, -0.5, 0.5, 1, 3]), bits([0, 1, 0, 1, 0, 1]));
    assert.ok(Math.abs(sym.b) < 1e-12 && sym.a > 0, `${sym.a}, ${sym.b}`);
  });

  it('clips probabilities before the logit, so 0 and 1 are finite scores', () => {
    assert.ok(Math.abs(clippedLogit(0) - Math.log(1e-15 / (1 - 1e-15))) < 1e-12);
    assert.ok(Number.isFinite(clippedLogit(1)) && clippedLogit(1) > 34);
    assert.equal(clippedLogit(0.5), 0);
  });
});

/** Mean cross-entropy of `proba` against Platt's smoothed targets (what temperature scaling minimises). */
function smoothedLoss(proba: readonly Float64Array[], codes: Int32Array): number {
  const k = proba.length;
  const counts = new Float64Array(k);
  for (const y of codes) counts[y]++;
  let sum = 0;
  codes.forEach((y, i) => {
    for (let c = 0; c < k; c++) {
      const target = c === y ? (counts[y] + 1) / (counts[y] + 2) : 1 / ((counts[y] + 2) * (k - 1));
      sum -= target * Math.log(Math.max(proba[c][i], 1e-15));
    }
  });
  return sum / codes.length;
}

describe('temperature scaling', () => {
  it('finds T where it is known: every row says 0.9 and 3 in 4 are positive, so 0.9 must become the mean smoothed target', () => {
    // Platt's targets: 301/302 for each of the 300 positive rows, 1/102 for the 100 others; with
    // one input for all rows, sigmoid(logit(0.9) / T) = their mean  ⇔  T = log 9 / logit(mean),
    // about 2 (exactly 2 for 0/1 targets, whose mean is 0.75).
    const p1 = new Float64Array(400).fill(0.9);
    const codes = Int32Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const mean = (300 * (301 / 302) + 100 * (1 / 102)) / 400;
    const expected = Math.log(9) / Math.log(mean / (1 - mean));
    const t = fitTemperature([p1.map((p) => 1 - p), p1], codes);
    assert.ok(Math.abs(t - expected) < 1e-9, `${t} vs ${expected}`);
    assert.ok(Math.abs(t - 2) < 0.02);
  });

  it('stops at a minimum of the log loss: no better T on a fine grid, and a zero slope (multiclass)', () => {
    const { proba, codes } = randomRows(500, 4, 11);
    // Overconfident: squash towards the most likely class.
    const sharp = proba.map((column) => column.map((p) => p ** 2.5));
    const data = calibrationData(sharp, codes);
    const cal = fitCalibration('temperature', data);
    assert.equal(cal.method, 'temperature');
    const t = (cal as { temperature: number }).temperature;
    const loss = (temperature: number) => smoothedLoss(applyCalibration({ method: 'temperature', temperature }, sharp), codes);
    const best = loss(t);
    for (let g = 0.5; g <= 6; g += 0.01) assert.ok(loss(g) >= best - 1e-12, `T ${g} is better than ${t}`);
    const h = 1e-4 * t;
    const slope = (loss(t + h) - loss(t - h)) / (2 * h);
    assert.ok(Math.abs(slope) < 1e-6, `slope ${slope} at T ${t}`);
    assert.ok(t > 1.5, `an overconfident model is softened (T ${t})`);
  });

  it('stays finite when every answer is right, and returns 1 when the loss is flat', () => {
    // With 0/1 labels the sharper the better, down to the smallest temperature; the smoothed
    // targets (26/27 for 25 rows per class) stop at sigmoid(logit(0.8) / T) = 26/27.
    const p1 = Float64Array.from({ length: 50 }, (_, i) => (i % 2 ? 0.8 : 0.2));
    const codes = Int32Array.from(p1, (p) => (p > 0.5 ? 1 : 0));
    const t = fitTemperature([p1.map((p) => 1 - p), p1], codes);
    assert.ok(Math.abs(t - Math.log(4) / Math.log(26)) < 1e-9, `${t}`);
    const half = new Float64Array(10).fill(0.5);
    assert.equal(fitTemperature([half, half], Int32Array.from({ length: 10 }, (_, i) => i % 2)), 1);
  });

  it('gives a wrong class on a separable multiclass sample about the share its targets give it', () => {
    // Every row ranks its own class first at 0.6 against 0.2 and 0.2; 40 rows per class.
    const k = 3;
    const codes = Int32Array.from({ length: 120 }, (_, i) => i % k);
    const proba = Array.from({ length: k }, (_, c) => Float64Array.from(codes, (y) => (y === c ? 0.6 : 0.2)));
    const t = fitTemperature(proba, codes);
    const calibrated = applyCalibration({ method: 'temperature', temperature: t }, proba);
    // By symmetry the optimum puts the targets' 1 / (40 + 2) on the other two classes.
    assert.ok(Math.abs(calibrated[1][0] + calibrated[2][0] - 1 / 42) < 1e-9, `${calibrated[1][0]}`);
    assert.ok(t > 0.01);
  });
});

describe('applying a calibration', () => {
  const methods: FittedMethod[] = ['isotonic', 'platt', 'temperature'];
  for (const k of [2, 3, 5]) {
    for (const method of methods) {
      it(`${method} with ${k} classes: probabilities in [0, 1] summing to 1, in new arrays`, () => {
        const { proba, codes } = randomRows(300, k, 100 + k);
        const cal = fitCalibration(method, calibrationData(proba, codes));
        const copy = proba.map((c) => c.slice());
        const { proba: fresh } = randomRows(200, k, 200 + k);
        fresh[0][0] = 0;
        fresh[k - 1][1] = 1;
        for (const input of [proba, fresh]) {
          const out = applyCalibration(cal, input);
          assert.equal(out.length, k);
          for (let i = 0; i < input[0].length; i++) {
            let sum = 0;
            for (let c = 0; c < k; c++) {
              assert.ok(out[c][i] >= 0 && out[c][i] <= 1, `row ${i} class ${c}: ${out[c][i]}`);
              sum += out[c][i];
            }
            assert.ok(Math.abs(sum - 1) < 1e-12, `row ${i} sums to ${sum}`);
          }
          out.forEach((column, c) => assert.notEqual(column, input[c]));
        }
        assert.deepEqual(proba, copy, 'the input is left as it was');
      });
    }
  }

  it('gives the uniform distribution to a multiclass row whose calibrated entries are all 0', () => {
    const zero = { thresholds: [0.5, 0.6], values: [0, 1] };
    const cal: Calibration = { method: 'isotonic', classes: [zero, zero, zero] };
    const out = applyCalibration(cal, [Float64Array.of(0.2), Float64Array.of(0.3), Float64Array.of(0.5)]);
    assert.deepEqual(out.map((c) => c[0]), [1 / 3, 1 / 3, 1 / 3]);
  });

  it('derives class 0 as 1 − p for binary Platt and isotonic', () => {
    const cal: Calibration = { method: 'platt', classes: [{ a: 0.5, b: 0.25 }] };
    const out = applyCalibration(cal, [Float64Array.of(0.2), Float64Array.of(0.8)]);
    const q = sigmoid(0.5 * Math.log(0.8 / (1 - 0.8)) + 0.25);
    assert.equal(out[1][0], q);
    assert.equal(out[0][0], 1 - q);
  });

  it('refuses calibrations that do not fit the classes or are malformed', () => {
    const bad: [unknown, number, RegExp][] = [
      [{ method: 'platt', classes: [{ a: 1, b: 0 }, { a: 1, b: 0 }] }, 2, /needs 1 entry/],
      [{ method: 'platt', classes: [{ a: 1, b: 0 }] }, 3, /needs 3 entries/],
      [{ method: 'platt', classes: [{ a: 'x', b: 0 }] }, 2, /finite a and b/],
      [{ method: 'isotonic', classes: [{ thresholds: [0.2, 0.1], values: [0, 1] }] }, 2, /strictly increasing/],
      [{ method: 'isotonic', classes: [{ thresholds: [0.1, 0.2], values: [0, 1.5] }] }, 2, /not in \[0, 1\]/],
      [{ method: 'isotonic', classes: [{ thresholds: [], values: [] }] }, 2, /non-zero length/],
      [{ method: 'temperature', temperature: 0 }, 2, /positive number/],
      [{ method: 'beta' }, 2, /unknown calibration method 'beta'/],
      [null, 2, /not an object/],
    ];
    for (const [value, classes, message] of bad) assert.throws(() => checkCalibration(value, classes), (e: Error) => e instanceof RangeError && message.test(e.message), JSON.stringify(value));
    assert.throws(() => applyCalibration({ method: 'platt', classes: [{ a: 1, b: 0 }] }, [new Float64Array(1), new Float64Array(1), new Float64Array(1)]), RangeError);
  });
});
