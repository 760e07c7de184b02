import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FoldResult } from '../engine/automl/evaluateTrial';
import { truthOf, type RunData } from '../engine/automl/foldData';
import type { FoldTask, TrialExecutor } from '../engine/automl/trialExecutor';
import type { Column, Frame } from '../engine/data/frame';
import { CancelledError } from '../engine/errors';
import { loadModel } from '../engine/learners/index';
import type { Target } from '../engine/learners/types';
import type { MetricName } from '../engine/validate/types';
import type { TrialWorkerEvent, TrialWorkerRequest } from '../protocol/trials';

export interface TrialPoolOptions {
  /** Worker threads; default max(1, cores - 1), leaving a core for the host. */
  readonly workers?: number;
  /** Load TensorFlow.js in each worker (the run includes the MLP). */
  readonly tensorflow?: boolean;
  /** Aborting cancels every running task. */
  readonly signal?: AbortSignal;
  /** The bundled worker entry (default: `trialWorker.js` next to the running bundle). */
  readonly workerScript?: string;
}

/** A worker that overruns its task's time limit by this much is terminated (and replaced). */
const HARD_STOP_GRACE_MS = 500;

/** The default pool size: one thread per core but one. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** A copy of `array` on a SharedArrayBuffer (threads given it read the same memory). */
function shared<T extends Float64Array | Int32Array | Uint32Array>(array: T): T {
  const Ctor = array.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const copy = new Ctor(new SharedArrayBuffer(array.length * Ctor.BYTES_PER_ELEMENT));
  copy.set(array);
  return copy;
}

function sharedColumn(column: Column): Column {
  return column.storage === 'categorical' ? { ...column, codes: shared(column.codes) } : { ...column, values: shared(column.values) };
}

function sharedTarget(y: Target): Target {
  return y.kind === 'regression' ? { kind: 'regression', values: shared(y.values) } : { ...y, codes: shared(y.codes) };
}

/** The run's data with its big arrays moved to shared memory, for posting to every worker once. */
export function shareRunData(data: RunData): RunData {
  const frame: Frame = { ...data.frame, columns: data.frame.columns.map(sharedColumn) };
  const y = sharedTarget(data.y);
  return { ...data, frame, rows: shared(data.rows), y, truth: truthOf(y) };
}

interface Pending {
  readonly task: FoldTask;
  readonly resolve: (results: FoldResult[]) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy?: { readonly requestId: number; readonly pending: Pending; timer?: NodeJS.Timeout };
}

/**
 * Runs trials on worker threads that share the run's data. Each worker takes one task at a time;
 * a worker that crashes fails only its task (the trial is recorded with the error) and is
 * replaced, and one that ignores its time limit is terminated.
 */
export class TrialPool implements TrialExecutor {
  readonly slots: number;
  private readonly workers: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly init: TrialWorkerRequest;
  private readonly script: string;
  private nextRequestId = 1;
  private closed = false;

  constructor(data: RunData, metric: MetricName, options: TrialPoolOptions = {}) {
    this.slots = Math.max(1, options.workers ?? defaultWorkerCount());
    this.script = options.workerScript ?? join(__dirname, 'trialWorker.js');
    this.init = { kind: 'trials/init', data: shareRunData(data), metric, tensorflow: options.tensorflow ?? false, cancelFlag: this.cancelFlag };
    options.signal?.addEventListener('abort', () => Atomics.store(this.cancelFlag, 0, 1), { once: true });
    for (let i = 0; i < this.slots; i++) this.workers.push(this.spawn());
  }

  evaluate(task: FoldTask): Promise<FoldResult[]> {
    if (this.closed) return Promise.reject(new Error('the trial pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new CancelledError('the trial pool closed'));
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    const slot: Slot = { worker, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (event: TrialWorkerEvent): void => {
        if (event.kind === 'trials/ready') {
          resolve();
          return;
        }
        const busy = slot.busy;
        if (!busy || busy.requestId !== event.requestId) return;
        clearTimeout(busy.timer);
        slot.busy = undefined;
        if (event.kind === 'trials/result') {
          busy.pending.resolve(event.folds.map((f) => ({ ...f, model: loadModel(f.model) })));
        } else {
          const error = event.error.name === 'CancelledError' ? new CancelledError(event.error.message) : new Error(event.error.message);
          busy.pending.reject(error);
        }
        this.dispatch();
      };
      worker.on('message', onMessage);
      worker.on('error', (error) => {
        reject(error);
        this.replace(slot, `a trial worker failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        if (!this.closed) this.replace(slot, `a trial worker exited (code ${code})`);
      });
    });
    slot.ready.catch(() => undefined);
    worker.postMessage(this.init);
    return slot;
  }

  /** Fails the slot's task with `reason` and starts a fresh worker in its place. */
  private replace(slot: Slot, reason: string, error: Error = new Error(reason)): void {
    const index = this.workers.indexOf(slot);
    if (index < 0 || this.closed) return;
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.pending.reject(error);
      slot.busy = undefined;
    }
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.workers[index] = this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.workers) {
      if (slot.busy || this.queue.length === 0) continue;
      const pending = this.queue.shift() as Pending;
      const requestId = this.nextRequestId++;
      slot.busy = { requestId, pending };
      void slot.ready.then(() => {
        if (slot.busy?.requestId !== requestId) return;
        // The time limit counts from when the worker gets the task (not while it starts up).
        const limit = Math.min(pending.task.timeLimitMs + HARD_STOP_GRACE_MS, 2 ** 31 - 1);
        slot.busy.timer = setTimeout(() => this.replace(slot, 'time limit', new CancelledError('time limit')), limit);
        slot.worker.postMessage({ kind: 'trials/evaluate', requestId, task: pending.task } satisfies TrialWorkerRequest);
      });
    }
  }
}
