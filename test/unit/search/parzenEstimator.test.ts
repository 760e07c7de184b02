import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Rng } from '../../../src/engine/random';
import {
  fitCategoricalParzen,
  fitUnitParzen,
  normalCdf,
  observationWeights,
  pickCumulative,
  TruncatedGaussianMixture,
} from '../../../src/engine/search/parzenEstimator';
import { chiSquare, chiSquareCritical } from './helpers';

/** ∫₀¹ exp(logPdf) by the midpoint rule. */
function integrate(mixture: TruncatedGaussianMixture, steps = 20_000): number {
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += Math.exp(mixture.logPdf((i + 0.5) / steps));
  return sum / steps;
}

function randomFit(rng: Rng): TruncatedGaussianMixture {
  const n = rng.int(40);
  const observations = Array.from({ length: n }, () => (rng.next() < 0.2 ? rng.int(2) : rng.next()));
  return fitUnitParzen(observations, observationWeights(n), 0.2 + rng.next() * 2);
}

describe('normalCdf', () => {
  it('matches known quantiles', () => {
    const cases: [number, number][] = [[0, 0.5], [1, 0.8413447461], [1.959963985, 0.975], [-2.326347874, 0.01], [-6, 9.865876e-10]];
    for (const [x, p] of cases) assert.ok(Math.abs(normalCdf(x) - p) <= 1e-7 * Math.max(p, 1e-3), `Φ(${x}) = ${normalCdf(x)}, expected ${p}`);
  });
});

describe('observationWeights', () => {
  it('is flat up to 25 observations, then ramps the oldest ones from 1/n', () => {
    assert.deepEqual(observationWeights(0), []);
    assert.deepEqual(observationWeights(3), [1, 1, 1]);
    assert.deepEqual(observationWeights(25), new Array<number>(25).fill(1));
    const w = observationWeights(40);
    assert.equal(w.length, 40);
    assert.ok(Math.abs(w[0] - 1 / 40) < 1e-15);
    assert.equal(w[14], 1);
    for (let i = 1; i < 40; i++) assert.ok(w[i] >= w[i - 1]);
    assert.deepEqual(w.slice(15), new Array<number>(25).fill(1));
  });
});

describe('fitUnitParzen', () => {
  it('with no observations is the prior N(0.5, 1) truncated to [0, 1]', () => {
    const prior = fitUnitParzen([], [], 1);
    assert.deepEqual([...prior.mus], [0.5]);
    assert.deepEqual([...prior.sigmas], [1]);
    assert.deepEqual([...prior.weights], [1]);
  });

  it('takes bandwidths from neighbour distances, outermost kernels looking inwards, clipped', () => {
    // Sorted with the prior centre: 0.2, 0.5, 0.8 inside the ends 0 and 1.
    const m = fitUnitParzen([0.8, 0.2], [1, 1], 1);
    assert.deepEqual([...m.mus], [0.8, 0.2, 0.5]);
    assert.ok(Math.abs(m.sigmas[0] - 0.3) < 1e-12 && Math.abs(m.sigmas[1] - 0.3) < 1e-12, `${[...m.sigmas].join(',')}`);
    assert.equal(m.sigmas[2], 1);
    assert.deepEqual([...m.weights].map((w) => Math.round(w * 3)), [1, 1, 1]);
    // Clustered observations get the floor 1 / min(100, n + 2).
    const tight = fitUnitParzen([0.4, 0.41, 0.42, 0.43], [1, 1, 1, 1], 1);
    for (let i = 0; i < 4; i++) assert.ok(tight.sigmas[i] >= 1 / 6 - 1e-12, `sigma ${tight.sigmas[i]}`);
  });

  it('is a density on [0, 1] (integrates to 1) for random fits', () => {
    const rng = new Rng(1);
    for (let k = 0; k < 20; k++) {
      const area = integrate(randomFit(rng));
      assert.ok(Math.abs(area - 1) < 1e-4, `area ${area}`);
    }
  });

  it('samples follow its density and stay in [0, 1]', () => {
    const rng = new Rng(2);
    const m = fitUnitParzen([0.1, 0.15, 0.9], [1, 1, 1], 1);
    const bins = 10;
    const counts = new Array<number>(bins).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const x = m.sample(rng);
      assert.ok(x >= 0 && x <= 1);
      counts[Math.min(bins - 1, Math.floor(x * bins))]++;
    }
    const probs = counts.map((_, b) => {
      let s = 0;
      for (let j = 0; j < 200; j++) s += Math.exp(m.logPdf((b + (j + 0.5) / 200) / bins));
      return s / 200 / bins;
    });
    const stat = chiSquare(counts, probs);
    assert.ok(stat < chiSquareCritical(bins - 1), `chi-square ${stat}`);
  });

  it('puts more density near its observations than away from them', () => {
    const m = fitUnitParzen([0.3, 0.32, 0.29, 0.31], [1, 1, 1, 1], 1);
    assert.ok(m.logPdf(0.3) > m.logPdf(0.9) + 1);
  });
});

describe('fitCategoricalParzen', () => {
  it('is uniform without observations and a distribution favouring what was observed', () => {
    assert.deepEqual([...fitCategoricalParzen([], 4, [], 1)], [0.25, 0.25, 0.25, 0.25]);
    const p = fitCategoricalParzen([2, 2, 0], 4, [1, 1, 1], 1);
    assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-12);
    assert.ok(p[2] > p[0] && p[0] > p[1] && p[1] === p[3] && p[1] > 0, `${[...p].join(',')}`);
  });
});

describe('pickCumulative', () => {
  it('finds the bucket u falls in', () => {
    const c = Float64Array.from([1, 1, 3, 4]);
    assert.equal(pickCumulative(c, 0), 0);
    assert.equal(pickCumulative(c, 0.3), 2, 'zero-width bucket 1 is never picked');
    assert.equal(pickCumulative(c, 0.99), 3);
  });
});
