/**
 * `.automl` spec files on disk: the `spec.automl` every AutoML run folder holds (the resolved
 * spec the run ran, no secrets), reading a spec file with its relative data path made absolute
 * (relative to the file's folder), and copying a run's spec elsewhere with the path rewritten.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { LeaderboardFile, TrainingRunSpec } from './runJob';
import type { RunSpec } from '../engine/automl/runSpec';
import type { ColumnType } from '../engine/data/frame';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import { redactUrl } from '../engine/data/redactUrl';
import { isFileSource, type SourceSpec } from '../engine/data/sourceSpec';
import { DataError } from '../engine/errors';
import { withoutWebhookUrl, type ServiceMonitorSpec } from '../engine/monitor/serviceMonitor';
import { parseSpecText } from '../engine/spec/parseSpec';
import { resolveRunSpec } from '../engine/spec/resolveRunSpec';
import type { SpecDiagnostic, SpecFile } from '../engine/spec/specFile';
import { specToYaml } from '../engine/spec/specToYaml';
import { readRunJson, trainingFileOf } from './runFiles';

/** The spec file of a run folder, next to `spec.json`. */
export const RUN_SPEC_FILE = 'spec.automl';

/** The extension of spec files. */
export const SPEC_EXTENSION = '.automl';

/** Whether `path` names a spec file (by its extension). */
export function isSpecFile(path: string): boolean {
  return path.toLowerCase().endsWith(SPEC_EXTENSION);
}

/**
 * How a spec file in `specDir` names the data file `file` (relative paths are taken from the
 * current directory): relative to `specDir` (`/`-separated) when both are inside `root` (the
 * workspace), so they move together; absolute otherwise.
 */
export function specDataPath(specDir: string, root: string, file: string): string {
  const inside = (path: string): boolean => {
    const rel = relative(root, path);
    return rel === '' || !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
  };
  const absolute = resolve(file);
  if (!inside(absolute) || !inside(resolve(specDir))) return absolute;
  return relative(resolve(specDir), absolute).split(sep).join('/');
}

/** `source` as a spec file in `specDir` writes it: the path per `specDataPath`, a URL without its secrets. */
export function sourceForSpecFile(source: SourceSpec, specDir: string, root: string): SourceSpec {
  if (isFileSource(source)) return { ...source, path: specDataPath(specDir, root, source.path) };
  return { ...source, url: redactUrl(source.url) };
}

/** What a run folder's `spec.automl` is written from. */
export interface RunSpecFileInput {
  /** The data (file paths absolute). */
  readonly source: SourceSpec;
  /** The workspace the run belongs to. */
  readonly root: string;
  /** The run folder the file goes into. */
  readonly runDir: string;
  /** The spec the run ran, resolved (`resolveRunSpec`). */
  readonly spec: RunSpec;
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly raggedRows?: RaggedRowPolicy;
  /** The spec file's `monitor:` section, for the prediction service (a literal webhook URL is left out). */
  readonly monitor?: ServiceMonitorSpec;
}

/** The text of a run folder's `spec.automl`. */
export function runSpecFileText(input: RunSpecFileInput): string {
  const types = input.types !== undefined && Object.keys(input.types).length > 0 ? input.types : undefined;
  return specToYaml(
    {
      source: sourceForSpecFile(input.source, input.runDir, input.root),
      ...(input.raggedRows === undefined ? {} : { raggedRows: input.raggedRows }),
      run: input.spec,
      ...(types === undefined ? {} : { types }),
      // A webhook URL usually carries its token; run folders keep no secrets.
      ...(input.monitor === undefined ? {} : { monitor: withoutWebhookUrl(input.monitor) }),
    },
    {
      comment: [
        'The AutoML run of this folder, every default as the run chose it.',
        'Run it again with `automl run spec.automl` (a relative data path is read from this file’s folder).',
      ],
    },
  );
}

