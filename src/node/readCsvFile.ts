import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { CancelledError, DataError } from '../engine/errors';
import { CsvReader, type CsvReadOptions } from '../engine/data/csvReader';
import type { CsvReadResult } from '../engine/data/readReport';

export interface ReadFileOptions extends CsvReadOptions {
  /** Called after each chunk with bytes read so far and the file size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  readonly signal?: AbortSignal;
  /** Read size in bytes (default 1 MiB). */
  readonly chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Streams a CSV/TSV file from disk into a `Frame`: one reusable buffer, never the whole file in
 * memory. Yields to the event loop between chunks so a worker can receive a cancel message; an
 * aborted `signal` rejects with `CancelledError`. A missing or unreadable file is a `DataError`.
 */
export async function readCsvFile(path: string, options: ReadFileOptions = {}): Promise<CsvReadResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new DataError(describeOpenError(path, error));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new DataError(`${path} is a folder, not a CSV file`);
    const totalBytes = stat.size;
    const reader = new CsvReader({
      ...options,
      expectedBytes: totalBytes,
      delimiter: options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : undefined),
    });
    const buffer = new Uint8Array(options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    let bytesRead = 0;
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      const { bytesRead: n } = await handle.read(buffer, 0, buffer.length, null);
      if (n === 0) break;
      reader.push(n === buffer.length ? buffer : buffer.subarray(0, n));
      bytesRead += n;
      options.onProgress?.(bytesRead, totalBytes);
    }
    return reader.finish();
  } finally {
    await handle.close();
  }
}

function describeOpenError(path: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `file not found: ${path}`;
  if (code === 'EACCES' || code === 'EPERM') return `no permission to read ${path}`;
  if (code === 'EISDIR') return `${path} is a folder, not a CSV file`;
  return `cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`;
}
