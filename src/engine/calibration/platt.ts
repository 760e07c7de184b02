/**
 * Platt scaling (Platt 1999, with the Newton method and line search of Lin, Lin and Weng 2007):
 * a logistic regression of the label on one score, here the logit of the model's probability.
 */
import { sigmoid } from '../learners/outputs';

/** Probabilities are clipped to [P_CLIP, 1 − P_CLIP] before the logit (the log loss's bound). */
export const P_CLIP = 1e-15;

/**
 * `log(p / (1 − p))` of `p` clipped to [1e-15, 1 − 1e-15], so 0 and 1 map to about ∓34.5 instead
 * of infinities. The exported module computes it with the same operations in the same order.
 */
export function clippedLogit(p: number): number {
  const q = p < P_CLIP ? P_CLIP : p > 1 - P_CLIP ? 1 - P_CLIP : p;
  return Math.log(q / (1 - q));
}

/** One class's Platt map: `sigmoid(a · clippedLogit(p) + b)`. */
export function plattValue(a: number, b: number, p: number): number {
  return sigmoid(a * clippedLogit(p) + b);
}

const MAX_ITERATIONS = 100;
/** Lin et al.'s smallest line-search step and Hessian ridge. */
const MIN_STEP = 1e-10;
const RIDGE = 1e-12;

/**
 * The `a`, `b` minimising the cross-entropy of `sigmoid(a · score + b)` against Platt's smoothed
 * targets: `(N₊ + 1) / (N₊ + 2)` for positive rows and `1 / (N₋ + 2)` for negative ones, which
 * keeps a perfectly separating score from driving `a` to infinity. This is scikit-learn's
 * `_sigmoid_calibration` with the sign of both parameters flipped (it writes
 * `1 / (1 + exp(A·f + B))`, so a = −A, b = −B), solved by Newton's method to a much smaller
 * gradient than its BFGS stops at, from the same start (a = 0, b = the smoothed prior's logit).
 *
 * `scores` and `positive` (1 = the class, 0 = not) are indexed by `rows` when given, else by
 * 0..length−1. Deterministic; never throws on degenerate data: one class alone gives a = 0 and
 * its smoothed target, and a constant score maps to the mean smoothed target.
 */
export function fitPlatt(scores: Float64Array, positive: Uint8Array, rows?: Uint32Array): { a: number; b: number } {
  const n = rows === undefined ? scores.length : rows.length;
  const f = new Float64Array(n);
  const t = new Float64Array(n);
  let prior1 = 0;
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : rows[i];
    f[i] = scores[r];
    if (positive[r] === 1) prior1++;
  }
  const prior0 = n - prior1;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  for (let i = 0; i < n; i++) t[i] = positive[rows === undefined ? i : rows[i]] === 1 ? hiTarget : loTarget;

  let a = 0;
  let b = Math.log((prior1 + 1) / (prior0 + 1));
  let loss = plattLoss(f, t, a, b);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    // Gradient and Hessian of the summed cross-entropy in (a, b).
    let gA = 0;
    let gB = 0;
    let hAA = RIDGE;
    let hAB = 0;
    let hBB = RIDGE;
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * f[i] + b);
      const d = p - t[i];
      const w = p * (1 - p);
      gA += d * f[i];
      gB += d;
      hAA += w * f[i] * f[i];
      hAB += w * f[i];
      hBB += w;
    }
    // Converged when the gradient is negligible next to the number of rows (scikit-learn stops at 1e-5 absolute).
    if (Math.abs(gA) < 1e-11 * Math.max(1, n) && Math.abs(gB) < 1e-11 * Math.max(1, n)) break;
    const det = hAA * hBB - hAB * hAB;
    const dA = -(hBB * gA - hAB * gB) / det;
    const dB = -(-hAB * gA + hAA * gB) / det;
    const slope = gA * dA + gB * dB;
    // The Newton decrement (what a full step would gain) so small that the parameters would move by ~1e-10.
    const decrement = -slope;
    if (decrement < 1e-20 * Math.max(1, loss)) break;
    let step = 1;
    let moved = false;
    while (step >= MIN_STEP) {
      const nextA = a + step * dA;
      const nextB = b + step * dB;
      const nextLoss = plattLoss(f, t, nextA, nextB);
      // Armijo condition with Lin et al.'s constant. Near the minimum the gain is below the loss's
      // rounding error and the test is noise; the full Newton step is then taken (one pass, not
      // thirty halvings that each cost one).
      if (nextLoss < loss + 1e-4 * step * slope || (step === 1 && decrement < 1e-9 * Math.max(1, loss))) {
        a = nextA;
        b = nextB;
        loss = nextLoss;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { a, b };
}

/** The summed cross-entropy of `sigmoid(a·f + b)` against targets `t`, written without overflow. */
function plattLoss(f: Float64Array, t: Float64Array, a: number, b: number): number {
  let loss = 0;
  for (let i = 0; i < f.length; i++) {
    const s = a * f[i] + b;
    loss += s >= 0 ? (1 - t[i]) * s + Math.log1p(Math.exp(-s)) : -t[i] * s + Math.log1p(Math.exp(s));
  }
  return loss;
}
