/**
 * Gzip-compressed data files (`sales.csv.gz`): recognised by their magic bytes whatever their
 * name, decompressed as they stream (never inflated whole in memory), and read by the same CSV
 * reader as plain files. A split read by two threads (readCsvFileParallel.ts) would inflate the
 * file twice, so a compressed file is read by one thread.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { CsvReader } from '../engine/data/csvReader';
import type { CsvReadResult } from '../engine/data/readReport';
import { CancelledError, DataError } from '../engine/errors';
import type { ReadFileOptions } from './readCsvFile';

const DEFAULT_CHUNK_BYTES = 1 << 20;

/** Whether the file starts with gzip's magic bytes (1f 8b). */
export async function isGzip(handle: FileHandle): Promise<boolean> {
  const magic = new Uint8Array(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0);
  return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
}

/**
 * The uncompressed size gzip records in its last four bytes (ISIZE: the last member's size
 * modulo 2^32). Never more than the true size, so it can size columns up front without
 * over-allocating; a multi-member or > 4 GiB file just grows its columns as it reads.
 */
async function uncompressedSizeHint(handle: FileHandle, compressedBytes: number): Promise<number | undefined> {
  if (compressedBytes < 18) return undefined;
  const trailer = new Uint8Array(4);
  const { bytesRead } = await handle.read(trailer, 0, 4, compressedBytes - 4);
  if (bytesRead !== 4) return undefined;
  const size = new DataView(trailer.buffer).getUint32(0, true);
  return size > 0 ? size : undefined;
}

/**
 * Reads an open gzip file into a `Frame`, inflating chunk by chunk into one `CsvReader`. The
 * report's `bytes` are the uncompressed CSV bytes and `compressedBytes` the file's size; progress
 * is reported in compressed bytes read, against the file's size. Damaged or truncated gzip data
 * is a `DataError` naming the file.
 */
export async function readGzipColumns(
  path: string,
  handle: FileHandle,
  compressedBytes: number,
  options: ReadFileOptions,
): Promise<CsvReadResult> {
  const reader = new CsvReader({ ...options, expectedBytes: await uncompressedSizeHint(handle, compressedBytes) });
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const position = { bytes: 0 };
  const stream = inflated(handle, chunkBytes, position);
  try {
    for await (const chunk of stream.inflate as AsyncIterable<Uint8Array>) {
      if (options.signal?.aborted) throw new CancelledError();
      reader.push(chunk);
      options.onProgress?.(position.bytes, compressedBytes);
    }
  } catch (error) {
    throw asReadError(path, error);
  } finally {
    stream.close();
  }
  const { frame, report } = reader.finish();
  return { frame, report: { ...report, compressedBytes } };
}

/**
 * The first `maxBytes` bytes of a file's data, inflated when it is gzip-compressed (only as much
 * of it as needed); fewer when the data is shorter. File system errors are thrown as they come
 * (callers word them); damaged gzip data before `maxBytes` is a `DataError`.
 */
export async function readDataHead(handle: FileHandle, path: string, maxBytes: number): Promise<Uint8Array> {
  if (!(await isGzip(handle))) {
    const buffer = new Uint8Array(maxBytes);
    let filled = 0;
    while (filled < maxBytes) {
      const { bytesRead } = await handle.read(buffer, filled, maxBytes - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }
  const stream = inflated(handle, 64 * 1024, { bytes: 0 });
  const head = new Uint8Array(maxBytes);
  let filled = 0;
  try {
    for await (const chunk of stream.inflate as AsyncIterable<Uint8Array>) {
      const take = Math.min(chunk.length, maxBytes - filled);
      head.set(chunk.subarray(0, take), filled);
      filled += take;
      if (filled === maxBytes) break;
    }
  } catch (error) {
    throw asReadError(path, error);
  } finally {
    stream.close();
  }
  return head.subarray(0, filled);
}

/**
 * The file's bytes from the start, inflated. The compressed bytes are read with the handle's
 * own positional reads (a read stream on the handle would close it when destroyed, and callers
 * close their handles themselves); `position.bytes` follows how many were read. `close` stops
 * both ends early.
 */
export function inflated(handle: FileHandle, chunkBytes: number, position: { bytes: number }): { inflate: Gunzip; close: () => void } {
  async function* compressed(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const buffer = new Uint8Array(chunkBytes);
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position.bytes);
      if (bytesRead === 0) return;
      position.bytes += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }
  const source = Readable.from(compressed(), { objectMode: false });
  const inflate = createGunzip({ chunkSize: Math.max(64, chunkBytes) });
  source.on('error', (error) => inflate.destroy(error));
  source.pipe(inflate);
  return {
    inflate,
    close: () => {
      source.unpipe(inflate);
      source.destroy();
      inflate.destroy();
    },
  };
}

/** The reader's own errors as they are; zlib's as a `DataError` saying what is wrong with the file. */
export function asReadError(path: string, error: unknown): unknown {
  if (error instanceof CancelledError || error instanceof DataError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'Z_BUF_ERROR') return new DataError(`${path}: the gzip data ends early (the file is cut off)`);
  if (code === 'Z_DATA_ERROR' || code === 'Z_NEED_DICT') {
    return new DataError(`${path}: the gzip data is damaged (${(error as Error).message})`);
  }
  return error;
}
