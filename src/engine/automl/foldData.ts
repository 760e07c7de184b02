import type { Frame } from '../data/frame';
import type { FeatureMatrix, Target } from '../learners/types';
import { applyFeaturePlan, fitTransformFeatures, type EngineeringRequest, type FeaturePlan } from '../prep/featurePlan';
import { subsetTruth } from '../validate/subsets';
import type { Fold, Prediction, Truth } from '../validate/types';

/** The rows of a run that have a target, with the target and the validation folds over them. */
export interface RunData {
  readonly frame: Frame;
  /** Frame rows with a target value; fold positions index this array. */
  readonly rows: Uint32Array;
  readonly y: Target;
  readonly truth: Truth;
  readonly folds: readonly Fold[];
  /** The target and any column the run must not use. */
  readonly exclude: readonly string[];
  /** Columns dropped before any fitting, with the reason (profile flags). */
  readonly drop: readonly { readonly column: string; readonly reason: string }[];
  /** Engineered features every plan fits (the feature step's choice). */
  readonly engineer?: readonly EngineeringRequest[];
  readonly seed: number;
  /** Hashed TF-IDF buckets per free-text column (default: the plan's); the feature step's probes use fewer. */
  readonly textBuckets?: number;
}

/** One fold's matrices for one feature-plan mode, fitted on the fold's training rows only. */
export interface FoldFeatures {
  readonly plan: FeaturePlan;
  readonly xTrain: FeatureMatrix;
  readonly yTrain: Target;
  readonly xTest: FeatureMatrix;
  readonly truthTest: Truth;
}

export function subsetTarget(y: Target, positions: Uint32Array): Target {
  if (y.kind === 'regression') return { kind: 'regression', values: Float64Array.from(positions, (p) => y.values[p]) };
  return { kind: 'classification', classes: y.classes, codes: Int32Array.from(positions, (p) => y.codes[p]) };
}

export function truthOf(y: Target): Truth {
  return y.kind === 'regression' ? { kind: 'regression', values: y.values } : { kind: 'classification', classes: y.classes.length, codes: y.codes };
}

/**
 * Fits a fold's preprocessing on its training rows (`train`, positions into `data.rows`) and
 * applies it to both sides, so nothing about the test rows reaches the model.
 */
export function prepareFold(data: RunData, mode: FeaturePlan['mode'], train: Uint32Array, test: Uint32Array): FoldFeatures {
  const trainRows = Uint32Array.from(train, (p) => data.rows[p]);
  const testRows = Uint32Array.from(test, (p) => data.rows[p]);
  const yTrain = subsetTarget(data.y, train);
  // Target encodings of the training rows are out of fold, so no row sees its own target.
  const { plan, x } = fitTransformFeatures(data.frame, {
    mode,
    exclude: data.exclude,
    rows: trainRows,
    target: yTrain,
    drop: data.drop,
    engineer: data.engineer,
    seed: data.seed,
    ...(data.textBuckets === undefined ? {} : { textBuckets: data.textBuckets }),
  });
  return {
    plan,
    xTrain: x,
    yTrain,
    xTest: applyFeaturePlan(plan, data.frame, testRows),
    truthTest: subsetTruth(data.truth, test),
  };
}

/**
 * Fold matrices by mode and fold, built once and shared by every trial that needs them (the
 * preprocessing does not depend on learner parameters).
 */
export class FoldCache {
  private readonly cache = new Map<string, FoldFeatures>();

  constructor(private readonly data: RunData) {}

  get(mode: FeaturePlan['mode'], foldIndex: number): FoldFeatures {
    const key = `${mode}:${foldIndex}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const fold = this.data.folds[foldIndex];
      entry = prepareFold(this.data, mode, fold.train, fold.test);
      this.cache.set(key, entry);
    }
    return entry;
  }
}

/** Pooled out-of-fold prediction of fold results (averaged where repeats cover a row twice). */
export function pooledPrediction(results: readonly { readonly fold: number; readonly prediction: Prediction }[], folds: RunData['folds'], n: number, classes: number): Prediction {
  const count = new Float64Array(n);
  const outputs = Array.from({ length: classes }, () => new Float64Array(n));
  for (const r of results) {
    const test = folds[r.fold].test;
    const parts = r.prediction.kind === 'regression' ? [r.prediction.values] : r.prediction.proba;
    for (let i = 0; i < test.length; i++) {
      count[test[i]]++;
      for (let c = 0; c < classes; c++) outputs[c][test[i]] += parts[c][i];
    }
  }
  for (let c = 0; c < classes; c++) for (let i = 0; i < n; i++) outputs[c][i] = count[i] > 0 ? outputs[c][i] / count[i] : NaN;
  return classes === 1 && results[0]?.prediction.kind === 'regression'
    ? { kind: 'regression', values: outputs[0] }
    : { kind: 'classification', proba: outputs };
}
