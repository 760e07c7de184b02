import { ParamError } from '../../errors';
import type { Params } from '../../search/domain';
import { requireRange, resolveParams } from '../params';

/** Penalties both linear learners accept. */
export type Penalty = 'l2' | 'l1' | 'elasticnet' | 'none';

const PENALTIES: readonly Penalty[] = ['l2', 'l1', 'elasticnet', 'none'];

/**
 * Logistic regression parameters, named and scaled as scikit-learn's `LogisticRegression`
 * (`C`, `penalty`, `l1_ratio`, `max_iter`, `tol`), with its defaults except `maxIter`: 100 often
 * stops short of convergence, and a fit here costs little. On standardised features `z` (weighted
 * mean 0, population std 1) and with `loss = sum_i w_i logloss_i` (unnormalised weights, so a
 * weight of 2 is a duplicated row), the model minimises
 * - 'l2': `C loss + 1/2 |B|^2`, sklearn `LogisticRegression(penalty='l2', C)`;
 * - 'l1': `C loss + |B|_1`, sklearn `LogisticRegression(penalty='l1', C, solver='saga')`;
 * - 'elasticnet': `C loss + l1Ratio |B|_1 + (1 - l1Ratio)/2 |B|^2`, sklearn
 *   `LogisticRegression(penalty='elasticnet', C, l1_ratio, solver='saga')`;
 * - 'none': `loss`, sklearn `LogisticRegression(penalty=None)` (`'none'` before 1.4).
 * The intercepts are not penalised (unlike sklearn's liblinear solver). Three or more classes are
 * multinomial (softmax, one coefficient row per class), as sklearn's `multi_class='multinomial'`.
 */
export const LOGISTIC_DEFAULTS = {
  penalty: 'l2',
  C: 1,
  l1Ratio: 0.5,
  maxIter: 1000,
  tol: 1e-4,
} as const satisfies Params;

/** One line per logistic parameter, for `automl train --help`. */
export const LOGISTIC_PARAM_DOCS: Readonly<Record<keyof typeof LOGISTIC_DEFAULTS, string>> = {
  penalty:
    "'l2', 'l1', 'elasticnet' or 'none'; minimises C * sum(w_i * logloss_i) + penalty(coefficients) on standardised features (scikit-learn's LogisticRegression objective); the intercept is not penalised",
  C: 'inverse regularisation strength (> 0): larger means weaker regularisation',
  l1Ratio: "share of L1 in the 'elasticnet' penalty (0 = pure L2, 1 = pure L1)",
  maxIter: 'maximum optimiser iterations (L-BFGS, or OWL-QN with an L1 part)',
  tol: 'stop when the largest (pseudo-)gradient entry of the per-unit-weight objective is at most this',
};

/**
 * Linear regression parameters, on scikit-learn's `ElasticNet` scale. On standardised features
 * (weighted mean 0, population std 1), with `W` the total weight and `r` the residuals, the model
 * minimises `1/(2 W) sum(w_i r_i^2) + alpha * s * |b|_1 + alpha/2 * (1 - s) * |b|^2`, where `s`
 * is 1 for 'l1', 0 for 'l2', `l1Ratio` for 'elasticnet' (and alpha is 0 for 'none'):
 * - 'elasticnet': sklearn `ElasticNet(alpha, l1_ratio=l1Ratio)`;
 * - 'l1': sklearn `Lasso(alpha)`;
 * - 'l2': sklearn `Ridge(alpha=alpha * W)` (Ridge has no `1/(2n)` in front of its loss);
 * - 'none': sklearn `LinearRegression()`.
 * The intercept is not penalised. The default is a light ridge (sklearn `Ridge(alpha=1)` on 1000
 * rows), which keeps collinear one-hot columns stable without visibly shrinking real effects.
 */
export const LINEAR_DEFAULTS = {
  penalty: 'l2',
  alpha: 1e-3,
  l1Ratio: 0.5,
  maxIter: 1000,
  tol: 1e-4,
} as const satisfies Params;

/** One line per linear regression parameter, for `automl train --help`. */
export const LINEAR_PARAM_DOCS: Readonly<Record<keyof typeof LINEAR_DEFAULTS, string>> = {
  penalty:
    "'l2' (ridge), 'l1' (lasso), 'elasticnet' or 'none' (ordinary least squares), on standardised features; the intercept is not penalised",
  alpha: "regularisation strength (>= 0) on scikit-learn's ElasticNet scale: 1/(2n)|y - Xb|^2 + alpha * penalty",
  l1Ratio: "share of L1 in the 'elasticnet' penalty (0 = ridge, 1 = lasso)",
  maxIter: 'maximum coordinate-descent sweeps over the features',
  tol: 'stop when the largest optimality violation of a coefficient is at most tol times the standard deviation of the target',
};

/** Validated settings shared by both linear learners. */
export interface LinearConfig {
  readonly penalty: Penalty;
  /** The `l1Ratio` parameter as given; `l1Share` gives the L1 share the penalty actually uses. */
  readonly l1Ratio: number;
  readonly maxIter: number;
  readonly tol: number;
}

function commonConfig(learner: string, p: Record<string, unknown>): LinearConfig {
  const penalty = p.penalty as string;
  if (!(PENALTIES as readonly string[]).includes(penalty)) {
    throw new ParamError(`parameter 'penalty' of learner '${learner}' must be one of ${PENALTIES.join(', ')}, got '${penalty}'`);
  }
  return {
    penalty: penalty as Penalty,
    l1Ratio: requireRange(learner, 'l1Ratio', p.l1Ratio as number, 0, 1),
    maxIter: requireRange(learner, 'maxIter', p.maxIter as number, 1, 1e7, { integer: true }),
    tol: requireRange(learner, 'tol', p.tol as number, 0, 1, { lowOpen: true }),
  };
}

/**
 * The share of the penalty that is L1 for a penalty name: 1 for 'l1', 0 for 'l2', `l1Ratio` for
 * 'elasticnet'. (For 'none' the strength is zero anyway.)
 */
export function l1Share(config: LinearConfig): number {
  switch (config.penalty) {
    case 'l1':
      return 1;
    case 'l2':
    case 'none':
      return 0;
    case 'elasticnet':
      return config.l1Ratio;
  }
}

/** Validated logistic regression settings. */
export interface LogisticConfig extends LinearConfig {
  readonly C: number;
}

/** Resolves and validates logistic parameters (`ParamError` naming the parameter otherwise). */
export function logisticConfig(params: Params): LogisticConfig {
  const p = resolveParams('logistic', LOGISTIC_DEFAULTS, params);
  return { ...commonConfig('logistic', p), C: requireRange('logistic', 'C', p.C as number, 0, 1e12, { lowOpen: true }) };
}

/** Validated linear regression settings. */
export interface LinearRegressionConfig extends LinearConfig {
  readonly alpha: number;
}

/** Resolves and validates linear regression parameters (`ParamError` naming the parameter otherwise). */
export function linearConfig(params: Params): LinearRegressionConfig {
  const p = resolveParams('linear', LINEAR_DEFAULTS, params);
  return { ...commonConfig('linear', p), alpha: requireRange('linear', 'alpha', p.alpha as number, 0, 1e12) };
}
