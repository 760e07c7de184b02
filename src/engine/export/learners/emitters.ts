/** Each learner's exporter, by learner name (the registry's names). */
import { knnCode } from './knnCode';
import type { LearnerEmitter } from './learnerCode';
import { linearCode } from './linearCode';
import { mlpCode } from './mlpCode';
import { naiveBayesCode } from './naiveBayesCode';
import { forestCode, gbdtCode } from './treeCode';

const EMITTERS: Readonly<Record<string, LearnerEmitter>> = {
  gbdt: gbdtCode,
  randomForest: forestCode,
  extraTrees: forestCode,
  linear: linearCode,
  logistic: linearCode,
  mlp: mlpCode,
  knn: knnCode,
  naiveBayes: naiveBayesCode,
};

/** The exporter of learner `name`; a `RangeError` for a learner that cannot be exported. */
export function learnerEmitter(name: string): LearnerEmitter {
  const emitter = EMITTERS[name];
  if (emitter === undefined) throw new RangeError(`models of learner '${name}' cannot be exported as TypeScript yet`);
  return emitter;
}
