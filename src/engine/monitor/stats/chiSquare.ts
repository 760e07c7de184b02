/**
 * Pearson's chi-square goodness-of-fit test, as `scipy.stats.chisquare(f_obs, f_exp)` computes it,
 * and the chi-square upper tail it needs. Evidently uses it for categorical columns (and numeric
 * ones with 3 to 5 distinct values) when the reference has at most 1000 rows, with the expected
 * counts being the reference counts scaled to the current sample's size.
 */
import { regularizedGammaQ } from './gamma';

/** The outcome of {@link chiSquareGoodnessOfFit}. */
export interface ChiSquareResult {
  /** Σ (observed − expected)² / expected over the categories. */
  readonly statistic: number;
  /** P(χ²_dof ≥ statistic) under the hypothesis that `observed` follows `expected`. */
  readonly pValue: number;
  /** Degrees of freedom: the number of categories minus 1. */
  readonly dof: number;
}

/** scipy's tolerance on the two totals: the square root of the double epsilon (about 1.5e-8), relative. */
const SUM_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * Chi-square goodness of fit of `observed` counts to `expected` counts, one entry per category,
 * with k − 1 degrees of freedom (scipy's `chisquare(f_obs, f_exp)`, ddof = 0). Counts need not be
 * whole. As in scipy, the two totals must agree within a relative 1.5e-8 (scale the expected
 * counts first), a category with expected 0 and observed > 0 makes the statistic +∞ and the
 * p-value 0, one with both 0 makes both NaN (drop such categories first), and a single category
 * gives dof 0 and a NaN p-value.
 *
 * @throws RangeError when the lengths differ, there are no categories, a count is negative or not
 * finite, or the totals disagree.
 */
export function chiSquareGoodnessOfFit(observed: ArrayLike<number>, expected: ArrayLike<number>): ChiSquareResult {
  const k = observed.length;
  if (expected.length !== k) throw new RangeError(`chiSquareGoodnessOfFit: ${k} observed counts but ${expected.length} expected`);
  if (k === 0) throw new RangeError('chiSquareGoodnessOfFit: no categories');
  let observedTotal = 0;
  let expectedTotal = 0;
  for (let i = 0; i < k; i++) {
    const o = observed[i];
    const e = expected[i];
    if (!(o >= 0 && o < Infinity) || !(e >= 0 && e < Infinity)) {
      throw new RangeError(`chiSquareGoodnessOfFit: category ${i} has observed ${o} and expected ${e}; counts must be finite and non-negative`);
    }
    observedTotal += o;
    expectedTotal += e;
  }
  const relativeDifference = Math.abs(observedTotal - expectedTotal) / Math.min(observedTotal, expectedTotal);
  if (relativeDifference > SUM_TOLERANCE) {
    throw new RangeError(
      `chiSquareGoodnessOfFit: observed total ${observedTotal} and expected total ${expectedTotal} differ by a relative ${relativeDifference} (at most ${SUM_TOLERANCE})`,
    );
  }
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const difference = observed[i] - expected[i];
    statistic += (difference * difference) / expected[i];
  }
  const dof = k - 1;
  return { statistic, pValue: chiSquareSurvival(statistic, dof), dof };
}

/**
 * P(χ²_dof ≥ x), the upper tail of the chi-square distribution with `dof` (> 0, not necessarily
 * whole) degrees of freedom: the regularised upper incomplete gamma Q(dof/2, x/2), scipy's
 * `chi2.sf(x, dof)` / `chdtrc`. 1 for x ≤ 0, 0 for x = +∞, NaN for NaN or dof ≤ 0.
 */
export function chiSquareSurvival(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}
