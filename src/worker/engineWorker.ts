/**
 * Entry point of the engine worker thread: decodes {@link EngineRequest}s, runs the engine and
 * posts {@link EngineEvent}s back. No logic of its own beyond cancellation and progress throttling.
 */
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { CancelledError } from '../engine/errors';
import { profileFrame } from '../engine/profile/profileFrame';
import { readCsvFile } from '../node/readCsvFile';
import { assertNever, serializeError } from '../protocol/worker';
import type { EngineEvent, EngineRequest, ProfileProgressEvent, ProfileStartRequest } from '../protocol/worker';

/** Progress events per request are at most this far apart (phase changes always go out). */
const PROGRESS_INTERVAL_MS = 100;

const port = parentPort;
if (port === null) throw new Error('engineWorker.js must be started as a worker thread');
const post = (event: EngineEvent): void => port.postMessage(event);
const running = new Map<number, AbortController>();

port.on('message', (request: EngineRequest) => {
  try {
    switch (request.kind) {
      case 'profile/start':
        void profile(request);
        break;
      case 'request/cancel':
        running.get(request.requestId)?.abort(new CancelledError());
        break;
      default:
        assertNever(request, 'engine request');
    }
  } catch (error) {
    post({ kind: 'error', requestId: request.requestId, error: serializeError(error) });
  }
});

async function profile({ requestId, file, options, cancelFlag }: ProfileStartRequest): Promise<void> {
  const controller = new AbortController();
  running.set(requestId, controller);
  // Profiling is synchronous, so a `request/cancel` message waits until it ends; the host's
  // shared flag is seen between steps anyway.
  const cancelled = (): boolean =>
    controller.signal.aborted || (cancelFlag !== undefined && Atomics.load(cancelFlag, 0) !== 0);
  const signal = {
    get aborted(): boolean {
      return cancelled();
    },
    get reason(): unknown {
      return controller.signal.reason ?? new CancelledError();
    },
  };
  let lastPhase = '';
  let lastPostMs = 0;
  const progress = (phase: ProfileProgressEvent['phase'], fraction: number, bytesRead?: number, totalBytes?: number): void => {
    const now = performance.now();
    if (phase === lastPhase && now - lastPostMs < PROGRESS_INTERVAL_MS) return;
    lastPhase = phase;
    lastPostMs = now;
    const clamped = Math.min(1, Math.max(0, fraction));
    post({ kind: 'profile/progress', requestId, phase, fraction: clamped, bytesRead, totalBytes });
  };
  try {
    const readStart = performance.now();
    const { frame, report } = await readCsvFile(file, {
      types: options.types === undefined ? undefined : { ...options.types },
      raggedRows: options.raggedRows,
      signal: controller.signal,
      onProgress: (bytesRead, totalBytes) =>
        progress('read', totalBytes > 0 ? bytesRead / totalBytes : 1, bytesRead, totalBytes),
    });
    const readMs = performance.now() - readStart;
    if (cancelled()) throw new CancelledError();
    progress('profile', 0);
    const profileStart = performance.now();
    const result = profileFrame(frame, {
      target: options.target,
      report,
      seed: options.seed,
      source: {
        file: options.sourceName ?? basename(file),
        bytes: report.bytes,
        delimiter: report.delimiter,
        encoding: report.encoding,
      },
      signal,
      onProgress: (fraction) => progress('profile', fraction),
    });
    post({ kind: 'profile/completed', requestId, profile: result, readMs, profileMs: performance.now() - profileStart });
  } catch (error) {
    // Whatever a cancelled read or profile throws (AbortError, CancelledError), the host expects one name.
    post({ kind: 'error', requestId, error: serializeError(cancelled() ? new CancelledError() : error) });
  } finally {
    running.delete(requestId);
  }
}
