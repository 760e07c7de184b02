/**
 * A run's data source in its `spec.json`: recorded with file paths relative to the workspace, so
 * a run folder moves with its workspace, and read back with paths absolute again. Runs from
 * before other sources existed name only their CSV file (`file`).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ColumnType } from '../engine/data/frame';
import type { InputField } from '../engine/data/inputField';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import { redactUrl } from '../engine/data/redactUrl';
import { isFileSource, type SourceSecrets, type SourceSpec } from '../engine/data/sourceSpec';
import { DataError } from '../engine/errors';
import { trainingFileOf } from './runFiles';
import { specPath } from './runFolder';
import { readModelInput } from './modelInput';
import type { SourceRead } from './sources/dataSource';

/** What a run's `spec.json` says about its data. */
export interface SavedSourceFields {
  readonly source?: SourceSpec;
  /** The data file, or the source's description for other sources. */
  readonly file?: string;
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly raggedRows?: RaggedRowPolicy;
}

/**
 * `spec` as `spec.json` records it: a file relative to `root` when inside it; a web API's URL
 * without query parameters that hold secrets.
 */
export function recordSource(spec: SourceSpec, root: string): SourceSpec {
  if (spec.kind === 'http') return { ...spec, url: redactUrl(spec.url) };
  return isFileSource(spec) ? { ...spec, path: specPath(root, spec.path) } : spec;
}

/** The file a run from a web API saves the fetched records in, so that it can be repeated offline. */
export const FETCHED_RECORDS_FILE = 'source.ndjson';

/**
 * The source of the run in `runDir` (file paths absolute: relative to the workspace holding the
 * run, else to the current directory), or undefined when the run names none or its file is gone.
 * A run from a web API reads the records it saved (`source.ndjson`), not the network.
 */
export function runSource(runDir: string, saved: SavedSourceFields | undefined): SourceSpec | undefined {
  const source = saved?.source ?? (saved?.file === undefined ? undefined : { kind: 'csv' as const, path: saved.file });
  const fetched = join(resolve(runDir), FETCHED_RECORDS_FILE);
  if (source?.kind === 'http' && existsSync(fetched)) return { kind: 'ndjson', path: fetched };
  if (source === undefined || !isFileSource(source)) return source;
  const path = trainingFileOf(runDir, source.path);
  return path === undefined ? undefined : { ...source, path };
}

/**
 * How work on a finished run may reach its data: cancellation, and the secrets its source needs
 * (a database password from VS Code's SecretStorage), held in memory only.
 */
export interface RunDataAccess {
  readonly signal?: AbortSignal;
  readonly secrets?: SourceSecrets;
}

/**
 * The data of the run in `runDir`, read as the run read it (its types and ragged-row policy),
 * with the columns of its model read as in training (`fields`). `source` replaces the recorded
 * source (`automl explain --data`). A `DataError` says when the data is gone.
 */
export async function readRunData(
  runDir: string,
  saved: SavedSourceFields | undefined,
  fields: readonly InputField[],
  options: { readonly source?: SourceSpec; readonly secrets?: SourceSecrets; readonly signal?: AbortSignal } = {},
): Promise<SourceRead> {
  const source = options.source ?? runSource(runDir, saved);
  if (source === undefined) throw new DataError(`the training data of this run${saved?.file ? ` ('${saved.file}')` : ''} was not found`);
  const types = saved?.types === undefined ? undefined : { ...saved.types };
  return readModelInput(source, fields, { types, raggedRows: saved?.raggedRows, signal: options.signal, secrets: options.secrets });
}
