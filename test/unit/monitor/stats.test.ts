import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { chiSquareGoodnessOfFit, chiSquareSurvival } from '../../../src/engine/monitor/stats/chiSquare';
import { regularizedGammaP, regularizedGammaQ } from '../../../src/engine/monitor/stats/gamma';
import { jensenShannonDistance } from '../../../src/engine/monitor/stats/jensenShannon';
import { kolmogorovSurvival } from '../../../src/engine/monitor/stats/kolmogorov';
import { ks2samp } from '../../../src/engine/monitor/stats/ks';
import { logGamma } from '../../../src/engine/monitor/stats/logGamma';
import { standardNormalCdf, standardNormalSurvival } from '../../../src/engine/monitor/stats/normal';
import { populationStabilityIndex } from '../../../src/engine/monitor/stats/psi';
import { smirnovSurvival } from '../../../src/engine/monitor/stats/smirnov';
import { wassersteinDistance } from '../../../src/engine/monitor/stats/wasserstein';
import { twoProportionZTest } from '../../../src/engine/monitor/stats/zTest';
import { Rng } from '../../../src/engine/random';

// Known answers from scipy: test/fixtures/monitor/make_fixtures.py writes stats.json (the script
// says which scipy call gives each figure). Every figure must agree to 1e-9 RELATIVE; where scipy's
// answer is exactly 0 the check is ABSOLUTE (|actual| ≤ 1e-9), and infinities must match exactly.

type Num = number | 'Infinity' | '-Infinity';
type SampleSpec =
  | { readonly data: number[] }
  | { readonly seed: number; readonly size: number; readonly loc: number; readonly scale: number; readonly quantum?: number; readonly first: number; readonly sum: number };

interface Fixture {
  readonly source: string;
  readonly ks: { name: string; a: SampleSpec; b: SampleSpec; statistic: Num; pValue: Num; method: 'exact' | 'asymp'; branch?: string }[];
  readonly kstwo: { n: number; d: number; sf: Num; branch: string }[];
  readonly smirnov: { n: number; d: number; sf: Num }[];
  readonly chisquare: { name: string; observed: number[]; expected: number[]; statistic: Num; pValue: Num; dof: number }[];
  readonly chi2sf: { x: number; dof: number; sf: Num }[];
  readonly gammaincc: { a: number; x: number; q: Num }[];
  readonly gammaln: { x: number; value: Num }[];
  readonly normal: { z: number; sf: Num; cdf: Num }[];
  readonly wasserstein: { name: string; u: SampleSpec; v: SampleSpec; distance: Num }[];
  readonly jensenshannon: { name: string; p: number[]; q: number[]; distance: Num }[];
  readonly ztest: { successesA: number; totalA: number; successesB: number; totalB: number; statistic: Num; pValue: Num }[];
  readonly psi: { name: string; reference: number[]; current: number[]; psi: Num }[];
}

const fixture: Fixture = JSON.parse(readFileSync(join(resolve(process.cwd(), 'test', 'fixtures', 'monitor'), 'stats.json'), 'utf8'));

const TOLERANCE = 1e-9;

function value(x: Num): number {
  return x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : x;
}

/** 1e-9 relative to the expected value, absolute when that is 0; infinities exactly. */
function near(actual: number, expectedRaw: Num, what: string): void {
  const expected = value(expectedRaw);
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, what);
    return;
  }
  const scale = expected === 0 ? 1 : Math.abs(expected);
  assert.ok(Math.abs(actual - expected) <= TOLERANCE * scale, `${what}: ${actual} vs scipy ${expected} (difference ${Math.abs(actual - expected) / scale} ${expected === 0 ? 'absolute' : 'relative'})`);
}

