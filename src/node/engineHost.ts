/**
 * The host side of the engine worker: spawns the worker thread lazily, correlates events with
 * requests by `requestId`, cancels, and never leaves a caller waiting when the worker dies.
 *
 * Free of `vscode` so the extension and the CLI share it, and unit tests run it under plain Node.
 */
import { Worker } from 'node:worker_threads';
import type { RunEvent } from '../engine/automl/events';
import type { RunSpec } from '../engine/automl/runSpec';
import type { SourceChoices, SourcePeek } from '../engine/data/sourcePreview';
import type { SourceSecrets, SourceSpec } from '../engine/data/sourceSpec';
import { AutoMLError, CancelledError } from '../engine/errors';
import type { RunExplanations } from '../engine/explain/runExplanations';
import type { MonitorReport } from '../engine/monitor/monitorReport';
import type { ModelKey, RowExplanation } from '../protocol/webview';
import {
  CANCELLED_ERROR_NAME,
  type EngineEvent,
  type EngineRequest,
  type ExplainStep,
  type ExportModuleCompletedEvent,
  type MonitorCheckOptions,
  type MonitorData,
  type ProfileCompletedEvent,
  type ProfileProgressEvent,
  type ProfileRequestOptions,
  type RunRequestOptions,
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
  /**
   * The secrets a finished run's source needs to be read again (a database password kept in VS
   * Code's SecretStorage), sent with each request that reads a run's data. None by default.
   */
  readonly runSecrets?: (runDir: string) => Promise<SourceSecrets | undefined>;
}

/** Per-request callbacks and cancellation. */
export interface ProfileCallOptions {
  /** Called for each (throttled) progress event of this request only. */
  readonly onProgress?: (event: ProfileProgressEvent) => void;
  /** Aborting it cancels the request: the promise rejects with `CancelledError` at once. */
  readonly signal?: AbortSignal;
}

/** Per-run callbacks and cancellation. */
export interface RunCallOptions {
  /** Reading the data: share done, and bytes read and in all for sources that count them. */
  readonly onReadProgress?: (fraction: number, bytes?: { readonly read: number; readonly total: number }) => void;
  /** Every engine event of the run, as it happens. */
  readonly onEvent?: (event: RunEvent) => void;
  /** Aborting stops the search; what finished is kept and written. */
  readonly signal?: AbortSignal;
}

/** A finished (or cancelled after some trials) run. */
export interface RunOutcome {
  readonly runDir: string;
  readonly cancelled: boolean;
  readonly elapsedMs: number;
}

/** A model's explanations and how the model reads. */
export interface ExplainedModel {
  readonly explanations: RunExplanations;
  readonly model: string;
}

/** A model exported as a TypeScript module: its source, suggested file name, description, task and an example input row. */
export type ExportedModule = Omit<ExportModuleCompletedEvent, 'kind' | 'requestId'>;

/** A monitoring check: its report and the file under `<run>/monitoring/` it was written to. */
export interface MonitorCheck {
  readonly report: MonitorReport;
  readonly file: string;
}

/** What a successful profiling request resolves to. */
export type ProfileResult = Omit<ProfileCompletedEvent, 'kind' | 'requestId'>;

