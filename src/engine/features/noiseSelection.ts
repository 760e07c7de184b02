/**
 * Feature selection against random noise: two columns of pure noise (uniform and normal, drawn
 * afresh each round) join the data, the probe model is validated on the run's folds, and each column's permutation importance
 * is measured on every fold's held-out rows. A column that ranks below the better noise column in
 * at least half of the folds tells the model less than chance does; those are dropped in rounds of
 * at most 5% of the columns (least important first), re-measuring after each round, until no
 * column ranks below the noise in `QUIET_ROUNDS` rounds running or the score has not come back to
 * its best for `PATIENCE` rounds.
 * The reduced set is then validated without the noise columns and kept when cross-validation is
 * at least as good as with every column, on average over the paired folds (`validatesAsWell`);
 * when the run has a linear learner, as good for one of the two models (tree probe, linear) and
 * no worse beyond fold-to-fold noise for the other (`validatesNoWorse`). When it is not, the
 * columns dropped last are given back (the set halved, at most twice) and the gate asked again.
 *
 * The rounds rank on a cheaper probe (a row sample, half the boosting rounds) than the gate's, with
 * smaller trees, then fewer rows, then fewer folds when the rounds left would not fit in the time left.
 *
 * Small rounds matter: once the worst columns are gone the others' importances change (a column
 * that only looked useless beside a correlated twin), so they are re-ranked before the next cut.
 */
