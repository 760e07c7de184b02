/**
 * Exporter of the 'naiveBayes' learner (learners/naiveBayes/naiveBayes.ts), step by step as
 * `NaiveBayesModel.predictProba` computes: per class, the log prior plus each used feature's log
 * likelihood in feature order (Gaussian for numeric features, skipped when missing; smoothed
 * log frequencies for categorical ones, skipped when missing, `-log(levels)` for a code beyond
 * the training levels), then the log-sum-exp normalisation, which is the shared `softmax`
 * helper's arithmetic exactly. The log priors and Gaussian log normalisers are computed here, the
 * same way the model's constructor computes them, and written as constants.
 */
import { docComment, integerKind, numberLiteral, typedArray } from '../sourceText';
import type { FeatureSlot, LearnerEmitter } from './learnerCode';
import type { NaiveBayesState } from '../../learners/naiveBayes/naiveBayes';

/** Feature kinds in the emitted `kind` table. */
const UNUSED = 0;
const GAUSSIAN = 1;
const CATEGORICAL = 2;

function requireSlots(state: NaiveBayesState, features: readonly FeatureSlot[]): void {
  if (features.length !== state.featureNames.length) {
    throw new RangeError(`the naiveBayes model expects ${state.featureNames.length} features, the plan gives ${features.length}`);
  }
  features.forEach((slot, f) => {
    if (slot.name !== state.featureNames[f] || slot.kind !== state.featureKinds[f]) {
      throw new RangeError(`feature ${f} is ${slot.kind} '${slot.name}', the naiveBayes model expects ${state.featureKinds[f]} '${state.featureNames[f]}'`);
    }
  });
}

/** The model's tables: per-feature kind and offset, Gaussian parameters by (feature, class), categorical log probabilities. */
function tables(state: NaiveBayesState): {
  kind: number[];
  at: number[];
  levels: number[];
  mean: number[];
  variance: number[];
  logNorm: number[];
  logProb: number[];
} {
  const t = { kind: [] as number[], at: [] as number[], levels: [] as number[], mean: [] as number[], variance: [] as number[], logNorm: [] as number[], logProb: [] as number[] };
  for (const feature of state.features) {
    if (!feature) {
      t.kind.push(UNUSED);
      t.at.push(0);
      t.levels.push(0);
    } else if (feature.kind === 'gaussian') {
      t.kind.push(GAUSSIAN);
      t.at.push(t.mean.length);
      t.levels.push(0);
      t.mean.push(...feature.mean);
      t.variance.push(...feature.variance);
      // As the model's constructor: -0.5 * log(2 pi variance).
      t.logNorm.push(...feature.variance.map((v) => -0.5 * Math.log(2 * Math.PI * v)));
    } else {
      t.kind.push(CATEGORICAL);
      t.at.push(t.logProb.length);
      t.levels.push(feature.levels);
      t.logProb.push(...feature.logProb);
    }
  }
  return t;
}

/** Emits a 'naiveBayes' model; see the file comment. */
export const naiveBayesCode: LearnerEmitter = (model, prefix, features) => {
  const state = model.state as NaiveBayesState;
  requireSlots(state, features);
  const classes = state.classes.length;
  let total = 0;
  for (const w of state.classWeight) total += w;
  // As the model's constructor; a class without weight gets -Infinity and is never predicted.
  const logPrior = state.classWeight.map((w) => Math.log(w / total));
  const t = tables(state);
  const hasGaussian = t.kind.includes(GAUSSIAN);
  const hasCategorical = t.kind.includes(CATEGORICAL);
  const nn = numberLiteral;
  const gaussianBranch = [
    `      if (kind === ${GAUSSIAN}) {`,
    '        if (v !== v) continue;',
    `        const i = ${prefix}at[f] + c;`,
    `        const diff = v - ${prefix}mean[i];`,
    `        s += ${prefix}logNorm[i] - (0.5 * diff * diff) / ${prefix}variance[i];`,
    '      }',
  ];
  const categoricalBranch = [
    `      if (kind === ${CATEGORICAL}) {`,
    '        if (v < 0) continue;',
    `        const levels = ${prefix}levels[f];`,
    `        s += v < levels ? ${prefix}logProb[${prefix}at[f] + c * levels + v] : -Math.log(levels);`,
    '      }',
  ];
  const featureLoop = [
    `    for (let f = 0; f < ${nn(features.length)}; f++) {`,
    '      const v = x[f];',
    `      const kind = ${prefix}kind[f];`,
    // One if/else chain: the branches that this model's features need.
    ...(hasGaussian && hasCategorical
      ? [...gaussianBranch.slice(0, -1), `      } else ${categoricalBranch[0].trimStart()}`, ...categoricalBranch.slice(1)]
      : hasGaussian
        ? gaussianBranch
        : categoricalBranch),
    '    }',
  ];
  const declarations = [
    docComment(['Naive Bayes log priors, one per class.']),
    `const ${prefix}logPrior = ${typedArray('Float64Array', logPrior)};`,
    ...(hasGaussian || hasCategorical
      ? [
          docComment([
            `Per feature: its kind (${UNUSED} unused, ${GAUSSIAN} Gaussian, ${CATEGORICAL} categorical), where its parameters start`,
            'and its levels. Gaussian mean, variance and log normaliser of class c: at start + c;',
            'log P(level | class c) of a categorical feature: at start + c * levels + level.',
          ]),
          `const ${prefix}kind = ${typedArray('Uint8Array', t.kind)};`,
          `const ${prefix}at = ${typedArray(integerKind(t.at), t.at)};`,
        ]
      : []),
    ...(hasCategorical ? [`const ${prefix}levels = ${typedArray(integerKind(t.levels), t.levels)};`] : []),
    ...(hasGaussian
      ? [
          `const ${prefix}mean = ${typedArray('Float64Array', t.mean)};`,
          `const ${prefix}variance = ${typedArray('Float64Array', t.variance)};`,
          `const ${prefix}logNorm = ${typedArray('Float64Array', t.logNorm)};`,
        ]
      : []),
    ...(hasCategorical ? [`const ${prefix}logProb = ${typedArray('Float64Array', t.logProb)};`] : []),
    '',
    docComment(['Class probabilities of the naive Bayes model for one row: the normalised joint likelihoods.']),
    `function ${prefix}outputs(x: Float64Array): number[] {`,
    '  const jll: number[] = [];',
    `  for (let c = 0; c < ${nn(classes)}; c++) {`,
    `    let s = ${prefix}logPrior[c];`,
    ...(hasGaussian || hasCategorical ? featureLoop : []),
    '    jll.push(s);',
    '  }',
    '  return softmax(jll);',
    '}',
  ].join('\n');
  return { declarations, outputs: `${prefix}outputs`, helpers: ['softmax'] };
};
