/** CSV and TSV files, plain or gzip-compressed: the streaming reader of readCsvFile.ts. */
import { basename } from 'node:path';
import { readHeadFrame } from '../../engine/data/headFrame';
import { readSource } from '../../engine/profile/profileFrame';
import { delimiterForName } from '../dataFileName';
import { readDataHead } from '../gzipSource';
import { openDataFile } from '../openDataFile';
import { readCsvFile } from '../readCsvFile';
import type { SourceModule } from './dataSource';

/** Bytes of a file's start (uncompressed) a peek parses: many rows of any ordinary file, cheap for any size. */
export const PEEK_BYTES = 64 * 1024;

export const csvSource: SourceModule<'csv'> = {
  kind: 'csv',
  open(spec) {
    return {
      spec,
      async read(options = {}) {
        const { frame, report } = await readCsvFile(spec.path, {
          delimiter: spec.delimiter,
          types: options.types,
          schema: options.schema,
          raggedRows: options.raggedRows,
          signal: options.signal,
          onProgress: options.onProgress && ((read, total) => options.onProgress?.(total > 0 ? read / total : 1, { read, total })),
        });
        return { frame, report, source: { kind: 'csv', ...readSource(basename(spec.path), report) } };
      },
      async peek(options = {}) {
        const { handle } = await openDataFile(spec.path, 'a CSV file');
        try {
          const head = await readDataHead(handle, spec.path, PEEK_BYTES);
          const frame = readHeadFrame(head, { delimiter: spec.delimiter ?? delimiterForName(spec.path), schema: options.schema });
          return { columns: frame.columns.map((c) => c.name), frame, partial: head.length >= PEEK_BYTES };
        } finally {
          await handle.close();
        }
      },
    };
  },
};
