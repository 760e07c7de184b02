/**
 * The part of a monitoring check that does not care where the new data came from: predict the
 * frame read with the run's input fields, compare it (and the labels that arrived) with the run's
 * reference, and write the report to `<run>/monitoring/<timestamp>.json`. A data file
 * (`checkDrift`) and the prediction service's logs (`checkServiceLog`) differ only in how they
 * read the frame and find the labels. The run's report.html is then rendered again, so its
 * Monitoring section shows the check; a report that cannot be rendered does not undo the check.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Frame } from '../../engine/data/frame';
import { DataError } from '../../engine/errors';
import { monitorData } from '../../engine/monitor/monitorData';
import type { MonitorReport, ServiceLogSummary } from '../../engine/monitor/monitorReport';
import { predictableFrame } from '../../engine/monitor/predictableFrame';
import type { WindowSpec } from '../../engine/monitor/windows';
import type { Prediction, Truth } from '../../engine/validate/types';
import { toJsonText, writeFileAtomic } from '../runFolder';
import { writeRunReport } from '../runReport';
import type { MonitoredRun } from './monitoredRun';

/** How the new data is cut into windows; a day or week without a column uses the data's time column. */
export type WindowChoice = { readonly kind: 'rows'; readonly size: number } | { readonly kind: 'day' | 'week'; readonly column?: string };

export interface CheckDriftResult {
  readonly report: MonitorReport;
  /** The report file written under `<run>/monitoring/`. */
  readonly file: string;
  /** The run's report.html, rendered again with this check; or why it could not be. */
  readonly runReport?: { readonly file: string } | { readonly error: string };
}

/** Labels where they arrived: `truth` (encoded as the model's target) for the frame rows `rows`. */
export interface FrameLabels {
  readonly truth: Truth;
  readonly rows: Uint32Array;
}

export interface FrameCheckInput {
  readonly run: MonitoredRun;
  /** The new data, each model column read with its training type. */
  readonly frame: Frame;
  readonly labels?: FrameLabels;
  /** Per column, values that could not be read as the training type. */
  readonly typeErrors: Readonly<Record<string, number>>;
  /** Columns of the frame that are expected besides the model's (a label column, the log's time). */
  readonly expectedExtra: readonly string[];
  readonly windows?: WindowChoice;
  /** The column a day or week without one windows by (default: the frame's only date column). */
  readonly timeColumn?: string;
  readonly critical?: readonly string[];
  /** How the data is named in the report (never a secret). */
  readonly sourceLabel: string;
  readonly checkedAt?: string;
  /** What reading a service's logs found; sentences about it go to the summary too. */
  readonly serviceLog?: { readonly summary: ServiceLogSummary; readonly sentences: readonly string[] };
}

function windowSpec(choice: WindowChoice, dateColumns: readonly string[], timeColumn: string | undefined): WindowSpec {
  if (choice.kind === 'rows') return choice;
  const column = choice.column ?? timeColumn;
  if (column !== undefined) return { kind: choice.kind, column };
  if (dateColumns.length === 1) return { kind: choice.kind, column: dateColumns[0] };
  throw new DataError(
    dateColumns.length === 0
      ? `checking by ${choice.kind} needs a date column, and the new data has none`
      : `checking by ${choice.kind}: name the date column (${dateColumns.join(', ')})`,
  );
}

/** Checks `input.frame` against the run's reference and writes the report; see the file comment. */
export async function checkFrame(input: FrameCheckInput): Promise<CheckDriftResult> {
  const { run, frame } = input;
  const windows =
    input.windows === undefined
      ? undefined
      : windowSpec(
          input.windows,
          frame.columns.filter((c) => c.storage === 'datetime').map((c) => c.name),
          input.timeColumn,
        );
  const predicted = run.pipeline.predict(predictableFrame(frame, run.reference));
  const prediction: Prediction = predicted.proba ? { kind: 'classification', proba: predicted.proba } : { kind: 'regression', values: predicted.values };
  const checked = monitorData({
    reference: run.reference,
    frame,
    prediction,
    labels: input.labels,
    typeErrors: input.typeErrors,
    critical: input.critical,
    expectedExtra: input.expectedExtra,
    windows,
    source: input.sourceLabel,
    checkedAt: input.checkedAt ?? new Date().toISOString(),
  });
  const report: MonitorReport =
    input.serviceLog === undefined ? checked : { ...checked, summary: [...checked.summary, ...input.serviceLog.sentences], serviceLog: input.serviceLog.summary };
  const folder = join(resolve(run.runDir), 'monitoring');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${report.checkedAt.replace(/[:.]/g, '-')}.json`);
  await writeFileAtomic(file, toJsonText(report));
  return { report, file, runReport: await renderRunReport(run.runDir) };
}

/** Writes the run's report.html again (see the file comment). */
async function renderRunReport(runDir: string): Promise<NonNullable<CheckDriftResult['runReport']>> {
  try {
    return { file: await writeRunReport(runDir) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
