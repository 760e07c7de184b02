import { existsSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { CancelledError } from '../engine/errors';
import { CSV_HEAD_BYTES, CsvReader, planCsvHead, type CsvHeadPlan, type CsvReadOptions } from '../engine/data/csvReader';
import type { CsvReadResult } from '../engine/data/readReport';
import { startSplit } from './readCsvFileParallel';
import { delimiterForName } from './dataFileName';
import { isGzip, readGzipColumns } from './gzipSource';
import { openDataFile } from './openDataFile';

/** Options of `readCsvFile`: the reader's own, plus how the file is read. */
export interface ReadFileOptions extends CsvReadOptions {
  /** Called after each chunk with bytes read so far and the file size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  readonly signal?: AbortSignal;
  /** Read size in bytes (default 1 MiB). */
  readonly chunkBytes?: number;
  /**
   * Whether to split the columns between this thread and a worker thread, each reading the whole
   * file but building only its columns: 'auto' (default) does so for files of at least
   * `PARALLEL_MIN_BYTES` on a machine with two or more cores; `true` for any file, `false` never.
   * Either way the worker script must exist, and the result is the same as a sequential read.
   */
  readonly parallel?: boolean | 'auto';
  /**
   * The bundled worker entry (default: `csvReadWorker.js` next to the running bundle, as in
   * `dist/`). Tests, whose bundles live elsewhere, point it at `dist/csvReadWorker.js`.
   */
  readonly workerScript?: string;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Files at least this big are read by two threads under `parallel: 'auto'`. Below it a worker's
 * start-up and the second pass over the bytes eat most of the gain.
 */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/**
 * Streams a CSV/TSV file from disk into a `Frame`: one reusable buffer, never the whole file in
 * memory. Yields to the event loop between chunks so a worker can receive a cancel message; an
 * aborted `signal` rejects with `CancelledError`. A missing or unreadable file is a `DataError`.
 * Large files are read by two threads (see `parallel`) with the same result. A gzip-compressed
 * file (`.csv.gz`, recognised by its magic bytes whatever its name) is decompressed as it streams;
 * its report then gives both sizes (`bytes` uncompressed, `compressedBytes` on disk) and progress
 * counts compressed bytes.
 */
export async function readCsvFile(path: string, options: ReadFileOptions = {}): Promise<CsvReadResult> {
  const { handle, size: totalBytes } = await openDataFile(path, 'a CSV file');
  try {
    const delimiter = options.delimiter ?? delimiterForName(path);
    if (await isGzip(handle)) return await readGzipColumns(path, handle, totalBytes, { ...options, delimiter });
    const readerOptions: CsvReadOptions = { ...options, expectedBytes: totalBytes, delimiter };
    const file: OpenFile = { handle, totalBytes, chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK_BYTES };
    const workerScript = splitWorkerScript(options, totalBytes);
    if (workerScript === undefined) return await readColumns(file, [], readerOptions, options);

    // The worker boots while this thread reads and plans the head.
    const split = startSplit({
      path,
      workerScript,
      readerOptions,
      signal: options.signal,
      onProgress: options.onProgress && ((bytesRead) => options.onProgress?.(bytesRead, totalBytes)),
    });
    try {
      // Plan from exactly the chunks a reader would plan from, so that the plan is the reader's own.
      const head: Uint8Array[] = [];
      let headBytes = 0;
      while (headBytes < CSV_HEAD_BYTES) {
        if (options.signal?.aborted) throw new CancelledError();
        const chunk = await readChunk(file, headBytes, new Uint8Array(file.chunkBytes));
        if (chunk.length === 0) break;
        head.push(chunk);
        headBytes += chunk.length;
      }
      // A head short of CSV_HEAD_BYTES is the whole file, which a reader plans only at `finish`.
      const plan = planSafely(head, headBytes, headBytes < CSV_HEAD_BYTES, readerOptions);
      const columns = plan && splittable(plan, options.columns);
      if (!plan || !columns) {
        split.stop();
        options.onProgress?.(headBytes, totalBytes);
        // The plan is the one the reader would make from these chunks: no need to plan twice.
        return await readColumns(file, head, plan ? { ...readerOptions, plan } : readerOptions, options);
      }
      return await split.run(plan, columns, (half, onBytes) =>
        readColumns(file, head, { ...readerOptions, ...half }, { signal: options.signal, onProgress: onBytes }),
      );
    } finally {
      split.stop();
    }
  } finally {
    await handle.close();
  }
}

interface OpenFile {
  readonly handle: FileHandle;
  readonly totalBytes: number;
  readonly chunkBytes: number;
}

/**
 * Reads the file into a reader with `readerOptions`, pushing the already read `head` chunks first
 * and then the rest from where they end. Each call has its own buffer and positions, so the
 * split path may call it again for a second pass on the same handle.
 */
async function readColumns(
  file: OpenFile,
  head: readonly Uint8Array[],
  readerOptions: CsvReadOptions,
  progress: { readonly signal?: AbortSignal; readonly onProgress?: (bytesRead: number, totalBytes: number) => void },
): Promise<CsvReadResult> {
  const reader = new CsvReader(readerOptions);
  let bytesRead = 0;
  for (const chunk of head) {
    if (progress.signal?.aborted) throw new CancelledError();
    reader.push(chunk);
    bytesRead += chunk.length;
  }
  const buffer = new Uint8Array(file.chunkBytes);
  for (;;) {
    if (progress.signal?.aborted) throw new CancelledError();
    const chunk = await readChunk(file, bytesRead, buffer);
    if (chunk.length === 0) break;
    reader.push(chunk);
    bytesRead += chunk.length;
    progress.onProgress?.(bytesRead, file.totalBytes);
  }
  return reader.finish();
}

/**
 * Fills `buffer` from `position` (looping over short reads) and returns the filled part, empty at
 * the end of the file. Full chunks make the chunk sequence, hence a reader's head, the same in
 * every thread that reads the file.
 */
async function readChunk(file: OpenFile, position: number, buffer: Uint8Array): Promise<Uint8Array> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await file.handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

/** The worker script to split with, or `undefined` to read in this thread alone. */
function splitWorkerScript(options: ReadFileOptions, totalBytes: number): string | undefined {
  const parallel = options.parallel ?? 'auto';
  if (parallel === false) return undefined;
  const script = options.workerScript ?? join(__dirname, 'csvReadWorker.js');
  if (parallel === 'auto') {
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    return totalBytes >= PARALLEL_MIN_BYTES && cores >= 2 && existsSync(script) ? script : undefined;
  }
  // Forced: a wrong explicit path is a setup error worth seeing; a missing default just reads here.
  if (options.workerScript !== undefined && !existsSync(script)) throw new Error(`CSV read worker not found: ${script}`);
  return existsSync(script) ? script : undefined;
}

/**
 * The head's plan, or `undefined` when the head cannot be planned on its own or is unusable: the
 * sequential read then meets (and reports) the same problem exactly as it would alone.
 */
function planSafely(head: readonly Uint8Array[], headBytes: number, final: boolean, options: CsvReadOptions): CsvHeadPlan | undefined {
  const joined = new Uint8Array(headBytes);
  let at = 0;
  for (const chunk of head) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  try {
    return planCsvHead(joined, options, final);
  } catch {
    return undefined;
  }
}

/** The columns to split (sorted, at least two), or `undefined` when a split cannot help or `columns` is invalid. */
function splittable(plan: CsvHeadPlan, columns: readonly number[] | undefined): number[] | undefined {
  const all = columns === undefined ? plan.names.map((_, j) => j) : [...new Set(columns)].sort((a, b) => a - b);
  if (all.length < 2 || all.some((j) => !Number.isInteger(j) || j < 0 || j >= plan.names.length)) return undefined;
  return all;
}
