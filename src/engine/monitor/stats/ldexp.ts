/**
 * x · 2^exponent without overflowing or underflowing the power on the way (C's `ldexp`). The
 * Kolmogorov recursions keep a separate binary exponent for numbers far outside the double range
 * and apply it once at the end.
 */

/** 2^128, the rescaling step of scipy's Kolmogorov recursions (its `_EP128`). */
export const TWO_POW_128 = 2 ** 128;
/** 2^−128 (scipy's `_EM128`). */
export const TWO_POW_MINUS_128 = 2 ** -128;

/** x · 2^exponent for a whole `exponent`; rounds only when the result is subnormal. */
export function ldexp(x: number, exponent: number): number {
  let result = x;
  let e = exponent;
  while (e > 1000) {
    result *= 2 ** 1000;
    e -= 1000;
    if (!Number.isFinite(result)) return result;
  }
  while (e < -1000) {
    result *= 2 ** -1000;
    e += 1000;
    if (result === 0) return result;
  }
  return result * 2 ** e;
}
