import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Target } from '../../../src/engine/learners/types';
import { makeFolds } from '../../../src/engine/prep/encoders/targetEncoding';
import { applyFeaturePlan, fitFeaturePlan, fitTransformFeatures, type FeatureDef } from '../../../src/engine/prep/featurePlan';
import { cat, close, codesOf, frameOf, num, valuesOf } from './frames';

const regression = (values: readonly number[]): Target => ({ kind: 'regression', values: Float64Array.from(values) });
const classification = (classes: readonly string[], codes: readonly number[]): Target => ({ kind: 'classification', classes, codes: Int32Array.from(codes) });
const defNamed = (features: readonly FeatureDef[], name: string): FeatureDef => {
  const def = features.find((f) => f.name === name);
  if (!def) throw new Error(`no feature '${name}' among ${features.map((f) => f.name).join(', ')}`);
  return def;
};
const repeat = (label: string, times: number): string[] => Array.from({ length: times }, () => label);

describe('frequency encoding', () => {
  const frame = frameOf(cat('color', ['a', 'a', 'b', 'c', 'a', undefined, 'b', 'a']));

  it('is the share of training rows with the label; missing is the missing share, unseen 0', () => {
    const plan = fitFeaturePlan(frame, 'native', [], undefined, { encodings: { color: 'frequency' } });
    assert.deepEqual(plan.features, [
      { kind: 'frequency', name: 'color.frequency', source: 'color', levels: ['a', 'b', 'c'], shares: [0.5, 0.25, 0.125], missingShare: 0.125 },
    ]);
    const fresh = frameOf(cat('color', ['a', 'z', undefined, 'c']));
    assert.deepEqual(Array.from(valuesOf(applyFeaturePlan(plan, fresh), 'color.frequency')), [0.5, 0, 0.125, 0.125]);
  });

  it('counts the fitted rows only', () => {
    const plan = fitFeaturePlan(frame, 'native', [], Uint32Array.of(0, 2, 3, 6), { encodings: { color: 'frequency' } });
    const def = plan.features[0] as Extract<FeatureDef, { kind: 'frequency' }>;
    assert.deepEqual([def.levels, def.shares, def.missingShare], [['a', 'b', 'c'], [0.25, 0.5, 0.25], 0]);
  });

  it('is standardised in dense plans', () => {
    const { x } = fitTransformFeatures(frame, { mode: 'dense', exclude: [], encodings: { color: 'frequency' } });
    const values = valuesOf(x, 'color.frequency');
    // Raw values 0.5 0.5 0.25 0.125 0.5 0.125 0.25 0.5: mean 0.34375, population std 0.1622...
    const raw = [0.5, 0.5, 0.25, 0.125, 0.5, 0.125, 0.25, 0.5];
    const mean = raw.reduce((a, b) => a + b) / 8;
    const std = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / 8);
    raw.forEach((v, i) => assert.ok(close(values[i], (v - mean) / std), `row ${i}`));
  });
});

