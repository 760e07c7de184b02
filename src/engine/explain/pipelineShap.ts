/**
 * SHAP values of a whole pipeline, attributed to the user's original columns.
 *
 * Each member is explained in its own feature space with the best exact method it allows
 * (TreeSHAP for GBDT and forests, the closed form for linear models), then the values of derived
 * features (one-hot children, date parts, missing indicators, text buckets) are summed into their
 * source column: SHAP values are additive, so the column's value is exactly the sum. An engineered
 * feature of two columns (`a / b`, a group statistic) is split equally between them: the usual
 * convention for a derived feature, which keeps every row's sum unchanged (so additivity holds)
 * and is what the Shapley values of the feature's own inputs would be when it treats them
 * symmetrically (a sum, a product). An MLP gets DeepSHAP and naive Bayes its exact additive
 * values, both against background rows. Members without a usable structure (kNN) get KernelSHAP
 * with the source columns themselves as players, so coupled children (a one-hot group) move
 * together instead of producing rows that cannot exist.
 *
 * Several members (an ensemble, or folds' models averaged) average probabilities, so their
 * explanation is in probability space: margin members are carried over with `linkAttribution`,
 * then the weighted sum of the members' values is again exactly additive.
 */
import type { Column, Frame } from '../data/frame';
import { ForestModel } from '../learners/forest/forest';
import { GbdtModel } from '../learners/gbdt/gbdt';
import { LinearModel } from '../learners/linear/model';
import { MlpModel } from '../learners/mlp/mlp';
import { NaiveBayesModel } from '../learners/naiveBayes/naiveBayes';
import type { FeatureColumn, FeatureMatrix, FittedModel } from '../learners/types';
import { applyFeaturePlan, featureSources, planSources, type FeaturePlan } from '../prep/featurePlan';
import type { Pipeline } from '../prep/pipeline';
import { Rng } from '../random';
import { summariseBackground } from './kmeans';
import { kernelShap } from './kernelShap';
import { marginsToProbabilities } from './linkAttribution';
import { outputSpaceOf, rawOutputOf } from './modelOutput';
import type { ShapValues } from './shapTypes';
import { forestShap, gbdtShap, type ExplainControl } from './treeModelShap';
import { linearShap } from './linearShap';
import { mlpShap } from './mlpShap';
import { naiveBayesShap } from './naiveBayesShap';

/** How a member was explained. */
export type ShapMethod = 'treeShap' | 'linear' | 'naiveBayes' | 'deepShap' | 'kernelShap';

/** One member's explanation in its own features (derived features; source columns for KernelSHAP). */
export interface MemberShap {
  readonly learner: string;
  readonly weight: number;
  readonly method: ShapMethod;
  readonly shap: ShapValues;
  /** The same values summed into the pipeline's columns (`PipelineShap.features`), still in the member's own space. */
  readonly byColumn: Float64Array[];
}

/** A pipeline's explanation: `features` are the original columns. */
export interface PipelineShap extends ShapValues {
  /** What each output is: "survived = yes" (binary), the class labels, or the target's name. */
  readonly outputLabels: readonly string[];
  /** Per member, the explanation before attribution to columns (with `derived: true`). */
  readonly members?: readonly MemberShap[];
}

export interface PipelineShapOptions extends ExplainControl {
  /**
   * Rows standing for the training data: KernelSHAP's background (summarised by k-means). Needed
   * only when a member has no tree or linear structure.
   */
  readonly background?: Frame;
  /** Background clusters for KernelSHAP. Default 32. */
  readonly backgroundSize?: number;
  /** Coalition samples per row for KernelSHAP (default: its own). */
  readonly kernelSamples?: number;
  /** Seeds the background summary and KernelSHAP's coalitions. Default 0. */
  readonly seed?: number;
  /** Keep each member's explanation of its derived features. */
  readonly derived?: boolean;
}

/** Frame columns as a feature matrix (players for KernelSHAP): categories as codes, dates as numbers. */
function columnsAsMatrix(columns: readonly Column[], rows: number): FeatureMatrix {
  return {
    rows,
    columns: columns.map(
      (c): FeatureColumn =>
        c.storage === 'categorical'
          ? { kind: 'categorical', name: c.name, codes: c.codes, levels: c.dictionary.length }
          : { kind: 'numeric', name: c.name, values: c.values },
    ),
  };
}

