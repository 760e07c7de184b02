/**
 * The serialisable shapes of a feature plan: one `FeatureDef` per output feature, each naming the
 * source column it is derived from (so explanations can sum derived features back to columns);
 * engineered features computed from two columns list both in `sources`. Everything here is plain
 * JSON: a plan survives `JSON.stringify`/`JSON.parse` unchanged.
 */
import type { Target } from '../learners/types';

/** Calendar parts derived from a datetime column (UTC). */
export type DatePart = 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'dayOfYear' | 'elapsedDays';

/**
 * Numeric post-processing for learners that need dense, scaled inputs: missing values become
 * `fill`, then `(value - mean) / std`.
 */
export interface Scaling {
  /** Replaces missing values: the training median, most frequent value or a constant (see `Imputation`). */
  readonly fill: number;
  readonly mean: number;
  readonly std: number;
}

/** How a text column is turned into hashed word n-gram counts (shared by the column's bucket features). */
export interface TextHashing {
  /** Hash buckets (features before unused buckets are dropped). */
  readonly buckets: number;
  /** Word n-grams from 1 to `ngramMax` words. */
  readonly ngramMax: number;
  /** Each n-gram counts +1 or -1 by a hash bit (scikit-learn's `alternate_sign`). */
  readonly alternateSign: boolean;
  /** Training rows the idf was fitted on (missing text counts as an empty document). */
  readonly documents: number;
  /**
   * Hashes (murmur3) of the n-grams counted: those in at least the minimum number of training
   * rows. Absent: every n-gram counts (as scikit-learn's HashingVectorizer).
   */
  readonly keep?: readonly number[];
}

/** How an engineered pair feature combines its two columns: `a - b`, `a / b`, `a * b`, `a + b`. */
export type PairOp = 'difference' | 'ratio' | 'product' | 'sum';

/** How a group-statistic feature compares a value with its group's mean: `v / mean`, `v - mean`. */
export type GroupStatOp = 'ratio' | 'difference';

/** Calendar parts a cyclical (sin/cos) encoding exists for. */
export type CyclicalPart = 'month' | 'weekday' | 'hour' | 'dayOfYear';

/**
 * One output feature and how it is computed from the source column `source`. Engineered features
 * read two columns (`sources`, with `source` its first entry); their values are missing (NaN)
 * wherever the arithmetic has no finite result, and they get no missing indicator.
 */
