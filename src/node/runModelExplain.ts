/**
 * Explanations of a finished run asked for after the fact, by the extension's panels through the
 * engine worker: SHAP values of any data row with the final model (the waterfall of a row outside
 * the saved sample), and the explanations of any trial (the Feature Importance view follows the
 * model selected on the leaderboard, and only the final model was explained during the run).
 *
 * Free of `vscode`. Reading the training file is the slow part, so the last one read is kept.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LeaderboardFile, TrainingRunSpec } from './runJob';
import { truthOf } from '../engine/automl/foldData';
import { selectRows, type Frame } from '../engine/data/frame';
import { DataError } from '../engine/errors';
import { explainPipeline, needsBackground } from '../engine/explain/pipelineShap';
import { explainRun, sampleValue, type RunExplanations } from '../engine/explain/runExplanations';
import { getLearner } from '../engine/learners/index';
import { Pipeline } from '../engine/prep/pipeline';
import { encodeTarget } from '../engine/prep/targetSpec';
import { sampleRows } from '../engine/profile/sampleRows';
import type { DatasetProfile } from '../engine/profile/types';
import { Rng } from '../engine/random';
import { getMetric } from '../engine/validate/metrics';
import type { RowExplanation } from '../protocol/webview';
import type { ExplainStep } from '../protocol/worker';
import { isFileSource, type SourceSpec } from '../engine/data/sourceSpec';
import { runInputFields } from './modelInput';
import { loadRunPipeline, readRunJson } from './runFiles';
import { readRunData, runSource, type RunDataAccess } from './runSource';
import { toJsonText, writeFileAtomic } from './runFolder';
import { initTensorflow } from './tfBackend';

/** Rows at most per `explain/rows` request (each may cost a KernelSHAP run). */
export const MAX_EXPLAINED_ROWS = 100;
/** Training rows KernelSHAP's background is drawn from, as during the run. */
const BACKGROUND_ROWS = 1000;
/** Time a trial's explanations may take once its model is fitted. */
const TRIAL_EXPLAIN_MS = 20_000;

type SavedSpec = Partial<TrainingRunSpec>;

/**
 * How a long explanation of a whole model reports its progress and is stopped. `stop` is what the
 * synchronous steps (refitting, explaining) check: in the engine worker they block its thread,
 * so a cancel message cannot be read until they end, and it is the host's shared cancel flag
 * (`signal` still stops the reading of the data, which is asynchronous).
 */
export interface ExplainModelAccess extends RunDataAccess {
  readonly onProgress?: (step: ExplainStep, fraction: number) => void;
  readonly stop?: AbortSignalLike;
}

/** Share of a trial's progress its refit takes (unmeasured: it is reported as a step, not a fraction). */
const REFIT_SHARE = 0.3;

/**
 * The last training data read, by what it was read from (the source and how the model's columns
 * were read) and, for a file, when the file last changed.
 */
let cached: { key: string; mtimeMs: number | undefined; frame: Frame } | undefined;

/**
 * The training data of the run in `runDir`, read with the types and ragged-row policy the run
 * used, and the columns of the run's final `model` as it saw them in training (`runInputFields`).
 */
async function trainingFrame(runDir: string, spec: SavedSpec | undefined, model: Pipeline, access: RunDataAccess): Promise<Frame> {
  const source = runSource(runDir, spec);
  if (source === undefined) throw new DataError(`the training data of this run${spec?.file ? ` ('${spec.file}')` : ''} was not found`);
  const fields = await runInputFields(runDir, model);
  const key = JSON.stringify([source, fields, spec?.types, spec?.raggedRows]);
  const mtimeMs = isFileSource(source) ? (await stat(source.path)).mtimeMs : undefined;
  if (cached?.key === key && cached.mtimeMs === mtimeMs) return cached.frame;
  const { frame } = await readRunData(runDir, spec, fields, { ...access, source });
  cached = { key, mtimeMs, frame };
  return frame;
}