/** The fixture's sample: stored data, or the seeded recipe regenerated bit for bit (see make_fixtures.py). */
function sample(spec: SampleSpec): Float64Array {
  if ('data' in spec) return Float64Array.from(spec.data);
  const rng = new Rng(spec.seed);
  const values = new Float64Array(spec.size);
  for (let i = 0; i < spec.size; i++) {
    const s = rng.nextUint32() + rng.nextUint32() + rng.nextUint32() + rng.nextUint32();
    let v = spec.loc + spec.scale * (s / 4294967296 - 2);
    if (spec.quantum !== undefined) v = Math.floor(v * spec.quantum) / spec.quantum;
    values[i] = v;
  }
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  assert.equal(values[0], spec.first, `recipe ${spec.seed}: first value`);
  assert.equal(sum, spec.sum, `recipe ${spec.seed}: sum`);
  return values;
}

/** A standard-normal-ish sample from the engine's generator (for the property tests). */
function normals(seed: number, size: number, shift = 0, decimals?: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(size);
  const factor = decimals === undefined ? 0 : 10 ** decimals;
  for (let i = 0; i < size; i++) {
    const v = rng.normal() + shift;
    out[i] = decimals === undefined ? v : Math.round(v * factor) / factor;
  }
  return out;
}

describe(`drift statistics match ${fixture.source}`, () => {
  describe('ks2samp (scipy.stats.ks_2samp)', () => {
    for (const c of fixture.ks) {
      it(`${c.name} (${c.method}${c.branch === undefined ? '' : `, ${c.branch}`})`, () => {
        const result = ks2samp(sample(c.a), sample(c.b));
        assert.equal(result.method, c.method, `${c.name}: method`);
        near(result.statistic, c.statistic, `${c.name}: statistic`);
        near(result.pValue, c.pValue, `${c.name}: p-value`);
      });
    }
  });

  it('kolmogorovSurvival (scipy.stats.kstwo.sf), every branch of scipy._kolmogn', () => {
    for (const c of fixture.kstwo) near(kolmogorovSurvival(c.n, c.d), c.sf, `kstwo.sf(${c.d}, ${c.n}) [${c.branch}]`);
  });

  it('smirnovSurvival (scipy.special.smirnov)', () => {
    for (const c of fixture.smirnov) near(smirnovSurvival(c.n, c.d), c.sf, `smirnov(${c.n}, ${c.d})`);
  });

  describe('chiSquareGoodnessOfFit (scipy.stats.chisquare)', () => {
    for (const c of fixture.chisquare) {
      it(c.name, () => {
        const result = chiSquareGoodnessOfFit(c.observed, c.expected);
        assert.equal(result.dof, c.dof);
        near(result.statistic, c.statistic, `${c.name}: statistic`);
        near(result.pValue, c.pValue, `${c.name}: p-value`);
      });
    }
  });

  it('chiSquareSurvival (scipy.stats.chi2.sf)', () => {
    for (const c of fixture.chi2sf) near(chiSquareSurvival(c.x, c.dof), c.sf, `chi2.sf(${c.x}, ${c.dof})`);
  });

  it('regularizedGammaQ and logGamma (scipy.special.gammaincc, gammaln)', () => {
    for (const c of fixture.gammaincc) {
      near(regularizedGammaQ(c.a, c.x), c.q, `gammaincc(${c.a}, ${c.x})`);
      near(regularizedGammaP(c.a, c.x), 1 - value(c.q), `gammainc(${c.a}, ${c.x})`);
    }
    for (const c of fixture.gammaln) near(logGamma(c.x), c.value, `gammaln(${c.x})`);
  });

  it('standardNormalSurvival and standardNormalCdf (scipy.stats.norm.sf, norm.cdf)', () => {
    for (const c of fixture.normal) {
      near(standardNormalSurvival(c.z), c.sf, `norm.sf(${c.z})`);
      near(standardNormalCdf(c.z), c.cdf, `norm.cdf(${c.z})`);
    }
  });

  describe('wassersteinDistance (scipy.stats.wasserstein_distance)', () => {
    for (const c of fixture.wasserstein) {
      it(c.name, () => near(wassersteinDistance(sample(c.u), sample(c.v)), c.distance, c.name));
    }
  });

  it('jensenShannonDistance (scipy.spatial.distance.jensenshannon)', () => {
    for (const c of fixture.jensenshannon) near(jensenShannonDistance(c.p, c.q), c.distance, c.name);
  });

  it("twoProportionZTest (Evidently's proportions_diff_z_stat_ind, p = 2·norm.sf(|z|))", () => {
    for (const c of fixture.ztest) {
      const what = `${c.successesA}/${c.totalA} vs ${c.successesB}/${c.totalB}`;
      const result = twoProportionZTest(c.successesA, c.totalA, c.successesB, c.totalB);
      near(result.statistic, c.statistic, `${what}: z`);
      near(result.pValue, c.pValue, `${what}: p-value`);
    }
  });

  it("populationStabilityIndex (Evidently's PSI over shares, empty buckets at 0.0001)", () => {
    for (const c of fixture.psi) near(populationStabilityIndex(c.reference, c.current), c.psi, c.name);
  });
});

