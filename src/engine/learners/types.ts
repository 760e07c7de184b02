import type { Task } from '../profile/types';
import type { Rng } from '../random';
import type { Params, SearchSpace } from '../search/domain';

export type { Task };

/**
 * A feature as learners see it: numbers (`NaN` = missing) or category codes (`-1` = missing,
 * codes in `[0, levels)`). Tree learners take both natively; learners that need a dense numeric
 * matrix (linear, kNN, MLP) reject categorical or missing values, and their pipeline encodes and
 * imputes first.
 */
export type FeatureColumn =
  | { readonly kind: 'numeric'; readonly name: string; readonly values: Float64Array }
  | { readonly kind: 'categorical'; readonly name: string; readonly codes: Int32Array; readonly levels: number };

/** Column-major features: every column has `rows` entries. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly columns: readonly FeatureColumn[];
}

/** What to predict: values for regression, class codes for classification. */
export type Target =
  | { readonly kind: 'regression'; readonly values: Float64Array }
  | {
      readonly kind: 'classification';
      /** Class labels; `codes[i]` indexes them. Two classes make a binary task. */
      readonly classes: readonly string[];
      readonly codes: Int32Array;
    };

/** Rows and columns of a training problem, for search spaces and cost estimates. */
export interface DataShape {
  readonly rows: number;
  readonly features: number;
  readonly categoricalFeatures: number;
  /** Classes for classification, 1 for regression. */
  readonly classes: number;
}

/** Everything `fit` may use besides data and params. */
export interface FitContext {
  /** The only source of randomness: the same seed gives the same model. */
  readonly rng: Rng;
  /** Checked between rounds (boosting iterations, epochs, trees); abort stops within one round. */
  readonly signal?: AbortSignalLike;
  /** Fraction done, 0..1, non-decreasing. */
  readonly onProgress?: (fraction: number) => void;
  /** Per-row weights (e.g. to balance classes); all 1 when absent. */
  readonly sampleWeight?: Float64Array;
  /** Held-out rows for early stopping (learners without early stopping ignore them). */
  readonly validation?: { readonly x: FeatureMatrix; readonly y: Target; readonly sampleWeight?: Float64Array };
  /** Diagnostics worth a line in the run log (chosen backend, early-stopping round, …). */
  readonly log?: (message: string) => void;
}

/** A learner's saved form: plain JSON, loadable by `loadModel`. */
export interface SerializedModel {
  readonly learner: string;
  /** Format version of `state`; `loadModel` rejects versions it does not know. */
  readonly version: number;
  readonly task: Task;
  readonly params: Params;
  /** Learner-specific fitted state (plain JSON). */
  readonly state: unknown;
}

/**
 * A fitted model. For classification, `predict` returns class codes (as numbers) and
 * `predictProba` one probability array per class; for regression `predict` returns values.
 */
export interface FittedModel {
  readonly learner: string;
  readonly task: Task;
  readonly params: Params;
  /** Names of the features it was trained on, in order. */
  readonly featureNames: readonly string[];
  predict(x: FeatureMatrix): Float64Array;
  predictProba?(x: FeatureMatrix): Float64Array[];
  /**
   * Raw model output before the link function (margins for boosted classifiers, one array per
   * output; one array for binary and regression). Explanations work in this space.
   */
  predictRaw?(x: FeatureMatrix): Float64Array[];
  toJSON(): SerializedModel;
}

/** A model family: how to fit it, what it supports, how to tune it. */
export interface LearnerSpec {
  /** Stable id used in specs, saved models and the CLI (never `constructor.name`). */
  readonly name: string;
  /** One-line description for `--help`. */
  readonly description: string;
  readonly tasks: readonly Task[];
  /** Whether `fit` accepts categorical columns and missing values as they are. */
  readonly handlesCategorical: boolean;
  readonly handlesMissing: boolean;
  /**
   * Trains on TensorFlow.js: the host picks a backend once (`initTensorflow` in src/node) before
   * `fit`, since backend loading is asynchronous and Node-specific.
   */
  readonly needsTensorflow?: boolean;
  /** Every parameter with its default; `fit` rejects names not listed here. */
  readonly defaults: Params;
  /** Documentation of each parameter for `automl train --help`. */
  readonly paramDocs: Readonly<Record<string, string>>;
  searchSpace(shape: DataShape, task: Task): SearchSpace;
  /** Relative cost of a fit (1 ≈ a default GBDT on the same data), for budgeting trials. */
  relativeCost(params: Params, shape: DataShape): number;
  /** Fits a model. Never mutates `x`, `y` or `params`; throws `TypeError`/`RangeError` on bad arguments. */
  fit(x: FeatureMatrix, y: Target, params: Params, ctx: FitContext): FittedModel;
  /** Rebuilds a fitted model from `toJSON` output (version already checked by the registry). */
  load(model: SerializedModel): FittedModel;
  /** Format version this code writes and reads. */
  readonly version: number;
}

/** The task implied by a target. */
export function taskOf(y: Target): Task {
  if (y.kind === 'regression') return 'regression';
  return y.classes.length === 2 ? 'binary' : 'multiclass';
}

/** Shape of a problem. */
export function shapeOf(x: FeatureMatrix, y: Target): DataShape {
  return {
    rows: x.rows,
    features: x.columns.length,
    categoricalFeatures: x.columns.filter((c) => c.kind === 'categorical').length,
    classes: y.kind === 'regression' ? 1 : y.classes.length,
  };
}