import { PLAIN_NUMBER_FORMAT, selectRows, type Column, type Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { planPermutationImportance } from '../explain/featurePermutation';
import { permutationImportance } from '../explain/permutationImportance';
import { applyFeaturePlan, planSources } from '../prep/featurePlan';
import { Rng } from '../random';
import { subsetTruth } from '../validate/subsets';
import type { Metric } from '../validate/types';
import type { RunData } from '../automl/foldData';
import type { Params } from '../search/domain';
import { predictionOf, probe, probeData, probeParams, standardError, validatesAsWell, validatesNoWorse, withColumns, type ProbeResult } from './probe';
import type { FeatureGate } from './types';

/** Names of the noise columns (chosen not to collide with real data). */
export const NOISE_COLUMNS = ['(noise uniform)', '(noise normal)'] as const;
/** Most of the columns dropped in one round. */
const ROUND_SHARE = 0.05;
/**
 * Rounds without coming back to the best score before the search stops. The ranking probe's score
 * moves by about a standard error from round to round on small data: measured on titanic + 20
 * noise columns (5 folds of about 210 rows), a patience of 3 stopped split 3 with 14 noise columns
 * left; with 6 it dropped 19, and no real column on titanic, iris, wine or concrete.
 */
const PATIENCE = 6;
/**
 * Rounds running in which no column ranks below the noise before the search ends. One draw of the
 * two noise columns can rank low in most folds by chance, and every column then beats it: on
 * titanic + 20 noise columns, splits 2 and 4 ended that way with 9 and 11 noise columns left; asked
 * to hold for a second round (fresh noise), 18 and 19 were dropped.
 */
const QUIET_ROUNDS = 2;

/**
 * Permutations per column and fold: two on up to 40 columns over fewer than 10 folds, else one
 * (ten folds of small data already give each column ten measurements a round).
 */
const repeatsFor = (columns: number, folds: number): number => (columns <= 40 && folds < 10 ? 2 : 1);

/**
 * Ranking rounds run on a cheaper probe than the gate: at most RANK_MAX_ROWS rows and half the
 * boosting rounds (at twice the learning rate), on the probe's folds (ten on small data, where a
 * fold's test set is a few dozen rows: with five, 4 of 20 noise columns on concrete ranked above
 * the noise in 3 of 5 folds by chance; with ten, 1). A round only has to sort the columns against
 * the noise, and 20 noise columns among 8 take 20 rounds of one column each: measured, full probes
 * (60 rounds, three permutations) got through 13 of them on pima before the step's time was up;
 * the gate still compares full probes.
 */
const RANK_MAX_ROWS = 3_000;
const RANK_MAX_FOLDS = 10;
/**
 * When the rounds still needed would not fit in the time left, the ranking probe's trees get
 * smaller first (7 leaves on at most 15 bins), before its rows do: a tree's fixed cost (histograms
 * and split search over bins × columns) is what a round on a small sample pays for, a tree per
 * class and round. Measured on letter + 20 noise columns (26 classes, 60 s runs, 5 splits): rounds
 * on 1,000 rows took 0.8-1.0 s with 15 leaves on 63 bins and 0.5 s with these, and the step
 * dropped 8-13 of the noise columns instead of 0-9. Not from the start: they rank less sharply
 * (concrete + 20 noise columns, whose rounds are cheap, kept 1-2 of them with small trees
 * throughout, and its holdout RMSE was 8% worse than on the clean data; 0 with full ones).
 */
const SMALL_RANK_LEAVES = 7;
const SMALL_RANK_MAX_BIN = 15;
/**
 * Hashed TF-IDF buckets per free-text column in the ranking rounds (the gate's probes keep
 * PROBE_TEXT_BUCKETS): enough to tell whether a column's words matter. Measured on titanic + 20
 * noise columns (a name column beside three others): rounds of 370 ms with 32 buckets, 250 ms with 8.
 */
const RANK_TEXT_BUCKETS = 8;
const rankParams = (data: RunData, smallTrees: boolean): Params => {
  const params = probeParams(data);
  const rank = { ...params, numIterations: Math.max(10, Math.round((params.numIterations as number) / 2)), learningRate: 2 * (params.learningRate as number) };
  return smallTrees ? { ...rank, numLeaves: SMALL_RANK_LEAVES, maxBin: Math.min(SMALL_RANK_MAX_BIN, params.maxBin as number) } : rank;
};

/**
 * When the rounds still needed (the columns below the noise, a round's cut at a time) would not
 * fit in the time left, later rounds rank on fewer rows, down to RANK_MIN_ROWS: many short
 * rounds drop more noise than a few careful ones, and the gate still compares full probes
 * (measured on letter + 20 noise columns: a round of its 26 classes cost 1.8 s on 3,000 rows, and
 * a 180 s run dropped 7 noise columns; ranking on 1,000 rows from round 3, it dropped 13).
 */
const RANK_MIN_ROWS = 1_000;

/**
 * The rows later rounds should rank on, or undefined to go on as they are: when `roundsLeft`
 * rounds of `roundMs` would not fit in `msLeft`, the sample shrinks in proportion (to no less than
 * a quarter of it at once, nor below RANK_MIN_ROWS).
 */
export function fewerRankRows(rows: number, roundsLeft: number, roundMs: number, msLeft: number): number | undefined {
  if (roundsLeft <= 0 || rows <= RANK_MIN_ROWS) return undefined;
  const share = msLeft / (roundsLeft * roundMs);
  return share < 1 ? Math.max(RANK_MIN_ROWS, Math.floor(rows * Math.max(0.25, share))) : undefined;
}

/**
 * Fewest folds the ranking rounds fall back to (`fewerRankFolds`), after smaller trees and fewer
 * rows. Measured on letter + 20 noise columns (60 s runs): on 1,000 rows a round of its 26 classes
 * still took 1.2-1.3 s and the step dropped 10-11 noise columns; from 5 folds to 3, rounds took
 * 0.6 s and it dropped 17-18.
 */
const RANK_MIN_FOLDS = 3;

/**
 * The folds later rounds should rank on, or undefined to go on as they are: once the rows are as
 * few as they go (`fewerRankRows`) and `roundsLeft` rounds of `roundMs` would still not fit in
 * `msLeft`, RANK_MIN_FOLDS of them (a round costs a fit per fold).
 */
export function fewerRankFolds(folds: number, roundsLeft: number, roundMs: number, msLeft: number): number | undefined {
  return folds > RANK_MIN_FOLDS && roundsLeft > 0 && roundsLeft * roundMs > msLeft ? RANK_MIN_FOLDS : undefined;
}

export interface SelectionOptions {
  readonly seed: number;
  /** `performance.now()` time by which selection must end (what is done by then is used). */
  readonly deadline: number;
  /**
   * A later time selection may run to while its rounds are still finding columns below the
   * noise (default: `deadline`). Measured on 60 s runs with 20 noise columns: letter, seattle
   * and diamonds still had most of theirs below the noise when the step's share was spent.
   */
  readonly productiveDeadline?: number;
  readonly signal?: AbortSignalLike;
  /** The probe of `data` as it is, when the caller has it already (same seed). */
  readonly baseline?: ProbeResult;
  /** How long `baseline` took, when the caller measured it. */
  readonly baselineMs?: number;
  /**
   * A linear learner of the run ('logistic' or 'linear'), when it has one: the reduced set must
   * then validate no worse for it beyond fold-to-fold noise. A tree ignores a column its correlated twin already
   * explains, so the tree probe ranks it below noise, while a linear model may need both
   * (measured on wine, 142 rows: the tree probe alone dropped 6 of 13 columns and the holdout log
   * loss went from 0.06 to 0.96).
   */
  readonly linearLearner?: string;
}

/** A column selection dropped, with its evidence. */
export interface SelectedOut {
  readonly column: string;
  readonly reason: string;
}

export interface SelectionResult {
  /** Columns to drop (empty when the reduced set did not validate better). */
  readonly dropped: readonly SelectedOut[];
  /** Columns that ranked below noise in the rounds run, whether or not the cut was kept. */
  readonly candidates: readonly SelectedOut[];
  readonly gate?: FeatureGate;
  readonly rounds: number;
  /** Columns by their last measured importance, most important first (for feature engineering). */
  readonly ranking: readonly string[];
  /**
   * Columns left in the data that ranked below the noise (in the last round, or cut in a round
   * and then kept by the gate): feature engineering builds nothing on them. Measured on titanic +
   * 20 noise columns: with 7 of them left when the step's time ran out, pair features of two
   * noise columns passed the engineering gate by luck, twice in three runs.
   */
  readonly noiseLike: readonly string[];
  readonly notes: readonly string[];
}

/** A column of seeded noise over every frame row. */
function noiseColumn(name: string, rows: number, rng: Rng, kind: 'uniform' | 'normal'): Column {
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) values[i] = kind === 'uniform' ? rng.next() : rng.normal();
  return { storage: 'numeric', type: 'float', name, values, format: PLAIN_NUMBER_FORMAT };
}

