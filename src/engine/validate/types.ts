import type { Task } from '../learners/types';

/**
 * What a model said about some rows, in the form metrics and ensembles consume: regression
 * values, or one probability array per class (the predicted class is the most probable one).
 */
export type Prediction =
  | { readonly kind: 'regression'; readonly values: Float64Array }
  | { readonly kind: 'classification'; readonly proba: readonly Float64Array[] };

/** The truth for the same rows: regression values, or class codes indexing the classes. */
export type Truth =
  | { readonly kind: 'regression'; readonly values: Float64Array }
  | { readonly kind: 'classification'; readonly classes: number; readonly codes: Int32Array };

export type MetricName =
  | 'auc'
  | 'logLoss'
  | 'accuracy'
  | 'balancedAccuracy'
  | 'f1Macro'
  | 'f1Weighted'
  | 'precision'
  | 'recall'
  | 'rmse'
  | 'mae'
  | 'r2'
  | 'mape';

/** A scoring rule. Scores are in the metric's own units; `higherIsBetter` says which way is good. */
export interface Metric {
  readonly name: MetricName;
  /** Short label for tables ("ROC AUC", "log loss", …). */
  readonly label: string;
  readonly higherIsBetter: boolean;
  readonly tasks: readonly Task[];
  /** `weights` (optional) weigh rows as scikit-learn's `sample_weight` does. */
  score(truth: Truth, prediction: Prediction, weights?: Float64Array): number;
}

/** Train and test row positions of one validation fold (positions into the training rows). */
export interface Fold {
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** How a run validates: chosen automatically by data size unless the user says otherwise. */
export type ValidationPlan =
  | { readonly kind: 'kfold'; readonly folds: number; readonly repeats: number; readonly stratified: boolean }
  | { readonly kind: 'holdout'; readonly testFraction: number; readonly stratified: boolean }
  /** Rows of one group never straddle train and test (the user names the group column). */
  | { readonly kind: 'group'; readonly folds: number; readonly column: string }
  /** Expanding-window splits in time order: every test row is later than every train row. */
  | { readonly kind: 'time'; readonly folds: number; readonly column: string };