/** SHAP values of data rows `rows` (0-based) of the run's training file, per source column. */
export async function explainRunRows(runDir: string, rows: readonly number[], access: RunDataAccess = {}): Promise<RowExplanation[]> {
  if (rows.length > MAX_EXPLAINED_ROWS) throw new RangeError(`at most ${MAX_EXPLAINED_ROWS} rows can be explained at once`);
  const pipeline = await loadRunPipeline(runDir);
  const spec = await readRunJson<SavedSpec>(runDir, 'spec.json');
  const frame = await trainingFrame(runDir, spec, pipeline, access);
  for (const row of rows) {
    if (!(Number.isInteger(row) && row >= 0 && row < frame.rowCount)) {
      throw new DataError(`row ${row} does not exist: the data has rows 0 to ${frame.rowCount - 1}`);
    }
  }
  const seed = spec?.seed ?? 0;
  const background = needsBackground(pipeline) ? selectRows(frame, sampleRows(frame.rowCount, BACKGROUND_ROWS, seed)) : undefined;
  const shap = explainPipeline(pipeline, selectRows(frame, Uint32Array.from(rows)), { background, seed, signal: access.signal });
  const width = shap.features.length;
  const columns = shap.features.map((name) => frame.columns.find((c) => c.name === name));
  return rows.map((row, r) => ({
    row,
    base: Array.from(shap.base),
    output: shap.output.map((o) => o[r]),
    contributions: shap.features.map((column, j) => ({
      column,
      value: columns[j] === undefined ? null : sampleValue(columns[j], row),
      shap: shap.values.map((v) => v[r * width + j]),
    })),
  }));
}

/**
 * The final model's explanations of a run that has none (its budget was spent before they could
 * be computed): computed without a deadline (no fold models: no permutation importance) and
 * saved as the run's `explanations.json`.
 */
export async function explainRunFinal(runDir: string, access: ExplainModelAccess = {}, data?: SourceSpec): Promise<RunExplanations> {
  const saved = await readRunJson<RunExplanations>(runDir, 'explanations.json');
  if (saved !== undefined) return saved;
  access.onProgress?.('read', 0);
  const pipeline = await loadRunPipeline(runDir);
  const spec = await readRunJson<SavedSpec>(runDir, 'spec.json');
  const frame =
    data === undefined
      ? await trainingFrame(runDir, spec, pipeline, access)
      : (await readRunData(runDir, spec, await runInputFields(runDir, pipeline), { ...access, source: data })).frame;
  if (needsTensorflow(pipeline)) await initTensorflow(() => undefined);
  const { target, rows } = encodeTarget(pipeline.target, frame);
  const board = await readRunJson<Partial<LeaderboardFile>>(runDir, 'leaderboard.json');
  const task = pipeline.target.task;
  const metricName = board?.metric ?? spec?.metric ?? (task === 'regression' ? 'rmse' : task === 'binary' ? 'auc' : 'logLoss');
  const explanations = explainRun({
    pipeline,
    frame,
    rows,
    truth: truthOf(target),
    metric: getMetric(metricName),
    profile: await readRunJson<DatasetProfile>(runDir, 'profile.json'),
    seed: spec?.seed ?? 0,
    deadline: Infinity,
    signal: access.stop ?? access.signal,
    onProgress: access.onProgress,
  });
  // Without a deadline every step runs.
  if (explanations === undefined) throw new DataError('the explanations could not be computed');
  await writeFileAtomic(join(runDir, 'explanations.json'), toJsonText(explanations));
  return explanations;
}

/** Whether a member of the pipeline is a TensorFlow.js model (the MLP). */
function needsTensorflow(pipeline: Pipeline): boolean {
  return pipeline.members.some((m) => getLearner(m.model.learner).needsTensorflow);
}

/** Where a trial's explanations are kept once computed. */
export function trialExplanationsPath(runDir: string, trialId: number): string {
  return join(runDir, 'explanations', `trial-${trialId}.json`);
}

/** Where a trial's model, refitted on all rows, is kept once fitted (explanations and exports share it). */
export function trialModelPath(runDir: string, trialId: number): string {
  return join(runDir, 'models', `trial-${trialId}.json`);
}

/** A trial of a run, refitted on all training rows: its pipeline, the data, and the run's files. */
export interface RefittedTrial {
  readonly pipeline: Pipeline;
  readonly board: LeaderboardFile;
  readonly spec: SavedSpec;
  /** The training data, when it was read (a saved refit is used without reading it unless asked). */
  readonly frame?: Frame;
}

