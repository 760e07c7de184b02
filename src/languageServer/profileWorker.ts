/**
 * Entry point of the language server's profile worker thread (bundled to `dist/profileWorker.js`):
 * reads the source of `workerData` once (a big CSV with the split reader, whose own worker is found
 * next to this bundle), posts the read's report, then profiles the kept frame for each requested
 * target. See sourceProfiler.ts for the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { profileFrame } from '../engine/profile/profileFrame';
import { openSource } from '../node/sources/openSource';
import { READ_REQUEST_ID, type ProfileWorkerData, type ProfileWorkerEvent, type ProfileWorkerRequest } from '../protocol/profileWorker';
import { assertNever, serializeError } from '../protocol/worker';

const port = parentPort;
if (port === null) throw new Error('profileWorker.js must be started as a worker thread');
const post = (event: ProfileWorkerEvent): void => port.postMessage(event);
const { source } = workerData as ProfileWorkerData;

const read = openSource(source).read();
read.then(
  ({ report }) => post({ kind: 'read/completed', requestId: READ_REQUEST_ID, report }),
  (error: unknown) => post({ kind: 'error', requestId: READ_REQUEST_ID, error: serializeError(error) }),
);

port.on('message', (request: ProfileWorkerRequest) => {
  switch (request.kind) {
    case 'profile/requested': {
      const { requestId, target } = request;
      read.then(
        ({ frame, report, source: profileSource }) => {
          const hasTarget = target !== undefined && frame.columns.some((c) => c.name === target);
          const profile = profileFrame(frame, { report, source: profileSource, ...(hasTarget ? { target } : {}) });
          post({ kind: 'profile/completed', requestId, profile });
        },
        // The read's own error is posted once, above.
        () => undefined,
      ).catch((error: unknown) => post({ kind: 'error', requestId, error: serializeError(error) }));
      break;
    }
    default:
      assertNever(request.kind, 'profile worker request kind');
  }
});
