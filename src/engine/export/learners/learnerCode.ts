/**
 * What each learner's exporter writes: declarations of its fitted state (typed arrays, weights)
 * and a function from one row's feature vector to the model's outputs. The pipeline exporter
 * (../exportPipeline.ts) prefixes every name with the member's id, so an ensemble of several
 * models of the same family has no clashes.
 */
import type { SerializedModel } from '../../learners/types';

/** Shared runtime helpers a learner's code may call; the pipeline exporter emits each one used once. */
export type RuntimeHelper = 'sigmoid' | 'softmax';

/** One feature of the member's plan as the learner's code sees it in `x`. */
export interface FeatureSlot {
  readonly name: string;
  /** 'numeric': `x[j]` is a number, `NaN` when missing; 'categorical': a level code as a number, `-1` when missing or unseen. */
  readonly kind: 'numeric' | 'categorical';
  /** Levels of a categorical feature (codes index them). */
  readonly levels?: number;
}

/** The code of one fitted model. */
export interface LearnerCode {
  /**
   * Top-level TypeScript declarations (consts and functions, not exported), every name starting
   * with the `prefix` given to the emitter. Formatted with two-space indents, and strict-mode clean.
   */
  readonly declarations: string;
  /**
   * Name of the declared function `(x: Float64Array) => number[]` that returns, for one row of
   * features: the class probabilities (one per class, in class-code order, exactly what the
   * engine's `predictProba` gives for that row) for classification; `[value]` (what `predict`
   * gives) for regression.
   */
  readonly outputs: string;
  readonly helpers: readonly RuntimeHelper[];
}

/** Writes the code of a saved model; `prefix` is a short identifier such as `m0`. */
export type LearnerEmitter = (model: SerializedModel, prefix: string, features: readonly FeatureSlot[]) => LearnerCode;
