import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { RunEvent } from '../../../src/engine/automl/events';
import { planMemory } from '../../../src/engine/automl/memoryGuard';
import { runAutoML } from '../../../src/engine/automl/runAutoML';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import { PLAIN_NUMBER_FORMAT, type Column } from '../../../src/engine/data/frame';
import { DataError } from '../../../src/engine/errors';
import { mostEngineered } from '../../../src/engine/features/engineering';
import { Rng } from '../../../src/engine/random';

/** 5,000 rows: two numbers and a 3-level category (native width 3; dense width 2 + 3 one-hot). */
function frame() {
  const rng = new Rng(1);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 5000; i++) lines.push(`${rng.normal()},${rng.normal()},${['p', 'q', 'r'][rng.int(3)]},${rng.next() > 0.5 ? 1 : 0}`);
  return readCsvBytes(new TextEncoder().encode(lines.join('\n'))).frame;
}

const all = Uint32Array.from({ length: 5000 }, (_, i) => i);
const options = { target: 'y', folds: 5, threads: 1, classes: 2, keptTrials: 8, rng: new Rng(2) };

describe('memory guard', () => {
  const data = frame();
  // Per row: frame 4 columns × 8 bytes; fold matrices 5 folds × (3 native + 5 dense) × 8 bytes;
  // kept predictions 8 trials × 2 classes × 8 bytes.
  const perRow = 5 * (3 + 5) * 8 + 8 * 2 * 8;
  const frameBytes = 5000 * 8 * 2 + 5000 * 4 * 2; // a and b Float64, c and y (boolean) Int32 codes

  it('estimates the frame, every thread\'s fold matrices and the kept predictions', () => {
    const plan = planMemory(data, all, { ...options, limitBytes: Infinity });
    assert.equal(plan.estimateBytes, frameBytes + perRow * 5000);
    assert.equal(plan.keep, undefined, 'all rows fit');
    const twoThreads = planMemory(data, all, { ...options, threads: 2, limitBytes: Infinity });
    assert.equal(twoThreads.estimateBytes - frameBytes, (5 * 2 * (3 + 5) * 8 + 8 * 2 * 8) * 5000);
  });

  it('counts the features engineering may add before it has run', () => {
    // 5 pairs + 3 group statistics in every plan; dense plans also get the 10 products of the top 4 columns.
    assert.deepEqual(mostEngineered(data), { native: 8, dense: 18 });
    // Integer columns add their target means, for at most two of them.
    const integer = (name: string): Column => ({ name, storage: 'numeric', type: 'integer', values: new Float64Array(5000), format: PLAIN_NUMBER_FORMAT });
    assert.deepEqual(mostEngineered({ ...data, columns: [...data.columns, integer('u')] }), { native: 9, dense: 19 });
    assert.deepEqual(mostEngineered({ ...data, columns: [...data.columns, integer('u'), integer('v'), integer('w')] }), { native: 10, dense: 20 });
    const plan = planMemory(data, all, { ...options, limitBytes: Infinity, engineered: mostEngineered(data) });
    assert.equal(plan.estimateBytes, frameBytes + (perRow + 5 * (8 + 18) * 8) * 5000);
  });

  it('subsamples to what fits, seeded', () => {
    const limit = frameBytes + perRow * 2000;
    const plan = planMemory(data, all, { ...options, limitBytes: limit, rng: new Rng(3) });
    assert.equal(plan.keep?.length, 2000);
    assert.deepEqual(plan.keep, planMemory(data, all, { ...options, limitBytes: limit, rng: new Rng(3) }).keep);
    const keep = plan.keep as Uint32Array;
    for (let i = 1; i < keep.length; i++) assert.ok(keep[i] > keep[i - 1], 'ascending, distinct positions');
  });

  it('refuses with the numbers when even a small sample would not fit', () => {
    assert.throws(() => planMemory(data, all, { ...options, limitBytes: frameBytes + perRow * 10 }), (e: unknown) => e instanceof DataError && /would need about .* GiB/.test(e.message));
  });

  it('makes a run search on the subsample and say so', async () => {
    const events: RunEvent[] = [];
    // selection: 'off', so no engineered width is counted (the test above covers it).
    const result = await runAutoML({ target: 'y', seed: 1, trials: 1, models: ['logistic'], selection: 'off' }, data, {
      memory: { limitBytes: frameBytes + 3000 * (5 * (3 + 5) * 8 + 16 * 2 * 8), threads: 1 }, // 16 kept trials
      onEvent: (e) => events.push(e),
    });
    assert.equal(result.plan.rows, 3000);
    assert.ok(events.some((e) => e.kind === 'log' && /using 3000 of 5000 rows/.test(e.message)));
  });
});
