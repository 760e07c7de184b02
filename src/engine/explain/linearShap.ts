/**
 * Exact SHAP values of a linear model with independent features: `w_j (x_j - mean_j)`, with the
 * training means the model standardised with, and the base value the output at the mean row.
 */
import { denseMatrix } from '../learners/checks';
import type { LinearModel } from '../learners/linear/model';
import type { FeatureMatrix } from '../learners/types';
import type { ShapValues } from './shapTypes';

export function linearShap(model: LinearModel, x: FeatureMatrix): ShapValues {
  const output = model.predictRaw(x); // first: it checks that x has the model's features
  const { coef, intercept, mean } = model.state;
  const width = model.featureNames.length;
  const dense = denseMatrix(x, model.learner);
  const base = Float64Array.from(intercept, (b0, k) => coef[k].reduce((sum, w, j) => sum + w * mean[j], b0));
  const values = coef.map((w) => {
    const out = new Float64Array(x.rows * width);
    for (let r = 0; r < x.rows; r++) for (let j = 0; j < width; j++) out[r * width + j] = w[j] * (dense[r * width + j] - mean[j]);
    return out;
  });
  return {
    space: model.task === 'regression' ? 'value' : 'margin',
    features: model.featureNames,
    rows: x.rows,
    base,
    values,
    output,
  };
}
