// Known answers for the profile's building blocks. Reference values were computed by hand (shown
// in comments) and checked with numpy 2.4 / scipy 1.17 (pandas formulas re-implemented where
// pandas itself was not installed: skew = n·sqrt(n-1)/(n-2) · m3/m2^1.5).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categoricalStats } from '../../src/engine/profile/categoricalStats';
import { correlationRatio, cramersV } from '../../src/engine/profile/contingency';
import { pearson, spearman } from '../../src/engine/profile/correlation';
import { histogramSorted, numericStats, quantileSorted } from '../../src/engine/profile/numericStats';
import { argsortFloat64, sortFloat64 } from '../../src/engine/profile/radixSort';
import { sampleRows } from '../../src/engine/profile/sampleRows';
import { orderShares } from '../../src/engine/profile/timeOrder';

function close(actual: number | undefined, expected: number, tolerance = 1e-12): void {
  assert.ok(actual !== undefined, `expected ${expected}, got undefined`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `expected ${expected}, got ${actual}`);
}

/** Deterministic pseudo-random doubles for the sort tests. */
function randomValues(n: number, seed: number): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 10 ** ((s % 7) - 3);
  }
  return out;
}

describe('numericStats', () => {
  // x = [1, 2, 2, 3, 4, 7, 9] plus one missing value.
  const stats = numericStats(Float64Array.from([4, 2, NaN, 9, 1, 7, 2, 3]));

  it('counts values, missing and distinct values', () => {
    assert.equal(stats.count, 7);
    assert.equal(stats.missing, 1);
    assert.equal(stats.unique, 6);
    assert.equal(stats.min, 1);
    assert.equal(stats.max, 9);
    assert.equal(stats.zeros, 0);
  });

  it('computes mean, sample std and pandas skew', () => {
    // mean = 28 / 7 = 4; deviations -3 -2 -2 -1 0 3 5: m2 = 52, m3 = 108.
    assert.equal(stats.mean, 4);
    // std = sqrt(52 / 6)
    close(stats.std, 2.943920288775949);
    // skew = 7·sqrt(6)/5 · 108 / 52^1.5
    close(stats.skew, 0.9876939667076703);
  });

  it('computes quantiles by linear interpolation (numpy default)', () => {
    // position q·(n-1) = 6q: p25 -> 1.5 -> 2 + 0.5·0 = 2; p75 -> 4.5 -> 4 + 0.5·3 = 5.5; p95 -> 5.7 -> 7 + 0.7·2.
    assert.deepEqual(stats.quantiles, { p01: 1.06, p05: 1.3, p25: 2, p50: 3, p75: 5.5, p95: 8.399999999999999, p99: 8.879999999999999 });
  });

  it('matches numpy quantiles and skew on skewed float data', () => {
    const y = numericStats(Float64Array.from([0.1, 0.7, 0.2, 5.5, 0.3, 1.1, 0.2, 0.9, 2.4, 0.2, 0.6]));
    assert.deepEqual(y.quantiles, {
      p01: 0.11000000000000001,
      p05: 0.15000000000000002,
      p25: 0.2,
      p50: 0.6,
      p75: 1.0,
      p95: 3.95,
      p99: 5.190000000000001,
    });
    close(y.std, 1.599033799176581);
    close(y.skew, 2.4748154290293307);
    // p25 = 0.2, p75 = 1.0, IQR 0.8: fences [-1.0, 2.2]; 2.4 and 5.5 lie outside.
    assert.equal(y.outliers, 2);
  });

  it('counts outliers beyond 1.5 IQR', () => {
    // [1, 2, 3, 4, 100]: p25 = 2, p75 = 4, fences [-1, 7].
    assert.equal(numericStats(Float64Array.from([1, 2, 3, 4, 100])).outliers, 1);
  });

  it('handles constant, tiny and empty columns without NaN fields', () => {
    const constant = numericStats(Float64Array.from([5, 5, 5, 5]));
    assert.equal(constant.std, 0);
    assert.equal(constant.skew, 0);
    assert.equal(constant.unique, 1);
    const two = numericStats(Float64Array.from([1, 2]));
    assert.equal(two.skew, undefined);
    assert.equal(numericStats(Float64Array.from([3])).std, undefined);
    const empty = numericStats(Float64Array.from([NaN, NaN]));
    assert.deepEqual(empty, { count: 0, missing: 2, unique: 0 });
  });

  it('counts zeros, treating -0 as 0 and as one distinct value', () => {
    const z = numericStats(Float64Array.from([0, -0, 1.5, 0]));
    assert.equal(z.zeros, 3);
    assert.equal(z.unique, 2);
    assert.equal(numericStats(Float64Array.from([0, 1]), { countZeros: false }).zeros, undefined);
  });
});

