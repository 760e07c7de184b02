/**
 * `automl scaffold-service` and the command "AutoML: Create Prediction Service": a small Node
 * project around a run's exported model (src/model.ts), with an HTTP server on `node:http`
 * (src/server.ts) that logs its predictions, serves `/metrics` and `/feedback` and monitors
 * itself (the files beside it), its settings (service.config.json, from the run's spec
 * `monitor:` section), build files, a Dockerfile, a README and, for a run's final model, the
 * compact monitoring reference (reference.json). Free of `vscode`: the CLI calls it directly, the
 * extension through the engine worker.
 */
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DataError } from '../engine/errors';
import { serviceMonitorConfig } from '../engine/monitor/serviceMonitor';
import { inputFields } from '../engine/prep/inputFields';
import type { Task } from '../engine/learners/types';
import type { DatasetProfile } from '../engine/profile/types';
import { exportRunModule, type RunModel } from './exportRun';
import { REFERENCE_FILE, loadRunPipeline, readRunJson } from './runFiles';
import { toJsonText } from './runFolder';
import type { RunDataAccess } from './runSource';
import { refitTrial } from './runModelExplain';
import { readRunSpecFile } from './specFiles';
import { configSource, SERVICE_CONFIG_FILE, serviceConfigJson } from './serviceTemplates/configSource';
import { driftSource } from './serviceTemplates/driftSource';
import { metricsSource } from './serviceTemplates/metricsSource';
import { monitorSource } from './serviceTemplates/monitorSource';
import { observeSource } from './serviceTemplates/observeSource';
import { predictionLogSource } from './serviceTemplates/predictionLogSource';
import { dockerfile, dockerignore, gitignore, packageJson, servicePackageName, tsconfigJson } from './serviceTemplates/projectFiles';
import { readmeSource } from './serviceTemplates/readmeSource';
import { serverSource } from './serviceTemplates/serverSource';

export interface ScaffoldOptions {
  /** Which model of the run: its final model (default) or a trial refitted on all rows. */
  readonly which?: RunModel;
  /** The port the service listens on when PORT is not set (default 8080). */
  readonly port?: number;
  /** Cancellation, and the secrets of the run's source (to refit a trial on its data). */
  readonly access?: RunDataAccess;
}

export interface ScaffoldResult {
  /** The project folder (absolute). */
  readonly outDir: string;
  readonly packageName: string;
  /** Which model it serves, e.g. 'final model (gbdt)'. */
  readonly model: string;
  readonly task: Task;
  /** The files written, relative to `outDir` with `/` separators. */
  readonly files: readonly string[];
  /** Each file's size in bytes, by its path in `files`. */
  readonly bytes: Readonly<Record<string, number>>;
  /** The run's spec had a `monitor:` section, copied into service.config.json. */
  readonly monitorFromSpec: boolean;
  /** The model's version (the run folder's name, and the trial) and the hash of src/model.ts. */
  readonly modelVersion: string;
  readonly modelHash: string;
}

/** A short, stable name of a model's source: 'sha256:' and the first 16 hex digits of its SHA-256. */
export function modelSourceHash(source: string): string {
  return `sha256:${createHash('sha256').update(source).digest('hex').slice(0, 16)}`;
}

export const DEFAULT_SERVICE_PORT = 8080;

/**
 * Writes the prediction service project for the model `which` of the run in `runDir` into
 * `outDir`, in one step (staged in a hidden sibling folder, then renamed). An existing non-empty
 * `outDir` is never touched: that is a `DataError`.
 */