describe('drift statistics: properties', () => {
  it('KS: the statistic is symmetric in its arguments and lies in [0, 1], and so is the p-value', () => {
    const cases: [Float64Array, Float64Array][] = [
      [normals(1, 50), normals(2, 80, 0.4)],
      [normals(3, 500, 0, 1), normals(4, 700, 0.1, 1)],
      [normals(5, 12_000), normals(6, 400, 0.2)],
      [normals(7, 3), normals(8, 5, 3)],
    ];
    for (const [a, b] of cases) {
      const ab = ks2samp(a, b);
      const ba = ks2samp(b, a);
      assert.equal(ab.statistic, ba.statistic);
      assert.equal(ab.pValue, ba.pValue);
      assert.equal(ab.method, ba.method);
      assert.ok(ab.statistic >= 0 && ab.statistic <= 1, `statistic ${ab.statistic}`);
      assert.ok(ab.pValue >= 0 && ab.pValue <= 1, `p-value ${ab.pValue}`);
    }
    // Completely separated samples: D = 1.
    assert.equal(ks2samp(normals(9, 30), normals(10, 40, 100)).statistic, 1);
  });

  it('KS: identical samples give D = 0 and p = 1, on both paths; the inputs are not reordered', () => {
    for (const size of [1, 7, 1000, 15_000]) {
      const a = normals(20 + size, size, 0, 2);
      const copy = Float64Array.from(a);
      const result = ks2samp(a, Float64Array.from(a).reverse());
      assert.equal(result.statistic, 0);
      assert.equal(result.pValue, 1);
      assert.deepEqual(a, copy);
    }
  });

  it('KS: the p-value falls as the shift grows', () => {
    const base = normals(30, 400);
    let previous = Infinity;
    for (const shift of [0, 0.1, 0.2, 0.4, 0.8]) {
      const p = ks2samp(base, normals(31, 300, shift)).pValue;
      assert.ok(p <= previous, `shift ${shift}: ${p} after ${previous}`);
      previous = p;
    }
    assert.ok(previous < 1e-12);
  });

  it('Wasserstein: a shifted copy is the shift away (to 1e-10), symmetric, 0 to itself', () => {
    const u = normals(40, 5000);
    for (const shift of [0.5, 3, -2.25]) {
      const v = u.map((x) => x + shift);
      // Rounding u + shift and the gaps costs a few ulps per value, hence 1e-10 rather than equality.
      assert.ok(Math.abs(wassersteinDistance(u, v) - Math.abs(shift)) <= 1e-10 * Math.abs(shift), `shift ${shift}`);
    }
    const w = normals(41, 3000, 0.3, 1);
    assert.equal(wassersteinDistance(u, w), wassersteinDistance(w, u));
    assert.equal(wassersteinDistance(u, u), 0);
  });

  it('Jensen–Shannon: symmetric, 0 for equal (or proportional) inputs, at most √(ln 2), reached for disjoint supports', () => {
    const rng = new Rng(50);
    for (let trial = 0; trial < 50; trial++) {
      const k = 2 + rng.int(20);
      const p = Array.from({ length: k }, () => (rng.next() < 0.2 ? 0 : rng.next()));
      const q = Array.from({ length: k }, () => (rng.next() < 0.2 ? 0 : rng.next()));
      p[0] += 0.01;
      q[k - 1] += 0.01;
      const pq = jensenShannonDistance(p, q);
      assert.equal(pq, jensenShannonDistance(q, p));
      assert.ok(pq >= 0 && pq <= Math.sqrt(Math.LN2) + 1e-15, `${pq}`);
      assert.equal(jensenShannonDistance(p, p), 0);
      assert.ok(jensenShannonDistance(p, p.map((x) => x * 7)) < 1e-7);
    }
    assert.ok(Math.abs(jensenShannonDistance([3, 0, 0], [0, 1, 2]) - Math.sqrt(Math.LN2)) < 1e-15);
  });

  it('PSI: 0 for equal shares, positive otherwise, symmetric in its arguments', () => {
    const shares = [0.1, 0, 0.35, 0.25, 0.3];
    assert.equal(populationStabilityIndex(shares, shares), 0);
    const other = [0.2, 0.1, 0.3, 0.4, 0];
    const psi = populationStabilityIndex(shares, other);
    assert.ok(psi > 0);
    assert.ok(Math.abs(psi - populationStabilityIndex(other, shares)) <= 1e-14 * psi);
  });

  it('chi-square: p in [0, 1] and decreasing in the statistic, for whole and fractional dof', () => {
    for (const dof of [1, 2, 3, 7.5, 10, 50, 299, 2000]) {
      let previous = 1;
      for (let x = 0; x <= 4 * dof + 100; x += Math.max(0.05, dof / 40)) {
        const p = chiSquareSurvival(x, dof);
        assert.ok(p >= 0 && p <= 1, `dof ${dof}, x ${x}: ${p}`);
        assert.ok(p <= previous, `dof ${dof}, x ${x}: ${p} after ${previous}`);
        previous = p;
      }
    }
    assert.equal(chiSquareSurvival(0, 3), 1);
    assert.equal(chiSquareSurvival(Infinity, 3), 0);
    assert.ok(Number.isNaN(chiSquareSurvival(1, 0)));
    const equal = chiSquareGoodnessOfFit([10, 20, 30], [10, 20, 30]);
    assert.equal(equal.statistic, 0);
    assert.equal(equal.pValue, 1);
  });

  it('z-test: antisymmetric statistic, symmetric p-value, nothing to test without variation', () => {
    const ab = twoProportionZTest(30, 100, 45, 120);
    const ba = twoProportionZTest(45, 120, 30, 100);
    assert.equal(ab.statistic, -ba.statistic);
    assert.equal(ab.pValue, ba.pValue);
    assert.deepEqual(twoProportionZTest(0, 10, 0, 20), { statistic: 0, pValue: 1 });
    assert.deepEqual(twoProportionZTest(10, 10, 20, 20), { statistic: 0, pValue: 1 });
    assert.equal(twoProportionZTest(5, 10, 10, 20).pValue, 1);
  });

  it('rejects bad arguments with RangeError', () => {
    assert.throws(() => ks2samp(new Float64Array(0), new Float64Array(3)), RangeError);
    assert.throws(() => wassersteinDistance(new Float64Array(2), new Float64Array(0)), RangeError);
    assert.throws(() => chiSquareGoodnessOfFit([1, 2], [1, 2, 3]), RangeError);
    assert.throws(() => chiSquareGoodnessOfFit([10, 20], [10, 25]), RangeError);
    assert.throws(() => chiSquareGoodnessOfFit([-1, 2], [0.5, 0.5]), RangeError);
    assert.throws(() => jensenShannonDistance([0, 0], [1, 1]), RangeError);
    assert.throws(() => jensenShannonDistance([1], [1, 1]), RangeError);
    assert.throws(() => populationStabilityIndex([0.5, 0.5], [1]), RangeError);
    assert.throws(() => populationStabilityIndex([-0.5, 1.5], [0.5, 0.5]), RangeError);
    assert.throws(() => twoProportionZTest(3, 2, 1, 5), RangeError);
    assert.throws(() => twoProportionZTest(0, 0, 1, 5), RangeError);
  });
});
