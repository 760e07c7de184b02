import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { watchReady } from '../../src/extension/panels/readyWatch';

describe('watchReady', () => {
  it('reloads a silent page after the timeout, at most twice', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const reloads: number[] = [];
      watchReady(() => false, (attempt) => reloads.push(attempt), 1000);
      mock.timers.tick(999);
      assert.deepEqual(reloads, []);
      mock.timers.tick(1);
      assert.deepEqual(reloads, [1]);
      mock.timers.tick(5000);
      assert.deepEqual(reloads, [1, 2]);
    } finally {
      mock.timers.reset();
    }
  });

  it('leaves a page alone once it is ready, and stops when told', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const state = { ready: false };
      const reloads: number[] = [];
      watchReady(() => state.ready, (attempt) => reloads.push(attempt), 1000);
      state.ready = true;
      mock.timers.tick(5000);
      assert.deepEqual(reloads, []);
      const afterStop: number[] = [];
      const stop = watchReady(() => false, (attempt) => afterStop.push(attempt), 1000);
      stop();
      mock.timers.tick(5000);
      assert.equal(afterStop.length, 0);
    } finally {
      mock.timers.reset();
    }
  });
});
