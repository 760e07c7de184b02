/**
 * Exporter of the 'mlp' learner (learners/mlp/mlp.ts): the layers' weights and the engine's
 * forward pass (learners/mlp/network.ts `forward`) for one row, step by step: each layer starts
 * from its bias, adds `input[i] * kernel row i` in input order, skipping zero inputs as the engine
 * does (so the sums round alike), applies the activation to hidden layers and leaves the output
 * layer linear. Regression undoes the target standardisation; classifiers apply the engine's link.
 */
import { docComment, numberLiteral, typedArray, wrapItems } from '../sourceText';
import type { LearnerEmitter } from './learnerCode';
import { marginReturn, requireNumericSlots } from './marginCode';
import type { MlpState } from '../../learners/mlp/mlp';

/** Whether every value is a float32 (training produces float32 weights; a Float32Array then holds them exactly). */
function allFloat32(values: readonly number[]): boolean {
  return values.every((v) => Object.is(Math.fround(v), v));
}

/**
 * The shortest decimal that a `Float32Array` stores as exactly `value` (a float32): about half
 * the digits of the double's shortest form. The test mimics the runtime: the literal is read as a
 * double, then rounded to float32.
 */
function float32Literal(value: number): string {
  if (!Number.isFinite(value)) return numberLiteral(value);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Object.is(Math.fround(candidate), value)) return numberLiteral(candidate);
  }
  // Nine significant digits always identify a float32.
  return numberLiteral(Number(value.toPrecision(9)));
}

/** A weight array literal: float32 digits when the weights are float32, else doubles. */
function weightArray(values: readonly number[], float32: boolean, indent: string): string {
  if (!float32) return typedArray('Float64Array', values, indent);
  return `new Float32Array([${wrapItems(values.map(float32Literal), indent)}])`;
}

/** Emits an 'mlp' model; see the file comment. */
export const mlpCode: LearnerEmitter = (model, prefix, features) => {
  const state = model.state as MlpState;
  requireNumericSlots('mlp', state.featureNames, features);
  const layers = state.layers;
  layers.forEach((layer, l) => {
    const inputs = l === 0 ? features.length : layers[l - 1].units;
    if (layer.inputs !== inputs || layer.kernel.length !== layer.inputs * layer.units || layer.bias.length !== layer.units) {
      throw new RangeError(`saved mlp layer ${l} does not fit: ${layer.inputs}x${layer.units} with ${layer.kernel.length} weights, after ${inputs} inputs`);
    }
  });
  const float32 = layers.every((layer) => allFloat32(layer.kernel) && allFloat32(layer.bias));
  const arrayType = float32 ? 'Float32Array' : 'Float64Array';
  const layerItems = layers.map((layer) =>
    [
      '  {',
      `    inputs: ${numberLiteral(layer.inputs)},`,
      `    units: ${numberLiteral(layer.units)},`,
      `    kernel: ${weightArray(layer.kernel, float32, '    ')},`,
      `    bias: ${weightArray(layer.bias, float32, '    ')},`,
      '  },',
    ].join('\n'),
  );
  const activation =
    state.activation === 'relu' ? 'output[j] = output[j] > 0 ? output[j] : 0;' : 'output[j] = Math.tanh(output[j]);';
  const regression = model.task === 'regression' && state.targetMean !== undefined && state.targetStd !== undefined;
  const link = regression
    ? { code: `  return [input[0] * ${numberLiteral(state.targetStd as number)} + ${numberLiteral(state.targetMean as number)}];`, helpers: [] }
    : marginReturn(model.task, 'input', '  ');
  const declarations = [
    docComment([
      `MLP layers: hidden (${state.activation}), then the output layer (linear).`,
      'Kernels are row-major: input i, unit j at i * units + j.',
    ]),
    `const ${prefix}layers: readonly { inputs: number; units: number; kernel: ${arrayType}; bias: ${arrayType} }[] = [`,
    ...layerItems,
    '];',
    '',
    docComment(['Outputs of the MLP for one row: the forward pass, then the link.']),
    `function ${prefix}outputs(x: Float64Array): number[] {`,
    '  let input = x;',
    `  for (let l = 0; l < ${prefix}layers.length; l++) {`,
    `    const { inputs, units, kernel, bias } = ${prefix}layers[l];`,
    '    const output = new Float64Array(units);',
    '    for (let j = 0; j < units; j++) output[j] = bias[j];',
    '    for (let i = 0; i < inputs; i++) {',
    '      const v = input[i];',
    '      if (v === 0) continue; // as the engine does, so that the sums round alike',
    '      const base = i * units;',
    '      for (let j = 0; j < units; j++) output[j] += v * kernel[base + j];',
    '    }',
    ...(layers.length > 1 ? [`    if (l < ${numberLiteral(layers.length - 1)}) for (let j = 0; j < units; j++) ${activation}`] : []),
    '    input = output;',
    '  }',
    link.code,
    '}',
  ].join('\n');
  return { declarations, outputs: `${prefix}outputs`, helpers: link.helpers };
};
