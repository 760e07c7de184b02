/**
 * Entry point of the engine worker thread: decodes {@link EngineRequest}s, runs the engine and
 * posts {@link EngineEvent}s back. No logic of its own beyond cancellation and progress throttling.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { CancelledError } from '../engine/errors';
import { profileFrame } from '../engine/profile/profileFrame';
import { openSource } from '../node/sources/openSource';
import { runJob } from '../node/runJob';
import { explainRunFinal, explainRunRows, explainRunTrial, type ExplainModelAccess } from '../node/runModelExplain';
import { exportRunModule } from '../node/exportRun';
import { scaffoldService } from '../node/serviceScaffold';
import { checkMonitorData } from '../node/monitor/checkMonitorData';
import { assertNever, serializeError } from '../protocol/worker';
import type { EngineEvent, EngineRequest, ExplainFinalRequest, ExplainTrialRequest, ProfileProgressEvent, ProfileStartRequest, RunStartRequest } from '../protocol/worker';

/** Progress events per request are at most this far apart (phase changes always go out). */
const PROGRESS_INTERVAL_MS = 100;

const port = parentPort;
if (port === null) throw new Error('engineWorker.js must be started as a worker thread');
const post = (event: EngineEvent): void => port.postMessage(event);
const running = new Map<number, AbortController>();