/** The leaderboard entry of trial `trialId`, or a `DataError` when it has no model. */
async function trialEntry(runDir: string, trialId: number): Promise<{ board: LeaderboardFile; trial: LeaderboardFile['trials'][number] }> {
  const board = await readRunJson<LeaderboardFile>(runDir, 'leaderboard.json');
  const trial = board?.trials.find((t) => t.id === trialId);
  if (board === undefined || trial === undefined) throw new DataError(`the run has no trial ${trialId}`);
  if (trial.status === 'error') throw new DataError(`trial ${trialId} failed (${trial.error ?? 'no reason recorded'}), so it has no model`);
  return { board, trial };
}

/**
 * Trial `trialId`'s configuration refitted on the training rows (with the run's seed for that
 * trial, and the columns the run left out left out again). The fitted pipeline is saved as
 * `models/trial-<id>.json` and read back next time.
 */
export async function refitTrial(runDir: string, trialId: number, access: ExplainModelAccess = {}, options: { needFrame?: boolean } = {}): Promise<RefittedTrial> {
  const { board, trial } = await trialEntry(runDir, trialId);
  const spec = await readRunJson<SavedSpec>(runDir, 'spec.json');
  if (spec?.target === undefined) throw new DataError('this run folder has no spec.json naming its target');
  const saved = await readRunJson<unknown>(runDir, join('models', `trial-${trialId}.json`));
  if (saved !== undefined && options.needFrame !== true) return { pipeline: Pipeline.load(saved), board, spec };
  access.onProgress?.('read', 0);
  const frame = await trainingFrame(runDir, spec, await loadRunPipeline(runDir), access);
  if (saved !== undefined) return { pipeline: Pipeline.load(saved), frame, board, spec };
  if (getLearner(trial.learner).needsTensorflow) await initTensorflow(() => undefined);
  access.onProgress?.('refit', 0);
  const seed = spec.seed ?? 0;
  const pipeline = Pipeline.fit(
    frame,
    spec.target,
    trial.learner,
    trial.params,
    { rng: new Rng((seed + trialId * 1_000_003) >>> 0), signal: access.stop ?? access.signal },
    { task: board.task, exclude: board.dropped.map((d) => d.column) },
  );
  await mkdir(join(runDir, 'models'), { recursive: true });
  await writeFileAtomic(trialModelPath(runDir, trialId), toJsonText(pipeline.toJSON()));
  return { pipeline, frame, board, spec };
}

/**
 * The explanations of trial `trialId` of the run in `runDir`: read back when computed before,
 * else computed on its model refitted on all rows (`refitTrial`) and saved.
 */
export async function explainRunTrial(runDir: string, trialId: number, access: ExplainModelAccess = {}): Promise<{ explanations: RunExplanations; model: string }> {
  const saved = await readRunJson<{ explanations: RunExplanations; model: string }>(runDir, join('explanations', `trial-${trialId}.json`));
  if (saved !== undefined) return saved;
  const { pipeline, frame, board, spec } = await refitTrial(runDir, trialId, access, { needFrame: true });
  if (frame === undefined) throw new DataError('the training data could not be read');
  const seed = spec.seed ?? 0;
  const { target, rows } = encodeTarget(pipeline.target, frame);
  const explanations = explainRun({
    pipeline,
    frame,
    rows,
    truth: truthOf(target),
    metric: getMetric(board.metric),
    profile: await readRunJson<DatasetProfile>(runDir, 'profile.json'),
    seed,
    deadline: performance.now() + TRIAL_EXPLAIN_MS,
    signal: access.stop ?? access.signal,
    onProgress: (step, fraction) => access.onProgress?.(step, REFIT_SHARE + (1 - REFIT_SHARE) * fraction),
  });
  if (explanations === undefined) throw new DataError(`trial ${trialId}'s model is too slow to explain in ${TRIAL_EXPLAIN_MS / 1000} s`);
  const result = { explanations, model: `${pipeline.describe()} (trial ${trialId}, refitted on all rows)` };
  const path = trialExplanationsPath(runDir, trialId);
  await mkdir(join(runDir, 'explanations'), { recursive: true });
  await writeFileAtomic(path, toJsonText(result));
  return result;
}
