/**
 * Whether the final model's quality and outputs hold still: the spread of its validation fold
 * scores (and of re-validations under other seeds when the run made them), whether predicting the
 * same rows twice gives the same bits, and whether a row predicted alone gets what it gets in a
 * batch (a pipeline whose preprocessing looked at the batch, or a backend that batches
 * differently, would fail that, and a service predicting one row at a time would disagree with
 * the run's figures).
 *
 * Grade: non-determinism or batch ≠ single → alert; fold scores (or seed scores) with a standard
 * deviation above 10% of |their mean| → warn; else ok. Standard deviations are population ones,
 * as the leaderboard's.
 */
import { selectRows, type Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { sampleRows } from '../profile/sampleRows';
import { rowFrame } from './frameViews';
import type { PredictFunction } from './predictFunction';
import type { RobustnessGrade, StabilitySection } from './types';
import { formatNumber, worstGrade } from './wording';

export interface StabilityInput {
  readonly predict: PredictFunction;
  readonly frame: Frame;
  /** Frame rows to sample from. */
  readonly rows: Uint32Array;
  readonly foldScores: readonly number[];
  readonly seedScores?: readonly number[];
  /** The metric's label, for the sentence. */
  readonly metricLabel: string;
  readonly seed: number;
  /** Rows predicted twice for determinism (default 200) and one at a time (default 50). */
  readonly determinismRows?: number;
  readonly singleRows?: number;
  readonly signal?: AbortSignalLike;
}

/** Relative tolerance of batch against single-row outputs (summation order may differ in the last bits). */
const BATCH_TOLERANCE = 1e-12;
const SPREAD_WARN = 0.1;

/** Mean and population standard deviation of the finite values. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { mean: NaN, std: NaN };
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  return { mean, std: Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / finite.length) };
}

/** The outputs of a prediction as arrays (probabilities for classification, values otherwise). */
function outputsOf(p: ReturnType<PredictFunction>): readonly Float64Array[] {
  return p.proba ?? [p.values];
}

/** Whether two predictions are identical bit for bit (NaN equal to NaN). */
function identical(a: ReturnType<PredictFunction>, b: ReturnType<PredictFunction>): boolean {
  const x = [a.values, ...outputsOf(a)];
  const y = [b.values, ...outputsOf(b)];
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) {
    if (x[k].length !== y[k].length) return false;
    for (let i = 0; i < x[k].length; i++) if (!Object.is(x[k][i], y[k][i])) return false;
  }
  return true;
}

/** Stability of the final model; see the file comment. */
export function stability(input: StabilityInput): StabilitySection {
  const { predict, frame } = input;
  const check = (): void => {
    if (input.signal?.aborted) throw new CancelledError('the robustness checks were stopped');
  };
  const sample = sampleRows(input.rows.length, input.determinismRows ?? 200, (input.seed ^ 0x3c6ef372) >>> 0);
  const batch = selectRows(frame, Uint32Array.from(sample, (p) => input.rows[p]));
  check();
  const first = predict(batch);
  check();
  const deterministic = identical(first, predict(batch));

  // Single rows: the first `singleRows` of the same sample, each as a one-row view.
  const singles = Math.min(batch.rowCount, input.singleRows ?? 50);
  const batchOutputs = outputsOf(first);
  let maxDifference = 0;
  let batchEqualsSingle = true;
  for (let r = 0; r < singles; r++) {
    check();
    const one = outputsOf(predict(rowFrame(batch, r)));
    for (let k = 0; k < batchOutputs.length; k++) {
      const a = batchOutputs[k][r];
      const b = one[k]?.[0];
      const difference = Math.abs(a - b);
      if (Number.isNaN(a) && Number.isNaN(b)) continue;
      if (!(difference <= BATCH_TOLERANCE * Math.max(1, Math.abs(a)))) batchEqualsSingle = false;
      maxDifference = Number.isNaN(difference) ? Infinity : Math.max(maxDifference, difference);
    }
  }

  const folds = meanStd(input.foldScores);
  const seeds = input.seedScores && input.seedScores.length > 1 ? meanStd(input.seedScores) : undefined;
  const spreadOf = (s: { mean: number; std: number }): number => s.std / Math.abs(s.mean);
  const grades: RobustnessGrade[] = [];
  if (!deterministic || !batchEqualsSingle) grades.push('alert');
  if (spreadOf(folds) > SPREAD_WARN || (seeds && spreadOf(seeds) > SPREAD_WARN)) grades.push('warn');
  const grade = worstGrade(grades);
  return {
    foldScores: [...input.foldScores],
    foldMean: folds.mean,
    foldStd: folds.std,
    ...(seeds ? { seedScores: [...(input.seedScores as number[])], seedStd: seeds.std } : {}),
    deterministic,
    batchEqualsSingle,
    // JSON has no Infinity: a NaN output on one side only is the largest difference there is.
    maxBatchDifference: Number.isFinite(maxDifference) ? maxDifference : Number.MAX_VALUE,
    grade,
    sentence: sentence(input.metricLabel, folds, seeds, deterministic, batchEqualsSingle, maxDifference, input.foldScores.length),
  };
}

function sentence(
  label: string,
  folds: { mean: number; std: number },
  seeds: { mean: number; std: number } | undefined,
  deterministic: boolean,
  batchEqualsSingle: boolean,
  maxDifference: number,
  foldCount: number,
): string {
  const problems: string[] = [];
  if (!deterministic) problems.push('predicting the same rows twice gives different outputs');
  if (!batchEqualsSingle) problems.push(`rows predicted one at a time differ from the same rows in a batch (by up to ${formatNumber(maxDifference)})`);
  const spread =
    foldCount > 1 && Number.isFinite(folds.std)
      ? `${label} is ${formatNumber(folds.mean)} ± ${formatNumber(folds.std)} across ${foldCount} folds` +
        (seeds ? ` and ± ${formatNumber(seeds.std)} across seeds` : '')
      : undefined;
  if (problems.length > 0) return `${problems.join('; and ')}${spread ? ` (${spread})` : ''}.`.replace(/^./, (c) => c.toUpperCase());
  const steady = (s: { mean: number; std: number }): boolean => !(s.std / Math.abs(s.mean) > SPREAD_WARN);
  if (spread && (!steady(folds) || (seeds && !steady(seeds)))) return `The score varies a lot: ${spread}; outputs are deterministic and the same row by row as in batches.`;
  return `${spread ? `${spread.replace(/^./, (c) => c.toUpperCase())}; o` : 'O'}utputs are deterministic and the same row by row as in batches.`;
}
