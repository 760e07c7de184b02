/**
 * The checks saved in a run's `monitoring/` folder (`<timestamp>.json`, written by Check Drift
 * and `automl monitor`), read back for the Monitoring panel. Free of `vscode`. File names come
 * from webviews too, so only plain names inside the folder are read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { MonitorReport } from '../../engine/monitor/monitorReport';
import { DataError } from '../../engine/errors';
import { isMonitoringFileName, type MonitoringCheckEntry } from '../../protocol/webview';

/** The folder of a run's checks. */
export function monitoringFolder(runDir: string): string {
  return join(runDir, 'monitoring');
}

/** Whether `value` has the shape of a check's report (the fields the panel reads). */
export function isMonitorReport(value: unknown): value is MonitorReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Partial<Record<keyof MonitorReport, unknown>>;
  return (
    report.version === 1 &&
    typeof report.checkedAt === 'string' &&
    typeof report.source === 'string' &&
    (report.grade === 'ok' || report.grade === 'warn' || report.grade === 'alert') &&
    Array.isArray(report.columns) &&
    Array.isArray(report.quality) &&
    Array.isArray(report.windows) &&
    Array.isArray(report.summary) &&
    typeof report.prediction === 'object' &&
    typeof report.performance === 'object'
  );
}

/** One check of the run; a `DataError` when it is missing or not a report. */
export async function readCheck(runDir: string, file: string): Promise<MonitorReport> {
  if (!isMonitoringFileName(file)) throw new DataError(`${file} is not a check of this run.`);
  let text: string;
  try {
    text = await readFile(join(monitoringFolder(runDir), file), 'utf8');
  } catch {
    throw new DataError(`The check ${file} of run ${basename(runDir)} no longer exists.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DataError(`The check ${file} of run ${basename(runDir)} is not valid JSON.`);
  }
  if (!isMonitorReport(value)) throw new DataError(`The check ${file} of run ${basename(runDir)} is not a monitoring report.`);
  return value;
}

/**
 * The history entries of reports already read, by path, with the size and time they had: the
 * Runs tree and the panel list a run's checks often, and a report (columns by windows) can be
 * large, so each is parsed once on the extension host rather than at every refresh.
 */
const entryCache = new Map<string, { readonly stamp: string; readonly entry: MonitoringCheckEntry | undefined }>();
const ENTRY_CACHE_LIMIT = 1_000;

async function entryOf(runDir: string, file: string): Promise<MonitoringCheckEntry | undefined> {
  const path = join(monitoringFolder(runDir), file);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return undefined;
  const stamp = `${info.size}:${info.mtimeMs}`;
  const cached = entryCache.get(path);
  if (cached?.stamp === stamp) return cached.entry;
  const report = await readCheck(runDir, file).catch(() => undefined);
  const entry = report === undefined ? undefined : { file, checkedAt: report.checkedAt, grade: report.grade, source: report.source };
  if (entryCache.size >= ENTRY_CACHE_LIMIT) entryCache.clear();
  entryCache.set(path, { stamp, entry });
  return entry;
}

/** Every readable check of the run, newest first (none when the run was never checked). */
export async function listChecks(runDir: string): Promise<MonitoringCheckEntry[]> {
  let names: string[];
  try {
    names = (await readdir(monitoringFolder(runDir))).filter(isMonitoringFileName);
  } catch {
    return [];
  }
  const entries = await Promise.all(names.map((file) => entryOf(runDir, file)));
  return entries.filter((e): e is MonitoringCheckEntry => e !== undefined).sort((a, b) => b.checkedAt.localeCompare(a.checkedAt) || b.file.localeCompare(a.file));
}
