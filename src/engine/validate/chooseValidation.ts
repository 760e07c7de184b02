import type { Task } from '../learners/types';
import type { ValidationPlan } from './types';

/** What the automatic choice looks at. */
export interface ValidationShape {
  readonly rows: number;
  readonly task: Task;
  /** Rows of the rarest class (classification), to keep every class in every fold. */
  readonly minClassCount?: number;
  /** Feature columns and the run's time budget: with both, k-fold only where it is affordable. */
  readonly features?: number;
  readonly budgetSeconds?: number;
  /** Classes of a multiclass target: a boosted model fits a tree per class and round, so each costs as much as a column. */
  readonly classes?: number;
}

/** What the user said, each taking precedence over the automatic choice. */
export interface ValidationOverrides {
  /** Number of folds (k-fold, or the folds of a group or time split). */
  readonly folds?: number;
  /** Column whose values must not straddle train and test: group k-fold. */
  readonly group?: string;
  /** Date column to validate in time order: expanding-window time split. */
  readonly time?: string;
  /** Repeat k-fold this many times, reshuffled each time (k-fold plans only). */
  readonly repeats?: number;
  /** Validate on one holdout of this share of the rows instead of k-fold. */
  readonly holdout?: number;
}

/** Up to this many rows, 10-fold: small data needs every row in training as often as possible. */
const TEN_FOLD_BELOW_ROWS = 1_000;
/** From this many rows a single 20% holdout estimates well enough, at a fifth of the cost. */
const HOLDOUT_FROM_ROWS = 50_000;
const DEFAULT_FOLDS = 5;
/**
 * K-fold is affordable while rows × features stay under this many cells per hour of budget
 * (FLAML's rule of thumb): a 60 s budget cross-validates up to about 167k cells and holds out
 * beyond, where five fits per trial would leave too few trials. A multiclass target multiplies
 * the cells by its classes (see `costCells`).
 */
const CV_CELLS_PER_BUDGET_HOUR = 10_000_000;

/**
 * The cells the affordability rules weigh: rows × features, times the classes of a multiclass
 * target, since the boosted models that lead most runs fit a tree per class and round (a trial on
 * letter's 26 classes costs about as much as one on 26 times its columns). Measured on letter
 * (16,000 training rows, 16 columns, 5 seeded splits): at a 120 s budget the rows × features rule
 * chose 5-fold, and the runs fit 4-7 trials (one 21) and scored worse than at 60 s, where it held
 * out (8 trials): log loss 0.1145 against 0.0983, macro F1 0.9673 against 0.9682.
 */
const costCells = (shape: ValidationShape): number =>
  shape.rows * (shape.features ?? 0) * (shape.classes !== undefined && shape.classes > 2 ? shape.classes : 1);

/**
 * Small data well inside that allowance (a tenth of it) repeats 10-fold three times: there a
 * single split's luck decides which of many close configurations looks best, and the budget
 * affords hundreds of trials anyway.
 */
const REPEAT_BELOW_SHARE = 0.1;
const SMALL_DATA_REPEATS = 3;

/**
 * The validation plan of a run. Automatically, by size: below 1,000 rows 10-fold, below 50,000
 * 5-fold, else a 20% holdout; stratified for classification. Given the feature count and the
 * budget, data too big to cross-validate within the budget (from 1,000 rows) is held out too, and
 * small data far inside it repeats 10-fold three times. K-fold never asks for more folds than
 * there are rows, or than the rarest class has members (so every class is in every test fold),
 * but keeps at least 2.
 *
 * User overrides win as given: a group column gives group k-fold, a time column a time split
 * (5 folds unless `folds` says otherwise), and `folds` alone k-fold with that many folds
 * (stratified for classification); `repeats` repeats k-fold and `holdout` asks for one holdout of
 * that share. Naming both a group and a time column is a RangeError: no plan honours both.
 */
export function chooseValidation(shape: ValidationShape, overrides: ValidationOverrides = {}): ValidationPlan {
  const { folds, group, time, repeats = 1, holdout } = overrides;
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new RangeError(`repeats must be a positive integer, got ${repeats}`);
  if (holdout !== undefined && !(holdout > 0 && holdout < 1)) throw new RangeError(`the holdout share must be between 0 and 1, got ${holdout}`);
  if (holdout !== undefined && (folds !== undefined || group !== undefined || time !== undefined || repeats > 1)) {
    throw new RangeError('a holdout excludes folds, repeats, group and time validation');
  }
  if (folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) {
    throw new RangeError(`folds must be an integer of at least 2, got ${folds}`);
  }
  if (group !== undefined && time !== undefined) {
    throw new RangeError(`validation can follow a group column or a time column, not both ('${group}', '${time}')`);
  }
  if (group !== undefined) return { kind: 'group', folds: folds ?? DEFAULT_FOLDS, column: group };
  if (time !== undefined) return { kind: 'time', folds: folds ?? DEFAULT_FOLDS, column: time };

  const stratified = shape.task !== 'regression';
  if (holdout !== undefined) return { kind: 'holdout', testFraction: holdout, stratified };
  if (folds !== undefined) return { kind: 'kfold', folds, repeats, stratified };
  const unaffordable =
    shape.features !== undefined &&
    shape.budgetSeconds !== undefined &&
    shape.rows >= TEN_FOLD_BELOW_ROWS &&
    costCells(shape) >= (CV_CELLS_PER_BUDGET_HOUR * shape.budgetSeconds) / 3600;
  if ((shape.rows >= HOLDOUT_FROM_ROWS || unaffordable) && repeats === 1) return { kind: 'holdout', testFraction: 0.2, stratified };

  let automatic = shape.rows < TEN_FOLD_BELOW_ROWS ? 10 : DEFAULT_FOLDS;
  automatic = Math.min(automatic, shape.rows);
  if (stratified && shape.minClassCount !== undefined) automatic = Math.min(automatic, shape.minClassCount);
  const small =
    overrides.repeats === undefined &&
    shape.features !== undefined &&
    shape.budgetSeconds !== undefined &&
    shape.rows < TEN_FOLD_BELOW_ROWS &&
    costCells(shape) <= (REPEAT_BELOW_SHARE * CV_CELLS_PER_BUDGET_HOUR * shape.budgetSeconds) / 3600;
  return { kind: 'kfold', folds: Math.max(2, automatic), repeats: small ? SMALL_DATA_REPEATS : repeats, stratified };
}
