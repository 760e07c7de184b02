/**
 * A column's drift score by the method `driftMethod` chose: tests (p-values) and distances over
 * the reference sample and the new values, missing values left out on both sides (their rate is
 * a data-quality check of its own).
 */
import { toShares } from './buckets';
import type { AlignedCounts } from './discreteCounts';
import type { DriftMethod } from './monitorReport';
import { chiSquareGoodnessOfFit } from './stats/chiSquare';
import { jensenShannonDistance } from './stats/jensenShannon';
import { ks2sampSorted } from './stats/ks';
import { wassersteinSorted } from './stats/wasserstein';
import { twoProportionZTest } from './stats/zTest';

/**
 * Shares of 0 become this before the Jensen–Shannon distance (Evidently's convention), so a value
 * one side lacks counts as rare rather than impossible.
 */
const EMPTY_SHARE = 0.0001;

/**
 * The score of a continuous numeric column from both sides' values sorted ascending (the checks
 * sort the new values once for this, the range and the buckets): the KS test's p-value, or the
 * Wasserstein distance divided by the reference's population standard deviation `referenceStd`.
 * A constant reference (std 0) scores 0 when the new values equal it and 1 (drift) otherwise: any
 * spread is new.
 */
export function continuousScore(method: DriftMethod, referenceSorted: Float64Array, currentSorted: Float64Array, referenceStd: number): number {
  if (method === 'ks') return ks2sampSorted(referenceSorted, currentSorted).pValue;
  if (method !== 'wasserstein') throw new RangeError(`'${method}' does not score continuous values`);
  const distance = wassersteinSorted(referenceSorted, currentSorted);
  if (referenceStd > 0) return distance / referenceStd;
  return distance === 0 ? 0 : 1;
}

/**
 * The score of discrete values (categories, or a number's few values) from their aligned counts:
 * the chi-square test of the new counts against the reference's shares scaled to the new total
 * (Evidently's form), the z-test of the first value's share, or the Jensen–Shannon distance.
 * A value the reference never had makes the chi-square p-value 0: its expected count is 0.
 */
export function discreteScore<K>(method: DriftMethod, counts: AlignedCounts<K>): number {
  const referenceTotal = counts.reference.reduce((s, c) => s + c, 0);
  const currentTotal = counts.current.reduce((s, c) => s + c, 0);
  switch (method) {
    case 'chisquare': {
      if (counts.keys.length > counts.firstUnseen && counts.current.subarray(counts.firstUnseen).some((c) => c > 0)) return 0;
      if (counts.keys.length < 2) return 1;
      const expected = Float64Array.from(counts.reference, (c) => (c * currentTotal) / referenceTotal);
      return chiSquareGoodnessOfFit(counts.current, expected).pValue;
    }
    case 'ztest': {
      // One value on both sides, the same: nothing to compare.
      if (counts.keys.length < 2) return 1;
      return twoProportionZTest(counts.reference[0], referenceTotal, counts.current[0], currentTotal).pValue;
    }
    case 'jensenshannon': {
      const fill = (shares: number[]): number[] => shares.map((s) => (s === 0 ? EMPTY_SHARE : s));
      return jensenShannonDistance(fill(toShares(counts.reference)), fill(toShares(counts.current)));
    }
    default:
      throw new RangeError(`'${method}' does not score discrete values`);
  }
}
