/**
 * Exporter of the 'linear' and 'logistic' learners (learners/linear/model.ts). The saved
 * coefficients are already on the original feature scale (standardisation was folded into them
 * at fit time), so the code is `margin_k = intercept_k + sum_j coef_kj * x_j`, summed in feature
 * order as `LinearModel.predictRaw` does, then the engine's link (multinomial softmax for
 * several classes, one sigmoid for two).
 */
import type { LinearState } from '../../learners/linear/model';
import { docComment, numberLiteral, typedArray } from '../sourceText';
import type { LearnerEmitter } from './learnerCode';
import { marginReturn, requireNumericSlots } from './marginCode';

/** Emits a 'linear' or 'logistic' model; see the file comment. */
export const linearCode: LearnerEmitter = (model, prefix, features) => {
  const state = model.state as LinearState;
  const width = state.featureNames.length;
  requireNumericSlots(model.learner, state.featureNames, features);
  if (state.coef.length !== state.intercept.length || state.coef.some((row) => row.length !== width)) {
    throw new RangeError(`the saved ${model.learner} model has ${state.coef.length} coefficient rows for ${state.intercept.length} intercepts and ${width} features`);
  }
  const outputs = state.coef.length;
  const link = marginReturn(model.task, 'z', '  ', true);
  const declarations = [
    docComment([`${model.learner} model coefficients (original feature scale): output k, feature j at k * ${width} + j.`]),
    `const ${prefix}coef = ${typedArray('Float64Array', state.coef.flat())};`,
    `const ${prefix}intercept = ${typedArray('Float64Array', state.intercept)};`,
    '',
    docComment([`Outputs of the ${model.learner} model for one row: intercept + coefficients . features, then the link.`]),
    `function ${prefix}outputs(x: Float64Array): number[] {`,
    '  const z: number[] = [];',
    `  for (let k = 0; k < ${numberLiteral(outputs)}; k++) {`,
    `    let s = ${prefix}intercept[k];`,
    `    for (let j = 0; j < ${numberLiteral(width)}; j++) s += ${prefix}coef[k * ${numberLiteral(width)} + j] * x[j];`,
    '    z.push(s);',
    '  }',
    link.code,
    '}',
  ].join('\n');
  return { declarations, outputs: `${prefix}outputs`, helpers: link.helpers };
};