export type FeatureDef =
  | { readonly kind: 'numeric'; readonly name: string; readonly source: string; readonly scaling?: Scaling }
  | { readonly kind: 'datePart'; readonly name: string; readonly source: string; readonly part: DatePart; readonly scaling?: Scaling }
  /** Native categorical feature: codes index `levels`; unseen and missing labels are missing (-1). */
  | { readonly kind: 'categorical'; readonly name: string; readonly source: string; readonly levels: readonly string[] }
  /** 1 when the label is `level`; with `level` null, 1 for labels outside `known` (rare or unseen). */
  | { readonly kind: 'oneHot'; readonly name: string; readonly source: string; readonly level: string | null; readonly known?: readonly string[] }
  /** 1 when the source value is missing. */
  | { readonly kind: 'missingIndicator'; readonly name: string; readonly source: string }
  /** Index of the label in `levels`; missing and unseen labels are missing (NaN, or `scaling.fill`). */
  | { readonly kind: 'ordinal'; readonly name: string; readonly source: string; readonly levels: readonly string[]; readonly scaling?: Scaling }
  /**
   * Share of training rows with the label (`shares[i]` for `levels[i]`); a missing value gets the
   * share of missing training rows, an unseen label 0.
   */
  | {
      readonly kind: 'frequency';
      readonly name: string;
      readonly source: string;
      readonly levels: readonly string[];
      readonly shares: readonly number[];
      readonly missingShare: number;
      readonly scaling?: Scaling;
    }
  /**
   * Smoothed target mean per label (m-estimate: `(sum + smoothing * prior) / (count + smoothing)`),
   * fitted on all training rows: the rate of class `targetClass` for classification, the mean for
   * regression. Missing values are encoded like a label of their own (`missingValue`); unseen
   * labels get `prior`. The training matrix of `fitTransformFeatures` uses out-of-fold values instead.
   */
  | {
      readonly kind: 'targetEncoding';
      readonly name: string;
      readonly source: string;
      readonly targetClass?: string;
      readonly levels: readonly string[];
      readonly values: readonly number[];
      readonly missingValue: number;
      readonly prior: number;
      readonly smoothing: number;
      readonly scaling?: Scaling;
    }
  /**
   * TF-IDF weight of hash bucket `bucket` of a text column, L2-normalised per row over all
   * buckets (scikit-learn's `HashingVectorizer` + `TfidfTransformer`). `terms` are the most frequent
   * training n-grams in the bucket, for explanations.
   */
  | {
      readonly kind: 'textTfidf';
      readonly name: string;
      readonly source: string;
      readonly bucket: number;
      readonly idf: number;
      readonly hashing: TextHashing;
      readonly terms: readonly string[];
    }
  /**
   * Engineered: `a op b` of two numeric columns (`sources: [a, b]`; a square is `a * a`). Missing
   * when either is missing or the result is not finite (a zero denominator, an overflow). With
   * `centres`, `(a - centres[0]) op (b - centres[1])`: the training means, so a product is not
   * nearly collinear with its own columns (the same span for a linear model that has them, but
   * far better conditioned: elastic-net solvers converge in a fraction of the passes).
   */
  | {
      readonly kind: 'pair';
      readonly name: string;
      readonly source: string;
      readonly sources: readonly [string, string];
      readonly op: PairOp;
      readonly centres?: readonly [number, number];
      readonly scaling?: Scaling;
    }
  /**
   * Engineered: a numeric column compared with its mean within a level of a categorical column
   * (`sources: [value, by]`): `value / mean` or `value - mean`. `means[i]` is the training mean for
   * `levels[i]`; missing, unseen and rare labels (fewer training values than the request's
   * `minCount`) use `overall`, the mean of all training values. Missing when the value is missing
   * or the result is not finite (a mean of 0 under 'ratio').
   */
  | {
      readonly kind: 'groupStat';
      readonly name: string;
      readonly source: string;
      readonly sources: readonly [string, string];
      readonly op: GroupStatOp;
      readonly levels: readonly string[];
      readonly means: readonly number[];
      readonly overall: number;
      readonly scaling?: Scaling;
    }
  /**
   * Engineered: `sin` or `cos` of a calendar part of a datetime column as an angle, so that the
   * last value of a cycle sits next to the first (December next to January): see
   * prep/engineered/engineeredValues.ts for the periods.
   */
  | {
      readonly kind: 'cyclical';
      readonly name: string;
      readonly source: string;
      readonly part: CyclicalPart;
      readonly fn: 'sin' | 'cos';
      readonly scaling?: Scaling;
    };

/** Kinds of `FeatureDef`. */
export type FeatureKind = FeatureDef['kind'];

/**
 * A fitted, serialisable feature plan: which columns feed the model and how. 'native' plans keep
 * categories as codes and missing values as they are (trees, naive Bayes); 'dense' plans impute,
 * encode and standardise (linear models, kNN, MLP). Fitted on training rows only.
 */
export interface FeaturePlan {
  readonly mode: 'native' | 'dense';
  readonly features: readonly FeatureDef[];
  /** Columns left out, with the reason (reported in the run's output). */
  readonly dropped: readonly { readonly column: string; readonly reason: string }[];
  /**
   * Requested engineered features that were not made, by the name they would have had, with the
   * reason (a column missing, dropped or of the wrong type; constant on the training rows).
   * Absent when none was skipped.
   */
  readonly skipped?: readonly SkippedFeature[];
}

/** An engineered feature `PlanOptions.engineer` asked for that the plan does not have. */
export interface SkippedFeature {
  readonly name: string;
  readonly reason: string;
}

/**
 * An engineered feature to add to a plan (`PlanOptions.engineer`). `modes` restricts it to native
 * or dense plans (default: both): degree-2 interactions for linear models, for example, are
 * `product` pairs (a square: a column with itself) with `modes: ['dense']`.
 * - `pair`: `a op b` of two numeric (not date) columns, named `a - b`, `a / b`, `a * b`, `a + b`;
 *   `centred` subtracts each column's training mean first (interactions for linear models).
 * - `groupStat`: numeric `value` against its mean per level of categorical `by`, the means fitted
 *   on the plan's training rows from levels with at least `minCount` (default 10) values; named
 *   `value / mean(value by by)` or `value - mean(value by by)`.
 * - `cyclical`: a sin and a cos feature of a calendar part of a datetime column, named
 *   `sin(month of date)` and `cos(month of date)`.
 */
