import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunEvent } from '../engine/automl/events';
import type { RunSpec } from '../engine/automl/runSpec';
import { getLearner, listLearners } from '../engine/learners/index';
import type { SearcherKind } from '../engine/search/searcher';
import { getMetric, isMetricName } from '../engine/validate/metrics';
import type { ColumnType } from '../engine/data/frame';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import type { SourceSecrets, SourceSpec } from '../engine/data/sourceSpec';
import type { ServiceMonitorSpec } from '../engine/monitor/serviceMonitor';
import { parseDuration } from '../engine/spec/duration';
import { runJob } from '../node/runJob';
import { formatSpecDiagnostic, isSpecFile, readSpecFile } from '../node/specFiles';
import { toJsonText } from '../node/runFolder';
import { defaultWorkerCount } from '../node/trialPool';
import { parseRagged, parseSeed, parseTask, parseTypeOverrides } from './options';
import { Progress } from './progress';
import { renderLeaderboard } from './renderLeaderboard';
import { robustnessLines } from './renderRobustness';
import { sourceFromArgs, SOURCE_ARG_OPTIONS, SOURCE_HELP } from './sourceOptions';
import { fileSource } from './fileSource';
import { UsageError } from './usageError';

export const RUN_HELP = `Usage: automl run <source> --target <column> [options]
       automl run <spec>.automl [options]

Finds the best model for the target within a time budget: every configuration is validated by
cross-validation with its preprocessing fitted inside each fold, searched with a Bayesian
optimiser, the best combined into an ensemble when that scores better, and the final model refitted
on all rows. Writes a run folder (spec.json, spec.automl, profile.json, leaderboard.json,
model.json) that 'automl predict' accepts.

A .automl spec file (YAML: data, target, budget, learners, validation, …; schema in
schemas/automl.schema.json) holds the whole run; a relative data path in it is read from the
file's folder, and the options below override it. The run folder's spec.automl is the spec the run
ran, every default resolved: 'automl run <run folder>/spec.automl' runs it again.

Options:
  --target <column>       the column to predict (required)
  --task <task>           binary, multiclass or regression (default: inferred from the target)
  --metric <name>         auc, logLoss, accuracy, balancedAccuracy, f1Macro, f1Weighted, precision,
                          recall, rmse, mae, r2, mape (default: auc, logLoss or rmse by task)
  --budget <duration>     wall-clock budget, final refit included: seconds or 90s, 5m, 1h30m
                          (default 60 s; unlimited with --trials)
  --trials <n>            stop after n trials; with a seed the leaderboard is reproducible
  --seed <n>              random seed (default 42)
  --models <a,b,...>      learners to try (default: all that do the task): ${listLearners().map((l) => l.name).join(', ')}
  --cv <k>                k-fold cross-validation (default: by data size: 10 folds under 1,000 rows,
                          5 under 50,000, else a 20% holdout)
  --repeats <n>           repeat k-fold n times, reshuffled (default 1)
  --holdout <share>       validate on one holdout of this share of the rows, e.g. 0.2
  --group <column>        keep rows with the same value of this column in one fold
  --time <column>         validate in time order along this column
  --searcher <kind>       bayesian (default; tpe in spec files), random or grid
  --no-ensemble           keep the best single model
  --test <file or URL>    new data to compare with the training data (adversarial validation in
                          the robustness checks: can a classifier tell its rows from the training rows?)
  --select auto|off       feature selection and engineering before the search (default auto:
                          columns below random noise dropped, engineered features added, each
                          only when cross-validation improves)
  --no-explain            leave the budget to the search (explanations later: automl explain)
  --exclude <column>      leave a column out (repeatable)
  --workers <n>           trial worker threads (default: cores - 1, at least 1; 0 runs trials here)
  --out <dir>             the run folder (default .automl/runs/<time>-<file> here; never overwritten)
  --type <column>=<type>  set a column's type (repeatable)
  --ragged <policy>       CSV rows with the wrong field count: pad (default), drop or error
  --json                  print the result as JSON on stdout instead of tables
  --verbose               also print lines about this machine (the TensorFlow.js backend loaded)
                          and an internal error's stack trace
  -h, --help              show this help

${SOURCE_HELP}With a spec file, the source and its options go under data: in the file.
`;

