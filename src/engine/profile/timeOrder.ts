/** Share of consecutive non-missing values that never go down, and that never go up. */
export interface OrderShares {
  /** Consecutive pairs compared (non-missing values minus one, or 0). */
  readonly pairs: number;
  /** Fraction of pairs with next >= previous, 0..1 (0 when there are no pairs). */
  readonly nonDecreasing: number;
  /** Fraction of pairs with next <= previous, 0..1. */
  readonly nonIncreasing: number;
}

/** Compares each non-missing value with the previous non-missing one, in row order. */
export function orderShares(values: Float64Array): OrderShares {
  let previous = NaN;
  let pairs = 0;
  let up = 0;
  let down = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (previous === previous) {
      pairs++;
      if (v >= previous) up++;
      if (v <= previous) down++;
    }
    previous = v;
  }
  return pairs === 0
    ? { pairs, nonDecreasing: 0, nonIncreasing: 0 }
    : { pairs, nonDecreasing: up / pairs, nonIncreasing: down / pairs };
}
