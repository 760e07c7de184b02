/**
 * A data file's bytes, chunk by chunk, into a reader that parses as it goes (the NDJSON and JSON
 * readers): plain or gzip-compressed (recognised by its magic bytes whatever its name), never the
 * whole file in memory.
 */
import type { FileHandle } from 'node:fs/promises';
import { CancelledError } from '../../engine/errors';
import { asReadError, inflated, isGzip } from '../gzipSource';
import { openDataFile } from '../openDataFile';

/** What takes the bytes. */
export interface ByteSink {
  /** The next bytes of the file (uncompressed); the array may be reused once this returns. */
  push(chunk: Uint8Array): void;
}

export interface StreamOptions {
  readonly signal?: AbortSignal;
  /** Called after each chunk: bytes read from the file (compressed bytes of a gzip file) and its size. */
  readonly onProgress?: (read: number, total: number) => void;
  /** Checked after each chunk: true stops the stream there (a peek has what it needs). */
  readonly enough?: () => boolean;
  /** Read size in bytes (default 1 MiB). */
  readonly chunkBytes?: number;
}

/** How much was streamed. */
export interface StreamedFile {
  /** Bytes pushed (uncompressed). */
  readonly bytes: number;
  /** The file's size on disk when it is gzip-compressed. */
  readonly compressedBytes?: number;
  /** False when `enough` stopped the stream before the end of the file. */
  readonly complete: boolean;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Streams the file at `path` into `sink`. A missing or unreadable file, a folder, or damaged gzip
 * data is a `DataError`; an aborted `signal` rejects with `CancelledError`.
 */
export async function streamDataFile(path: string, sink: ByteSink, options: StreamOptions = {}): Promise<StreamedFile> {
  const { handle, size } = await openDataFile(path, 'a data file');
  try {
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    if (await isGzip(handle)) return await streamInflated(path, handle, size, sink, chunkBytes, options);
    const buffer = new Uint8Array(chunkBytes);
    let bytes = 0;
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError();
      const chunk = await readChunk(handle, bytes, buffer);
      if (chunk.length === 0) return { bytes, complete: true };
      sink.push(chunk);
      bytes += chunk.length;
      options.onProgress?.(bytes, size);
      if (options.enough?.()) return { bytes, complete: bytes === size };
    }
  } finally {
    await handle.close();
  }
}

async function streamInflated(path: string, handle: FileHandle, size: number, sink: ByteSink, chunkBytes: number, options: StreamOptions): Promise<StreamedFile> {
  const position = { bytes: 0 };
  const stream = inflated(handle, chunkBytes, position);
  let bytes = 0;
  try {
    for await (const chunk of stream.inflate as AsyncIterable<Uint8Array>) {
      if (options.signal?.aborted) throw new CancelledError();
      sink.push(chunk);
      bytes += chunk.length;
      options.onProgress?.(position.bytes, size);
      if (options.enough?.()) return { bytes, compressedBytes: size, complete: false };
    }
  } catch (error) {
    throw asReadError(path, error);
  } finally {
    stream.close();
  }
  return { bytes, compressedBytes: size, complete: true };
}

/** Fills `buffer` from `position` (looping over short reads); the filled part, empty at the end of the file. */
async function readChunk(handle: FileHandle, position: number, buffer: Uint8Array): Promise<Uint8Array> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}
