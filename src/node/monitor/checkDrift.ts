/**
 * One monitoring check of a run against new data, as the CLI (`automl monitor`) and the
 * extension's engine worker (AutoML: Check Drift…) both run it: read the new data with the run's
 * input fields, predict it, compare both with the run's `reference.json`, and write the report to
 * `<run>/monitoring/<timestamp>.json`. The prediction service's logs are checked by
 * `checkServiceLog`, through the same `checkFrame`.
 */
import { truthOf } from '../../engine/automl/foldData';
import type { Frame } from '../../engine/data/frame';
import type { SourceSecrets, SourceSpec } from '../../engine/data/sourceSpec';
import { DataError } from '../../engine/errors';
import { encodeTarget, type TargetSpec } from '../../engine/prep/targetSpec';
import { readModelInput } from '../modelInput';
import { openSource } from '../sources/openSource';
import { checkFrame, type CheckDriftResult, type FrameLabels, type WindowChoice } from './checkFrame';
import { loadMonitoredRun } from './monitoredRun';

export type { CheckDriftResult, WindowChoice } from './checkFrame';

export interface CheckDriftInput {
  readonly runDir: string;
  readonly source: SourceSpec;
  readonly secrets?: SourceSecrets;
  /** How the source is named in the report (never a password or token: the caller's label). */
  readonly sourceLabel: string;
  /** The column holding true labels (default: the run's target, when the new data has it). */
  readonly labels?: string;
  readonly windows?: WindowChoice;
  /** Columns whose drift alone means dataset drift. */
  readonly critical?: readonly string[];
  /** When the check ran (default: now); also names the report file. */
  readonly checkedAt?: string;
  /** Aborting stops the read; a check aborted before the comparison writes no report. */
  readonly signal?: AbortSignal;
}

/** The labels of `frame`'s column `column`, encoded as the model's target (missing and unknown labels left out). */
export function labelsOf(target: TargetSpec, frame: Frame, column: string): FrameLabels {
  const { target: encoded, rows } = encodeTarget({ ...target, column }, frame);
  return { truth: truthOf(encoded), rows };
}

/** Reads the run's reference, checks the new data against it, and writes the report. */
export async function checkDrift(input: CheckDriftInput): Promise<CheckDriftResult> {
  const { source, secrets, signal } = input;
  const run = await loadMonitoredRun(input.runDir);
  const present = new Set((await openSource(source, secrets).peek({ rows: 1, signal })).columns);
  if (input.labels !== undefined && !present.has(input.labels)) throw new DataError(`${input.sourceLabel} has no column '${input.labels}' to take labels from`);
  const read = await readModelInput(
    source,
    run.fields.filter((f) => present.has(f.name)),
    { secrets, signal },
  );
  signal?.throwIfAborted();
  const target = run.pipeline.target;
  const labelColumn = input.labels ?? (present.has(target.column) ? target.column : undefined);
  return checkFrame({
    run,
    frame: read.frame,
    labels: labelColumn === undefined ? undefined : labelsOf(target, read.frame, labelColumn),
    typeErrors: Object.fromEntries(read.report.badValues.map((b) => [b.column, b.count])),
    expectedExtra: labelColumn === undefined ? [] : [labelColumn],
    windows: input.windows,
    critical: input.critical,
    sourceLabel: input.sourceLabel,
    checkedAt: input.checkedAt,
  });
}
