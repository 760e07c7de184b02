import { locateSource } from '../engine/data/sourceLocator';
import type { SourceSpec } from '../engine/data/sourceSpec';
import { DataError } from '../engine/errors';
import { UsageError } from './usageError';

/**
 * A data file or URL given on the command line (`--rows`, `--data`, `--test`, a new source), its
 * format told by its name; one it cannot tell is a usage error, prefixed by `flag` when given.
 */
export function fileSource(locator: string, flag?: string): SourceSpec {
  try {
    return locateSource(locator).spec;
  } catch (error) {
    if (error instanceof DataError) throw new UsageError(flag === undefined ? error.message : `${flag}: ${error.message}`);
    throw error;
  }
}
