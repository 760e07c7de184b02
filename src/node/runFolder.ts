/**
 * Run folders on disk: `<root>/.automl/runs/<YYYYMMDD-HHmmss>-<dataset>/` (DESIGN.md, "Runs on
 * disk"). Writes are atomic so a panel, a second window or a crash never sees half a run.
 *
 * Free of `vscode`: the CLI can write the same folders and unit tests run under plain Node.
 */
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { dataFileStem, sourceStem } from './dataFileName';
import type { SourceSpec } from '../engine/data/sourceSpec';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import { DataError } from '../engine/errors';

/** `spec.json` of a profiling run: everything needed to profile the same data the same way again. */
export interface ProfileRunSpec {
  readonly version: 1;
  readonly kind: 'profile';
  /** The data as people read it: a file relative to the folder holding `.automl` when inside it (`/`-separated), else absolute. */
  readonly file: string;
  /** The data source, file paths as in `file` (absent in runs from before other sources). */
  readonly source?: SourceSpec;
  /** Target column, or `null` for a profile without one. */
  readonly target: string | null;
  readonly seed: number;
  readonly raggedRows: RaggedRowPolicy;
  /** ISO 8601 timestamp (UTC) of when the run was started. */
  readonly createdAt: string;
}

/** How many `-2`, `-3`, … suffixes to try when runs of the same dataset start within one second. */
const MAX_NAME_ATTEMPTS = 100;

/** `<root>/.automl/runs`, where every run of the workspace (or folder) `root` lives. */
export function runsDirectory(root: string): string {
  return join(root, '.automl', 'runs');
}

/**
 * Folder name of a run: local time `YYYYMMDD-HHmmss`, a dash, and the data's name (`sourceStem`;
 * a file's base name without extension when given a path), reduced to letters, digits, `.`, `_`
 * and `-` (safe in paths on every platform).
 */
export function runFolderName(startedAt: Date, data: SourceSpec | string): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const stamp =
    `${startedAt.getFullYear()}${pad(startedAt.getMonth() + 1)}${pad(startedAt.getDate())}-` +
    `${pad(startedAt.getHours())}${pad(startedAt.getMinutes())}${pad(startedAt.getSeconds())}`;
  const name = (typeof data === 'string' ? dataFileStem(data) : sourceStem(data))
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .slice(0, 80)
    // Windows drops trailing dots, and leading dots would hide the folder.
    .replace(/^[._]+|[._]+$/g, '');
  return `${stamp}-${name || 'data'}`;
}

/**
 * How a spec refers to `file`: relative to `root` with `/` separators when inside it, so the run
 * folder can be moved with its workspace; absolute otherwise.
 */
export function specPath(root: string, file: string): string {
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}

/** Pretty-printed JSON with a final newline, as every run file is written. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes `file` through a temporary sibling and a rename, so readers see the old or the new content. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the run folder `<runsDir>/<name>` holding `files` (file name -> content) in one step:
 * the files are written into a hidden staging folder that is then renamed into place. When a run
 * of that name exists, `-2`, `-3`, … is appended. Returns the folder's path.
 */
export async function writeRunFolder(
  runsDir: string,
  name: string,
  files: Readonly<Record<string, string>>,
): Promise<string> {
  await mkdir(runsDir, { recursive: true });
  const staging = await mkdtemp(join(runsDir, `.${name}-`));
  try {
    // mkdtemp makes the folder private (0700); a run folder is an ordinary folder.
    await chmod(staging, 0o755);
    for (const [fileName, content] of Object.entries(files)) await writeFile(join(staging, fileName), content);
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const target = join(runsDir, attempt === 1 ? name : `${name}-${attempt}`);
      // rename() would silently replace an empty directory, so look first.
      if (await exists(target)) continue;
      try {
        await rename(staging, target);
        return target;
      } catch (error) {
        // Lost a race with another run of the same name (Windows reports that as EPERM).
        if (!(isErrorCode(error, 'EEXIST', 'ENOTEMPTY', 'EPERM') && (await exists(target)))) throw error;
      }
    }
    throw new Error(`Could not find a free run folder name for ${name} in ${runsDir}.`);
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * The path a new run named `name` would get in `runsDir` now (`-2`, `-3`, … when taken), for
 * hosts that show a run's folder while it is still running. The run is then written there with
 * {@link writeRunDirectory}, which refuses a folder that was taken meanwhile.
 */
export async function freeRunFolder(runsDir: string, name: string): Promise<string> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const target = join(runsDir, attempt === 1 ? name : `${name}-${attempt}`);
    if (!(await exists(target))) return target;
  }
  throw new Error(`Could not find a free run folder name for ${name} in ${runsDir}.`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return false;
    throw error;
  }
}

function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && codes.includes(error.code);
}

/**
 * Creates the folder `dir` holding `files` in one step (staged in a hidden sibling, then renamed),
 * for runs whose folder the user names (`automl train --out`). An existing non-empty folder is
 * never overwritten: that is a `DataError` asking for another name.
 */
export async function writeRunDirectory(dir: string, files: Readonly<Record<string, string>>): Promise<string> {
  if (await exists(dir)) {
    const entries = await readdir(dir);
    if (entries.length > 0) throw new DataError(`${dir} already exists and is not empty; choose another --out or remove it`);
    await rm(dir, { recursive: true });
  }
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(dir)}-`));
  try {
    // mkdtemp makes the folder private (0700); a run folder is an ordinary folder.
    await chmod(staging, 0o755);
    for (const [fileName, content] of Object.entries(files)) await writeFile(join(staging, fileName), content);
    await rename(staging, dir);
    return dir;
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}
