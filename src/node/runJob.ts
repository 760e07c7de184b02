/**
 * One AutoML run from a data file to a run folder: read, profile, search on a pool of trial
 * threads, ensemble, refit, explain, then write `spec.json`, `spec.automl` (the spec it ran,
 * resolved), `profile.json`, `leaderboard.json`, `model.json`, `features.json`, `explanations.json`, `robustness.json` and
 * `reference.json` (the monitoring reference) atomically. The CLI (`automl run`) and the extension's
 * engine worker both run this, so a run looks the same whichever started it.
 *
 * Free of `vscode`; the trial threads are started from whichever thread calls this.
 */
import { freemem } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunEvent } from '../engine/automl/events';
import { runAutoML, type RunResult } from '../engine/automl/runAutoML';
import type { RunSpec } from '../engine/automl/runSpec';
import type { ColumnType, Frame } from '../engine/data/frame';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import { getLearner, listLearners } from '../engine/learners/index';
import { featuresFile } from '../engine/features/featuresFile';
import { describeSource, type SourceSecrets, type SourceSpec } from '../engine/data/sourceSpec';
import { profileFrame } from '../engine/profile/profileFrame';
import { resolveRunSpec } from '../engine/spec/resolveRunSpec';
import type { DatasetProfile } from '../engine/profile/types';
import { REFERENCE_FILE } from './runFiles';
import { runFolderName, runsDirectory, toJsonText, writeRunDirectory, writeRunFolder } from './runFolder';
import { rowsWithinMemory } from './rowsWithinMemory';
import { runReportFiles } from './runReport';
import { FETCHED_RECORDS_FILE, recordSource } from './runSource';
import { openSource } from './sources/openSource';
import { RUN_SPEC_FILE, runSpecFileText } from './specFiles';
import type { ServiceMonitorSpec } from '../engine/monitor/serviceMonitor';
import { initTensorflow } from './tfBackend';
import { TrialPool } from './trialPool';

/** `spec.json` of a training run: the run spec plus where the data came from. */
export interface TrainingRunSpec extends RunSpec {
  readonly version: 1;
  readonly kind: 'run';
  /**
   * The data as people read it: a file relative to the run root when inside it (`/`-separated),
   * else absolute; a URL with its table or query (see `describeSource`).
   */
  readonly file: string;
  /** The data source, file paths as in `file` (absent in runs from before other sources). */
  readonly source?: SourceSpec;
  readonly createdAt: string;
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly raggedRows?: RaggedRowPolicy;
}

/** `leaderboard.json`: every trial, the ensemble and the final model. */
export interface LeaderboardFile {
  readonly metric: RunResult['plan']['metric'];
  readonly higherIsBetter: boolean;
  readonly task: RunResult['plan']['task'];
  readonly validation: RunResult['plan']['validation'];
  readonly dropped: RunResult['plan']['dropped'];
  readonly trials: RunResult['leaderboard'];
  readonly ensemble: RunResult['ensemble'];
  readonly final: RunResult['final'];
  readonly cancelled: boolean;
  readonly elapsedMs: number;
  /** The plan as a whole (rows, learners, budget), so a panel can show a finished run as it showed it live. */
  readonly plan?: RunResult['plan'];
}

export interface RunJobOptions {
  /** The data (file paths absolute). */
  readonly source: SourceSpec;
  /** What `source` needs to be read (a database password): used, never written. */
  readonly secrets?: SourceSecrets;
  readonly spec: RunSpec;
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly raggedRows?: RaggedRowPolicy;
  /** Trial threads; 0 runs trials on the calling thread. */
  readonly workers: number;
  /** The folder `.automl/runs` goes under, and that `spec.json` names the file relative to. */
  readonly root: string;
  /** Write the run here instead of `<root>/.automl/runs/<time>-<file>` (never overwritten). */
  readonly outDir?: string;
  /** When the budget started (`performance.now()`); default now. Reading and profiling count. */
  readonly clockStart?: number;
  readonly startedAt?: Date;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  readonly onReadProgress?: (fraction: number, bytes?: { readonly read: number; readonly total: number }) => void;
  /**
   * New data (a file or URL) to compare with the training data: adversarial validation in the
   * robustness checks. Read with the training columns' types.
   */
  readonly test?: SourceSpec;
  /** Memory the run may use, in bytes; default 60% of the free memory. */
  readonly memoryLimitBytes?: number;
  /**
   * The spec file's `monitor:` section: kept in the run folder's spec.automl (without a literal
   * webhook URL) for `automl scaffold-service` to copy into the service's config.
   */
  readonly monitor?: ServiceMonitorSpec;
}

export interface RunJobResult {
  readonly runDir: string;
  readonly result: RunResult;
  readonly leaderboard: LeaderboardFile;
  readonly spec: TrainingRunSpec;
}

