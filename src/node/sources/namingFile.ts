/** Errors about a file's content that name the file, as a user needs them when reading several. */
import { DataError } from '../../engine/errors';

/**
 * Runs `read`; a `DataError` it throws is rethrown prefixed with `path` (unless the message names
 * it already), keeping its line.
 */
export async function namingFile<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DataError && !error.message.includes(path)) throw new DataError(`${path}: ${error.message}`, error.line);
    throw error;
  }
}
