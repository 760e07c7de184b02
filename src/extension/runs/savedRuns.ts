/**
 * Run folders read back for the panels and the Runs tree: the leaderboard of a finished run, its
 * explanations, feature decisions and robustness checks, and a one-line summary of every run
 * under `.automl/runs`. Free of `vscode`.
 *
 * Folders come from the Runs tree or from webview state, so each is checked to be a run folder
 * before anything is read, and a damaged file is a `DataError` the user can read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DataError } from '../../engine/errors';
import { getMetric, isMetricName } from '../../engine/validate/metrics';
import type { LeaderboardFile, TrainingRunSpec } from '../../node/runJob';
import type { FeaturesFile, LeaderboardShowMessage, ModelKey, RobustnessReport, RunExplanations, RunInfo, RunReport } from '../../protocol/webview';
import { isRunDirPath, runInfo } from '../panels/profileRun';
import { featuresFileOf, robustnessReportOf } from './reportShapes';

/** What the Runs tree shows of one run folder. */
export interface RunSummary {
  readonly runDir: string;
  readonly name: string;
  /** 'run': trained (has a leaderboard); 'profile': profiled only. */
  readonly kind: 'run' | 'profile';
  readonly file: string;
  readonly target?: string;
  readonly createdAt: string;
  /** "AUC 0.8876", for trained runs. */
  readonly score?: string;
  readonly model?: string;
  readonly cancelled?: boolean;
}

async function readJson<T>(runDir: string, name: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(join(runDir, name), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new DataError(`Cannot read ${name} of run ${basename(runDir)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new DataError(`${name} of run ${basename(runDir)} is not valid JSON.`);
  }
}

function checkRunDir(runDir: string): void {
  if (!isRunDirPath(runDir)) throw new DataError(`${runDir} is not an AutoML run folder (.automl/runs/<run>).`);
}

/** The saved spec of a run (undefined for folders without one). */
export async function readRunSpec(runDir: string): Promise<Partial<TrainingRunSpec> | undefined> {
  checkRunDir(runDir);
  return readJson<Partial<TrainingRunSpec>>(runDir, 'spec.json');
}

/** The run's description for the panels; a `DataError` when the folder is gone. */
export async function readRunInfo(runDir: string): Promise<RunInfo> {
  checkRunDir(runDir);
  try {
    await stat(runDir);
  } catch {
    throw new DataError(`The run folder ${basename(runDir)} no longer exists (was it deleted or moved?).`);
  }
  const spec = await readRunSpec(runDir);
  return runInfo(runDir, typeof spec?.file === 'string' && typeof spec.createdAt === 'string' ? { file: spec.file, createdAt: spec.createdAt } : undefined);
}

/** The board of a finished run, as a `leaderboard/show` message. */
export async function loadLeaderboard(runDir: string, selected?: ModelKey): Promise<LeaderboardShowMessage> {
  checkRunDir(runDir);
  const board = await readJson<LeaderboardFile>(runDir, 'leaderboard.json');
  if (board === undefined) throw new DataError(`The run ${basename(runDir)} has no leaderboard.json (it was a profile only, or is still running).`);
  if (board === null || !Array.isArray(board.trials) || typeof board.final !== 'object' || board.final === null) throw new DataError(`leaderboard.json of run ${basename(runDir)} is not a leaderboard.`);
  const run = await readRunInfo(runDir);
  const ok = board.trials.filter((t) => t.status === 'ok').length;
  const finishedOrder = [...board.trials].sort((a, b) => a.startedAt + a.durationMs - (b.startedAt + b.durationMs));
  return {
    kind: 'leaderboard/show',
    run,
    plan: board.plan,
    status: board.cancelled ? 'cancelled' : 'done',
    statusText: `${board.cancelled ? 'Cancelled' : 'Done'}: ${ok} of ${board.trials.length} trials scored; final model ${board.final.description}`,
    trials: finishedOrder,
    ensemble: board.ensemble,
    final: board.final,
    elapsedMs: board.elapsedMs,
    selected,
  };
}

/** The final model's explanations, or undefined when the run has none (skipped for lack of budget). */
export async function loadExplanations(runDir: string): Promise<RunExplanations | undefined> {
  checkRunDir(runDir);
  return readJson<RunExplanations>(runDir, 'explanations.json');
}

/**
 * The run's feature decisions (`features.json`), or undefined when the run has none (it predates
 * them, or is a profile); a `DataError` when the file is damaged.
 */
export async function loadFeatures(runDir: string): Promise<FeaturesFile | undefined> {
  checkRunDir(runDir);
  const value = await readJson<unknown>(runDir, 'features.json');
  if (value === undefined) return undefined;
  const features = featuresFileOf(value);
  if (features === undefined) throw new DataError(`features.json of run ${basename(runDir)} is not a list of feature decisions.`);
  return features;
}

/**
 * The final model's robustness checks (`robustness.json`), or undefined when the run has none
 * (it predates them); a `DataError` when the file is damaged.
 */
export async function loadRobustness(runDir: string): Promise<RobustnessReport | undefined> {
  checkRunDir(runDir);
  const value = await readJson<unknown>(runDir, 'robustness.json');
  if (value === undefined) return undefined;
  const report = robustnessReportOf(value);
  if (report === undefined) throw new DataError(`robustness.json of run ${basename(runDir)} is not a robustness report.`);
  return report;
}

/**
 * One of a run's optional report files for a panel ({@link RunReport}): its content, `null` when
 * the folder has none, undefined when it cannot be read (`warn` gets why: a panel shows the rest
 * of the run rather than failing for a side file).
 */
export async function reportForPanel<T>(
  load: (runDir: string) => Promise<T | undefined>,
  runDir: string,
  warn: (message: string) => void,
): Promise<RunReport<T>> {
  try {
    return (await load(runDir)) ?? null;
  } catch (error) {
    warn(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** Every run under `runsDir` (`<root>/.automl/runs`), newest first; unreadable folders are skipped. */
export async function listRuns(runsDir: string): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    return [];
  }
  const summaries = await Promise.all(names.map((name) => summarize(join(runsDir, name)).catch(() => undefined)));
  return summaries.filter((s): s is RunSummary => s !== undefined).sort((a, b) => b.name.localeCompare(a.name));
}

async function summarize(runDir: string): Promise<RunSummary | undefined> {
  const spec = await readJson<Partial<TrainingRunSpec> & { kind?: string }>(runDir, 'spec.json');
  if (spec === undefined) return undefined;
  const base = {
    runDir,
    name: basename(runDir),
    file: typeof spec.file === 'string' ? spec.file : '',
    target: typeof spec.target === 'string' ? spec.target : undefined,
    createdAt: typeof spec.createdAt === 'string' ? spec.createdAt : '',
  };
  if (spec.kind !== 'run') return { ...base, kind: 'profile' };
  const board = await readJson<LeaderboardFile>(runDir, 'leaderboard.json');
  if (board === undefined) return { ...base, kind: 'profile' };
  const label = isMetricName(board.metric) ? getMetric(board.metric).label : board.metric;
  return {
    ...base,
    kind: 'run',
    score: `${label} ${Number(board.final.score.toPrecision(4))}`,
    model: board.final.description,
    cancelled: board.cancelled,
  };
}
