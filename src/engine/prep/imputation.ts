import type { Imputation, Scaling } from './featureDefs';

/** Sorted copy of the non-missing values. */
function presentSorted(values: Float64Array): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
  const present = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present[k++] = values[i];
  return present.sort();
}

/** Median of the non-missing values (0 when there are none). */
export function median(values: Float64Array): number {
  const present = presentSorted(values);
  if (present.length === 0) return 0;
  const mid = present.length >> 1;
  return present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

/** Most frequent non-missing value, the smallest on ties as scikit-learn's `SimpleImputer` (0 when there are none). */
export function mostFrequent(values: Float64Array): number {
  const present = presentSorted(values);
  if (present.length === 0) return 0;
  let best = present[0];
  let bestRun = 0;
  let start = 0;
  for (let i = 1; i <= present.length; i++) {
    if (i === present.length || present[i] !== present[start]) {
      if (i - start > bestRun) {
        bestRun = i - start;
        best = present[start];
      }
      start = i;
    }
  }
  return best;
}

/** The value that replaces missing values under `strategy`, fitted on `values`. */
export function fitFill(values: Float64Array, strategy: Imputation, constant: number): number {
  switch (strategy) {
    case 'median':
      return median(values);
    case 'mostFrequent':
      return mostFrequent(values);
    case 'constant':
      return constant;
  }
}

/**
 * Imputation plus standardisation fitted on `values` (population std; a constant column gets
 * std 1 so it maps to 0 instead of dividing by zero).
 */
export function fitScaling(values: Float64Array, strategy: Imputation, constant: number): Scaling {
  // Fitted even without missing training values: new rows may have some.
  const fill = fitFill(values, strategy, constant);
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Number.isNaN(values[i]) ? fill : values[i];
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += ((Number.isNaN(values[i]) ? fill : values[i]) - mean) ** 2;
  const std = n > 0 ? Math.sqrt(sq / n) : 0;
  return { fill, mean, std: std > 0 ? std : 1 };
}

/** Fills and standardises `values` in place. */
export function applyScaling(values: Float64Array, scaling: Scaling): Float64Array {
  const { fill, mean, std } = scaling;
  for (let i = 0; i < values.length; i++) values[i] = ((Number.isNaN(values[i]) ? fill : values[i]) - mean) / std;
  return values;
}