/** Hears how far an explanation of a whole model got (`fraction` 0–1 of the request). */
export type ExplainProgressListener = (step: ExplainStep, fraction: number) => void;

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

  /** Reads and profiles the data of `source` (file paths absolute) in the worker. */
  profile(source: SourceSpec, options: ProfileRequestOptions, call: ProfileCallOptions & { secrets?: SourceSecrets } = {}): Promise<ProfileResult> {
    // Profiling is synchronous in the worker, so it also watches a shared flag between steps.
    const cancelFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    return this.start<ProfileResult>(
      (requestId) => ({ kind: 'profile/start', requestId, source, secrets: call.secrets, options, cancelFlag }),
      (event, done) => {
        switch (event.kind) {
          case 'profile/progress':
            call.onProgress?.(event);
            return;
          case 'profile/completed': {
            const { kind: _kind, requestId: _id, ...result } = event;
            done(result);
            return;
          }
          default:
            throw new TypeError(`Unexpected event ${event.kind} for a profile request`);
        }
      },
      { signal: call.signal, cancelFlag, settleOnAbort: true },
    );
  }

  /**
   * Runs AutoML on the data of `source` in the worker (trials on threads it starts) and writes the run folder.
   * Aborting `call.signal` stops the search but keeps what finished: the promise still resolves
   * with the written run (`cancelled: true`), or rejects with `CancelledError` when nothing had
   * finished.
   */
  run(source: SourceSpec, spec: RunSpec, options: RunRequestOptions, call: RunCallOptions & { secrets?: SourceSecrets } = {}): Promise<RunOutcome> {
    return this.start<RunOutcome>(
      (requestId) => ({ kind: 'run/start', requestId, source, secrets: call.secrets, spec, options }),
      (event, done) => {
        switch (event.kind) {
          case 'run/progress':
            call.onReadProgress?.(
              event.fraction,
              event.bytesRead === undefined || event.totalBytes === undefined ? undefined : { read: event.bytesRead, total: event.totalBytes },
            );
            return;
          case 'run/event':
            call.onEvent?.(event.event);
            return;
          case 'run/completed':
            done({ runDir: event.runDir, cancelled: event.cancelled, elapsedMs: event.elapsedMs });
            return;
          default:
            throw new TypeError(`Unexpected event ${event.kind} for a run request`);
        }
      },
      { signal: call.signal, settleOnAbort: false },
    );
  }

  /** The columns and first rows of `source`, read in the worker. */
  peekSource(source: SourceSpec, secrets?: SourceSecrets, signal?: AbortSignal): Promise<SourcePeek> {
    return this.start<SourcePeek>(
      (requestId) => ({ kind: 'source/peek', requestId, source, secrets }),
      (event, done) => {
        if (event.kind !== 'source/peeked') throw new TypeError(`Unexpected event ${event.kind} for a source/peek request`);
        const { kind: _kind, requestId: _id, ...peek } = event;
        done(peek);
      },
      { signal, settleOnAbort: true },
    );
  }

  /** The sheets or tables of `source` to choose among, or undefined when it needs no choice. */
  sourceChoices(source: SourceSpec, secrets?: SourceSecrets, signal?: AbortSignal): Promise<SourceChoices | undefined> {
    return this.start<SourceChoices | undefined>(
      (requestId) => ({ kind: 'source/choices', requestId, source, secrets }),
      (event, done) => {
        if (event.kind !== 'source/choicesCompleted') throw new TypeError(`Unexpected event ${event.kind} for a source/choices request`);
        done(event.choices);
      },
      { signal, settleOnAbort: true },
    );
  }

  /** SHAP values of data rows of a finished run's training file, with its final model. */
  async explainRows(runDir: string, rows: readonly number[], signal?: AbortSignal): Promise<RowExplanation[]> {
    const secrets = await this.runSecrets(runDir);
    return this.start<RowExplanation[]>(
      (requestId) => ({ kind: 'explain/rows', requestId, runDir, rows, secrets }),
      (event, done) => {
        if (event.kind !== 'explain/rowsCompleted') throw new TypeError(`Unexpected event ${event.kind} for an explain/rows request`);
        done([...event.rows]);
      },
      { signal, settleOnAbort: true },
    );
  }

  /**
   * The explanations of one trial of a finished run (refitted and explained once, then read back).
   * `onProgress` hears how far the computation got (nothing when they are read back).
   */
  async explainTrial(runDir: string, trialId: number, signal?: AbortSignal, onProgress?: ExplainProgressListener): Promise<ExplainedModel> {
    const secrets = await this.runSecrets(runDir);
    return this.explainModel((requestId, cancelFlag) => ({ kind: 'explain/trial', requestId, runDir, trialId, secrets, cancelFlag }), signal, onProgress);
  }

  /** The final model's explanations of a finished run whose budget ran out before they were computed (then saved). */
  async explainFinal(runDir: string, signal?: AbortSignal, onProgress?: ExplainProgressListener): Promise<ExplainedModel> {
    const secrets = await this.runSecrets(runDir);
    return this.explainModel((requestId, cancelFlag) => ({ kind: 'explain/final', requestId, runDir, secrets, cancelFlag }), signal, onProgress);
  }

  /**
   * A model of a finished run as one dependency-free TypeScript module (a trial is refitted on all
   * rows first). Nothing is written: the caller decides where the source goes.
   */
  async exportModule(runDir: string, model: ModelKey, signal?: AbortSignal): Promise<ExportedModule> {
    const secrets = await this.runSecrets(runDir);
    return this.start<ExportedModule>(
      (requestId) => ({ kind: 'export/module', requestId, runDir, model, secrets }),
      (event, done) => {
        if (event.kind !== 'export/moduleCompleted') throw new TypeError(`Unexpected event ${event.kind} for an export/module request`);
        const { kind: _kind, requestId: _id, ...exported } = event;
        done(exported);
      },
      { signal, settleOnAbort: true },
    );
  }

  /**
   * Writes a prediction service project for a model of a finished run into `outDir` (new or
   * empty); resolves to the files written, relative to `outDir`. Aborting `signal` stops the
   * export, and the promise waits for the worker's answer: the project is written in one step at
   * the end, so it rejects with `CancelledError` (nothing written) or resolves (all written).
   */
  async scaffoldService(runDir: string, model: ModelKey, outDir: string, signal?: AbortSignal): Promise<readonly string[]> {
    const secrets = await this.runSecrets(runDir);
    return this.start<readonly string[]>(
      (requestId) => ({ kind: 'export/service', requestId, runDir, model, outDir, secrets }),
      (event, done) => {
        if (event.kind !== 'export/serviceCompleted') throw new TypeError(`Unexpected event ${event.kind} for an export/service request`);
        done(event.files);
      },
      { signal, settleOnAbort: false },
    );
  }

  /**
   * Checks new data against a finished run's reference in the worker and writes the report to
   * `<runDir>/monitoring/`. Aborting `signal` rejects at once with `CancelledError`; the worker
   * stops reading and writes no report.
   */
  checkDrift(runDir: string, data: MonitorData, options: MonitorCheckOptions, call: { secrets?: SourceSecrets; signal?: AbortSignal } = {}): Promise<MonitorCheck> {
    return this.start<MonitorCheck>(
      (requestId) => ({ kind: 'monitor/check', requestId, runDir, data, secrets: call.secrets, options }),
      (event, done) => {
        if (event.kind !== 'monitor/checked') throw new TypeError(`Unexpected event ${event.kind} for a monitor/check request`);
        done({ report: event.report, file: event.file });
      },
      { signal: call.signal, settleOnAbort: true },
    );
  }

  /** The secrets of a run's source, from the host's options (none when there is no lookup or it fails). */
  private async runSecrets(runDir: string): Promise<SourceSecrets | undefined> {
    try {
      return await this.options.runSecrets?.(runDir);
    } catch {
      // The request then reads without them and reports the source's own error (a login failed).
      return undefined;
    }
  }

  private explainModel(
    make: (requestId: number, cancelFlag: Int32Array) => EngineRequest,
    signal: AbortSignal | undefined,
    onProgress: ExplainProgressListener | undefined,
  ): Promise<ExplainedModel> {
    // Refitting and explaining are synchronous in the worker: it sees a Cancel through this flag.
    const cancelFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    return this.start<ExplainedModel>(
      (requestId) => make(requestId, cancelFlag),
      (event, done) => {
        switch (event.kind) {
          case 'explain/progress':
            onProgress?.(event.step, event.fraction);
            return;
          case 'explain/modelCompleted':
            done({ explanations: event.explanations, model: event.model });
            return;
          default:
            throw new TypeError(`Unexpected event ${event.kind} for an explain request`);
        }
      },
      { signal, cancelFlag, settleOnAbort: true },
    );
  }

  /**
   * Sends the request `make` builds and routes its events to `handle` until it calls `done`.
   * Aborting posts `request/cancel` (and sets `cancelFlag`); with `settleOnAbort` the caller gets
   * `CancelledError` at once and the worker's late answer is dropped, else the worker's answer is awaited.
   */
  private start<T>(
    make: (requestId: number) => EngineRequest,
    handle: (event: RequestEvent, done: (value: T) => void) => void,
    { signal, cancelFlag, settleOnAbort }: { signal?: AbortSignal; cancelFlag?: Int32Array; settleOnAbort: boolean },
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.disposed) return reject(new Error('The AutoML engine host has been disposed.'));
      if (signal?.aborted) return reject(new CancelledError());
      const requestId = this.nextRequestId++;
      const onAbort = (): void => {
        if (cancelFlag !== undefined) Atomics.store(cancelFlag, 0, 1);
        this.post({ kind: 'request/cancel', requestId });
        if (settleOnAbort) this.settle(requestId)?.reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(requestId, {
        onEvent: (event) =>
          handle(event, (value) => {
            this.settle(requestId);
            resolve(value);
          }),
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      this.send(make(requestId));
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
