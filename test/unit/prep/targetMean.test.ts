/**
 * Target means of a numeric column read as categories (`targetMean` requests): each distinct value
 * is a level, new rows get the m-estimate fitted on every training row, and the training rows get
 * out-of-fold values, so no row's own target reaches its feature. Checked against sums by hand.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Target } from '../../../src/engine/learners/types';
import { makeFolds } from '../../../src/engine/prep/encoders/targetEncoding';
import { applyFeaturePlan, fitFeaturePlan, fitTransformFeatures, type EngineeringRequest, type FeaturePlan } from '../../../src/engine/prep/featurePlan';
import { frameOf, num, range, valuesOf } from './frames';

const USERS = [7, 7, 7, 12, 12, 12, 12, 30, 30, NaN, 7, 12, 30, 30, NaN, 7];
const Y = [4, 5, 3, 1, 2, 1, 2, 5, 4, 3, 5, 1, 4, 5, 2, 4];
const REQUEST: EngineeringRequest = { kind: 'targetMean', column: 'user' };
const SMOOTHING = 10;
const FOLDS = 4;
const SEED = 3;

const frame = frameOf(num('user', USERS), num('y', Y));
const regression: Target = { kind: 'regression', values: Float64Array.from(Y) };

/** The m-estimate of the rows `take` selects: per user value (NaN = missing) and the prior. */
function byHand(take: (i: number) => boolean): { of: (user: number) => number; prior: number } {
  let total = 0;
  let count = 0;
  const sums = new Map<string, { sum: number; count: number }>();
  USERS.forEach((user, i) => {
    if (!take(i)) return;
    total += Y[i];
    count++;
    const key = String(user);
    const entry = sums.get(key) ?? { sum: 0, count: 0 };
    entry.sum += Y[i];
    entry.count++;
    sums.set(key, entry);
  });
  const prior = total / count;
  return {
    prior,
    of: (user) => {
      const entry = sums.get(String(user)) ?? { sum: 0, count: 0 };
      return (entry.sum + SMOOTHING * prior) / (entry.count + SMOOTHING);
    },
  };
}

function fitted(mode: FeaturePlan['mode'], target: Target = regression) {
  return fitTransformFeatures(frame, { mode, exclude: ['y'], target, engineer: [REQUEST], targetSmoothing: SMOOTHING, targetFolds: FOLDS, seed: SEED });
}

describe('target means of an integer column read as categories', () => {
  it('gives new rows the smoothed mean of every training row with their value, and unseen values the prior', () => {
    const { plan } = fitted('native');
    const def = plan.features.find((f) => f.name === 'mean(target by user)');
    assert.ok(def?.kind === 'targetEncoding' && def.source === 'user', JSON.stringify(def));
    const all = byHand(() => true);
    const fresh = frameOf(num('user', [7, 12, 30, NaN, 99]), num('y', [0, 0, 0, 0, 0]));
    const values = valuesOf(applyFeaturePlan(plan, fresh), 'mean(target by user)');
    [7, 12, 30, NaN].forEach((user, i) => assert.ok(Math.abs(values[i] - all.of(user)) < 1e-12, `user ${user}: ${values[i]} vs ${all.of(user)}`));
    assert.ok(Math.abs(values[4] - all.prior) < 1e-12, 'an unseen user gets the prior');
    // The column's own numeric feature stays: the target mean is added beside it.
    assert.ok(plan.features.some((f) => f.kind === 'numeric' && f.name === 'user'));
  });

  it('encodes each training row from the other folds only', () => {
    const { x } = fitted('native');
    const { fold } = makeFolds(USERS.length, FOLDS, SEED);
    const values = valuesOf(x, 'mean(target by user)');
    USERS.forEach((user, i) => {
      const expected = byHand((j) => fold[j] !== fold[i]).of(user);
      assert.ok(Math.abs(values[i] - expected) < 1e-12, `row ${i}: ${values[i]} vs ${expected}`);
    });
  });

  it('is standardised in dense plans as the learner sees it in training (the out-of-fold values)', () => {
    const { x, plan } = fitted('dense');
    const values = valuesOf(x, 'mean(target by user)');
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    assert.ok(Math.abs(mean) < 1e-12, `mean ${mean}`);
    const def = plan.features.find((f) => f.name === 'mean(target by user)');
    assert.ok(def?.kind === 'targetEncoding' && def.scaling !== undefined);
  });

  it('is a rate of the positive class for a binary target', () => {
    const codes = Int32Array.from(Y, (y) => (y >= 4 ? 1 : 0));
    const { plan } = fitted('native', { kind: 'classification', codes, classes: ['low', 'high'] });
    const def = plan.features.find((f) => f.name === 'mean(target by user)');
    assert.ok(def?.kind === 'targetEncoding');
    assert.equal(def.targetClass, 'high');
    const rate = (USERS.filter((u, i) => u === 30 && Y[i] >= 4).length + SMOOTHING * (codes.reduce((s, c) => s + c, 0) / codes.length)) / (4 + SMOOTHING);
    assert.ok(Math.abs(def.values[def.levels.indexOf('30')] - rate) < 1e-12);
  });

  it('is skipped, with the reason, for several classes and without a target', () => {
    const codes = Int32Array.from(Y, (y) => Math.min(2, Math.floor(y / 2)));
    const multiclass = fitted('native', { kind: 'classification', codes, classes: ['a', 'b', 'c'] }).plan;
    assert.deepEqual(multiclass.skipped, [{ name: 'mean(target by user)', reason: 'target means are made for regression and binary targets, not for several classes' }]);
    const untargeted = fitFeaturePlan(frame, 'native', ['y'], range(0, USERS.length), { engineer: [REQUEST] });
    assert.match(untargeted.skipped?.[0].reason ?? '', /needs the target/);
    assert.ok(!untargeted.features.some((f) => f.kind === 'targetEncoding'));
  });
});