export async function scaffoldService(runDir: string, outDir: string, options: ScaffoldOptions = {}): Promise<ScaffoldResult> {
  const which = options.which ?? 'final';
  const port = options.port ?? DEFAULT_SERVICE_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`the port must be a whole number from 1 to 65535, got ${port}`);
  const dir = resolve(outDir);
  // Refuse before exporting: a trial's model is refitted first, which takes a while.
  await refuseNonEmpty(dir);
  const exported = await exportRunModule(runDir, which, options.access);
  // The same pipeline the export used: model.json, or the trial's refit that the export saved.
  const pipeline = which === 'final' ? await loadRunPipeline(runDir) : (await refitTrial(runDir, which, options.access)).pipeline;
  const profile = await readRunJson<DatasetProfile>(runDir, 'profile.json');
  const spec = await readRunJson<{ readonly createdAt?: string }>(runDir, 'spec.json');
  // The run's spec `monitor:` section (spec.automl keeps it, without a literal webhook URL).
  const monitor = (await readRunSpecFile(runDir))?.monitor;
  const dataset = exported.fileName.replace(/(\.trial-\d+)?\.model\.ts$/, '');
  const packageName = servicePackageName(dataset);
  const target = pipeline.target;
  const modelVersion = which === 'final' ? basename(resolve(runDir)) : `${basename(resolve(runDir))}/trial-${which}`;
  const modelHash = modelSourceHash(exported.source);
  const hasReference = exported.reference !== undefined;
  const files: Record<string, string> = {
    'src/model.ts': exported.source,
    'src/server.ts': serverSource({ classification: target.task !== 'regression', port, service: packageName, modelVersion, modelHash }),
    'src/config.ts': configSource(),
    'src/observe.ts': observeSource(),
    'src/metrics.ts': metricsSource(),
    'src/predictionLog.ts': predictionLogSource(),
    'src/drift.ts': driftSource(),
    'src/monitor.ts': monitorSource(),
    [SERVICE_CONFIG_FILE]: serviceConfigJson(monitor, { reference: hasReference }),
    'package.json': packageJson(packageName, `Prediction service for ${exported.model} trained on ${dataset} (generated by AutoML for VS Code)`),
    'tsconfig.json': tsconfigJson(),
    Dockerfile: dockerfile(port, { reference: hasReference }),
    '.dockerignore': dockerignore(),
    '.gitignore': gitignore(),
    'README.md': readmeSource({
      packageName,
      dataset,
      model: exported.model,
      task: target.task,
      target: target.column,
      ...(target.task === 'regression' ? {} : { classes: target.classes }),
      trainedRows: pipeline.trainedRows,
      ...(spec?.createdAt === undefined ? {} : { trainedAt: spec.createdAt }),
      run: basename(resolve(runDir)),
      fields: inputFields(pipeline.toJSON(), profile?.columns ?? []).map((f) => ({ name: f.name, type: f.kind, required: !f.optional })),
      exampleInput: exported.exampleInput,
      port,
      reference: hasReference,
      monitor: serviceMonitorConfig(monitor, { reference: hasReference }),
    }),
    // What monitoring compares the service's inputs and predictions with (no row sample).
    ...(exported.reference ? { [REFERENCE_FILE]: toJsonText(exported.reference) } : {}),
  };
  await writeProjectDirectory(dir, files);
  return {
    outDir: dir,
    packageName,
    model: exported.model,
    task: exported.task,
    files: Object.keys(files),
    bytes: Object.fromEntries(Object.entries(files).map(([path, text]) => [path, Buffer.byteLength(text)])),
    monitorFromSpec: monitor !== undefined,
    modelVersion,
    modelHash,
  };
}

async function refuseNonEmpty(dir: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await lstat(dir)).isDirectory()) throw new DataError(`${dir} exists and is not a folder; choose another output folder`);
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length > 0) throw new DataError(`${dir} already exists and is not empty; choose another output folder or remove it`);
}

/** Creates `dir` holding `files` (relative paths, `/`-separated) in one step; `dir` may exist empty. */
async function writeProjectDirectory(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  await refuseNonEmpty(dir);
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(dir)}-`));
  try {
    // mkdtemp makes the folder private (0700); the project is an ordinary folder.
    await chmod(staging, 0o755);
    for (const [path, content] of Object.entries(files)) {
      const file = join(staging, ...path.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    // rmdir, not rm: it fails rather than delete files that appeared in `dir` meanwhile.
    await rmdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}
