/**
 * Reads a large CSV with two threads by splitting its COLUMNS: this thread and one worker each
 * stream and tokenize the whole file (the page cache makes the second pass cheap) but build only
 * their share of the columns, so no rows need merging: the halves are simply put side by side.
 * Tokenizing is about a quarter of a read and converting values the rest, so on two cores this
 * took the 1M x 20 benchmark file from ~1.7 s to ~1.2-1.3 s (`npm run bench -- ingest`).
 */
import { Worker } from 'node:worker_threads';
import type { CsvHeadPlan, CsvReadOptions } from '../engine/data/csvReader';
import type { Frame } from '../engine/data/frame';
import type { CsvReadResult } from '../engine/data/readReport';
import { DataError } from '../engine/errors';
import { reviveReadError, settleRead, watchReadWorker, type ReadOutcome, type ReadWorkerError } from './readWorker';

/** Text encodings a half can be forced to. */
type Encoding = 'utf-8' | 'windows-1252';

/** The plain-data reader options a worker reads with (no callbacks, no signal). */
export interface CsvReadWorkerOptions {
  readonly delimiter?: string;
  readonly types?: CsvReadOptions['types'];
  readonly raggedRows?: CsvReadOptions['raggedRows'];
  readonly maxFieldBytes?: number;
  readonly sampleRows?: number;
  readonly chunkBytes?: number;
}

/** `workerData` of a CSV read worker: the file and how to read it (the columns come later). */
export interface CsvReadWorkerData {
  readonly path: string;
  readonly options: CsvReadWorkerOptions;
}

/** The one message a CSV read worker receives: which columns to build, with the head's plan. */
export interface CsvReadWorkerRequest {
  readonly columns: readonly number[];
  readonly encoding?: Encoding;
  readonly plan: CsvHeadPlan;
}

/** Everything a CSV read worker posts. */
export type CsvReadWorkerMessage =
  | { readonly kind: 'progress'; readonly bytesRead: number }
  | { readonly kind: 'done'; readonly result: CsvReadResult }
  | { readonly kind: 'error'; readonly error: ReadWorkerError };

/** The columns one reader builds, and the encoding it must use (detected when absent). */
export interface ReadHalf {
  readonly columns: readonly number[];
  readonly encoding?: Encoding;
}

/** What a split read needs to start its worker. */
export interface SplitSetup {
  readonly path: string;
  readonly workerScript: string;
  readonly readerOptions: CsvReadOptions & { readonly chunkBytes?: number };
  readonly signal?: AbortSignal;
  /** Bytes both halves have read (the slower one's count), called when it grows. */
  readonly onProgress?: (bytesRead: number) => void;
}

/** Reads a half in this thread, with the plan (the sequential reader, pushing the head it holds). */
export type ReadHere = (half: ReadHalf & { readonly plan: CsvHeadPlan }, onBytes?: (bytesRead: number) => void) => Promise<CsvReadResult>;

/** A split read under way: its worker is starting while this thread reads and plans the head. */
export interface SplitRead {
  /**
   * Reads `columns` (sorted, at least two) split into two contiguous halves of about equal
   * conversion cost: the lower half in this thread with `readHere` (no transfer back), the upper
   * half in the worker. The result equals a sequential read's: same frame, same report, same
   * error (class, message, line).
   */
  run(plan: CsvHeadPlan, columns: readonly number[], readHere: ReadHere): Promise<CsvReadResult>;
  /** Terminates the worker (at once, and again harmlessly); `run` then gets `CancelledError`. */
  stop(): void;
}

/** How a half ended; `unexpected` marks a worker crash or bug, to be retried in this thread. */
type Outcome = ReadOutcome;
type Failure = Exclude<ReadOutcome, { readonly result: CsvReadResult }>;

/**
 * Starts the worker of a split read at once, so that it boots while this thread reads and plans
 * the head; `run` then hands it its columns and the plan.
 */