/** The inverse of `columnsAsMatrix`: the same columns with the matrix's values. */
function matrixAsFrame(template: readonly Column[], x: FeatureMatrix): Frame {
  return {
    rowCount: x.rows,
    columns: template.map((c, j): Column => {
      const m = x.columns[j];
      if (c.storage === 'categorical') return { ...c, codes: (m as Extract<FeatureColumn, { kind: 'categorical' }>).codes };
      return { ...c, values: (m as Extract<FeatureColumn, { kind: 'numeric' }>).values };
    }),
  };
}

function columnsNamed(frame: Frame, names: readonly string[]): Column[] {
  return names.map((name) => {
    const column = frame.columns.find((c) => c.name === name);
    if (!column) throw new RangeError(`the data has no column '${name}', which the model needs`);
    return column;
  });
}

/** One member's SHAP values in its own space, by the best method it allows. */
function explainMember(plan: FeaturePlan, model: FittedModel, frame: Frame, options: PipelineShapOptions, seed: number): { method: ShapMethod; shap: ShapValues } {
  if (model instanceof GbdtModel) return { method: 'treeShap', shap: gbdtShap(model, applyFeaturePlan(plan, frame), options) };
  if (model instanceof ForestModel) return { method: 'treeShap', shap: forestShap(model, applyFeaturePlan(plan, frame), options) };
  if (model instanceof LinearModel) return { method: 'linear', shap: linearShap(model, applyFeaturePlan(plan, frame)) };
  if (!options.background) throw new RangeError(`explaining a ${model.learner} model needs background rows`);
  const sources = planSources(plan);
  const template = columnsNamed(frame, sources);
  const rng = new Rng(seed);
  const background = summariseBackground(
    columnsAsMatrix(columnsNamed(options.background, sources), options.background.rowCount),
    options.backgroundSize ?? 32,
    rng,
  );
  if (model instanceof MlpModel || model instanceof NaiveBayesModel) {
    // The background rows through the member's own plan: these explainers work in its features.
    const own = { data: applyFeaturePlan(plan, matrixAsFrame(template, background.data)), weights: background.weights };
    const x = applyFeaturePlan(plan, frame);
    return model instanceof MlpModel ? { method: 'deepShap', shap: mlpShap(model, x, own) } : { method: 'naiveBayes', shap: naiveBayesShap(model, x, own) };
  }
  const f = (x: FeatureMatrix): Float64Array[] => rawOutputOf(model, applyFeaturePlan(plan, matrixAsFrame(template, x)));
  const result = kernelShap(f, columnsAsMatrix(template, frame.rowCount), background, { rng, samples: options.kernelSamples, signal: options.signal });
  return { method: 'kernelShap', shap: { space: outputSpaceOf(model), features: sources, rows: frame.rowCount, ...result } };
}

/**
 * Where each explained feature's value goes: feature f adds `share[f]` of its value to each
 * column `columns[offsets[f]]` to `columns[offsets[f + 1] - 1]` (one column with share 1 for most
 * features; the two columns of an engineered pair with 1/2 each).
 */
interface Attribution {
  readonly offsets: Int32Array;
  readonly columns: Int32Array;
  readonly share: Float64Array;
}

/** The attribution of `features` (names of derived features, or of source columns for KernelSHAP). */
function attributionOf(features: readonly string[], plan: FeaturePlan, method: ShapMethod, position: ReadonlyMap<string, number>): Attribution {
  const byName = new Map(plan.features.map((f) => [f.name, f]));
  const sourcesOf = (name: string): readonly string[] => {
    const def = method === 'kernelShap' ? undefined : byName.get(name);
    return def ? featureSources(def) : [name];
  };
  const offsets = new Int32Array(features.length + 1);
  const columns: number[] = [];
  const share = new Float64Array(features.length);
  features.forEach((name, f) => {
    const sources = sourcesOf(name);
    for (const source of sources) columns.push(position.get(source) as number);
    offsets[f + 1] = columns.length;
    share[f] = 1 / sources.length;
  });
  return { offsets, columns: Int32Array.from(columns), share };
}

/** Sums feature values into their source columns, as `attribution` says. */
function toColumns(shap: ShapValues, attribution: Attribution, width: number): Float64Array[] {
  const features = shap.features.length;
  const { offsets, columns, share } = attribution;
  return shap.values.map((values) => {
    const out = new Float64Array(shap.rows * width);
    for (let r = 0; r < shap.rows; r++) {
      for (let f = 0; f < features; f++) {
        const v = values[r * features + f] * share[f];
        for (let k = offsets[f]; k < offsets[f + 1]; k++) out[r * width + columns[k]] += v;
      }
    }
    return out;
  });
}

