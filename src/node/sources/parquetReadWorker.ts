/**
 * Entry point of a Parquet read worker thread (bundled to `dist/parquetReadWorker.js`): reads the
 * columns named in `workerData` from a file, posting progress, then the result with its typed
 * arrays' buffers transferred (no copy), or the error. See readParquetParallel.ts for the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { columnBuffers } from '../readCsvFileParallel';
import { serializeReadError } from '../readWorker';
import type { ParquetReadWorkerData, ParquetReadWorkerMessage } from './readParquetParallel';
import { readParquetFile } from './readParquetFile';

const port = parentPort;
if (port === null) throw new Error('parquetReadWorker.js must be started as a worker thread');
const post = (message: ParquetReadWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const { path, only, options } = workerData as ParquetReadWorkerData;

readParquetFile(path, { ...options, only, parallel: false, onProgress: (read, total) => post({ kind: 'progress', read, total }) }).then(
  ({ frame, report }) => post({ kind: 'done', result: { frame, report } }, columnBuffers(frame)),
  (error: unknown) => post({ kind: 'error', error: serializeReadError(error) }),
);
