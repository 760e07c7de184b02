import type { Params } from '../../search/domain';
import { checkFeatures, denseMatrix } from '../checks';
import { predictionsFromMargins, probabilitiesFromMargins } from '../outputs';
import type { FeatureMatrix, FittedModel, SerializedModel, Task } from '../types';

/** Format version of linear models' saved state, for both linear learners. */
export const LINEAR_FORMAT_VERSION = 1;

/** The fitted state of a linear model (plain JSON). */
export interface LinearState {
  readonly featureNames: readonly string[];
  /** Class labels for classifiers. */
  readonly classes?: readonly string[];
  /**
   * Coefficients on the ORIGINAL feature scale, one row per output (1 for regression and
   * binary, where the output is the log-odds of `classes[1]`; one per class for multiclass).
   */
  readonly coef: readonly (readonly number[])[];
  /** Intercepts on the original scale, one per output. */
  readonly intercept: readonly number[];
  /** Training means and scales used for standardisation (the penalty acts on that scale). */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  /** Optimiser iterations (L-BFGS/OWL-QN steps or coordinate-descent sweeps). */
  readonly iterations: number;
  /** Whether the optimiser met its tolerance within `maxIter`. */
  readonly converged: boolean;
}

/**
 * A fitted linear model: `raw_k = intercept_k + sum_j coef_kj x_j` on the original features.
 * Regression predicts `raw`; binary classification applies the sigmoid to it (the probability
 * of `classes[1]`); multiclass the softmax over one output per class.
 */
export class LinearModel implements FittedModel {
  readonly featureNames: readonly string[];

  constructor(
    readonly learner: string,
    readonly task: Task,
    readonly params: Params,
    readonly state: LinearState,
  ) {
    this.featureNames = state.featureNames;
  }

  /** Coefficients on the original feature scale, one row per output. */
  get coefficients(): readonly (readonly number[])[] {
    return this.state.coef;
  }

  /** Intercepts on the original feature scale, one per output. */
  get intercepts(): readonly number[] {
    return this.state.intercept;
  }

  /**
   * Coefficients on the standardised scale (`coef * scale`): the ones the penalty acts on, and
   * the ones comparable across features of different units.
   */
  get standardizedCoefficients(): number[][] {
    return this.state.coef.map((row) => row.map((b, j) => b * this.state.scale[j]));
  }

  /** Intercepts on the standardised scale (`intercept + sum_j coef_j * mean_j`). */
  get standardizedIntercepts(): number[] {
    return this.state.intercept.map((b0, k) => this.state.coef[k].reduce((sum, b, j) => sum + b * this.state.mean[j], b0));
  }

  get classes(): readonly string[] | undefined {
    return this.state.classes;
  }

  predictRaw(x: FeatureMatrix): Float64Array[] {
    checkFeatures(
      x,
      this.featureNames,
      this.featureNames.map(() => 'numeric'),
    );
    const width = this.featureNames.length;
    const dense = denseMatrix(x, this.learner);
    return this.state.coef.map((row, k) => {
      const out = new Float64Array(x.rows);
      const b0 = this.state.intercept[k];
      for (let r = 0; r < x.rows; r++) {
        let z = b0;
        const offset = r * width;
        for (let j = 0; j < width; j++) z += row[j] * dense[offset + j];
        out[r] = z;
      }
      return out;
    });
  }

  predictProba(x: FeatureMatrix): Float64Array[] {
    return probabilitiesFromMargins(this.task, this.predictRaw(x));
  }

  predict(x: FeatureMatrix): Float64Array {
    return predictionsFromMargins(this.task, this.predictRaw(x));
  }

  toJSON(): SerializedModel {
    return { learner: this.learner, version: LINEAR_FORMAT_VERSION, task: this.task, params: this.params, state: this.state };
  }
}

/**
 * Maps coefficients fitted on standardised features back to the original scale:
 * `coef_j = coefStd_j / scale_j` and `intercept = interceptStd - sum_j coef_j * mean_j`.
 */
export function toOriginalScale(
  coefStd: Float64Array,
  interceptStd: number,
  mean: Float64Array,
  scale: Float64Array,
): { coef: number[]; intercept: number } {
  const coef = Array.from(coefStd, (b, j) => b / scale[j]);
  let intercept = interceptStd;
  for (let j = 0; j < coef.length; j++) intercept -= coef[j] * mean[j];
  return { coef, intercept };
}
