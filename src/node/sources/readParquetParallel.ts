/**
 * Reads a large Parquet file with two threads by splitting its COLUMNS: this thread decodes the
 * lower half (in file order), a worker the upper half, each reading only its columns' chunks and
 * finishing its columns by the same rules; the halves are then put side by side. Column chunks are
 * independent in Parquet, so nothing is read twice and no rows need merging.
 */
import { Worker } from 'node:worker_threads';
import type { ColumnType } from '../../engine/data/frame';
import type { InputField } from '../../engine/data/inputField';
import type { CsvReadResult } from '../../engine/data/readReport';
import { DataError } from '../../engine/errors';
import { reviveReadError, settleRead, watchReadWorker, type ReadOutcome, type ReadWorkerError } from '../readWorker';

export { splitByCost } from '../readCsvFileParallel';

/** `workerData` of a Parquet read worker: the file, its columns (indices among the readable ones) and how to read them. */
export interface ParquetReadWorkerData {
  readonly path: string;
  readonly only: readonly number[];
  readonly options: { readonly types?: Readonly<Record<string, ColumnType>>; readonly schema?: readonly InputField[] };
}

/** Everything a Parquet read worker posts. */
export type ParquetReadWorkerMessage =
  | { readonly kind: 'progress'; readonly read: number; readonly total: number }
  | { readonly kind: 'done'; readonly result: CsvReadResult }
  | { readonly kind: 'error'; readonly error: ReadWorkerError };

/** What a split read needs. */
export interface SplitSetup {
  readonly path: string;
  readonly workerScript: string;
  readonly options: ParquetReadWorkerData['options'];
  readonly signal?: AbortSignal;
  readonly onProgress?: (read: number, total: number) => void;
  /** The lower and upper halves of the readable columns. */
  readonly halves: readonly [readonly number[], readonly number[]];
  /** Reads columns in this thread. */
  readHere(only: readonly number[], onProgress: (read: number, total: number) => void): Promise<CsvReadResult>;
}

/** How a half ended; `unexpected` marks a worker that crashed or met a bug, whose half is read here instead. */
type Outcome = ReadOutcome;

/**
 * Reads the lower half here and the upper half in a worker, and assembles them. The result equals
 * a sequential read's: the same frame and report, or the same error (the lower half's first, as
 * columns are checked in file order).
 */
export async function readSplit(setup: SplitSetup): Promise<CsvReadResult> {
  const read = [0, 0];
  const total = [0, 0];
  const progress = (half: number) => (bytes: number, of: number) => {
    read[half] = bytes;
    total[half] = of;
    setup.onProgress?.(read[0] + read[1], total[0] + total[1]);
  };
  const worker = startWorker(setup, progress(1));
  try {
    const here = await settleRead(setup.readHere(setup.halves[0], progress(0)));
    if ('error' in here && !(here.error instanceof DataError)) throw here.error;
    let there = await worker.outcome;
    if ('error' in there && there.unexpected) there = await settleRead(setup.readHere(setup.halves[1], progress(1)));
    for (const outcome of [here, there]) if ('error' in outcome) throw outcome.error;
    return assemble((here as { result: CsvReadResult }).result, (there as { result: CsvReadResult }).result);
  } finally {
    worker.stop();
  }
}

/** The halves side by side; the report's issues are the lower half's plus those only the upper half saw. */
function assemble(lower: CsvReadResult, upper: CsvReadResult): CsvReadResult {
  const seen = new Set(lower.report.parseIssues.map((issue) => issue.message));
  const parseIssues = [...lower.report.parseIssues, ...upper.report.parseIssues.filter((issue) => !seen.has(issue.message))];
  return {
    frame: { rowCount: lower.frame.rowCount, columns: [...lower.frame.columns, ...upper.frame.columns] },
    report: {
      ...lower.report,
      parseIssues,
      parseIssueCount: parseIssues.length,
      badValues: [...lower.report.badValues, ...upper.report.badValues],
    },
  };
}

/** A started worker: its outcome settles once; `stop` terminates it. */
interface ReadWorker {
  readonly outcome: Promise<Outcome>;
  stop(): void;
}

function startWorker(setup: SplitSetup, onProgress: (read: number, total: number) => void): ReadWorker {
  const data: ParquetReadWorkerData = { path: setup.path, only: setup.halves[1], options: setup.options };
  let worker: Worker;
  try {
    worker = new Worker(setup.workerScript, { workerData: data });
  } catch (error) {
    // Could not even start (out of threads, say): the half is read in this thread instead.
    return { outcome: Promise.resolve({ error, unexpected: true }), stop: () => undefined };
  }
  return watchReadWorker<ParquetReadWorkerMessage>(worker, 'Parquet read worker', setup.signal, (message, finish) => {
    if (message.kind === 'progress') onProgress(message.read, message.total);
    else if (message.kind === 'done') finish({ result: message.result });
    else finish(reviveReadError(message.error));
  });
}

