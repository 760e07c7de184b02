/**
 * The run report on disk: `report.html` of a run folder, rendered by the engine from the folder's
 * files (`automl report`, the extension's Open Report for runs from before reports) or from the
 * objects a run has in memory as it ends (`runJob`, so the report is written with the run in one
 * step).
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { RunResult } from '../engine/automl/runAutoML';
import { DataError } from '../engine/errors';
import type { RunExplanations } from '../engine/explain/runExplanations';
import type { FeaturesFile } from '../engine/features/types';
import type { DatasetProfile } from '../engine/profile/types';
import { modelFacts } from '../engine/report/modelFacts';
import { renderReport } from '../engine/report/renderReport';
import { reportMonitoring } from '../engine/report/reportMonitoring';
import type { ReportInput, ReportLeaderboard, ReportSpec } from '../engine/report/types';
import type { RobustnessReport } from '../engine/robustness/types';
import { MONITORING_FOLDER, readMonitoringReports } from './monitor/monitoringReports';
import { readRunJson } from './runFiles';
import { writeFileAtomic } from './runFolder';
import { RUN_SPEC_FILE } from './specFiles';

/** The report's file name in a run folder. */
export const REPORT_FILE = 'report.html';

/** What `runJob` has in memory when it writes a run folder. */
export interface FinishedRun {
  readonly spec: ReportSpec;
  readonly specText: string;
  readonly result: RunResult;
  readonly leaderboard: ReportLeaderboard;
  /** `model.json` as written, and the object it was written from. */
  readonly modelText: string;
  readonly savedModel: unknown;
  /** `features.json` as written. */
  readonly features: FeaturesFile;
}

/** The report of a run that is being written, from its in-memory objects. */
export function finishedRunReport(run: FinishedRun, generatedAt = new Date()): string {
  const { result } = run;
  return renderReport({
    spec: run.spec,
    specText: run.specText,
    profile: result.profile,
    leaderboard: run.leaderboard,
    ...(result.explanations === undefined ? {} : { explanations: result.explanations }),
    ...(result.robustness === undefined ? {} : { robustness: result.robustness }),
    features: run.features,
    model: modelFacts(run.savedModel, Buffer.byteLength(run.modelText), result.final.description),
    generatedAt: generatedAt.toISOString(),
  });
}

/**
 * `{ 'report.html': … }` to add to a run's files, or nothing when rendering failed: the report
 * is a view of the run, and a bug in it must not cost the run itself. The log line says how to
 * write it later.
 */
export function runReportFiles(run: FinishedRun, log: (message: string) => void): Record<string, string> {
  try {
    return { [REPORT_FILE]: finishedRunReport(run) };
  } catch (error) {
    log(`${REPORT_FILE} was not written (${(error as Error).message}); \`automl report <run folder>\` writes it from the run's files`);
    return {};
  }
}

/**
 * The run files a report is drawn from: a report older than any of them is out of date. The
 * monitoring folder's time changes as a check is added to it.
 */
const REPORT_SOURCES = ['spec.json', 'profile.json', 'leaderboard.json', 'model.json', 'explanations.json', 'robustness.json', 'features.json', MONITORING_FOLDER];

/**
 * Whether the run folder's report.html is missing or older than a file it is drawn from (a run
 * from before reports, or `automl explain` added the explanations since).
 */
export async function reportIsOutOfDate(runDir: string): Promise<boolean> {
  const mtime = async (name: string): Promise<number | undefined> => (await stat(join(runDir, name)).catch(() => undefined))?.mtimeMs;
  const written = await mtime(REPORT_FILE);
  if (written === undefined) return true;
  const sources = await Promise.all(REPORT_SOURCES.map(mtime));
  return sources.some((t) => t !== undefined && t > written);
}

async function readOptionalText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The report input of a finished training run folder: its spec, profile, leaderboard, model
 * facts and, when present, explanations, robustness, features and monitoring checks. A `DataError` says what is
 * missing when `runDir` is not a training run's folder.
 */
export async function reportInputFromRunFolder(runDir: string, generatedAt = new Date()): Promise<ReportInput> {
  const dir = resolve(runDir);
  const folderStat = await stat(dir).catch(() => undefined);
  if (folderStat === undefined || !folderStat.isDirectory()) throw new DataError(`${runDir} is not a folder`);
  const spec = await readRunJson<ReportSpec & { kind?: string }>(dir, 'spec.json');
  if (spec === undefined) throw new DataError(`${runDir} is not an AutoML run folder (it has no spec.json)`);
  if (spec.kind === 'profile') throw new DataError(`${runDir} is a profile run: only a training run (automl run) has a report`);
  const leaderboard = await readRunJson<ReportLeaderboard>(dir, 'leaderboard.json');
  if (leaderboard === undefined || !Array.isArray(leaderboard.trials) || typeof leaderboard.final !== 'object') {
    throw new DataError(`${runDir} has no leaderboard.json: only a finished training run has a report`);
  }
  const profile = await readRunJson<DatasetProfile>(dir, 'profile.json');
  if (profile === undefined) throw new DataError(`${runDir} has no profile.json`);
  const [specText, explanations, robustness, features, modelText, checks] = await Promise.all([
    readOptionalText(join(dir, RUN_SPEC_FILE)),
    readRunJson<RunExplanations>(dir, 'explanations.json'),
    readRunJson<RobustnessReport>(dir, 'robustness.json'),
    readRunJson<FeaturesFile>(dir, 'features.json'),
    readOptionalText(join(dir, 'model.json')),
    readMonitoringReports(dir),
  ]);
  const monitoring = reportMonitoring(checks);
  let model: ReportInput['model'];
  if (modelText !== undefined) {
    let saved: unknown;
    try {
      saved = JSON.parse(modelText);
    } catch (error) {
      throw new DataError(`${runDir}/model.json: ${(error as Error).message}`);
    }
    model = modelFacts(saved, Buffer.byteLength(modelText), leaderboard.final.description);
  }
  return {
    spec,
    ...(specText === undefined ? {} : { specText }),
    profile,
    leaderboard,
    ...(explanations === undefined ? {} : { explanations }),
    ...(robustness === undefined ? {} : { robustness }),
    ...(features === undefined ? {} : { features }),
    ...(model === undefined ? {} : { model }),
    ...(monitoring === undefined ? {} : { monitoring }),
    generatedAt: generatedAt.toISOString(),
  };
}

/**
 * Renders the report of the run folder `runDir` and writes it atomically to `out` (default the
 * folder's `report.html`, replaced; `out`'s folder is made if need be). Resolves to the file written.
 */
export async function writeRunReport(runDir: string, out?: string): Promise<string> {
  const input = await reportInputFromRunFolder(runDir);
  const file = resolve(out ?? join(runDir, REPORT_FILE));
  if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new DataError(`${out ?? file} is a folder: give the report a file name`);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, renderReport(input));
  return file;
}
