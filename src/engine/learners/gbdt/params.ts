import { ParamError } from '../../errors';
import type { Params } from '../../search/domain';
import { requireRange, resolveParams } from '../params';
import type { Task } from '../types';

/** GBDT parameters, named as LightGBM's in camelCase, with LightGBM's defaults. */
export const GBDT_DEFAULTS = {
  objective: 'auto',
  numIterations: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  maxBin: 255,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL1: 0,
  lambdaL2: 0,
  minGainToSplit: 0,
  featureFraction: 1,
  baggingFraction: 1,
  baggingFreq: 0,
  earlyStoppingRound: 0,
  huberDelta: 1,
  maxCatToOnehot: 4,
  maxCatThreshold: 32,
  catL2: 10,
  catSmooth: 10,
  minDataPerGroup: 100,
} as const satisfies Params;

export const GBDT_PARAM_DOCS: Readonly<Record<keyof typeof GBDT_DEFAULTS, string>> = {
  objective: "'auto' (from the target), 'binary', 'multiclass', 'regression' (L2), 'regression_l1', 'huber'",
  numIterations: 'boosting rounds (trees per class)',
  learningRate: 'shrinkage applied to each tree',
  numLeaves: 'maximum leaves per tree (leaf-wise growth)',
  maxDepth: 'maximum tree depth; <= 0 means no limit',
  maxBin: 'maximum histogram bins per feature (2-255), plus one for missing values',
  minDataInLeaf: 'minimum rows in a leaf',
  minSumHessianInLeaf: 'minimum sum of hessians in a leaf',
  lambdaL1: 'L1 regularisation of leaf values',
  lambdaL2: 'L2 regularisation of leaf values',
  minGainToSplit: 'minimum gain to make a split',
  featureFraction: 'share of features sampled for each tree (0-1]',
  baggingFraction: 'share of rows sampled (without replacement) every baggingFreq rounds (0-1]',
  baggingFreq: 'resample rows every k rounds; 0 disables bagging',
  earlyStoppingRound: 'stop when the validation loss has not improved for this many rounds; 0 disables',
  huberDelta: "residual size where the 'huber' objective turns from squared to absolute loss",
  maxCatToOnehot: 'categorical features with at most this many categories try one-vs-rest splits',
  maxCatThreshold: 'most categories on one side of a categorical split',
  catL2: 'extra L2 regularisation in categorical splits',
  catSmooth: 'smoothing when sorting categories by gradient/hessian',
  minDataPerGroup: 'minimum rows of a category to take part in a categorical split',
};

export type GbdtObjective = 'binary' | 'multiclass' | 'regression' | 'regression_l1' | 'huber';

/** Validated GBDT configuration. */
export interface GbdtConfig {
  readonly objective: GbdtObjective;
  readonly numIterations: number;
  readonly learningRate: number;
  readonly numLeaves: number;
  readonly maxDepth: number;
  readonly maxBin: number;
  readonly minDataInLeaf: number;
  readonly minSumHessianInLeaf: number;
  readonly lambdaL1: number;
  readonly lambdaL2: number;
  readonly minGainToSplit: number;
  readonly featureFraction: number;
  readonly baggingFraction: number;
  readonly baggingFreq: number;
  readonly earlyStoppingRound: number;
  readonly huberDelta: number;
  readonly maxCatToOnehot: number;
  readonly maxCatThreshold: number;
  readonly catL2: number;
  readonly catSmooth: number;
  readonly minDataPerGroup: number;
}

const OBJECTIVES_BY_TASK: Readonly<Record<Task, readonly GbdtObjective[]>> = {
  binary: ['binary'],
  multiclass: ['multiclass'],
  regression: ['regression', 'regression_l1', 'huber'],
};

/** Merges `params` over the defaults and checks every value; `ParamError` names the culprit. */
export function gbdtConfig(params: Params, task: Task): GbdtConfig {
  const p = resolveParams('gbdt', GBDT_DEFAULTS, params) as Record<keyof typeof GBDT_DEFAULTS, number | string>;
  const num = (name: keyof typeof GBDT_DEFAULTS): number => p[name] as number;
  const n = 'gbdt';
  const objective = (p.objective === 'auto' ? OBJECTIVES_BY_TASK[task][0] : p.objective) as GbdtObjective;
  if (!OBJECTIVES_BY_TASK[task].includes(objective)) {
    throw new ParamError(`objective '${String(p.objective)}' does not fit a ${task} target; use ${OBJECTIVES_BY_TASK[task].join(' or ')}`);
  }
  return {
    objective,
    numIterations: requireRange(n, 'numIterations', num('numIterations'), 1, 1e6, { integer: true }),
    learningRate: requireRange(n, 'learningRate', num('learningRate'), 0, 10, { lowOpen: true }),
    numLeaves: requireRange(n, 'numLeaves', num('numLeaves'), 2, 131072, { integer: true }),
    maxDepth: requireRange(n, 'maxDepth', num('maxDepth'), -1, 1000, { integer: true }),
    maxBin: requireRange(n, 'maxBin', num('maxBin'), 2, 255, { integer: true }),
    minDataInLeaf: requireRange(n, 'minDataInLeaf', num('minDataInLeaf'), 1, 1e9, { integer: true }),
    minSumHessianInLeaf: requireRange(n, 'minSumHessianInLeaf', num('minSumHessianInLeaf'), 0, 1e12),
    lambdaL1: requireRange(n, 'lambdaL1', num('lambdaL1'), 0, 1e12),
    lambdaL2: requireRange(n, 'lambdaL2', num('lambdaL2'), 0, 1e12),
    minGainToSplit: requireRange(n, 'minGainToSplit', num('minGainToSplit'), 0, 1e12),
    featureFraction: requireRange(n, 'featureFraction', num('featureFraction'), 0, 1, { lowOpen: true }),
    baggingFraction: requireRange(n, 'baggingFraction', num('baggingFraction'), 0, 1, { lowOpen: true }),
    baggingFreq: requireRange(n, 'baggingFreq', num('baggingFreq'), 0, 1e6, { integer: true }),
    earlyStoppingRound: requireRange(n, 'earlyStoppingRound', num('earlyStoppingRound'), 0, 1e6, { integer: true }),
    huberDelta: requireRange(n, 'huberDelta', num('huberDelta'), 0, 1e12, { lowOpen: true }),
    maxCatToOnehot: requireRange(n, 'maxCatToOnehot', num('maxCatToOnehot'), 1, 256, { integer: true }),
    maxCatThreshold: requireRange(n, 'maxCatThreshold', num('maxCatThreshold'), 1, 256, { integer: true }),
    catL2: requireRange(n, 'catL2', num('catL2'), 0, 1e12),
    catSmooth: requireRange(n, 'catSmooth', num('catSmooth'), 0, 1e12),
    minDataPerGroup: requireRange(n, 'minDataPerGroup', num('minDataPerGroup'), 1, 1e9, { integer: true }),
  };
}
