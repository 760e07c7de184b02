import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { benjaminiHochberg } from '../../../src/engine/robustness/benjaminiHochberg';
import { logGamma, studentTSurvival, summarize, welchGreater } from '../../../src/engine/robustness/welchTest';

const close = (actual: number, expected: number, relative = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} vs ${expected}`);

// Reference figures from scipy 1.10.1 (Debian python3-scipy), computed offline:
//   stats.ttest_ind(a, b, equal_var=False, alternative='greater') and stats.t.sf(t, df).
const A = Float64Array.from([2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 6.1, 4.9, 3.0]);
const B = Float64Array.from([1.2, 2.2, 1.8, 2.9, 1.1, 2.5, 3.1, 1.6, 2.0, 2.4, 1.9, 2.7, 0.9]);

describe('Welch t-test', () => {
  it('matches scipy ttest_ind(equal_var=False, alternative="greater") in both directions', () => {
    const ab = welchGreater(summarize(A), summarize(B));
    close(ab.t, 3.494107583836231, 1e-12);
    close(ab.pValue, 0.002153265747721074);
    const ba = welchGreater(summarize(B), summarize(A));
    close(ba.t, -3.494107583836231, 1e-12);
    close(ba.pValue, 0.997846734252279);
    const near = welchGreater(summarize(Float64Array.from([0.5, 0.7, 0.4, 0.9, 0.6])), summarize(Float64Array.from([0.55, 0.65, 0.5, 0.45, 0.6, 0.7])));
    close(near.t, 0.47811955270539713, 1e-12);
    close(near.pValue, 0.32539074113935695);
  });

  it('gives the Student t tail of scipy for small, fractional and huge degrees of freedom', () => {
    const cases: [number, number, number][] = [
      [2.0, 3.0, 0.06966298427942155],
      [0.5, 1.0, 0.3524163823495668],
      [-1.3, 7.5, 0.8839366105921957],
      [4.0, 200000.0, 3.1682618854016974e-5],
      [1.0, 12345.6, 0.15866505361006797],
      [8.0, 50.0, 8.316483014160671e-11],
    ];
    for (const [t, df, expected] of cases) close(studentTSurvival(t, df), expected, 1e-8);
    assert.equal(studentTSurvival(0, 4), 0.5);
  });

  it('handles samples without spread and too small samples', () => {
    const flat = (v: number, n: number) => summarize(new Float64Array(n).fill(v));
    assert.equal(welchGreater(flat(2, 5), flat(1, 5)).pValue, 0);
    assert.equal(welchGreater(flat(1, 5), flat(1, 5)).pValue, 1);
    assert.ok(Number.isNaN(welchGreater(flat(1, 1), flat(1, 5)).pValue));
  });

  it('has an accurate log-gamma (ln Γ(n) = ln (n-1)!, Γ(1/2) = √π)', () => {
    close(logGamma(10), Math.log(362880), 1e-13);
    close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13);
    close(logGamma(100.5), 361.43554046777757, 1e-12); // scipy.special.gammaln(100.5)
  });
});

describe('Benjamini–Hochberg', () => {
  it('adjusts as computed by hand: p·m/rank, monotone from the top, input order kept, NaN ignored', () => {
    // Sorted: 0.01 (rank 1), 0.03 (2), 0.04 (3), 0.2 (4) with m = 4: 0.04, 0.06, 0.0533…, 0.2;
    // then the running minimum from the largest rank down: 0.04, 0.0533…, 0.0533…, 0.2.
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.2, NaN]);
    close(adjusted[0], 0.04, 1e-15);
    close(adjusted[1], 0.16 / 3, 1e-15);
    close(adjusted[2], 0.16 / 3, 1e-15);
    close(adjusted[3], 0.2, 1e-15);
    assert.ok(Number.isNaN(adjusted[4]));
  });

  it('never exceeds 1 (the largest p-value bounds the running minimum) and leaves a single p-value alone', () => {
    // 0.8·3/1 = 2.4 and 0.9·3/2 = 1.35 are cut to 0.95 by the running minimum.
    for (const v of benjaminiHochberg([0.9, 0.8, 0.95])) close(v, 0.95, 1e-15);
    assert.deepEqual(benjaminiHochberg([0.3]), [0.3]);
    assert.deepEqual(benjaminiHochberg([0.6, 0.6]), [0.6, 0.6]);
  });
});
