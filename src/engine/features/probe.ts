/**
 * A quick, fixed model validated on the run's own folds: the yardstick of feature selection and
 * feature engineering. Every decision about features compares two probes that differ only in the
 * features (same rows, folds, model and seeds), so the comparison is paired and cheap.
 *
 * Big data is probed on a seeded sample of the rows, cut out of the run's folds (so group and
 * time splits keep their guarantees: a sampled row stays on its fold's side).
 */
import type { Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { getLearner } from '../learners/index';
import type { FittedModel } from '../learners/types';
import type { FeaturePlan } from '../prep/featurePlan';
import { applyFeaturePlan } from '../prep/featurePlan';
import { planModeFor } from '../prep/pipeline';
import { sampleRows } from '../profile/sampleRows';
import { Rng } from '../random';
import type { Params } from '../search/domain';
import { prepareFold, subsetTarget, type RunData } from '../automl/foldData';
import { subsetTruth } from '../validate/subsets';
import { makeFolds } from '../validate/splitters';
import type { Fold, Metric, Prediction, Truth, ValidationPlan } from '../validate/types';

/** Rows a probe fits on at most (a seeded sample beyond). */
export const PROBE_MAX_ROWS = 10_000;
/**
 * Folds a probe uses at most: the first ones (the first repeat of a repeated k-fold). Small data
 * keeps up to SMALL_DATA_MAX_FOLDS (a whole 10-fold repeat): there a fold's test set is a dozen
 * rows, and only more of them make a comparison worth trusting, at little cost.
 */
export const PROBE_MAX_FOLDS = 5;
const SMALL_DATA_ROWS = 2_000;
const SMALL_DATA_MAX_FOLDS = 10;

/**
 * Hashed TF-IDF buckets per free-text column in the probe's plans (trials use the plan's 256): the
 * probe only has to tell whether a column's words matter, and 256 bucket features made every
 * probe of titanic (a name column beside four others) several times slower (measured: 12 of 20
 * noise columns dropped in the step's time).
 */
export const PROBE_TEXT_BUCKETS = 32;

/**
 * The probe: a small GBDT. Trees rank features the way the strongest learners here use them,
 * handle categories and missing values natively, and 60 rounds of 15 leaves fit a 10,000-row fold
 * in a few tens of milliseconds.
 */
export const PROBE_LEARNER = 'gbdt';
export const PROBE_PARAMS: Params = { numIterations: 60, learningRate: 0.1, numLeaves: 15, minDataInLeaf: 10, maxBin: 63 };

/**
 * The probe's parameters: PROBE_PARAMS, with fewer rounds for many classes (a multiclass GBDT
 * grows a tree per class and round, so 26 classes would cost 26 binary probes) and fewer bins on
 * small data.
 */
export function probeParams(data: RunData): Params {
  const classes = data.y.kind === 'classification' ? data.y.classes.length : 1;
  // On small data every tree scans more histogram bins than rows: a bin per 8 rows (at least 15)
  // is all 10-row leaves can tell apart, and made wine's 30-fold probe about 3 times faster.
  const maxBin = Math.min(PROBE_PARAMS.maxBin as number, Math.max(15, Math.floor(data.rows.length / 8)));
  const rounds = PROBE_PARAMS.numIterations as number;
  return { ...PROBE_PARAMS, maxBin, numIterations: classes <= 3 ? rounds : Math.max(15, Math.round(rounds * (3 / classes))) };
}

/** One probed fold: the model, its preprocessing and its test rows (positions into the probe's rows). */
export interface ProbeFold {
  readonly test: Uint32Array;
  readonly plan: FeaturePlan;
  readonly model: FittedModel;
  readonly score: number;
  readonly truth: Truth;
}

export interface ProbeResult {
  /** Mean of the fold scores (as the leaderboard scores trials). */
  readonly score: number;
  readonly foldScores: readonly number[];
  readonly folds: readonly ProbeFold[];
}

/**
 * The run's data cut down for probing: at most `maxRows` rows (seeded sample) and the first
 * `maxFolds` folds, with positions renumbered into the sample. A run validated on one random
 * holdout split (big data, short budgets) is probed on PROBE_MAX_FOLDS folds of the sample
 * instead: one split gives no fold-to-fold spread, and a gate on it kept pair features for a
 * 15-round probe on letter that cost the tuned models more than they gave.
 */
export function probeData(
  data: RunData,
  seed: number,
  maxRows = PROBE_MAX_ROWS,
  maxFolds = data.rows.length <= SMALL_DATA_ROWS ? SMALL_DATA_MAX_FOLDS : PROBE_MAX_FOLDS,
  validation?: ValidationPlan,
): RunData {
  const sampled = { ...sampleForProbe(data, seed, maxRows, maxFolds), textBuckets: PROBE_TEXT_BUCKETS };
  if (validation?.kind !== 'holdout') return sampled;
  const codes = sampled.y.kind === 'classification' ? sampled.y.codes : undefined;
  const folds = makeFolds({ kind: 'kfold', folds: PROBE_MAX_FOLDS, repeats: 1, stratified: validation.stratified && codes !== undefined }, { rows: sampled.rows.length, codes }, new Rng(seed));
  return { ...sampled, folds };
}

function sampleForProbe(data: RunData, seed: number, maxRows: number, maxFolds: number): RunData {
  const n = data.rows.length;
  const folds = data.folds.slice(0, maxFolds);
  if (n <= maxRows) return { ...data, folds };
  const keep = sampleRows(n, maxRows, seed);
  const index = new Int32Array(n).fill(-1);
  keep.forEach((p, i) => (index[p] = i));
  const remap = (positions: Uint32Array): Uint32Array => {
    const out: number[] = [];
    for (const p of positions) if (index[p] >= 0) out.push(index[p]);
    return Uint32Array.from(out);
  };
  const y = subsetTarget(data.y, keep);
  return {
    ...data,
    rows: Uint32Array.from(keep, (p) => data.rows[p]),
    y,
    truth: subsetTruth(data.truth, keep),
    folds: folds.map((f): Fold => ({ train: remap(f.train), test: remap(f.test) })).filter((f) => f.train.length > 0 && f.test.length > 0),
  };
}

/** The same data with other columns (noise columns) added to the frame. */
export function withColumns(data: RunData, extra: Frame['columns']): RunData {
  return { ...data, frame: { rowCount: data.frame.rowCount, columns: [...data.frame.columns, ...extra] } };
}

/**
 * Validates the probe model (or `learner` with `params`) on `data`'s folds, with `data.drop` left
 * out. Seeds depend on the fold only, so two probes of different feature sets are paired.
 */
export function probe(
  data: RunData,
  metric: Metric,
  options: { readonly seed: number; readonly signal?: AbortSignalLike; readonly learner?: string; readonly params?: Params },
): ProbeResult {
  const learner = getLearner(options.learner ?? PROBE_LEARNER);
  const params = options.params ?? (options.learner === undefined ? probeParams(data) : {});
  const mode = planModeFor(learner);
  const folds: ProbeFold[] = [];
  data.folds.forEach((fold, f) => {
    if (options.signal?.aborted) throw new CancelledError('the feature probe was stopped');
    const prepared = prepareFold(data, mode, fold.train, fold.test);
    const model = learner.fit(prepared.xTrain, prepared.yTrain, params, { rng: new Rng((options.seed + f * 7_919) >>> 0), signal: options.signal });
    const score = metric.score(prepared.truthTest, predictionOf(model, prepared.xTest));
    folds.push({ test: fold.test, plan: prepared.plan, model, score, truth: prepared.truthTest });
  });
  const foldScores = folds.map((f) => f.score);
  return { score: foldScores.reduce((s, v) => s + v, 0) / Math.max(1, foldScores.length), foldScores, folds };
}

/**
 * Whether `candidate` validates at least as well as `baseline` on average over their paired
 * folds: the gate of feature selection, whose candidates ranked below random noise already (so
 * fewer columns at an equal score are preferred: a simpler model, faster trials). Measured: asked
 * to gain a standard error, selection kept all 20 noise columns on pima and breast cancer, where
 * noise barely moves a tree probe's score.
 */
export function validatesAsWell(candidate: ProbeResult, baseline: ProbeResult, higherIsBetter: boolean): boolean {
  const k = Math.min(candidate.foldScores.length, baseline.foldScores.length);
  if (k === 0) return false;
  let sum = 0;
  for (let f = 0; f < k; f++) sum += (higherIsBetter ? 1 : -1) * (candidate.foldScores[f] - baseline.foldScores[f]);
  return sum >= 0;
}

/**
 * Whether `candidate` validates no worse than `baseline` beyond fold-to-fold noise: the mean of
 * the paired fold differences is above minus one standard error of it. Selection's linear view
 * vetoes a cut with it: asked to validate as well, a second model turned two coin flips into one
 * gate (measured on spam + 20 noise columns: the tree probe was equal without the noise, the
 * logistic model a hair worse, and every noise column stayed), while a real column a linear model
 * needs costs far more than that (wine: log loss 0.06 to 0.96).
 */
export function validatesNoWorse(candidate: ProbeResult, baseline: ProbeResult, higherIsBetter: boolean): boolean {
  const k = Math.min(candidate.foldScores.length, baseline.foldScores.length);
  if (k === 0) return false;
  const sign = higherIsBetter ? 1 : -1;
  const diffs = Array.from({ length: k }, (_, f) => sign * (candidate.foldScores[f] - baseline.foldScores[f]));
  const mean = diffs.reduce((s, d) => s + d, 0) / k;
  if (mean >= 0) return true;
  if (k < 2) return false;
  const variance = diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (k - 1);
  return mean >= -Math.sqrt(variance / k);
}

/** What a fitted model predicts for a feature matrix, as metrics take it. */
export function predictionOf(model: FittedModel, x: ReturnType<typeof applyFeaturePlan>): Prediction {
  if (model.task === 'regression') return { kind: 'regression', values: model.predict(x) };
  const proba = model.predictProba?.(x);
  if (!proba) throw new TypeError(`learner '${model.learner}' gives no probabilities`);
  return { kind: 'classification', proba };
}

/** Standard error of a probe's mean score (fold scores' std / sqrt(folds)); 0 with one fold. */
export function standardError(result: ProbeResult): number {
  const k = result.foldScores.length;
  if (k < 2) return 0;
  const variance = result.foldScores.reduce((s, v) => s + (v - result.score) ** 2, 0) / (k - 1);
  return Math.sqrt(variance / k);
}

/** How many standard errors of the fold-by-fold differences a change must gain to be kept. */
export const GATE_STANDARD_ERRORS = 1;
/**
 * The same for features chosen by a screen (the best few of dozens of candidates, scored on the
 * same rows): choosing the best inflates their gain, so they must clear a higher bar (measured:
 * with one standard error, pima's 614 rows kept five pair features and lost 0.015 of holdout AUC).
 */
export const SCREENED_GATE_STANDARD_ERRORS = 2;
/** With fewer folds than this there is no spread to measure: a relative gain of GATE_MIN_GAIN is asked. */
const GATE_MIN_FOLDS = 3;
const GATE_MIN_GAIN = 0.002;

/**
 * Whether `candidate` validates better than `baseline` by more than fold-to-fold noise: the two
 * probes share their folds and seeds, so the per-fold differences are paired, and their mean must
 * exceed `standardErrors` of its standard error. Every gate in the feature step asks this, so
 * a change kept on many small, noisy comparisons is rare (the bench showed plain "better on
 * average" keeping changes that cost holdout score on small data).
 */
export function validatesBetter(candidate: ProbeResult, baseline: ProbeResult, higherIsBetter: boolean, standardErrors = GATE_STANDARD_ERRORS): boolean {
  const k = Math.min(candidate.foldScores.length, baseline.foldScores.length);
  if (k === 0) return false;
  const sign = higherIsBetter ? 1 : -1;
  const diffs = Array.from({ length: k }, (_, f) => sign * (candidate.foldScores[f] - baseline.foldScores[f]));
  const mean = diffs.reduce((s, d) => s + d, 0) / k;
  if (!(mean > 0)) return false;
  if (k < GATE_MIN_FOLDS) return mean > GATE_MIN_GAIN * Math.abs(baseline.score);
  const variance = diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (k - 1);
  return mean > standardErrors * Math.sqrt(variance / k);
}
