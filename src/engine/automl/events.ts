import type { FeatureDecisions } from '../features/decideFeatures';
import type { DatasetProfile } from '../profile/types';
import type { Params } from '../search/domain';
import type { Task } from '../learners/types';
import type { MetricName, ValidationPlan } from '../validate/types';

/** How a trial ended. */
export type TrialStatus = 'ok' | 'pruned' | 'timeout' | 'error';

/** One row of the leaderboard: a learner with its parameters, validated. */
export interface TrialRecord {
  readonly id: number;
  readonly learner: string;
  readonly params: Params;
  readonly status: TrialStatus;
  /** Mean validation score over the folds evaluated (undefined when none finished). */
  readonly score?: number;
  /** Standard deviation of the fold scores (0 with one fold). */
  readonly scoreStd?: number;
  readonly foldScores: readonly number[];
  /** Folds evaluated out of the plan's (fewer when the trial was pruned or stopped). */
  readonly foldsDone: number;
  /** Time spent fitting and predicting, summed over folds (ms). */
  readonly fitMs: number;
  readonly predictMs: number;
  /** When the trial started, ms after the run started. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** Why the trial failed or stopped. */
  readonly error?: string;
}

/** The ensemble's row on the leaderboard. */
export interface EnsembleRecord {
  readonly score: number;
  /** Weight of each member trial, by trial id. */
  readonly members: readonly { readonly trialId: number; readonly learner: string; readonly weight: number }[];
  /** Whether it beat the best single model and is the final model. */
  readonly chosen: boolean;
}

/** What the run validated with and how it measures. */
export interface RunPlan {
  readonly task: Task;
  readonly metric: MetricName;
  readonly higherIsBetter: boolean;
  readonly validation: ValidationPlan;
  /** Rows with a target value, and features after preprocessing (native plan). */
  readonly rows: number;
  readonly learners: readonly string[];
  readonly budgetMs: number;
  readonly trials?: number;
  /** Columns the run does not use, with the reason. */
  readonly dropped: readonly { readonly column: string; readonly reason: string }[];
}

/** Events of a run, in order: profile, started, trials, phases, then done (or an error thrown). */
export type RunEvent =
  | { readonly kind: 'profile'; readonly profile: DatasetProfile }
  | { readonly kind: 'started'; readonly plan: RunPlan }
  | { readonly kind: 'trialStarted'; readonly id: number; readonly learner: string; readonly params: Params; readonly elapsedMs: number }
  | {
      readonly kind: 'trialCompleted';
      readonly trial: TrialRecord;
      /** The best trial so far (may be this one). */
      readonly bestId?: number;
      readonly bestScore?: number;
      readonly elapsedMs: number;
      /** Time left in the budget (Infinity with only a trial budget). */
      readonly remainingMs: number;
      readonly trialsDone: number;
    }
  | { readonly kind: 'phase'; readonly phase: 'features' | 'search' | 'ensemble' | 'refit' | 'explain' | 'robustness'; readonly elapsedMs: number }
  | {
      readonly kind: 'done';
      /** The final model ("gbdt", or an ensemble "gbdt 0.60 + knn 0.40") and its out-of-fold score. */
      readonly model: string;
      readonly score: number;
      readonly refit: 'allRows' | 'foldModels';
      readonly trials: number;
      readonly cancelled: boolean;
      readonly elapsedMs: number;
    }
  /** What the feature step decided (before `started`, whose plan lists the columns it dropped). */
  | { readonly kind: 'features'; readonly decisions: FeatureDecisions }
  /**
   * A line for the run's log. `detail` marks lines about the machine rather than the run (which
   * TensorFlow.js backend loaded, an optional module that is absent): the CLI prints them only
   * under `--verbose`.
   */
  | { readonly kind: 'log'; readonly message: string; readonly detail?: true };
