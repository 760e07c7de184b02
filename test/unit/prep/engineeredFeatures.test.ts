/**
 * Engineered features of a plan (`PlanOptions.engineer`): hand-computed values of pairs, group
 * statistics and cyclical dates, their names, scaling in dense plans, group means fitted on the
 * training rows alone, requests skipped with their reasons, and plans surviving JSON.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Frame } from '../../../src/engine/data/frame';
import { fitScaling } from '../../../src/engine/prep/imputation';
import {
  applyFeaturePlan,
  fitFeaturePlan,
  fitTransformFeatures,
  type EngineeringRequest,
  type FeatureDef,
  type FeaturePlan,
  type PlanOptions,
} from '../../../src/engine/prep/featurePlan';
import { cat, dates, frameOf, num, range, text, valuesOf } from './frames';

const JAN_1 = Date.UTC(2021, 0, 1); // a Friday
const APR_1 = Date.UTC(2021, 3, 1);
const JUL_15_1830 = Date.UTC(2021, 6, 15, 18, 30); // day 196 of the year
const TAU = 2 * Math.PI;

/**
 * Rows 0..5 train, 6..9 are new rows: a zero denominator, missing values, an unseen label ('z')
 * and a label too rare for a group mean ('y').
 */
function makeFrame(testA: readonly number[] = [100, 5, 7, 9], testG: readonly (string | undefined)[] = ['x', 'z', undefined, 'y']): Frame {
  return frameOf(
    num('a', [10, 6, 3, NaN, 8, 4, ...testA]),
    num('b', [2, 0, 1, 4, NaN, 8, 50, 0, NaN, 3]),
    cat('g', ['x', 'x', 'y', 'y', 'x', undefined, ...testG]),
    dates('d', [JAN_1, APR_1, JUL_15_1830, NaN, APR_1, JAN_1, JUL_15_1830, NaN, JAN_1, APR_1]),
    num('k', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    text('txt', ['red fox', 'blue fox', 'red dog', 'blue dog', 'red fox', 'red cat', 'a', 'b', 'c', 'd']),
    cat('id', ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9'], 'id'),
    num('y', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  );
}

const train = range(0, 6);
const fresh = range(6, 10);
const base: PlanOptions = { textMinRows: 1 };

function plan(mode: FeaturePlan['mode'], engineer: readonly EngineeringRequest[], options: PlanOptions = {}, frame = makeFrame()): FeaturePlan {
  return fitFeaturePlan(frame, mode, ['y'], train, { ...base, ...options, engineer });
}

/** NaN-aware comparison of a feature's values with expected numbers. */
function assertValues(actual: Float64Array, expected: readonly number[], what: string): void {
  assert.deepEqual(Array.from(actual, (v) => (Number.isNaN(v) ? 'NaN' : v)), expected.map((v) => (Number.isNaN(v) ? 'NaN' : v)), what);
}

function defNamed(p: FeaturePlan, name: string): FeatureDef {
  const def = p.features.find((f) => f.name === name);
  if (!def) throw new Error(`no feature '${name}' among ${p.features.map((f) => f.name).join(', ')}`);
  return def;
}

const PAIRS: readonly EngineeringRequest[] = [
  { kind: 'pair', op: 'difference', a: 'a', b: 'b' },
  { kind: 'pair', op: 'ratio', a: 'a', b: 'b' },
  { kind: 'pair', op: 'product', a: 'a', b: 'b' },
  { kind: 'pair', op: 'sum', a: 'a', b: 'b' },
  { kind: 'pair', op: 'product', a: 'a', b: 'a' },
];

describe('engineered pair features', () => {
  it('computes a - b, a / b, a * b, a + b and a * a; missing operands and zero denominators are missing', () => {
    const p = plan('native', PAIRS);
    assert.deepEqual(
      p.features.filter((f) => f.kind === 'pair').map((f) => f.name),
      ['a - b', 'a / b', 'a * b', 'a + b', 'a * a'],
    );
    const x = applyFeaturePlan(p, makeFrame(), train);
    assertValues(valuesOf(x, 'a - b'), [8, 6, 2, NaN, NaN, -4], 'difference');
    assertValues(valuesOf(x, 'a / b'), [5, NaN, 3, NaN, NaN, 0.5], 'ratio: 6 / 0 is missing');
    assertValues(valuesOf(x, 'a * b'), [20, 0, 3, NaN, NaN, 32], 'product');
    assertValues(valuesOf(x, 'a + b'), [12, 6, 4, NaN, NaN, 12], 'sum');
    assertValues(valuesOf(x, 'a * a'), [100, 36, 9, NaN, 64, 16], 'square');
    assertValues(valuesOf(applyFeaturePlan(p, makeFrame(), fresh), 'a / b'), [2, NaN, NaN, 3], 'new rows: 5 / 0 and 7 / missing are missing');
    const ratio = defNamed(p, 'a / b');
    assert.deepEqual(ratio, { kind: 'pair', name: 'a / b', source: 'a', sources: ['a', 'b'], op: 'ratio' }, 'native plans keep raw values');
    assert.deepEqual(defNamed(p, 'a * a'), { kind: 'pair', name: 'a * a', source: 'a', sources: ['a', 'a'], op: 'product' });
  });

  it('dense plans scale engineered values as numeric columns, imputing missing ones, with no missing indicator', () => {
    const p = plan('dense', PAIRS);
    const ratio = defNamed(p, 'a / b');
    const raw = Float64Array.from([5, NaN, 3, NaN, NaN, 0.5]);
    assert.ok(ratio.kind === 'pair');
    assert.deepEqual(ratio.scaling, fitScaling(raw, 'median', 0), 'fitted on the training values');
    assert.equal(ratio.scaling?.fill, 3, 'the median of 5, 3 and 0.5');
    const x = applyFeaturePlan(p, makeFrame(), train);
    const { fill, mean, std } = ratio.scaling;
    assertValues(valuesOf(x, 'a / b'), [5, fill, 3, fill, fill, 0.5].map((v) => (v - mean) / std), 'imputed then standardised');
    for (const column of x.columns) assert.ok(column.kind === 'numeric' && column.values.every(Number.isFinite), `${column.name} is dense`);
    const engineered = new Set(p.features.filter((f) => f.kind === 'pair').map((f) => f.name));
    assert.equal(engineered.size, 5);
    const indicators = p.features.filter((f) => f.kind === 'missingIndicator').map((f) => f.name.replace('=(missing)', ''));
    assert.ok(indicators.includes('a') && indicators.includes('b'), 'the columns keep their indicators');
    assert.ok(!indicators.some((name) => engineered.has(name)), 'no indicator for engineered features');
  });

  it('centred products subtract the training means first (fitted on the training rows alone)', () => {
    const centred: EngineeringRequest[] = [{ kind: 'pair', op: 'product', a: 'a', b: 'b', centred: true }];
    const p = plan('native', centred);
    // Training means: a = (10 + 6 + 3 + 8 + 4) / 5 = 6.2, b = (2 + 0 + 1 + 4 + 8) / 5 = 3.
    assert.deepEqual(defNamed(p, 'a * b'), { kind: 'pair', name: 'a * b', source: 'a', sources: ['a', 'b'], op: 'product', centres: [6.2, 3] });
    const x = applyFeaturePlan(p, makeFrame(), train);
    assertValues(valuesOf(x, 'a * b'), [(10 - 6.2) * (2 - 3), (6 - 6.2) * (0 - 3), (3 - 6.2) * (1 - 3), NaN, NaN, (4 - 6.2) * (8 - 3)], 'centred product');
    const other = plan('native', centred, {}, makeFrame([1000, 2000, 3000, 4000]));
    assert.deepEqual(defNamed(other, 'a * b'), defNamed(p, 'a * b'), 'new rows do not move the centres');
  });

  it('modes restrict a request to native or dense plans', () => {
    const squares: EngineeringRequest[] = [{ kind: 'pair', op: 'product', a: 'a', b: 'a', modes: ['dense'] }];
    assert.ok(!plan('native', squares).features.some((f) => f.name === 'a * a'));
    assert.equal(plan('native', squares).skipped, undefined, 'not a skip: the request is not for native plans');
    assert.ok(plan('dense', squares).features.some((f) => f.name === 'a * a'));
  });
});

describe('engineered group statistics', () => {
  const requests: EngineeringRequest[] = [
    { kind: 'groupStat', value: 'a', by: 'g', op: 'ratio', minCount: 2 },
    { kind: 'groupStat', value: 'a', by: 'g', op: 'difference', minCount: 2 },
  ];

  it('compares a value with the training mean of its group; missing, unseen and rare labels use the overall mean', () => {
    const p = plan('native', requests);
    const ratio = defNamed(p, 'a / mean(a by g)');
    // Training values of a: x: 10, 6, 8 (mean 8); y: 3 (one value: too rare for minCount 2); missing label: 4.
    assert.deepEqual(ratio, { kind: 'groupStat', name: 'a / mean(a by g)', source: 'a', sources: ['a', 'g'], op: 'ratio', levels: ['x'], means: [8], overall: 31 / 5 });
    const x = applyFeaturePlan(p, makeFrame(), train);
    assertValues(valuesOf(x, 'a / mean(a by g)'), [10 / 8, 6 / 8, 3 / 6.2, NaN, 8 / 8, 4 / 6.2], 'training rows');
    assertValues(valuesOf(x, 'a - mean(a by g)'), [2, -2, 3 - 6.2, NaN, 0, 4 - 6.2], 'training rows');
    // New rows: x, an unseen label, a missing label, the rare label.
    const y = applyFeaturePlan(p, makeFrame(), fresh);
    assertValues(valuesOf(y, 'a / mean(a by g)'), [100 / 8, 5 / 6.2, 7 / 6.2, 9 / 6.2], 'new rows');
    assertValues(valuesOf(y, 'a - mean(a by g)'), [100 - 8, 5 - 6.2, 7 - 6.2, 9 - 6.2], 'new rows');
  });

  it('the default minCount is 10: a level needs ten training values', () => {
    const p = plan('native', [{ kind: 'groupStat', value: 'a', by: 'g', op: 'ratio' }]);
    assert.deepEqual(p.skipped, [{ name: 'a / mean(a by g)', reason: "no level of 'g' has 10 values of 'a' on the training rows" }]);
  });

  it('fits the means on the training rows only: other rows do not change the plan', () => {
    const before = plan('dense', requests);
    const after = plan('dense', requests, {}, makeFrame([1e6, -1e6, 5e5, 123], ['y', 'y', 'y', 'x']));
    assert.deepEqual(after, before);
    const { x } = fitTransformFeatures(makeFrame(), { mode: 'dense', exclude: ['y'], rows: train, ...base, engineer: requests });
    assert.deepEqual(x, applyFeaturePlan(before, makeFrame(), train), 'the training matrix is the applied plan');
  });

  it('a group mean of 0 under ratio gives a missing value', () => {
    const frame = frameOf(num('v', [0, 0, 2, 4, 1]), cat('c', ['p', 'p', 'q', 'q', 'p']), num('y', [1, 2, 3, 4, 5]));
    const p = fitFeaturePlan(frame, 'native', ['y'], range(0, 4), { engineer: [{ kind: 'groupStat', value: 'v', by: 'c', op: 'ratio', minCount: 1 }] });
    assertValues(valuesOf(applyFeaturePlan(p, frame), 'v / mean(v by c)'), [NaN, NaN, 2 / 3, 4 / 3, NaN], 'p has mean 0');
  });
});

describe('engineered cyclical dates', () => {
  it('encodes month, weekday, hour and day of year as sin and cos of an angle (UTC)', () => {
    const parts = ['month', 'weekday', 'hour', 'dayOfYear'] as const;
    const p = plan('native', parts.map((part) => ({ kind: 'cyclical', column: 'd', part })));
    assert.deepEqual(
      p.features.filter((f) => f.kind === 'cyclical').map((f) => f.name),
      parts.flatMap((part) => [`sin(${part} of d)`, `cos(${part} of d)`]),
    );
    const x = applyFeaturePlan(p, makeFrame(), range(0, 4));
    // Rows: January 1 (a Friday, 00:00), April 1 (a Thursday), July 15 18:30 (a Thursday, day 196), missing.
    const angles = {
      month: [0, (TAU * 3) / 12, (TAU * 6) / 12],
      weekday: [(TAU * 4) / 7, (TAU * 3) / 7, (TAU * 3) / 7],
      hour: [0, 0, (TAU * 18.5) / 24],
      dayOfYear: [0, (TAU * 90) / 365.25, (TAU * 195) / 365.25],
    };
    for (const part of parts) {
      assertValues(valuesOf(x, `sin(${part} of d)`), [...angles[part].map(Math.sin), NaN], `sin of ${part}`);
      assertValues(valuesOf(x, `cos(${part} of d)`), [...angles[part].map(Math.cos), NaN], `cos of ${part}`);
    }
    assert.equal(valuesOf(x, 'sin(month of d)')[1], 1, 'April is a quarter turn from January');
    assert.deepEqual(defNamed(p, 'cos(hour of d)'), { kind: 'cyclical', name: 'cos(hour of d)', source: 'd', part: 'hour', fn: 'cos' });
  });
});

describe('engineering requests that cannot be made', () => {
  it('are skipped with a reason, never failing the plan', () => {
    const requests: EngineeringRequest[] = [
      { kind: 'pair', op: 'ratio', a: 'a', b: 'nope' },
      { kind: 'pair', op: 'sum', a: 'a', b: 'y' },
      { kind: 'pair', op: 'difference', a: 'a', b: 'k' },
      { kind: 'pair', op: 'ratio', a: 'a', b: 'id' },
      { kind: 'pair', op: 'product', a: 'a', b: 'd' },
      { kind: 'pair', op: 'product', a: 'g', b: 'a' },
      { kind: 'groupStat', value: 'a', by: 'b', op: 'ratio' },
      { kind: 'groupStat', value: 'a', by: 'txt', op: 'ratio' },
      { kind: 'groupStat', value: 'd', by: 'g', op: 'difference' },
      { kind: 'cyclical', column: 'a', part: 'month' },
      { kind: 'pair', op: 'difference', a: 'a', b: 'a' },
      { kind: 'pair', op: 'ratio', a: 'a', b: 'b' },
      { kind: 'pair', op: 'ratio', a: 'a', b: 'b' },
      { kind: 'pair', op: 'sum', a: 'a', b: 'dropped' },
    ];
    const frame: Frame = { ...makeFrame(), columns: [...makeFrame().columns, num('dropped', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])] };
    for (const mode of ['native', 'dense'] as const) {
      const p = fitFeaturePlan(frame, mode, ['y'], train, { ...base, drop: [{ column: 'dropped', reason: 'the user said so' }], engineer: requests });
      assert.deepEqual(p.skipped, [
        { name: 'a / nope', reason: "no column 'nope' in the data" },
        { name: 'a + y', reason: "'y' is not a feature (the target or excluded)" },
        { name: 'a - k', reason: "'k' is dropped (constant or empty)" },
        { name: 'a / id', reason: "'id' is dropped (identifier (a distinct value per row))" },
        { name: 'a * d', reason: "'d' is a date, not a number" },
        { name: 'g * a', reason: "'g' is not numeric" },
        { name: 'a / mean(a by b)', reason: "'b' is not categorical" },
        { name: 'a / mean(a by txt)', reason: "'txt' is free text, not categorical" },
        { name: 'd - mean(d by g)', reason: "'d' is a date, not a number" },
        { name: 'sin(month of a)', reason: "'a' is not a date" },
        { name: 'cos(month of a)', reason: "'a' is not a date" },
        { name: 'a - a', reason: 'constant on the training rows' },
        { name: 'a / b', reason: 'a feature of that name exists already' },
        { name: 'a + dropped', reason: "'dropped' is dropped (the user said so)" },
      ]);
      assert.deepEqual(p.features.filter((f) => f.kind === 'pair').map((f) => f.name), ['a / b'], `${mode}: the one request that could be made`);
      assert.deepEqual(p.dropped.map((d) => d.column), ['k', 'id', 'dropped'], 'dropped keeps meaning source columns');
    }
  });

  it('a plan without skipped requests has no `skipped` field (plans without requests are unchanged)', () => {
    assert.ok(!('skipped' in plan('native', PAIRS)));
    assert.deepEqual(plan('native', []), fitFeaturePlan(makeFrame(), 'native', ['y'], train, base));
  });

  it('malformed requests are a RangeError', () => {
    const bad: unknown[] = [
      { kind: 'pair', op: 'power', a: 'a', b: 'b' },
      { kind: 'polynomial', a: 'a' },
      { kind: 'groupStat', value: 'a', by: 'g', op: 'ratio', minCount: 0 },
      { kind: 'groupStat', value: 'a', by: 'g', op: 'max' },
      { kind: 'cyclical', column: 'd', part: 'minute' },
      { kind: 'pair', op: 'sum', a: 'a', b: 'b', modes: ['sparse'] },
    ];
    for (const request of bad) assert.throws(() => plan('native', [request as EngineeringRequest]), RangeError, JSON.stringify(request));
  });
});

describe('plans with engineered features', () => {
  const all: EngineeringRequest[] = [
    ...PAIRS,
    { kind: 'groupStat', value: 'a', by: 'g', op: 'ratio', minCount: 2 },
    { kind: 'cyclical', column: 'd', part: 'dayOfYear' },
  ];

  for (const mode of ['native', 'dense'] as const) {
    it(`${mode}: survive JSON and give identical output`, () => {
      const p = plan(mode, [...all, { kind: 'pair', op: 'ratio', a: 'a', b: 'nope' }]);
      const copy = JSON.parse(JSON.stringify(p)) as FeaturePlan;
      assert.deepEqual(copy, p);
      assert.equal(copy.skipped?.length, 1);
      for (const rows of [train, fresh, undefined]) assert.deepEqual(applyFeaturePlan(copy, makeFrame(), rows), applyFeaturePlan(p, makeFrame(), rows));
    });
  }

  it('engineered features come after the columns\' own features, in request order', () => {
    const p = plan('native', all);
    const first = p.features.findIndex((f) => f.kind === 'pair');
    assert.ok(p.features.slice(0, first).every((f) => !('sources' in f) && f.kind !== 'cyclical'));
    assert.deepEqual(p.features.slice(first).map((f) => f.name), ['a - b', 'a / b', 'a * b', 'a + b', 'a * a', 'a / mean(a by g)', 'sin(dayOfYear of d)', 'cos(dayOfYear of d)']);
  });
});
