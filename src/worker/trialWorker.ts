/**
 * Entry point of a trial worker thread (bundled to `dist/trialWorker.js`): holds the run's shared
 * data and its fold matrices, and fits and scores the folds the pool sends.
 */
import { parentPort } from 'node:worker_threads';
import { FoldCache } from '../engine/automl/foldData';
import { InProcessExecutor } from '../engine/automl/trialExecutor';
import '../engine/learners/index';
import { getMetric } from '../engine/validate/metrics';
import { initTensorflow } from '../node/tfBackend';
import { assertNever } from '../protocol/worker';
import type { SerializedFoldResult, TrialWorkerEvent, TrialWorkerRequest } from '../protocol/trials';

const port = parentPort;
if (port === null) throw new Error('trialWorker.js must be started as a worker thread');
const post = (event: TrialWorkerEvent, transfer: ArrayBuffer[] = []): void => port.postMessage(event, transfer);

let executor: InProcessExecutor | undefined;

port.on('message', (message: TrialWorkerRequest) => {
  switch (message.kind) {
    case 'trials/init': {
      const flag = message.cancelFlag;
      const signal = {
        get aborted() {
          return Atomics.load(flag, 0) === 1;
        },
      };
      executor = new InProcessExecutor(new FoldCache(message.data), getMetric(message.metric), signal);
      const ready = message.tensorflow ? initTensorflow(() => undefined).then(() => undefined) : Promise.resolve();
      void ready.then(() => post({ kind: 'trials/ready' }));
      break;
    }
    case 'trials/evaluate': {
      const { requestId, task } = message;
      if (!executor) {
        post({ kind: 'trials/error', requestId, error: { name: 'Error', message: 'trial worker used before trials/init' } });
        break;
      }
      executor.evaluate(task).then(
        (results) => {
          const folds: SerializedFoldResult[] = results.map((r) => ({ ...r, model: r.model.toJSON() }));
          // Predictions are fresh arrays: move them instead of copying.
          const buffers = results.flatMap((r) => (r.prediction.kind === 'regression' ? [r.prediction.values] : r.prediction.proba)).map((a) => a.buffer as ArrayBuffer);
          post({ kind: 'trials/result', requestId, folds }, buffers);
        },
        (error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          post({ kind: 'trials/error', requestId, error: { name: e.name, message: e.message } });
        },
      );
      break;
    }
    default:
      assertNever(message);
  }
});
