import { DataError } from '../errors';
import type { Frame } from '../data/frame';
import { getLearner, loadModel } from '../learners/index';
import type { FitContext, FittedModel, LearnerSpec, Task } from '../learners/types';
import type { Params } from '../search/domain';
import { applyFeaturePlan, fitFeaturePlan, type FeaturePlan } from './featurePlan';
import { encodeTarget, fitTargetSpec, type TargetSpec } from './targetSpec';

/** A whole fitted pipeline as saved in a run's `model.json`. */
export interface SerializedPipeline {
  readonly format: 'automl-pipeline';
  readonly version: 1;
  readonly target: TargetSpec;
  readonly plan: FeaturePlan;
  readonly model: ReturnType<FittedModel['toJSON']>;
  /** Rows the model was fitted on (rows with a target value). */
  readonly trainedRows: number;
}

/** Predictions for the rows of a frame. */
export interface PipelinePrediction {
  /** Regression values, or class codes (indexes into `classes`). */
  readonly values: Float64Array;
  readonly classes?: readonly string[];
  /** One probability array per class (classification). */
  readonly proba?: Float64Array[];
}

/** The feature plan mode a learner needs. */
export function planModeFor(spec: LearnerSpec): FeaturePlan['mode'] {
  return spec.handlesCategorical && spec.handlesMissing ? 'native' : 'dense';
}

/** Preprocessing plus a fitted model: predicts straight from a `Frame` of raw columns. */
export class Pipeline {
  private constructor(
    readonly target: TargetSpec,
    readonly plan: FeaturePlan,
    readonly model: FittedModel,
    readonly trainedRows: number,
  ) {}

  /**
   * Fits the target encoding, the feature plan the learner needs and the learner itself on the
   * rows of `frame` that have a target value.
   */
  static fit(
    frame: Frame,
    targetName: string,
    learnerName: string,
    params: Params,
    ctx: FitContext,
    options: { task?: Task } = {},
  ): Pipeline {
    const spec = getLearner(learnerName);
    const target = fitTargetSpec(frame, targetName, options.task);
    if (!spec.tasks.includes(target.task)) {
      throw new DataError(`learner '${spec.name}' does not do ${target.task} tasks (it does ${spec.tasks.join(', ')})`);
    }
    const { target: y, rows } = encodeTarget(target, frame);
    if (rows.length === 0) throw new DataError(`target '${targetName}' has no values to learn from`);
    const dropped = frame.rowCount - rows.length;
    if (dropped > 0) ctx.log?.(`${dropped} rows without a target value were left out`);
    const all = rows.length === frame.rowCount ? undefined : rows;
    const plan = fitFeaturePlan(frame, planModeFor(spec), [targetName], all);
    for (const d of plan.dropped) ctx.log?.(`column '${d.column}' not used: ${d.reason}`);
    if (plan.features.length === 0) throw new DataError('no usable feature columns are left after dropping identifiers, text and constant columns');
    const x = applyFeaturePlan(plan, frame, all);
    const model = spec.fit(x, y, params, ctx);
    return new Pipeline(target, plan, model, rows.length);
  }

  /** Rebuilds a saved pipeline; unknown formats or learners are a clear `RangeError`. */
  static load(json: unknown): Pipeline {
    const saved = json as Partial<SerializedPipeline> | null;
    if (!saved || saved.format !== 'automl-pipeline') throw new RangeError('not a saved AutoML pipeline (model.json)');
    if (saved.version !== 1) throw new RangeError(`pipeline format version ${String(saved.version)} is not supported by this build`);
    if (!saved.target || !saved.plan || !saved.model) throw new RangeError('the saved pipeline is incomplete');
    return new Pipeline(saved.target, saved.plan, loadModel(saved.model), saved.trainedRows ?? 0);
  }

  /** Predictions for every row of `frame` (which needs the source columns, not the target). */
  predict(frame: Frame): PipelinePrediction {
    const x = applyFeaturePlan(this.plan, frame);
    const values = this.model.predict(x);
    if (this.target.task === 'regression') return { values };
    return { values, classes: this.target.classes, proba: this.model.predictProba?.(x) };
  }

  toJSON(): SerializedPipeline {
    return {
      format: 'automl-pipeline',
      version: 1,
      target: this.target,
      plan: this.plan,
      model: this.model.toJSON(),
      trainedRows: this.trainedRows,
    };
  }
}
