/**
 * The Jensen–Shannon distance between two discrete distributions, as
 * `scipy.spatial.distance.jensenshannon(p, q)` computes it (natural logarithm). Evidently uses it
 * for categorical columns when the reference has more than 1000 rows (0.1 is its default threshold).
 */

/**
 * √(JS(p, q)), where JS(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) and m = (p + q)/2, after scaling p and q
 * to sum to 1 (so counts work as well as shares). In [0, √(ln 2)] ≈ [0, 0.8326], symmetric, 0 for
 * proportional inputs; a zero entry contributes 0 (0·ln 0 = 0). Never NaN for valid input (scipy
 * returns NaN where rounding leaves its sum a hair below 0).
 *
 * @throws RangeError when the lengths differ, an entry is negative or not finite, or a
 * distribution sums to 0.
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const k = p.length;
  if (q.length !== k) throw new RangeError(`jensenShannonDistance: lengths differ (${k} and ${q.length})`);
  let pTotal = 0;
  let qTotal = 0;
  for (let i = 0; i < k; i++) {
    if (!(p[i] >= 0 && p[i] < Infinity) || !(q[i] >= 0 && q[i] < Infinity)) {
      throw new RangeError(`jensenShannonDistance: entry ${i} is ${p[i]} and ${q[i]}; entries must be finite and non-negative`);
    }
    pTotal += p[i];
    qTotal += q[i];
  }
  if (!(pTotal > 0 && qTotal > 0)) throw new RangeError('jensenShannonDistance: a distribution sums to 0');
  // scipy sums p·ln(p/m) and q·ln(q/m) over all categories separately; here each category's two
  // terms are added first (a sum that is never negative) and ln(p/m) is ln1p((p − q)/(p + q)), from
  // the exact difference. For nearly equal inputs the first-order parts of the two terms cancel,
  // and a plain ln of the rounded ratio p/m near 1 then cost up to 1e-9 of the result here.
  let twiceDivergence = 0;
  for (let i = 0; i < k; i++) {
    const pi = p[i] / pTotal;
    const qi = q[i] / qTotal;
    if (pi === 0 && qi === 0) continue;
    const r = (pi - qi) / (pi + qi);
    // rel_entr(x, m) = x·ln(x/m) for x > 0 and 0 for x = 0, with x/m = 1 ± r.
    const term = (pi > 0 ? pi * Math.log1p(r) : 0) + (qi > 0 ? qi * Math.log1p(-r) : 0);
    if (term > 0) twiceDivergence += term;
  }
  return Math.sqrt(twiceDivergence / 2);
}
