/** Reading a finished run folder's files (the CLI's predict and explain, the engine worker's explanations). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { DataError } from '../engine/errors';
import { REFERENCE_VERSION, type MonitorReference } from '../engine/monitor/types';
import { Pipeline } from '../engine/prep/pipeline';

/** The monitoring reference's file, in a run folder (whole) and in a service folder (compact). */
export const REFERENCE_FILE = 'reference.json';

/** The fitted pipeline of a run folder (`model.json`), or a `DataError` saying what is wrong. */
export async function loadRunPipeline(runDir: string): Promise<Pipeline> {
  let saved: unknown;
  try {
    saved = JSON.parse(await readFile(join(resolve(runDir), 'model.json'), 'utf8'));
  } catch (error) {
    throw new DataError(`cannot read a model from ${runDir}: ${(error as Error).message}`);
  }
  try {
    return Pipeline.load(saved);
  } catch (error) {
    throw new DataError(`${runDir}/model.json: ${(error as Error).message}`);
  }
}

/** A JSON file of a run folder, or undefined when the folder has none. */
export async function readRunJson<T>(runDir: string, name: string): Promise<T | undefined> {
  const file = join(resolve(runDir), name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    throw new DataError(`${runDir}/${name}: ${(error as Error).message}`);
  }
}

/**
 * The run's monitoring reference, or undefined when the run predates references; a `DataError`
 * for a file of another version.
 */
export async function readRunReference(runDir: string): Promise<MonitorReference | undefined> {
  const reference = await readRunJson<MonitorReference>(runDir, REFERENCE_FILE);
  if (reference !== undefined && reference.version !== REFERENCE_VERSION) {
    throw new DataError(`${runDir}/${REFERENCE_FILE} is version ${String(reference.version)}; this build reads version ${REFERENCE_VERSION}`);
  }
  return reference;
}

/**
 * The data file a run was trained on, from its `spec.json`: written relative to the workspace
 * the run was started in, which holds the run at `.automl/runs/<name>`; else relative to the
 * current directory. Undefined when it no longer exists.
 */
export function trainingFileOf(runDir: string, specFile: string): string | undefined {
  if (isAbsolute(specFile)) return existsSync(specFile) ? specFile : undefined;
  const folder = resolve(runDir);
  const candidates = [resolve(specFile)];
  if (basename(dirname(folder)) === 'runs' && basename(dirname(dirname(folder))) === '.automl') {
    candidates.unshift(join(dirname(dirname(dirname(folder))), specFile));
  }
  return candidates.find((c) => existsSync(c));
}