export type EngineeringRequest =
  | {
      readonly kind: 'pair';
      readonly op: PairOp;
      readonly a: string;
      readonly b: string;
      readonly centred?: boolean;
      readonly modes?: readonly FeaturePlan['mode'][];
    }
  | {
      readonly kind: 'groupStat';
      readonly value: string;
      readonly by: string;
      readonly op: GroupStatOp;
      readonly minCount?: number;
      readonly modes?: readonly FeaturePlan['mode'][];
    }
  | { readonly kind: 'cyclical'; readonly column: string; readonly part: CyclicalPart; readonly modes?: readonly FeaturePlan['mode'][] }
  /**
   * A numeric column's values read as categories and target-encoded: the smoothed target mean of
   * each value, out of fold on the training rows (an integer identifier whose values carry the
   * signal, such as a user or an item, which a split on its numeric order cannot capture). Fitted
   * as a `targetEncoding` feature, for regression and binary targets.
   */
  | { readonly kind: 'targetMean'; readonly column: string; readonly modes?: readonly FeaturePlan['mode'][] };

/** How a dense plan fills missing numeric values (the value is fitted on training rows). */
export type Imputation = 'median' | 'mostFrequent' | 'constant';

/**
 * How a categorical column is encoded. 'auto' chooses by mode and cardinality (see
 * `fitFeaturePlan`); 'native' needs a native plan; 'target' without a target falls back to
 * 'frequency'.
 */
export type CategoricalEncoding = 'auto' | 'native' | 'oneHot' | 'ordinal' | 'frequency' | 'target';

/** A column to leave out and why (for example from the profile's warnings: `dropListFromWarnings`). */
export interface DropRequest {
  readonly column: string;
  readonly reason: string;
}

/** Options of `fitFeaturePlan` and `fitTransformFeatures`; every field has a default. */
export interface PlanOptions {
  /**
   * The target of the fitted rows, aligned with `rows` (entry `i` belongs to `rows[i]`, or row `i`
   * without `rows`). Needed for target encoding; without it high-cardinality columns are
   * frequency encoded only.
   */
  readonly target?: Target;
  /** Seeds the out-of-fold split of target encoding. Default 0. */
  readonly seed?: number;
  /** Columns to leave out, with the reason reported in `plan.dropped`. */
  readonly drop?: readonly DropRequest[];
  /** Dense plans: how missing numeric values are filled. Default 'median'. */
  readonly imputation?: Imputation;
  /** The fill value of `imputation: 'constant'`. Default 0. */
  readonly fillValue?: number;
  /** Hash buckets per text column; 0 drops free text. Default 256. */
  readonly textBuckets?: number;
  /**
   * N-grams in fewer training rows than this are ignored (names, codes and typos would otherwise
   * fill every bucket with noise). Default max(5, 1% of the rows); 1 keeps every n-gram.
   */
  readonly textMinRows?: number;
  /** Word n-grams up to this length. Default 2 (unigrams and bigrams). */
  readonly textNgramMax?: number;
  /** Sign trick for hashed text (scikit-learn's `alternate_sign`). Default false. */
  readonly textAlternateSign?: boolean;
  /** Per-column encoding of categorical columns. Default 'auto' for every column. */
  readonly encodings?: Readonly<Record<string, CategoricalEncoding>>;
  /** Ordinal encodings: the order of the listed labels (other training labels follow in natural order). */
  readonly ordinalOrder?: Readonly<Record<string, readonly string[]>>;
  /** One-hot rare-level grouping: levels with fewer rows than max(`rareMinCount`, `rareMinShare` * rows) go to "(other)". Default 10. */
  readonly rareMinCount?: number;
  /** See `rareMinCount`. Default 0.001. */
  readonly rareMinShare?: number;
  /** Most one-hot columns per categorical column (after grouping); more levels get target/frequency encoding. Default 32. */
  readonly maxOneHotLevels?: number;
  /** Most levels kept as native categorical codes; more get target/frequency encoding. Default 255. */
  readonly maxNativeLevels?: number;
  /** m of the target encoding's m-estimate (weight of the prior, in rows). Default 10. */
  readonly targetSmoothing?: number;
  /** Folds of the out-of-fold target encoding of training rows. Default 5. */
  readonly targetFolds?: number;
  /**
   * Engineered features added after the columns' own features, fitted on the same training rows,
   * in request order. A request whose columns are missing, excluded, dropped or of the wrong type,
   * or whose feature is constant on the training rows, is left out and listed in `plan.skipped`;
   * a malformed request (unknown kind, op or part) is a `RangeError`. Default none.
   */
  readonly engineer?: readonly EngineeringRequest[];
}

/** Options of `fitTransformFeatures`. */
export interface FitTransformOptions extends PlanOptions {
  readonly mode: FeaturePlan['mode'];
  /** Columns that are not features (the target). */
  readonly exclude: readonly string[];
  /** Training rows (all rows when absent). */
  readonly rows?: Uint32Array;
}
