/**
 * The first Wasserstein (earth mover's) distance between two samples on the line, as
 * `scipy.stats.wasserstein_distance(u, v)` computes it without weights: ∫ |F_u(t) − F_v(t)| dt over
 * the two empirical distribution functions. Evidently divides it by the reference's standard
 * deviation to judge numeric columns when the reference has more than 1000 rows.
 */
import { sortFloat64 } from '../../profile/radixSort';

/**
 * W₁(u, v) in the units of the values. O((n + m) log(n + m)): both samples are copied and sorted
 * (the inputs are left alone), then measured by `wassersteinSorted`. NaNs are the caller's job: the
 * inputs must have none.
 *
 * @throws RangeError when a sample is empty.
 */
export function wassersteinDistance(u: Float64Array, v: Float64Array): number {
  // The profile's radix sort: the same order as the native sort, about twice as fast on 1M values.
  return wassersteinSorted(sortFloat64(Float64Array.from(u)), sortFloat64(Float64Array.from(v)));
}

/**
 * W₁ of two samples sorted ascending (NaN-free): one merge pass, one value at a time, sums
 * |F_a − F_b| times the gap to the next value, with Neumaier's compensated sum so a million gaps
 * add up without drift. Before each value y the distribution functions are i/n and j/m over the
 * stretch from the previous value; tied values make stretches of length 0, which add nothing.
 *
 * @throws RangeError when a sample is empty.
 */
export function wassersteinSorted(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError(`wassersteinDistance: samples must be non-empty, got sizes ${n} and ${m}`);
  let i = 0;
  let j = 0;
  let sum = 0;
  let compensation = 0;
  let x = a[0] < b[0] ? a[0] : b[0];
  while (i < n || j < m) {
    let y: number;
    const fromA = j === m || (i < n && a[i] <= b[j]);
    if (fromA) y = a[i];
    else y = b[j];
    const term = Math.abs(i / n - j / m) * (y - x);
    const total = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - total + term : term - total + sum;
    sum = total;
    x = y;
    if (fromA) i++;
    else j++;
  }
  return sum + compensation;
}
