/**
 * TreeSHAP for whole tree models: the sum over a GBDT's trees (margins, one output per class for
 * multiclass) or the average over a forest's trees (class probabilities or values).
 */
import { CancelledError } from '../errors';
import { rawColumns } from '../learners/checks';
import type { ForestModel } from '../learners/forest/forest';
import type { GbdtModel } from '../learners/gbdt/gbdt';
import type { Tree } from '../learners/gbdt/tree';
import type { FeatureMatrix } from '../learners/types';
import type { ShapValues } from './shapTypes';
import { addTreeExpectedValues, routeRow, SCALAR_LEAVES, treeShap, TreeShapScratch, type LeafOutputs } from './treeShap';

/** Options shared by the explainers: a cancellation check between rows. */
export interface ExplainControl {
  readonly signal?: { readonly aborted: boolean };
}

function checkAborted(control: ExplainControl): void {
  if (control.signal?.aborted) throw new CancelledError('the explanation was stopped');
}

function maxNodes(trees: readonly Tree[]): number {
  return trees.reduce((max, t) => Math.max(max, t.feature.length), 0);
}

/** Scatters a row buffer laid out `f * outputs + k` into per-output row-major arrays, scaled. */
function scatterRow(phi: Float64Array, values: Float64Array[], features: number, row: number, scale: number): void {
  const outputs = values.length;
  for (let f = 0; f < features; f++) for (let k = 0; k < outputs; k++) values[k][row * features + f] = scale * phi[f * outputs + k];
}

/** Exact path-dependent SHAP values of a GBDT's margins (or regression values). */
export function gbdtShap(model: GbdtModel, x: FeatureMatrix, control: ExplainControl = {}): ShapValues {
  const output = model.predictRaw(x); // first: it checks that x has the model's features
  const outputs = model.initScores.length;
  const features = x.columns.length;
  const base = Float64Array.from(model.initScores);
  model.trees.forEach((tree, t) => addTreeExpectedValues(tree, SCALAR_LEAVES, base.subarray(t % outputs)));
  const columns = rawColumns(x);
  const values = Array.from({ length: outputs }, () => new Float64Array(x.rows * features));
  const phi = Array.from({ length: outputs }, () => new Float64Array(features));
  const scratch = new TreeShapScratch();
  const goesLeft = new Uint8Array(maxNodes(model.trees));
  for (let r = 0; r < x.rows; r++) {
    checkAborted(control);
    for (const p of phi) p.fill(0);
    for (let t = 0; t < model.trees.length; t++) {
      const tree = model.trees[t];
      routeRow(tree, model.layout, columns, r, goesLeft);
      treeShap(tree, goesLeft, features, phi[t % outputs], scratch);
    }
    for (let k = 0; k < outputs; k++) values[k].set(phi[k], r * features);
  }
  return { space: model.task === 'regression' ? 'value' : 'margin', features: model.featureNames, rows: x.rows, base, values, output };
}

/**
 * Exact path-dependent SHAP values of a forest's averaged leaves: P(second class) for binary
 * models (their `predictRaw`), every class's probability for multiclass, the value for regression.
 */
export function forestShap(model: ForestModel, x: FeatureMatrix, control: ExplainControl = {}): ShapValues {
  const output = model.predictRaw(x); // first: it checks that x has the model's features
  const stride = model.leafOutputs;
  const leaves: LeafOutputs = model.task === 'binary' ? { stride, offset: 1, count: 1 } : { stride, offset: 0, count: stride };
  const outputs = leaves.count;
  const features = x.columns.length;
  const scale = model.trees.length > 0 ? 1 / model.trees.length : 0;
  const base = new Float64Array(outputs);
  for (const tree of model.trees) addTreeExpectedValues(tree, leaves, base);
  for (let k = 0; k < outputs; k++) base[k] *= scale;
  const columns = rawColumns(x);
  const values = Array.from({ length: outputs }, () => new Float64Array(x.rows * features));
  const phi = new Float64Array(features * outputs);
  const scratch = new TreeShapScratch();
  const goesLeft = new Uint8Array(maxNodes(model.trees));
  for (let r = 0; r < x.rows; r++) {
    checkAborted(control);
    phi.fill(0);
    for (const tree of model.trees) {
      routeRow(tree, model.layout, columns, r, goesLeft);
      treeShap(tree, goesLeft, features, phi, scratch, leaves);
    }
    scatterRow(phi, values, features, r, scale);
  }
  return {
    space: model.task === 'regression' ? 'value' : 'probability',
    features: model.featureNames,
    rows: x.rows,
    base,
    values,
    output,
  };
}
