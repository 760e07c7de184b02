import { applyCalibration, checkCalibration } from '../calibration/applyCalibration';
import type { Calibration } from '../calibration/types';
import { DataError } from '../errors';
import type { Frame } from '../data/frame';
import { getLearner, loadModel } from '../learners/index';
import { argmax } from '../learners/outputs';
import type { FitContext, FittedModel, LearnerSpec, SerializedModel, Task } from '../learners/types';
import type { Params } from '../search/domain';
import { applyFeaturePlan, fitTransformFeatures, type FeaturePlan, type PlanOptions } from './featurePlan';
import { pipelineSources } from './pipelineSources';
import { encodeTarget, fitTargetSpec, type TargetSpec } from './targetSpec';

/** One fitted model with the feature plan that feeds it, and its weight in the average. */
export interface PipelineMember {
  readonly weight: number;
  readonly plan: FeaturePlan;
  readonly model: FittedModel;
}

/**
 * A whole fitted pipeline as saved in a run's `model.json`: a weighted average of members, each a
 * feature plan plus a model. One member is a plain model; several are an ensemble, or the models
 * of a model's validation folds averaged ("bagged") when there was no time to refit on all rows.
 * A classification pipeline may calibrate the averaged probabilities (absent in files written
 * before calibration existed, which therefore load unchanged).
 */
export interface SerializedPipeline {
  readonly format: 'automl-pipeline';
  readonly version: 2;
  readonly target: TargetSpec;
  readonly members: readonly { readonly weight: number; readonly plan: FeaturePlan; readonly model: SerializedModel }[];
  /** Rows the models were fitted on (rows with a target value). */
  readonly trainedRows: number;
  /** Applied to the members' averaged probabilities (classification only). */
  readonly calibration?: Calibration;
}

/** Version 1 (one model), still readable. */
interface SerializedPipelineV1 {
  readonly format: 'automl-pipeline';
  readonly version: 1;
  readonly target: TargetSpec;
  readonly plan: FeaturePlan;
  readonly model: SerializedModel;
  readonly trainedRows: number;
}

/** Predictions for the rows of a frame. */
export interface PipelinePrediction {
  /** Regression values, or class codes (indexes into `classes`). */
  readonly values: Float64Array;
  readonly classes?: readonly string[];
  /** One probability array per class (classification), calibrated when the pipeline carries a calibration. */
  readonly proba?: Float64Array[];
}

/** The feature plan mode a learner needs. */
export function planModeFor(spec: LearnerSpec): FeaturePlan['mode'] {
  return spec.handlesCategorical && spec.handlesMissing ? 'native' : 'dense';
}

/**
 * Preprocessing plus fitted models, and optionally a calibration of their averaged probabilities:
 * predicts straight from a `Frame` of raw columns.
 *
 * `members` are the models as fitted: their outputs are not calibrated. Explanations (SHAP,
 * whose values add up to the members' own outputs) describe that uncalibrated output; anything
 * that reports the pipeline's probabilities (`predict`, the CLI's `predict`, the exported module,
 * partial dependence) gives the calibrated ones.
 */
export class Pipeline {
  private constructor(
    readonly target: TargetSpec,
    readonly members: readonly PipelineMember[],
    readonly trainedRows: number,
    /** Applied after the members' weighted average; undefined when the run kept none. */
    readonly calibration?: Calibration,
  ) {}

  /** A pipeline from fitted members, uncalibrated; weights are normalised to sum to 1. */
  static fromMembers(target: TargetSpec, members: readonly PipelineMember[], trainedRows: number): Pipeline {
    if (members.length === 0) throw new RangeError('a pipeline needs at least one model');
    const total = members.reduce((sum, m) => sum + m.weight, 0);
    if (!(total > 0)) throw new RangeError('pipeline member weights must be positive');
    return new Pipeline(target, members.map((m) => ({ ...m, weight: m.weight / total })), trainedRows);
  }

  /**
   * Fits the target encoding, the feature plan the learner needs (with the engineered features
   * `options.engineer` asks for) and the learner itself on the rows of `frame` that have a target
   * value.
   */
  static fit(
    frame: Frame,
    targetName: string,
    learnerName: string,
    params: Params,
    ctx: FitContext,
    options: { task?: Task; exclude?: readonly string[]; engineer?: PlanOptions['engineer'] } = {},
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
    const { plan, x } = fitTransformFeatures(frame, { mode: planModeFor(spec), exclude: [targetName, ...(options.exclude ?? [])], rows: all, target: y, seed: 0, engineer: options.engineer });
    for (const d of plan.dropped) ctx.log?.(`column '${d.column}' not used: ${d.reason}`);
    for (const d of plan.skipped ?? []) ctx.log?.(`engineered feature '${d.name}' not made: ${d.reason}`);
    if (plan.features.length === 0) throw new DataError('no usable feature columns are left after dropping identifiers and constant columns');
    const model = spec.fit(x, y, params, ctx);
    return new Pipeline(target, [{ weight: 1, plan, model }], rows.length);
  }

