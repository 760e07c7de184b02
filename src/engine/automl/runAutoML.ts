import type { Frame } from '../data/frame';
import { blend, selectEnsemble } from '../ensemble/caruana';
import { CancelledError, DataError } from '../errors';
import { getLearner } from '../learners/index';
import type { DataShape, Target } from '../learners/types';
import { Pipeline, planModeFor, type PipelineMember } from '../prep/pipeline';
import { encodeTarget, fitTargetSpec } from '../prep/targetSpec';
import { profileFrame } from '../profile/profileFrame';
import { sampleRows } from '../profile/sampleRows';
import type { DatasetProfile } from '../profile/types';
import { Rng } from '../random';
import { defaultMetric, getMetric } from '../validate/metrics';
import { chooseValidation, makeFolds } from '../validate/splitters';
import type { Metric, Prediction, Truth, ValidationPlan } from '../validate/types';
import type { EnsembleRecord, RunEvent, RunPlan, TrialRecord } from './events';
import { deadlineSignal, type FoldResult } from './evaluateTrial';
import { explainRun, type ExplainLimits, type FoldModels, type RunExplanations } from '../explain/runExplanations';
import { subsetPrediction, subsetTruth } from '../validate/subsets';
import { FoldCache, pooledPrediction, prepareFold, subsetTarget, truthOf, type RunData } from './foldData';
import { columnAt, columnsToDrop, foldCount, learnersFor, validationOverrides } from './runSetup';
import { planMemory } from './memoryGuard';
import { mostEngineered } from '../features/engineering';
import { budgetMsOf, checkRunSpec, type RunSpec } from './runSpec';
import { TrialScheduler, type Proposal } from './scheduler';
import { InProcessExecutor, nextTick, type TrialExecutor } from './trialExecutor';
import { decideFeatures, type FeatureDecisions } from '../features/decideFeatures';
import { chooseCalibration, type CalibrationChoice } from '../calibration/chooseCalibration';
import { assessRobustness, foldScoresOf, robustnessPredictions } from '../robustness/assessRobustness';
import type { RobustnessReport } from '../robustness/types';
import { buildReference } from '../monitor/buildReference';
import type { MonitorReference } from '../monitor/types';

export interface RunOptions {
  readonly onEvent?: (event: RunEvent) => void;
  /** Aborting stops the search within one boosting round / epoch / tree and keeps what finished. */
  readonly signal?: AbortSignalLike;
  /** The data's profile when the host has it already (else computed here). */
  readonly profile?: DatasetProfile;
  /** Whether the host initialised TensorFlow.js; without it the MLP is left out. */
  readonly tensorflowReady?: boolean;
  /**
   * When the budget started (a `performance.now()` time), if before this call: the CLI starts the
   * clock before reading the file, so reading and profiling count against the budget too.
   */
  readonly startedAt?: number;
  /**
   * Memory the run may use and how many threads cache fold matrices; without it no check is made.
   * When the estimate is over the limit the search runs on a seeded subsample of the rows.
   */
  readonly memory?: { readonly limitBytes: number; readonly threads: number };
  /** Runs trials elsewhere (a worker pool); in this thread, one at a time, when absent. */
  readonly createExecutor?: (data: RunData, metric: Metric) => Promise<TrialExecutor>;
  /** Explain the final model at the end, within the budget (default: the spec's `explain`, else true). */
  readonly explain?: boolean;
  /**
   * New data to compare with the training data (the robustness checks' adversarial validation),
   * read with the training columns' types; `source` names it in the sentence.
   */
  readonly newData?: { readonly frame: Frame; readonly source: string };
  /** Sizes of the explanation steps (tests make them small). */
  readonly explainLimits?: Partial<ExplainLimits>;
}

export interface RunResult {
  readonly pipeline: Pipeline;
  /** Every trial: finished ones by score (best first), then the rest in order. */
  readonly leaderboard: readonly TrialRecord[];
  readonly ensemble?: EnsembleRecord;
  readonly plan: RunPlan;
  readonly profile: DatasetProfile;
  readonly final: {
    /** The trials the final model is made of, with weights. */
    readonly members: readonly { readonly trialId: number; readonly weight: number }[];
    /** 'allRows': refitted on every training row; 'foldModels': the validation folds' models averaged. */
    readonly refit: 'allRows' | 'foldModels';
    /** Cross-validated score of the final choice (pooled out-of-fold predictions). */
    readonly score: number;
    readonly description: string;
  };
  /** Calibration, weak segments, perturbation, stability and latency of the final model (absent when skipped). */
  readonly robustness?: RobustnessReport;
  /** What feature selection (and engineering) decided before the search. */
  readonly features: FeatureDecisions;
  /** The final model's explanations (absent when skipped: see the run's log). */
  readonly explanations?: RunExplanations;
  /**
   * What monitoring compares new data with (`reference.json`): the source columns over the
   * training rows, the final model's out-of-fold predictions, its metric and a row sample.
   * Absent only when the final score is not a finite number.
   */
  readonly reference?: MonitorReference;
  readonly cancelled: boolean;
  readonly elapsedMs: number;
}

/** Trials whose fold models and out-of-fold predictions are kept (ensemble candidates), besides each learner's best. */
const KEEP_BEST = 8;
/** Successive halving keeps the best 1/ETA of the configurations at the cheap rung. */
const ETA = 3;
/** Below this many test rows in a fold, one fold says too little to stop a trial on. */
const MIN_PRUNE_TEST_ROWS = 200;
/** Holdout runs take their cheap look on a quarter of the training rows, from this many rows on. */
const SUBSAMPLE_FROM_ROWS = 20_000;
const SUBSAMPLE_SHARE = 0.25;
/**
 * Ensemble selection scores every candidate on every round (a sort per score for AUC): on more
 * out-of-fold rows than this it works on a seeded sample, which fixes weights just as well.
 */
