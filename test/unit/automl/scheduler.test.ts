import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TrialScheduler, type Proposal } from '../../../src/engine/automl/scheduler';
import { getLearner } from '../../../src/engine/learners/index';
import type { DataShape } from '../../../src/engine/learners/types';

const shape: DataShape = { rows: 2000, features: 10, categoricalFeatures: 2, classes: 2 };
const learners = ['knn', 'gbdt', 'naiveBayes', 'logistic', 'randomForest'].map(getLearner);

function drain(scheduler: TrialScheduler, count: number, loss: (p: Proposal) => number): Proposal[] {
  const out: Proposal[] = [];
  for (let id = 0; id < count; id++) {
    const p = scheduler.next(id);
    if (!p) break;
    out.push(p);
    scheduler.report(id, p, { status: 'ok', loss: loss(p) });
  }
  return out;
}

describe('trial scheduler', () => {
  it('tries the cheapest learner, then the families in their usual ranking, then the portfolio', () => {
    const proposals = drain(new TrialScheduler(learners, shape, 'binary', 'random', 1), 8, () => 0);
    const cheapest = [...learners].sort((a, b) => a.relativeCost(a.defaults, shape) - b.relativeCost(b.defaults, shape))[0].name;
    assert.deepEqual(proposals.slice(0, 5).map((p) => p.learner), [cheapest, ...['gbdt', 'randomForest', 'logistic', 'knn', 'naiveBayes'].filter((n) => n !== cheapest)]);
    assert.ok(proposals.slice(0, 5).every((p) => p.portfolio && Object.keys(p.params).length === 0), 'defaults first');
    assert.ok(proposals.slice(5).some((p) => p.learner === 'gbdt' && p.portfolio && Object.keys(p.params).length > 0), 'then portfolio configurations');
  });

  it('spends most of the search cost on the learner that does best, and never repeats a configuration', () => {
    const loss = (p: Proposal): number => (p.learner === 'randomForest' ? 0.1 : 0.5);
    const proposals = drain(new TrialScheduler(learners, shape, 'binary', 'bayesian', 3), 80, loss);
    // Cheap learners may get more trials by count; what a budget pays for is their cost.
    const cost = (p: Proposal): number => {
      const spec = getLearner(p.learner);
      return spec.relativeCost({ ...spec.defaults, ...p.params }, shape);
    };
    const searched = proposals.filter((p) => !p.portfolio);
    const forestCost = searched.filter((p) => p.learner === 'randomForest').reduce((s, p) => s + cost(p), 0);
    const totalCost = searched.reduce((s, p) => s + cost(p), 0);
    assert.ok(forestCost > 0.5 * totalCost, `randomForest got ${((100 * forestCost) / totalCost).toFixed(0)}% of the search cost`);
    const keys = proposals.map((p) => `${p.learner}:${JSON.stringify(p.params)}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('proposes the same sequence for the same outcomes and seed', () => {
    const loss = (p: Proposal): number => JSON.stringify(p.params).length % 7;
    const a = drain(new TrialScheduler(learners, shape, 'binary', 'bayesian', 9), 40, loss);
    const b = drain(new TrialScheduler(learners, shape, 'binary', 'bayesian', 9), 40, loss);
    assert.deepEqual(a, b);
  });
});
