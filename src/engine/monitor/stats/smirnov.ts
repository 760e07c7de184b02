/**
 * The upper tail P(D_n⁺ ≥ d) of the one-sided one-sample Kolmogorov–Smirnov statistic (scipy's
 * `special.smirnov(n, d)`), by the Birnbaum–Tingey sum
 *   P = Σ_{v=0}^{⌊n(1−d)⌋} d/(d + v/n) · C(n, v) (d + v/n)^v (1 − d − v/n)^(n−v),
 * whose terms are all positive. Each term is a binomial probability at p = d + v/n, evaluated by
 * Loader's saddle-point form, so the sum keeps about 1e-14 relative precision for any n (scipy
 * reaches the same with double-double arithmetic). Twice this is the two-sided tail for d ≥ 1/2,
 * and a close approximation of it for large n·d²; the Kolmogorov switch uses it that way.
 */
import { binomialProbability } from './saddlePoint';

/** exp() of anything below this underflows (Cephes' MINLOG). */
const MIN_LOG = -708.3964185322641;
/** scipy computes the sum exactly up to this n and uses an asymptotic form beyond. */
const MAX_COMPUTE_N = 1_000_000;

/** n·d as an unevaluated sum hi + lo (Dekker's exact product; n is a whole number below 2^31). */
function exactProduct(n: number, d: number): [number, number] {
  const hi = n * d;
  const split = 134217729; // 2^27 + 1
  const dc = split * d;
  const dHi = dc - (dc - d);
  const dLo = d - dHi;
  const nc = split * n;
  const nHi = nc - (nc - n);
  const nLo = n - nHi;
  const lo = nHi * dHi - hi + nHi * dLo + nLo * dHi + nLo * dLo;
  return [hi, lo];
}

/** P(D_n⁺ ≥ d) for whole n ≥ 1 and 0 ≤ d ≤ 1, clipped to [0, 1]; NaN outside. */
export function smirnovSurvival(n: number, d: number): number {
  if (!(n > 0 && d >= 0 && d <= 1)) return NaN;
  if (n === 1) return 1 - d;
  if (d === 0) return 1;
  if (d === 1) return 0;

  // ⌊n·d⌋ and the fraction above it, exactly: the sum's range and special cases hinge on them.
  const [hi, lo] = exactProduct(n, d);
  let floorNd = Math.floor(hi);
  if (hi === floorNd && lo < 0) floorNd -= 1;
  let alpha = hi - floorNd + lo;
  if (alpha >= 1) {
    floorNd += 1;
    alpha = 0;
  }
  let lastV = n - floorNd - (alpha === 0 ? 0 : 1);
  // With n·d whole the last term has 1 − d − v/n = 0 exactly, and contributes nothing.
  if (alpha === 0) lastV -= 1;

  if (floorNd === 0 || (floorNd === 1 && alpha === 0)) {
    // d ≤ 1/n: P(D⁺ < d) = d (1 + d)^(n−1).
    return Math.min(1, Math.max(0, 1 - d * Math.exp((n - 1) * Math.log1p(d))));
  }
  if (-2 * n * d * d < MIN_LOG) return 0;
  if (floorNd >= n - 1) return Math.exp(n * Math.log1p(-d));
  if (n > MAX_COMPUTE_N) {
    // p ≈ exp(−(6nd + 1)² / 18n), as scipy approximates it there.
    return Math.exp(-((6 * n * d + 1) ** 2) / 18 / n);
  }

  const terms = lastV + 1;
  const middle = Math.floor(n / 2);
  let sum = 0;
  for (let v = 0; v < terms; v++) {
    // p = d + v/n and q = 1 − p from n·d = hi + lo, so neither loses digits to rounding n·d.
    const np = v + hi + lo;
    const nq = n - v - hi - lo;
    const p = np / n;
    const q = nq / n;
    const term = (d / p) * binomialProbability(v, n, p, q, np, nq);
    if (Number.isFinite(term) && term !== 0) sum += term;
    // scipy's stopping rule: the rest cannot matter once 4 · (terms left) · term < ε · sum.
    if (term !== 0) {
      if (4 * (terms - v) * Math.abs(term) < Number.EPSILON * sum && v !== terms - 1 && v > 0) break;
    } else if (v > middle) {
      break;
    }
  }
  return Math.min(1, Math.max(0, sum));
}