const ENSEMBLE_MAX_ROWS = 20_000;
/** Rounds of greedy ensemble selection. */
const ENSEMBLE_ROUNDS = 50;
/**
 * Averaging a candidate into the ensemble costs about 5e-6 ms per row and class (measured with
 * 15 candidates: 75 ms for 20,000 rows of RMSE, 0.38 s for 3,200 rows of 26-class log loss); twice
 * that is kept. Before a trial is kept to time the metric on, a score counts as 5e-5 ms a value.
 */
const ENSEMBLE_AVERAGE_MS_PER_VALUE = 1e-5;
const ENSEMBLE_UNSCORED_MS_PER_VALUE = 5e-5;
/**
 * A proposal expected to take this many times the time left is skipped: the learners' cost
 * estimates are good to about 3x, so this still runs anything that might finish.
 */
const SKIP_OVER_EXPECTED = 3;
/** Skips in a row that end the search: nothing the scheduler proposes fits the time left. */
const MAX_SKIPS_PER_BATCH = 20;
/** Refits expected to take more than this share of the budget use the fold models instead. */
const MAX_REFIT_SHARE = 0.35;
/** Most of a time budget feature selection and engineering may take (from the run's start). */
const FEATURES_SHARE = 0.15;
/**
 * Most that selection may take while its rounds still find columns below the noise: dropping
 * junk columns speeds every trial after it (measured on 60 s runs with 20 noise columns: letter,
 * seattle and diamonds still had most of theirs when the 15% share was spent).
 */
const PRODUCTIVE_SELECTION_SHARE = 0.25;
/** Other seeds the best configuration is re-validated under (the stability check's seed spread). */
const SEED_REPEATS = 2;
/** Most of a time budget that re-validation may take; a slower best configuration is not repeated. */
const SEEDS_SHARE = 0.05;
/** Out-of-fold rows from which isotonic calibration is tried (see `calibrationMethods`). */
const ISOTONIC_MIN_ROWS = 1000;

/**
 * Calibration methods a run tries. Multiclass: temperature only, the one method that never
 * changes a row's predicted class (one-vs-rest isotonic or Platt, renormalised, can: on wine's
 * 142 training rows that turned an F1 of 1.0 into 0.92 on the holdout). Isotonic regression only
 * from ISOTONIC_MIN_ROWS rows: on fewer its steps follow the noise (scikit-learn's advice too).
 */
function calibrationMethods(classes: number, rows: number): ('isotonic' | 'platt' | 'temperature')[] {
  if (classes > 2) return ['temperature'];
  return rows >= ISOTONIC_MIN_ROWS ? ['isotonic', 'platt', 'temperature'] : ['platt', 'temperature'];
}

/** Time a cancelled run's robustness checks may take (the quick ones only). */
const CANCELLED_ROBUSTNESS_MS = 1000;
/** Most of a time budget kept for calibration and the robustness checks. */
const ROBUSTNESS_SHARE = 0.08;
/**
 * Least kept for them: the checks on out-of-fold predictions (segment tree, reliability,
 * calibration) take about this long on 100k rows (measured 0.6 s on titanic, 1.4 s on 100k × 9).
 */
const ROBUSTNESS_MIN_MS = 1500;
/** The robustness estimate's margin over the measured prediction speed (plans applied, ensembles, GC). */
const ROBUSTNESS_MARGIN = 3;
/** A single-row prediction's fixed cost (a plan applied to a one-row frame), in ms. */
const SINGLE_ROW_MS = 2;
/** Share of a time budget kept for explaining the final model (SHAP sample, dependence, permutation importance). */
const EXPLAIN_SHARE = 0.08;

interface Kept {
  readonly proposal: Proposal;
  readonly folds: readonly FoldResult[];
  /** Out-of-fold prediction over all rows (rows no test fold covers are NaN). */
  readonly oof: Prediction;
  readonly score: number;
  readonly fitMsPerRow: number;
  /** Model prediction time per test row (the plan was applied before; ROBUSTNESS_MARGIN covers it). */
  readonly predictMsPerRow: number;
}

/**
 * The rows some test fold covers, and the rows ensemble selection scores: the same, or a seeded
 * sample of ENSEMBLE_MAX_ROWS of them.
 */
function ensembleRows(folds: RunData['folds'], n: number, seed: number): { covered: Uint32Array; sample: Uint32Array } {
  const seen = new Uint8Array(n);
  for (const f of folds) for (const p of f.test) seen[p] = 1;
  const list: number[] = [];
  for (let i = 0; i < n; i++) if (seen[i]) list.push(i);
  const covered = Uint32Array.from(list);
  if (covered.length <= ENSEMBLE_MAX_ROWS) return { covered, sample: covered };
  return { covered, sample: Uint32Array.from(sampleRows(covered.length, ENSEMBLE_MAX_ROWS, seed), (p) => covered[p]) };
}


function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { mean: NaN, std: NaN };
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const variance = finite.reduce((s, v) => s + (v - mean) ** 2, 0) / finite.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Classes of a classification target; 1 for regression (one output). */
const classesOf = (y: Target): number => (y.kind === 'regression' ? 1 : y.classes.length);

/**
 * Runs AutoML on `frame`: profiles it, validates every configuration it tries by cross-validation
 * fitted inside each fold, searches within the spec's time or trial budget, builds a greedy
 * ensemble when it beats the best single model, and refits the final model on all rows when the
 * budget allows (else keeps the validation folds' models, averaged). Emits events as it goes.
 */
