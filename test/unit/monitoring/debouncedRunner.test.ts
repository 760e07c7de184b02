/**
 * A watched log folder's re-checks: one run per burst of changes, a quiet moment after the last;
 * never two at once (changes during a run start one more afterwards); nothing after dispose.
 */
import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { DebouncedRunner } from '../../../src/extension/monitor/debouncedRunner';

describe('DebouncedRunner', () => {
  it('runs once per burst, after the last poke', async () => {
    let runs = 0;
    const runner = new DebouncedRunner(async () => void runs++, 30, (error) => assert.fail(String(error)));
    for (let i = 0; i < 5; i++) {
      runner.poke();
      await sleep(10);
    }
    assert.equal(runs, 0, 'still inside the burst');
    await sleep(60);
    assert.equal(runs, 1);
    runner.dispose();
  });

  it('never overlaps: pokes during a run make one more run after it', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const runner = new DebouncedRunner(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => (release = resolve));
      running--;
      runs++;
    }, 10, (error) => assert.fail(String(error)));
    runner.poke();
    await sleep(30);
    assert.equal(running, 1);
    runner.poke();
    runner.poke();
    await sleep(30);
    assert.equal(most, 1, 'the second round waits for the first');
    release();
    await sleep(40);
    assert.equal(runs, 1);
    assert.equal(running, 1, 'one more round started after the first ended');
    release();
    await sleep(10);
    assert.equal(runs, 2);
    assert.equal(runner.busy, false);
    runner.dispose();
  });

  it('reports a failed run and keeps working; runs nothing after dispose', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const runner = new DebouncedRunner(async () => {
      runs++;
      if (runs === 1) throw new Error('log unreadable');
    }, 10, (error) => errors.push(error));
    runner.poke();
    await sleep(30);
    runner.poke();
    await sleep(30);
    assert.equal(runs, 2);
    assert.deepEqual(errors.map((e) => (e as Error).message), ['log unreadable']);
    runner.poke();
    runner.dispose();
    await sleep(30);
    assert.equal(runs, 2);
  });
});
