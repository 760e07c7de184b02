import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Rng } from '../../../src/engine/random';
import { inDomain, type Domain } from '../../../src/engine/search/domain';
import { fromUnit, gridValues, sampleDomain, toUnit, validateDomain, validateSearchSpace } from '../../../src/engine/search/sampling';
import { chiSquare, chiSquareCritical, median, randomDomain } from './helpers';

const N = 10_000;

function draws(domain: Domain, seed: number, n = N): (string | number | boolean)[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => sampleDomain(domain, rng));
}

describe('validateDomain / validateSearchSpace', () => {
  it('accepts well-formed domains, including degenerate ones', () => {
    for (const d of [
      { kind: 'uniform', low: -1, high: 1 },
      { kind: 'uniform', low: 2, high: 2 },
      { kind: 'logUniform', low: 1e-9, high: 1e9 },
      { kind: 'int', low: -5, high: -5 },
      { kind: 'logInt', low: 1, high: 32768 },
      { kind: 'choice', values: [true] },
    ] satisfies Domain[]) {
      assert.doesNotThrow(() => validateDomain(d), JSON.stringify(d));
    }
  });

  it('rejects malformed domains with RangeError', () => {
    for (const d of [
      { kind: 'uniform', low: 1, high: 0 },
      { kind: 'uniform', low: 0, high: Infinity },
      { kind: 'uniform', low: Number.NaN, high: 1 },
      { kind: 'logUniform', low: 0, high: 1 },
      { kind: 'int', low: 0.5, high: 3 },
      { kind: 'logInt', low: 0, high: 10 },
      { kind: 'choice', values: [] },
    ] satisfies Domain[]) {
      assert.throws(() => validateDomain(d), RangeError, JSON.stringify(d));
    }
  });

  it('rejects an init or lowCostInit outside its domain, naming the parameter', () => {
    assert.throws(() => validateSearchSpace({ lr: { domain: { kind: 'logUniform', low: 1e-3, high: 1 }, init: 2 } }), /'lr'.*init/);
    assert.throws(() => validateSearchSpace({ n: { domain: { kind: 'int', low: 1, high: 9 }, init: 2.5 } }), /'n'/);
    assert.throws(() => validateSearchSpace({ n: { domain: { kind: 'int', low: 1, high: 9 }, init: 2, lowCostInit: 0 } }), /lowCostInit/);
    assert.throws(() => validateSearchSpace({ c: { domain: { kind: 'choice', values: ['a'] }, init: 'b' } }), RangeError);
    assert.doesNotThrow(() => validateSearchSpace({}));
  });
});

