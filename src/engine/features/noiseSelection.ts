/**
 * Feature selection against random noise: two columns of pure noise (uniform and normal) join the
 * data, the probe model is validated on the run's folds, and each column's permutation importance
 * is measured on every fold's held-out rows. A column that ranks below the better noise column in
 * at least half of the folds tells the model less than chance does; those are dropped in rounds of
 * at most 5% of the columns (least important first), re-measuring after each round, until no
 * column ranks below the noise or the score has not come back to its best for `PATIENCE` rounds.
 * The reduced set is then validated without the noise columns and kept when cross-validation is
 * at least as good as with every column, on average over the paired folds (`validatesAsWell`).
 *
 * Small rounds matter: once the worst columns are gone the others' importances change (a column
 * that only looked useless beside a correlated twin), so they are re-ranked before the next cut.
 */
import { PLAIN_NUMBER_FORMAT, selectRows, type Column, type Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { permutationImportance } from '../explain/permutationImportance';
import { applyFeaturePlan, planSources } from '../prep/featurePlan';
import { Rng } from '../random';
import { subsetTruth } from '../validate/subsets';
import type { Metric } from '../validate/types';
import type { RunData } from '../automl/foldData';
import { predictionOf, probe, standardError, validatesAsWell, withColumns, type ProbeResult } from './probe';
import type { FeatureGate } from './types';

/** Names of the noise columns (chosen not to collide with real data). */
export const NOISE_COLUMNS = ['(noise uniform)', '(noise normal)'] as const;
/** Most of the columns dropped in one round. */
const ROUND_SHARE = 0.05;
/** Rounds without coming back to the best score before the search stops. */
const PATIENCE = 3;

/** Permutations per column and fold (more on small column counts, where they are cheap). */
const repeatsFor = (columns: number): number => (columns <= 40 ? 3 : 1);

export interface SelectionOptions {
  readonly seed: number;
  /** `performance.now()` time by which selection must end (what is done by then is used). */
  readonly deadline: number;
  readonly signal?: AbortSignalLike;
  /** The probe of `data` as it is, when the caller has it already (same seed). */
  readonly baseline?: ProbeResult;
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
    const measured = permutationImportance({
      frame,
      columns: columns.filter((c) => used.has(c)),
      truth: subsetTruth(data.truth, fold.test),
      metric,
      predict: (f) => predictionOf(fold.model, applyFeaturePlan(fold.plan, f)),
      repeats: repeatsFor(columns.length),
      rng,
      signal,
    });
    // A column the fold's plan left out (constant on its training rows) is worth nothing there.
    const byColumn = new Map(columns.map((c) => [c, 0]));
    for (const c of measured.columns) byColumn.set(c.column, c.mean);
    return byColumn;
  });
}

/**
 * Runs noise-based selection on `data` (probe rows and folds; see `probeData`). `data.drop`
 * already holds the columns dropped for other reasons.
 */
export function selectFeatures(data: RunData, metric: Metric, options: SelectionOptions): SelectionResult {
  const notes: string[] = [];
  const rng = new Rng((options.seed ^ 0x6a09e667) >>> 0);
  const timeUp = (): boolean => performance.now() > options.deadline;
  const noisy = withColumns(data, [
    noiseColumn(NOISE_COLUMNS[0], data.frame.rowCount, rng, 'uniform'),
    noiseColumn(NOISE_COLUMNS[1], data.frame.rowCount, rng, 'normal'),
  ]);
  const probeOptions = { seed: options.seed, signal: options.signal };
  const baseline = options.baseline ?? probe(data, metric, probeOptions);
  const all = [...new Set(baseline.folds.flatMap((f) => planSources(f.plan)))];
  if (all.length < 2) return { dropped: [], candidates: [], rounds: 0, ranking: all, notes: ['selection skipped: fewer than 2 usable columns'] };
  let ranking: string[] = all;
  const dropped: SelectedOut[] = [];
  let best = { score: -Infinity, dropped: 0 };
  let stale = 0;
  let rounds = 0;
  const drop = (): RunData => ({ ...noisy, drop: [...data.drop, ...dropped] });
  while (true) {
    if (options.signal?.aborted) throw new CancelledError('feature selection was stopped');
    if (timeUp()) {
      notes.push(`selection stopped after ${rounds} round(s): its share of the budget was spent`);
      break;
    }
    const current = drop();
    const result = probe(current, metric, probeOptions);
    rounds++;
    const score = metric.higherIsBetter ? result.score : -result.score;
    // Within half a standard error of the best counts as holding it: fewer columns at the same
    // score are preferred, and a single fold's luck should not end the search.
    if (score >= best.score - 0.5 * standardError(result)) {
      best = { score: Math.max(score, best.score), dropped: dropped.length };
      stale = 0;
    } else if (++stale >= PATIENCE) {
      notes.push(`selection stopped after ${rounds} rounds: the score had not come back to its best for ${PATIENCE} rounds`);
      break;
    }
    const remaining = all.filter((c) => !dropped.some((d) => d.column === c));
    const importances = foldImportances(current, result, [...remaining, ...NOISE_COLUMNS], metric, rng, options.signal);
    const measured = remaining
      .map((column) => {
        let under = 0;
        let sum = 0;
        for (const fold of importances) {
          const noise = Math.max(...NOISE_COLUMNS.map((n) => fold.get(n) ?? 0));
          const value = fold.get(column) ?? 0;
          if (value <= noise) under++;
          sum += value;
        }
        return { column, under, mean: sum / importances.length };
      })
      .sort((a, b) => a.mean - b.mean);
    ranking = [...measured].reverse().map((c) => c.column);
    const below = measured.filter((c) => 2 * c.under >= importances.length);
    if (below.length === 0 || remaining.length - 1 < 1) {
      notes.push(`selection ended after ${rounds} round(s): no remaining column ranks below the noise`);
      break;
    }
    const cut = Math.max(1, Math.floor(ROUND_SHARE * all.length));
    for (const c of below.slice(0, Math.min(cut, remaining.length - 1))) {
      dropped.push({ column: c.column, reason: `ranked below random noise in ${c.under} of ${importances.length} folds (permutation importance ${c.mean.toPrecision(2)})` });
    }
  }
  const candidates = dropped.slice(0, best.dropped);
  if (candidates.length === 0) return { dropped: [], candidates, rounds, ranking, notes };
  if (options.signal?.aborted) throw new CancelledError('feature selection was stopped');
  const reduced = probe({ ...data, drop: [...data.drop, ...candidates] }, metric, probeOptions);
  const kept = validatesAsWell(reduced, baseline, metric.higherIsBetter);
  const gate: FeatureGate = {
    step: 'selection',
    baseline: baseline.score,
    candidate: reduced.score,
    kept,
    sentence: kept
      ? `Dropping ${candidates.length} column(s) that ranked below random noise kept the cross-validated ${metric.label} as good or better: ${baseline.score.toFixed(4)} with them, ${reduced.score.toFixed(4)} without.`
      : `${candidates.length} column(s) ranked below random noise, but the cross-validated ${metric.label} was worse without them (${baseline.score.toFixed(4)} with them, ${reduced.score.toFixed(4)} without): all kept.`,
  };
  return { dropped: kept ? candidates : [], candidates, gate, rounds, ranking, notes };
}
