/**
 * Catherine Loader's saddle-point pieces ("Fast and accurate computation of binomial
 * probabilities", 2000; the scheme behind R's dbinom and dpois): the Stirling-series error and
 * the deviance term. Writing a density as exp(−stirlingError − deviance) avoids the cancellation
 * of `a·ln x − x − lnΓ(a)` between terms in the thousands, so densities keep about 1e-15 relative
 * precision whatever the size of n (the incomplete gamma and the Smirnov sum depend on that).
 */
import { logGamma } from './logGamma';

const LN_SQRT_2PI = 0.9189385332046728;
const LN_2PI = 1.8378770664093456;

// ln n! − ((n + 1/2) ln n − n + ln √(2π)) at n = 0, 0.5, 1, …, 15 (n = 0 is a placeholder).
const STIRLING_ERROR_HALVES = [
  0.0, 0.15342640972002736, 0.08106146679532726, 0.05481412105191765, 0.0413406959554093,
  0.03316287351993629, 0.02767792568499834, 0.023746163656297496, 0.020790672103765093,
  0.018488450532673187, 0.016644691189821193, 0.015134973221917378, 0.013876128823070748,
  0.012810465242920227, 0.01189670994589177, 0.011104559758206917, 0.010411265261972096,
  0.009799416126158804, 0.009255462182712733, 0.008768700134139386, 0.00833056343336287,
  0.00793411456431402, 0.007573675487951841, 0.007244554301320383, 0.00694284010720953,
  0.006665247032707682, 0.006408994188004207, 0.006171712263039458, 0.0059513701127588475,
  0.0057462165130101155, 0.005554733551962801,
];
/** The smallest positive normal double (C's DBL_MIN; Number.MIN_VALUE is the smallest subnormal). */
const SMALLEST_NORMAL = 2.2250738585072014e-308;
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/**
 * The error of Stirling's formula, ln Γ(n + 1) − ((n + 1/2) ln n − n + ln √(2π)), for n > 0
 * (not necessarily whole). Tabulated at halves up to 15, the Stirling series above.
 */
export function stirlingError(n: number): number {
  if (n <= 15) {
    const twice = n + n;
    if (twice === Math.floor(twice)) return STIRLING_ERROR_HALVES[twice];
    return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * The deviance term x·ln(x / m) + m − x (≥ 0) for x ≥ 0, m > 0, by its series in
 * v = (x − m)/(x + m) when x and m are close, where the direct form cancels.
 */
export function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let sum = (x - m) * v;
    if (Math.abs(sum) < SMALLEST_NORMAL) return sum;
    let term = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      term *= v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) return next;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/**
 * The binomial probability C(n, k) p^k q^(n−k) for whole 0 ≤ k ≤ n, given both p and q = 1 − p
 * (so the caller can pass whichever it knows more precisely). `np` and `nq` are n·p and n·q,
 * passed in because callers can often form them more accurately than by multiplying.
 */
export function binomialProbability(k: number, n: number, p: number, q: number, np: number, nq: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (q === 0) return k === n ? 1 : 0;
  if (k === 0) return Math.exp(p < 0.1 ? -deviance(n, nq) - np : n * Math.log(q));
  if (k === n) return Math.exp(q < 0.1 ? -deviance(n, np) - nq : n * Math.log(p));
  if (k < 0 || k > n) return 0;
  const logCore = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - deviance(k, np) - deviance(n - k, nq);
  const logScale = LN_2PI + Math.log(k) + Math.log1p(-k / n);
  return Math.exp(logCore - 0.5 * logScale);
}

/** The Poisson-shaped density λ^x e^{−λ} / Γ(x + 1) for x > 0, λ > 0 (x need not be whole). */
export function poissonDensity(x: number, lambda: number): number {
  return Math.exp(-stirlingError(x) - deviance(x, lambda)) / Math.sqrt(2 * Math.PI * x);
}