describe('histogramSorted', () => {
  it('gives integer data one bin per integer while the range allows', () => {
    // [1, 2, 2, 3, 4, 7, 9]: range 1..9, bins centred on 1..9.
    const h = histogramSorted(Float64Array.from([1, 2, 2, 3, 4, 7, 9]), true);
    assert.deepEqual(h.edges, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]);
    assert.deepEqual(h.counts, [1, 2, 1, 1, 0, 0, 1, 0, 1]);
  });

  it('widens integer bins to keep at most 30', () => {
    // 0..99: 100 integers, width ceil(100 / 30) = 4, 25 bins of 4 values each.
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    const h = histogramSorted(values, true);
    assert.equal(h.counts.length, 25);
    assert.ok(h.counts.every((c) => c === 4));
    assert.equal(h.edges[0], -0.5);
    assert.equal(h.edges[25], 99.5);
  });

  it('matches numpy.histogram with 20 bins on float data (last bin closed)', () => {
    // numpy.histogram([0, .5, 1, 1.5, 2, 10], bins=20): edges step 0.5, 10 lands in the last bin.
    const h = histogramSorted(Float64Array.from([0, 0.5, 1, 1.5, 2, 10]), false);
    assert.deepEqual(h.counts, [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(h.edges.slice(0, 4), [0, 0.5, 1, 1.5]);
    assert.equal(h.edges.length, 21);
  });

  it('spreads a constant float column over [v - 0.5, v + 0.5] like numpy', () => {
    const h = histogramSorted(Float64Array.from([3.3, 3.3, 3.3]), false);
    assert.equal(h.edges[0], 3.3 - 0.5);
    assert.equal(h.edges[20], 3.3 + 0.5);
    assert.equal(h.counts[10], 3);
    assert.equal(h.counts.reduce((a, b) => a + b, 0), 3);
  });

  it('always counts every value exactly once', () => {
    const values = sortFloat64(randomValues(5000, 3));
    const h = histogramSorted(values, false);
    assert.equal(h.counts.reduce((a, b) => a + b, 0), 5000);
  });
});

describe('quantileSorted', () => {
  it('returns the extremes at q = 0 and q = 1 and the only value of a singleton', () => {
    const s = Float64Array.from([-2, 0, 5]);
    assert.equal(quantileSorted(s, 0), -2);
    assert.equal(quantileSorted(s, 1), 5);
    assert.equal(quantileSorted(Float64Array.from([7]), 0.5), 7);
  });
});

// Lengths above the radix thresholds (16,384 values, 4,096 rows) so the radix paths run.
describe('radix sort', () => {
  it('sorts like Float64Array.prototype.sort, negatives, -0 and infinities included', () => {
    const values = randomValues(40_000, 1);
    values[5] = -0;
    values[6] = 0;
    values[7] = Infinity;
    values[8] = -Infinity;
    values[9] = Number.MIN_VALUE;
    const expected = values.slice().sort();
    const actual = sortFloat64(values.slice());
    for (let i = 0; i < expected.length; i++) assert.ok(Object.is(actual[i], expected[i]), `index ${i}`);
  });

  it('sorts integer-valued data (skipped passes) and short arrays', () => {
    const ints = Float64Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 101);
    assert.deepEqual(sortFloat64(ints.slice()), ints.slice().sort());
    assert.deepEqual(sortFloat64(Float64Array.from([3, -1, 2])), Float64Array.from([-1, 2, 3]));
  });

  it('argsorts row indices stably', () => {
    const values = Float64Array.from({ length: 6000 }, (_, i) => (i * 37) % 50);
    const rows = Uint32Array.from({ length: 6000 }, (_, i) => i);
    const order = argsortFloat64(values, rows);
    for (let i = 1; i < order.length; i++) {
      const a = values[order[i - 1]];
      const b = values[order[i]];
      assert.ok(a < b || (a === b && order[i - 1] < order[i]));
    }
    const small = argsortFloat64(Float64Array.from([3, 1, 2, 1]), Uint32Array.from([0, 1, 2, 3]));
    assert.deepEqual([...small], [1, 3, 2, 0]);
  });
});

