import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { linearCode } from '../../../src/engine/export/learners/linearCode';
import { mlpCode } from '../../../src/engine/export/learners/mlpCode';
import type { LearnerEmitter } from '../../../src/engine/export/learners/learnerCode';
import { getLearner } from '../../../src/engine/learners/index';
import type { Task } from '../../../src/engine/learners/types';
import { initTensorflow } from '../../../src/node/tfBackend';
import { compareOutputs, describeReport, fitCase, slotsOf } from './learnerParity';

before(async () => {
  await initTensorflow(() => undefined);
});

/** Each exporter on each task its learner does (LearnerSpec.tasks), with small, fast params. */
const CASES: readonly { learner: string; emitter: LearnerEmitter; task: Task; params: Record<string, number | string> }[] = [
  { learner: 'logistic', emitter: linearCode, task: 'binary', params: {} },
  { learner: 'logistic', emitter: linearCode, task: 'multiclass', params: { penalty: 'elasticnet', C: 0.5 } },
  { learner: 'linear', emitter: linearCode, task: 'regression', params: {} },
  { learner: 'mlp', emitter: mlpCode, task: 'binary', params: { hiddenLayers: '16,8', maxEpochs: 5 } },
  { learner: 'mlp', emitter: mlpCode, task: 'multiclass', params: { hiddenLayers: '8', activation: 'tanh', maxEpochs: 5 } },
  { learner: 'mlp', emitter: mlpCode, task: 'regression', params: { hiddenLayers: '16', maxEpochs: 5 } },
  { learner: 'mlp', emitter: mlpCode, task: 'multiclass', params: { hiddenLayers: '', maxEpochs: 3 } },
];

describe('linear, logistic and MLP exporters: parity with the engine on holdout rows', () => {
  it('covers every task these learners do', () => {
    for (const learner of ['linear', 'logistic', 'mlp']) {
      for (const task of getLearner(learner).tasks) assert.ok(CASES.some((c) => c.learner === learner && c.task === task), `${learner} ${task}`);
    }
  });

  for (const c of CASES) {
    it(`${c.learner} ${c.task} ${JSON.stringify(c.params)}`, async () => {
      const { model, x } = await fitCase(c.task, c.learner, c.params);
      const report = compareOutputs(c.emitter, model, x);
      console.log(describeReport(`${c.learner} ${c.task}`, report));
      assert.ok(report.rows > 30);
      assert.ok(report.maxAbsDiff <= 1e-9, `max |diff| ${report.maxAbsDiff}`);
    });
  }

  it('rejects a plan whose features do not match the model', async () => {
    const { model, x } = await fitCase('regression', 'linear', {});
    const slots = slotsOf(x);
    assert.throws(() => linearCode(model.toJSON(), 'm0', slots.slice(1)), /expects/);
    assert.throws(() => linearCode(model.toJSON(), 'm0', [{ ...slots[0], kind: 'categorical', levels: 2 }, ...slots.slice(1)]), TypeError);
  });
});
