/**
 * What "the model's raw output" is for each learner, the quantity its SHAP values add up to:
 * margins where the model has them (GBDT, linear, MLP, naive Bayes), probabilities where it
 * averages them (forests, kNN), values for regression. Binary classification has one output,
 * for the second class.
 */
import { ForestModel } from '../learners/forest/forest';
import type { FeatureMatrix, FittedModel } from '../learners/types';
import type { OutputSpace } from './shapTypes';

/** The output space of a model's raw output. */
export function outputSpaceOf(model: FittedModel): OutputSpace {
  if (model.task === 'regression') return 'value';
  return model instanceof ForestModel || !model.predictRaw ? 'probability' : 'margin';
}

/** The raw output of a model: one array per output (see the file comment). */
export function rawOutputOf(model: FittedModel, x: FeatureMatrix): Float64Array[] {
  if (model.predictRaw) return model.predictRaw(x);
  if (model.task === 'regression') return [model.predict(x)];
  const proba = model.predictProba?.(x);
  if (!proba) throw new TypeError(`model '${model.learner}' gives no probabilities`);
  return model.task === 'binary' ? [proba[1]] : proba;
}