describe('categoricalStats', () => {
  it('counts levels, ranks top values with ties by first appearance, measures length', () => {
    // codes: b a c a b d(missing) ...; dictionary has an unused level 'zz'.
    const dictionary = ['a', 'b', 'c', 'zz', 'ünï'];
    const codes = Int32Array.from([1, 0, 2, 0, 1, -1, 4]);
    const stats = categoricalStats(codes, dictionary);
    assert.equal(stats.count, 6);
    assert.equal(stats.missing, 1);
    assert.equal(stats.unique, 4);
    // a and b both twice; b appears first.
    assert.deepEqual(stats.topValues, [
      { value: 'b', count: 2 },
      { value: 'a', count: 2 },
      { value: 'c', count: 1 },
      { value: 'ünï', count: 1 },
    ]);
    // lengths 1,1,1,1,1,3 -> 8 / 6
    close(stats.meanLength, 8 / 6);
  });

  it('keeps only the 20 most frequent of many levels', () => {
    const levels = 1000;
    const dictionary = Array.from({ length: levels }, (_, i) => `v${i}`);
    const codes: number[] = [];
    // level i occurs i % 97 + 1 times.
    for (let i = 0; i < levels; i++) for (let k = 0; k <= i % 97; k++) codes.push(i);
    const stats = categoricalStats(Int32Array.from(codes), dictionary);
    assert.equal(stats.topValues.length, 20);
    assert.deepEqual(stats.topValues[0], { value: 'v96', count: 97 });
    for (let i = 1; i < 20; i++) assert.ok(stats.topValues[i - 1].count >= stats.topValues[i].count);
  });

  it('counts astral characters as one', () => {
    assert.equal(categoricalStats(Int32Array.from([0]), ['a😀']).meanLength, 2);
  });
});

describe('pearson and spearman', () => {
  const x = Float64Array.from([1, 2, 2, 3, 4, 5, 6, 6]);
  const y = Float64Array.from([2, 1, 4, 3, 6, 5, 8, 7]);

  it('match scipy on data with ties', () => {
    close(pearson(x, y), 0.8948643185468037);
    // ranks of x: 1, 2.5, 2.5, 4, 5, 6, 7.5, 7.5; y has no ties.
    close(spearman(x, y), 0.8916309815169778);
  });

  it('drop incomplete pairs and re-rank among the complete rows', () => {
    const xm = x.slice();
    const ym = y.slice();
    xm[2] = NaN;
    ym[5] = NaN;
    close(pearson(xm, ym), 0.9410325013912636);
    close(spearman(xm, ym), 0.9276336570439174);
  });

  it('are undefined for a constant side and exact for monotone data', () => {
    assert.equal(pearson(Float64Array.from([1, 1, 1]), Float64Array.from([1, 2, 3])), undefined);
    assert.equal(spearman(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 8, 27, 64])), 1);
    assert.equal(spearman(Float64Array.from([1, 2, 3, 4]), Float64Array.from([4, 3, 2, 1])), -1);
  });

  it('use the O(n) re-ranking path on large columns with missing values', () => {
    const n = 5000;
    const a = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : Math.floor(i / 3)));
    const b = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i * i));
    // Re-ranking among complete rows must equal ranking the pre-filtered columns.
    const keep = [...a.keys()].filter((i) => !Number.isNaN(a[i]) && !Number.isNaN(b[i]));
    const expected = spearman(Float64Array.from(keep, (i) => a[i]), Float64Array.from(keep, (i) => b[i]));
    close(spearman(a, b), expected as number);
    close(pearson(a, b), pearson(Float64Array.from(keep, (i) => a[i]), Float64Array.from(keep, (i) => b[i])) as number);
  });
});

