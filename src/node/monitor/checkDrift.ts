/**
 * One monitoring check of a run against new data, as the CLI (`automl monitor`) and the
 * extension's engine worker (AutoML: Check Drift…) both run it: read the new data with the run's
 * input fields, predict it, compare both with the run's `reference.json`, and write the report to
 * `<run>/monitoring/<timestamp>.json`.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { truthOf } from '../../engine/automl/foldData';
import type { SourceSecrets, SourceSpec } from '../../engine/data/sourceSpec';
import { DataError } from '../../engine/errors';
import { monitorData } from '../../engine/monitor/monitorData';
import type { MonitorReport } from '../../engine/monitor/monitorReport';
import { predictableFrame } from '../../engine/monitor/predictableFrame';
import type { MonitorReference } from '../../engine/monitor/types';
import type { WindowSpec } from '../../engine/monitor/windows';
import { encodeTarget } from '../../engine/prep/targetSpec';
import type { Prediction } from '../../engine/validate/types';
import { readModelInput, runInputFields } from '../modelInput';
import { loadRunPipeline, readRunJson } from '../runFiles';
import { toJsonText, writeFileAtomic } from '../runFolder';
import { openSource } from '../sources/openSource';

/** How the new data is cut into windows; a day or week without a column uses the data's only date column. */
export type WindowChoice = { readonly kind: 'rows'; readonly size: number } | { readonly kind: 'day' | 'week'; readonly column?: string };

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
  /** Aborting stops the read, and a check aborted before its end writes no report. */
  readonly signal?: AbortSignal;
}

export interface CheckDriftResult {
  readonly report: MonitorReport;
  /** The report file written under `<run>/monitoring/`. */
  readonly file: string;
}

function windowSpec(choice: WindowChoice, dateColumns: readonly string[]): WindowSpec {
  if (choice.kind === 'rows') return choice;
  if (choice.column !== undefined) return { kind: choice.kind, column: choice.column };
  if (dateColumns.length === 1) return { kind: choice.kind, column: dateColumns[0] };
  throw new DataError(
    dateColumns.length === 0
      ? `checking by ${choice.kind} needs a date column, and the new data has none`
      : `checking by ${choice.kind}: name the date column (${dateColumns.join(', ')})`,
  );
}

/** Reads the run's reference, checks the new data against it, and writes the report. */
export async function checkDrift(input: CheckDriftInput): Promise<CheckDriftResult> {
  const { runDir, source, secrets, signal } = input;
  const reference = await readRunJson<MonitorReference>(runDir, 'reference.json');
  if (reference === undefined) throw new DataError(`${runDir} has no reference.json: runs made before monitoring existed have none; run again to get one`);
  const pipeline = await loadRunPipeline(runDir);
  // Every model column optional: a column that had no missing values in training may have some
  // now, which is what the null-rate check is for.
  const fields = (await runInputFields(runDir, pipeline)).map((f) => ({ ...f, optional: true }));
  const present = new Set((await openSource(source, secrets).peek({ rows: 1, signal })).columns);
  if (input.labels !== undefined && !present.has(input.labels)) throw new DataError(`${input.sourceLabel} has no column '${input.labels}' to take labels from`);
  const read = await readModelInput(
    source,
    fields.filter((f) => present.has(f.name)),
    { secrets, signal },
  );
  signal?.throwIfAborted();
  const frame = read.frame;
  const windows =
    input.windows === undefined
      ? undefined
      : windowSpec(
          input.windows,
          frame.columns.filter((c) => c.storage === 'datetime').map((c) => c.name),
        );
  const predicted = pipeline.predict(predictableFrame(frame, reference));
  const prediction: Prediction = predicted.proba ? { kind: 'classification', proba: predicted.proba } : { kind: 'regression', values: predicted.values };
  const labelColumn = input.labels ?? (present.has(pipeline.target.column) ? pipeline.target.column : undefined);
  const labels =
    labelColumn === undefined
      ? undefined
      : (() => {
          const { target, rows } = encodeTarget({ ...pipeline.target, column: labelColumn }, frame);
          return { truth: truthOf(target), rows };
        })();
  const report = monitorData({
    reference,
    frame,
    prediction,
    labels,
    typeErrors: Object.fromEntries(read.report.badValues.map((b) => [b.column, b.count])),
    critical: input.critical,
    expectedExtra: labelColumn === undefined ? [] : [labelColumn],
    windows,
    source: input.sourceLabel,
    checkedAt: input.checkedAt ?? new Date().toISOString(),
  });
  signal?.throwIfAborted();
  const folder = join(resolve(runDir), 'monitoring');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${report.checkedAt.replace(/[:.]/g, '-')}.json`);
  await writeFileAtomic(file, toJsonText(report));
  return { report, file };
}
