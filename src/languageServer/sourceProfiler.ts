/**
 * The heavy part of knowing a source, off the server's thread: one profile worker per source
 * (profileWorker.ts) reads it once and profiles it per target, while this thread keeps answering
 * requests. Without a worker script (unbundled use) the same work runs here, yielding once
 * between the read and the profile.
 */
import { Worker } from 'node:worker_threads';
import type { ReadReport } from '../engine/data/readReport';
import type { SourceSpec } from '../engine/data/sourceSpec';
import { CancelledError, DataError } from '../engine/errors';
import { profileFrame } from '../engine/profile/profileFrame';
import type { DatasetProfile } from '../engine/profile/types';
import { openSource } from '../node/sources/openSource';
import { READ_REQUEST_ID, type ProfileWorkerData, type ProfileWorkerEvent, type ProfileWorkerRequest } from '../protocol/profileWorker';
import { assertNever, type SerializedError } from '../protocol/worker';

/** A source being read (once) and profiled (per target). */
export interface SourceProfiler {
  /** The read's report; rejects with the reader's error. */
  readonly report: Promise<ReadReport>;
  /** The profile with `target` (a name the data lacks counts as none); rejects when the read fails or the profiler stops. */
  profile(target: string | undefined): Promise<DatasetProfile>;
  /** Ends the work at once (the source changed): what is pending rejects with `CancelledError`. */
  stop(): void;
}

/** Starts reading `source`: in a worker running `workerScript`, or in this thread when there is none. */
export function startSourceProfiler(source: SourceSpec, workerScript: string | undefined): SourceProfiler {
  return workerScript === undefined ? inThisThread(source) : inWorker(source, workerScript);
}

function inWorker(source: SourceSpec, workerScript: string): SourceProfiler {
  const pending = new Map<number, { resolve: (profile: DatasetProfile) => void; reject: (error: unknown) => void }>();
  let resolveReport: (report: ReadReport) => void = () => undefined;
  let rejectReport: (error: unknown) => void = () => undefined;
  const report = new Promise<ReadReport>((resolve, reject) => {
    resolveReport = resolve;
    rejectReport = reject;
  });
  // Nobody may ask for the report; its failure still reaches whoever asks for a profile.
  report.catch(() => undefined);
  let ended: unknown;
  let nextRequestId = READ_REQUEST_ID + 1;

  const data: ProfileWorkerData = { source };
  let worker: Worker;
  try {
    worker = new Worker(workerScript, { workerData: data });
  } catch {
    // Could not start a thread (out of threads, say): the work is done here instead.
    return inThisThread(source);
  }
  const end = (error: unknown): void => {
    if (ended !== undefined) return;
    ended = error;
    rejectReport(error);
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    void worker.terminate();
  };
  worker.on('message', (event: ProfileWorkerEvent) => {
    switch (event.kind) {
      case 'read/completed':
        resolveReport(event.report);
        break;
      case 'profile/completed':
        pending.get(event.requestId)?.resolve(event.profile);
        pending.delete(event.requestId);
        refresh();
        break;
      case 'error':
        if (event.requestId === READ_REQUEST_ID) end(revive(event.error));
        else {
          pending.get(event.requestId)?.reject(revive(event.error));
          pending.delete(event.requestId);
          refresh();
        }
        break;
      default:
        assertNever(event, 'profile worker event');
    }
  });
  worker.on('error', end);
  worker.on('messageerror', end);
  worker.on('exit', (code) => end(new Error(`profile worker exited with code ${code}`)));
  // An idle worker (read done, nothing asked) must not keep the process (or a test run) alive;
  // while it works for someone it must, or a process awaiting only it would end.
  let reading = true;
  const refresh = (): void => {
    if (reading || pending.size > 0) worker.ref();
    else worker.unref();
  };
  void report.finally(() => {
    reading = false;
    if (ended === undefined) refresh();
  }).catch(() => undefined);

  return {
    report,
    profile(target) {
      if (ended !== undefined) return Promise.reject(ended);
      const requestId = nextRequestId++;
      const request: ProfileWorkerRequest = { kind: 'profile/requested', requestId, ...(target === undefined ? {} : { target }) };
      return new Promise((resolve, reject) => {
        pending.set(requestId, { resolve, reject });
        refresh();
        worker.postMessage(request);
      });
    },
    stop: () => end(new CancelledError('the source changed')),
  };
}

/** The engine's own error classes back from their serialized form (the message is what users see). */
function revive(error: SerializedError): Error {
  if (error.name === 'DataError') return new DataError(error.message);
  if (error.name === 'CancelledError') return new CancelledError(error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}

/** Yields to the event loop, so that requests queued behind heavy work get answered. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function inThisThread(source: SourceSpec): SourceProfiler {
  let stopped = false;
  const read = openSource(source).read();
  const report = read.then((r) => r.report);
  report.catch(() => undefined);
  return {
    report,
    async profile(target) {
      const { frame, report: readReport, source: profileSource } = await read;
      await yieldToEventLoop();
      if (stopped) throw new CancelledError('the source changed');
      const hasTarget = target !== undefined && frame.columns.some((c) => c.name === target);
      return profileFrame(frame, { report: readReport, source: profileSource, ...(hasTarget ? { target } : {}) });
    },
    stop: () => {
      stopped = true;
    },
  };
}
