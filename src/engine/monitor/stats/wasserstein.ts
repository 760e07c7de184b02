/**
 * The first Wasserstein (earth mover's) distance between two samples on the line, as
 * `scipy.stats.wasserstein_distance(u, v)` computes it without weights: ∫ |F_u(t) − F_v(t)| dt over
 * the two empirical distribution functions. Evidently divides it by the reference's standard
 * deviation to judge numeric columns when the reference has more than 1000 rows.
 */
import { sortFloat64 } from '../../profile/radixSort';

/**
 * W₁(u, v) in the units of the values. O((n + m) log(n + m)): both samples are copied and sorted
 * (the inputs are left alone), then one merge pass sums |F_u − F_v| times the gap to the next
 * value, with Neumaier's compensated sum so a million gaps add up without drift. Ties are fine.
 * NaNs are the caller's job: the inputs must have none.
 *
 * @throws RangeError when a sample is empty.
 */
export function wassersteinDistance(u: Float64Array, v: Float64Array): number {
  const n = u.length;
  const m = v.length;
  if (n === 0 || m === 0) throw new RangeError(`wassersteinDistance: samples must be non-empty, got sizes ${n} and ${m}`);
  // The profile's radix sort: the same order as the native sort, about twice as fast on 1M values.
  const a = sortFloat64(Float64Array.from(u));
  const b = sortFloat64(Float64Array.from(v));
  let i = 0;
  let j = 0;
  let sum = 0;
  let compensation = 0;
  // Start at the smallest value; after consuming every copy of the current value x, the
  // distribution functions are i/n and j/m up to the next value y, a stretch of length y − x.
  let x = a[0] < b[0] ? a[0] : b[0];
  while (i < n || j < m) {
    while (i < n && a[i] <= x) i++;
    while (j < m && b[j] <= x) j++;
    if (i === n && j === m) break;
    const y = i === n ? b[j] : j === m ? a[i] : a[i] < b[j] ? a[i] : b[j];
    const term = Math.abs(i / n - j / m) * (y - x);
    const total = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - total + term : term - total + sum;
    sum = total;
    x = y;
  }
  return sum + compensation;
}
