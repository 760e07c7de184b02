/**
 * Temperature scaling (Guo et al. 2017): one temperature T for all classes, the probabilities
 * becoming `softmax(log p / T)`. T > 1 softens an overconfident model, T < 1 sharpens an
 * underconfident one; the order of the classes in every row is kept, so labels never change.
 *
 * T is fitted against Platt's smoothed targets, not 0/1 labels: a row of class y counts as
 * `(N_y + 1) / (N_y + 2)` of y and shares `1 / (N_y + 2)` among the other classes (N_y: rows of
 * class y), which for two classes are exactly Platt's targets. With 0/1 labels, out-of-fold
 * probabilities that rank every row right make the loss fall all the way to the smallest T: on
 * wine (142 rows, no out-of-fold error) T = 0.01 turned one holdout mistake in 36 rows into a
 * probability of 1e-15 for the true class and a holdout log loss of 0.96. The smoothed targets
 * say what those rows support: about one error in N + 2.
 */

/** Probabilities are floored here before the log, so a 0 costs a large finite log-odds. */
export const LOG_FLOOR = 1e-15;

/** The temperatures searched: beyond them the data says "no information" or "certain" anyway. */
export const MIN_TEMPERATURE = 0.01;
export const MAX_TEMPERATURE = 100;

const MAX_ITERATIONS = 100;

/**
 * The T in [0.01, 100] minimising the mean cross-entropy of `softmax(log p / T)` over the rows
 * `rows` (all when omitted) of `proba` (one array per class) against the smoothed targets of
 * `codes` (see the file comment). Deterministic.
 *
 * The loss is convex in β = 1/T (a log-sum-exp of functions linear in β, minus a linear term), so
 * a safeguarded Newton iteration on β finds the minimum: Newton steps inside a bracket that each
 * derivative's sign shrinks, bisection when a step would leave it. A minimum beyond the bounds
 * returns the bound.
 */
export function fitTemperature(proba: readonly Float64Array[], codes: Int32Array, rows?: Uint32Array): number {
  const k = proba.length;
  const n = rows === undefined ? codes.length : rows.length;
  if (n === 0) throw new RangeError('temperature scaling needs at least one row');
  const logs = new Float64Array(n * k);
  const truth = new Int32Array(n);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i];
    truth[i] = codes[r];
    counts[codes[r]]++;
    for (let c = 0; c < k; c++) logs[i * k + c] = Math.log(Math.max(proba[c][r], LOG_FLOOR));
  }
  // Each row's target for every other class than its own.
  const spread = Float64Array.from(truth, (y) => 1 / ((counts[y] + 2) * (k - 1)));
  let lo = 1 / MAX_TEMPERATURE;
  let hi = 1 / MIN_TEMPERATURE;
  // A flat loss (every row's probabilities equal) keeps T = 1 through the loop's first test.
  if (betaDerivatives(logs, truth, spread, k, lo).gradient > 0) return 1 / lo;
  if (betaDerivatives(logs, truth, spread, k, hi).gradient < 0) return 1 / hi;
  let beta = 1;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const { gradient, curvature } = betaDerivatives(logs, truth, spread, k, beta);
    if (gradient === 0) break;
    if (gradient > 0) hi = beta;
    else lo = beta;
    if (hi - lo <= 1e-13 * beta) break;
    const newton = beta - gradient / curvature;
    beta = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
  }
  return 1 / beta;
}

/**
 * The first and second derivatives in β of the mean loss −β·Σ t_c l_c + logsumexp(β·l) over rows,
 * where l are the rows' floored log-probabilities and t the smoothed targets (`spread[i]` for
 * each class but the row's own): the softmax mean of l minus the targets' mean, and the softmax
 * variance of l.
 */
function betaDerivatives(logs: Float64Array, truth: Int32Array, spread: Float64Array, k: number, beta: number): { gradient: number; curvature: number } {
  const n = truth.length;
  const e = new Float64Array(k);
  let gradient = 0;
  let curvature = 0;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (beta * logs[base + c] > max) max = beta * logs[base + c];
    let sum = 0;
    for (let c = 0; c < k; c++) sum += e[c] = Math.exp(beta * logs[base + c] - max);
    // The slope as Σ q_c (l_c − l_y): the true class adds exactly 0, so a tiny slope far out
    // (a wrong class at 1e-60) stays non-zero instead of vanishing in the rounding of Σ q_c l_c.
    // The targets' part likewise as Σ t_c (l_c − l_y), where the own class adds 0.
    const own = logs[base + truth[i]];
    let slope = 0;
    let mean = 0;
    for (let c = 0; c < k; c++) {
      slope += (e[c] / sum - (c === truth[i] ? 0 : spread[i])) * (logs[base + c] - own);
      mean += (e[c] / sum) * logs[base + c];
    }
    let variance = 0;
    for (let c = 0; c < k; c++) variance += (e[c] / sum) * (logs[base + c] - mean) ** 2;
    gradient += slope;
    curvature += variance;
  }
  return { gradient: gradient / n, curvature: curvature / n };
}