export function startSplit(setup: SplitSetup): SplitRead {
  const seen = [0, 0];
  let reported = 0;
  const progress = (half: number, bytes: number): void => {
    seen[half] = bytes;
    const both = Math.min(seen[0], seen[1]);
    if (both > reported) {
      reported = both;
      setup.onProgress?.(both);
    }
  };
  const worker = startWorker(setup, (bytes) => progress(1, bytes));
  const run = async (plan: CsvHeadPlan, columns: readonly number[], readHere: ReadHere): Promise<CsvReadResult> => {
    const [lower, upper] = splitByCost(columns, plan.costs);
    // A forced or head-proven encoding makes both halves decode alike from the start.
    const encoding = setup.readerOptions.encoding ?? plan.encoding;
    const halves: ReadHalf[] = [{ columns: lower, encoding }, { columns: upper, encoding }];
    worker.read({ columns: upper, encoding, plan });
    // Cancellation and bugs end the read at once (the caller stops the worker). A DataError
    // waits for the other half, which decides which error a sequential read would have thrown.
    const here = await settleRead(readHere({ ...halves[0], plan }, (bytes) => progress(0, bytes)));
    if (isFatal(here)) throw here.error;
    const there = await worker.outcome;
    if (isFatal(there)) throw there.error;
    const outcomes: Outcome[] = [here, there];
    // A worker that crashed (or met a bug): its half is read here, where a bug throws as usual.
    if (failed(there) && there.unexpected) outcomes[1] = await settleRead(readHere({ ...halves[1], plan }, (bytes) => progress(1, bytes)));
    if (encoding === undefined && outcomes.some((o) => 'result' in o && o.result.report.encoding === 'windows-1252')) {
      // Some column is not UTF-8, so a sequential read decodes ALL text as windows-1252: re-read
      // the halves that decoded as UTF-8 (or failed: their message may quote text) that way.
      // Rare: the head usually shows it already (plan.encoding).
      for (let i = 0; i < 2; i++) {
        const o = outcomes[i];
        if (failed(o) ? o.error instanceof DataError : o.result.report.encoding === 'utf-8') {
          outcomes[i] = await settleRead(readHere({ ...halves[i], encoding: 'windows-1252', plan }));
        }
      }
    }
    // Both halves see every record, so a syntax or ragged-row error is the same in both; a
    // column's own error (a forced type) comes from the lower half first, as in header order.
    const results = outcomes.map((o) => {
      if (failed(o)) throw o.error;
      return o.result;
    });
    progress(0, results[0].report.bytes);
    progress(1, results[1].report.bytes);
    return assemble(results[0], results[1]);
  };
  return { run, stop: worker.stop };
}

/**
 * Splits sorted columns into a lower and an upper run of about equal total cost (each non-empty).
 * Contiguous runs keep header order when assembling and make the lower half's error the first.
 */
export function splitByCost(columns: readonly number[], costs: readonly number[]): [number[], number[]] {
  const total = columns.reduce((sum, j) => sum + (costs[j] ?? 0), 0);
  let best = 1;
  let bestGap = Infinity;
  let prefix = 0;
  for (let k = 1; k < columns.length; k++) {
    prefix += costs[columns[k - 1]] ?? 0;
    const gap = Math.abs(total - 2 * prefix);
    if (gap < bestGap) {
      best = k;
      bestGap = gap;
    }
  }
  return [columns.slice(0, best), columns.slice(best)];
}

/** Puts the halves' columns side by side; the report is the lower half's (both saw the same records). */
function assemble(lower: CsvReadResult, upper: CsvReadResult): CsvReadResult {
  if (lower.frame.rowCount !== upper.frame.rowCount) {
    throw new Error(`split CSV read: halves disagree on rows (${lower.frame.rowCount} vs ${upper.frame.rowCount})`);
  }
  const frame: Frame = { rowCount: lower.frame.rowCount, columns: [...lower.frame.columns, ...upper.frame.columns] };
  return { frame, report: { ...lower.report, badValues: [...lower.report.badValues, ...upper.report.badValues] } };
}

/** A started worker: `read` sends its request; its outcome settles once; `stop` terminates it. */
interface ReadWorker {
  read(request: CsvReadWorkerRequest): void;
  readonly outcome: Promise<Outcome>;
  stop(): void;
}

function startWorker(setup: SplitSetup, onBytes: (bytes: number) => void): ReadWorker {
  const { delimiter, types, raggedRows, maxFieldBytes, sampleRows, chunkBytes } = setup.readerOptions;
  const data: CsvReadWorkerData = { path: setup.path, options: { delimiter, types, raggedRows, maxFieldBytes, sampleRows, chunkBytes } };
  let worker: Worker;
  try {
    worker = new Worker(setup.workerScript, { workerData: data });
  } catch (error) {
    // Could not even start (out of threads, say): the half is read in this thread instead.
    return { read: () => undefined, outcome: Promise.resolve({ error, unexpected: true }), stop: () => undefined };
  }
  const watched = watchReadWorker<CsvReadWorkerMessage>(worker, 'CSV read worker', setup.signal, (message, finish) => {
    switch (message.kind) {
      case 'progress':
        onBytes(message.bytesRead);
        break;
      case 'done':
        finish({ result: message.result });
        break;
      case 'error':
        finish(reviveReadError(message.error));
        break;
    }
  });
  return { read: (request) => worker.postMessage(request), ...watched };
}

/** The distinct buffers of a frame's typed arrays, to transfer instead of copy. */
export function columnBuffers(frame: Frame): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const c of frame.columns) {
    const buffer = (c.storage === 'categorical' ? c.codes : c.values).buffer;
    if (buffer instanceof ArrayBuffer) buffers.add(buffer);
  }
  return [...buffers];
}

function failed(outcome: Outcome): outcome is Failure {
  return 'error' in outcome;
}

/** A failure that ends a split read at once: cancellation, or a bug in this thread. */
function isFatal(outcome: Outcome): outcome is Failure {
  return failed(outcome) && !outcome.unexpected && !(outcome.error instanceof DataError);
}

