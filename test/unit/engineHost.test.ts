import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancelledError } from '../../src/engine/errors';
import { EngineError, EngineHost, isUserFacing } from '../../src/node/engineHost';
import type { SourceSpec } from '../../src/engine/data/sourceSpec';
import type { ProfileProgressEvent } from '../../src/protocol/worker';

/**
 * A stand-in for dist/engineWorker.js that speaks the protocol and acts out the "file" it is given
 * (the path of its source):
 * `echo:<ms>` answers after ms, `hang` never answers, `exit:<code>` and `throw` crash the thread,
 * `fail` reports a user-facing error, `cancels` answers with how many cancellations it saw.
 */
const FAKE_WORKER = `
const { parentPort } = require('node:worker_threads');
let cancelMessages = 0;
const flags = [];
parentPort.on('message', (message) => {
  if (message.kind === 'request/cancel') { cancelMessages++; return; }
  const { requestId, source, cancelFlag } = message;
  const [command, arg] = source.path.split(':');
  const complete = (rows) => parentPort.postMessage({
    kind: 'profile/completed', requestId, profile: { rows, columns: [], warnings: [] }, readMs: 1, profileMs: 2,
  });
  switch (command) {
    case 'echo':
      parentPort.postMessage({ kind: 'profile/progress', requestId, phase: 'read', fraction: 0.5, bytesRead: 5, totalBytes: 10 });
      setTimeout(() => complete(Number(arg)), Number(arg));
      break;
    case 'hang':
      flags.push(cancelFlag);
      break;
    case 'cancels':
      complete(cancelMessages * 10 + flags.filter((flag) => Atomics.load(flag, 0) === 1).length);
      break;
    case 'exit':
      process.exit(Number(arg));
    case 'throw':
      setTimeout(() => { throw new Error('boom in worker'); }, 5);
      break;
    case 'fail':
      parentPort.postMessage({ kind: 'error', requestId, error: { name: 'DataError', message: 'Unknown column "y".', userFacing: true } });
      break;
  }
});
`;

/** A source whose path tells the stand-in worker what to do. */
const act = (path: string): SourceSpec => ({ kind: 'csv', path });

describe('EngineHost', () => {
  let dir: string;
  let workerPath: string;
  const hosts: EngineHost[] = [];
  const newHost = (): EngineHost => {
    const host = new EngineHost({ workerPath });
    hosts.push(host);
    return host;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'engine-host-test-'));
    workerPath = join(dir, 'fakeWorker.js');
    writeFileSync(workerPath, FAKE_WORKER);
  });
  after(() => {
    for (const host of hosts) host.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('routes results and progress to the request they belong to', async () => {
    const host = newHost();
    const slowEvents: ProfileProgressEvent[] = [];
    const fastEvents: ProfileProgressEvent[] = [];
    const slow = host.profile(act('echo:80'), {}, { onProgress: (event) => slowEvents.push(event) });
    const fast = host.profile(act('echo:5'), {}, { onProgress: (event) => fastEvents.push(event) });
    const [slowResult, fastResult] = await Promise.all([slow, fast]);
    assert.equal(slowResult.profile.rows, 80);
    assert.equal(fastResult.profile.rows, 5);
    assert.deepEqual({ readMs: fastResult.readMs, profileMs: fastResult.profileMs }, { readMs: 1, profileMs: 2 });
    assert.equal(slowEvents.length, 1);
    assert.equal(fastEvents.length, 1);
    assert.notEqual(slowEvents[0].requestId, fastEvents[0].requestId);
    assert.equal(fastEvents[0].bytesRead, 5);
  });

  it('rejects with the engine error the worker reports, keeping whether it is user-facing', async () => {
    const host = newHost();
    const error = await host.profile(act('fail'), {}).then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof EngineError);
    assert.equal(error.name, 'DataError');
    assert.equal(error.message, 'Unknown column "y".');
    assert.ok(isUserFacing(error));
  });

  it('cancels: rejects at once, tells the worker and raises the shared flag', async () => {
    const host = newHost();
    const abort = new AbortController();
    const hanging = host.profile(act('hang'), {}, { signal: abort.signal });
    abort.abort();
    await assert.rejects(hanging, CancelledError);
    // One request/cancel message and one raised flag, seen by a later request on the same worker.
    assert.equal((await host.profile(act('cancels'), {})).profile.rows, 11);
  });

  it('rejects an already aborted request without starting it', async () => {
    const host = newHost();
    await assert.rejects(host.profile(act('echo:1'), {}, { signal: AbortSignal.abort() }), CancelledError);
    assert.equal((await host.profile(act('cancels'), {})).profile.rows, 0);
  });

  it('drops events that arrive after a request was cancelled', async () => {
    const host = newHost();
    const abort = new AbortController();
    const cancelled = host.profile(act('echo:20'), {}, { signal: abort.signal, onProgress: () => abort.abort() });
    await assert.rejects(cancelled, CancelledError);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal((await host.profile(act('echo:1'), {})).profile.rows, 1);
  });

  it('rejects every pending request when the worker exits, then starts a new worker', async () => {
    const host = newHost();
    const hanging = host.profile(act('hang'), {});
    const exiting = host.profile(act('exit:3'), {});
    for (const request of [hanging, exiting]) {
      await assert.rejects(request, (error: unknown) => {
        assert.ok(error instanceof EngineError);
        assert.match(error.message, /exit code 3/);
        return true;
      });
    }
    assert.equal((await host.profile(act('echo:1'), {})).profile.rows, 1);
  });

  it('rejects pending requests when the worker exits cleanly while they wait', async () => {
    const host = newHost();
    await assert.rejects(host.profile(act('exit:0'), {}), /exit code 0/);
  });

  it('rejects every pending request when the worker throws', async () => {
    const host = newHost();
    const hanging = host.profile(act('hang'), {});
    const throwing = host.profile(act('throw'), {});
    for (const request of [hanging, throwing]) await assert.rejects(request, /boom in worker/);
    assert.equal((await host.profile(act('echo:1'), {})).profile.rows, 1);
  });

  it('rejects a request whose progress callback throws', async () => {
    const host = newHost();
    const request = host.profile(act('echo:1'), {}, {
      onProgress: () => {
        throw new RangeError('bad progress handler');
      },
    });
    await assert.rejects(request, RangeError);
  });

  it('dispose rejects pending requests and refuses new ones', async () => {
    const host = newHost();
    const hanging = host.profile(act('hang'), {});
    host.dispose();
    await assert.rejects(hanging, CancelledError);
    await assert.rejects(host.profile(act('echo:1'), {}), /disposed/);
  });
});
