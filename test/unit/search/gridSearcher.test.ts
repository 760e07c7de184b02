import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Rng } from '../../../src/engine/random';
import type { Params, SearchSpace } from '../../../src/engine/search/domain';
import { DEFAULT_MAX_GRID_POINTS, GridSearcher } from '../../../src/engine/search/gridSearcher';
import { assertInSpace, drive, inits, randomSpace } from './helpers';

const key = (p: Params): string => JSON.stringify(p);

const space: SearchSpace = {
  lr: { domain: { kind: 'logUniform', low: 1e-4, high: 1 }, init: 1e-2 },
  depth: { domain: { kind: 'int', low: 2, high: 10 }, init: 6 },
  kind: { domain: { kind: 'choice', values: ['gbdt', 'goss'] }, init: 'gbdt' },
};

describe('GridSearcher', () => {
  it('enumerates exactly the Cartesian product, inits first, then ends', () => {
    const searcher = new GridSearcher({ space, seed: 1 });
    const { params } = drive(searcher, 1000, () => 0);
    assert.equal(params.length, 3 * 3 * 2);
    assert.equal(searcher.size, 18);
    assert.equal(searcher.sampled, false);
    assert.deepEqual(params[0], { lr: 1e-2, depth: 6, kind: 'gbdt' });
    const expected = new Set<string>();
    // The grid's middle lr is exp(ln(1e-4) / 2), 1e-2 up to rounding: it counts as the init.
    for (const lr of [1e-4, 1e-2, 1]) for (const depth of [2, 6, 10]) for (const kind of ['gbdt', 'goss']) expected.add(key({ lr, depth, kind }));
    assert.deepEqual(new Set(params.map(key)), expected);
    assert.equal(searcher.suggest(5000), undefined);
    assert.equal(searcher.suggest(5001), undefined, 'stays exhausted');
  });

  it('adds an off-grid init to its axis', () => {
    const s: SearchSpace = {
      x: { domain: { kind: 'uniform', low: 0, high: 1 }, init: 0.3 },
      n: { domain: { kind: 'int', low: 1, high: 9 }, init: 5 },
    };
    const { params } = drive(new GridSearcher({ space: s, seed: 1 }), 1000, () => 0);
    assert.equal(params.length, 4 * 3, 'x: 0.3, 0, 0.5, 1; n: 5 (on grid), 1, 9');
    assert.deepEqual(params[0], { x: 0.3, n: 5 });
    assert.deepEqual(new Set(params.map((p) => p.x)), new Set([0.3, 0, 0.5, 1]));
    assert.equal(new Set(params.map(key)).size, params.length, 'no repeats');
  });

  it('treats a grid value within rounding of init as init', () => {
    const s: SearchSpace = { x: { domain: { kind: 'uniform', low: 0, high: 1 }, init: 0.5 + 1e-13 } };
    const { params } = drive(new GridSearcher({ space: s, seed: 1 }), 10, () => 0);
    assert.deepEqual(params.map((p) => p.x), [0.5 + 1e-13, 0, 1]);
  });

  it('follows pointsPerParam and a fixed order that does not depend on the seed', () => {
    const a = drive(new GridSearcher({ space, seed: 1, pointsPerParam: 5 }), 1000, () => 0).params;
    const b = drive(new GridSearcher({ space, seed: 99, pointsPerParam: 5 }), 1000, () => 1).params;
    assert.equal(a.length, 5 * 5 * 2);
    assert.deepEqual(a, b);
    // Odometer order: the last parameter turns fastest.
    assert.deepEqual(a.slice(0, 2).map((p) => p.kind), ['gbdt', 'goss']);
  });

  it('samples a grid larger than maxPoints: inits first, then distinct grid points, seeded', () => {
    const big: Record<string, SearchSpace[string]> = {};
    for (let i = 0; i < 12; i++) big[`p${i}`] = { domain: { kind: 'uniform', low: 0, high: 1 }, init: 0.5 };
    const searcher = new GridSearcher({ space: big, seed: 4 });
    assert.equal(searcher.sampled, true);
    assert.equal(searcher.size, DEFAULT_MAX_GRID_POINTS);
    const { params } = drive(searcher, 20_000, () => 0);
    assert.equal(params.length, DEFAULT_MAX_GRID_POINTS, '3^12 = 531441 points, capped');
    assert.deepEqual(params[0], inits(big));
    assert.equal(new Set(params.map(key)).size, params.length, 'distinct');
    for (const p of params) for (const v of Object.values(p)) assert.ok(v === 0 || v === 0.5 || v === 1);
    // Not an odometer prefix: the first parameter varies too.
    assert.equal(new Set(params.slice(0, 100).map((p) => p.p0)).size, 3);

    const again = drive(new GridSearcher({ space: big, seed: 4, maxPoints: 50 }), 100, () => 0).params;
    const other = drive(new GridSearcher({ space: big, seed: 5, maxPoints: 50 }), 100, () => 0).params;
    assert.equal(again.length, 50);
    assert.deepEqual(again, drive(new GridSearcher({ space: big, seed: 4, maxPoints: 50 }), 100, () => 0).params);
    assert.notDeepEqual(again, other);
  });

  it('samples all but one point of a grid just over the cap', () => {
    const { params } = drive(new GridSearcher({ space, seed: 2, maxPoints: 17 }), 100, () => 0);
    assert.equal(params.length, 17);
    assert.equal(new Set(params.map(key)).size, 17);
  });

  it('stays in random spaces and never repeats a point (property)', () => {
    const rng = new Rng(6);
    for (let k = 0; k < 100; k++) {
      const s = randomSpace(rng);
      const searcher = new GridSearcher({ space: s, seed: k, pointsPerParam: 1 + rng.int(4), maxPoints: 200 });
      const { params } = drive(searcher, 300, () => (rng.next() < 0.3 ? { status: 'pruned' } : rng.next()));
      assert.equal(params.length, searcher.size);
      assert.deepEqual(params[0], inits(s));
      params.forEach((p) => assertInSpace(s, p));
      assert.equal(new Set(params.map(key)).size, params.length);
    }
  });

  it('offers an empty space once', () => {
    const searcher = new GridSearcher({ space: {}, seed: 1 });
    assert.deepEqual(searcher.suggest(0), {});
    assert.equal(searcher.suggest(1), undefined);
  });

  it('rejects bad options and trial ids', () => {
    assert.throws(() => new GridSearcher({ space, seed: 1, pointsPerParam: 0 }), RangeError);
    assert.throws(() => new GridSearcher({ space, seed: 1, maxPoints: 0 }), RangeError);
    const searcher = new GridSearcher({ space, seed: 1 });
    searcher.suggest(0);
    assert.throws(() => searcher.suggest(0), RangeError);
    assert.throws(() => searcher.suggest(1.5), RangeError);
    assert.throws(() => searcher.onTrialComplete(7, { status: 'error' }), RangeError);
  });
});