describe('cramersV', () => {
  it('matches the uncorrected definition on a 3x2 table', () => {
    // Table [[3, 1], [2, 3], [0, 3]], n = 12; row sums 4, 5, 3; column sums 5, 7.
    // chi2 = Σ (O - E)² / E = 3.977142857; V = sqrt(chi2 / (12 · (2 - 1))) = 0.575698.
    const a = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 2, 2, 0, 1, 2]);
    const b = Int32Array.from([0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1]);
    close(cramersV(a, 3, b, 2), 0.5756983337031396);
  });

  it('matches scipy on a 3x3 table, and drops rows with a missing side', () => {
    const a = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 1, 2, -1, 1]);
    const b = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 2, 2, 0, 2, -1]);
    close(cramersV(a, 3, b, 3), 0.49328828623162474);
  });

  it('gives the same answer through the sparse table', () => {
    const levels = 3000;
    const a = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 2, 2, 0, 1, 2]);
    const b = Int32Array.from([0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1]).map((v) => v * 2000);
    close(cramersV(a, levels, b, levels), 0.5756983337031396);
  });

  it('is 1 for a perfect mapping and undefined with a single level', () => {
    assert.equal(cramersV(Int32Array.from([0, 1, 2, 0]), 3, Int32Array.from([2, 0, 1, 2]), 3), 1);
    assert.equal(cramersV(Int32Array.from([0, 0]), 1, Int32Array.from([0, 1]), 2), undefined);
  });
});

describe('correlationRatio', () => {
  it('is sqrt(SS_between / SS_total)', () => {
    // groups {1,2}, {3,4}, {5,6}: means 1.5, 3.5, 5.5, grand mean 3.5.
    // SS_between = 2·(4 + 0 + 4) = 16; SS_total = 17.5; η = sqrt(16 / 17.5).
    const eta = correlationRatio(Float64Array.from([1, 2, 3, 4, 5, 6, NaN]), Int32Array.from([0, 0, 1, 1, 2, 2, 0]), 3);
    close(eta, Math.sqrt(16 / 17.5));
    close(eta, 0.9561828874675149);
  });

  it('is 0 when group means agree and undefined for constant values', () => {
    assert.equal(correlationRatio(Float64Array.from([1, 2, 1, 2]), Int32Array.from([0, 0, 1, 1]), 2), 0);
    assert.equal(correlationRatio(Float64Array.from([3, 3]), Int32Array.from([0, 1]), 2), undefined);
  });
});

describe('sampleRows', () => {
  it('draws distinct ascending rows, reproducibly per seed', () => {
    const a = sampleRows(1000, 100, 42);
    assert.equal(a.length, 100);
    for (let i = 1; i < a.length; i++) assert.ok(a[i] > a[i - 1]);
    assert.ok(a[a.length - 1] < 1000);
    assert.deepEqual(sampleRows(1000, 100, 42), a);
    assert.notDeepEqual(sampleRows(1000, 100, 43), a);
  });

  it('returns every row when the sample would not be smaller', () => {
    assert.deepEqual([...sampleRows(3, 10, 1)], [0, 1, 2]);
  });
});

describe('orderShares', () => {
  it('compares consecutive non-missing values', () => {
    // 1 2 (NaN) 2 5 4: pairs 1→2 up, 2→2 both, 2→5 up, 5→4 down.
    const s = orderShares(Float64Array.from([1, 2, NaN, 2, 5, 4]));
    assert.equal(s.pairs, 4);
    assert.equal(s.nonDecreasing, 3 / 4);
    assert.equal(s.nonIncreasing, 2 / 4);
  });
});
