/**
 * Exporters of the tree learners: boosted trees ('gbdt') and forests ('randomForest',
 * 'extraTrees'). Both write the ensemble as flat typed arrays with one traversal loop
 * (./treeLayout.ts) and sum leaf values in the engine's order, so outputs are bit-identical:
 * GbdtModel.predictRaw + learners/outputs.ts, and ForestModel's average.
 */
import type { SerializedTree } from '../../learners/gbdt/tree';
import type { SerializedModel } from '../../learners/types';
import { docComment, numberArray, numberLiteral, typedArray } from '../sourceText';
import type { FeatureSlot, LearnerCode, LearnerEmitter } from './learnerCode';
import { buildTreeLayout, treeLayoutSource, type SavedBins } from './treeLayout';

/** The parts of a tree model's saved state the exporters read (GbdtState / ForestState). */
interface SavedTrees extends SavedBins {
  readonly outputs: number;
  readonly featureKinds: readonly ('numeric' | 'categorical')[];
  readonly trees: readonly SerializedTree[];
}

interface SavedGbdt extends SavedTrees {
  readonly initScores: readonly number[];
}

/** The model's state, after checking it is the learner expected and matches the feature slots. */
function savedState<T extends SavedTrees>(model: SerializedModel, learners: readonly string[], features: readonly FeatureSlot[]): T {
  if (!learners.includes(model.learner)) throw new TypeError(`expected a ${learners.join(' or ')} model, got '${model.learner}'`);
  const state = model.state as T;
  if (state.featureKinds.length !== features.length || state.featureKinds.some((k, f) => k !== features[f].kind)) {
    throw new RangeError(`the ${model.learner} model's features (${state.featureKinds.join(', ')}) do not match the plan's`);
  }
  return state;
}

function leafValues(values: readonly number[], prefix: string): string {
  return `${docComment(['Leaf values of all trees, leaf-major.'])}\nconst ${prefix}LeafValue = ${typedArray('Float64Array', values)};`;
}

/**
 * Boosted trees: the margins start at the initial scores and tree `t` adds to output
 * `t % outputs` (trees are stored round by round); binary margins go through the logistic
 * function as [1 - p, p], multiclass ones through the softmax, regression values stay as they
 * are (every regression objective, l2, l1 and huber, predicts the raw score).
 */
export const gbdtCode: LearnerEmitter = (model, prefix, features): LearnerCode => {
  const state = savedState<SavedGbdt>(model, ['gbdt'], features);
  const layout = buildTreeLayout(state.trees, state, 1);
  const p = prefix;
  const k = state.outputs;
  const body =
    k === 1
      ? [
          `  let raw = ${numberLiteral(state.initScores[0])};`,
          `  for (let t = 0; t < ${p}NodeStart.length - 1; t++) raw += ${p}LeafValue[${p}Leaf(t, x)];`,
          model.task === 'binary' ? '  const p1 = sigmoid(raw);\n  return [1 - p1, p1];' : '  return [raw];',
        ]
      : [
          `  const raw = ${numberArray(state.initScores, '  ')};`,
          `  for (let t = 0; t < ${p}NodeStart.length - 1; t++) raw[t % ${k}] += ${p}LeafValue[${p}Leaf(t, x)];`,
          '  return softmax(raw);',
        ];
  const what = model.task === 'regression' ? 'The predicted value' : 'Class probabilities';
  const outputs = [
    docComment([`${what} of boosted trees for one row of features.`]),
    `function ${p}Outputs(x: Float64Array): number[] {`,
    ...body,
    '}',
  ].join('\n');
  return {
    declarations: [treeLayoutSource(layout, p), leafValues(layout.leafValue, p), outputs].join('\n\n'),
    outputs: `${p}Outputs`,
    helpers: model.task === 'binary' ? ['sigmoid'] : model.task === 'multiclass' ? ['softmax'] : [],
  };
};

/**
 * Random forest and extra trees: every leaf holds one value per class (or the mean, for
 * regression); the trees' values are summed in tree order and multiplied by 1 / trees, as
 * ForestModel's average does, and that is the probability vector (or `[value]`).
 */
export const forestCode: LearnerEmitter = (model, prefix, features): LearnerCode => {
  const state = savedState<SavedTrees>(model, ['randomForest', 'extraTrees'], features);
  const k = state.outputs;
  const layout = buildTreeLayout(state.trees, state, k);
  const p = prefix;
  const what = model.task === 'regression' ? 'The predicted value' : 'Class probabilities';
  const outputs = [
    docComment([`${what} of the forest for one row of features: the trees' leaf values, averaged.`]),
    `function ${p}Outputs(x: Float64Array): number[] {`,
    `  const trees = ${p}NodeStart.length - 1;`,
    `  const sum = new Array<number>(${k}).fill(0);`,
    '  for (let t = 0; t < trees; t++) {',
    `    const at = ${p}Leaf(t, x) * ${k};`,
    `    for (let k = 0; k < ${k}; k++) sum[k] += ${p}LeafValue[at + k];`,
    '  }',
    '  const scale = 1 / trees;',
    '  return sum.map((v) => v * scale);',
    '}',
  ].join('\n');
  return {
    declarations: [treeLayoutSource(layout, p), leafValues(layout.leafValue, p), outputs].join('\n\n'),
    outputs: `${p}Outputs`,
    helpers: [],
  };
};
