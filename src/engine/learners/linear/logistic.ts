import type { Params } from '../../search/domain';
import { denseMatrix, requireTrainable } from '../checks';
import type { FeatureMatrix, FitContext, LearnerSpec, Target } from '../types';
import { taskOf } from '../types';
import { iterationHooks } from './hooks';
import { minimizeLbfgs, type SmoothObjective } from './lbfgs';
import { LINEAR_FORMAT_VERSION, LinearModel, toOriginalScale, type LinearState } from './model';
import { LOGISTIC_DEFAULTS, LOGISTIC_PARAM_DOCS, l1Share, logisticConfig } from './params';
import { standardize } from './standardize';

/**
 * The mean log-loss (weights normalised to sum 1) plus `l2/2 |B|^2`, its gradient, for
 * parameters laid out as `outputs` rows of `p` coefficients followed by `outputs` intercepts.
 * One output is the binary log-odds of class 1; several are multinomial softmax scores.
 */
function logLoss(columns: readonly Float64Array[], codes: Int32Array, weights: Float64Array, outputs: number, l2: number): SmoothObjective {
  const n = codes.length;
  const p = columns.length;
  const margins = Array.from({ length: outputs }, () => new Float64Array(n));
  return (theta, grad) => {
    // Margins column by column: sequential memory access over the column-major features.
    for (let k = 0; k < outputs; k++) {
      const z = margins[k];
      z.fill(theta[outputs * p + k]);
      for (let j = 0; j < p; j++) {
        const b = theta[k * p + j];
        if (b === 0) continue;
        const x = columns[j];
        for (let i = 0; i < n; i++) z[i] += b * x[i];
      }
    }
    let loss = 0;
    // Turn the margins into weighted residuals d_ik = w_i (p_ik - [y_i = k]) in place.
    if (outputs === 1) {
      const z = margins[0];
      for (let i = 0; i < n; i++) {
        const zi = z[i];
        const yi = codes[i];
        // log(1 + e^z) - y z, stable for large |z|.
        const softplus = zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi));
        loss += weights[i] * (softplus - yi * zi);
        const prob = zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi));
        z[i] = weights[i] * (prob - yi);
      }
    } else {
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let k = 0; k < outputs; k++) if (margins[k][i] > max) max = margins[k][i];
        let sum = 0;
        for (let k = 0; k < outputs; k++) sum += Math.exp(margins[k][i] - max);
        const logSum = max + Math.log(sum);
        const yi = codes[i];
        loss += weights[i] * (logSum - margins[yi][i]);
        for (let k = 0; k < outputs; k++) margins[k][i] = weights[i] * (Math.exp(margins[k][i] - logSum) - (k === yi ? 1 : 0));
      }
    }
    let penalty = 0;
    for (let k = 0; k < outputs; k++) {
      const d = margins[k];
      let interceptGrad = 0;
      for (let i = 0; i < n; i++) interceptGrad += d[i];
      grad[outputs * p + k] = interceptGrad;
      for (let j = 0; j < p; j++) {
        const x = columns[j];
        let g = 0;
        for (let i = 0; i < n; i++) g += d[i] * x[i];
        const b = theta[k * p + j];
        grad[k * p + j] = g + l2 * b;
        penalty += b * b;
      }
    }
    return loss + 0.5 * l2 * penalty;
  };
}

