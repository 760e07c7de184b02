/**
 * Reading a run folder back for the Data Profile panel (after a window reload the panel has only
 * the folder's path, from its webview state). Free of `vscode`, so unit tests run it under Node.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { DataError } from '../../engine/errors';
import type { DatasetProfile, ProfileShowMessage, RunInfo } from '../../protocol/webview';
import type { ProfileRunSpec } from '../../node/runFolder';

/** A run as the panel shows it: the `profile/show` payload. */
export type ProfileRun = Omit<ProfileShowMessage, 'kind'>;

/**
 * Whether `path` looks like a run folder, `<root>/.automl/runs/<name>` (absolute, not a hidden
 * staging folder). The path comes from webview state, so nothing else is read.
 */
export function isRunDirPath(path: string): boolean {
  const name = basename(path);
  return (
    isAbsolute(path) &&
    name !== '' &&
    !name.startsWith('.') &&
    basename(dirname(path)) === 'runs' &&
    basename(dirname(dirname(path))) === '.automl'
  );
}

/** The panel's description of the run in `runDir`, from its spec (if it has one). */
export function runInfo(runDir: string, spec: Pick<ProfileRunSpec, 'file' | 'createdAt'> | undefined, profile?: DatasetProfile): RunInfo {
  return {
    runDir,
    name: basename(runDir),
    file: spec?.file ?? profile?.source?.file ?? '',
    createdAt: spec?.createdAt ?? '',
  };
}

/**
 * The data file of a run on disk: `run.file` as the spec wrote it, relative to the folder that
 * holds `.automl` (`/`-separated) or absolute. `undefined` when the run does not name its file.
 */
export function dataFilePath(run: RunInfo): string | undefined {
  if (run.file === '') return undefined;
  if (isAbsolute(run.file)) return run.file;
  const root = dirname(dirname(dirname(run.runDir)));
  return join(root, ...run.file.split('/'));
}

/**
 * Reads `profile.json` (required) and `spec.json` (optional) of the run in `runDir`. Rejects with
 * a `DataError` the user can act on when the folder is not a run, is gone, or holds no profile.
 */
export async function loadProfileRun(runDir: string): Promise<ProfileRun> {
  if (!isRunDirPath(runDir)) throw new DataError(`${runDir} is not an AutoML run folder (.automl/runs/<run>).`);
  let text: string;
  try {
    text = await readFile(join(runDir, 'profile.json'), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new DataError(`The run ${basename(runDir)} has no profile.json (was the run folder moved or deleted?).`);
    }
    throw new DataError(`Cannot read the profile of run ${basename(runDir)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const profile = parseProfile(text, runDir);
  const spec = await readSpec(runDir);
  return { run: runInfo(runDir, spec, profile), profile };
}

function parseProfile(text: string, runDir: string): DatasetProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DataError(`profile.json of run ${basename(runDir)} is not valid JSON.`);
  }
  // A shape check, not a full validation: the file was written by the engine.
  const record = value as Partial<Record<keyof DatasetProfile, unknown>> | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.rows !== 'number' ||
    !Array.isArray(record.columns) ||
    !Array.isArray(record.warnings) ||
    !Array.isArray(record.parseIssues) ||
    !Array.isArray(record.badValues) ||
    typeof record.associations !== 'object' ||
    record.associations === null
  ) {
    throw new DataError(`profile.json of run ${basename(runDir)} is not a data profile.`);
  }
  return value as DatasetProfile;
}

async function readSpec(runDir: string): Promise<Pick<ProfileRunSpec, 'file' | 'createdAt'> | undefined> {
  try {
    const spec = JSON.parse(await readFile(join(runDir, 'spec.json'), 'utf8')) as Partial<Record<keyof ProfileRunSpec, unknown>>;
    if (typeof spec.file === 'string' && typeof spec.createdAt === 'string') return { file: spec.file, createdAt: spec.createdAt };
  } catch {
    // The profile alone is enough to show the panel.
  }
  return undefined;
}