describe('target encoding (m-estimate)', () => {
  it('regression: (sum + m * prior) / (count + m) per level; unseen and missing get the prior', () => {
    const frame = frameOf(cat('g', ['a', 'a', 'b', 'b', 'c']), num('y', [1, 3, 10, 20, 6]));
    const plan = fitFeaturePlan(frame, 'native', ['y'], undefined, {
      target: regression([1, 3, 10, 20, 6]),
      encodings: { g: 'target' },
      targetSmoothing: 2,
    });
    // prior = 40 / 5 = 8; a: (4 + 16) / 4 = 5; b: (30 + 16) / 4 = 11.5; c: (6 + 16) / 3.
    assert.deepEqual(plan.features, [
      { kind: 'targetEncoding', name: 'g.target', source: 'g', levels: ['a', 'b', 'c'], values: [5, 11.5, 22 / 3], missingValue: 8, prior: 8, smoothing: 2 },
    ]);
    const fresh = frameOf(cat('g', ['b', 'zz', undefined]));
    assert.deepEqual(Array.from(valuesOf(applyFeaturePlan(plan, fresh), 'g.target')), [11.5, 8, 8]);
  });

  it('binary: one column, the smoothed rate of the second class', () => {
    const frame = frameOf(cat('g', ['x', 'x', 'x', 'y']));
    const plan = fitFeaturePlan(frame, 'native', [], undefined, {
      target: classification(['no', 'yes'], [1, 1, 0, 0]),
      encodings: { g: 'target' },
      targetSmoothing: 1,
    });
    // prior 0.5; x: (2 + 0.5) / (3 + 1) = 0.625; y: (0 + 0.5) / (1 + 1) = 0.25.
    assert.equal(plan.features.length, 1);
    const def = plan.features[0] as Extract<FeatureDef, { kind: 'targetEncoding' }>;
    assert.deepEqual([def.name, def.targetClass, def.values, def.prior], ['g.target=yes', 'yes', [0.625, 0.25], 0.5]);
  });

  it('multiclass: one smoothed rate per class, summing to 1 per level', () => {
    const labels = ['p', 'p', 'q', 'q', 'q', 'r'];
    const frame = frameOf(cat('g', labels));
    const target = classification(['A', 'B', 'C'], [0, 1, 2, 2, 0, 1]);
    const plan = fitFeaturePlan(frame, 'native', [], undefined, { target, encodings: { g: 'target' }, targetSmoothing: 3 });
    assert.deepEqual(plan.features.map((f) => f.name), ['g.target=A', 'g.target=B', 'g.target=C']);
    const defs = plan.features as Extract<FeatureDef, { kind: 'targetEncoding' }>[];
    // Class A: prior 2/6; p has one A of 2 rows: (1 + 3 * 1/3) / (2 + 3) = 0.4.
    assert.ok(close(defs[0].values[0], 0.4));
    for (let level = 0; level < 3; level++) assert.ok(close(defs[0].values[level] + defs[1].values[level] + defs[2].values[level], 1));
  });

  it('uses the fitted rows and their aligned target only', () => {
    const frame = frameOf(cat('g', ['a', 'b', 'a', 'b', 'a']));
    const rows = Uint32Array.of(0, 1, 3);
    const plan = fitFeaturePlan(frame, 'native', [], rows, { target: regression([2, 4, 6]), encodings: { g: 'target' }, targetSmoothing: 0 });
    const def = plan.features[0] as Extract<FeatureDef, { kind: 'targetEncoding' }>;
    assert.deepEqual([def.levels, def.values, def.prior], [['a', 'b'], [2, 5], 4]);
    assert.throws(() => fitFeaturePlan(frame, 'native', [], rows, { target: regression([1, 2, 3, 4, 5]) }), RangeError);
  });
});

describe('out-of-fold target encoding of training rows', () => {
  const n = 40;
  const seed = 3;
  const m = 10;
  // Four common levels and one level that only row 7 has.
  const labels = Array.from({ length: n }, (_, i) => (i === 7 ? 'unique' : `L${i % 4}`));
  const y = Array.from({ length: n }, (_, i) => (i % 4) * 10 + ((i * 7) % 5));
  const frame = frameOf(cat('g', labels), num('y', y));
  const fit = (values: readonly number[]) =>
    fitTransformFeatures(frame, { mode: 'native', exclude: ['y'], target: regression(values), encodings: { g: 'target' }, seed });
  const { fold } = makeFolds(n, 5, seed);

  /** The encoding of row r computed by hand from the other folds. */
  function byHand(values: readonly number[], r: number): number {
    let sum = 0;
    let count = 0;
    let levelSum = 0;
    let levelCount = 0;
    for (let j = 0; j < n; j++) {
      if (fold[j] === fold[r]) continue;
      sum += values[j];
      count++;
      if (labels[j] === labels[r]) {
        levelSum += values[j];
        levelCount++;
      }
    }
    const prior = sum / count;
    return (levelSum + m * prior) / (levelCount + m);
  }

  it('encodes each row from the other folds (5 seeded folds of 8 rows)', () => {
    assert.deepEqual(Array.from({ length: 5 }, (_, f) => fold.filter((v) => v === f).length), [8, 8, 8, 8, 8]);
    const values = valuesOf(fit(y).x, 'g.target');
    for (let r = 0; r < n; r++) assert.ok(close(values[r], byHand(y, r)), `row ${r}: ${values[r]} vs ${byHand(y, r)}`);
  });

  it('gives a row whose level no other fold has the prior of the other folds', () => {
    const values = valuesOf(fit(y).x, 'g.target');
    const others = y.filter((_, j) => fold[j] !== fold[7]);
    assert.ok(close(values[7], others.reduce((a, b) => a + b) / others.length));
  });

  it("never uses a row's own target: changing it changes only the other folds' rows", () => {
    const r = 10;
    const before = valuesOf(fit(y).x, 'g.target');
    const changed = y.slice();
    changed[r] += 100;
    const after = valuesOf(fit(changed).x, 'g.target');
    for (let i = 0; i < n; i++) {
      if (fold[i] === fold[r]) assert.equal(after[i], before[i], `row ${i} shares row ${r}'s fold`);
      else assert.notEqual(after[i], before[i], `row ${i} is in another fold`);
    }
  });

  it('new rows get the encoding fitted on all training rows', () => {
    const { plan, x } = fit(y);
    const def = plan.features[0] as Extract<FeatureDef, { kind: 'targetEncoding' }>;
    const applied = valuesOf(applyFeaturePlan(plan, frame), 'g.target');
    for (let i = 0; i < n; i++) assert.equal(applied[i], def.values[def.levels.indexOf(labels[i])]);
    assert.notDeepEqual(applied, valuesOf(x, 'g.target'));
    // Fitted on all rows: prior = mean y, level L1 = (sum + m * prior) / (count + m).
    const prior = y.reduce((a, b) => a + b) / n;
    const l1 = y.filter((_, i) => labels[i] === 'L1');
    assert.ok(close(def.prior, prior));
    assert.ok(close(def.values[def.levels.indexOf('L1')], (l1.reduce((a, b) => a + b) + m * prior) / (l1.length + m)));
  });

  it('is reproducible from the seed and differs across seeds', () => {
    assert.deepEqual(valuesOf(fit(y).x, 'g.target'), valuesOf(fit(y).x, 'g.target'));
    const other = fitTransformFeatures(frame, { mode: 'native', exclude: ['y'], target: regression(y), encodings: { g: 'target' }, seed: seed + 1 });
    assert.notDeepEqual(valuesOf(other.x, 'g.target'), valuesOf(fit(y).x, 'g.target'));
  });
});

