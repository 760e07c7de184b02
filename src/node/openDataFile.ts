/**
 * Opening a data file the same way for every reader: a missing file, a file without read
 * permission or a folder is a `DataError` in words, naming the path and what the reader expected.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { DataError } from '../engine/errors';

/** An open file and its size on disk; close `handle` when done. */
export interface OpenedDataFile {
  readonly handle: FileHandle;
  readonly size: number;
}

/** Opens `path` for reading; `expected` says what it should be ("a CSV file", "a Parquet file"). */
export async function openDataFile(path: string, expected: string): Promise<OpenedDataFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new DataError(describeOpenError(path, error, expected));
  }
  try {
    const info = await handle.stat();
    // Opening a folder succeeds on Linux; reading it does not.
    if (info.isDirectory()) throw new DataError(`${path} is a folder, not ${expected}`);
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A file that cannot be opened, in words: not found, no permission, a folder, or the system's reason. */
export function describeOpenError(path: string, error: unknown, expected = 'a data file'): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `file not found: ${path}`;
  if (code === 'EACCES' || code === 'EPERM') return `no permission to read ${path}`;
  if (code === 'EISDIR') return `${path} is a folder, not ${expected}`;
  return `cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`;
}
