/**
 * What the CSV and Parquet readers share when a worker thread reads half of a file: how a
 * worker's errors cross the thread boundary and become the engine's own classes again, and how
 * its outcome settles exactly once (done, failed, exited, or cancelled by the caller's signal).
 */
import type { Worker } from 'node:worker_threads';
import type { CsvReadResult } from '../engine/data/readReport';
import { CancelledError, DataError } from '../engine/errors';

/** An error as a read worker posts it (structured clone keeps no classes). */
export interface ReadWorkerError {
  readonly name: string;
  readonly message: string;
  readonly line?: number;
}

/** A half read: its result, or an error (`unexpected` when it is not the engine's own, so worth a retry here). */
export type ReadOutcome = { readonly result: CsvReadResult } | { readonly error: unknown; readonly unexpected?: boolean };

/** Turns a thrown value into what a worker posts. */
export function serializeReadError(error: unknown): ReadWorkerError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const line = error instanceof DataError ? error.line : undefined;
  return line === undefined ? { name: error.name, message: error.message } : { name: error.name, message: error.message, line };
}

/** The engine errors a worker may report, as their own classes; anything else is unexpected. */
export function reviveReadError(error: ReadWorkerError): ReadOutcome {
  if (error.name === 'DataError') return { error: new DataError(error.message, error.line) };
  if (error.name === 'CancelledError') return { error: new CancelledError(error.message) };
  return { error: Object.assign(new Error(error.message), { name: error.name }), unexpected: true };
}

/** A read in this thread as an outcome. */
export function settleRead(promise: Promise<CsvReadResult>): Promise<ReadOutcome> {
  return promise.then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
}

/** A watched worker: its outcome settles once; `stop` settles it as cancelled and terminates the worker. */
export interface WatchedReadWorker {
  readonly outcome: Promise<ReadOutcome>;
  stop(): void;
}

/**
 * Settles `worker`'s outcome once: from its messages (`onMessage` calls `finish`), an error, a
 * message that does not deserialize, its exit, or `signal` aborting. The worker is terminated then.
 */
export function watchReadWorker<M>(
  worker: Worker,
  label: string,
  signal: AbortSignal | undefined,
  onMessage: (message: M, finish: (outcome: ReadOutcome) => void) => void,
): WatchedReadWorker {
  let finish: (outcome: ReadOutcome) => void = () => undefined;
  const outcome = new Promise<ReadOutcome>((resolve) => {
    let settled = false;
    const onAbort = (): void => finish({ error: new CancelledError() });
    finish = (o) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(o);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  worker.on('message', (message: M) => onMessage(message, finish));
  worker.on('error', (error) => finish({ error, unexpected: true }));
  worker.on('messageerror', (error) => finish({ error, unexpected: true }));
  worker.on('exit', (code) => finish({ error: new Error(`${label} exited with code ${code}`), unexpected: true }));
  return { outcome, stop: () => finish({ error: new CancelledError() }) };
}
