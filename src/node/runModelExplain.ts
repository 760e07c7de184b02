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
import { explainPipeline, needsKernelShap } from '../engine/explain/pipelineShap';
import { explainRun, sampleValue, type RunExplanations } from '../engine/explain/runExplanations';
import { getLearner } from '../engine/learners/index';
import { Pipeline } from '../engine/prep/pipeline';
import { encodeTarget } from '../engine/prep/targetSpec';
import { sampleRows } from '../engine/profile/sampleRows';
import type { DatasetProfile } from '../engine/profile/types';
import { Rng } from '../engine/random';
import { getMetric } from '../engine/validate/metrics';
import type { RowExplanation } from '../protocol/webview';
import { readCsvFile } from './readCsvFile';
import { checkColumns, loadRunPipeline, readRunJson, trainingFileOf } from './runFiles';
import { toJsonText, writeFileAtomic } from './runFolder';
import { initTensorflow } from './tfBackend';

/** Rows at most per `explain/rows` request (each may cost a KernelSHAP run). */
export const MAX_EXPLAINED_ROWS = 100;
/** Training rows KernelSHAP's background is drawn from, as during the run. */
const BACKGROUND_ROWS = 1000;
/** Time a trial's explanations may take once its model is fitted. */
const TRIAL_EXPLAIN_MS = 20_000;

type SavedSpec = Partial<TrainingRunSpec>;

/** The last training file read, by path and modification time. */
let cached: { file: string; mtimeMs: number; frame: Frame } | undefined;

/** The training data of the run in `runDir`, read with the types and ragged-row policy the run used. */
async function trainingFrame(runDir: string, spec: SavedSpec | undefined, signal?: AbortSignal): Promise<Frame> {
  const file = spec?.file === undefined ? undefined : trainingFileOf(runDir, spec.file);
  if (file === undefined) throw new DataError(`the training file of this run${spec?.file ? ` ('${spec.file}')` : ''} was not found`);
  const { mtimeMs } = await stat(file);
  if (cached?.file === file && cached.mtimeMs === mtimeMs) return cached.frame;
  const { frame } = await readCsvFile(file, { types: spec?.types ? { ...spec.types } : undefined, raggedRows: spec?.raggedRows, signal });
  cached = { file, mtimeMs, frame };
  return frame;
}

/** SHAP values of data rows `rows` (0-based) of the run's training file, per source column. */
export async function explainRunRows(runDir: string, rows: readonly number[], signal?: AbortSignal): Promise<RowExplanation[]> {
  if (rows.length > MAX_EXPLAINED_ROWS) throw new RangeError(`at most ${MAX_EXPLAINED_ROWS} rows can be explained at once`);
  const pipeline = await loadRunPipeline(runDir);
  const spec = await readRunJson<SavedSpec>(runDir, 'spec.json');
  const frame = await trainingFrame(runDir, spec, signal);
  for (const row of rows) {
    if (!(Number.isInteger(row) && row >= 0 && row < frame.rowCount)) {
      throw new DataError(`row ${row} does not exist: the data has rows 0 to ${frame.rowCount - 1}`);
    }
  }
  const seed = spec?.seed ?? 0;
  const background = needsKernelShap(pipeline) ? selectRows(frame, sampleRows(frame.rowCount, BACKGROUND_ROWS, seed)) : undefined;
  const shap = explainPipeline(pipeline, selectRows(frame, Uint32Array.from(rows)), { background, seed, signal });
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
export async function explainRunFinal(runDir: string, signal?: AbortSignal, dataFile?: string): Promise<RunExplanations> {
  const saved = await readRunJson<RunExplanations>(runDir, 'explanations.json');
  if (saved !== undefined) return saved;
  const pipeline = await loadRunPipeline(runDir);
  const spec = await readRunJson<SavedSpec>(runDir, 'spec.json');
  const frame = dataFile === undefined ? await trainingFrame(runDir, spec, signal) : (await readCsvFile(dataFile, { types: spec?.types ? { ...spec.types } : undefined, signal })).frame;
  checkColumns(pipeline, frame, dataFile ?? 'the training file');
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
    signal,
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

/**
 * The explanations of trial `trialId` of the run in `runDir`: read back when computed before,
 * else its configuration is refitted on the training rows (with the run's seed for that trial,
 * and the columns the run left out left out again), explained, and saved.
 */
export async function explainRunTrial(runDir: string, trialId: number, signal?: AbortSignal): Promise<{ explanations: RunExplanations; model: string }> {
  const saved = await readRunJson<{ explanations: RunExplanations; model: string }>(runDir, join('explanations', `trial-${trialId}.json`));
  if (saved !== undefined) return saved;
  const board = await readRunJson<LeaderboardFile>(runDir, 'leaderboard.json');
  const trial = board?.trials.find((t) => t.id === trialId);
  if (board === undefined || trial === undefined) throw new DataError(`the run has no trial ${trialId}`);
  if (trial.status === 'error') throw new DataError(`trial ${trialId} failed (${trial.error ?? 'no reason recorded'}), so it has no model to explain`);
  const spec = await readRunJson<SavedSpec>(runDir, 'spec.json');
  if (spec?.target === undefined) throw new DataError('this run folder has no spec.json naming its target');
  const frame = await trainingFrame(runDir, spec, signal);
  if (getLearner(trial.learner).needsTensorflow) await initTensorflow(() => undefined);
  const seed = spec.seed ?? 0;
  const pipeline = Pipeline.fit(
    frame,
    spec.target,
    trial.learner,
    trial.params,
    { rng: new Rng((seed + trialId * 1_000_003) >>> 0), signal },
    { task: board.task, exclude: board.dropped.map((d) => d.column) },
  );
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
    signal,
  });
  if (explanations === undefined) throw new DataError(`trial ${trialId}'s model is too slow to explain in ${TRIAL_EXPLAIN_MS / 1000} s`);
  const result = { explanations, model: `${pipeline.describe()} (trial ${trialId}, refitted on all rows)` };
  const path = trialExplanationsPath(runDir, trialId);
  await mkdir(join(runDir, 'explanations'), { recursive: true });
  await writeFileAtomic(path, toJsonText(result));
  return result;
}
