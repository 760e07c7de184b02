/**
 * The run's feature step, before the search: noise-based selection, then feature engineering,
 * each on the probe (a small GBDT on the run's own folds, sampled on big data) and each kept only
 * when cross-validation improves. What it decides goes into the run's data (columns to drop,
 * features to engineer), so every trial, the final model and its export see the same features.
 */
import type { RunData } from '../automl/foldData';
import type { RunSpec } from '../automl/runSpec';
import { CancelledError } from '../errors';
import type { Metric, ValidationPlan } from '../validate/types';
import type { EngineeringRequest } from '../prep/featurePlan';
import { engineerFeatures } from './engineering';
import { selectFeatures, type SelectedOut } from './noiseSelection';
import { probe, probeData } from './probe';
import type { EngineeredFeature, FeatureGate } from './types';

/** What the feature step decided, for `features.json`. */
export interface FeatureDecisions {
  readonly mode: 'auto' | 'off';
  /** Columns dropped before the step (the user's exclusions and the profile's flags). */
  readonly droppedBefore: readonly string[];
  /** Columns selection dropped (also in the run data's `drop`). */
  readonly selected: readonly SelectedOut[];
  /** Engineered features tried, kept or not (the kept ones are the run data's `engineer`). */
  readonly engineered: readonly EngineeredFeature[];
  readonly gates: readonly FeatureGate[];
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

export interface FeatureStepOptions {
  readonly spec: RunSpec;
  /** `performance.now()` time the step must end by. */
  readonly deadline: number;
  /** A later time selection may run to while its rounds still find columns below the noise (engineering is then skipped). */
  readonly productiveDeadline?: number;
  readonly signal?: AbortSignalLike;
  /** Called once when the step starts working (not when it is off or skipped). */
  readonly onStart?: () => void;
  /** How the run validates (a single holdout split is probed on k folds of a sample). */
  readonly validation: ValidationPlan;
  /** The run's learners: interactions are tried only for linear ones. */
  readonly learners: readonly string[];
  readonly log: (message: string) => void;
}

/**
 * Share of the step's time selection may take; engineering has the rest. Selection drops at most
 * 5% of the columns a round, so 20 noise columns among 8 take 20 rounds: measured on pima, 60% of
 * a 60 s run's step dropped 5 of them, 80% drops most.
 */
const SELECTION_SHARE = 0.8;

/**
 * Below this many rows only selection runs, on every fold of the run (repeated k-fold: a fold's
 * test set is a dozen rows, and only many of them make a comparison worth trusting): engineering's
 * screens pick the best of dozens of candidates, which on so few rows is mostly luck. Below
 * MIN_SELECTION_ROWS nothing runs.
 */
const SMALL_ROWS = 500;
const MIN_SELECTION_ROWS = 60;
/** Folds small data is probed on at most (three repeats of ten folds), or one repeat when that is too slow. */
const SMALL_MAX_FOLDS = 30;
const SMALL_REPEAT_FOLDS = 10;
/** The share of the step's time a probe is sized to take (big data is probed on a sample for it). */
const MAX_PROBE_SHARE = 0.2;
/** Sized to this share of MAX_PROBE_SHARE, for the timings' noise. */
const PROBE_TIME_TARGET = 0.8;
/**
 * A probe taking more than this share of the step's time leaves too few probes to decide on (the
 * baseline, the gate's and two ranking rounds at least); the step is skipped.
 */
const SKIP_PROBE_SHARE = 0.25;
/** The learners whose view of the columns selection's gate asks besides the tree probe's. */
const LINEAR_LEARNERS: readonly string[] = ['logistic', 'linear'];

/** The fewest rows a slow probe is cut down to (fewer make its comparisons too noisy to act on). */
const MIN_PROBE_ROWS = 2_500;

/**
 * Milliseconds the probe (or `learner`) takes on the first of `data`'s folds; Infinity when it is
 * stopped at `limitMs` (a learner too slow to afford need not be timed to the end: letter's
 * 26-class logistic fold took 0.9 s of the step's 9 to learn it would be left out).
 */
function timedFold(data: RunData, metric: Metric, options: FeatureStepOptions, learner?: string, limitMs = Infinity): number {
  const start = performance.now();
  const outer = options.signal;
  const signal = { get aborted() { return outer?.aborted === true || performance.now() - start > limitMs; } };
  try {
    probe({ ...data, folds: data.folds.slice(0, 1) }, metric, { seed: options.spec.seed, signal, ...(learner === undefined ? {} : { learner }) });
  } catch (caught) {
    if (caught instanceof CancelledError && outer?.aborted !== true) return Infinity;
    throw caught;
  }
  return performance.now() - start;
}

export function decideFeatures(data: RunData, metric: Metric, options: FeatureStepOptions): { data: RunData; decisions: FeatureDecisions } {
  const started = performance.now();
  const mode = options.spec.selection ?? 'auto';
  const done = (out: RunData, selected: readonly SelectedOut[], engineered: readonly EngineeredFeature[], gates: FeatureGate[], notes: string[]) => ({
    data: out,
    decisions: { mode, droppedBefore: data.drop.map((d) => d.column), selected, engineered, gates, notes, elapsedMs: performance.now() - started },
  });
  if (mode === 'off') return done(data, [], [], [], ['feature selection and engineering are off (selection: off)']);
  if (data.rows.length < MIN_SELECTION_ROWS) return done(data, [], [], [], [`feature selection and engineering skipped: ${data.rows.length} rows are too few to tell columns from noise`]);
  const small = data.rows.length < SMALL_ROWS;
  options.onStart?.();
  const seed = (options.spec.seed ^ 0x3c6ef372) >>> 0;
  const maxFolds = small ? SMALL_MAX_FOLDS : undefined;
  const allowedMs = MAX_PROBE_SHARE * (options.deadline - started);
  let probing = probeData(data, seed, undefined, maxFolds, options.validation);
  // One fold, timed: when the whole probe would take a large share of the step's time, big data
  // is probed on fewer rows (measured: a 10,000-row probe of letter's 26 classes took 2-3.5 s of
  // the 9 s a 60 s run gives the step, which used to skip the step altogether).
  const estimateMs = Number.isFinite(allowedMs) && probing.rows.length > MIN_PROBE_ROWS ? timedFold(probing, metric, options) * probing.folds.length : 0;
  // Engineered features make every trial slower: a run with no time for a full probe has none
  // to spare for them either (measured: letter, probed on 6,862 rows, kept pair features and made
  // 4 trials instead of 7 in 60 s, log loss 0.096 against 0.084). Small data skips them too.
  let skipEngineering = small ? `${data.rows.length} rows are too few to screen candidate features without keeping some by luck` : undefined;
  if (estimateMs > allowedMs) {
    skipEngineering = 'the run has too little time for a full probe of its data, and engineered features would slow every trial';
    const fullRows = probing.rows.length;
    let rows = Math.max(MIN_PROBE_ROWS, Math.floor(fullRows * (allowedMs / estimateMs) * PROBE_TIME_TARGET));
    probing = probeData(data, seed, rows, maxFolds, options.validation);
    // A probe's time is not proportional to its rows: every tree costs a fixed share (bins ×
    // columns × leaves) too. Timed again on the sample, a line through the two timings sizes it
    // (measured on letter + 20 noise columns: cut in proportion to 2,520 rows, a validation
    // still took 1.8 s, twice the proportional guess, and the whole step was skipped).
    const sampledMs = rows < fullRows ? timedFold(probing, metric, options) * probing.folds.length : 0;
    if (sampledMs > PROBE_TIME_TARGET * allowedMs && rows > MIN_PROBE_ROWS) {
      const msPerRow = Math.max(0, (estimateMs - sampledMs) / (fullRows - rows));
      const fixedMs = sampledMs - msPerRow * rows;
      const fitted = msPerRow > 0 ? Math.floor((PROBE_TIME_TARGET * allowedMs - fixedMs) / msPerRow) : MIN_PROBE_ROWS;
      rows = Math.max(MIN_PROBE_ROWS, Math.min(rows, fitted));
      probing = probeData(data, seed, rows, maxFolds, options.validation);
    }
    options.log(`the feature step probes ${rows} sampled rows: one validation on ${fullRows} would take about ${(estimateMs / 1000).toFixed(1)} s`);
  }
  // Small data probes on up to 30 folds; when that would be too slow, on one repeat of them
  // (measured: on penguins + 20 noise columns, 275 rows, one 30-fold validation took more than
  // the 1.8 s a 60 s run allows it, and the whole step was skipped with all 40 columns kept).
  if (Number.isFinite(allowedMs) && probing.folds.length > SMALL_REPEAT_FOLDS) {
    const smallMs = timedFold(probing, metric, options) * probing.folds.length;
    if (smallMs > allowedMs) {
      options.log(`the feature step probes ${SMALL_REPEAT_FOLDS} folds: one validation on ${probing.folds.length} would take about ${(smallMs / 1000).toFixed(1)} s`);
      probing = { ...probing, folds: probing.folds.slice(0, SMALL_REPEAT_FOLDS) };
    }
  }
  const timing = performance.now();
  const baseline = probe(probing, metric, { seed: options.spec.seed, signal: options.signal });
  const probeMs = performance.now() - timing;
  if (probeMs > SKIP_PROBE_SHARE * (options.deadline - started)) {
    const note = `feature selection and engineering skipped: one validation of the probe model takes ${(probeMs / 1000).toFixed(1)} s, too much of the ${((options.deadline - started) / 1000).toFixed(0)} s the step may take`;
    options.log(note);
    return done(data, [], [], [], [note]);
  }
  const gates: FeatureGate[] = [];
  const notes: string[] = [];
  let selected: readonly SelectedOut[] = [];
  let ranking: readonly string[] = [];
  let noiseLike: readonly string[] = [];
  let engineered: readonly EngineeredFeature[] = [];
  let requests: readonly EngineeringRequest[] = [];
  const selectionDeadline = started + SELECTION_SHARE * (options.deadline - started);
  // The linear view (selection's second ranking and gate, engineering's interactions) only when a
  // validation of the linear learner is affordable: a 26-class logistic model on letter took 4.6 s
  // a validation, and its gates ran the step to 20 s of its 9.
  const linearCandidate = options.learners.find((name) => LINEAR_LEARNERS.includes(name));
  const linearMs = linearCandidate !== undefined && Number.isFinite(allowedMs) ? timedFold(probing, metric, options, linearCandidate, allowedMs / probing.folds.length) * probing.folds.length : 0;
  const linearLearner = linearMs <= allowedMs ? linearCandidate : undefined;
  if (linearCandidate !== undefined && linearLearner === undefined) {
    notes.push(`the feature step leaves the ${linearCandidate} model's view out: one validation of it would take more than ${(allowedMs / 1000).toFixed(1)} s`);
    options.log(notes[notes.length - 1]);
  }
  try {
    const selection = selectFeatures(probing, metric, {
      seed: options.spec.seed,
      deadline: selectionDeadline,
      productiveDeadline: options.productiveDeadline,
      signal: options.signal,
      baseline,
      baselineMs: probeMs,
      linearLearner,
    });
    ranking = selection.ranking;
    noiseLike = selection.noiseLike;
    notes.push(...selection.notes);
    for (const note of selection.notes) options.log(note);
    if (selection.gate) gates.push(selection.gate);
    selected = selection.dropped;
    if (selection.gate) options.log(selection.gate.sentence);
    for (const d of selected) options.log(`column '${d.column}' dropped: ${d.reason}`);
  } catch (caught) {
    if (!(caught instanceof CancelledError)) throw caught;
    notes.push('feature selection was stopped before it finished; every column is kept');
  }
  // Selection that was still dropping columns may have used engineering's time too.
  if (skipEngineering === undefined && performance.now() >= options.deadline) skipEngineering = 'selection used the time of the step (it goes on while it still finds columns below the noise)';
  if (skipEngineering !== undefined) {
    notes.push(`feature engineering skipped: ${skipEngineering}`);
    options.log(notes[notes.length - 1]);
    return done({ ...data, drop: [...data.drop, ...selected] }, selected, [], gates, notes);
  }
  try {
    const engineering = engineerFeatures({ ...probing, drop: [...probing.drop, ...selected] }, metric, {
      seed: options.spec.seed,
      deadline: options.deadline,
      signal: options.signal,
      ranking,
      noiseLike,
      denseLearners: options.learners.filter((name) => !LINEAR_LEARNERS.includes(name) || name === linearLearner),
      // Nothing dropped: the data is the one probed above, so its probe is reused.
      ...(selected.length === 0 ? { baseline } : {}),
    });
    notes.push(...engineering.notes);
    gates.push(...engineering.gates);
    for (const gate of engineering.gates) options.log(gate.sentence);
    engineered = engineering.tried;
    requests = engineering.requests;
  } catch (caught) {
    if (!(caught instanceof CancelledError)) throw caught;
    notes.push('feature engineering was stopped before it finished; no engineered feature is used');
  }
  const seconds = (performance.now() - started) / 1000;
  options.log(`feature selection and engineering took ${seconds.toFixed(1)} s`);
  return done({ ...data, drop: [...data.drop, ...selected], engineer: requests }, selected, engineered, gates, notes);
}