/** `source` with a relative file path resolved against `dir`. */
export function resolveSpecSource(source: SourceSpec, dir: string): SourceSpec {
  return isFileSource(source) && !isAbsolute(source.path) ? { ...source, path: resolve(dir, source.path) } : source;
}

/** `file:line:col: message` (1-based, as compilers print them), with the severity unless an error. */
export function formatSpecDiagnostic(file: string, diagnostic: SpecDiagnostic): string {
  const { line, character } = diagnostic.range.start;
  const severity = diagnostic.severity === 'error' ? '' : `${diagnostic.severity}: `;
  return `${file}:${line + 1}:${character + 1}: ${severity}${diagnostic.message}`;
}

/** A spec file read from disk. */
export interface SpecFileRead {
  /** What it says, its data path absolute. */
  readonly spec: SpecFile;
  readonly diagnostics: readonly SpecDiagnostic[];
}

/** Reads and checks the spec file `file`; a `DataError` when it cannot be read. */
export async function readSpecFile(file: string): Promise<SpecFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DataError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { spec, diagnostics } = parseSpecText(text);
  const source = spec.source === undefined ? undefined : resolveSpecSource(spec.source, dirname(resolve(file)));
  return { spec: source === undefined ? spec : { ...spec, source }, diagnostics };
}

/**
 * The spec of the run in `runDir`, data path absolute (a web API's URL as recorded): its
 * `spec.automl`, or, for runs from before spec files, one made from `spec.json` (resolved with
 * the plan in `leaderboard.json` when that has one). Undefined for folders that are not AutoML
 * runs. A `DataError` lists the errors of a `spec.automl` that was edited into an invalid one.
 */
export async function readRunSpecFile(runDir: string): Promise<SpecFile | undefined> {
  const file = join(resolve(runDir), RUN_SPEC_FILE);
  if (existsSync(file)) {
    const { spec, diagnostics } = await readSpecFile(file);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new DataError(errors.map((d) => formatSpecDiagnostic(file, d)).join('\n'));
    return spec;
  }
  const saved = await readRunJson<Partial<TrainingRunSpec>>(runDir, 'spec.json');
  if (saved?.kind !== 'run' || saved.target === undefined) return undefined;
  const board = await readRunJson<Partial<LeaderboardFile>>(runDir, 'leaderboard.json').catch(() => undefined);
  const { version: _version, kind: _kind, file: _file, source: _source, createdAt: _createdAt, types, raggedRows, ...fields } = saved;
  const run = { ...fields, target: saved.target, seed: saved.seed ?? 42 } as RunSpec;
  const recorded = saved.source ?? (saved.file === undefined ? undefined : { kind: 'csv' as const, path: saved.file });
  // spec.json names files relative to the workspace; found, they are absolute.
  const source = recorded !== undefined && isFileSource(recorded) ? { ...recorded, path: trainingFileOf(runDir, recorded.path) ?? recorded.path } : recorded;
  return {
    ...(source === undefined ? {} : { source }),
    ...(raggedRows === undefined ? {} : { raggedRows }),
    run: board?.plan === undefined ? run : resolveRunSpec(run, board.plan),
    ...(types === undefined || Object.keys(types).length === 0 ? {} : { types }),
  };
}

/**
 * The text of the run in `runDir`'s spec as a file at `file`: its data path relative to the new
 * file's folder when both are inside `root`. `DataError` when the run has no spec to save.
 */
export async function runSpecAsFile(runDir: string, file: string, root: string): Promise<string> {
  const spec = await readRunSpecFile(runDir);
  if (spec === undefined) throw new DataError('only an AutoML run has a spec to save; run AutoML on the data first');
  const source = spec.source === undefined ? undefined : sourceForSpecFile(spec.source, dirname(resolve(file)), root);
  return specToYaml(
    { ...spec, ...(source === undefined ? {} : { source }) },
    { comment: [`Saved from the AutoML run ${runDir.split(/[\\/]/).pop() ?? runDir}.`, 'Run it with `automl run <this file>`; a relative data path is read from this file’s folder.'] },
  );
}