function positiveNumber(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new UsageError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, got '${text}'`);
  return value;
}

type RunFlagValues = Record<string, string | boolean | string[] | undefined>;
type Validation = NonNullable<RunSpec['validation']>;

/** The run settings given as flags, checked; settings not given are absent (not undefined). */
export function parseRunFlags(values: RunFlagValues): Partial<RunSpec> {
  const task = parseTask(values.task as string | undefined);
  const metric = values.metric as string | undefined;
  if (metric !== undefined && !isMetricName(metric)) throw new UsageError(`unknown --metric '${metric}' (see automl run --help)`);
  // 'tpe' is the spec file's name of the Bayesian searcher.
  const searcher = values.searcher === 'tpe' ? 'bayesian' : (values.searcher as string | undefined);
  if (searcher !== undefined && searcher !== 'bayesian' && searcher !== 'random' && searcher !== 'grid') throw new UsageError('--searcher must be bayesian (or tpe), random or grid');
  let models: string[] | undefined;
  if (typeof values.models === 'string') {
    models = values.models.split(',').map((m) => m.trim()).filter(Boolean);
    for (const name of models) {
      try {
        getLearner(name);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
  }
  let budgetSeconds: number | undefined;
  if (typeof values.budget === 'string') {
    budgetSeconds = parseDuration(values.budget);
    if (!(budgetSeconds !== undefined && budgetSeconds > 0)) throw new UsageError(`--budget must be a positive duration (90, 90s, 5m, 1h30m), got '${values.budget}'`);
  }
  const cv = positiveNumber('cv', values.cv as string | undefined, true);
  if (cv !== undefined && cv < 2) throw new UsageError('--cv needs at least 2 folds');
  const holdout = positiveNumber('holdout', values.holdout as string | undefined, false);
  if (holdout !== undefined && holdout >= 1) throw new UsageError('--holdout is a share of the rows, between 0 and 1');
  if (holdout !== undefined && (cv !== undefined || values.repeats !== undefined || values.group !== undefined || values.time !== undefined)) {
    throw new UsageError('--holdout cannot be combined with --cv, --repeats, --group or --time');
  }
  if (values.group !== undefined && values.time !== undefined) throw new UsageError('--group and --time cannot be combined');
  const validation = defined<Validation>({
    folds: cv,
    repeats: positiveNumber('repeats', values.repeats as string | undefined, true),
    holdout,
    groupColumn: values.group as string | undefined,
    timeColumn: values.time as string | undefined,
  });
  const exclude = values.exclude as string[] | undefined;
  return defined<Partial<RunSpec>>({
    target: values.target as string | undefined,
    task,
    metric: metric as RunSpec['metric'],
    budgetSeconds,
    trials: positiveNumber('trials', values.trials as string | undefined, true),
    seed: values.seed === undefined ? undefined : parseSeed(values.seed as string),
    models,
    validation: Object.keys(validation).length > 0 ? validation : undefined,
    searcher: searcher as SearcherKind | undefined,
    ensemble: values['no-ensemble'] === true ? false : undefined,
    explain: values['no-explain'] === true ? false : undefined,
    selection: selectionOf(values.select as string | undefined),
    exclude: exclude !== undefined && exclude.length > 0 ? exclude : undefined,
  });
}

/** `--select auto|off`. */
function selectionOf(value: string | undefined): RunSpec['selection'] {
  if (value === undefined || value === 'auto' || value === 'off') return value;
  throw new UsageError(`--select takes auto or off, not '${value}'`);
}

/** Parses `automl run` options into a run spec (everything but the data), defaults filled in. */
export function parseRunSpec(values: RunFlagValues): RunSpec {
  const flags = parseRunFlags(values);
  if (!flags.target) throw new UsageError('--target is required (see automl run --help)');
  return { searcher: 'bayesian', ensemble: true, exclude: [], validation: {}, ...flags, target: flags.target, seed: flags.seed ?? DEFAULT_SEED };
}

/**
 * A spec file's run settings with the flags over them. Validation settings merge key by key,
 * except that a holdout and k-fold settings replace each other, as a group and a time column do.
 */
export function mergeRunSpec(fromFile: Partial<RunSpec>, flags: Partial<RunSpec>, file: string): RunSpec {
  const target = flags.target ?? fromFile.target;
  if (!target) throw new UsageError(`${file} names no target: add target: <column> to it, or pass --target`);
  let validation: Validation = { ...(fromFile.validation ?? {}) };
  const given = flags.validation ?? {};
  if (given.holdout !== undefined) validation = {};
  if (given.folds !== undefined || given.repeats !== undefined || given.groupColumn !== undefined || given.timeColumn !== undefined) {
    validation = defined<Validation>({ ...validation, holdout: undefined });
  }
  if (given.groupColumn !== undefined) validation = defined<Validation>({ ...validation, timeColumn: undefined });
  if (given.timeColumn !== undefined) validation = defined<Validation>({ ...validation, groupColumn: undefined });
  return {
    searcher: 'bayesian',
    ensemble: true,
    exclude: [],
    ...fromFile,
    ...flags,
    target,
    seed: flags.seed ?? fromFile.seed ?? DEFAULT_SEED,
    validation: { ...validation, ...given },
  };
}

const DEFAULT_SEED = 42;

/** `record` without its undefined values. */
function defined<T extends object>(record: { [K in keyof T]?: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** What a run starts from: the spec, the data and how to read it. */
interface RunInput {
  readonly spec: RunSpec;
  readonly source: { readonly spec: SourceSpec; readonly secrets: SourceSecrets };
  readonly raggedRows?: RaggedRowPolicy;
  readonly types: Record<string, ColumnType>;
  /** A spec file's `monitor:` section, kept in the run folder for the prediction service. */
  readonly monitor?: ServiceMonitorSpec;
}

type RunArgValues = RunFlagValues & Parameters<typeof sourceFromArgs>[1] & { readonly ragged?: string; readonly type?: string[] };

/** `automl run <source> --target …`: everything from the flags. */
function flagInput(locator: string, values: RunArgValues): RunInput {
  return { spec: parseRunSpec(values), source: sourceFromArgs(locator, values), raggedRows: parseRagged(values.ragged), types: parseTypeOverrides(values.type ?? []) };
}

/**
 * `automl run <file>.automl`: the spec file, with the flags over it. Prints each problem as
 * `file:line:col: message`; undefined (exit code 1) when any is an error.
 */
async function specFileInput(file: string, values: RunArgValues): Promise<RunInput | undefined> {
  const sourceFlag = (Object.keys(SOURCE_ARG_OPTIONS) as (keyof typeof SOURCE_ARG_OPTIONS)[]).find((key) => {
    const value = values[key];
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
  });
  if (sourceFlag !== undefined) throw new UsageError(`--${sourceFlag} does not go with a spec file: set it under data: in ${file}`);
  const flags = parseRunFlags(values);
  const { spec, diagnostics } = await readSpecFile(file);
  // A target on the command line stands in for one the file lacks.
  const shown = diagnostics.filter((d) => !(d.code === 'missing-key' && d.path?.[0] === 'target' && d.path.length === 1 && flags.target !== undefined));
  for (const diagnostic of shown) process.stderr.write(`${formatSpecDiagnostic(file, diagnostic)}\n`);
  if (shown.some((d) => d.severity === 'error') || spec.source === undefined) return undefined;
  const raggedRows = parseRagged(values.ragged) ?? spec.raggedRows;
  return {
    spec: mergeRunSpec(spec.run, flags, file),
    source: { spec: spec.source, secrets: {} },
    ...(raggedRows === undefined ? {} : { raggedRows }),
    types: { ...spec.types, ...parseTypeOverrides(values.type ?? []) },
    ...(spec.monitor === undefined ? {} : { monitor: spec.monitor }),
  };
}

/** One progress line: elapsed and remaining budget (or trials), trials done, best so far. */
function progressDetail(event: Extract<RunEvent, { kind: 'trialCompleted' }>, metricLabel: string): string {
  const best = event.bestScore === undefined ? '' : ` best ${metricLabel} ${event.bestScore.toPrecision(5)}`;
  return `${event.trialsDone} trials${best}`;
}

/** Progress labels of the end phases (padded to the width of 'Searching'). */
const PHASE_LABELS = { features: 'Features ', ensemble: 'Ensemble ', refit: 'Refitting', explain: 'Explain  ', robustness: 'Robust   ' } as const;

/** Runs `automl run`; returns the exit code. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      target: { type: 'string' },
      task: { type: 'string' },
      metric: { type: 'string' },
      budget: { type: 'string' },
      trials: { type: 'string' },
      seed: { type: 'string' },
      models: { type: 'string' },
      cv: { type: 'string' },
      repeats: { type: 'string' },
      holdout: { type: 'string' },
      group: { type: 'string' },
      time: { type: 'string' },
      searcher: { type: 'string' },
      'no-ensemble': { type: 'boolean', default: false },
      'no-explain': { type: 'boolean', default: false },
      select: { type: 'string' },
      test: { type: 'string' },
      exclude: { type: 'string', multiple: true, default: [] },
      workers: { type: 'string' },
      out: { type: 'string' },
      type: { type: 'string', multiple: true, default: [] },
      ragged: { type: 'string' },
      ...SOURCE_ARG_OPTIONS,
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('run takes one data source or spec file (see automl run --help)');
  const input = isSpecFile(positionals[0]) ? await specFileInput(positionals[0], values) : flagInput(positionals[0], values);
  if (input === undefined) return 1;
  const { spec, source, raggedRows, types, monitor } = input;
  const workers = values.workers === undefined ? defaultWorkerCount() : Number(values.workers);
  if (!(Number.isInteger(workers) && workers >= 0)) throw new UsageError(`--workers must be a whole number, got '${values.workers}'`);
  const startedAt = new Date();
  // The budget counts from here: reading and profiling the file are part of the run.
  const clockStart = performance.now();
  const progress = new Progress();
  const logLines: string[] = [];
  // Ctrl+C stops the search and keeps what finished; a second Ctrl+C quits at once.
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort('interrupted');
    progress.clear();
    process.stderr.write('automl: stopping after the current step (Ctrl+C again to quit now)\n');
  };
  process.on('SIGINT', onInterrupt);
  try {
    let label = '';
    let budgetMs = Infinity;
    const { runDir: dir, result, leaderboard } = await runJob({
      source: source.spec,
      secrets: source.secrets,
      raggedRows,
      spec,
      types,
      monitor,
      workers,
      root: process.cwd(),
      outDir: values.out,
      test: values.test === undefined ? undefined : fileSource(values.test as string, '--test'),
      clockStart,
      startedAt,
      signal: controller.signal,
      onReadProgress: (fraction) => progress.update('Reading  ', fraction),
      onEvent: (event) => {
        switch (event.kind) {
          case 'started':
            label = getMetric(event.plan.metric).label;
            budgetMs = event.plan.budgetMs;
            break;
          case 'trialCompleted': {
            const fraction = budgetMs !== Infinity ? event.elapsedMs / budgetMs : spec.trials ? event.trialsDone / spec.trials : 0;
            progress.update('Searching', fraction, progressDetail(event, label));
            break;
          }
          case 'phase':
            if (event.phase !== 'search') progress.update(PHASE_LABELS[event.phase], budgetMs !== Infinity ? event.elapsedMs / budgetMs : 0.99);
            break;
          case 'log':
            if (event.detail !== true || values.verbose) logLines.push(event.message);
            break;
          case 'profile':
          case 'features':
          case 'trialStarted':
          case 'done':
            break;
        }
      },
    });
    progress.clear();
    if (values.json) {
      process.stdout.write(toJsonText({ runFolder: dir, ...leaderboard }));
    } else {
      const insights = result.explanations ? `\nInsights (more: automl explain ${dir}):\n${result.explanations.insights.map((t) => `  - ${t}\n`).join('')}` : '';
      const robustness = result.robustness ? `\n${robustnessLines(result.robustness).join('\n')}\n` : '';
      process.stdout.write(`${renderLeaderboard(result, logLines)}${robustness}${insights}\nRun folder: ${dir}\nReport: ${join(dir, 'report.html')}\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.clear();
  }
}
