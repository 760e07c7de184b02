/**
 * Exporter of the 'knn' learner (learners/knn/knn.ts). The model is its training rows, emitted as
 * typed arrays, and the search is a plain scan over them: whether the engine used its k-d tree or
 * brute force, it returns the k smallest by (distance summed feature by feature, row index),
 * nearest first, so the scan keeps exactly those, in that order, and adds their votes nearest
 * first as `KnnModel` does (the sums then agree to the last bit).
 */
import { classShares } from '../../learners/classShares';
import { KNN_DEFAULTS } from '../../learners/knn/knn';
import { docComment, integerKind, numberLiteral, typedArray } from '../sourceText';
import type { LearnerEmitter } from './learnerCode';
import { requireNumericSlots } from './marginCode';
import type { KnnState } from '../../learners/knn/knn';

/** The search settings of a saved model, its params over the learner's defaults. */
function settings(params: Readonly<Record<string, unknown>>): { k: number; weights: string; metric: string; prior: number } {
  const p = { ...KNN_DEFAULTS, ...params };
  if (
    typeof p.k !== 'number' ||
    !(p.weights === 'uniform' || p.weights === 'distance') ||
    !(p.metric === 'euclidean' || p.metric === 'manhattan') ||
    typeof p.prior !== 'number' ||
    !(p.prior >= 0)
  ) {
    throw new RangeError(`the saved knn model has unusable params ${JSON.stringify(params)}`);
  }
  return { k: p.k, weights: p.weights, metric: p.metric, prior: p.prior };
}

/** Emits a 'knn' model; see the file comment. */
export const knnCode: LearnerEmitter = (model, prefix, features) => {
  const state = model.state as KnnState;
  requireNumericSlots('knn', state.featureNames, features);
  const d = features.length;
  if (state.data.length !== state.rows * d || state.labels.length !== state.rows || state.rows < 1) {
    throw new RangeError(`the saved knn model has ${state.data.length} values and ${state.labels.length} labels for ${state.rows} rows of ${d} features`);
  }
  const { k: kRequested, weights, metric, prior } = settings(model.params);
  const k = Math.min(kRequested, state.rows);
  const classes = state.classes?.length ?? 0;
  const classification = model.task !== 'regression';
  // The engine's pseudo-neighbours: the same shares and weight, so the sums agree to the last bit.
  const smoothing = classification && prior > 0 ? { shares: classShares(classes, state.labels, state.weights), lambda: prior / (k + prior) } : undefined;
  const distanceTerm = metric === 'euclidean' ? ['const diff = x[f] - data[base + f];', 's += diff * diff;'] : ['s += Math.abs(x[f] - data[base + f]);'];
  const distance = (reduced: string): string => (metric === 'euclidean' ? `Math.sqrt(${reduced})` : reduced);
  const rowWeight = state.weights ? `${prefix}weights[near[j]]` : undefined;
  const weightLines =
    weights === 'uniform'
      ? [`const w = ${rowWeight ?? '1'};`]
      : [`const d = ${distance('dist[j]')};`, `const w = ${rowWeight ? `(exact ? (d === 0 ? 1 : 0) : 1 / d) * ${rowWeight}` : 'exact ? (d === 0 ? 1 : 0) : 1 / d'};`];
  const nn = numberLiteral;
  const declarations = [
    docComment([
      `kNN training rows, row-major (${nn(d)} features each), their ${classification ? 'class codes' : 'target values'}`,
      state.weights ? 'and their sample weights.' : '(every row weighs 1).',
    ]),
    `const ${prefix}data = ${typedArray('Float64Array', state.data)};`,
    `const ${prefix}labels = ${typedArray(classification ? integerKind(state.labels) : 'Float64Array', state.labels)};`,
    ...(state.weights ? [`const ${prefix}weights = ${typedArray('Float64Array', state.weights)};`] : []),
    ...(smoothing
      ? [
          docComment([`The classes' training shares, where ${numberLiteral(prior)} pseudo-neighbour(s) vote (weight ${numberLiteral(smoothing.lambda)}).`]),
          `const ${prefix}shares = ${typedArray('Float64Array', Array.from(smoothing.shares))};`,
        ]
      : []),
    '',
    docComment([
      `Outputs of the kNN model for one row: the ${weights === 'uniform' ? '' : 'distance-weighted '}votes of its ${nn(k)} nearest`,
      `training rows (${metric} distance), ${classification ? 'as class shares' : 'as their mean target'}.`,
    ]),
    `function ${prefix}outputs(x: Float64Array): number[] {`,
    `  const data = ${prefix}data;`,
    '  // Nearest first by (reduced distance, row index): a row enters only when strictly nearer than',
    '  // the last one kept, so on ties the earlier row stays, as in the engine.',
    '  const near: number[] = [];',
    '  const dist: number[] = [];',
    `  for (let t = 0; t < ${nn(state.rows)}; t++) {`,
    `    const base = t * ${nn(d)};`,
    '    let s = 0;',
    `    for (let f = 0; f < ${nn(d)}; f++) {`,
    ...distanceTerm.map((line) => `      ${line}`),
    '    }',
    `    if (!(s < (near.length < ${nn(k)} ? Infinity : dist[${nn(k - 1)}]))) continue;`,
    `    let at = near.length < ${nn(k)} ? near.length : ${nn(k - 1)};`,
    '    for (; at > 0 && dist[at - 1] > s; at--) {',
    '      dist[at] = dist[at - 1];',
    '      near[at] = near[at - 1];',
    '    }',
    '    dist[at] = s;',
    '    near[at] = t;',
    '  }',
    ...(weights === 'distance' ? ['  // An exact match takes all the weight (1/0 would swamp the others).', `  const exact = ${distance('dist[0]')} === 0;`] : []),
    ...(classification ? [`  const votes: number[] = new Array<number>(${nn(classes)}).fill(0);`] : ['  let sum = 0;']),
    '  let total = 0;',
    '  for (let j = 0; j < near.length; j++) {',
    ...weightLines.map((line) => `    ${line}`),
    classification ? `    votes[${prefix}labels[near[j]]] += w;` : `    sum += w * ${prefix}labels[near[j]];`,
    '    total += w;',
    '  }',
    classification
      ? smoothing
        ? `  return votes.map((v, c) => (1 - ${numberLiteral(smoothing.lambda)}) * (v / total) + ${numberLiteral(smoothing.lambda)} * ${prefix}shares[c]);`
        : '  return votes.map((v) => v / total);'
      : '  return [sum / total];',
    '}',
  ].join('\n');
  return { declarations, outputs: `${prefix}outputs`, helpers: [] };
};
