import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkDrift, type CheckDriftResult, type WindowChoice } from '../node/monitor/checkDrift';
import { checkServiceLog } from '../node/monitor/checkServiceLog';
import { toJsonText } from '../node/runFolder';
import { renderMonitor } from './renderMonitor';
import { sourceFromArgs, sourceLabel, SOURCE_ARG_OPTIONS, SOURCE_HELP } from './sourceOptions';
import { UsageError } from './usageError';

export const MONITOR_HELP = `Usage: automl monitor <run-dir> <new-source> [options]
       automl monitor <run-dir> <service-log-folder> [--since <day|Nd>] [options]

Compares new data (and the model's predictions for it) with the reference a run stored at
training (reference.json): per-column drift, data quality (null rates, values outside the training
range, unseen categories, unreadable values, missing and extra columns), prediction drift, and
performance when labels are present (without labels, binary classifiers get an estimate from their
probabilities, CBPE). The data drifts as a whole when at least half of the columns drift, or a
critical one does.

Drift is judged as Evidently judges it by default: on a reference of at most 1,000 rows a KS test
(numbers), chi-square (categories, or 3-5 values) or z-test (two values), drift at p < 0.05; on
larger references the Wasserstein distance over the reference's standard deviation (numbers) or the
Jensen-Shannon distance (categories), drift at 0.1. PSI is reported for every column (0.1 warn,
0.25 alert).

A folder is read as the logs of the run's prediction service (automl scaffold): every
predictions-YYYY-MM-DD.ndjson (.gz too) gives the rows the service answered, their input typed as
in training and their ts as the time column of --by; failed requests, records without an input and
a last line cut short by a crash are counted and left out, and any other line that is not a service
record stops the check naming its file and line. Labels come from feedback-YYYY-MM-DD.ndjson,
joined on request_id and row (the last label for a row counts; a label without row is for row 0).

The result is written to <run-dir>/monitoring/<timestamp>.json, and the run's report.html is
rendered again with it (its Monitoring section: this check in full, and the checks before it).

Options:
  --labels <col>      the column holding the true labels (default: the run's target, when present;
                      not for a log folder, whose labels come from its feedback logs)
  --by day|week       also check each day or week of --time (UTC; weeks start on Monday)
  --time <col>        the date column --by windows by (default: the data's only date column; the
                      log's ts for a log folder)
  --window <n>        also check each run of n rows (at least 100 rows make a window worth judging)
  --since <day|Nd>    a log folder only: read the logs from this UTC day on (YYYY-MM-DD), or of the
                      last N days, today included (7d)
  --critical <cols>   comma-separated columns whose drift alone means dataset drift
  --json              print the report as JSON
  --fail-on warn|alert  exit with code 3 when the check's grade is at least this (for CI and cron)
  -h, --help          show this help

${SOURCE_HELP}`;

/** Exit code when the grade reaches --fail-on. */
export const MONITOR_FAILED_EXIT = 3;

/** The CLI's window options, checked before any data is read. */
function windowChoice(values: { by?: string; time?: string; window?: string }): WindowChoice | undefined {
  if (values.by !== undefined && values.window !== undefined) throw new UsageError('--by and --window exclude each other');
  if (values.window !== undefined) {
    const size = Number(values.window);
    if (!Number.isInteger(size) || size < 1) throw new UsageError(`--window takes a whole number of rows, not '${values.window}'`);
    return { kind: 'rows', size };
  }
  if (values.by === undefined) {
    if (values.time !== undefined) throw new UsageError('--time goes with --by day|week');
    return undefined;
  }
  if (values.by !== 'day' && values.by !== 'week') throw new UsageError(`--by takes day or week, not '${values.by}'`);
  return { kind: values.by, column: values.time };
}

/** `--since` as a UTC day: as given (YYYY-MM-DD), or `Nd` counted back from `nowMs` (1d is today). */
export function sinceDay(given: string | undefined, nowMs: number): string | undefined {
  if (given === undefined) return undefined;
  const days = /^(\d+)d$/.exec(given);
  if (days !== null && Number(days[1]) >= 1) return new Date(nowMs - (Number(days[1]) - 1) * 86_400_000).toISOString().slice(0, 10);
  if (/^\d{4}-\d{2}-\d{2}$/.test(given)) return given;
  throw new UsageError(`--since takes a day (YYYY-MM-DD) or a number of days (7d), not '${given}'`);
}

/** Whether the locator is a folder on disk (a service's logs) rather than a file or a URL. */
function isFolder(locator: string): boolean {
  try {
    return statSync(locator).isDirectory();
  } catch {
    return false;
  }
}

/** Runs `automl monitor`; returns the exit code. */
export async function monitorCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      labels: { type: 'string' },
      by: { type: 'string' },
      time: { type: 'string' },
      window: { type: 'string' },
      critical: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean', default: false },
      'fail-on': { type: 'string' },
      ...SOURCE_ARG_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(MONITOR_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('monitor takes a run folder and the new data (see automl monitor --help)');
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'warn' && failOn !== 'alert') throw new UsageError(`--fail-on takes warn or alert, not '${failOn}'`);
  const [runDir, locator] = positionals;
  const windows = windowChoice(values);
  const critical = values.critical?.split(',').map((c) => c.trim()).filter((c) => c.length > 0);
  let result: CheckDriftResult;
  if (isFolder(locator)) {
    if (values.labels !== undefined) throw new UsageError('--labels is for data files: a log folder takes its labels from its feedback logs');
    result = await checkServiceLog({ runDir, folder: locator, windows, critical, since: sinceDay(values.since, Date.now()) });
  } else {
    if (values.since !== undefined) throw new UsageError('--since is for a log folder (the service writes a file per day); a data file is read whole');
    const { spec: source, secrets } = sourceFromArgs(locator, values);
    result = await checkDrift({ runDir, source, secrets, sourceLabel: sourceLabel(source), labels: values.labels, windows, critical });
  }
  const { report, file, runReport } = result;
  if (values.json) process.stdout.write(toJsonText(report));
  else process.stdout.write(`${renderMonitor(report)}\nwritten to ${file}\n${runReport === undefined ? '' : 'file' in runReport ? `report updated: ${runReport.file}\n` : ''}`);
  if (runReport !== undefined && 'error' in runReport) process.stderr.write(`automl: the run's report was not updated: ${runReport.error}\n`);
  const rank = { ok: 0, warn: 1, alert: 2 } as const;
  return failOn !== undefined && rank[report.grade] >= rank[failOn] ? MONITOR_FAILED_EXIT : 0;
}