function fitLogistic(x: FeatureMatrix, y: Target, params: Params, ctx: FitContext): LinearModel {
  requireTrainable(x, y, ctx.sampleWeight);
  if (y.kind !== 'classification') throw new TypeError("logistic needs a classification target; use the 'linear' learner for regression");
  const cfg = logisticConfig(params);
  const task = taskOf(y);
  const n = x.rows;
  const p = x.columns.length;
  const dense = denseMatrix(x, 'logistic');
  const std = standardize(dense, n, p, ctx.sampleWeight);

  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += ctx.sampleWeight ? ctx.sampleWeight[i] : 1;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = (ctx.sampleWeight ? ctx.sampleWeight[i] : 1) / totalWeight;

  // sklearn minimises C * sum(w_i loss_i) + penalty; dividing by C * W gives the same minimiser
  // with a per-unit-weight loss, whose gradient scale `tol` refers to (as sklearn's lbfgs does).
  const share = l1Share(cfg);
  const strength = cfg.penalty === 'none' ? 0 : 1 / (cfg.C * totalWeight);
  const l1Strength = strength * share;
  const l2Strength = strength * (1 - share);

  const outputs = y.classes.length === 2 ? 1 : y.classes.length;
  const size = outputs * (p + 1);
  const l1 = new Float64Array(size);
  l1.fill(l1Strength, 0, outputs * p);

  const hooks = iterationHooks(ctx, cfg.maxIter, 'logistic');
  const result = minimizeLbfgs(logLoss(std.columns, y.codes, weights, outputs, l2Strength), new Float64Array(size), {
    maxIter: cfg.maxIter,
    tol: cfg.tol,
    l1: l1Strength > 0 ? l1 : undefined,
    beforeIteration: hooks.beforeIteration,
    afterIteration: hooks.afterIteration,
  });
  hooks.finish();
  if (!result.converged) {
    ctx.log?.(
      `logistic: stopped after ${result.iterations} iterations with gradient ${result.gradientNorm.toExponential(2)} > tol ${cfg.tol}; raise maxIter or C`,
    );
  }

  const theta = result.x;
  if (outputs > 1) {
    // Softmax scores are only defined up to a common shift. Unpenalised intercepts are shifted to
    // sum to 0, as sklearn's (which start at 0 and move along gradients summing to 0) do; without
    // an L1 part the same holds for each feature's coefficients (L2 makes it exact at the optimum).
    const centre = (indices: (k: number) => number): void => {
      let mean = 0;
      for (let k = 0; k < outputs; k++) mean += theta[indices(k)] / outputs;
      for (let k = 0; k < outputs; k++) theta[indices(k)] -= mean;
    };
    centre((k) => outputs * p + k);
    if (l1Strength === 0) for (let j = 0; j < p; j++) centre((k) => k * p + j);
  }

  const coef: number[][] = [];
  const intercept: number[] = [];
  for (let k = 0; k < outputs; k++) {
    const original = toOriginalScale(theta.subarray(k * p, (k + 1) * p), theta[outputs * p + k], std.mean, std.scale);
    coef.push(original.coef);
    intercept.push(original.intercept);
  }
  const state: LinearState = {
    featureNames: x.columns.map((c) => c.name),
    classes: [...y.classes],
    coef,
    intercept,
    mean: Array.from(std.mean),
    scale: Array.from(std.scale),
    iterations: result.iterations,
    converged: result.converged,
  };
  return new LinearModel('logistic', task, { ...params }, state);
}

/**
 * Logistic regression (binary, and multinomial softmax for more classes) on internally
 * standardised features, with scikit-learn's `LogisticRegression` objective and parameter scale.
 */
export const logisticLearner: LearnerSpec = {
  name: 'logistic',
  description: 'logistic regression (L2, L1, elastic-net or no penalty; multinomial for several classes) on standardised numeric features',
  tasks: ['binary', 'multiclass'],
  handlesCategorical: false,
  handlesMissing: false,
  defaults: LOGISTIC_DEFAULTS,
  paramDocs: LOGISTIC_PARAM_DOCS,
  version: LINEAR_FORMAT_VERSION,
  searchSpace() {
    return {
      C: { domain: { kind: 'logUniform', low: 1e-4, high: 1e4 }, init: 1 },
      // 'none' is left out: on separable data it diverges, and C = 1e4 is nearly unpenalised anyway.
      penalty: { domain: { kind: 'choice', values: ['l2', 'l1', 'elasticnet'] }, init: 'l2' },
      l1Ratio: { domain: { kind: 'uniform', low: 0, high: 1 }, init: 0.5 },
    };
  },
  relativeCost(params, shape) {
    // A fit is a few hundred passes over n x p numbers against GBDT's hundred trees; OWL-QN
    // (with an L1 part) takes about twice the iterations of plain L-BFGS.
    const withL1 = params.penalty === 'l1' || params.penalty === 'elasticnet';
    return (withL1 ? 0.1 : 0.05) * Math.max(1, Math.sqrt(shape.features / 50));
  },
  fit: fitLogistic,
  load(model) {
    return new LinearModel('logistic', model.task, model.params, model.state as LinearState);
  },
};
