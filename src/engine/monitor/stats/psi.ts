/**
 * The population stability index, as Evidently computes it for every column type: the bucket
 * shares of the reference and the current sample compared by Σ (ref − cur)·ln(ref / cur), which
 * equals Σ (cur − ref)·ln(cur / ref). 0.1 is Evidently's default drift threshold.
 */

/** The share an empty bucket gets before the sum (Evidently's `np.place(percents, percents == 0, 0.0001)`). */
export const PSI_EMPTY_BUCKET_SHARE = 0.0001;

/**
 * PSI over bucket shares (fractions of each sample per bucket, each array summing to 1; they are
 * not rescaled). Shares that are exactly 0 become {@link PSI_EMPTY_BUCKET_SHARE} first, so an
 * empty bucket counts as rare rather than impossible. ≥ 0, and 0 when the shares are equal.
 *
 * @throws RangeError when the lengths differ or a share is negative or not finite.
 */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const k = reference.length;
  if (current.length !== k) throw new RangeError(`populationStabilityIndex: lengths differ (${k} and ${current.length})`);
  let psi = 0;
  for (let i = 0; i < k; i++) {
    let ref = reference[i];
    let cur = current[i];
    if (!(ref >= 0 && ref < Infinity) || !(cur >= 0 && cur < Infinity)) {
      throw new RangeError(`populationStabilityIndex: bucket ${i} has shares ${ref} and ${cur}; shares must be finite and non-negative`);
    }
    if (ref === 0) ref = PSI_EMPTY_BUCKET_SHARE;
    if (cur === 0) cur = PSI_EMPTY_BUCKET_SHARE;
    psi += (ref - cur) * Math.log(ref / cur);
  }
  return psi;
}
