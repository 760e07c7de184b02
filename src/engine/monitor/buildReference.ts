/**
 * Builds a run's monitoring reference (`reference.json`) once the final model and its
 * out-of-fold prediction are known: the source columns over the training rows, the prediction
 * distribution, the cross-validated metric with its fold spread, and a seeded row sample.
 */
import type { Frame } from '../data/frame';
import type { Task } from '../profile/types';
import type { Prediction, Truth } from '../validate/types';
import { metricBootstrapStd } from './bootstrapStd';
import { referenceColumn } from './referenceColumn';
import { predictionScores, referencePrediction } from './referencePrediction';
import { referenceSample } from './referenceSample';
import { MAX_SAMPLE_ROWS, REFERENCE_VERSION, type MonitorReference, type ReferenceMetric } from './types';

/** Everything a reference is made from, as `runAutoML` has it at the end of a run. */
export interface ReferenceInput {
  /** The training data as the run read it. */
  readonly frame: Frame;
  /** The frame row of each training position (rows with a target). */
  readonly rows: Uint32Array;
  readonly target: string;
  readonly task: Task;
  /** Class labels (classification), in class-code order. */
  readonly classes?: readonly string[];
  /** The model's source columns (`pipeline.sourceColumns()`), in that order. */
  readonly columns: readonly string[];
  /** Positions (indexes into `rows`) with an out-of-fold prediction. */
  readonly covered: Uint32Array;
  /**
   * The final model's out-of-fold prediction, as it ships (calibrated when it carries a
   * calibration): row i predicts position `covered[i]`. Never in-sample predictions, which
   * would look better than anything new data will see.
   */
  readonly oof: Prediction;
  /** The run's metric, the final model's score and its per-fold scores. */
  readonly metric: { readonly name: string; readonly higherIsBetter: boolean; readonly score: number; readonly foldScores: readonly number[] };
  /**
   * The labels of the covered positions, row i for `oof`'s row i: with fewer than two fold
   * scores (a holdout run) the score's spread is then bootstrapped from them.
   */
  readonly truth?: Truth;
  /** Seeds the row sample. */
  readonly seed: number;
  /** Most rows of the sample (default MAX_SAMPLE_ROWS). */
  readonly sampleRows?: number;
}

/**
 * The reference of a finished run. O(n log n) per numeric column (one radix sort), O(n) per
 * categorical column, O(sample) for the sample. `RangeError` for a source column missing from
 * the frame, a prediction that does not fit the task, or a score that is not finite.
 */
export function buildReference(input: ReferenceInput): MonitorReference {
  const { frame, rows, task } = input;
  const oofRows = input.oof.kind === 'regression' ? input.oof.values.length : (input.oof.proba[0]?.length ?? 0);
  if (oofRows !== input.covered.length) throw new RangeError(`the out-of-fold prediction has ${oofRows} rows for ${input.covered.length} covered positions`);
  if (!Number.isFinite(input.metric.score)) throw new RangeError(`the final ${input.metric.name} is not a finite number`);
  const columns = input.columns.map((name) => {
    const column = frame.columns.find((c) => c.name === name);
    if (column === undefined) throw new RangeError(`source column '${name}' is not in the training frame`);
    return referenceColumn(column, rows);
  });
  const scores = predictionScores(task, input.oof);
  return {
    version: REFERENCE_VERSION,
    target: input.target,
    task,
    rows: rows.length,
    columns,
    prediction: referencePrediction(task, input.oof, input.classes),
    metric: referenceMetric(input.metric, input.truth === undefined ? undefined : { truth: input.truth, oof: input.oof, seed: input.seed }),
    sample: referenceSample({
      frame,
      rows,
      columns: input.columns,
      covered: input.covered,
      scores,
      size: input.sampleRows ?? MAX_SAMPLE_ROWS,
      seed: input.seed,
    }),
  };
}

/**
 * The metric with its spread: the sample standard deviation (n − 1) of the fold scores; with
 * fewer than two (a holdout run) the bootstrap standard error of the score over the holdout rows
 * when `holdout` gives them (see bootstrapStd.ts), else 0.
 */
export function referenceMetric(metric: ReferenceInput['metric'], holdout?: { readonly truth: Truth; readonly oof: Prediction; readonly seed: number }): ReferenceMetric {
  const folds = metric.foldScores.filter((s) => Number.isFinite(s));
  const base = { name: metric.name, higherIsBetter: metric.higherIsBetter, score: metric.score, foldScores: folds };
  if (folds.length >= 2) {
    const mean = folds.reduce((s, v) => s + v, 0) / folds.length;
    return { ...base, foldStd: Math.sqrt(folds.reduce((s, v) => s + (v - mean) ** 2, 0) / (folds.length - 1)), spread: 'folds' };
  }
  if (holdout === undefined) return { ...base, foldStd: 0 };
  return { ...base, foldStd: metricBootstrapStd(metric.name, holdout.truth, holdout.oof, holdout.seed), spread: 'bootstrap' };
}
