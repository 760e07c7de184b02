import type { Rng } from '../random';
import { foldsFromAssignment } from './foldArrays';
import { groupKFoldAssignment } from './groupFolds';
import { holdoutAssignment, kFoldAssignment, stratifiedHoldoutAssignment, stratifiedKFoldAssignment } from './shuffledFolds';
import { timeSeriesFolds } from './timeFolds';
import type { Fold, ValidationPlan } from './types';

export { chooseValidation, type ValidationOverrides, type ValidationShape } from './chooseValidation';

/** The columns a plan may split by, one entry per training row. */
export interface SplitData {
  readonly rows: number;
  /** Classification target codes in [0, classes), for stratification. */
  readonly codes?: Int32Array;
  /** Group codes (negative = missing), for group k-fold. */
  readonly groups?: Int32Array;
  /** Epoch milliseconds (NaN = missing), for time splits. */
  readonly time?: Float64Array;
}

/**
 * The folds of a validation plan, each with ascending train and test positions into the rows.
 *
 * - `kfold`: `repeats × folds` folds, repeat-major; each repeat reshuffles, and within a repeat
 *   every row is tested exactly once. Stratified plans spread each class evenly (`codes` needed).
 * - `holdout`: one fold; stratified plans keep class proportions within one row.
 * - `group`: `folds` folds; a group's rows are all in the same test fold (`groups` needed).
 * - `time`: `folds` expanding-window folds in time order (`time` needed); rows without a time
 *   are in no fold.
 *
 * Randomness comes from `rng` only (it is advanced), so the same seed gives the same folds. A split
 * the data cannot support (fewer rows or groups than folds, …) is a `DataError` saying why; a
 * malformed plan or missing column is a `RangeError`/`TypeError`. The detailed rules, and how
 * rare classes, missing groups and tied timestamps are handled, are on the functions used per kind.
 */
export function makeFolds(plan: ValidationPlan, data: SplitData, rng: Rng): Fold[] {
  const rows = data.rows;
  if (!(Number.isInteger(rows) && rows >= 0)) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  switch (plan.kind) {
    case 'kfold': {
      checkFolds(plan.folds);
      if (!(Number.isInteger(plan.repeats) && plan.repeats >= 1)) {
        throw new RangeError(`repeats must be an integer of at least 1, got ${plan.repeats}`);
      }
      const codes = plan.stratified ? column(data.codes, 'codes', 'stratified validation', rows) : undefined;
      const classes = codes === undefined ? 0 : classCount(codes);
      const result: Fold[] = [];
      for (let r = 0; r < plan.repeats; r++) {
        const assignment =
          codes === undefined ? kFoldAssignment(rows, plan.folds, rng) : stratifiedKFoldAssignment(codes, classes, plan.folds, rng);
        result.push(...foldsFromAssignment(assignment, plan.folds));
      }
      return result;
    }
    case 'holdout': {
      if (!(plan.testFraction > 0 && plan.testFraction < 1)) {
        throw new RangeError(`testFraction must be in (0, 1), got ${plan.testFraction}`);
      }
      if (!plan.stratified) return foldsFromAssignment(holdoutAssignment(rows, plan.testFraction, rng), 1);
      const codes = column(data.codes, 'codes', 'a stratified holdout', rows);
      return foldsFromAssignment(stratifiedHoldoutAssignment(codes, classCount(codes), plan.testFraction, rng), 1);
    }
    case 'group': {
      checkFolds(plan.folds);
      const groups = column(data.groups, 'groups', 'group validation', rows);
      return foldsFromAssignment(groupKFoldAssignment(groups, plan.folds, rng), plan.folds);
    }
    case 'time': {
      checkFolds(plan.folds);
      return timeSeriesFolds(column(data.time, 'time', 'time-ordered validation', rows), plan.folds);
    }
    default:
      throw new RangeError(`unknown validation plan kind '${(plan as { kind: unknown }).kind}'`);
  }
}

function checkFolds(folds: number): void {
  if (!(Number.isInteger(folds) && folds >= 2)) throw new RangeError(`folds must be an integer of at least 2, got ${folds}`);
}

function column<T extends Int32Array | Float64Array>(values: T | undefined, name: string, purpose: string, rows: number): T {
  if (values === undefined) throw new TypeError(`${purpose} needs data.${name}`);
  if (values.length !== rows) throw new RangeError(`data.${name} has ${values.length} entries for ${rows} rows`);
  return values;
}

/** One more than the largest code; negative codes (a missing target) cannot be stratified. */
function classCount(codes: Int32Array): number {
  let max = -1;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] < 0) throw new RangeError(`data.codes[${i}] is ${codes[i]}; stratification needs every row's class`);
    max = Math.max(max, codes[i]);
  }
  return max + 1;
}