describe('one-hot encoding with rare-level grouping', () => {
  const labels = [...repeat('A', 30), ...repeat('B', 20), ...repeat('C', 12), ...repeat('D', 5), 'E'];
  const frame = frameOf(cat('c', labels));

  it('groups levels with fewer than max(10 rows, 0.1% of rows) into "(other)", also for unseen labels', () => {
    const plan = fitFeaturePlan(frame, 'dense', []);
    assert.deepEqual(plan.features.map((f) => f.name), ['c=A', 'c=B', 'c=C', 'c=(other)']);
    const x = applyFeaturePlan(plan, frameOf(cat('c', ['A', 'D', 'E', 'Z', 'C'])));
    assert.deepEqual(Array.from(valuesOf(x, 'c=A')), [1, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(valuesOf(x, 'c=C')), [0, 0, 0, 0, 1]);
    assert.deepEqual(Array.from(valuesOf(x, 'c=(other)')), [0, 1, 1, 1, 0]);
  });

  it('takes the share into account when it is the larger threshold', () => {
    // 0.2 * 68 rows = 13.6: C (12 rows) is rare now.
    const plan = fitFeaturePlan(frame, 'dense', [], undefined, { rareMinShare: 0.2 });
    assert.deepEqual(plan.features.map((f) => f.name), ['c=A', 'c=B', 'c=(other)']);
    assert.deepEqual((defNamed(plan.features, 'c=(other)') as Extract<FeatureDef, { kind: 'oneHot' }>).known, ['A', 'B']);
  });

  it('keeps one column when grouping leaves two complementary ones', () => {
    const plan = fitFeaturePlan(frameOf(cat('c', [...repeat('A', 30), ...repeat('B', 3)])), 'dense', []);
    assert.deepEqual(plan.features.map((f) => f.name), ['c=(other)']);
  });

  it('one-hot encodes tiny data as it is when no level reaches the threshold', () => {
    const plan = fitFeaturePlan(frameOf(cat('c', ['x', 'y', 'z', 'x', 'y', 'z', 'x'])), 'dense', []);
    assert.deepEqual(plan.features.map((f) => f.name), ['c=x', 'c=y', 'c=z']);
  });

  it('switches to target + frequency encoding beyond 32 frequent levels (frequency alone without a target)', () => {
    const many = Array.from({ length: 40 * 12 }, (_, i) => `v${i % 40}`);
    const wide = frameOf(cat('c', many));
    assert.deepEqual(fitFeaturePlan(wide, 'dense', []).features.map((f) => f.name), ['c.frequency']);
    const target = regression(many.map((_, i) => i % 3));
    assert.deepEqual(fitFeaturePlan(wide, 'dense', [], undefined, { target }).features.map((f) => f.name), ['c.target', 'c.frequency']);
    const forced = fitFeaturePlan(wide, 'dense', [], undefined, { encodings: { c: 'oneHot' } }).features;
    assert.equal(forced.length, 33, '32 levels and "(other)"');
    assert.equal(forced[32].name, 'c=(other)');
  });
});

describe('encoding choice', () => {
  const levels = (count: number) => Array.from({ length: count * 2 }, (_, i) => `k${i % count}`);

  it('native plans keep up to 255 levels as codes, target + frequency encode beyond', () => {
    const at = fitFeaturePlan(frameOf(cat('c', levels(255))), 'native', []);
    assert.deepEqual(at.features.map((f) => [f.kind, f.name]), [['categorical', 'c']]);
    const beyond = frameOf(cat('c', levels(256)));
    assert.deepEqual(fitFeaturePlan(beyond, 'native', []).features.map((f) => f.kind), ['frequency']);
    const target = regression(levels(256).map((_, i) => i % 2));
    assert.deepEqual(fitFeaturePlan(beyond, 'native', [], undefined, { target }).features.map((f) => f.kind), ['targetEncoding', 'frequency']);
  });

  it('native codes follow first appearance in the training rows; unseen and missing labels are -1', () => {
    const frame = frameOf(cat('c', ['q', 'p', 'q', 'r', undefined]));
    const plan = fitFeaturePlan(frame, 'native', [], Uint32Array.of(1, 2, 3, 4));
    assert.deepEqual((plan.features[0] as Extract<FeatureDef, { kind: 'categorical' }>).levels, ['p', 'q', 'r']);
    assert.deepEqual(Array.from(codesOf(applyFeaturePlan(plan, frame), 'c')), [1, 0, 1, 2, -1]);
    assert.deepEqual(Array.from(codesOf(applyFeaturePlan(plan, frameOf(cat('c', ['zz', 'r']))), 'c')), [-1, 2]);
  });

  it("rejects 'native' encoding in dense plans", () => {
    assert.throws(() => fitFeaturePlan(frameOf(cat('c', ['a', 'b'])), 'dense', [], undefined, { encodings: { c: 'native' } }), RangeError);
  });

  it("falls back from 'target' to 'frequency' without a target", () => {
    assert.deepEqual(fitFeaturePlan(frameOf(cat('c', ['a', 'b', 'a'])), 'dense', [], undefined, { encodings: { c: 'target' } }).features.map((f) => f.kind), ['frequency']);
  });
});

describe('ordinal encoding', () => {
  it('follows the given order, then natural order; missing and unseen are missing (native) or imputed (dense)', () => {
    const frame = frameOf(cat('size', ['low', 'high', 'medium', 'low', undefined, 'huge']));
    const options = { encodings: { size: 'ordinal' as const }, ordinalOrder: { size: ['low', 'medium', 'high'] } };
    const native = fitFeaturePlan(frame, 'native', [], undefined, options);
    assert.deepEqual(native.features, [{ kind: 'ordinal', name: 'size.ordinal', source: 'size', levels: ['low', 'medium', 'high', 'huge'] }]);
    assert.deepEqual(Array.from(valuesOf(applyFeaturePlan(native, frameOf(cat('size', ['high', undefined, 'tiny']))), 'size.ordinal')), [2, NaN, NaN]);

    const dense = fitFeaturePlan(frame, 'dense', [], undefined, options);
    assert.deepEqual(dense.features.map((f) => f.name), ['size.ordinal', 'size=(missing)']);
    const def = dense.features[0] as Extract<FeatureDef, { kind: 'ordinal' }>;
    // Training indexes 0 2 1 0 _ 3: median 1.
    assert.equal(def.scaling?.fill, 1);
    const x = applyFeaturePlan(dense, frameOf(cat('size', ['tiny', 'medium'])));
    assert.deepEqual(valuesOf(x, 'size.ordinal')[0], valuesOf(x, 'size.ordinal')[1], 'unseen is imputed like missing');
  });

  it('sorts numbers numerically before words, booleans false first', () => {
    const plan = fitFeaturePlan(frameOf(cat('v', ['b', '10', 'a', '9'])), 'native', [], undefined, { encodings: { v: 'ordinal' } });
    assert.deepEqual((plan.features[0] as Extract<FeatureDef, { kind: 'ordinal' }>).levels, ['9', '10', 'a', 'b']);
    const flag = cat('flag', ['yes', 'no', 'yes'], 'boolean', ['no', 'yes']);
    const boolPlan = fitFeaturePlan(frameOf(flag), 'native', [], undefined, { encodings: { flag: 'ordinal' } });
    assert.deepEqual((boolPlan.features[0] as Extract<FeatureDef, { kind: 'ordinal' }>).levels, ['no', 'yes']);
  });
});