describe('sampleDomain', () => {
  it('always lands in the domain (property over random domains)', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 300; k++) {
      const domain = randomDomain(rng);
      for (let i = 0; i < 200; i++) {
        const v = sampleDomain(domain, rng);
        assert.ok(inDomain(domain, v), `${String(v)} outside ${JSON.stringify(domain)}`);
      }
    }
  });

  it('uniform: the mean lies within 5 standard errors of the midpoint', () => {
    const values = draws({ kind: 'uniform', low: -2, high: 6 }, 1) as number[];
    const mean = values.reduce((s, v) => s + v, 0) / N;
    const standardError = 8 / Math.sqrt(12) / Math.sqrt(N);
    assert.ok(Math.abs(mean - 2) < 5 * standardError, `mean ${mean}`);
  });

  it('logUniform: the median is near the geometric mean, and decades are equally likely', () => {
    const low = 1e-4;
    const high = 1;
    const values = draws({ kind: 'logUniform', low, high }, 2) as number[];
    // The sample median of U(0, 1) has standard deviation ≈ 0.5 / √N; in log10 units that is
    // scaled by the width of the range. Allow 5 of those.
    const tolerance = 5 * (0.5 / Math.sqrt(N)) * Math.log10(high / low);
    const logMedian = Math.log10(median(values));
    assert.ok(Math.abs(logMedian - -2) < tolerance, `log10 median ${logMedian}, tolerance ${tolerance}`);
    const counts = [0, 0, 0, 0];
    for (const v of values) counts[Math.min(3, Math.floor(Math.log10(v) + 4))]++;
    const stat = chiSquare(counts, [0.25, 0.25, 0.25, 0.25]);
    assert.ok(stat < chiSquareCritical(3), `chi-square ${stat} over decades ${counts.join(',')}`);
  });

  it('int: inclusive bounds, every integer equally likely', () => {
    const values = draws({ kind: 'int', low: -3, high: 4 }, 3) as number[];
    const counts = new Array<number>(8).fill(0);
    for (const v of values) counts[v + 3]++;
    assert.ok(counts[0] > 0 && counts[7] > 0, 'both bounds drawn');
    const stat = chiSquare(counts, new Array<number>(8).fill(1 / 8));
    assert.ok(stat < chiSquareCritical(7), `chi-square ${stat}: ${counts.join(',')}`);
  });

  it('logInt: integer k drawn with probability ∝ ln((k + ½)/(k − ½)) (log-uniform, rounded)', () => {
    const low = 1;
    const high = 64;
    const values = draws({ kind: 'logInt', low, high }, 4) as number[];
    const counts = new Array<number>(high - low + 1).fill(0);
    for (const v of values) counts[v - low]++;
    const total = Math.log((high + 0.5) / (low - 0.5));
    const probs = counts.map((_, i) => Math.log((low + i + 0.5) / (low + i - 0.5)) / total);
    const stat = chiSquare(counts, probs);
    assert.ok(stat < chiSquareCritical(counts.length - 1), `chi-square ${stat}`);
    // Log scale, not linear: half the draws fall at or below about √(low·high), not near 32.
    assert.ok(median(values) <= 10, `median ${median(values)}`);
  });

  it('choice: every value equally likely', () => {
    const domain: Domain = { kind: 'choice', values: ['a', 1, true, 'd', 0.5] };
    const values = draws(domain, 5);
    const counts = domain.values.map((c) => values.filter((v) => v === c).length);
    const stat = chiSquare(counts, new Array<number>(5).fill(0.2));
    assert.ok(stat < chiSquareCritical(4), `chi-square ${stat}: ${counts.join(',')}`);
  });

  it('is deterministic for a seed', () => {
    const d: Domain = { kind: 'logUniform', low: 1e-3, high: 10 };
    assert.deepEqual(draws(d, 11, 50), draws(d, 11, 50));
    assert.notDeepEqual(draws(d, 11, 50), draws(d, 12, 50));
  });
});

describe('toUnit / fromUnit', () => {
  it('maps to [0, 1] in the domain scale', () => {
    assert.equal(toUnit({ kind: 'uniform', low: 2, high: 4 }, 3), 0.5);
    assert.ok(Math.abs(toUnit({ kind: 'logUniform', low: 1e-4, high: 1 }, 1e-2) - 0.5) < 1e-12);
    assert.equal(toUnit({ kind: 'int', low: 0, high: 3 }, 0), 1 / 8);
    assert.equal(toUnit({ kind: 'int', low: 0, high: 3 }, 3), 7 / 8);
    assert.equal(toUnit({ kind: 'choice', values: ['a', 'b'] }, 'b'), 0.75);
    assert.equal(toUnit({ kind: 'uniform', low: 2, high: 2 }, 2), 0.5);
    assert.equal(toUnit({ kind: 'uniform', low: 0, high: 1 }, 7), 1, 'clamped');
  });

  it('fromUnit inverts toUnit: exactly for ints and choices, closely for reals (property)', () => {
    const rng = new Rng(8);
    for (let k = 0; k < 300; k++) {
      const domain = randomDomain(rng);
      for (let i = 0; i < 50; i++) {
        const v = sampleDomain(domain, rng);
        const u = toUnit(domain, v);
        assert.ok(u >= 0 && u <= 1, `u ${u}`);
        const back = fromUnit(domain, u);
        if (domain.kind === 'uniform' || domain.kind === 'logUniform') {
          assert.ok(Math.abs((back as number) - (v as number)) <= 1e-9 * Math.max(1, Math.abs(v as number)), `${String(v)} -> ${u} -> ${String(back)}`);
        } else {
          assert.equal(back, v, `${JSON.stringify(domain)}: ${String(v)} -> ${u} -> ${String(back)}`);
        }
      }
    }
  });

  it('fromUnit always lands in the domain, at the ends and beyond too', () => {
    const rng = new Rng(9);
    for (let k = 0; k < 300; k++) {
      const domain = randomDomain(rng);
      for (const u of [0, 1e-17, 0.5, 1 - 1e-16, 1, -3, 4, rng.next()]) {
        const v = fromUnit(domain, u);
        assert.ok(inDomain(domain, v), `u=${u}: ${String(v)} outside ${JSON.stringify(domain)}`);
      }
    }
  });

  it('fromUnit reaches both integer bounds and is monotone', () => {
    const d: Domain = { kind: 'logInt', low: 1, high: 100 };
    assert.equal(fromUnit(d, 0), 1);
    assert.equal(fromUnit(d, 1), 100);
    let previous = -Infinity;
    for (let u = 0; u <= 1; u += 0.001) {
      const v = fromUnit(d, u) as number;
      assert.ok(v >= previous);
      previous = v;
    }
  });

  it('rejects NaN, wrong types and unknown choices', () => {
    assert.throws(() => fromUnit({ kind: 'uniform', low: 0, high: 1 }, Number.NaN), RangeError);
    assert.throws(() => toUnit({ kind: 'uniform', low: 0, high: 1 }, 'x'), TypeError);
    assert.throws(() => toUnit({ kind: 'choice', values: ['a'] }, 'b'), RangeError);
  });
});

