import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { NumericBinner, numericBin, numericBounds } from '../../../src/engine/learners/gbdt/binning';
import { Rng } from '../../../src/engine/random';

describe('gbdt binning', () => {
  it('puts each distinct value in its own bin when there are few, cutting halfway', () => {
    const bounds = numericBounds(Float64Array.of(1, 1, 2, 5, 5, 5), 255);
    assert.deepEqual(Array.from(bounds), [1.5, 3.5, Infinity]);
    assert.deepEqual([1, 2, 5, 0, 100].map((v) => numericBin(bounds, v)), [0, 1, 2, 0, 2]);
  });

  it('cuts many distinct values into at most maxBin equal-frequency bins', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => i).sort();
    const bounds = numericBounds(values, 10);
    assert.equal(bounds.length, 10);
    const counts = new Array(10).fill(0);
    for (const v of values) counts[numericBin(bounds, v)]++;
    assert.ok(counts.every((c) => c >= 900 && c <= 1100), counts.join(','));
  });

  it('bins with the guide table exactly as the binary search does (skewed data, boundaries, extremes)', () => {
    const rng = new Rng(5);
    for (const shape of ['normal', 'lognormal', 'integers', 'tiny']) {
      const sample = Float64Array.from({ length: 20_000 }, () => {
        const z = rng.normal();
        return shape === 'normal' ? z : shape === 'lognormal' ? Math.exp(3 * z) : shape === 'integers' ? Math.round(z * 5) : z * 1e-9;
      }).sort();
      const bounds = numericBounds(sample, 255);
      const binner = new NumericBinner(bounds);
      const probes = [...sample, ...bounds.filter(Number.isFinite), -Infinity, Infinity, -1e300, 1e300, 0, -0];
      for (let i = 0; i < 2000; i++) probes.push(sample[rng.int(sample.length)] * (1 + (rng.next() - 0.5) * 1e-12));
      for (const v of probes) assert.equal(binner.bin(v), numericBin(bounds, v), `${shape}: ${v}`);
    }
  });
});
