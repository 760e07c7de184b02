/**
 * The entries of a ZIP archive (an .xlsx workbook is one), read from its central directory with
 * Node's zlib: the small parts of a workbook the cell reader does not report (the sheet list,
 * merged cells) without a second ZIP library. Stored and deflated entries; no ZIP64 (an .xlsx
 * over 4 GB), no encryption (Office encrypts a whole workbook into an OLE file instead, see
 * xlsxFile.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

/** One file in the archive. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedBytes: number;
  readonly bytes: number;
  /** Where the entry's local header starts. */
  readonly headerOffset: number;
}

/** The End Of Central Directory record: 22 bytes plus a comment of up to 65,535. */
const EOCD_SIGNATURE = 0x06054b50;
const EOCD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_BYTES = 30;
const STREAM_CHUNK_BYTES = 256 * 1024;

/** Thrown for an archive whose structure is broken; callers say which file, in their words. */
export class ZipFormatError extends Error {}

/** The archive's entries by name; throws `ZipFormatError` when the file is not a readable ZIP. */
export async function readZipEntries(handle: FileHandle, fileBytes: number): Promise<Map<string, ZipEntry>> {
  const tailBytes = Math.min(fileBytes, EOCD_BYTES + MAX_COMMENT_BYTES);
  const tail = await readAt(handle, fileBytes - tailBytes, tailBytes);
  let eocd = -1;
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no ZIP end-of-archive record (the file is truncated or not a ZIP archive)');
  const count = tail.readUInt16LE(eocd + 10);
  const directoryBytes = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset === 0xffffffff || count === 0xffff) throw new ZipFormatError('ZIP64 archives (over 4 GB) are not supported');
  if (directoryOffset + directoryBytes > fileBytes) throw new ZipFormatError('the ZIP directory lies beyond the end of the file (the file is truncated)');
  const directory = await readAt(handle, directoryOffset, directoryBytes);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new ZipFormatError('the ZIP directory is damaged');
    const nameBytes = directory.readUInt16LE(at + 28);
    const extraBytes = directory.readUInt16LE(at + 30);
    const commentBytes = directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + nameBytes);
    entries.set(name, {
      name,
      method: directory.readUInt16LE(at + 10),
      compressedBytes: directory.readUInt32LE(at + 20),
      bytes: directory.readUInt32LE(at + 24),
      headerOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameBytes + extraBytes + commentBytes;
  }
  return entries;
}

/** An entry's whole content (for the small XML parts of a workbook). */
export async function readZipEntry(handle: FileHandle, entry: ZipEntry): Promise<Buffer> {
  const data = await readAt(handle, await dataOffset(handle, entry), entry.compressedBytes);
  return entry.method === 0 ? data : inflate(data, entry.name);
}

/**
 * An entry's content in chunks, inflated on zlib's thread pool (for a sheet's XML, which can be
 * large). Throws `ZipFormatError` when its data does not inflate.
 */
export async function* streamZipEntry(handle: FileHandle, entry: ZipEntry): AsyncGenerator<Buffer> {
  if (entry.compressedBytes === 0) return;
  // Not handle.createReadStream(): its stream closes the handle when it ends, autoClose or not.
  const raw = Readable.from(rawChunks(handle, await dataOffset(handle, entry), entry.compressedBytes), { objectMode: false });
  // pipeline() destroys both streams on an error, which then ends the iteration with it.
  const inflated = entry.method === 0 ? raw : pipeline(raw, createInflateRaw(), () => undefined);
  try {
    for await (const chunk of inflated) yield chunk as Buffer;
  } catch (error) {
    throw new ZipFormatError(`the entry ${entry.name} does not inflate: ${(error as Error).message}`);
  } finally {
    raw.destroy();
    inflated.destroy();
  }
}

async function* rawChunks(handle: FileHandle, start: number, length: number): AsyncGenerator<Buffer> {
  const end = start + length;
  for (let position = start; position < end; ) {
    const chunk = await readAt(handle, position, Math.min(STREAM_CHUNK_BYTES, end - position));
    if (chunk.length === 0) throw new ZipFormatError('the archive ends inside an entry (the file is truncated)');
    position += chunk.length;
    yield chunk;
  }
}

async function dataOffset(handle: FileHandle, entry: ZipEntry): Promise<number> {
  const header = await readAt(handle, entry.headerOffset, LOCAL_HEADER_BYTES);
  if (header.length < LOCAL_HEADER_BYTES || header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`the entry ${entry.name} is damaged`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`the entry ${entry.name} uses an unsupported compression method (${entry.method})`);
  return entry.headerOffset + LOCAL_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28);
}

function inflate(data: Buffer, name: string): Buffer {
  try {
    return inflateRawSync(data);
  } catch (error) {
    throw new ZipFormatError(`the entry ${name} does not inflate: ${(error as Error).message}`);
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return read === length ? buffer : buffer.subarray(0, read);
}
