/**
 * The spread of a holdout run's score. k-fold runs know how much their metric moves from one
 * sample of rows to another: the standard deviation of the fold scores, which the performance
 * rule allows 3 of (or a 5% drop, whichever is nearer the score). A holdout run has one score and
 * no spread; with a spread of 0 the nearer limit is the score itself, so any drop on new labels,
 * however small the sample, alerts. The bootstrap gives the missing figure: score the holdout's predictions on resamples of its rows
 * (with replacement, as many rows as it has), and take the standard deviation of those scores,
 * the bootstrap's standard error of the score (Efron & Tibshirani, 1993: 50 to 200 resamples
 * estimate a standard error well).
 */
import { Rng } from '../random';
import { getMetric } from '../validate/metrics';
import type { Prediction, Truth } from '../validate/types';

/** Resamples behind a holdout's standard error: its own relative error is about 1/sqrt(2 × 200) = 5%. */
export const BOOTSTRAP_ROUNDS = 200;

/**
 * Most rows a resample draws. A larger holdout is resampled m = this many rows at a time and the
 * standard error scaled by sqrt(m / n) (the m-out-of-n bootstrap; the scores here, means, AUC's
 * U-statistic and their smooth functions, vary as 1 / sqrt(rows)): 200 scores of 200,000 rows
 * took 14 to 23 s, of 10,000 rows well under a second.
 */
export const MAX_BOOTSTRAP_ROWS = 10_000;

/**
 * The sample standard deviation (n − 1) of `score` over `rounds` resamples of `m` rows drawn with
 * replacement from rows 0…n−1 by `new Rng(seed)` (so a seed gives the same figure). `score` gets
 * the drawn rows in a buffer reused across rounds. Resamples the score cannot rate (NaN: one
 * class only, say) are left out, and fewer than two rated give 0.
 */
export function bootstrapStd(n: number, score: (rows: Uint32Array) => number, seed: number, rounds = BOOTSTRAP_ROUNDS, m = n): number {
  if (n < 2 || m < 2) return 0;
  const rng = new Rng(seed);
  const rows = new Uint32Array(m);
  const scores: number[] = [];
  for (let b = 0; b < rounds; b++) {
    for (let i = 0; i < m; i++) rows[i] = rng.int(n);
    const s = score(rows);
    if (Number.isFinite(s)) scores.push(s);
  }
  if (scores.length < 2) return 0;
  const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
  return Math.sqrt(scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / (scores.length - 1));
}

/**
 * The bootstrap standard error of metric `name` on a prediction and its truth (row i of each),
 * resampling at most MAX_BOOTSTRAP_ROWS rows at a time (see there). The resampled truth and
 * prediction live in buffers filled in place each round: copying them afresh cost more than the
 * metric.
 */
export function metricBootstrapStd(name: string, truth: Truth, prediction: Prediction, seed: number, rounds = BOOTSTRAP_ROUNDS): number {
  const metric = getMetric(name);
  const n = truth.kind === 'regression' ? truth.values.length : truth.codes.length;
  const m = Math.min(n, MAX_BOOTSTRAP_ROWS);
  let sample: Truth;
  let fillTruth: (rows: Uint32Array) => void;
  if (truth.kind === 'regression') {
    const values = new Float64Array(m);
    sample = { kind: 'regression', values };
    fillTruth = (rows) => {
      for (let i = 0; i < m; i++) values[i] = truth.values[rows[i]];
    };
  } else {
    const codes = new Int32Array(m);
    sample = { kind: 'classification', classes: truth.classes, codes };
    fillTruth = (rows) => {
      for (let i = 0; i < m; i++) codes[i] = truth.codes[rows[i]];
    };
  }
  const sources = prediction.kind === 'regression' ? [prediction.values] : prediction.proba;
  const buffers = sources.map(() => new Float64Array(m));
  const predicted: Prediction = prediction.kind === 'regression' ? { kind: 'regression', values: buffers[0] } : { kind: 'classification', proba: buffers };
  const std = bootstrapStd(
    n,
    (rows) => {
      fillTruth(rows);
      sources.forEach((source, c) => {
        const buffer = buffers[c];
        for (let i = 0; i < m; i++) buffer[i] = source[rows[i]];
      });
      return metric.score(sample, predicted);
    },
    seed,
    rounds,
    m,
  );
  return std * Math.sqrt(m / n);
}
