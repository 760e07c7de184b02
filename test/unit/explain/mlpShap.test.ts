/** DeepSHAP of an MLP: hand-computed values where the network is additive, local accuracy always. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { kernelShap } from '../../../src/engine/explain/kernelShap';
import { mlpShap } from '../../../src/engine/explain/mlpShap';
import { reconstructed } from '../../../src/engine/explain/shapTypes';
import { MlpModel, type MlpState } from '../../../src/engine/learners/mlp/mlp';
import type { DenseLayerJSON } from '../../../src/engine/learners/mlp/network';
import type { FeatureMatrix, Task } from '../../../src/engine/learners/types';
import { Rng } from '../../../src/engine/random';

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

function matrix(rows: number[][]): FeatureMatrix {
  return { rows: rows.length, columns: rows[0].map((_, j) => ({ kind: 'numeric' as const, name: `x${j}`, values: Float64Array.from(rows, (r) => r[j]) })) };
}

function model(task: Task, activation: 'relu' | 'tanh', layers: DenseLayerJSON[], scale?: { mean: number; std: number }): MlpModel {
  const features = layers[0].inputs;
  const state: MlpState = {
    featureNames: Array.from({ length: features }, (_, j) => `x${j}`),
    classes: task === 'regression' ? undefined : task === 'binary' ? ['no', 'yes'] : ['a', 'b', 'c'],
    activation,
    layers,
    targetMean: scale?.mean,
    targetStd: scale?.std,
    epochs: 1,
  };
  return new MlpModel(task, {}, state);
}

function randomLayer(inputs: number, units: number, rng: Rng): DenseLayerJSON {
  return { inputs, units, kernel: Array.from({ length: inputs * units }, () => rng.normal()), bias: Array.from({ length: units }, () => 0.3 * rng.normal()) };
}

const act = (activation: 'relu' | 'tanh', z: number): number => (activation === 'relu' ? Math.max(0, z) : Math.tanh(z));

describe('DeepSHAP of an MLP', () => {
  for (const activation of ['relu', 'tanh'] as const) {
    it(`gives each feature its own effect minus its background mean when the network is additive (${activation})`, () => {
      // Two hidden units per feature, each fed by that feature alone: f(x) = c + Σ_i g_i(x_i),
      // whose Shapley values against a background are g_i(x_i) − Σ_b w_b g_i(b_i).
      const w1 = [
        [1.5, 0, 0, -0.7, 0, 0],
        [0, 2, 0, 0, 0.4, 0],
        [0, 0, -1.2, 0, 0, 1.1],
      ];
      const b1 = [0.2, -0.5, 0.1, 0.3, 0, -0.2];
      const w2 = [0.8, -1.1, 0.5, 0.9, 2.0, -0.6];
      const owner = [0, 1, 2, 0, 1, 2];
      const net = model('regression', activation, [
        { inputs: 3, units: 6, kernel: w1.flat(), bias: b1 },
        { inputs: 6, units: 1, kernel: w2, bias: [0.4] },
      ], { mean: 10, std: 3 });
      const x = matrix([[0.5, -1, 2], [-2, 0.3, 0], [1, 1, 1]]);
      const background = { data: matrix([[0, 0, 0], [1, -1, 0.5], [-0.5, 2, -1]]), weights: Float64Array.of(0.5, 0.3, 0.2) };
      const g = (i: number, v: number): number => w2.reduce((sum, w, j) => sum + (owner[j] === i ? 3 * w * act(activation, w1[i][j] * v + b1[j]) : 0), 0);
      const shap = mlpShap(net, x, background);
      const bgRows = [[0, 0, 0], [1, -1, 0.5], [-0.5, 2, -1]];
      [[0.5, -1, 2], [-2, 0.3, 0], [1, 1, 1]].forEach((row, r) => {
        for (let i = 0; i < 3; i++) {
          const expected = g(i, row[i]) - bgRows.reduce((sum, b, k) => sum + background.weights[k] * g(i, b[i]), 0);
          close(shap.values[0][r * 3 + i], expected, 1e-12, `row ${r}, feature ${i}`);
        }
        close(reconstructed(shap, 0, r), shap.output[0][r], 1e-12, `row ${r} adds up`);
      });
      // The same values as exact Shapley values (KernelSHAP over every coalition).
      const exact = kernelShap((m) => net.predictRaw(m), x, background, { rng: new Rng(1), samples: 64 });
      for (let k = 0; k < 9; k++) close(shap.values[0][k], exact.values[0][k], 1e-9, `value ${k} against exact Shapley`);
      close(shap.base[0], exact.base[0], 1e-12, 'base');
    });
  }

  for (const [task, outputs] of [['binary', 1], ['multiclass', 3], ['regression', 1]] as const) {
    it(`adds up to the output for a deep network (${task})`, () => {
      const rng = new Rng(7);
      const net = model(task, 'relu', [randomLayer(5, 16, rng), randomLayer(16, 8, rng), randomLayer(8, outputs, rng)], task === 'regression' ? { mean: -4, std: 2.5 } : undefined);
      const rows = Array.from({ length: 20 }, () => Array.from({ length: 5 }, () => rng.normal()));
      const refs = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => rng.normal()));
      const shap = mlpShap(net, matrix(rows), { data: matrix(refs), weights: new Float64Array(8).fill(1 / 8) });
      assert.equal(shap.space, task === 'regression' ? 'value' : 'margin');
      assert.equal(shap.values.length, outputs);
      const raw = net.predictRaw(matrix(rows));
      for (let o = 0; o < outputs; o++) {
        for (let r = 0; r < rows.length; r++) {
          close(shap.output[o][r], raw[o][r], 1e-12, 'output');
          close(reconstructed(shap, o, r), raw[o][r], 1e-9, `output ${o}, row ${r}`);
        }
      }
    });
  }

  it('gives a feature equal to every reference no value', () => {
    const rng = new Rng(3);
    const net = model('binary', 'tanh', [randomLayer(3, 6, rng), randomLayer(6, 1, rng)]);
    const shap = mlpShap(net, matrix([[1, 2, 5]]), { data: matrix([[0, 1, 5], [2, -1, 5]]), weights: Float64Array.of(0.5, 0.5) });
    assert.equal(shap.values[0][2], 0);
  });
});
