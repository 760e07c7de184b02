/**
 * The shape of a run's `reference.json`: what the training data and the final model's honest
 * (out-of-fold) predictions looked like, so that new data can be compared with them later (drift
 * per column, prediction drift, performance against the cross-validated metric). Plain JSON
 * throughout: no typed arrays, and no `NaN` or infinity anywhere (JSON cannot hold them).
 *
 * The exported TypeScript module (`REFERENCE`) and the prediction service (`reference.json`)
 * carry the compact copy: the same object without `sample`.
 */
import type { ColumnType } from '../data/frame';

/** Version of this file's shape; a reader refuses another. */
export const REFERENCE_VERSION = 1;

/** Most rows of `sample`. */
export const MAX_SAMPLE_ROWS = 10_000;

/** Most reference-quantile buckets of a numeric column (or a score): fewer when values repeat. */
export const MAX_BINS = 10;

/** Most levels a categorical column lists in `levels` (the rest count in `otherShare`). */
export const MAX_LEVELS = 20;

/** Most levels beyond the top ones that `otherLevels` lists; a column with more lists none. */
export const MAX_OTHER_LEVELS = 1000;

/** A run's monitoring reference (`reference.json`). */
export interface MonitorReference {
  readonly version: 1;
  /** The target column. */
  readonly target: string;
  readonly task: 'binary' | 'multiclass' | 'regression';
  /** Training rows the reference describes (rows with a target). */
  readonly rows: number;
  /** The model's source columns, in `pipeline.sourceColumns()` order. */
  readonly columns: readonly ReferenceColumn[];
  /** The final model's out-of-fold predictions (calibrated when the model carries a calibration). */
  readonly prediction: ReferencePrediction;
  readonly metric: ReferenceMetric;
  /**
   * A seeded sample of at most MAX_SAMPLE_ROWS training rows, column-wise: numbers (dates as
   * epoch ms) or labels; null = missing. Absent in the compact copy.
   */
  readonly sample?: ReferenceSample;
}

/** The final model's cross-validated score, in the metric's own units. */
export interface ReferenceMetric {
  /** The run's metric ('auc', 'rmse', …: see `MetricName`). */
  readonly name: string;
  readonly higherIsBetter: boolean;
  /** The final model's score on all its pooled out-of-fold predictions (leaderboard.json's `final.score`). */
  readonly score: number;
  /** The same predictions scored fold by fold (folds the metric cannot score are left out). */
  readonly foldScores: readonly number[];
  /**
   * How much the score moves from one sample of rows to another: the sample standard deviation
   * (n − 1) of `foldScores`; with fewer than two folds (a holdout run) the bootstrap standard
   * error of the score over the holdout rows (BOOTSTRAP_ROUNDS resamples, seeded by the run's
   * seed); 0 when neither is known (references written before the bootstrap).
   */
  readonly foldStd: number;
  /** Where `foldStd` comes from; absent in references written before it was recorded. */
  readonly spread?: 'folds' | 'bootstrap';
}

/**
 * Training rows drawn with `sampleRows` (seeded, ascending row order), column by column, so a
 * two-sample test can compare them with new rows.
 */
export interface ReferenceSample {
  readonly rows: number;
  /**
   * By source column name: numbers for numeric and date columns (epoch ms), labels for
   * categorical, boolean and text columns; null = missing.
   */
  readonly values: Readonly<Record<string, readonly (number | null)[] | readonly (string | null)[]>>;
  /**
   * The row's out-of-fold prediction: the value (regression), the positive class's probability
   * (binary) or the predicted class's index into `prediction.classes` (multiclass); null when
   * the row has none (a holdout run predicts its test rows only).
   */
  readonly prediction: readonly (number | null)[];
}

export type ReferenceColumn = ReferenceNumericColumn | ReferenceCategoricalColumn;

/**
 * Reference-quantile buckets. `edges` are inner cut points: bucket 0 is (−∞, edges[0]], bucket
 * i is (edges[i−1], edges[i]], the last (edges[last], +∞). The cut points are the values at the
 * quantiles 0.1, 0.2, … 0.9 (the smallest value with at least that share at or below it),
 * deduplicated and without the maximum, so no reference bucket is empty: a column with few
 * distinct values gets fewer buckets, a constant column one. `shares` has `edges.length + 1`
 * entries (fractions of the non-missing values, summing to 1), or none when every value is missing.
 */
export interface ReferenceBins {
  readonly edges: readonly number[];
  readonly shares: readonly number[];
}

/** A numeric or date column (dates in epoch milliseconds, UTC). */
export interface ReferenceNumericColumn {
  readonly name: string;
  /** The column's type as the run read it ('integer', 'float', 'datetime', …). */
  readonly type: ColumnType;
  /** Numbers and dates. */
  readonly kind: 'numeric';
  /** Share of the training rows where the value is missing, 0–1. */
  readonly nullRate: number;
  /** Distinct non-missing values. */
  readonly distinct: number;
  /**
   * The fields below are in the column's units. When every value is missing (`distinct` 0)
   * nothing is known about them and they are 0.
   */
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Population standard deviation (n). */
  readonly std: number;
  readonly bins: ReferenceBins;
}

/** A categorical, boolean or text column. */
export interface ReferenceCategoricalColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly kind: 'categorical';
  /** Share of the training rows where the value is missing, 0–1. */
  readonly nullRate: number;
  /** Distinct non-missing labels. */
  readonly distinct: number;
  /** The most frequent labels, most frequent first (ties in the column's dictionary order), at most MAX_LEVELS. */
  readonly levels: readonly string[];
  /** Per level, its share of the non-missing rows. */
  readonly shares: readonly number[];
  /** Share of the non-missing rows with a label outside `levels`. */
  readonly otherShare: number;
  /**
   * Every other label training saw, most frequent first, so that a label seen nowhere here is
   * known to be new; absent when there are more than MAX_OTHER_LEVELS of them.
   */
  readonly otherLevels?: readonly string[];
}

/** What the final model predicted for the training rows, out of fold. */
export interface ReferencePrediction {
  /**
   * 'score': a regression value or a binary model's positive-class probability, binned like a
   * numeric column; 'class': a multiclass model's predicted class, as shares per class.
   */
  readonly kind: 'score' | 'class';
  /** Training rows with an out-of-fold prediction (a holdout run predicts its test rows only). */
  readonly rows: number;
  /** 'score' only. */
  readonly bins?: ReferenceBins;
  /** Class labels (classification; a binary model's second class is the positive one). */
  readonly classes?: readonly string[];
  /** Classification: share of the predicted rows whose most probable class is each class. */
  readonly shares?: readonly number[];
}