/** Runs AutoML on the data of `options.source` and writes the run folder; rejects with `CancelledError` if cancelled before any trial finished. */
export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const { spec, types, workers, signal } = options;
  const startedAt = options.startedAt ?? new Date();
  const clockStart = options.clockStart ?? performance.now();
  const emit = (event: RunEvent): void => options.onEvent?.(event);
  const log = (message: string): void => emit({ kind: 'log', message });
  // Fold matrices live in each trial thread; leave the rest of the machine's memory alone.
  const memory = { limitBytes: options.memoryLimitBytes ?? 0.6 * freemem(), threads: Math.max(1, workers) };
  const dataSource = openSource(options.source, options.secrets);
  let frame: Frame;
  let profile: DatasetProfile;
  let fetchedRecords: string | undefined;
  if (dataSource.profile !== undefined && Object.keys(types ?? {}).length === 0) {
    // The database profiles all rows where they live; only the rows that fit come here.
    profile = await dataSource.profile({ target: spec.target, seed: spec.seed, signal });
    const maxRows = rowsWithinMemory(profile, spec, memory);
    const stratifyBy = profile.target?.task === 'regression' ? undefined : spec.target;
    const read = await dataSource.read({
      sample: profile.rows > maxRows ? { maxRows, stratifyBy, seed: spec.seed } : undefined,
      signal,
      onProgress: options.onReadProgress,
    });
    frame = read.frame;
    const sample = read.source.sample;
    if (sample !== undefined) {
      log(
        `training on ${sample.rows} of ${sample.of} rows, a seeded sample drawn in the database${stratifyBy === undefined ? '' : ` (stratified by '${stratifyBy}')`}: ` +
          `all of them would not fit the ${(memory.limitBytes / 2 ** 30).toFixed(1)} GiB available; the profile covers every row`,
      );
      profile = { ...profile, source: { ...profile.source, sample } };
    }
  } else {
    const read = await dataSource.read({
      types: types === undefined ? undefined : { ...types },
      raggedRows: options.raggedRows,
      signal,
      onProgress: options.onReadProgress,
    });
    frame = read.frame;
    fetchedRecords = read.fetchedRecords;
    profile = profileFrame(frame, { target: spec.target, report: read.report, seed: spec.seed, source: read.source, signal });
  }
  const newData = options.test === undefined ? undefined : await readTestData(options.test, frame, signal);
  const wantsTensorflow = (spec.models ?? listLearners().map((l) => l.name)).some((name) => getLearner(name).needsTensorflow);
  const tensorflowReady = wantsTensorflow ? await initTensorflow((message) => emit({ kind: 'log', message, detail: true })).then(() => true, () => false) : false;
  const result = await runAutoML(spec, frame, {
    profile,
    startedAt: clockStart,
    memory,
    createExecutor:
      workers === 0 ? undefined : async (data, metric) => new TrialPool(data, metric.name, { workers, tensorflow: tensorflowReady, signal }),
    signal,
    tensorflowReady,
    newData,
    onEvent: emit,
  });
  const recorded = recordSource(options.source, options.root);
  const runSpec: TrainingRunSpec = {
    version: 1,
    kind: 'run',
    file: describeSource(recorded),
    source: recorded,
    createdAt: startedAt.toISOString(),
    ...(types === undefined ? {} : { types }),
    ...(options.raggedRows === undefined ? {} : { raggedRows: options.raggedRows }),
    ...spec,
  };
  const leaderboard = leaderboardFile(result);
  const runName = runFolderName(startedAt, options.source);
  // Every run folder sits at the same depth below the root, so a name taken meanwhile (and
  // suffixed -2) changes no relative path.
  const runDir = options.outDir ? resolve(options.outDir) : join(runsDirectory(options.root), runName);
  const specText = runSpecFileText({
    source: options.source,
    root: options.root,
    runDir,
    spec: resolveRunSpec(spec, result.plan),
    types,
    raggedRows: options.raggedRows,
    monitor: options.monitor,
  });
  const features = featuresFile(result.plan, result.features, result.pipeline.sourceColumns(), spec.exclude);
  const savedModel = result.pipeline.toJSON();
  // Compact: a model is mostly number arrays, which pretty-printing puts one per line.
  const modelText = `${JSON.stringify(savedModel)}\n`;
  const files = {
    'spec.json': toJsonText(runSpec),
    [RUN_SPEC_FILE]: specText,
    'profile.json': toJsonText(result.profile),
    'leaderboard.json': toJsonText(leaderboard),
    'model.json': modelText,
    'features.json': toJsonText(features),
    ...(result.explanations ? { 'explanations.json': toJsonText(result.explanations) } : {}),
    ...(result.robustness ? { 'robustness.json': toJsonText(result.robustness) } : {}),
    ...(result.reference ? { [REFERENCE_FILE]: toJsonText(result.reference) } : {}),
    ...(fetchedRecords === undefined ? {} : { [FETCHED_RECORDS_FILE]: fetchedRecords }),
    // Rendered from the same objects, so report.html arrives with the run, in the same step.
    ...runReportFiles({ spec: runSpec, specText, result, leaderboard, modelText, savedModel, features }, log),
  };
  const writtenDir = options.outDir ? await writeRunDirectory(runDir, files) : await writeRunFolder(runsDirectory(options.root), runName, files);
  return { runDir: writtenDir, result, leaderboard, spec: runSpec };
}

/** New data for the shift check, each column typed as the training frame's column of that name. */
async function readTestData(test: SourceSpec, training: Frame, signal: AbortSignal | undefined): Promise<{ frame: Frame; source: string }> {
  const types = Object.fromEntries(training.columns.map((c) => [c.name, c.type]));
  const present = new Set((await openSource(test).peek({ rows: 1 })).columns);
  const read = await openSource(test).read({ types: Object.fromEntries(Object.entries(types).filter(([name]) => present.has(name))), signal });
  return { frame: read.frame, source: describeSource(test) };
}

/** What `leaderboard.json` holds for a run's result. */
export function leaderboardFile(result: RunResult): LeaderboardFile {
  return {
    metric: result.plan.metric,
    higherIsBetter: result.plan.higherIsBetter,
    task: result.plan.task,
    validation: result.plan.validation,
    dropped: result.plan.dropped,
    trials: result.leaderboard,
    ensemble: result.ensemble,
    final: result.final,
    cancelled: result.cancelled,
    elapsedMs: result.elapsedMs,
    plan: result.plan,
  };
}