export async function runAutoML(spec: RunSpec, frame: Frame, options: RunOptions = {}): Promise<RunResult> {
  checkRunSpec(spec);
  const started = options.startedAt ?? performance.now();
  const elapsed = (): number => performance.now() - started;
  const budgetMs = budgetMsOf(spec);
  const explain = options.explain ?? spec.explain ?? true;
  const deadline = started + budgetMs;
  const emit = (event: RunEvent): void => options.onEvent?.(event);
  const log = (message: string): void => emit({ kind: 'log', message });
  const userSignal = options.signal;

  const profile = options.profile ?? profileFrame(frame, { target: spec.target, seed: spec.seed, signal: userSignal });
  emit({ kind: 'profile', profile });

  const targetSpec = fitTargetSpec(frame, spec.target, spec.task);
  const task = targetSpec.task;
  const encoded = encodeTarget(targetSpec, frame);
  if (encoded.rows.length < 2) throw new DataError(`target '${spec.target}' has ${encoded.rows.length} value(s); at least 2 rows are needed to learn and validate`);
  if (encoded.rows.length < frame.rowCount) log(`${frame.rowCount - encoded.rows.length} rows without a target value are left out`);
  let { target: y, rows } = encoded;
  if (options.memory) {
    const memory = planMemory(frame, rows, {
      target: spec.target,
      folds: foldCount(chooseValidation({ rows: rows.length, task, features: frame.columns.length - 1, budgetSeconds: budgetMs / 1000, classes: classesOf(y) }, validationOverrides(spec))),
      threads: options.memory.threads,
      classes: classesOf(y),
      keptTrials: 2 * KEEP_BEST, // the best trials plus each learner's best
      limitBytes: options.memory.limitBytes,
      ...(spec.selection === 'off' ? {} : { engineered: mostEngineered(frame) }),
      rng: new Rng(spec.seed ^ 0x5bd1e995),
    });
    if (memory.keep) {
      log(
        `using ${memory.keep.length} of ${rows.length} rows (a seeded sample): all of them would need about ` +
          `${(memory.estimateBytes / 2 ** 30).toFixed(1)} GiB, more than the ${(options.memory.limitBytes / 2 ** 30).toFixed(1)} GiB available`,
      );
      const keep = memory.keep;
      rows = Uint32Array.from(keep, (p) => rows[p]);
      y = subsetTarget(y, keep);
    }
  }
  const n = rows.length;
  const metric: Metric = spec.metric ? getMetric(spec.metric) : defaultMetric(task);
  if (!metric.tasks.includes(task)) throw new DataError(`metric '${metric.name}' does not apply to ${task} tasks`);

  const drop = columnsToDrop(profile, spec, log);
  const exclude = [spec.target, ...(spec.validation?.groupColumn ? [spec.validation.groupColumn] : []), ...(spec.validation?.timeColumn ? [spec.validation.timeColumn] : [])];
  const truth = truthOf(y);
  let minClassCount: number | undefined;
  if (y.kind === 'classification') {
    const counts = new Float64Array(y.classes.length);
    for (const c of y.codes) counts[c]++;
    minClassCount = Math.min(...counts);
  }
  const validation: ValidationPlan = chooseValidation(
    { rows: n, task, minClassCount, features: frame.columns.length - 1 - drop.length, budgetSeconds: budgetMs / 1000, classes: classesOf(y) },
    validationOverrides(spec),
  );
  const folds = makeFolds(
    validation,
    {
      rows: n,
      codes: y.kind === 'classification' ? y.codes : undefined,
      groups: validation.kind === 'group' ? (columnAt(frame, validation.column, rows, 'groups') as Int32Array) : undefined,
      time: validation.kind === 'time' ? (columnAt(frame, validation.column, rows, 'time') as Float64Array) : undefined,
    },
    new Rng(spec.seed),
  );
  let data: RunData = { frame, rows, y, truth, folds, exclude, drop, seed: spec.seed };
  const learners = learnersFor(spec, task, options.tensorflowReady ?? false, log);
  const features = decideFeatures(data, metric, {
    spec,
    deadline: budgetMs === Infinity ? Infinity : started + budgetMs * FEATURES_SHARE,
    productiveDeadline: budgetMs === Infinity ? Infinity : started + budgetMs * PRODUCTIVE_SELECTION_SHARE,
    validation,
    signal: userSignal,
    learners: learners.map((l) => l.name),
    onStart: () => emit({ kind: 'phase', phase: 'features', elapsedMs: elapsed() }),
    log,
  });
  data = features.data;
  emit({ kind: 'features', decisions: features.decisions });
  const cache = new FoldCache(data);

  const first = cache.get('native', 0);
  if (first.xTrain.columns.length === 0) throw new DataError('no usable feature columns are left after dropping identifiers, text, constant and leaking columns');
  const shape: DataShape = {
    rows: first.xTrain.rows,
    features: first.xTrain.columns.length,
    categoricalFeatures: first.xTrain.columns.filter((c) => c.kind === 'categorical').length,
    classes: classesOf(y),
  };
  const plan: RunPlan = {
    task,
    metric: metric.name,
    higherIsBetter: metric.higherIsBetter,
    validation,
    rows: n,
    learners: learners.map((l) => l.name),
    budgetMs,
    trials: spec.trials,
    dropped: [...data.drop, ...first.plan.dropped.filter((d) => !data.drop.some((x) => x.column === d.column))],
  };
  emit({ kind: 'started', plan });
  emit({ kind: 'phase', phase: 'search', elapsedMs: elapsed() });

  const classes = classesOf(y);
  const better = (a: number, b: number): boolean => (metric.higherIsBetter ? a > b : a < b);
  const lossOf = (score: number): number => (metric.higherIsBetter ? -score : score);
  const scheduler = new TrialScheduler(learners, shape, task, spec.searcher ?? 'bayesian', spec.seed);
  const records: TrialRecord[] = [];
  let seedScores: number[] | undefined;
  const kept = new Map<number, Kept>();
  const rungLosses: number[] = [];
  let bestId: number | undefined;
  let bestScore = NaN;
  const holdoutLike = folds.length === 1;
  const pruneOnFirstFold = folds.length >= 3 && folds[0].test.length >= MIN_PRUNE_TEST_ROWS;
  const subsampleFirst = holdoutLike && folds[0].train.length >= SUBSAMPLE_FROM_ROWS;

  /**
   * Estimated time to refit the likely final model on all rows, from the measured fit speed: the
   * best trial, plus half of the next two (ensembles usually lean on the best).
   */
  const refitEstimateMs = (): number => {
    const top = [...kept.values()].sort((a, b) => (better(a.score, b.score) ? -1 : 1)).slice(0, 3);
    return top.reduce((sum, k, i) => sum + k.fitMsPerRow * n * 1.25 * (i === 0 ? 1 : 0.5), 0);
  };
  const refitPlanned = (): boolean => budgetMs === Infinity || refitEstimateMs() <= MAX_REFIT_SHARE * budgetMs;
  /** Slack left at the very end for the host to write the run folder. */
  const margin = budgetMs === Infinity ? 0 : Math.min(1000, 0.02 * budgetMs);
  // The rows ensemble selection will score, known from the folds before any trial runs.
  const { covered, sample } = ensembleRows(folds, n, (spec.seed ^ 0x2545f491) >>> 0);
  const truthSample = subsetTruth(truth, sample);
  let ensembleScoreMs: number | undefined;
  /**
   * Ensemble selection: every round averages and scores each candidate, so its time is candidates
   * × rounds × (one metric score of the sample, timed on the first kept trial, + the averaging).
   * Measured: a fixed 1e-4 ms per row, candidate, round and pair of classes (right for ROC AUC,
   * whose score sorts) kept 15.6 s back on letter (26 classes, log loss) for a selection that took
   * 0.5 s, and its search ended with a third of the budget unused.
   */
  const ensembleEstimateMs = (): number => {
    const first = kept.values().next().value as Kept | undefined;
    if (first !== undefined && ensembleScoreMs === undefined) {
      const prediction = subsetPrediction(first.oof, sample);
      ensembleScoreMs = Infinity;
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        metric.score(truthSample, prediction);
        ensembleScoreMs = Math.min(ensembleScoreMs, performance.now() - t);
      }
    }
    const scoreMs = ensembleScoreMs ?? sample.length * classes * ENSEMBLE_UNSCORED_MS_PER_VALUE;
    return (KEEP_BEST + learners.length) * (ENSEMBLE_ROUNDS + 1) * (scoreMs + sample.length * classes * ENSEMBLE_AVERAGE_MS_PER_VALUE);
  };
  /** Time kept back at the end: the refit (when planned), ensemble selection and writing. */
  const explainReserveMs = explain === false || budgetMs === Infinity ? 0 : EXPLAIN_SHARE * budgetMs;
  /**
   * Time kept for calibration and the robustness checks: their predictions at the speed the best
   * trials predicted with (a run with new data to compare keeps the whole share, as the domain
   * classifier trains on up to 40,000 rows), between ROBUSTNESS_MIN_MS and ROBUSTNESS_SHARE.
   */
  const robustnessReserveMs = (): number => {
    if (budgetMs === Infinity) return 0;
    const most = ROBUSTNESS_SHARE * budgetMs;
    const top = [...kept.values()].sort((a, b) => (better(a.score, b.score) ? -1 : 1)).slice(0, 3);
    if (options.newData || top.length === 0) return most;
    const { batchRows, singleRows } = robustnessPredictions(shape.features);
    const msPerRow = top.reduce((sum, k) => sum + k.predictMsPerRow, 0);
    const estimate = ROBUSTNESS_MIN_MS + ROBUSTNESS_MARGIN * (batchRows * msPerRow + singleRows * SINGLE_ROW_MS);
    return Math.min(most, estimate);
  };
  /** The best trial re-validated under other seeds, when that takes at most SEEDS_SHARE of the budget. */
  const seedsReserveMs = (): number => {
    const best = bestId === undefined ? undefined : records.find((r) => r.id === bestId);
    if (budgetMs === Infinity || best === undefined) return 0;
    const need = SEED_REPEATS * best.durationMs;
    return need <= SEEDS_SHARE * budgetMs ? need : 0;
  };
  const reserveMs = (): number =>
    budgetMs === Infinity
      ? 0
      : 2 * margin + ensembleEstimateMs() + explainReserveMs + robustnessReserveMs() + seedsReserveMs() + (refitPlanned() ? refitEstimateMs() : 0);
  /** No trial may take more than a quarter of the budget (half for the defaults and portfolio). */
  const trialCapMs = (proposal: Proposal): number => Math.max(2000, budgetMs / (proposal.portfolio ? 2 : 4));

  /** Successive halving's rule: a first look among the best 1/ETA of all first looks goes on. */
  const promoted = (earlier: readonly number[], loss: number): boolean => {
    const sorted = [...earlier, loss].sort((a, b) => a - b);
    return loss <= sorted[Math.max(1, Math.ceil(sorted.length / ETA)) - 1];
  };
  const executor: TrialExecutor = options.createExecutor ? await options.createExecutor(data, metric) : new InProcessExecutor(cache, metric, userSignal);

  interface TrialRun {
    readonly id: number;
    readonly proposal: Proposal;
    results: FoldResult[];
    cheapLook?: FoldResult;
    /** The loss successive halving ranked it by (first fold or cheap look). */
    rungLoss?: number;
    status: TrialRecord['status'];
    error?: string;
    readonly startedAt: number;
    durationMs: number;
  }

  /**
   * One trial: a cheap first look (the first fold, or a quarter of the rows on a big holdout),
   * stopped there unless it ranks among the best third of earlier first looks, then the other
   * folds. `rungSnapshot` holds the first-look losses known when its batch started, so the
   * decision does not depend on which trial of a batch finishes first.
   */
  const runTrial = async (id: number, proposal: Proposal, rungSnapshot: readonly number[], searchEnd: number): Promise<TrialRun> => {
    const startedAt = elapsed();
    const run: TrialRun = { id, proposal, results: [], status: 'ok', startedAt, durationMs: 0 };
    emit({ kind: 'trialStarted', id, learner: proposal.learner, params: proposal.params, elapsedMs: startedAt });
    const trialEnd = Math.min(searchEnd, performance.now() + trialCapMs(proposal));
    const seedOf = (fold: number): number => (spec.seed + id * 1_000_003 + fold * 7_919) >>> 0;
    const stage = (folds: number[], rowFraction?: number, share = 1): Promise<FoldResult[]> =>
      executor.evaluate({
        trialId: id,
        learner: proposal.learner,
        params: proposal.params,
        folds,
        seeds: folds.map(seedOf),
        rowFraction,
        timeLimitMs: Math.max(0, (trialEnd - performance.now()) * share),
      });
    try {
      if (subsampleFirst) {
        // A look at a quarter of the rows that takes more than a quarter of the trial's time
        // leaves too little for the full fit (about four looks' worth): stop it there.
        [run.cheapLook] = await stage([0], SUBSAMPLE_SHARE, SUBSAMPLE_SHARE);
        run.rungLoss = lossOf(run.cheapLook.score);
      } else if (pruneOnFirstFold) {
        run.results = await stage([0]);
        run.rungLoss = lossOf(run.results[0].score);
      }
      // What the rest would take, from the first look (fits grow a little faster than the rows).
      const first = run.cheapLook ?? run.results[0];
      const restMs = run.cheapLook
        ? (first.fitMs / SUBSAMPLE_SHARE) * 1.3 + first.predictMs
        : first
          ? (folds.length - 1) * (first.fitMs + first.predictMs)
          : 0;
      if (run.rungLoss !== undefined && !proposal.portfolio && !promoted(rungSnapshot, run.rungLoss)) {
        run.status = 'pruned';
        run.error = `stopped early: its first ${run.cheapLook ? 'look on a quarter of the rows' : 'fold'} ranked below the best third`;
      } else if (first && performance.now() + restMs > trialEnd) {
        run.status = 'timeout';
        run.error = `stopped after its first ${run.cheapLook ? 'look' : 'fold'}: the rest would take about ${(restMs / 1000).toFixed(1)} s, more than the ${(Math.max(0, trialEnd - performance.now()) / 1000).toFixed(1)} s left`;
      } else {
        const rest = folds.map((_, f) => f).filter((f) => !run.results.some((r) => r.fold === f));
        run.results = [...run.results, ...(await stage(rest))];
      }
    } catch (caught) {
      if (caught instanceof CancelledError) {
        run.status = userSignal?.aborted ? 'error' : 'timeout';
        run.error = userSignal?.aborted ? 'cancelled' : `stopped at the trial's time limit after ${run.results.length} of ${folds.length} folds`;
      } else {
        run.status = 'error';
        run.error = caught instanceof Error ? caught.message : String(caught);
      }
    }
    run.durationMs = elapsed() - startedAt;
    return run;
  };

  /**
   * Drops the worst kept trial, sparing each learner's best: the ensemble draws on the best
   * KEEP_BEST trials and the best of every family (diverse members blend best).
   */
  const evictWorst = (): void => {
    const bestOfLearner = new Map<string, number>();
    for (const [id, k] of kept) {
      const current = bestOfLearner.get(k.proposal.learner);
      if (current === undefined || better(k.score, (kept.get(current) as Kept).score)) bestOfLearner.set(k.proposal.learner, id);
    }
    const protectedIds = new Set(bestOfLearner.values());
    let worst: number | undefined;
    for (const [id, k] of kept) {
      if (protectedIds.has(id)) continue;
      if (worst === undefined || better((kept.get(worst) as Kept).score, k.score)) worst = id;
    }
    if (worst !== undefined) kept.delete(worst);
  };

  /** Wall time per unit of relative cost, by learner, measured on finished trials. */
  const msPerCost = new Map<string, number[]>();
  const costOf = (proposal: Proposal): number => {
    const learner = getLearner(proposal.learner);
    return Math.max(1e-6, learner.relativeCost({ ...learner.defaults, ...proposal.params }, shape));
  };
  /**
   * How long a proposal should take (0 when unknown): its cost times the learner's own measured
   * speed, else GBDT's (costs are relative to a default GBDT, so that calibration carries over;
   * a cheap learner's would not).
   */
  const expectedDurationMs = (proposal: Proposal): number => {
    if (budgetMs === Infinity) return 0;
    const measured = msPerCost.get(proposal.learner) ?? msPerCost.get('gbdt');
    if (!measured) return 0;
    const sorted = [...measured].sort((a, b) => a - b);
    return costOf(proposal) * sorted[sorted.length >> 1];
  };

  /** Records a finished trial: leaderboard, searcher, best so far, kept models, event. */
  const record = (run: TrialRun): void => {
    const { id, proposal, results, cheapLook } = run;
    if (run.rungLoss !== undefined) rungLosses.push(run.rungLoss);
    const scores = results.length > 0 ? results.map((r) => r.score) : cheapLook ? [cheapLook.score] : [];
    const { mean, std } = meanAndStd(scores);
    if (run.status === 'ok' && !Number.isFinite(mean)) {
      run.status = 'error';
      run.error = `the ${metric.label} could not be computed on any fold`;
    }
    const trial: TrialRecord = {
      id,
      learner: proposal.learner,
      params: proposal.params,
      status: run.status,
      score: Number.isFinite(mean) ? mean : undefined,
      scoreStd: Number.isFinite(std) ? std : undefined,
      foldScores: scores,
      foldsDone: results.length,
      fitMs: results.reduce((s, r) => s + r.fitMs, 0) + (cheapLook?.fitMs ?? 0),
      predictMs: results.reduce((s, r) => s + r.predictMs, 0) + (cheapLook?.predictMs ?? 0),
      startedAt: run.startedAt,
      durationMs: run.durationMs,
      error: run.error,
    };
    records.push(trial);
    scheduler.report(id, proposal, run.status === 'ok' ? { status: 'ok', loss: lossOf(mean) } : { status: run.status === 'error' ? 'error' : 'pruned' });
    if (run.status === 'ok') {
      const speeds = msPerCost.get(proposal.learner) ?? [];
      speeds.push(run.durationMs / costOf(proposal));
      msPerCost.set(proposal.learner, speeds);
      if (bestId === undefined || better(mean, bestScore)) {
        bestId = id;
        bestScore = mean;
      }
      const trainedRows = results.reduce((s, r) => s + r.trainRows, 0);
      kept.set(id, {
        proposal,
        folds: results,
        oof: pooledPrediction(results, folds, n, classes),
        score: mean,
        fitMsPerRow: results.reduce((s, r) => s + r.fitMs, 0) / Math.max(1, trainedRows),
        predictMsPerRow: results.reduce((s, r) => s + r.predictMs, 0) / Math.max(1, results.reduce((s, r) => s + folds[r.fold].test.length, 0)),
      });
      if (kept.size > KEEP_BEST + learners.length) evictWorst();
    }
    emit({
      kind: 'trialCompleted',
      trial,
      bestId,
      bestScore: bestId === undefined ? undefined : bestScore,
      elapsedMs: elapsed(),
      remainingMs: Math.max(0, deadline - performance.now()),
      trialsDone: records.length,
    });
  };

  /**
   * The best configuration's cross-validated score under SEED_REPEATS other seeds (its own score
   * first), when the budget keeps time for it; undefined otherwise.
   */
  const seedSpread = async (): Promise<number[] | undefined> => {
    const best = bestId === undefined ? undefined : records.find((r) => r.id === bestId);
    const k = bestId === undefined ? undefined : kept.get(bestId);
    if (best === undefined || k === undefined || best.score === undefined || userSignal?.aborted) return undefined;
    const reserved = seedsReserveMs();
    // The search stops when only the reserves are left, this one included; a little less will do.
    const available = deadline - (reserveMs() - reserved) - performance.now();
    if (budgetMs !== Infinity && (reserved === 0 || available < 0.8 * reserved)) {
      log(`stability: the best configuration was not re-validated under other seeds (${(SEED_REPEATS * best.durationMs / 1000).toFixed(1)} s would not fit the budget)`);
      return undefined;
    }
    const scores = [best.score];
    const id = best.id;
    try {
      for (let r = 1; r <= SEED_REPEATS; r++) {
        const results = await executor.evaluate({
          trialId: id,
          learner: k.proposal.learner,
          params: k.proposal.params,
          folds: folds.map((_, f) => f),
          seeds: folds.map((_, f) => (spec.seed + id * 1_000_003 + f * 7_919 + r * 0x9e3779b9) >>> 0),
          timeLimitMs: budgetMs === Infinity ? Infinity : Math.max(0, deadline - margin - performance.now()),
        });
        scores.push(meanAndStd(results.map((x) => x.score)).mean);
      }
    } catch (caught) {
      if (!(caught instanceof CancelledError)) throw caught;
    }
    return scores.length > 1 ? scores : undefined;
  };

  // Batches of up to `executor.slots` trials; results are recorded in trial order, so a
  // trial-count budget gives the same leaderboard however the threads interleave.
  try {
    let nextId = 0;
    let exhausted = false;
    const skippedLearners = new Set<string>();
    while (!exhausted) {
      if (userSignal?.aborted) break;
      const searchEnd = deadline - reserveMs();
      if (performance.now() >= searchEnd) break;
      const batch: Promise<TrialRun>[] = [];
      const snapshot = [...rungLosses];
      let skipped = 0;
      while (batch.length < executor.slots && (spec.trials === undefined || nextId < spec.trials)) {
        const proposal = scheduler.next(nextId);
        if (!proposal) {
          log("every learner's search space is exhausted");
          exhausted = true;
          break;
        }
        const expectedMs = expectedDurationMs(proposal);
        const leftMs = Math.min(searchEnd - performance.now(), trialCapMs(proposal));
        if (expectedMs > SKIP_OVER_EXPECTED * leftMs) {
          // Far beyond the time left even if the cost model is off by its usual factor: skip it,
          // or end the search when a skip is all the scheduler has (little time left).
          scheduler.report(nextId++, proposal, { status: 'pruned' });
          if (++skipped > MAX_SKIPS_PER_BATCH) {
            exhausted = true;
            break;
          }
          if (!skippedLearners.has(proposal.learner)) {
            skippedLearners.add(proposal.learner);
            log(`skipped ${proposal.learner} ${JSON.stringify(proposal.params)}: expected to take about ${(expectedMs / 1000).toFixed(0)} s, ${(leftMs / 1000).toFixed(0)} s left (later skips of ${proposal.learner} are not listed)`);
          }
          continue;
        }
        batch.push(runTrial(nextId++, proposal, snapshot, searchEnd));
      }
      if (batch.length === 0) break;
      for (const run of await Promise.all(batch)) record(run);
      if (spec.trials !== undefined && nextId >= spec.trials) break;
      await nextTick();
    }
    seedScores = await seedSpread();
  } finally {
    await executor.close?.();
  }
  const cancelled = userSignal?.aborted ?? false;

  if (bestId === undefined) {
    const reasons = [...new Set(records.map((r) => r.error).filter(Boolean))].slice(0, 3).join('; ');
    if (cancelled) throw new CancelledError('the run was cancelled before any trial finished');
    throw new DataError(`no trial finished within the budget${reasons ? ` (${reasons})` : ''}; give it more time or fewer rows`);
  }

  // Ensemble selection over the kept trials' pooled out-of-fold predictions.
  emit({ kind: 'phase', phase: 'ensemble', elapsedMs: elapsed() });
  const candidates = [...kept.entries()].sort((a, b) => (better(a[1].score, b[1].score) ? -1 : better(b[1].score, a[1].score) ? 1 : a[0] - b[0]));
  let members = [{ trialId: bestId, weight: 1 }];
  let ensemble: EnsembleRecord | undefined;
  if (spec.ensemble !== false && candidates.length >= 2 && !cancelled) {
    const selection = selectEnsemble(
      candidates.map(([, k]) => subsetPrediction(k.oof, sample)),
      truthSample,
      metric,
      { rounds: ENSEMBLE_ROUNDS },
    );
    const used = candidates.map(([trialId, k], i) => ({ trialId, learner: k.proposal.learner, weight: selection.weights[i] })).filter((m) => m.weight > 0);
    const chosen = used.length >= 2 && better(selection.score, selection.bestSingle.score);
    ensemble = { score: selection.score, members: used, chosen };
    if (chosen) members = used.map(({ trialId, weight }) => ({ trialId, weight }));
  }
  // The final choice's score on every out-of-fold row (selection may have used a sample).
  const finalOof = blend(
    members.map((m) => subsetPrediction((kept.get(m.trialId) as Kept).oof, covered)),
    Float64Array.from(members, (m) => m.weight),
  );
  const coveredTruth = subsetTruth(truth, covered);
  const rawFinalScore = metric.score(coveredTruth, finalOof);
  const calibration = calibrate(finalOof, coveredTruth);
  // The score of the model as shipped: calibrated (cross-fitted) when a calibration is kept.
  const finalScore = calibration?.calibratedOof ? metric.score(coveredTruth, { kind: 'classification', proba: calibration.calibratedOof }) : rawFinalScore;
  if (finalScore !== rawFinalScore) log(`${metric.label} of the final model ${rawFinalScore.toPrecision(5)} before calibration, ${finalScore.toPrecision(5)} after (cross-fitted)`);

  // Final models: refit on all rows when there is time, else average the folds' models.
  emit({ kind: 'phase', phase: 'refit', elapsedMs: elapsed() });
  const allPositions = Uint32Array.from({ length: n }, (_, i) => i);
  const pipelineMembers: PipelineMember[] = [];
  let refitAll = !cancelled;
  const fullPlans = new Map<string, ReturnType<typeof prepareFold>>();
  for (const { trialId, weight } of members) {
    const k = kept.get(trialId) as Kept;
    const learner = getLearner(k.proposal.learner);
    const estimate = k.fitMsPerRow * n * 1.25;
    let refitted = false;
    if (!cancelled && performance.now() + estimate < deadline - margin) {
      try {
        const mode = planModeFor(learner);
        let full = fullPlans.get(mode);
        if (!full) fullPlans.set(mode, (full = prepareFold(data, mode, allPositions, new Uint32Array(0))));
        const model = learner.fit(full.xTrain, full.yTrain, k.proposal.params, {
          rng: new Rng((spec.seed + trialId * 1_000_003) >>> 0),
          signal: deadlineSignal(deadline - margin, userSignal),
        });
        pipelineMembers.push({ weight, plan: full.plan, model });
        refitted = true;
      } catch (caught) {
        if (!(caught instanceof CancelledError)) throw caught;
        log(`refitting ${k.proposal.learner} (trial ${trialId}) on all rows did not fit in the budget; its fold models are used instead`);
      }
    }
    if (!refitted) {
      refitAll = false;
      for (const fold of k.folds) pipelineMembers.push({ weight: weight / k.folds.length, plan: fold.plan, model: fold.model });
    }
    await nextTick();
  }
  /**
   * Explains the final model in the budget's tail. Permutation importance uses the final
   * members' fold models on their own test rows, so it is measured out of fold.
   */
  function explainFinal(): RunExplanations | undefined {
    if (performance.now() >= deadline - margin) {
      log('explanations skipped: the budget is spent (run `automl explain` on the run folder to compute them)');
      return undefined;
    }
    emit({ kind: 'phase', phase: 'explain', elapsedMs: elapsed() });
    const foldModels: FoldModels[] = [];
    folds.forEach((fold, f) => {
      const parts = members.map(({ trialId, weight }) => ({ weight, result: (kept.get(trialId) as Kept).folds.find((r) => r.fold === f) }));
      if (parts.every((p) => p.result)) {
        foldModels.push({ test: fold.test, members: parts.map(({ weight, result }) => ({ weight, plan: (result as FoldResult).plan, model: (result as FoldResult).model })) });
      }
    });
    try {
      const explained = explainRun({
        pipeline,
        frame,
        rows,
        truth,
        metric,
        folds: foldModels,
        profile,
        seed: spec.seed,
        // The robustness checks come after and keep their share.
        deadline: deadline - margin - robustnessReserveMs(),
        signal: userSignal,
        limits: options.explainLimits,
        log,
      });
      for (const note of explained?.notes ?? []) log(`explanations: ${note}`);
      return explained;
    } catch (caught) {
      if (!(caught instanceof CancelledError)) throw caught;
      log('explanations skipped: the run was stopped');
      return undefined;
    }
  }

  /**
   * Tries isotonic, Platt and temperature calibration of a classifier's out-of-fold probabilities;
   * one is kept only when it lowers cross-validated log loss.
   */
  function calibrate(oof: Prediction, oofTruth: Truth): CalibrationChoice | undefined {
    if (oof.kind !== 'classification' || oofTruth.kind !== 'classification' || cancelled) return undefined;
    try {
      const choice = chooseCalibration(oof.proba, oofTruth.codes, {
        seed: spec.seed,
        deadline: deadline - margin,
        signal: userSignal,
        methods: calibrationMethods(oof.proba.length, oofTruth.codes.length),
      });
      log(`calibration: ${choice.reason}`);
      return choice;
    } catch (caught) {
      if (!(caught instanceof CancelledError)) throw caught;
      log('calibration skipped: the run was stopped');
      return undefined;
    }
  }

  /** The robustness checks of the final model, in the budget's tail. */
  function checkRobustness(): RobustnessReport | undefined {
    // A cancelled run still gets the checks that read the out-of-fold predictions it has
    // (calibration, weak segments: milliseconds); the ones that predict are left out.
    const end = cancelled ? performance.now() + CANCELLED_ROBUSTNESS_MS : deadline - margin;
    if (!cancelled && performance.now() >= end) {
      log('robustness checks skipped: the budget is spent');
      return undefined;
    }
    emit({ kind: 'phase', phase: 'robustness', elapsedMs: elapsed() });
    try {
      return assessRobustness({
        frame,
        rows,
        truth,
        covered,
        oof: finalOof,
        metric,
        folds,
        columns: explanations?.importance.map((i) => i.column) ?? pipeline.sourceColumns(),
        predict: (f) => pipeline.predict(f),
        classes: targetSpec.task === 'regression' ? undefined : targetSpec.classes,
        calibration: calibration && {
          method: calibration.method,
          tried: calibration.tried,
          calibratedOof: calibration.calibratedOof && { kind: 'classification', proba: calibration.calibratedOof },
        },
        seedScores,
        modelBytes: new TextEncoder().encode(JSON.stringify(pipeline.toJSON())).length + 1,
        ...(options.newData && !cancelled ? { newData: { ...options.newData, columns: pipeline.sourceColumns() } } : {}),
        seed: spec.seed,
        deadline: end,
        signal: cancelled ? undefined : userSignal,
        ...(cancelled ? { limits: { predict: false, skipReason: 'the run was cancelled' } } : {}),
      });
    } catch (caught) {
      if (!(caught instanceof CancelledError)) throw caught;
      log('robustness checks skipped: the run was stopped');
      return undefined;
    }
  }

  /**
   * The monitoring reference, from the out-of-fold predictions the model ships with (calibrated
   * when it keeps a calibration): honest, where in-sample ones would flatter it. Linear in the
   * rows beside one sort per numeric column, so it needs no share of the budget.
   */
  function monitorReference(): MonitorReference | undefined {
    if (!Number.isFinite(finalScore)) {
      log(`monitoring reference skipped: the final ${metric.label} is not a number`);
      return undefined;
    }
    const shipped: Prediction = calibration?.calibratedOof ? { kind: 'classification', proba: calibration.calibratedOof } : finalOof;
    return buildReference({
      frame,
      rows,
      target: spec.target,
      task,
      classes: targetSpec.task === 'regression' ? undefined : targetSpec.classes,
      columns: pipeline.sourceColumns(),
      covered,
      oof: shipped,
      metric: { name: metric.name, higherIsBetter: metric.higherIsBetter, score: finalScore, foldScores: foldScoresOf({ truth, covered, oof: shipped, metric, folds }) },
      truth: coveredTruth,
      seed: spec.seed,
    });
  }

  const pipeline = Pipeline.fromMembers(targetSpec, pipelineMembers, n).withCalibration(calibration?.calibration);
  const explanations = explain === false || cancelled ? undefined : explainFinal();
  const robustness = checkRobustness();
  const reference = monitorReference();
  const ok = records.filter((r) => r.status === 'ok').sort((a, b) => (better(a.score as number, b.score as number) ? -1 : better(b.score as number, a.score as number) ? 1 : a.id - b.id));
  const leaderboard = [...ok, ...records.filter((r) => r.status !== 'ok')];
  const refit = refitAll ? 'allRows' : 'foldModels';
  emit({ kind: 'done', model: pipeline.describe(), score: finalScore, refit, trials: records.length, cancelled, elapsedMs: elapsed() });
  return {
    pipeline,
    leaderboard,
    ensemble,
    plan,
    profile,
    final: { members, refit, score: finalScore, description: pipeline.describe() },
    explanations,
    features: features.decisions,
    robustness,
    reference,
    cancelled,
    elapsedMs: elapsed(),
  };
}
