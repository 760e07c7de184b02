import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { listLearners } from '../../../src/engine/learners';
import type { DataShape } from '../../../src/engine/learners/types';
import type { SearchSpace } from '../../../src/engine/search/domain';
import { createSearcher } from '../../../src/engine/search/createSearcher';
import { GridSearcher } from '../../../src/engine/search/gridSearcher';
import { RandomSearcher } from '../../../src/engine/search/randomSearcher';
import type { SearcherKind } from '../../../src/engine/search/searcher';
import { TpeSearcher } from '../../../src/engine/search/tpeSearcher';
import { assertInSpace, drive, inits } from './helpers';

const space: SearchSpace = {
  n: { domain: { kind: 'int', low: 1, high: 5 }, init: 3 },
  f: { domain: { kind: 'uniform', low: 0, high: 1 }, init: 1 },
};

describe('createSearcher', () => {
  it('builds the searcher of each kind and passes its options on', () => {
    assert.ok(createSearcher('grid', { space, seed: 1 }) instanceof GridSearcher);
    assert.ok(createSearcher('random', { space, seed: 1 }) instanceof RandomSearcher);
    assert.ok(createSearcher('bayesian', { space, seed: 1 }) instanceof TpeSearcher);
    assert.equal((createSearcher('grid', { space, seed: 1, pointsPerParam: 5 }) as GridSearcher).size, 25);
    const tpe = drive(createSearcher('bayesian', { space, seed: 1, nStartup: 0 }), 3, () => 1).params;
    assert.notDeepEqual(tpe, drive(createSearcher('random', { space, seed: 1 }), 3, () => 1).params, 'nStartup reached TpeSearcher');
  });

  it('rejects an unknown kind', () => {
    assert.throws(() => createSearcher('annealing' as SearcherKind, { space, seed: 1 }), RangeError);
  });

  it("accepts every registered learner's search space and stays inside it", () => {
    const shapes: DataShape[] = [
      { rows: 1000, features: 10, categoricalFeatures: 2, classes: 2 },
      { rows: 5, features: 1, categoricalFeatures: 0, classes: 1 },
      { rows: 100_000, features: 200, categoricalFeatures: 20, classes: 7 },
    ];
    const learners = listLearners();
    assert.ok(learners.length > 0);
    for (const learner of learners) {
      for (const task of learner.tasks) {
        for (const shape of shapes) {
          const s = learner.searchSpace(shape, task);
          for (const kind of ['grid', 'random', 'bayesian'] as const) {
            const { params } = drive(createSearcher(kind, { space: s, seed: 1, nStartup: 3 }), 15, (_, t) => (t % 4 === 3 ? { status: 'error' } : t % 5));
            const what = `${learner.name}/${task}/${shape.rows} rows/${kind}`;
            assert.deepEqual(params[0], inits(s), what);
            params.forEach((p) => assertInSpace(s, p, what));
          }
        }
      }
    }
  });
});
