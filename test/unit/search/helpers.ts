import { strict as assert } from 'node:assert';
import { Rng } from '../../../src/engine/random';
import { inDomain, type Domain, type ParamValue, type Params, type SearchSpace } from '../../../src/engine/search/domain';
import { fromUnit } from '../../../src/engine/search/sampling';
import type { Searcher, TrialOutcome } from '../../../src/engine/search/searcher';

/**
 * Upper critical value of a chi-square with `df` degrees of freedom at the one-sided normal
 * quantile `z` (Wilson–Hilferty, accurate to a few percent for df ≥ 3). z = 4.26 ≈ p = 1e-5.
 */
export function chiSquareCritical(df: number, z = 4.26): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Pearson's chi-square statistic of observed counts against expected probabilities. */
export function chiSquare(counts: readonly number[], probs: readonly number[]): number {
  const n = counts.reduce((s, c) => s + c, 0);
  return counts.reduce((s, c, i) => s + (c - n * probs[i]) ** 2 / (n * probs[i]), 0);
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

/** A random well-formed domain, degenerate ones (low = high, one choice) included. */
export function randomDomain(rng: Rng): Domain {
  const kind = rng.int(5);
  const degenerate = rng.next() < 0.1;
  switch (kind) {
    case 0: {
      const low = (rng.next() - 0.5) * 10 ** rng.int(6);
      return { kind: 'uniform', low, high: degenerate ? low : low + rng.next() * 10 ** (rng.int(7) - 3) };
    }
    case 1: {
      const low = 10 ** (rng.next() * 12 - 8);
      return { kind: 'logUniform', low, high: degenerate ? low : low * 10 ** (rng.next() * 8) };
    }
    case 2: {
      const low = rng.int(200) - 100;
      return { kind: 'int', low, high: degenerate ? low : low + rng.int(1000) };
    }
    case 3: {
      const low = 1 + rng.int(50);
      return { kind: 'logInt', low, high: degenerate ? low : low + rng.int(100000) };
    }
    default: {
      const pool: ParamValue[] = ['a', 'b', 'c', 1, 2.5, 0, true, false, 'z'];
      rng.shuffle(pool);
      return { kind: 'choice', values: pool.slice(0, degenerate ? 1 : 1 + rng.int(pool.length)) };
    }
  }
}

/** A random search space of 0–6 parameters with `init`s drawn from their domains. */
export function randomSpace(rng: Rng): SearchSpace {
  const space: Record<string, { domain: Domain; init: ParamValue }> = {};
  const n = rng.int(7);
  for (let i = 0; i < n; i++) {
    const domain = randomDomain(rng);
    space[`p${i}`] = { domain, init: fromUnit(domain, rng.next()) };
  }
  return space;
}

/** Asserts that `params` sets exactly the space's parameters, each inside its domain. */
export function assertInSpace(space: SearchSpace, params: Params, what = 'params'): void {
  assert.deepEqual(Object.keys(params).sort(), Object.keys(space).sort(), `${what}: keys`);
  for (const [name, { domain }] of Object.entries(space)) {
    assert.ok(inDomain(domain, params[name]), `${what}: ${name} = ${String(params[name])} outside ${JSON.stringify(domain)}`);
  }
}

/** The space's `init` values. */
export function inits(space: SearchSpace): Params {
  return Object.fromEntries(Object.entries(space).map(([name, p]) => [name, p.init]));
}

/**
 * Runs a searcher sequentially for up to `trials` trials against `objective` (a loss, or an
 * outcome), and returns what it suggested with the losses (Infinity for failed trials).
 */
export function drive(
  searcher: Searcher,
  trials: number,
  objective: (params: Params, trial: number) => number | TrialOutcome,
): { params: Params[]; losses: number[] } {
  const params: Params[] = [];
  const losses: number[] = [];
  for (let t = 0; t < trials; t++) {
    const p = searcher.suggest(t);
    if (p === undefined) break;
    const result = objective(p, t);
    const outcome: TrialOutcome = typeof result === 'number' ? { status: 'ok', loss: result } : result;
    params.push(p);
    losses.push(outcome.status === 'ok' ? outcome.loss : Infinity);
    searcher.onTrialComplete(t, outcome);
  }
  return { params, losses };
}
