import type { ParamValue, Params } from '../../search/domain';
import { requireRange, resolveParams } from '../params';
import type { Task } from '../types';

/**
 * Forest parameters, named as scikit-learn's in camelCase, with its defaults (trees grown to
 * purity). `maxFeatures` is the one parameter that takes a string or a number, so it is resolved
 * apart from the others (see `forestConfig`).
 */
export const FOREST_DEFAULTS = {
  numTrees: 100,
  maxFeatures: 'auto',
  maxDepth: -1,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxLeafNodes: -1,
  bootstrap: true,
  maxBin: 255,
} as const satisfies Params;

/** Parameter docs shared by both forests (`bootstrap` defaults differ, see `forestDefaults`). */
export const FOREST_PARAM_DOCS: Readonly<Record<keyof typeof FOREST_DEFAULTS, string>> = {
  numTrees: 'trees in the forest',
  maxFeatures:
    "features drawn (without replacement) at each node: 'sqrt', 'log2', a fraction in (0, 1], or 'auto' " +
    "('sqrt' for classification, 1 = all for regression, as scikit-learn >= 1.1)",
  maxDepth: 'maximum tree depth; -1 grows until the leaves are pure (or another limit stops)',
  minSamplesSplit: 'minimum distinct training rows in a node to split it',
  minSamplesLeaf: 'minimum distinct training rows in each child of a split',
  maxLeafNodes: 'maximum leaves per tree, grown best-first; -1 grows depth-first without a limit',
  bootstrap: 'train each tree on a bootstrap sample (n rows drawn with replacement); enables the out-of-bag score',
  maxBin: 'maximum histogram bins per numeric feature (2-255), plus one for missing values',
};

/** How `maxFeatures` was given: a rule or a fraction of the features. */
export type MaxFeatures = 'sqrt' | 'log2' | number;

/** Validated forest configuration. */
export interface ForestConfig {
  readonly numTrees: number;
  readonly maxFeatures: MaxFeatures;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly maxLeafNodes: number;
  readonly bootstrap: boolean;
  readonly maxBin: number;
}

/** The defaults of one forest flavour: random forests bootstrap, extra trees do not (as scikit-learn). */
export function forestDefaults(bootstrap: boolean): Params {
  return { ...FOREST_DEFAULTS, bootstrap };
}

/**
 * Merges `params` over `defaults` and checks every value; `RangeError` names the culprit.
 * `maxFeatures` accepts `'auto'`, `'sqrt'`, `'log2'` or a number in (0, 1].
 */
export function forestConfig(learner: string, defaults: Params, params: Params, task: Task): ForestConfig {
  const { maxFeatures, ...rest } = params;
  const { maxFeatures: _ignored, ...otherDefaults } = defaults;
  const p = resolveParams(learner, otherDefaults, rest);
  const num = (name: string): number => p[name] as number;
  return {
    numTrees: requireRange(learner, 'numTrees', num('numTrees'), 1, 1e5, { integer: true }),
    maxFeatures: resolveMaxFeatures(learner, maxFeatures ?? defaults.maxFeatures, task),
    maxDepth: requireDepth(learner, num('maxDepth')),
    minSamplesSplit: requireRange(learner, 'minSamplesSplit', num('minSamplesSplit'), 2, 1e9, { integer: true }),
    minSamplesLeaf: requireRange(learner, 'minSamplesLeaf', num('minSamplesLeaf'), 1, 1e9, { integer: true }),
    maxLeafNodes: requireLeafNodes(learner, num('maxLeafNodes')),
    bootstrap: p.bootstrap as boolean,
    maxBin: requireRange(learner, 'maxBin', num('maxBin'), 2, 255, { integer: true }),
  };
}

function resolveMaxFeatures(learner: string, value: ParamValue, task: Task): MaxFeatures {
  if (value === 'auto') return task === 'regression' ? 1 : 'sqrt';
  if (value === 'sqrt' || value === 'log2') return value;
  if (typeof value === 'number') return requireRange(learner, 'maxFeatures', value, 0, 1, { lowOpen: true });
  throw new RangeError(
    `parameter 'maxFeatures' of learner '${learner}' must be 'auto', 'sqrt', 'log2' or a fraction in (0, 1], got ${JSON.stringify(value)}`,
  );
}

function requireDepth(learner: string, value: number): number {
  if (value === -1) return -1;
  return requireRange(learner, 'maxDepth', value, 1, 10000, { integer: true });
}

function requireLeafNodes(learner: string, value: number): number {
  if (value === -1) return -1;
  return requireRange(learner, 'maxLeafNodes', value, 2, 1e9, { integer: true });
}

/** Features drawn at each node for `features` features in all (at least one). */
export function featuresPerNode(maxFeatures: MaxFeatures, features: number): number {
  let k: number;
  if (maxFeatures === 'sqrt') k = Math.floor(Math.sqrt(features));
  else if (maxFeatures === 'log2') k = Math.floor(Math.log2(features));
  else k = Math.floor(maxFeatures * features);
  return Math.max(1, Math.min(features, k));
}
