/**
 * Parquet files as a source: read whole by readParquetFile.ts; a peek reads only the first pages
 * of each column.
 */
import { basename } from 'node:path';
import { ParquetFrameBuilder } from '../../engine/data/parquet/parquetFrame';
import type { SourceModule } from './dataSource';
import { openParquetFile } from './parquetFile';
import { addChunk, parquetCompressors, readParquetFile } from './readParquetFile';

/** Rows a peek reads when not told (what the CSV reader samples to plan its columns). */
export const PEEK_ROWS = 2000;
/** Bytes of a column chunk a peek reads first; four times more each time that is not enough. */
const PEEK_CHUNK_BYTES = 256 * 1024;

export const parquetSource: SourceModule<'parquet'> = {
  kind: 'parquet',
  open(spec) {
    return {
      spec,
      async read(options = {}) {
        const { frame, report, fileBytes } = await readParquetFile(spec.path, {
          types: options.types,
          schema: options.schema,
          signal: options.signal,
          onProgress: options.onProgress && ((read, total) => options.onProgress?.(total > 0 ? read / total : 1, { read, total })),
        });
        return { frame, report, source: { kind: 'parquet', file: basename(spec.path), bytes: fileBytes } };
      },
      async peek(options = {}) {
        const file = await openParquetFile(spec.path);
        try {
          const maxRows = options.rows ?? PEEK_ROWS;
          const builder = new ParquetFrameBuilder(file.metadata, { schema: options.schema, maxRows, signal: options.signal, compressors: await parquetCompressors() });
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
