/**
 * P(D_n ≤ d) for the two-sided one-sample Kolmogorov–Smirnov statistic by Pomeranz's recursion
 * (CACM Algorithm 487, 1974), as Simard and L'Ecuyer arrange it ("Computing the two-sided
 * Kolmogorov–Smirnov distribution", JSS 39(11), 2011): 2n + 1 rows, each the convolution of the
 * previous one with a truncated Poisson-like sequence, then n!. A port of scipy's
 * `_kolmogn_Pomeranz`, which the switch uses for n ≤ 140 and moderate n·d². O(n² d) time.
 */
import { ldexp, TWO_POW_128, TWO_POW_MINUS_128 } from './ldexp';

/** The first and last column (inclusive) that row i of the recursion can reach. */
function rowLimits(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n ≤ d), clipped to [0, 1], for whole n ≥ 1 and 1/n < d < 1. */
export function kolmogorovCdfPomeranz(n: number, d: number): number {
  const t = n * d;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powers = 2 * (ll + 1);
  // (g/n)^j/j!, (2g/n)^j/j!, ((1 − 2g)/n)^j/j!: Poisson probabilities without their e^{−λ}.
  const gPower = new Float64Array(powers);
  const twoGPower = new Float64Array(powers);
  const oneMinusTwoGPower = new Float64Array(powers);
  gPower[0] = 1;
  twoGPower[0] = 1;
  oneMinusTwoGPower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let j = 1; j < powers; j++) {
    gPower[j] = (gPower[j - 1] * gOverN) / j;
    twoGPower[j] = (twoGPower[j - 1] * twoGOverN) / j;
    oneMinusTwoGPower[j] = (oneMinusTwoGPower[j - 1] * oneMinusTwoGOverN) / j;
  }

  // Two rows, swapped each step; row values are stored from their first reachable column on.
  let previous = new Float64Array(powers);
  let current = new Float64Array(powers);
  current[0] = 1;
  let previousStart = 0;
  let currentStart = 0;
  let exponent = 0;
  let [j1, j2] = rowLimits(0, n, ll, ceilF, roundF);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [previous, current] = [current, previous];
    [previousStart, currentStart] = [currentStart, previousStart];
    current.fill(0);
    [j1, j2] = rowLimits(i, n, ll, ceilF, roundF);
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const span = j2 - k1 + 1;
    if (span > 0) {
      // The full convolution of previous[k1 − previousStart …] with weights[0 …], both cut to
      // `span` entries (and to the arrays' length), read from index j1 − k1 on.
      const offset = k1 - previousStart;
      const aLength = Math.min(span, powers - offset);
      const bLength = Math.min(span, powers);
      const start = j1 - k1;
      const length = j2 - j1 + 1;
      let largest = 0;
      for (let c = 0; c < length; c++) {
        const at = start + c;
        let sum = 0;
        const from = Math.max(0, at - bLength + 1);
        const to = Math.min(at, aLength - 1);
        for (let a = from; a <= to; a++) sum += previous[offset + a] * weights[at - a];
        current[c] = sum;
        if (sum > largest) largest = sum;
      }
      if (largest > 0 && largest < TWO_POW_MINUS_128) {
        for (let c = 0; c < powers; c++) current[c] *= TWO_POW_128;
        exponent -= 128;
      }
      currentStart = previousStart + j1 - k1;
    }
  }

  let answer = current[n - currentStart];
  for (let j = 1; j <= n; j++) {
    if (Math.abs(answer) > TWO_POW_128) {
      answer *= TWO_POW_MINUS_128;
      exponent += 128;
    }
    answer *= j;
  }
  if (exponent !== 0) answer = ldexp(answer, exponent);
  return Math.min(1, Math.max(0, answer));
}
