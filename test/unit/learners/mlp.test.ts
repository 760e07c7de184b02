import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CancelledError } from '../../../src/engine/errors';
import { mlpLearner, MlpModel } from '../../../src/engine/learners/mlp/mlp';
import type { DenseLayerJSON } from '../../../src/engine/learners/mlp/network';
import { batchGradients } from '../../../src/engine/learners/mlp/train';
import type { FeatureMatrix, FitContext, Target } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';
import { initTensorflow, type TfBackendName } from '../../../src/node/tfBackend';
import { describeLearner, syntheticProblem } from './conformance';

const FAST = { hiddenLayers: '16', maxEpochs: 20, learningRate: 0.01, batchSize: 32 } as const;
/** The bundle runs from out/test/unit/learners; esbuild.mjs copies the .wasm files to out/test/unit. */
const WASM_DIR = join(__dirname, '..');

let backend: TfBackendName = 'cpu';
const backendLog: string[] = [];
before(async () => {
  backend = await initTensorflow((line) => backendLog.push(line));
});

function matrix(columns: Record<string, Float64Array>): FeatureMatrix {
  const entries = Object.entries(columns);
  return { rows: entries[0][1].length, columns: entries.map(([name, values]) => ({ kind: 'numeric', name, values })) };
}

function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function accuracy(predicted: Float64Array, y: Target): number {
  if (y.kind !== 'classification') throw new TypeError('classification only');
  let hits = 0;
  y.codes.forEach((c, i) => (hits += predicted[i] === c ? 1 : 0));
  return hits / y.codes.length;
}

describe('tfjs backend', () => {
  it('uses a fast backend here (tfjs-node if installed, else wasm from the binaries copied next to the bundle)', () => {
    assert.ok(backend === 'tensorflow' || backend === 'wasm', `backend ${backend}`);
    assert.equal(tf.getBackend(), backend);
    const chosen = backendLog.find((line) => line.startsWith(`tensorflow.js backend: ${backend}`));
    assert.ok(chosen, backendLog.join('\n'));
    if (backend === 'wasm') assert.ok(chosen.endsWith(`${WASM_DIR})`), chosen);
  });

  it('falls back to the cpu backend when asked, and trains the same way there', async () => {
    const { x, y } = syntheticProblem('binary', 200, 4, false);
    const fast = mlpLearner.fit(x, y, FAST, { rng: new Rng(1) });
    const logs: string[] = [];
    try {
      assert.equal(await initTensorflow(() => undefined, { prefer: ['cpu'] }), 'cpu');
      const slow = mlpLearner.fit(x, y, FAST, { rng: new Rng(1), log: (m) => logs.push(m) });
      // Different kernels round differently, but the same seed and data give nearly the same net.
      const a = fast.predictProba?.(x)[1] ?? new Float64Array();
      const b = slow.predictProba?.(x)[1] ?? new Float64Array();
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-3, `row ${i}: ${a[i]} vs ${b[i]}`);
    } finally {
      await initTensorflow(() => undefined, { prefer: [backend] });
    }
    assert.ok(logs.includes("mlp: training on the tfjs 'cpu' backend"), logs.join('\n'));
  });
});

describeLearner(mlpLearner, { fastParams: FAST, categorical: false });