/** Per fold, each column's mean permutation importance on the fold's held-out rows. */
function foldImportances(data: RunData, result: ProbeResult, columns: readonly string[], metric: Metric, rng: Rng, signal?: AbortSignalLike): Map<string, number>[] {
  return result.folds.map((fold) => {
    const frame: Frame = selectRows(data.frame, Uint32Array.from(fold.test, (p) => data.rows[p]));
    const used = new Set(planSources(fold.plan));
    const shared = { frame, columns: columns.filter((c) => used.has(c)), truth: subsetTruth(data.truth, fold.test), metric, repeats: repeatsFor(columns.length, result.folds.length), rng, signal };
    const measured =
      planPermutationImportance({ ...shared, plan: fold.plan, model: fold.model, predict: (x) => predictionOf(fold.model, x) }) ??
      permutationImportance({ ...shared, predict: (f) => predictionOf(fold.model, applyFeaturePlan(fold.plan, f)) });
    // A column the fold's plan left out (constant on its training rows) is worth nothing there.
    const byColumn = new Map(columns.map((c) => [c, 0]));
    for (const c of measured.columns) byColumn.set(c.column, c.mean);
    return byColumn;
  });
}

/** Most shorter prefixes of the candidates the gate tries after the whole set fails it. */
const BACK_OFFS = 2;

/**
 * Runs noise-based selection on `data` (probe rows and folds; see `probeData`). `data.drop`
 * already holds the columns dropped for other reasons.
 */