describe('gridValues', () => {
  const close = (actual: readonly unknown[], expected: readonly number[]): void => {
    assert.equal(actual.length, expected.length, `${actual.join(',')} vs ${expected.join(',')}`);
    actual.forEach((v, i) => assert.ok(Math.abs((v as number) - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])), `${actual.join(',')}`));
  };

  it('spaces reals evenly in their scale, bounds included', () => {
    close(gridValues({ kind: 'uniform', low: 0, high: 1 }, 3), [0, 0.5, 1]);
    close(gridValues({ kind: 'logUniform', low: 1e-4, high: 1 }, 5), [1e-4, 1e-3, 1e-2, 1e-1, 1]);
    close(gridValues({ kind: 'uniform', low: 0, high: 4 }, 1), [2]);
    close(gridValues({ kind: 'logUniform', low: 1, high: 100 }, 1), [10]);
  });

  it('rounds and deduplicates integers', () => {
    assert.deepEqual(gridValues({ kind: 'int', low: 1, high: 3 }, 5), [1, 2, 3]);
    assert.deepEqual(gridValues({ kind: 'int', low: 0, high: 10 }, 3), [0, 5, 10]);
    assert.deepEqual(gridValues({ kind: 'logInt', low: 1, high: 1000 }, 4), [1, 10, 100, 1000]);
    assert.deepEqual(gridValues({ kind: 'logInt', low: 1, high: 4 }, 10), [1, 2, 3, 4]);
    assert.deepEqual(gridValues({ kind: 'int', low: 7, high: 7 }, 3), [7]);
  });

  it('lists every choice whatever the point count', () => {
    assert.deepEqual(gridValues({ kind: 'choice', values: ['x', 2, false] }, 1), ['x', 2, false]);
  });

  it('stays in the domain, ascending and distinct (property)', () => {
    const rng = new Rng(10);
    for (let k = 0; k < 300; k++) {
      const domain = randomDomain(rng);
      const points = 1 + rng.int(12);
      const values = gridValues(domain, points);
      assert.ok(values.length >= 1 && (domain.kind === 'choice' || values.length <= points));
      values.forEach((v, i) => {
        assert.ok(inDomain(domain, v), `${String(v)} outside ${JSON.stringify(domain)}`);
        if (i > 0 && domain.kind !== 'choice') assert.ok((v as number) > (values[i - 1] as number));
      });
    }
  });

  it('rejects a non-positive or fractional point count', () => {
    assert.throws(() => gridValues({ kind: 'uniform', low: 0, high: 1 }, 0), RangeError);
    assert.throws(() => gridValues({ kind: 'uniform', low: 0, high: 1 }, 2.5), RangeError);
  });
});