describe('mlp learner', () => {
  it('separates a linearly separable problem perfectly', () => {
    const rng = new Rng(11);
    const n = 400;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      // A margin of 0.3 around the line a + 2b = 0.
      let s = 0;
      do {
        a[i] = rng.normal();
        b[i] = rng.normal();
        s = a[i] + 2 * b[i];
      } while (Math.abs(s) < 0.3);
      codes[i] = s > 0 ? 1 : 0;
    }
    const x = matrix({ a, b });
    const y: Target = { kind: 'classification', classes: ['neg', 'pos'], codes };
    const model = mlpLearner.fit(x, y, { hiddenLayers: '8', maxEpochs: 60, learningRate: 0.03, batchSize: 32, earlyStoppingPatience: 0 }, { rng: new Rng(2) });
    assert.equal(accuracy(model.predict(x), y), 1);
  });

  it('recovers an exact linear relation with no hidden layer (targets standardised and restored)', () => {
    const rng = new Rng(5);
    const n = 500;
    const a = Float64Array.from({ length: n }, () => rng.normal());
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const target = Float64Array.from({ length: n }, (_, i) => 1000 + 20 * a[i] - 30 * b[i]);
    const x = matrix({ a, b });
    const model = mlpLearner.fit(
      x,
      { kind: 'regression', values: target },
      { hiddenLayers: '', maxEpochs: 150, learningRate: 0.05, batchSize: 50, l2: 0, earlyStoppingPatience: 0 },
      { rng: new Rng(3) },
    );
    const predicted = model.predict(x);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(predicted[i] - target[i]) < 0.05, `row ${i}: ${predicted[i]} vs ${target[i]}`);
    // One linear layer: the saved weights times the target's std are the true coefficients.
    const state = model.toJSON().state as { layers: DenseLayerJSON[]; targetStd: number; targetMean: number };
    const [layer] = state.layers;
    assert.ok(Math.abs(layer.kernel[0] * state.targetStd - 20) < 0.01);
    assert.ok(Math.abs(layer.kernel[1] * state.targetStd + 30) < 0.01);
  });

  for (const [task, activation] of [
    ['binary', 'relu'],
    ['multiclass', 'tanh'],
    ['regression', 'relu'],
  ] as const) {
    it(`${task}: the typed-array forward pass equals a tfjs-layers model with the same weights`, () => {
      const { x, y } = syntheticProblem(task, 200, 9, false);
      const model = mlpLearner.fit(x, y, { ...FAST, hiddenLayers: '12,6', activation }, { rng: new Rng(4) }) as MlpModel;
      const state = model.toJSON().state as { layers: DenseLayerJSON[]; targetMean?: number; targetStd?: number };
      const net = tfl.sequential();
      state.layers.forEach((layer, l) => {
        const hidden = l < state.layers.length - 1;
        net.add(tfl.layers.dense({ units: layer.units, activation: hidden ? activation : 'linear', ...(l === 0 ? { inputShape: [layer.inputs] } : {}) }));
      });
      const weights = state.layers.flatMap((layer) => [tf.tensor2d([...layer.kernel], [layer.inputs, layer.units]), tf.tensor1d([...layer.bias])]);
      net.setWeights(weights);
      tf.dispose(weights);
      const rows = new Float32Array(x.rows * x.columns.length);
      x.columns.forEach((c, f) => {
        if (c.kind === 'numeric') c.values.forEach((v, r) => (rows[r * x.columns.length + f] = v));
      });
      const expected = tf.tidy(() => (net.predict(tf.tensor2d(rows, [x.rows, x.columns.length])) as tf.Tensor2D).arraySync());
      net.dispose();
      const raw = model.predictRaw(x);
      // Compared in the network's own (standardised) output space, where float32 rounding lives.
      const scale = state.targetStd ?? 1;
      const shift = state.targetMean ?? 0;
      for (let r = 0; r < x.rows; r++) {
        for (let k = 0; k < raw.length; k++) {
          const got = (raw[k][r] - shift) / scale;
          const want = expected[r][k];
          assert.ok(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `row ${r} output ${k}: ${got} vs ${want}`);
        }
      }
    });
  }

  for (const [loss, activation] of [
    ['sigmoid', 'relu'],
    ['softmax', 'tanh'],
    ['mse', 'relu'],
  ] as const) {
    it(`${loss} loss, ${activation}: hand-written backpropagation equals tfjs autodiff`, () => {
      // tfjs-layers (imported above) registers tfjs's gradient functions, which the engine's
      // Node bundle of tfjs-core lacks; here they give an independent reference.
      const rng = new Rng(13);
      const rows = 7;
      const widths = [3, 5, 4, loss === 'softmax' ? 3 : 1];
      const random = (n: number, scale = 1): Float32Array => Float32Array.from({ length: n }, () => rng.normal() * scale);
      tf.tidy(() => {
        const x = tf.tensor2d(random(rows * widths[0]), [rows, widths[0]]);
        const outputs = widths[widths.length - 1];
        const yValues = new Float32Array(rows * outputs);
        for (let r = 0; r < rows; r++) {
          if (loss === 'mse') yValues[r] = rng.normal();
          else if (loss === 'sigmoid') yValues[r] = rng.int(2);
          else yValues[r * outputs + rng.int(outputs)] = 1;
        }
        const y = tf.tensor2d(yValues, [rows, outputs]);
        const share = tf.tensor1d(Float32Array.from({ length: rows }, () => rng.next() / rows));
        const kernels = widths.slice(1).map((units, l) => tf.tensor2d(random(widths[l] * units, 0.7), [widths[l], units]));
        const biases = widths.slice(1).map((units) => tf.tensor1d(random(units, 0.3)));
        const masks = widths.slice(1, -1).map((units) => tf.tensor2d(Float32Array.from({ length: rows * units }, () => (rng.next() < 0.3 ? 0 : 1 / 0.7)), [rows, units]));
        const l2 = 0.01;
        const lossOf = (...params: tf.Tensor[]): tf.Scalar => {
          const ks = params.slice(0, kernels.length) as tf.Tensor2D[];
          const bs = params.slice(kernels.length) as tf.Tensor1D[];
          let h: tf.Tensor2D = x;
          for (let l = 0; l < ks.length - 1; l++) {
            const z = tf.add(tf.matMul(h, ks[l]), bs[l]);
            h = tf.mul(activation === 'relu' ? tf.relu(z) : tf.tanh(z), masks[l]);
          }
          const z = tf.add(tf.matMul(h, ks[ks.length - 1]), bs[bs.length - 1]);
          const perRow =
            loss === 'mse'
              ? tf.sum(tf.square(tf.sub(z, y)), 1)
              : loss === 'sigmoid'
                ? tf.sum(tf.sub(tf.softplus(z), tf.mul(z, y)), 1)
                : tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(z)), 1));
          let total: tf.Scalar = tf.sum(tf.mul(perRow, share));
          for (const k of ks) total = tf.add(total, tf.mul(l2, tf.sum(tf.square(k))));
          return total;
        };
        const expected = tf.grads(lossOf)([...kernels, ...biases]);
        const actual = batchGradients(loss, x, y, share, kernels, biases, activation === 'relu', l2, masks);
        assert.equal(actual.length, expected.length);
        actual.forEach((grad, i) => {
          assert.deepEqual(grad.shape, expected[i].shape);
          const a = grad.dataSync();
          const e = expected[i].dataSync();
          for (let j = 0; j < a.length; j++) assert.ok(Math.abs(a[j] - e[j]) <= 1e-5 * Math.max(1, Math.abs(e[j])), `gradient ${i}[${j}]: ${a[j]} vs ${e[j]}`);
        });
      });
    });
  }

  it('is bit-for-bit reproducible with dropout and the internal early-stopping split, and varies with the seed', () => {
    const { x, y } = syntheticProblem('multiclass', 300, 3, false);
    const params = { ...FAST, hiddenLayers: '16,8', dropout: 0.2, earlyStoppingPatience: 3 };
    const first = mlpLearner.fit(x, y, params, { rng: new Rng(21) });
    const second = mlpLearner.fit(x, y, params, { rng: new Rng(21) });
    const other = mlpLearner.fit(x, y, params, { rng: new Rng(22) });
    assert.deepEqual(json(first.toJSON()), json(second.toJSON()));
    assert.deepEqual(first.predictProba?.(x), second.predictProba?.(x));
    assert.notDeepEqual(json(first.toJSON()), json(other.toJSON()));
  });

  it('stops early on the given validation rows and keeps the best epoch', () => {
    const { x, y } = syntheticProblem('regression', 400, 6, false);
    const take = (from: number, to: number): { x: FeatureMatrix; y: Target } => ({
      x: { rows: to - from, columns: x.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: c.values.slice(from, to) } : c)) },
      y: y.kind === 'regression' ? { kind: 'regression', values: y.values.slice(from, to) } : y,
    });
    const train = take(0, 300);
    const valid = take(300, 400);
    const logs: string[] = [];
    let epochs = 0;
    const ctx: FitContext = { rng: new Rng(8), validation: valid, log: (m) => logs.push(m), onProgress: () => epochs++ };
    const model = mlpLearner.fit(train.x, train.y, { hiddenLayers: '64,64', learningRate: 0.03, batchSize: 16, maxEpochs: 400, earlyStoppingPatience: 3 }, ctx) as MlpModel;
    assert.ok(epochs < 400, `ran all ${epochs} epochs`);
    assert.equal(model.epochs, epochs - 3, 'kept the epoch `patience` before the stop');
    assert.ok(logs.some((m) => m.startsWith(`mlp: early stopping after epoch ${epochs}; kept epoch ${model.epochs}`)), logs.join('\n'));
  });

  it('weights the loss by sampleWeight', () => {
    const { x, y } = syntheticProblem('binary', 300, 12, false);
    if (y.kind !== 'classification') throw new TypeError('binary');
    const meanP1 = (weights?: Float64Array): number => {
      const model = mlpLearner.fit(x, y, { ...FAST, earlyStoppingPatience: 0 }, { rng: new Rng(5), sampleWeight: weights });
      const p1 = model.predictProba?.(x)[1] ?? new Float64Array();
      return p1.reduce((s, p) => s + p, 0) / p1.length;
    };
    const favourPositive = Float64Array.from(y.codes, (c) => (c === 1 ? 1 : 0.05));
    const ones = new Float64Array(x.rows).fill(1);
    assert.ok(meanP1(favourPositive) > meanP1() + 0.08, 'up-weighting class 1 raises its probability');
    // Weights of 1 everywhere are the unweighted loss.
    assert.ok(Math.abs(meanP1(ones) - meanP1()) < 1e-5);
  });

  it('frees every tensor, after a fit and after a cancelled fit', () => {
    const { x, y } = syntheticProblem('multiclass', 200, 2, false);
    const before = tf.memory().numTensors;
    mlpLearner.fit(x, y, { ...FAST, dropout: 0.1 }, { rng: new Rng(1), validation: { x, y } });
    assert.equal(tf.memory().numTensors, before);
    const signal = { aborted: false };
    assert.throws(() => mlpLearner.fit(x, y, FAST, { rng: new Rng(1), signal, onProgress: () => (signal.aborted = true) }), CancelledError);
    assert.equal(tf.memory().numTensors, before);
  });

  it('rejects bad parameters and inputs it cannot use, by name', () => {
    const { x, y } = syntheticProblem('binary', 50, 2, false);
    const rng = new Rng(1);
    assert.throws(() => mlpLearner.fit(x, y, { hiddenLayers: '64,x' }, { rng }), /hiddenLayers/);
    assert.throws(() => mlpLearner.fit(x, y, { hiddenLayers: '0' }, { rng }), /hiddenLayers/);
    assert.throws(() => mlpLearner.fit(x, y, { activation: 'sigmoid' }, { rng }), /activation/);
    assert.throws(() => mlpLearner.fit(x, y, { dropout: 1 }, { rng }), /dropout/);
    const withCategory: FeatureMatrix = { rows: x.rows, columns: [...x.columns, { kind: 'categorical', name: 'c', codes: new Int32Array(x.rows), levels: 1 }] };
    assert.throws(() => mlpLearner.fit(withCategory, y, FAST, { rng }), TypeError);
    const withMissing = matrix({ a: Float64Array.from({ length: x.rows }, (_, i) => (i === 3 ? NaN : i)) });
    assert.throws(() => mlpLearner.fit(withMissing, y, FAST, { rng }), /missing values/);
  });

  it('estimates a cost (relative to a default GBDT on the same data) that grows with epochs, width and smaller batches', () => {
    const shape = { rows: 10_000, features: 20, categoricalFeatures: 0, classes: 2 };
    const cost = (params: Record<string, string | number>): number => mlpLearner.relativeCost(params, shape);
    assert.ok(cost({}) > 0);
    assert.ok(cost({ maxEpochs: 200 }) > cost({ maxEpochs: 100 }));
    assert.ok(cost({ hiddenLayers: '256,128' }) > cost({ hiddenLayers: '32' }));
    assert.ok(cost({ batchSize: 32 }) > cost({ batchSize: 512 }));
    assert.ok(cost({ hiddenLayers: 'not widths' }) > 0, 'bad params are fit errors, not estimate errors');
  });
});
