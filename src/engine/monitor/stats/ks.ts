/**
 * The two-sample Kolmogorov–Smirnov test, as `scipy.stats.ks_2samp(a, b)` runs it with its defaults
 * (alternative 'two-sided', method 'auto'). Evidently uses it for numeric columns with more than
 * five distinct values when the reference has at most 1000 rows.
 */
import { sortFloat64 } from '../../profile/radixSort';
import { kolmogorovSurvival } from './kolmogorov';
import { ksProbabilityOutsideBand, ksProbabilityOutsideSquare } from './ksExact';

/** The outcome of {@link ks2samp}. */
export interface KsResult {
  /** D = sup |F_a − F_b| over the two empirical distribution functions, in [0, 1]. */
  readonly statistic: number;
  /** P(D ≥ statistic) when both samples come from one continuous distribution. */
  readonly pValue: number;
  /** How the p-value was found: counting lattice paths, or the Kolmogorov limit. */
  readonly method: 'exact' | 'asymp';
}

/** scipy's 'auto' rule: exact when the larger sample has at most this many values. */
const MAX_EXACT_SIZE = 10_000;

function greatestCommonDivisor(x: number, y: number): number {
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** numpy's `round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The two-sided two-sample KS test of `a` against `b` (scipy's `ks_2samp(a, b)`; symmetric in its
 * arguments). Both samples are copied and sorted, then one merge pass finds D, so 1M values cost
 * O(n log n) and no per-value objects; the inputs are left alone. Ties are fine (the distribution
 * functions step at each distinct value). NaNs are the caller's job: the inputs must have none.
 *
 * The p-value, as scipy finds it: when neither sample has more than 10,000 values, exactly, from
 * h = round(D·lcm(n₁, n₂)) (and D is then reported as h/lcm, which removes rounding noise), by
 * counting lattice paths (O(n₁·n₂) in the worst case); should that fail (a result outside [0, 1]) or
 * for larger samples, from the two-sided one-sample Kolmogorov distribution at
 * n = round(n₁n₂/(n₁ + n₂)) (scipy's `kstwo.sf(D, n)`).
 *
 * @throws RangeError when a sample is empty.
 */
export function ks2samp(a: Float64Array, b: Float64Array): KsResult {
  // The profile's radix sort: the same order as the native sort, about twice as fast on 1M values.
  return ks2sampSorted(sortFloat64(Float64Array.from(a)), sortFloat64(Float64Array.from(b)));
}

/** `ks2samp` of two samples already sorted ascending (NaN-free), which it leaves as they are. */
export function ks2sampSorted(x: Float64Array, y: Float64Array): KsResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`ks2samp: samples must be non-empty, got sizes ${n1} and ${n2}`);

  // F_a − F_b just after each distinct value, as scipy's searchsorted(side='right') sees it: the
  // same divisions and subtraction, so D matches scipy's to the last bit.
  let i = 0;
  let j = 0;
  let largest = 0;
  let smallest = 0;
  while (i < n1 || j < n2) {
    const value = i === n1 ? y[j] : j === n2 ? x[i] : x[i] < y[j] ? x[i] : y[j];
    while (i < n1 && x[i] <= value) i++;
    while (j < n2 && y[j] <= value) j++;
    const difference = i / n1 - j / n2;
    if (difference > largest) largest = difference;
    if (difference < smallest) smallest = difference;
  }
  let d = -smallest > largest ? Math.min(1, -smallest) : largest;

  let method: 'exact' | 'asymp' = Math.max(n1, n2) <= MAX_EXACT_SIZE ? 'exact' : 'asymp';
  let pValue = NaN;
  if (method === 'exact') {
    const g = greatestCommonDivisor(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) {
      pValue = 1;
    } else {
      pValue = n1 === n2 ? ksProbabilityOutsideSquare(n1, h) : ksProbabilityOutsideBand(n1, n2, g, h);
      // scipy falls back to the limit distribution when the count misbehaves (keeping D = h/lcm).
      if (!(pValue >= 0 && pValue <= 1)) method = 'asymp';
    }
  }
  if (method === 'asymp') {
    const larger = Math.max(n1, n2);
    const smaller = Math.min(n1, n2);
    const effectiveSize = (larger * smaller) / (larger + smaller);
    pValue = kolmogorovSurvival(roundHalfEven(effectiveSize), d);
  }
  return { statistic: d, pValue: Math.min(1, Math.max(0, pValue)), method };
}
