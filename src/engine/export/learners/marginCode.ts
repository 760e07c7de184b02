/**
 * Pieces shared by the exporters of learners whose outputs are margins (linear, logistic, MLP):
 * the check that the plan feeds them dense numeric features, and the closing link function,
 * written as the engine's `probabilitiesFromMargins` (learners/outputs.ts) computes it.
 */
import type { Task } from '../../learners/types';
import type { FeatureSlot, RuntimeHelper } from './learnerCode';

/**
 * Checks that `features` are the numeric slots the model was trained on (the engine's
 * `checkFeatures` for a dense learner), so a mismatched plan fails at export, not in use.
 * @throws RangeError on a different count or name, TypeError on a categorical slot.
 */
export function requireNumericSlots(learner: string, featureNames: readonly string[], features: readonly FeatureSlot[]): void {
  if (features.length !== featureNames.length) {
    throw new RangeError(`the ${learner} model expects ${featureNames.length} features, the plan gives ${features.length}`);
  }
  features.forEach((slot, j) => {
    if (slot.name !== featureNames[j]) throw new RangeError(`feature ${j} is '${slot.name}', the ${learner} model expects '${featureNames[j]}'`);
    if (slot.kind !== 'numeric') throw new TypeError(`the ${learner} model needs numeric features; '${slot.name}' is categorical`);
  });
}

/**
 * Statements (at `indent`) that return the outputs from `margins`, the source name of an
 * `ArrayLike<number>` with one margin per output: `[margins[0]]` for regression, `[1 - p, p]`
 * with `p = sigmoid(margins[0])` for binary, their softmax for multiclass (copied to a
 * `number[]` first unless `isNumberArray`).
 */
export function marginReturn(task: Task, margins: string, indent: string, isNumberArray = false): { code: string; helpers: RuntimeHelper[] } {
  if (task === 'regression') return { code: `${indent}return [${margins}[0]];`, helpers: [] };
  if (task === 'binary') {
    return { code: `${indent}const p = sigmoid(${margins}[0]);\n${indent}return [1 - p, p];`, helpers: ['sigmoid'] };
  }
  return { code: `${indent}return softmax(${isNumberArray ? margins : `Array.from(${margins})`});`, helpers: ['softmax'] };
}
