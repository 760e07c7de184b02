import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Rng } from '../../../src/engine/random';
import type { SearchSpace } from '../../../src/engine/search/domain';
import { RandomSearcher } from '../../../src/engine/search/randomSearcher';
import { assertInSpace, drive, inits, randomSpace } from './helpers';

const space: SearchSpace = {
  lr: { domain: { kind: 'logUniform', low: 1e-4, high: 1 }, init: 0.1 },
  leaves: { domain: { kind: 'logInt', low: 4, high: 512 }, init: 31, lowCostInit: 4 },
  kind: { domain: { kind: 'choice', values: ['a', 'b', 'c'] }, init: 'b' },
};

describe('RandomSearcher', () => {
  it('suggests the inits first, then draws within the domains', () => {
    const { params } = drive(new RandomSearcher({ space, seed: 1 }), 200, () => 0);
    assert.equal(params.length, 200, 'never runs out');
    assert.deepEqual(params[0], { lr: 0.1, leaves: 31, kind: 'b' });
    params.forEach((p, i) => assertInSpace(space, p, `trial ${i}`));
    assert.ok(new Set(params.map((p) => p.lr)).size > 190, 'later points differ');
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = drive(new RandomSearcher({ space, seed: 5 }), 30, () => 0).params;
    const b = drive(new RandomSearcher({ space, seed: 5 }), 30, () => 1).params;
    const c = drive(new RandomSearcher({ space, seed: 6 }), 30, () => 0).params;
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.slice(1), c.slice(1));
  });

  it('stays in random spaces, with failed trials reported (property)', () => {
    const rng = new Rng(3);
    for (let k = 0; k < 100; k++) {
      const s = randomSpace(rng);
      const { params } = drive(new RandomSearcher({ space: s, seed: k }), 40, () => (rng.next() < 0.3 ? { status: 'error' } : rng.next()));
      assert.deepEqual(params[0], inits(s));
      params.forEach((p) => assertInSpace(s, p));
    }
  });

  it('offers an empty space once', () => {
    const searcher = new RandomSearcher({ space: {}, seed: 1 });
    assert.deepEqual(searcher.suggest(0), {});
    assert.equal(searcher.suggest(1), undefined);
  });

  it('rejects a reused trial id, unknown or repeated reports, and a bad space', () => {
    const searcher = new RandomSearcher({ space, seed: 1 });
    searcher.suggest(3);
    assert.throws(() => searcher.suggest(3), RangeError);
    assert.throws(() => searcher.onTrialComplete(4, { status: 'ok', loss: 1 }), RangeError);
    searcher.onTrialComplete(3, { status: 'ok', loss: 1 });
    assert.throws(() => searcher.onTrialComplete(3, { status: 'ok', loss: 1 }), RangeError);
    assert.throws(() => new RandomSearcher({ space: { x: { domain: { kind: 'uniform', low: 0, high: 1 }, init: 2 } }, seed: 1 }), RangeError);
  });
});
