import { regressionMetric } from './metricInputs';

/**
 * Regression metrics as scikit-learn defines them; every mean is weighted by `sample_weight` the
 * way `np.average(..., weights=sample_weight)` is.
 */

/** Root of the weighted mean squared error. */
export const rmse = regressionMetric({ name: 'rmse', label: 'RMSE', higherIsBetter: false }, ({ truth, predicted, weights }) => {
  let sum = 0;
  let totalWeight = 0;
  for (let i = 0; i < truth.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    const error = truth[i] - predicted[i];
    sum += w * error * error;
    totalWeight += w;
  }
  return Math.sqrt(sum / totalWeight);
});

/** Weighted mean absolute error. */
export const mae = regressionMetric({ name: 'mae', label: 'MAE', higherIsBetter: false }, ({ truth, predicted, weights }) => {
  let sum = 0;
  let totalWeight = 0;
  for (let i = 0; i < truth.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    sum += w * Math.abs(truth[i] - predicted[i]);
    totalWeight += w;
  }
  return sum / totalWeight;
});

/**
 * Coefficient of determination, 1 - SSres / SStot around the weighted mean. A constant truth
 * (SStot = 0) scores 1 when predicted exactly and 0 otherwise, scikit-learn's `force_finite`
 * answer, so a search never sees -Infinity or NaN for it.
 */
export const r2 = regressionMetric({ name: 'r2', label: 'R²', higherIsBetter: true }, ({ truth, predicted, weights }) => {
  let weightedSum = 0;
  let totalWeight = 0;
  let residual = 0;
  for (let i = 0; i < truth.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    const error = truth[i] - predicted[i];
    residual += w * error * error;
    weightedSum += w * truth[i];
    totalWeight += w;
  }
  const mean = weightedSum / totalWeight;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    const deviation = truth[i] - mean;
    total += w * deviation * deviation;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
});

/** Machine epsilon of float64: scikit-learn's floor on |y| in MAPE. */
const EPSILON = 2.220446049250313e-16;

/**
 * Mean absolute percentage error as a fraction (0.1 = 10%), scikit-learn's
 * `mean_absolute_percentage_error`: |y - p| / max(|y|, eps). A zero truth therefore gives a huge
 * but finite term rather than Infinity.
 */
export const mape = regressionMetric({ name: 'mape', label: 'MAPE', higherIsBetter: false }, ({ truth, predicted, weights }) => {
  let sum = 0;
  let totalWeight = 0;
  for (let i = 0; i < truth.length; i++) {
    const w = weights === undefined ? 1 : weights[i];
    sum += w * (Math.abs(truth[i] - predicted[i]) / Math.max(Math.abs(truth[i]), EPSILON));
    totalWeight += w;
  }
  return sum / totalWeight;
});
