/**
 * Reads a Parquet file into a frame: the footer once, then row group by row group the bytes of the
 * column chunks, decoded into typed columns (src/engine/data/parquet) while the next group's bytes
 * are read. A large file on a machine with two cores or more is read by two threads splitting its
 * columns (readParquetParallel.ts), as the CSV reader splits its own.
 */
import * as os from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Compressors } from 'hyparquet';
import { ParquetFrameBuilder, type ByteRange } from '../../engine/data/parquet/parquetFrame';
import type { ColumnType } from '../../engine/data/frame';
import type { InputField } from '../../engine/data/inputField';
import type { CsvReadResult } from '../../engine/data/readReport';
import { DataError } from '../../engine/errors';
import { incompleteParquet, openParquetFile, type ParquetFile } from './parquetFile';
import { readSplit, splitByCost } from './readParquetParallel';

/** How to read a Parquet file. */
export interface ParquetReadOptions {
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly schema?: readonly InputField[];
  readonly signal?: AbortSignal;
  /** Bytes of column chunks read so far, of `total`. */
  readonly onProgress?: (read: number, total: number) => void;
  /**
   * Two threads, each decoding half of the columns: 'auto' (default) for files whose columns cost
   * at least `PARALLEL_MIN_COST` on a machine with two cores or more, true whenever a worker can
   * start, false never.
   */
  readonly parallel?: boolean | 'auto';
  /** The worker's script: `parquetReadWorker.js` beside this bundle (in dist/) unless given (tests). */
  readonly workerScript?: string;
  /** Read only these of the readable columns (a worker's half; see `ParquetFrameOptions.only`). */
  readonly only?: readonly number[];
}

/**
 * Decoding cost (`ParquetFrameBuilder.readable`: pages' bytes uncompressed plus 8 per value, about
 * 64 MB for a million rows of ten columns) from which two threads pay off: below it, starting a
 * worker and compiling the decoder twice cost more than half the decoding saves.
 */
export const PARALLEL_MIN_COST = 64 * 1024 * 1024;
/** Column chunks closer than this are read in one go (the bytes between them read and skipped). */
const MERGE_GAP_BYTES = 1 << 20;

let loadedCompressors: Promise<Compressors> | undefined;
/**
 * hyparquet-compressors' decompressors, loaded on the first Parquet read: its snappy compiles a
 * WebAssembly module as it loads, which processes that never read Parquet (the extension host)
 * should not pay for.
 */
export function parquetCompressors(): Promise<Compressors> {
  loadedCompressors ??= import('hyparquet-compressors').then((module) => module.compressors);
  return loadedCompressors;
}

/** Reads the file at `path`; the frame and report, and the file's size. Throws `DataError` for a damaged file. */
export async function readParquetFile(path: string, options: ParquetReadOptions = {}): Promise<CsvReadResult & { readonly fileBytes: number }> {
  const file = await openParquetFile(path);
  try {
    if (file.metadata.row_groups.every((group) => Number(group.num_rows) === 0)) {
      // As the CSV reader says of a file with a header and no rows.
      throw new DataError(`${path} holds no rows (only the names and types of its columns)`);
    }
    const { types, schema, signal, only } = options;
    // Built for its column list alone (it decodes nothing, so needs no decompressor); it also
    // checks the types and schema before any worker starts.
    const costs = new ParquetFrameBuilder(file.metadata, { types, schema, compressors: {}, only: [] }).readable.map((c) => c.cost);
    const script = only === undefined ? workerScript(options, costs) : undefined;
    // The decompressors load (the first time) while a worker boots.
    const readHere = async (columns: readonly number[] | undefined, onProgress = options.onProgress): Promise<CsvReadResult> => {
      const builder = new ParquetFrameBuilder(file.metadata, { types, schema, signal, compressors: await parquetCompressors(), only: columns });
      return readColumnsHere(file, builder, onProgress);
    };
    if (script === undefined) return { ...(await readHere(only)), fileBytes: file.bytes };
    const halves = splitByCost(costs.map((_, i) => i), costs);
    const result = await readSplit({ path, workerScript: script, options: { types, schema }, signal, onProgress: options.onProgress, halves, readHere });
    return { ...result, fileBytes: file.bytes };
  } finally {
    await file.close();
  }
}

/** The worker script to split with, or undefined to read in this thread alone. */
function workerScript(options: ParquetReadOptions, costs: readonly number[]): string | undefined {
  const parallel = options.parallel ?? 'auto';
  if (parallel === false || costs.length < 2) return undefined;
  const script = options.workerScript ?? join(__dirname, 'parquetReadWorker.js');
  if (!existsSync(script)) {
    if (parallel === true && options.workerScript !== undefined) throw new Error(`Parquet read worker not found: ${script}`);
    return undefined;
  }
  if (parallel === true) return script;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return cores >= 2 && costs.reduce((sum, cost) => sum + cost, 0) >= PARALLEL_MIN_COST ? script : undefined;
}

/** Reads the builder's columns in this thread, row group by row group. */
export async function readColumnsHere(
  file: ParquetFile,
  builder: ParquetFrameBuilder,
  onProgress?: (read: number, total: number) => void,
): Promise<CsvReadResult> {
  const groups = Array.from({ length: builder.rowGroups }, (_, g) => spans(builder, g));
  const total = groups.reduce((sum, group) => sum + group.reduce((s, span) => s + span.end - span.start, 0), 0);
  let done = 0;
  let next = groups.length > 0 ? readSpans(file, groups[0]) : undefined;
  for (let g = 0; g < groups.length; g++) {
    const buffers = await (next as Promise<Uint8Array[]>);
    // The next group's bytes arrive while this one decodes.
    next = g + 1 < groups.length ? readSpans(file, groups[g + 1]) : undefined;
    next?.catch(() => undefined);
    groups[g].forEach((span, s) => {
      for (const c of span.columns) {
        const range = builder.chunkRange(g, c);
        addChunk(builder, file, g, c, buffers[s].subarray(range.start - span.start, range.end - span.start), true);
      }
      done += span.end - span.start;
    });
    onProgress?.(done, total);
  }
  return builder.finish(file.bytes);
}

/** Decodes a chunk; a chunk that does not decode means the file is damaged, and says so. */
export function addChunk(builder: ParquetFrameBuilder, file: ParquetFile, group: number, c: number, bytes: Uint8Array, complete: boolean): boolean {
  try {
    return builder.addChunk(group, c, bytes, complete);
  } catch (error) {
    if (error instanceof DataError) throw incompleteParquet(file.path, error.message);
    throw error;
  }
}

/** Byte ranges to read for a row group, each covering one or more of its columns' chunks. */
interface Span extends ByteRange {
  readonly columns: number[];
}

/** The chunks of row group `g`, merged into spans where they lie close together (usually one span). */
function spans(builder: ParquetFrameBuilder, g: number): Span[] {
  const chunks = builder.columns.map((_, c) => ({ c, ...builder.chunkRange(g, c) })).sort((a, b) => a.start - b.start);
  const out: { start: number; end: number; columns: number[] }[] = [];
  for (const chunk of chunks) {
    const last = out[out.length - 1];
    if (last !== undefined && chunk.start - last.end <= MERGE_GAP_BYTES) {
      last.end = Math.max(last.end, chunk.end);
      last.columns.push(chunk.c);
    } else {
      out.push({ start: chunk.start, end: chunk.end, columns: [chunk.c] });
    }
  }
  return out;
}

function readSpans(file: ParquetFile, group: readonly Span[]): Promise<Uint8Array[]> {
  return Promise.all(group.map((span) => file.read(span.start, span.end)));
}
