/**
 * Permutation importance of raw columns measured on a fitted plan's feature matrix instead of the
 * raw frame. A fitted plan maps each row on its own (imputation, scaling, encodings and text
 * weights are all fitted already), so the features of a shuffled raw column are that column's
 * features shuffled by the same rows: the matrix is built once and each permutation only moves a
 * few arrays, where permuting the frame re-applies the whole plan (text hashing included) per
 * column and repeat. Same draws as `permutationImportance`, so the same seed gives the same drops.
 */
import type { Frame } from '../data/frame';
import { GbdtModel } from '../learners/gbdt/gbdt';
import type { FeatureColumn, FeatureMatrix, FittedModel } from '../learners/types';
import { applyFeaturePlan } from '../prep/applyPlan';
import type { FeaturePlan } from '../prep/featurePlan';
import { featureSources } from '../prep/featureSources';
import type { Prediction } from '../validate/types';
import { measureImportance, type PermutationImportanceOptions, type PermutationImportanceResult } from './permutationImportance';
import { treeRepredictor } from './treeRepredict';

export interface PlanPermutationOptions extends Omit<PermutationImportanceOptions, 'predict'> {
  readonly plan: FeaturePlan;
  /** The model's prediction for a matrix of the plan's features. */
  readonly predict: (x: FeatureMatrix) => Prediction;
  /**
   * The model behind `predict`, when the caller has it: a boosted tree ensemble then re-walks only
   * the trees that split on the permuted column's features (the same predictions, bit for bit).
   */
  readonly model?: FittedModel;
}

function permuteFeature(column: FeatureColumn, rows: Uint32Array): FeatureColumn {
  if (column.kind === 'categorical') {
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = column.codes[rows[i]];
    return { ...column, codes };
  }
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]];
  return { ...column, values };
}

/**
 * The importance of `options.columns` through `options.plan`, or undefined when one of them feeds a
 * feature made of two columns (an engineered pair or group statistic): shuffling one of its
 * sources is not a shuffle of that feature, so the caller permutes the frame instead.
 */
export function planPermutationImportance(options: PlanPermutationOptions): PermutationImportanceResult | undefined {
  const { plan, frame, columns } = options;
  const featuresOf: number[][] = columns.map(() => []);
  const index = new Map(columns.map((c, i) => [c, i]));
  for (let j = 0; j < plan.features.length; j++) {
    const sources = featureSources(plan.features[j]);
    const owners = sources.filter((s) => index.has(s));
    if (owners.length === 0) continue;
    if (sources.length > 1) return undefined;
    featuresOf[index.get(owners[0]) as number].push(j);
  }
  for (const name of columns) if (!frame.columns.some((c) => c.name === name)) throw new RangeError(`column '${name}' is not in the frame`);
  const x = applyFeaturePlan(plan, frame as Frame);
  const trees = options.model instanceof GbdtModel ? treeRepredictor(options.model, x) : undefined;
  // The input carries which features moved, so the tree re-predictor knows which trees to walk.
  const predict = ({ matrix, moved }: { matrix: FeatureMatrix; moved?: readonly number[] }): Prediction =>
    trees && moved ? trees.predict(matrix, moved) : options.predict(matrix);
  return measureImportance({ ...options, predict }, frame.rowCount, { matrix: x }, (c, rows) => {
    const moved = featuresOf[c];
    return { matrix: { rows: x.rows, columns: x.columns.map((column, j) => (moved.includes(j) ? permuteFeature(column, rows) : column)) }, moved };
  });
}