export function selectFeatures(data: RunData, metric: Metric, options: SelectionOptions): SelectionResult {
  const notes: string[] = [];
  const rng = new Rng((options.seed ^ 0x6a09e667) >>> 0);
  const rankSeed = (options.seed ^ 0x510e527f) >>> 0;
  const rankData = (rows: number, folds = RANK_MAX_FOLDS): RunData => ({ ...probeData(data, rankSeed, rows, folds), textBuckets: RANK_TEXT_BUCKETS });
  let ranked = rankData(RANK_MAX_ROWS);
  // Fresh noise every round: with one draw, the noise columns' importances on the same folds
  // repeat from round to round, and a draw that happened to rank low (both noise columns below
  // zero in 4 of 5 folds) ended the search on letter + 20 noise columns after 3 of them.
  const noisy = (): RunData =>
    withColumns(ranked, [noiseColumn(NOISE_COLUMNS[0], data.frame.rowCount, rng, 'uniform'), noiseColumn(NOISE_COLUMNS[1], data.frame.rowCount, rng, 'normal')]);
  const probeOptions = { seed: options.seed, signal: options.signal };
  let smallTrees = false;
  let rankOptions = { ...probeOptions, params: rankParams(data, smallTrees) };
  let started = performance.now();
  const baseline = options.baseline ?? probe(data, metric, probeOptions);
  const all = [...new Set(baseline.folds.flatMap((f) => planSources(f.plan)))];
  if (all.length < 2) return { dropped: [], candidates: [], rounds: 0, ranking: all, noiseLike: [], notes: ['selection skipped: fewer than 2 usable columns'] };
  // The gate's probes come after the rounds: their time is kept back from the rounds' deadline.
  let gateMs = options.baselineMs ?? performance.now() - started;
  const linearOptions = options.linearLearner === undefined ? undefined : { ...probeOptions, learner: options.linearLearner };
  let linearBaseline: ProbeResult | undefined;
  if (linearOptions) {
    started = performance.now();
    linearBaseline = probe(data, metric, linearOptions);
    gateMs += performance.now() - started;
  }
  // While the rounds are still finding columns below the noise (the last one cut some), they may
  // go on to the later deadline. Measured on titanic + 20 noise columns (60 s runs): extended only
  // while a round left more than one cut below the noise, the rounds, which found one column a
  // round towards the end, fell back to the step's share and stopped with 2-6 noise columns left.
  let productive = false;
  const end = (): number => (productive ? Math.max(options.deadline, options.productiveDeadline ?? options.deadline) : options.deadline);
  const roundsDeadline = (): number => end() - gateMs;
  let extended = false;
  const timeUp = (): boolean => {
    const now = performance.now();
    if (now <= options.deadline - gateMs) return false;
    if (now > roundsDeadline()) return true;
    if (!extended) notes.push('selection went on past its share of the budget: columns still ranked below the noise');
    extended = true;
    return false;
  };
  let ranking: string[] = all;
  const dropped: SelectedOut[] = [];
  let best = { score: -Infinity, dropped: 0 };
  let stale = 0;
  let quiet = 0;
  let rounds = 0;
  let shrinkNote = -1;
  let lastBelow: string[] = [];
  const drop = (): RunData => ({ ...noisy(), drop: [...data.drop, ...dropped] });
  while (true) {
    if (options.signal?.aborted) throw new CancelledError('feature selection was stopped');
    if (timeUp()) {
      notes.push(`selection stopped after ${rounds} round(s): its share of the budget was spent`);
      break;
    }
    const current = drop();
    const roundStarted = performance.now();
    const result = probe(current, metric, rankOptions);
    rounds++;
    const score = metric.higherIsBetter ? result.score : -result.score;
    // Within a standard error of the best counts as holding it: fewer columns at the same score
    // are preferred, and one round's luck on the cheaper ranking probe should not end the search
    // (measured on titanic + 20 noise columns: with half a standard error the search stopped
    // with 5 noise columns left, with one it dropped 19, none of the real ones).
    if (score >= best.score - standardError(result)) {
      best = { score: Math.max(score, best.score), dropped: dropped.length };
      stale = 0;
    } else if (++stale >= PATIENCE) {
      notes.push(`selection stopped after ${rounds} rounds: the score had not come back to its best for ${PATIENCE} rounds`);
      break;
    }
    const remaining = all.filter((c) => !dropped.some((d) => d.column === c));
    const measuredColumns = [...remaining, ...NOISE_COLUMNS];
    const importances = foldImportances(current, result, measuredColumns, metric, rng, options.signal);
    // With a linear learner the rounds rank the columns for it too, on the same rows: a column a
    // tree ignores beside its correlated twin is not dropped while the linear model uses it.
    // Measured on wine + 20 noise columns: ranked by the tree alone, the 23 candidates included
    // real columns the logistic model needed, the gate refused every cut, and all 20 noise
    // columns stayed; diamonds and flights (ranked by the tree alone above 2,000 rows) were
    // refused by the linear gate the same way. A column's importance in a fold is then the larger
    // of the two models' (both in the metric's units), the noise columns' too: a column either
    // model uses is kept, and a noise column stays as likely as before to rank below the better
    // of the two noise columns.
    const linearImportances = linearOptions && foldImportances(current, probe(current, metric, linearOptions), measuredColumns, metric, rng, options.signal);
    const importanceOf = (f: number, column: string): number => Math.max(importances[f].get(column) ?? 0, linearImportances?.[f].get(column) ?? -Infinity);
    const measured = remaining
      .map((column) => {
        let under = 0;
        let sum = 0;
        for (let f = 0; f < importances.length; f++) {
          const value = importanceOf(f, column);
          if (value <= Math.max(...NOISE_COLUMNS.map((n) => importanceOf(f, n)))) under++;
          sum += value;
        }
        return { column, under, mean: sum / importances.length };
      })
      .sort((a, b) => a.mean - b.mean);
    ranking = [...measured].reverse().map((c) => c.column);
    const below = measured.filter((c) => 2 * c.under >= importances.length);
    lastBelow = below.map((c) => c.column);
    if (below.length === 0 && remaining.length > 1 && ++quiet < QUIET_ROUNDS) continue;
    if (below.length === 0 || remaining.length - 1 < 1) {
      notes.push(`selection ended after ${rounds} round(s): no remaining column ranks below the noise${quiet > 1 ? ` in ${quiet} rounds running` : ''}`);
      break;
    }
    quiet = 0;
    const cut = Math.max(1, Math.floor(ROUND_SHARE * all.length));
    for (const c of below.slice(0, Math.min(cut, remaining.length - 1))) {
      dropped.push({ column: c.column, reason: `ranked below random noise in ${c.under} of ${importances.length} folds (permutation importance ${c.mean.toPrecision(2)})` });
    }
    const roundsLeft = Math.ceil((below.length - cut) / cut);
    productive = true;
    const roundMs = performance.now() - roundStarted;
    const msLeft = roundsDeadline() - performance.now();
    if (!smallTrees && roundsLeft > 0 && roundsLeft * roundMs > msLeft) {
      smallTrees = true;
      rankOptions = { ...probeOptions, params: rankParams(data, smallTrees) };
      // As with fewer rows below: the scores are no longer comparable, the patience starts over.
      best = { score: -Infinity, dropped: dropped.length };
      stale = 0;
      notes.push(`selection ranked with smaller trees from round ${rounds + 1}: ${roundsLeft} more round(s) of ${(roundMs / 1000).toFixed(1)} s would not have fit in its time`);
      continue;
    }
    const rows = fewerRankRows(ranked.rows.length, roundsLeft, roundMs, msLeft);
    const folds = rows === undefined ? fewerRankFolds(ranked.folds.length, roundsLeft, roundMs, msLeft) : undefined;
    if (rows !== undefined || folds !== undefined) {
      ranked = rows !== undefined ? rankData(rows) : rankData(ranked.rows.length, folds);
      // Scores on fewer rows or folds are not comparable with the earlier ones: the patience
      // starts over from the columns dropped so far.
      best = { score: -Infinity, dropped: dropped.length };
      stale = 0;
      const why = `${roundsLeft} more round(s) of ${(roundMs / 1000).toFixed(1)} s would not have fit in its time`;
      if (folds !== undefined) notes.push(`selection ranked on ${folds} folds from round ${rounds + 1}: ${why}`);
      else {
        // One note, updated by later cuts.
        const note = `selection ranked on ${rows} rows from round ${rounds + 1}: ${why}`;
        if (shrinkNote < 0) shrinkNote = notes.push(note) - 1;
        else notes[shrinkNote] = note;
      }
    }
  }
  const candidates = dropped.slice(0, best.dropped);
  const noiseLike = (kept: readonly SelectedOut[]): string[] => [...new Set([...lastBelow, ...dropped.map((d) => d.column)])].filter((c) => !kept.some((d) => d.column === c));
  if (candidates.length === 0) return { dropped: [], candidates, rounds, ranking, noiseLike: noiseLike([]), notes };
  // The gate compares full probes. When the whole set fails it, the columns dropped last (the
  // least sure: they ranked below noise only once the others were gone, on the ranking sample)
  // are given back, halving the set at most BACK_OFFS times.
  let tried = candidates;
  let gate: FeatureGate | undefined;
  for (let backOff = 0; backOff <= BACK_OFFS && tried.length > 0; backOff++) {
    if (options.signal?.aborted) throw new CancelledError('feature selection was stopped');
    if (backOff > 0 && performance.now() + gateMs > end()) {
      notes.push('selection gave no columns back to try again: its share of the budget was spent');
      break;
    }
    const without: RunData = { ...data, drop: [...data.drop, ...tried] };
    const reduced = probe(without, metric, probeOptions);
    let kept = validatesAsWell(reduced, baseline, metric.higherIsBetter);
    let linearText = '';
    if (linearOptions && linearBaseline) {
      // Kept when the reduced set validates as well for one of the two models and no worse beyond
      // fold-to-fold noise for the other. On small data the tree probe alone is a coin flip: on
      // iris + 20 noise columns (120 rows) it refused to drop 17 of them, 0.1335 log loss with them
      // against 0.1465 without, and the run's logistic and kNN models kept the noise.
      const linearReduced = probe(without, metric, linearOptions);
      const higher = metric.higherIsBetter;
      kept =
        (kept && validatesNoWorse(linearReduced, linearBaseline, higher)) ||
        (validatesAsWell(linearReduced, linearBaseline, higher) && validatesNoWorse(reduced, baseline, higher));
      linearText = ` (a ${options.linearLearner} model: ${linearBaseline.score.toFixed(4)} with them, ${linearReduced.score.toFixed(4)} without)`;
    }
    const scores = `${baseline.score.toFixed(4)} with them, ${reduced.score.toFixed(4)} without${linearText}`;
    gate = {
      step: 'selection',
      baseline: baseline.score,
      candidate: reduced.score,
      kept,
      sentence: kept
        ? `Dropping ${tried.length} column(s) that ranked below random noise kept the cross-validated ${metric.label} as good or better${linearOptions ? ' for one model and within fold-to-fold noise for the other' : ''}: ${scores}.`
        : `${tried.length} column(s) ranked below random noise, but the cross-validated ${metric.label} was worse without them (${scores}): all kept.`,
    };
    if (kept) return { dropped: tried, candidates, gate, rounds, ranking, noiseLike: noiseLike(tried), notes };
    if (backOff < BACK_OFFS && tried.length > 1) notes.push(gate.sentence);
    tried = tried.slice(0, Math.floor(tried.length / 2));
  }
  return { dropped: [], candidates, gate, rounds, ranking, noiseLike: noiseLike([]), notes };
}
