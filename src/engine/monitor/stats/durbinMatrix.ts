/**
 * P(D_n ≤ d) for the two-sided one-sample Kolmogorov–Smirnov statistic by Durbin's matrix method
 * as Marsaglia, Tsang and Wang evaluate it ("Evaluating Kolmogorov's distribution", JSS 8(18),
 * 2003): the k-th diagonal entry of (n!/n^n)·H^n for a (2k−1)-square matrix H, k = ⌈n·d⌉. A port of
 * scipy's `_kolmogn_DMTW`, which Simard and L'Ecuyer's switch uses for small n·d².
 * O(k³ log n) time, O(k²) memory: meant for k up to about a hundred.
 */
import { ldexp, TWO_POW_128, TWO_POW_MINUS_128 } from './ldexp';

/** a · b for m × m row-major matrices, into `out` (which must be neither input). */
function multiply(a: Float64Array, b: Float64Array, out: Float64Array, m: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let l = 0; l < m; l++) {
      const ail = a[row + l];
      if (ail === 0) continue;
      const bl = l * m;
      for (let j = 0; j < m; j++) out[row + j] += ail * b[bl + j];
    }
  }
}

/** P(D_n ≤ d), clipped to [0, 1], for whole n ≥ 1 and 0 ≤ d. */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  // First column v[j] = (1 − h^(j+1))/(j+1)!, last row its reverse; the band above holds 1/i!.
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - h ** j) * factorial;
  }
  const correction = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + correction) * factorial;

  let power = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) power[r * m + i] = w[r - i + 1];
  }
  for (let r = 0; r < m; r++) power[r * m] = v[r];
  for (let c = 0; c < m; c++) power[(m - 1) * m + c] = v[m - 1 - c];

  // Binary powering. Only row k−1 of the running product is ever read, so it is kept as a row
  // vector; the squares are rescaled by 2^−128 whenever their k-th diagonal entry passes 2^128,
  // with the exponents kept apart.
  let row = new Float64Array(m);
  row[k - 1] = 1;
  let nextRow = new Float64Array(m);
  let square = new Float64Array(m * m);
  let exponent = 0;
  let powerExponent = 0;
  let remaining = n;
  while (remaining > 0) {
    if (remaining % 2 === 1) {
      nextRow.fill(0);
      for (let l = 0; l < m; l++) {
        const rl = row[l];
        if (rl === 0) continue;
        const bl = l * m;
        for (let j = 0; j < m; j++) nextRow[j] += rl * power[bl + j];
      }
      [row, nextRow] = [nextRow, row];
      exponent += powerExponent;
    }
    multiply(power, power, square, m);
    [power, square] = [square, power];
    powerExponent *= 2;
    if (Math.abs(power[(k - 1) * m + (k - 1)]) > TWO_POW_128) {
      for (let i = 0; i < m * m; i++) power[i] /= TWO_POW_128;
      powerExponent += 128;
    }
    remaining = Math.floor(remaining / 2);
  }

  // Multiply by n!/n^n one factor at a time, rescaling before it underflows.
  let p = row[k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < TWO_POW_MINUS_128) {
      p *= TWO_POW_128;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p = ldexp(p, exponent);
  return Math.min(1, Math.max(0, p));
}