/** Models explained exactly from their own structure, with no background rows. */
const explainedAlone = (model: FittedModel): boolean => model instanceof GbdtModel || model instanceof ForestModel || model instanceof LinearModel;
/** Models with an explainer of their own that works against background rows. */
const explainedAgainstBackground = (model: FittedModel): boolean => model instanceof MlpModel || model instanceof NaiveBayesModel;

/** Whether some member is explained against background rows (DeepSHAP, naive Bayes, KernelSHAP). */
export function needsBackground(pipeline: Pipeline): boolean {
  return pipeline.members.some(({ model }) => !explainedAlone(model));
}

/** The members KernelSHAP explains (no structure an explainer here can use). */
export function kernelShapMembers(pipeline: Pipeline): Pipeline['members'] {
  return pipeline.members.filter(({ model }) => !explainedAlone(model) && !explainedAgainstBackground(model));
}

/** Whether some member needs KernelSHAP. */
export function needsKernelShap(pipeline: Pipeline): boolean {
  return kernelShapMembers(pipeline).length > 0;
}

/** Labels of a pipeline's explained outputs. */
export function outputLabelsOf(pipeline: Pipeline): string[] {
  const target = pipeline.target;
  if (target.task === 'regression') return [target.column];
  if (target.task === 'binary') return [`${target.column} = ${target.classes[1]}`];
  return [...target.classes];
}

/**
 * Explains every row of `frame` (which holds the source columns). Values are per original column
 * in the order the data has them; columns no member uses are left out.
 *
 * The explained output is the members' weighted average before the pipeline's calibration (if
 * it has one): SHAP values add up to the members' own outputs, and a calibration (isotonic steps,
 * renormalised one-vs-rest maps) has no additive split over columns. So `base + Σ values` is the
 * uncalibrated probability; `Pipeline.predict` reports the calibrated one.
 */
export function explainPipeline(pipeline: Pipeline, frame: Frame, options: PipelineShapOptions = {}): PipelineShap {
  const used = new Set(pipeline.sourceColumns());
  const columns = frame.columns.map((c) => c.name).filter((name) => used.has(name));
  for (const name of used) if (!columns.includes(name)) throw new RangeError(`the data has no column '${name}', which the model needs`);
  const position = new Map(columns.map((name, i) => [name, i]));
  const width = columns.length;
  const several = pipeline.members.length > 1;
  const classification = pipeline.target.task !== 'regression';

  const memberShaps: MemberShap[] = [];
  let base: Float64Array | undefined;
  let values: Float64Array[] | undefined;
  let output: Float64Array[] | undefined;
  let space: ShapValues['space'] = classification ? 'probability' : 'value';
  pipeline.members.forEach(({ weight, plan, model }, i) => {
    const { method, shap: own } = explainMember(plan, model, frame, options, ((options.seed ?? 0) + i * 7919) >>> 0);
    const attribution = attributionOf(own.features, plan, method, position);
    if (options.derived) memberShaps.push({ learner: model.learner, weight, method, shap: own, byColumn: toColumns(own, attribution, width) });
    // Members average probabilities: explain them there (a single member keeps its own space).
    const shap = several && own.space === 'margin' ? marginsToProbabilities(own) : own;
    if (!several) space = shap.space;
    const byColumn = toColumns(shap, attribution, width);
    if (!base || !values || !output) {
      base = new Float64Array(shap.base.length);
      values = byColumn.map((v) => new Float64Array(v.length));
      output = shap.output.map((o) => new Float64Array(o.length));
    }
    for (let k = 0; k < base.length; k++) {
      base[k] += weight * shap.base[k];
      const v = values[k];
      const own = byColumn[k];
      for (let j = 0; j < v.length; j++) v[j] += weight * own[j];
      const o = output[k];
      for (let r = 0; r < o.length; r++) o[r] += weight * shap.output[k][r];
    }
  });
  return {
    space,
    features: columns,
    rows: frame.rowCount,
    base: base as Float64Array,
    values: values as Float64Array[],
    output: output as Float64Array[],
    outputLabels: outputLabelsOf(pipeline),
    members: options.derived ? memberShaps : undefined,
  };
}
