/**
 * The host side of the engine worker: spawns the worker thread lazily, correlates events with
 * requests by `requestId`, cancels, and never leaves a caller waiting when the worker dies.
 *
 * Free of `vscode` so the extension and the CLI share it, and unit tests run it under plain Node.
 */
import { Worker } from 'node:worker_threads';
import { AutoMLError, CancelledError } from '../engine/errors';
import {
  CANCELLED_ERROR_NAME,
  assertNever,
  type EngineEvent,
  type EngineRequest,
  type ProfileCompletedEvent,
  type ProfileProgressEvent,
  type ProfileRequestOptions,
  type SerializedError,
} from '../protocol/worker';

/** An error reported by (or about) the engine worker, rebuilt on the host side. */
export class EngineError extends Error {
  /** True when `message` is written for the user; otherwise it describes a bug. */
  readonly userFacing: boolean;

  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    this.userFacing = error.userFacing;
    // The worker's stack shows where it failed; ours would only show the message plumbing.
    if (error.stack !== undefined) this.stack = error.stack;
  }
}

/** True when an error's message can be shown to the user as is (no stack trace needed). */
export function isUserFacing(error: unknown): boolean {
  return error instanceof AutoMLError || (error instanceof EngineError && error.userFacing);
}

/** How to start the worker, and where the host's own diagnostics go. */
export interface EngineHostOptions {
  /** Absolute path of the bundled worker entry, e.g. `<extension>/dist/engineWorker.js`. */
  readonly workerPath: string;
  /** Receives one line per worker start, exit or crash. */
  readonly log?: (message: string) => void;
}

/** Per-request callbacks and cancellation. */
export interface ProfileCallOptions {
  /** Called for each (throttled) progress event of this request only. */
  readonly onProgress?: (event: ProfileProgressEvent) => void;
  /** Aborting it cancels the request: the promise rejects with `CancelledError` at once. */
  readonly signal?: AbortSignal;
}

/** What a successful profiling request resolves to. */
export type ProfileResult = Omit<ProfileCompletedEvent, 'kind' | 'requestId'>;

/** Events that belong to a request and are not its failure. */
type RequestEvent = Exclude<EngineEvent, { kind: 'error' }>;

interface Pending {
  readonly onEvent: (event: RequestEvent) => void;
  readonly reject: (error: Error) => void;
  readonly cleanup: () => void;
}

/** Runs engine requests on one lazily started worker thread. Dispose it to stop the thread. */
export class EngineHost {
  private worker: Worker | undefined;
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(private readonly options: EngineHostOptions) {}

  /** Reads and profiles the CSV/TSV file at `file` (an absolute path) in the worker. */
  profile(file: string, options: ProfileRequestOptions, call: ProfileCallOptions = {}): Promise<ProfileResult> {
    return new Promise<ProfileResult>((resolve, reject) => {
      if (this.disposed) return reject(new Error('The AutoML engine host has been disposed.'));
      if (call.signal?.aborted) return reject(new CancelledError());
      const requestId = this.nextRequestId++;
      const cancelFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
      const onAbort = (): void => {
        Atomics.store(cancelFlag, 0, 1);
        this.post({ kind: 'request/cancel', requestId });
        // The caller is not kept waiting for the worker to notice; its late answer is dropped.
        this.settle(requestId)?.reject(new CancelledError());
      };
      call.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(requestId, {
        onEvent: (event) => {
          switch (event.kind) {
            case 'profile/progress':
              call.onProgress?.(event);
              break;
            case 'profile/completed': {
              this.settle(requestId);
              const { kind: _kind, requestId: _id, ...result } = event;
              resolve(result);
              break;
            }
            default:
              assertNever(event, 'engine event');
          }
        },
        reject,
        cleanup: () => call.signal?.removeEventListener('abort', onAbort),
      });
      this.send({ kind: 'profile/start', requestId, file, options, cancelFlag });
    });
  }

  /** Rejects every pending request with `CancelledError` and terminates the worker. */
  dispose(): void {
    this.disposed = true;
    this.failAll(new CancelledError('The AutoML engine was shut down.'));
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
  }

  /** Starts a request: spawns the worker if needed and keeps it referenced while work is pending. */
  private send(request: EngineRequest): void {
    try {
      const worker = this.ensureWorker();
      worker.ref();
      worker.postMessage(request);
    } catch (error) {
      this.settle(request.requestId)?.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Sends a message to a worker that is already running (cancellation needs no new worker). */
  private post(request: EngineRequest): void {
    this.worker?.postMessage(request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath);
    this.options.log?.(`Engine worker started (thread ${worker.threadId}).`);
    worker.on('message', (event: EngineEvent) => this.onMessage(event));
    worker.on('messageerror', (error: Error) => {
      // The message is lost and we cannot tell whose it was: nobody may wait forever for it.
      this.crashed(worker, `The AutoML engine sent a message that could not be read: ${error.message}`, error.stack);
      void worker.terminate();
    });
    worker.on('error', (error: Error) => {
      this.crashed(worker, `The AutoML engine crashed: ${error.message}`, error.stack);
    });
    worker.on('exit', (code: number) => {
      if (this.worker === worker) this.options.log?.(`Engine worker exited with code ${code}.`);
      this.crashed(worker, `The AutoML engine stopped unexpectedly (exit code ${code}).`);
    });
    this.worker = worker;
    return worker;
  }

  /** Forgets a dead worker (the next request starts a new one) and fails whatever it was doing. */
  private crashed(worker: Worker, message: string, stack?: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.pending.size === 0) return;
    this.options.log?.(stack ?? message);
    this.failAll(new EngineError({ name: 'EngineCrashedError', message, stack, userFacing: true }));
  }

  private onMessage(event: EngineEvent): void {
    const pending = this.pending.get(event.requestId);
    // Events for requests that were cancelled or already failed are expected; drop them.
    if (pending === undefined) return;
    try {
      if (event.kind === 'error') {
        this.settle(event.requestId);
        const { error } = event;
        pending.reject(error.name === CANCELLED_ERROR_NAME ? new CancelledError(error.message) : new EngineError(error));
      } else {
        pending.onEvent(event);
      }
    } catch (error) {
      // A malformed event or a throwing progress callback must not leave the request hanging.
      this.settle(event.requestId);
      pending.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Removes a request from the pending set; returns it if it was still pending. */
  private settle(requestId: number): Pending | undefined {
    const pending = this.pending.get(requestId);
    if (pending === undefined) return undefined;
    this.pending.delete(requestId);
    pending.cleanup();
    if (this.pending.size === 0) this.worker?.unref();
    return pending;
  }

  private failAll(error: Error): void {
    for (const requestId of [...this.pending.keys()]) this.settle(requestId)?.reject(error);
  }
}
