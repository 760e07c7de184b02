/**
 * A Parquet file on disk: its footer (the metadata: schema, row groups, where each column chunk
 * lies) read and checked once, then byte ranges read on demand. A file cut short or otherwise
 * damaged is a `DataError` saying so, never hyparquet's own wording.
 */
import type { FileHandle } from 'node:fs/promises';
import type { FileMetaData } from 'hyparquet';
import { parquetMetadata } from 'hyparquet/src/metadata.js';
import { DataError } from '../../engine/errors';
import { openDataFile } from '../openDataFile';

/** "PAR1", the marker at both ends of a Parquet file (little-endian). */
const MAGIC = 0x31524150;
/** Footer length (4 bytes) and the closing marker (4 bytes). */
const TRAILER_BYTES = 8;

/** An open Parquet file; `close` it when done. */
export interface ParquetFile {
  readonly path: string;
  /** Size on disk. */
  readonly bytes: number;
  readonly metadata: FileMetaData;
  /** Reads `[start, end)` of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The `DataError` for a file that is not (or no longer) a whole Parquet file. */
export function incompleteParquet(path: string, reason: string): DataError {
  return new DataError(`${path} is not a complete Parquet file: ${reason}`);
}

/** Opens `path` and reads its footer. Throws `DataError` for a missing, cut or damaged file. */
export async function openParquetFile(path: string): Promise<ParquetFile> {
  const { handle, size } = await openDataFile(path, 'a Parquet file');
  try {
    const metadata = await readFooter(handle, path, size);
    return {
      path,
      bytes: size,
      metadata,
      read: (start, end) => readRange(handle, start, end),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readFooter(handle: FileHandle, path: string, size: number): Promise<FileMetaData> {
  if (size < 4 + TRAILER_BYTES) throw incompleteParquet(path, `it holds only ${size} bytes`);
  const trailer = await readRange(handle, size - TRAILER_BYTES, size);
  const view = new DataView(trailer.buffer, trailer.byteOffset, trailer.byteLength);
  if (view.getUint32(4, true) !== MAGIC) {
    const head = await readRange(handle, 0, 4);
    const startsLikeParquet = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === MAGIC;
    throw incompleteParquet(path, startsLikeParquet ? 'its footer is missing (the file is cut short)' : 'it lacks the PAR1 markers of Parquet files');
  }
  const footerBytes = view.getUint32(0, true);
  const dataEnd = size - TRAILER_BYTES - footerBytes;
  if (dataEnd < 4) throw incompleteParquet(path, `its footer claims ${footerBytes} bytes of a ${size}-byte file`);
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(await readRange(handle, dataEnd, size));
  } catch (error) {
    throw incompleteParquet(path, `its footer cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  metadata.row_groups.forEach((group, g) => {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      const end = Number(meta.dictionary_page_offset || meta.data_page_offset) + Number(meta.total_compressed_size);
      if (end > dataEnd) throw incompleteParquet(path, `row group ${g + 1}'s data runs past the end of the file`);
    }
  });
  return metadata;
}

async function readRange(handle: FileHandle, start: number, end: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(end - start);
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
    if (bytesRead === 0) throw new DataError(`the file ended at byte ${start + done} while reading to byte ${end}`);
    done += bytesRead;
  }
  return buffer;
}
