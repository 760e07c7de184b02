/**
 * The records in a parsed JSON document (a web API's answer), found as in JSON files
 * (jsonReader.ts): at a dotted path when one is given; else the document itself when it is an
 * array, or the one array of objects its objects hold.
 */
import { DataError } from '../../errors';
import { describeJsonValue } from './recordParser';

/** A document's records and the path they were at ('' for a document that is an array). */
export interface FoundRecords {
  readonly records: readonly unknown[];
  readonly path: string;
}

/**
 * The records of `document`: at `path` (dotted keys) when given, else found. Throws `DataError`
 * when the path leads nowhere or to something other than an array, or when no path is given and
 * the document holds no array of objects, or several.
 */
export function recordsIn(document: unknown, path?: string): FoundRecords {
  if (path !== undefined) {
    const found = valueAt(document, path);
    if (found === undefined) {
      const candidates = recordPaths(document);
      throw new DataError(`the JSON has no '${path}'${candidates.length > 0 ? `; arrays of records are at: ${candidates.join(', ')}` : ''}`);
    }
    if (!Array.isArray(found)) throw new DataError(`'${path}' holds ${describeJsonValue(found)}, not an array of records`);
    return { records: found, path };
  }
  if (Array.isArray(document)) return { records: document, path: '' };
  if (document === null || typeof document !== 'object') throw new DataError(`the JSON holds ${describeJsonValue(document)}, not records (an array of objects)`);
  const candidates = recordPaths(document);
  if (candidates.length === 1) return { records: valueAt(document, candidates[0]) as unknown[], path: candidates[0] };
  if (candidates.length > 1) throw new DataError(`the JSON holds several arrays of records; use --records with one of: ${candidates.join(', ')}`);
  // No array of objects: an empty array is the records when it is the only array (a last page).
  const empty = emptyArrayPaths(document);
  if (empty.length === 1) return { records: [], path: empty[0] };
  throw new DataError('the JSON holds no array of records (objects) at its top or in its objects');
}

/** The value at a dotted path of object keys, or undefined. */
export function valueAt(document: unknown, path: string): unknown {
  let value = document;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Paths (through objects only) of the arrays whose first element is an object. */
function recordPaths(document: unknown, prefix = '', paths: string[] = []): string[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return paths;
  for (const [key, value] of Object.entries(document)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      const first: unknown = value[0];
      if (first !== null && typeof first === 'object' && !Array.isArray(first)) paths.push(path);
    } else recordPaths(value, path, paths);
  }
  return paths;
}

function emptyArrayPaths(document: unknown, prefix = '', paths: string[] = []): string[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return paths;
  for (const [key, value] of Object.entries(document)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      if (value.length === 0) paths.push(path);
    } else emptyArrayPaths(value, path, paths);
  }
  return paths;
}
