import type { Task } from '../learners/types';
import type { SearcherKind } from '../search/searcher';
import type { MetricName } from '../validate/types';

/**
 * Everything that decides an AutoML run, saved as the run's `spec.json`: the same spec, data and
 * seed with a trial-count budget give the same leaderboard.
 */
export interface RunSpec {
  /** The column to predict. */
  readonly target: string;
  /** Inferred from the target when absent. */
  readonly task?: Task;
  /** Chosen by task when absent: ROC AUC (binary), log loss (multiclass), RMSE (regression). */
  readonly metric?: MetricName;
  /** Wall-clock budget in seconds for the whole run, final refit included. */
  readonly budgetSeconds?: number;
  /** Stop after this many trials (with a seed, a reproducible run). */
  readonly trials?: number;
  readonly seed: number;
  /** Learners allowed (registry names); all that fit the task when absent. */
  readonly models?: readonly string[];
  /** Validation overrides; chosen by data size when absent. */
  readonly validation?: {
    readonly folds?: number;
    /** Rows sharing a value of this column stay on one side of every split. */
    readonly groupColumn?: string;
    /** Split in time order along this column. */
    readonly timeColumn?: string;
    /** Repeat k-fold this many times, reshuffled each time. */
    readonly repeats?: number;
    /** One holdout of this share of the rows instead of k-fold. */
    readonly holdout?: number;
  };
  /** Default 'bayesian' (TPE). */
  readonly searcher?: SearcherKind;
  /** Greedy ensemble selection over the best models (default true). */
  readonly ensemble?: boolean;
  /** Columns left out by the user (with the profile's leakage suspects and identifiers). */
  readonly exclude?: readonly string[];
  /**
   * Explain the final model at the end of the run, within the budget (default true); false
   * leaves the budget to the search (`automl explain` computes them later).
   */
  readonly explain?: boolean;
  /**
   * Feature selection and engineering before the search (default 'auto'): columns that rank below
   * random noise are dropped and engineered features are added, each only when cross-validation
   * improves; 'off' uses the columns as they are.
   */
  readonly selection?: 'auto' | 'off';
}

/** Budget used when a spec sets neither a time nor a trial budget. */
export const DEFAULT_BUDGET_SECONDS = 60;

/** The time budget in ms: the spec's, unlimited with only a trial budget, else the default. */
export function budgetMsOf(spec: RunSpec): number {
  if (spec.budgetSeconds !== undefined) return spec.budgetSeconds * 1000;
  return spec.trials !== undefined ? Infinity : DEFAULT_BUDGET_SECONDS * 1000;
}

/** Checks a spec's numbers; a `RangeError` names the first bad field. */
export function checkRunSpec(spec: RunSpec): void {
  if (!spec.target) throw new RangeError('the run needs a target column');
  if (spec.budgetSeconds !== undefined && !(spec.budgetSeconds > 0)) throw new RangeError('budget must be a positive number of seconds');
  if (spec.trials !== undefined && !(Number.isInteger(spec.trials) && spec.trials > 0)) throw new RangeError('trials must be a positive whole number');
  if (!Number.isInteger(spec.seed)) throw new RangeError('seed must be a whole number');
  const folds = spec.validation?.folds;
  if (folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) throw new RangeError('folds must be a whole number of at least 2');
  if (spec.selection !== undefined && spec.selection !== 'auto' && spec.selection !== 'off') throw new RangeError(`selection must be 'auto' or 'off', not '${String(spec.selection)}'`);
  if (spec.models !== undefined && spec.models.length === 0) throw new RangeError('the run needs at least one learner');
}