port.on('message', (request: EngineRequest) => {
  try {
    switch (request.kind) {
      case 'source/peek':
        void answer(request.requestId, async (signal) => ({
          kind: 'source/peeked',
          requestId: request.requestId,
          ...(await openSource(request.source, request.secrets).peek({ signal })),
        }));
        break;
      case 'source/choices':
        void answer(request.requestId, async (signal) => {
          const choices = await openSource(request.source, request.secrets).choices?.(signal);
          return { kind: 'source/choicesCompleted', requestId: request.requestId, ...(choices === undefined ? {} : { choices }) };
        });
        break;
      case 'profile/start':
        void profile(request);
        break;
      case 'run/start':
        void answer(request.requestId, (signal) => run(request, signal));
        break;
      case 'explain/rows':
        void answer(request.requestId, async (signal) => ({
          kind: 'explain/rowsCompleted',
          requestId: request.requestId,
          rows: await explainRunRows(request.runDir, request.rows, { signal, secrets: request.secrets }),
        }));
        break;
      case 'explain/trial':
        void answer(request.requestId, async (signal) => ({
          kind: 'explain/modelCompleted',
          requestId: request.requestId,
          ...(await explainRunTrial(request.runDir, request.trialId, explainAccess(request.requestId, signal, request))),
        }));
        break;
      case 'explain/final':
        void answer(request.requestId, async (signal) => {
          const explanations = await explainRunFinal(request.runDir, explainAccess(request.requestId, signal, request));
          return { kind: 'explain/modelCompleted', requestId: request.requestId, explanations, model: explanations.model };
        });
        break;
      case 'export/module':
        void answer(request.requestId, async (signal) => {
          // The module carries the reference already; the message has the fields the host reads.
          const { reference: _reference, ...exported } = await exportRunModule(request.runDir, request.model, { signal, secrets: request.secrets });
          return { kind: 'export/moduleCompleted', requestId: request.requestId, ...exported };
        });
        break;
      case 'export/service':
        void answer(request.requestId, async (signal) => {
          const { files } = await scaffoldService(request.runDir, request.outDir, { which: request.model, access: { signal, secrets: request.secrets } });
          return { kind: 'export/serviceCompleted', requestId: request.requestId, files };
        });
        break;
      case 'monitor/check':
        void answer(request.requestId, async (signal) => {
          const { report, file } = await checkMonitorData(request, signal);
          return { kind: 'monitor/checked', requestId: request.requestId, report, file };
        });
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

async function profile({ requestId, source, secrets, options, cancelFlag }: ProfileStartRequest): Promise<void> {
  const controller = new AbortController();
  running.set(requestId, controller);
  // Profiling is synchronous: the host's shared flag is seen between steps.
  const signal = withCancelFlag(controller.signal, cancelFlag);
  const due = stepThrottle();
  const progress = (phase: ProfileProgressEvent['phase'], fraction: number, bytesRead?: number, totalBytes?: number): void => {
    if (due(phase)) post({ kind: 'profile/progress', requestId, phase, fraction: clamped(fraction), bytesRead, totalBytes });
  };
  try {
    const dataSource = openSource(source, secrets);
    if (dataSource.profile !== undefined && Object.keys(options.types ?? {}).length === 0) {
      // A database profiles its rows where they live: no read phase here.
      progress('profile', 0);
      const profileStart = performance.now();
      const result = await dataSource.profile({ target: options.target, seed: options.seed, signal: controller.signal, onProgress: (fraction) => progress('profile', fraction) });
      const named = options.sourceName === undefined ? result : { ...result, source: { ...result.source, file: options.sourceName } };
      post({ kind: 'profile/completed', requestId, profile: named, readMs: 0, profileMs: performance.now() - profileStart });
      return;
    }
    const readStart = performance.now();
    const read = await dataSource.read({
      types: options.types === undefined ? undefined : { ...options.types },
      raggedRows: options.raggedRows,
      signal: controller.signal,
      onProgress: (fraction, bytes) => progress('read', fraction, bytes?.read, bytes?.total),
    });
    const { frame, report } = read;
    const readMs = performance.now() - readStart;
    if (signal.aborted) throw new CancelledError();
    progress('profile', 0);
    const profileStart = performance.now();
    const result = profileFrame(frame, {
      target: options.target,
      report,
      seed: options.seed,
      source: options.sourceName === undefined ? read.source : { ...read.source, file: options.sourceName },
      signal,
      onProgress: (fraction) => progress('profile', fraction),
    });
    const fetched = read.fetchedRecords === undefined ? {} : { fetchedRecords: read.fetchedRecords };
    post({ kind: 'profile/completed', requestId, profile: result, readMs, profileMs: performance.now() - profileStart, ...fetched });
  } catch (error) {
    // Whatever a cancelled read or profile throws (AbortError, CancelledError), the host expects one name.
    post({ kind: 'error', requestId, error: serializeError(signal.aborted ? new CancelledError() : error) });
  } finally {
    running.delete(requestId);
  }
}

/**
 * How an `explain/trial` or `explain/final` request reports and is stopped: throttled
 * `explain/progress` events, and the host's cancel flag for the synchronous steps (refitting and
 * explaining block this thread, so its `request/cancel` is read only after them).
 */
function explainAccess(requestId: number, signal: AbortSignal, request: ExplainFinalRequest | ExplainTrialRequest): ExplainModelAccess {
  const due = stepThrottle();
  return {
    signal,
    secrets: request.secrets,
    stop: withCancelFlag(signal, request.cancelFlag),
    onProgress: (step, fraction) => {
      if (due(step)) post({ kind: 'explain/progress', requestId, step, fraction: clamped(fraction) });
    },
  };
}

/**
 * `signal`, or the host's shared cancel flag (`profile/start`, `explain/*`): synchronous work
 * blocks this thread, so their `request/cancel` message is read only after it, while the flag is
 * seen at the next check.
 */
function withCancelFlag(signal: AbortSignal, flag: Int32Array | undefined): AbortSignalLike {
  return {
    get aborted(): boolean {
      return signal.aborted || (flag !== undefined && Atomics.load(flag, 0) !== 0);
    },
    get reason(): unknown {
      return signal.reason ?? new CancelledError();
    },
  };
}

/** Whether a progress event of `step` is due: at most one per PROGRESS_INTERVAL_MS, and every change of step. */
function stepThrottle(): (step: string) => boolean {
  let lastStep = '';
  let lastPostMs = 0;
  return (step) => {
    const now = performance.now();
    if (step === lastStep && now - lastPostMs < PROGRESS_INTERVAL_MS) return false;
    lastStep = step;
    lastPostMs = now;
    return true;
  };
}

const clamped = (fraction: number): number => Math.min(1, Math.max(0, fraction));

/** Runs one request's `work` with a cancellable signal and posts its final event, or its error. */
async function answer(requestId: number, work: (signal: AbortSignal) => Promise<EngineEvent>): Promise<void> {
  const controller = new AbortController();
  running.set(requestId, controller);
  try {
    post(await work(controller.signal));
  } catch (error) {
    // A cancelled read throws an AbortError; the host expects one name for every cancellation.
    const cancelled = controller.signal.aborted && error instanceof Error && (error.name === 'AbortError' || error.name === 'CancelledError');
    post({ kind: 'error', requestId, error: serializeError(cancelled ? new CancelledError() : error) });
  } finally {
    running.delete(requestId);
  }
}

/**
 * A training run. Its trials run on their own threads, so this thread stays free to pass on
 * events and to hear a cancel; cancelling keeps what finished, and the run folder is still written.
 */
async function run({ requestId, source, secrets, spec, options }: RunStartRequest, signal: AbortSignal): Promise<EngineEvent> {
  let lastPostMs = 0;
  const { runDir, result } = await runJob({
    source,
    secrets,
    spec,
    types: options.types,
    raggedRows: options.raggedRows,
    workers: options.workers,
    root: options.root,
    outDir: options.outDir,
    monitor: options.monitor,
    signal,
    onReadProgress: (fraction, bytes) => {
      const now = performance.now();
      if (now - lastPostMs < PROGRESS_INTERVAL_MS && fraction < 1) return;
      lastPostMs = now;
      post({ kind: 'run/progress', requestId, fraction, bytesRead: bytes?.read, totalBytes: bytes?.total });
    },
    onEvent: (event) => post({ kind: 'run/event', requestId, event }),
  });
  return { kind: 'run/completed', requestId, runDir, cancelled: result.cancelled, elapsedMs: result.elapsedMs };
}
