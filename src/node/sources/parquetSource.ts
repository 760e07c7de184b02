/**
 * Parquet files: the footer read once, then row group by row group the bytes of the column chunks
 * read and decoded into typed columns (src/engine/data/parquet), the next group's bytes read while
 * this one decodes. A peek reads only the first pages of each column.
 */
import { basename } from 'node:path';
import type { Compressors } from 'hyparquet';
import { DataError } from '../../engine/errors';
import { ParquetFrameBuilder, type ByteRange } from '../../engine/data/parquet/parquetFrame';
import type { SourceModule } from './dataSource';
import { incompleteParquet, openParquetFile, type ParquetFile } from './parquetFile';

/** Rows a peek reads when not told (what the CSV reader samples to plan its columns). */
export const PEEK_ROWS = 2000;
/** Bytes of a column chunk a peek reads first; four times more each time that is not enough. */
const PEEK_CHUNK_BYTES = 256 * 1024;
/** Column chunks closer than this are read in one go (the bytes between them read and skipped). */
const MERGE_GAP_BYTES = 1 << 20;

let loadedCompressors: Promise<Compressors> | undefined;
/**
 * hyparquet-compressors' decompressors, loaded on the first Parquet read: its snappy compiles a
 * WebAssembly module as it loads, which processes that never read Parquet (the extension host)
 * should not pay for.
 */
function compressors(): Promise<Compressors> {
  loadedCompressors ??= import('hyparquet-compressors').then((module) => module.compressors);
  return loadedCompressors;
}

export const parquetSource: SourceModule<'parquet'> = {
  kind: 'parquet',
  open(spec) {
    return {
      spec,
      async read(options = {}) {
        const file = await openParquetFile(spec.path);
        try {
          const builder = new ParquetFrameBuilder(file.metadata, {
            types: options.types,
            schema: options.schema,
            signal: options.signal,
            compressors: await compressors(),
          });
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
            options.onProgress?.(total > 0 ? done / total : 1, { read: done, total });
          }
          const { frame, report } = builder.finish(file.bytes);
          return { frame, report, source: { kind: 'parquet', file: basename(spec.path), bytes: file.bytes } };
        } finally {
          await file.close();
        }
      },
      async peek(options = {}) {
        const file = await openParquetFile(spec.path);
        try {
          const maxRows = options.rows ?? PEEK_ROWS;
          const builder = new ParquetFrameBuilder(file.metadata, { schema: options.schema, maxRows, signal: options.signal, compressors: await compressors() });
          for (let g = 0; g < builder.rowGroups; g++) {
            for (let c = 0; c < builder.columns.length; c++) {
              const range = builder.chunkRange(g, c);
              // Grows the prefix read until its whole pages hold the rows wanted.
              for (let size = PEEK_CHUNK_BYTES; ; size *= 4) {
                const end = Math.min(range.end, range.start + size);
                if (addChunk(builder, file, g, c, await file.read(range.start, end), end === range.end)) break;
              }
            }
          }
          const { frame } = builder.finish(file.bytes);
          const rows = file.metadata.row_groups.reduce((sum, group) => sum + Number(group.num_rows), 0);
          return { columns: frame.columns.map((c) => c.name), frame, partial: frame.rowCount < rows };
        } finally {
          await file.close();
        }
      },
    };
  },
};

/** Decodes a chunk; a chunk that does not decode means the file is damaged, and says so. */
function addChunk(builder: ParquetFrameBuilder, file: ParquetFile, group: number, c: number, bytes: Uint8Array, complete: boolean): boolean {
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