  /** Rebuilds a saved pipeline; unknown formats or learners are a clear `RangeError`. */
  static load(json: unknown): Pipeline {
    const saved = json as Partial<SerializedPipeline> | Partial<SerializedPipelineV1> | null;
    if (!saved || saved.format !== 'automl-pipeline') throw new RangeError('not a saved AutoML pipeline (model.json)');
    if (saved.version === 1) {
      if (!saved.target || !saved.plan || !saved.model) throw new RangeError('the saved pipeline is incomplete');
      return new Pipeline(saved.target, [{ weight: 1, plan: saved.plan, model: loadModel(saved.model) }], saved.trainedRows ?? 0);
    }
    if (saved.version !== 2) throw new RangeError(`pipeline format version ${String(saved.version)} is not supported by this build`);
    if (!saved.target || !Array.isArray(saved.members) || saved.members.length === 0) throw new RangeError('the saved pipeline is incomplete');
    const members = saved.members.map((m) => ({ weight: m.weight, plan: m.plan, model: loadModel(m.model) }));
    const pipeline = new Pipeline(saved.target, members, saved.trainedRows ?? 0);
    return saved.calibration === undefined ? pipeline : pipeline.withCalibration(saved.calibration);
  }

  /**
   * The same members with `calibration` applied to their averaged probabilities (undefined: none).
   * A `RangeError` for a regression pipeline, or a calibration for another number of classes.
   */
  withCalibration(calibration: Calibration | undefined): Pipeline {
    if (calibration === undefined) return new Pipeline(this.target, this.members, this.trainedRows);
    if (this.target.task === 'regression') throw new RangeError('a regression pipeline cannot carry a probability calibration');
    return new Pipeline(this.target, this.members, this.trainedRows, checkCalibration(calibration, this.target.classes.length));
  }

  /** The source columns the pipeline reads (a frame to predict needs them), in first-use order. */
  sourceColumns(): string[] {
    return pipelineSources(this);
  }

  /** The learners inside, e.g. "gbdt" or "gbdt 0.6 + randomForest 0.4". */
  describe(): string {
    if (this.members.length === 1) return this.members[0].model.learner;
    const byLearner = new Map<string, number>();
    for (const m of this.members) byLearner.set(m.model.learner, (byLearner.get(m.model.learner) ?? 0) + m.weight);
    // One learner's fold models averaged is still that learner ("gbdt", not "gbdt 1.00").
    if (byLearner.size === 1) return this.members[0].model.learner;
    return [...byLearner].map(([name, w]) => `${name} ${w.toFixed(2)}`).join(' + ');
  }

  /** Predictions for every row of `frame` (which needs the source columns, not the target). */
  predict(frame: Frame): PipelinePrediction {
    const n = frame.rowCount;
    if (this.target.task === 'regression') {
      const values = new Float64Array(n);
      for (const { weight, plan, model } of this.members) {
        const out = model.predict(applyFeaturePlan(plan, frame));
        for (let i = 0; i < n; i++) values[i] += weight * out[i];
      }
      return { values };
    }
    const classes = this.target.classes;
    const proba = classes.map(() => new Float64Array(n));
    for (const { weight, plan, model } of this.members) {
      const x = applyFeaturePlan(plan, frame);
      const p = model.predictProba?.(x);
      if (!p) throw new TypeError(`model '${model.learner}' gives no probabilities`);
      for (let c = 0; c < classes.length; c++) for (let i = 0; i < n; i++) proba[c][i] += weight * p[c][i];
    }
    const calibrated = this.calibration === undefined ? proba : applyCalibration(this.calibration, proba);
    return { values: argmax(calibrated), classes, proba: calibrated };
  }

  toJSON(): SerializedPipeline {
    return {
      format: 'automl-pipeline',
      version: 2,
      target: this.target,
      members: this.members.map(({ weight, plan, model }) => ({ weight, plan, model: model.toJSON() })),
      trainedRows: this.trainedRows,
      ...(this.calibration === undefined ? {} : { calibration: this.calibration }),
    };
  }
}
