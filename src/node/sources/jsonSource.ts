/**
 * JSON files (`.json`, plain or gzip-compressed): an array of records, or an object holding one
 * at the spec's `records` path (found when there is only one).
 */
import { basename } from 'node:path';
import { JsonReader } from '../../engine/data/json/jsonReader';
import { readSource } from '../../engine/profile/profileFrame';
import { PEEK_BYTES } from './csvSource';
import type { SourceModule } from './dataSource';
import { namingFile } from './namingFile';
import { streamDataFile } from './streamDataFile';

export const jsonSource: SourceModule<'json'> = {
  kind: 'json',
  open(spec) {
    return {
      spec,
      read: (options = {}) =>
        namingFile(spec.path, async () => {
          const reader = new JsonReader({ records: spec.records, types: options.types, schema: options.schema, signal: options.signal });
          const streamed = await streamDataFile(spec.path, reader, {
            signal: options.signal,
            onProgress: options.onProgress && ((read, total) => options.onProgress?.(total > 0 ? read / total : 1, { read, total })),
          });
          const { frame, report, recordsPath } = reader.finish();
          const withSizes = { ...report, ...(streamed.compressedBytes === undefined ? {} : { compressedBytes: streamed.compressedBytes }) };
          return {
            frame,
            report: withSizes,
            source: { kind: 'json', ...readSource(basename(spec.path), withSizes), ...(recordsPath === '' ? {} : { records: recordsPath }) },
          };
        }),
      peek: (options = {}) =>
        namingFile(spec.path, async () => {
          const reader = new JsonReader({ records: spec.records, schema: options.schema, signal: options.signal });
          const rows = options.rows;
          let bytes = 0;
          // Records may start anywhere in the document: read on until some have come.
          const enough = (): boolean => reader.recordCount > 0 && (bytes >= PEEK_BYTES || (rows !== undefined && reader.recordCount >= rows));
          const streamed = await streamDataFile(spec.path, { push: (chunk) => ((bytes += chunk.length), reader.push(chunk)) }, { signal: options.signal, chunkBytes: PEEK_BYTES, enough });
          const { frame } = reader.finish({ cut: !streamed.complete });
          return { columns: frame.columns.map((c) => c.name), frame, partial: !streamed.complete };
        }),
    };
  },
};
