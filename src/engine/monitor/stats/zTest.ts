/**
 * The two-sample z-test for a difference of proportions with pooled variance, as Evidently's
 * `z_stat_test` computes it (`proportions_diff_z_stat_ind` and a two-sided p-value); Evidently
 * uses it for binary columns when the reference has at most 1000 rows.
 */
import { standardNormalSurvival } from './normal';

/** The outcome of {@link twoProportionZTest}. */
export interface ZTestResult {
  /** (pA − pB) / √(P(1 − P)(1/nA + 1/nB)) with P the pooled proportion; positive when A's proportion is larger. */
  readonly statistic: number;
  /** Two-sided p-value 2·(1 − Φ(|z|)). */
  readonly pValue: number;
}

/**
 * Tests whether `successesA / totalA` and `successesB / totalB` differ. The p-value is
 * 2·(1 − Φ(|z|)), computed as 2·P(Z > |z|) so that it keeps its digits where 1 − Φ would round to
 * 0 (Evidently's literal `2 * (1 - norm.cdf(|z|))` reads 0 there; the two agree to 1e-16
 * absolute). When the pooled proportion is 0 or 1 (no successes or no failures anywhere) there is
 * nothing to test: z = 0 and p = 1.
 *
 * @throws RangeError unless both totals are positive and 0 ≤ successes ≤ total for each sample.
 */
export function twoProportionZTest(successesA: number, totalA: number, successesB: number, totalB: number): ZTestResult {
  if (!(totalA > 0 && totalB > 0 && totalA < Infinity && totalB < Infinity)) {
    throw new RangeError(`twoProportionZTest: totals must be positive and finite, got ${totalA} and ${totalB}`);
  }
  if (!(successesA >= 0 && successesA <= totalA && successesB >= 0 && successesB <= totalB)) {
    throw new RangeError(`twoProportionZTest: successes must lie in [0, total], got ${successesA}/${totalA} and ${successesB}/${totalB}`);
  }
  const pA = successesA / totalA;
  const pB = successesB / totalB;
  // The same order of operations as Evidently, so the statistic agrees to the last bit or so.
  const pooled = (pA * totalA + pB * totalB) / (totalA + totalB);
  if (successesA + successesB === 0 || successesA + successesB === totalA + totalB || pooled <= 0 || pooled >= 1) {
    return { statistic: 0, pValue: 1 };
  }
  const statistic = (pA - pB) / Math.sqrt(pooled * (1 - pooled) * (1 / totalA + 1 / totalB));
  return { statistic, pValue: Math.min(1, 2 * standardNormalSurvival(Math.abs(statistic))) };
}
