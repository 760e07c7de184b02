/**
 * The exact null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic, by
 * counting lattice paths (Hodges, "The significance probability of the Smirnov two-sample test",
 * 1958): ports of scipy's `_compute_prob_outside_square` (equal sizes) and
 * `_compute_outer_prob_inside_method` (Viehmann's recursion for 1 − p, arXiv:2102.08037, which
 * keeps small p-values accurate). Both work with h = D·lcm(m, n), a whole number.
 */

/**
 * P(D_{n,n} ≥ h/n) for two samples of n each, 0 < h ≤ n. The reflection-principle sum
 * 2·Σ_k (−1)^(k+1) C(2n, n − kh)/C(2n, n) in Horner form, so it does not cancel. O(n + h).
 */
export function ksProbabilityOutsideSquare(n: number, h: number): number {
  let probability = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    // C(2n, n − (k+1)h) / C(2n, n − kh) as a product of h simple factors.
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    probability = ratio * (1 - probability);
  }
  return 2 * probability;
}

/**
 * P(D_{m,n} ≥ h/lcm(m, n)) for samples of sizes m and n with greatest common divisor g, 0 < h:
 * the share of monotone lattice paths from (0, 0) to (m, n) that touch |x/m − y/n| ≥ h/lcm. Walks
 * the columns of the larger sample keeping only the band of rows a path can still occupy, each
 * entry holding the probability that a path through it has already left the band. O(m·band).
 */
export function ksProbabilityOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minJ = 0;
  let maxJ = Math.min(Math.ceil(h / mg), n + 1);
  let currentLength = maxJ - minJ;
  // scipy sizes this min(2·maxJ + 2, n + 1); reads never pass the previous band by more than
  // two rows, which are ones here as there, so a full column is the same and cannot overrun.
  const column = new Float64Array(n + 2).fill(1);
  for (let j = minJ; j < maxJ; j++) column[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastMinJ = minJ;
    const lastLength = currentLength;
    minJ = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxJ = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxJ <= minJ) return 1;
    // Entering row minJ from below the band counts as having left it (1) unless it is row 0.
    let value = minJ === 0 ? 0 : 1;
    const shift = minJ - lastMinJ;
    for (let jj = 0; jj < maxJ - minJ; jj++) {
      const j = jj + minJ;
      value = (column[jj + shift] * i + value * j) / (i + j);
      column[jj] = value;
    }
    currentLength = maxJ - minJ;
    if (lastLength > currentLength) column.fill(1, maxJ - minJ, maxJ - minJ + (lastLength - currentLength));
  }
  return column[maxJ - minJ - 1];
}
