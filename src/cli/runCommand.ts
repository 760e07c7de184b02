import { parseArgs } from 'node:util';
import type { RunEvent } from '../engine/automl/events';
import type { RunSpec } from '../engine/automl/runSpec';
import { getLearner, listLearners } from '../engine/learners/index';
import type { SearcherKind } from '../engine/search/searcher';
import { getMetric, isMetricName } from '../engine/validate/metrics';
import { runJob } from '../node/runJob';
import { toJsonText } from '../node/runFolder';
import { defaultWorkerCount } from '../node/trialPool';
import { parseRagged, parseSeed, parseTask, parseTypeOverrides } from './options';
import { Progress } from './progress';
import { renderLeaderboard } from './renderLeaderboard';
import { sourceFromArgs, SOURCE_ARG_OPTIONS, SOURCE_HELP } from './sourceOptions';
import { UsageError } from './usageError';

export const RUN_HELP = `Usage: automl run <source> --target <column> [options]

Finds the best model for the target within a time budget: every configuration is validated by
cross-validation with its preprocessing fitted inside each fold, searched with a Bayesian
optimiser, the best combined into an ensemble when that scores better, and the final model refitted
on all rows. Writes a run folder (spec.json, profile.json, leaderboard.json, model.json) that
'automl predict' accepts.

Options:
  --target <column>       the column to predict (required)
  --task <task>           binary, multiclass or regression (default: inferred from the target)
  --metric <name>         auc, logLoss, accuracy, balancedAccuracy, f1Macro, f1Weighted, precision,
                          recall, rmse, mae, r2, mape (default: auc, logLoss or rmse by task)
  --budget <seconds>      wall-clock budget, final refit included (default 60; unlimited with --trials)
  --trials <n>            stop after n trials; with a seed the leaderboard is reproducible
  --seed <n>              random seed (default 42)
  --models <a,b,...>      learners to try (default: all that do the task): ${listLearners().map((l) => l.name).join(', ')}
  --cv <k>                k-fold cross-validation (default: by data size: 10 folds under 1,000 rows,
                          5 under 50,000, else a 20% holdout)
  --repeats <n>           repeat k-fold n times, reshuffled (default 1)
  --holdout <share>       validate on one holdout of this share of the rows, e.g. 0.2
  --group <column>        keep rows with the same value of this column in one fold
  --time <column>         validate in time order along this column
  --searcher <kind>       bayesian (default), random or grid
  --no-ensemble           keep the best single model
  --exclude <column>      leave a column out (repeatable)
  --workers <n>           trial worker threads (default: cores - 1, at least 1; 0 runs trials here)
  --out <dir>             the run folder (default .automl/runs/<time>-<file> here; never overwritten)
  --type <column>=<type>  set a column's type (repeatable)
  --ragged <policy>       CSV rows with the wrong field count: pad (default), drop or error
  --json                  print the result as JSON on stdout instead of tables
  -h, --help              show this help

${SOURCE_HELP}`;

function positiveNumber(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new UsageError(`--${name} must be a positive ${integer ? 'whole ' : ''}number, got '${text}'`);
  return value;
}

/** Parses `automl run` options into a run spec (everything but the file). */
export function parseRunSpec(values: Record<string, string | boolean | string[] | undefined>): RunSpec {
  const target = values.target as string | undefined;
  if (!target) throw new UsageError('--target is required (see automl run --help)');
  const task = parseTask(values.task as string | undefined);
  const metric = values.metric as string | undefined;
  if (metric !== undefined && !isMetricName(metric)) throw new UsageError(`unknown --metric '${metric}' (see automl run --help)`);
  const searcher = (values.searcher as string | undefined) ?? 'bayesian';
  if (searcher !== 'bayesian' && searcher !== 'random' && searcher !== 'grid') throw new UsageError('--searcher must be bayesian, random or grid');
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
  const cv = positiveNumber('cv', values.cv as string | undefined, true);
  if (cv !== undefined && cv < 2) throw new UsageError('--cv needs at least 2 folds');
  const holdout = positiveNumber('holdout', values.holdout as string | undefined, false);
  if (holdout !== undefined && holdout >= 1) throw new UsageError('--holdout is a share of the rows, between 0 and 1');
  if (holdout !== undefined && (cv !== undefined || values.repeats !== undefined || values.group !== undefined || values.time !== undefined)) {
    throw new UsageError('--holdout cannot be combined with --cv, --repeats, --group or --time');
  }
  if (values.group !== undefined && values.time !== undefined) throw new UsageError('--group and --time cannot be combined');
  return {
    target,
    task,
    metric: metric as RunSpec['metric'],
    budgetSeconds: positiveNumber('budget', values.budget as string | undefined, false),
    trials: positiveNumber('trials', values.trials as string | undefined, true),
    seed: parseSeed((values.seed as string | undefined) ?? '42'),
    models,
    validation: {
      folds: cv,
      repeats: positiveNumber('repeats', values.repeats as string | undefined, true),
      holdout,
      groupColumn: values.group as string | undefined,
      timeColumn: values.time as string | undefined,
    },
    searcher: searcher as SearcherKind,
    ensemble: values['no-ensemble'] !== true,
    exclude: (values.exclude as string[] | undefined) ?? [],
  };
}

/** One progress line: elapsed and remaining budget (or trials), trials done, best so far. */
function progressDetail(event: Extract<RunEvent, { kind: 'trialCompleted' }>, metricLabel: string): string {
  const best = event.bestScore === undefined ? '' : ` best ${metricLabel} ${event.bestScore.toPrecision(5)}`;
  return `${event.trialsDone} trials${best}`;
}

/** Progress labels of the end phases (padded to the width of 'Searching'). */
const PHASE_LABELS = { ensemble: 'Ensemble ', refit: 'Refitting', explain: 'Explain  ' } as const;

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
      seed: { type: 'string', default: '42' },
      models: { type: 'string' },
      cv: { type: 'string' },
      repeats: { type: 'string' },
      holdout: { type: 'string' },
      group: { type: 'string' },
      time: { type: 'string' },
      searcher: { type: 'string' },
      'no-ensemble': { type: 'boolean', default: false },
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
  if (positionals.length !== 1) throw new UsageError('run takes one data source (see automl run --help)');
  const spec = parseRunSpec(values);
  const source = sourceFromArgs(positionals[0], values);
  const raggedRows = parseRagged(values.ragged);
  const types = parseTypeOverrides(values.type);
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
      workers,
      root: process.cwd(),
      outDir: values.out,
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
            logLines.push(event.message);
            break;
          case 'profile':
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
      process.stdout.write(`${renderLeaderboard(result, logLines)}${insights}\nRun folder: ${dir}\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.clear();
  }
}
