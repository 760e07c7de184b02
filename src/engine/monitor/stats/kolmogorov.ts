/**
 * The upper tail of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, P(D_n ≥ d): scipy's
 * `stats.kstwo.sf(d, n)` (its `_kolmogn`), which `ks_2samp` evaluates at n = round(n₁n₂/(n₁+n₂))
 * for its asymptotic p-value. Simard and L'Ecuyer's choice of method ("Computing the two-sided
 * Kolmogorov–Smirnov distribution", JSS 39(11), 2011), as scipy makes it:
 * - the exact Ruben–Gambino forms for d ≤ 1/n and d ≥ 1 − 1/n;
 * - twice the one-sided Smirnov tail for d ≥ 1/2 (exact there) and for large n·d²;
 * - Durbin's matrix for small n·d², Pomeranz's recursion for moderate n·d² when n ≤ 140, and the
 *   Pelz–Good expansion for large n.
 */
import { kolmogorovCdfDurbin } from './durbinMatrix';
import { kolmogorovCdfPelzGood } from './pelzGood';
import { kolmogorovCdfPomeranz } from './pomeranz';
import { smirnovSurvival } from './smirnov';

const LN_2PI = 1.8378770664093456;
// B_{2j}/(2j)/(2j−1) for j = 8, …, 1: the Stirling series of ln n!, highest power first.
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** ln(n!/n^n) by Stirling's series, with n·ln n taken out up front so nothing cancels. */
function logFactorialOverPower(n: number): number {
  const inverse = 1 / n;
  const x = inverse / n;
  let polynomial = 0;
  for (const c of STIRLING) polynomial = polynomial * x + c;
  return Math.log(n) / 2 - n + LN_2PI / 2 + inverse * polynomial;
}

const clip = (p: number): number => Math.min(1, Math.max(0, p));

/**
 * P(D_n ≥ d) for the two-sided one-sample Kolmogorov–Smirnov statistic with n observations
 * (whole, ≥ 1), at d in [0, 1]; 1 for d ≤ 1/(2n), 0 for d ≥ 1; NaN for a bad n or a NaN d.
 */
export function kolmogorovSurvival(n: number, d: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return NaN;
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    // P(D_n ≤ d) = n!/n^n (2t − 1)^n for 1/(2n) < d ≤ 1/n.
    let cdf: number;
    if (n <= 140) {
      cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= i * (1 / n) * (2 * t - 1);
    } else {
      cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip(1 - cdf);
  }
  if (t >= n - 1) return clip(2 * (1 - d) ** n);
  if (d >= 0.5) return clip(2 * smirnovSurvival(n, d));

  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clip(1 - kolmogorovCdfDurbin(n, d));
    if (nd2 <= 4) return clip(1 - kolmogorovCdfPomeranz(n, d));
    return clip(2 * smirnovSurvival(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip(2 * smirnovSurvival(n, d));
  const cdf = n <= 100_000 && n * d ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, d) : clip(kolmogorovCdfPelzGood(n, d));
  return clip(1 - cdf);
}
