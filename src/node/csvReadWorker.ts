/**
 * Entry point of a CSV read worker thread (bundled to `dist/csvReadWorker.js`): reads the columns
 * named in `workerData` from a file, posting progress, then the result with its typed arrays'
 * buffers transferred (no copy), or the error. See readCsvFileParallel.ts for the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCsvFile } from './readCsvFile';
import {
  columnBuffers,
  type CsvReadWorkerData,
  type CsvReadWorkerMessage,
  type CsvReadWorkerRequest,
} from './readCsvFileParallel';
import { serializeReadError } from './readWorker';

const port = parentPort;
if (port === null) throw new Error('csvReadWorker.js must be started as a worker thread');
const post = (message: CsvReadWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const { path, options } = workerData as CsvReadWorkerData;

// The worker starts before the head is planned; the columns and the plan follow in one message.
port.once('message', ({ columns, encoding, plan }: CsvReadWorkerRequest) => {
  // Never split again here: this thread is one half of a split.
  const onProgress = (bytesRead: number): void => post({ kind: 'progress', bytesRead });
  readCsvFile(path, { ...options, columns, encoding, plan, parallel: false, onProgress }).then(
    (result) => post({ kind: 'done', result }, columnBuffers(result.frame)),
    (error: unknown) => post({ kind: 'error', error: serializeReadError(error) }),
  );
});
