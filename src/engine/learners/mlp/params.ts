import type { Params } from '../../search/domain';
import { requireRange, resolveParams } from '../params';

/**
 * MLP parameters and their defaults. `hiddenLayers` is a string because params are plain JSON
 * scalars: comma-separated layer widths from input to output ('64,32' = two hidden layers), or
 * '' for no hidden layer (a linear or logistic model).
 */
export const MLP_DEFAULTS = {
  hiddenLayers: '64,32',
  activation: 'relu',
  learningRate: 0.001,
  batchSize: 128,
  maxEpochs: 100,
  l2: 1e-4,
  dropout: 0,
  earlyStoppingPatience: 10,
} as const satisfies Params;

/** One line per parameter, for `automl train --help`. */
export const MLP_PARAM_DOCS: Readonly<Record<keyof typeof MLP_DEFAULTS, string>> = {
  hiddenLayers: "hidden layer widths, comma-separated from input to output ('64,32'); '' for none (linear/logistic model)",
  activation: "hidden-layer activation: 'relu' or 'tanh'",
  learningRate: 'Adam step size',
  batchSize: 'rows per mini-batch (capped at the number of training rows)',
  maxEpochs: 'passes over the training rows',
  l2: 'L2 penalty on the weights (not the biases), added to the mean loss as l2 * sum(w^2)',
  dropout: 'share of hidden units dropped during training, [0, 0.9]',
  earlyStoppingPatience:
    'stop when the validation loss has not improved for this many epochs and keep the best epoch; uses the given validation rows, else a seeded 10% of the training rows; 0 disables',
};

/** Hidden-layer activation functions. */
export type MlpActivation = 'relu' | 'tanh';

/** Validated MLP configuration. */
export interface MlpConfig {
  /** Hidden layer widths from input to output; empty for a linear model. */
  readonly hiddenLayers: readonly number[];
  readonly activation: MlpActivation;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  readonly l2: number;
  readonly dropout: number;
  readonly earlyStoppingPatience: number;
}

/** Widest hidden layer and deepest network accepted; beyond these a trial would only waste budget. */
const MAX_WIDTH = 4096;
const MAX_DEPTH = 8;

/** Parses a `hiddenLayers` string; `RangeError` naming the parameter on anything but widths. */
export function parseHiddenLayers(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const widths = trimmed.split(',').map((part) => {
    const s = part.trim();
    const width = /^\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) {
      throw new RangeError(
        `parameter 'hiddenLayers' of learner 'mlp' must list widths 1-${MAX_WIDTH} separated by commas (e.g. '64,32'), got '${text}'`,
      );
    }
    return width;
  });
  if (widths.length > MAX_DEPTH) {
    throw new RangeError(`parameter 'hiddenLayers' of learner 'mlp' allows at most ${MAX_DEPTH} layers, got ${widths.length}`);
  }
  return widths;
}

/** Merges `params` over the defaults and checks every value; `RangeError` names the culprit. */
export function mlpConfig(params: Params): MlpConfig {
  const p = resolveParams('mlp', MLP_DEFAULTS, params) as Record<keyof typeof MLP_DEFAULTS, number | string>;
  const num = (name: keyof typeof MLP_DEFAULTS): number => p[name] as number;
  const n = 'mlp';
  if (p.activation !== 'relu' && p.activation !== 'tanh') {
    throw new RangeError(`parameter 'activation' of learner 'mlp' must be 'relu' or 'tanh', got '${String(p.activation)}'`);
  }
  return {
    hiddenLayers: parseHiddenLayers(p.hiddenLayers as string),
    activation: p.activation,
    learningRate: requireRange(n, 'learningRate', num('learningRate'), 0, 10, { lowOpen: true }),
    batchSize: requireRange(n, 'batchSize', num('batchSize'), 1, 1 << 20, { integer: true }),
    maxEpochs: requireRange(n, 'maxEpochs', num('maxEpochs'), 1, 1e5, { integer: true }),
    l2: requireRange(n, 'l2', num('l2'), 0, 1e3),
    dropout: requireRange(n, 'dropout', num('dropout'), 0, 0.9),
    earlyStoppingPatience: requireRange(n, 'earlyStoppingPatience', num('earlyStoppingPatience'), 0, 1e5, { integer: true }),
  };
}
