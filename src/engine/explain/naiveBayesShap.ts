/**
 * Exact SHAP values of naive Bayes. Its raw output (the log-odds, or each class's joint
 * log-likelihood) is the log prior plus one term per feature, and a missing value adds no term
 * (the model marginalises it). An additive model's Shapley value of a feature, against a
 * background of rows, is its term for the row minus its mean term over the background: exact, no
 * sampling (KernelSHAP used to spend most of an ensemble's explanation time on it).
 */
import type { NaiveBayesModel } from '../learners/naiveBayes/naiveBayes';
import type { FeatureMatrix } from '../learners/types';
import type { ShapValues } from './shapTypes';

/**
 * SHAP values of `model` for the rows of `x` (the model's own features) against the weighted
 * `background` rows (weights summing to 1), in the model's raw output space.
 */
export function naiveBayesShap(model: NaiveBayesModel, x: FeatureMatrix, background: { readonly data: FeatureMatrix; readonly weights: Float64Array }): ShapValues {
  const output = model.predictRaw(x); // first: it checks that x has the model's features
  const width = x.columns.length;
  const terms = model.rawTerms(x);
  const bgTerms = model.rawTerms(background.data);
  const outputs = output.length;
  const meanTerm = bgTerms.map((perOutput) => perOutput.map((t) => t.reduce((sum, v, b) => sum + background.weights[b] * v, 0)));
  const bgOutput = model.predictRaw(background.data);
  const base = Float64Array.from({ length: outputs }, (_, o) => bgOutput[o].reduce((sum, v, b) => sum + background.weights[b] * v, 0));
  const values = Array.from({ length: outputs }, (_, o) => {
    const out = new Float64Array(x.rows * width);
    for (let f = 0; f < width; f++) {
      const term = terms[f][o];
      const mean = meanTerm[f][o];
      for (let r = 0; r < x.rows; r++) out[r * width + f] = term[r] - mean;
    }
    return out;
  });
  return { space: model.task === 'regression' ? 'value' : 'margin', features: model.featureNames, rows: x.rows, base, values, output };
}
