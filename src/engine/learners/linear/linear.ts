import type { Params } from '../../search/domain';
import { denseMatrix, requireTrainable } from '../checks';
import type { FeatureMatrix, FitContext, LearnerSpec, Target } from '../types';
import { coordinateDescent } from './coordinateDescent';
import { iterationHooks } from './hooks';
import { LINEAR_FORMAT_VERSION, LinearModel, toOriginalScale, type LinearState } from './model';
import { LINEAR_DEFAULTS, LINEAR_PARAM_DOCS, l1Share, linearConfig } from './params';
import { standardize } from './standardize';

function fitLinear(x: FeatureMatrix, y: Target, params: Params, ctx: FitContext): LinearModel {
  requireTrainable(x, y, ctx.sampleWeight);
  if (y.kind !== 'regression') throw new TypeError("linear needs a numeric target; use the 'logistic' learner for classification");
  const cfg = linearConfig(params);
  const n = x.rows;
  const p = x.columns.length;
  const dense = denseMatrix(x, 'linear');
  const std = standardize(dense, n, p, ctx.sampleWeight);

  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += ctx.sampleWeight ? ctx.sampleWeight[i] : 1;
  const weights = new Float64Array(n);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = (ctx.sampleWeight ? ctx.sampleWeight[i] : 1) / totalWeight;
    yMean += weights[i] * y.values[i];
  }
  // The features are centred, so the unpenalised intercept is the target's weighted mean and the
  // coefficients solve the centred problem.
  const target = new Float64Array(n);
  let yVariance = 0;
  for (let i = 0; i < n; i++) {
    target[i] = y.values[i] - yMean;
    yVariance += weights[i] * target[i] * target[i];
  }
  const yScale = yVariance > 0 ? Math.sqrt(yVariance) : 1;

  const share = l1Share(cfg);
  const alpha = cfg.penalty === 'none' ? 0 : cfg.alpha;
  const hooks = iterationHooks(ctx, cfg.maxIter, 'linear');
  const result = coordinateDescent(
    { columns: std.columns, target, weights, l1: alpha * share, l2: alpha * (1 - share) },
    {
      maxIter: cfg.maxIter,
      // Coefficients of standardised features are in target units, so the tolerance is relative to its spread.
      tol: cfg.tol * yScale,
      beforeIteration: hooks.beforeIteration,
      afterIteration: hooks.afterIteration,
    },
  );
  hooks.finish();
  if (!result.converged) {
    ctx.log?.(`linear: coordinate descent stopped after ${result.iterations} sweeps short of tol ${cfg.tol}; raise maxIter or alpha`);
  }

  const original = toOriginalScale(result.coef, yMean, std.mean, std.scale);
  const state: LinearState = {
    featureNames: x.columns.map((c) => c.name),
    coef: [original.coef],
    intercept: [original.intercept],
    mean: Array.from(std.mean),
    scale: Array.from(std.scale),
    iterations: result.iterations,
    converged: result.converged,
  };
  return new LinearModel('linear', 'regression', { ...params }, state);
}

/**
 * Linear regression with scikit-learn's `ElasticNet` objective on internally standardised
 * features: `penalty` 'l2' is ridge, 'l1' lasso, 'elasticnet' both, 'none' least squares.
 */
export const linearLearner: LearnerSpec = {
  name: 'linear',
  description: 'linear regression (ridge, lasso, elastic net or least squares) by coordinate descent on standardised numeric features',
  tasks: ['regression'],
  handlesCategorical: false,
  handlesMissing: false,
  defaults: LINEAR_DEFAULTS,
  paramDocs: LINEAR_PARAM_DOCS,
  version: LINEAR_FORMAT_VERSION,
  searchSpace() {
    return {
      alpha: { domain: { kind: 'logUniform', low: 1e-6, high: 10 }, init: LINEAR_DEFAULTS.alpha },
      penalty: { domain: { kind: 'choice', values: ['l2', 'l1', 'elasticnet'] }, init: 'l2' },
      l1Ratio: { domain: { kind: 'uniform', low: 0, high: 1 }, init: 0.5 },
    };
  },
  relativeCost(_params, shape) {
    // A few O(n p) sweeps, or at worst a Gram matrix (n p^2 / 2) after p / 4 of them: growing
    // with the width about as fast as GBDT's histograms do, plus the p^2 term on wide data.
    return 0.05 * Math.max(1, shape.features / 50);
  },
  fit: fitLinear,
  load(model) {
    return new LinearModel('linear', model.task, model.params, model.state as LinearState);
  },
};
