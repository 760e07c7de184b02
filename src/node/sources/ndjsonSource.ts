/** Newline-delimited JSON files (`.ndjson`, `.jsonl`, plain or gzip-compressed): one record per line. */
import { basename } from 'node:path';
import { NdjsonReader } from '../../engine/data/json/ndjsonReader';
import { readSource } from '../../engine/profile/profileFrame';
import { PEEK_BYTES } from './csvSource';
import type { SourceModule } from './dataSource';
import { namingFile } from './namingFile';
import { streamDataFile } from './streamDataFile';

export const ndjsonSource: SourceModule<'ndjson'> = {
  kind: 'ndjson',
  open(spec) {
    return {
      spec,
      read: (options = {}) =>
        namingFile(spec.path, async () => {
          const reader = new NdjsonReader({ types: options.types, schema: options.schema, signal: options.signal });
          const streamed = await streamDataFile(spec.path, reader, {
            signal: options.signal,
            onProgress: options.onProgress && ((read, total) => options.onProgress?.(total > 0 ? read / total : 1, { read, total })),
          });
          const { frame, report } = reader.finish();
          const withSizes = { ...report, ...(streamed.compressedBytes === undefined ? {} : { compressedBytes: streamed.compressedBytes }) };
          return { frame, report: withSizes, source: { kind: 'ndjson', ...readSource(basename(spec.path), withSizes) } };
        }),
      peek: (options = {}) =>
        namingFile(spec.path, async () => {
          const reader = new NdjsonReader({ schema: options.schema, signal: options.signal });
          const rows = options.rows;
          let bytes = 0;
          const streamed = await streamDataFile(
            spec.path,
            { push: (chunk) => ((bytes += chunk.length), reader.push(chunk)) },
            { signal: options.signal, chunkBytes: PEEK_BYTES, enough: () => bytes >= PEEK_BYTES || (rows !== undefined && reader.recordCount >= rows) },
          );
          const { frame } = reader.finish({ cut: !streamed.complete });
          return { columns: frame.columns.map((c) => c.name), frame, partial: !streamed.complete };
        }),
    };
  },
};
