/**
 * A monitoring check of a run against its prediction service's logs (`automl monitor <run>
 * <log-folder>`, and the extension's Check Drift on a log folder): the rows the service answered,
 * read from its prediction logs with the run's input fields, labelled by the feedback logs, then
 * checked by the same `checkFrame` as a data file. Windows by day or week use each record's `ts`
 * unless told otherwise. See readServiceLog.ts for what is read, left out and counted.
 */
import { basename, resolve } from 'node:path';
import { PLAIN_NUMBER_FORMAT, type Column } from '../../engine/data/frame';
import type { ServiceLogSummary } from '../../engine/monitor/monitorReport';
import type { TargetSpec } from '../../engine/prep/targetSpec';
import { labelsOf } from './checkDrift';
import { checkFrame, type CheckDriftResult, type FrameLabels, type WindowChoice } from './checkFrame';
import { loadMonitoredRun } from './monitoredRun';
import { readServiceLog, type ServiceLogCounts } from './readServiceLog';

export interface CheckServiceLogInput {
  readonly runDir: string;
  /** The service's log folder (its `logDir`). */
  readonly folder: string;
  readonly windows?: WindowChoice;
  /**
   * The first UTC day (`YYYY-MM-DD`) whose logs are read: a service keeps every day's file, and
   * a daily check wants the recent ones. Default: every day in the folder.
   */
  readonly since?: string;
  /** Columns whose drift alone means dataset drift. */
  readonly critical?: readonly string[];
  /** When the check ran (default: now); also names the report file. */
  readonly checkedAt?: string;
}

const LABEL_COLUMN = 'feedback label';

/**
 * The feedback labels encoded as the model's target, through the same `encodeTarget` as a label
 * column of a file: class labels as text, regression values as numbers. A label the model does not
 * know (a class it never had, text for a regression) is left out, as in a file.
 */
function feedbackLabels(target: TargetSpec, rowCount: number, rows: Uint32Array, labels: readonly (string | number)[]): FrameLabels {
  let column: Column;
  if (target.task === 'regression') {
    const values = new Float64Array(rowCount).fill(NaN);
    rows.forEach((r, i) => (values[r] = typeof labels[i] === 'number' ? labels[i] : Number(labels[i])));
    column = { name: LABEL_COLUMN, storage: 'numeric', type: 'float', values, format: PLAIN_NUMBER_FORMAT };
  } else {
    const dictionary = [...target.classes];
    const codeOf = new Map(dictionary.map((label, code) => [label, code]));
    const codes = new Int32Array(rowCount).fill(-1);
    rows.forEach((r, i) => (codes[r] = codeOf.get(String(labels[i]).trim()) ?? -1));
    column = { name: LABEL_COLUMN, storage: 'categorical', type: 'categorical', codes, dictionary };
  }
  return labelsOf(target, { rowCount, columns: [column] }, LABEL_COLUMN);
}

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
function isDay(text: string): boolean {
  const ms = Date.parse(`${text}T00:00:00Z`);
  // Date.parse takes 2026-02-30 as March 2: the day must come back as written.
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && Number.isFinite(ms) && new Date(ms).toISOString().startsWith(text);
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What reading the logs left out or could not join, as sentences (none when all went in). */
function logSentences(counts: ServiceLogCounts, rows: number, labelled: number, runVersion: string): string[] {
  const lines: string[] = [];
  const files = plural(counts.predictionFiles.length, 'prediction log', 'prediction logs');
  lines.push(`${rows} answered rows read from ${files} (${counts.predictionFiles[0]}${counts.predictionFiles.length > 1 ? ` to ${counts.predictionFiles[counts.predictionFiles.length - 1]}` : ''}).`);
  if (counts.errors > 0) lines.push(`${plural(counts.errors, 'request', 'requests')} answered with an error (no input logged) left out.`);
  if (counts.skipped > 0) lines.push(`${plural(counts.skipped, 'record', 'records')} without an input left out.`);
  if (counts.unfinishedLines > 0) lines.push(`${plural(counts.unfinishedLines, 'log file ends', 'log files end')} in an unfinished line (the service stopped mid-write, or is writing it); left out.`);
  const versions = Object.keys(counts.modelVersions);
  if (versions.length > 1 || (versions.length === 1 && versions[0] !== runVersion)) {
    lines.push(`The log holds rows of model version(s) ${versions.map((v) => `${v} (${counts.modelVersions[v]})`).join(', ')}; this check predicts them all with the run ${runVersion}.`);
  }
  if (counts.feedback > 0 || counts.feedbackFiles.length > 0) {
    lines.push(`${plural(labelled, 'row', 'rows')} labelled by /feedback (${plural(counts.feedback, 'feedback record', 'feedback records')}${counts.relabelled > 0 ? `, ${counts.relabelled} relabelled a row: the last label counts` : ''}).`);
  }
  if (counts.unknownFeedback > 0) lines.push(`${plural(counts.unknownFeedback, 'feedback record names', 'feedback records name')} a request and row the prediction logs do not hold (sampled out, failed, or logged elsewhere); not used.`);
  return lines;
}

/** Checks the run in `runDir` against the service logs in `folder` and writes the report. */
export async function checkServiceLog(input: CheckServiceLogInput): Promise<CheckDriftResult> {
  if (input.since !== undefined && !isDay(input.since)) throw new RangeError(`since must be a day as YYYY-MM-DD, not '${input.since}'`);
  const run = await loadMonitoredRun(input.runDir);
  const read = await readServiceLog(input.folder, run.fields, input.since);
  const labels = read.labelRows.length === 0 ? undefined : feedbackLabels(run.pipeline.target, read.frame.rowCount, read.labelRows, read.labels);
  const labelled = labels?.rows.length ?? 0;
  // The service names its model by the run folder's name (a trial's model adds '/trial-N').
  const runVersion = basename(resolve(run.runDir));
  const summary: ServiceLogSummary = { ...read.counts, rows: read.frame.rowCount, labelled, timeColumn: read.timeColumn };
  return checkFrame({
    run,
    frame: read.frame,
    labels,
    typeErrors: read.typeErrors,
    expectedExtra: [read.timeColumn],
    windows: input.windows,
    timeColumn: read.timeColumn,
    critical: input.critical,
    sourceLabel: `service logs in ${input.folder}`,
    checkedAt: input.checkedAt,
    serviceLog: { summary, sentences: logSentences(read.counts, read.frame.rowCount, labelled, runVersion) },
  });
}
