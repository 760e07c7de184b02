import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyFeaturePlan, fitFeaturePlan, type FeatureDef, type Imputation } from '../../../src/engine/prep/featurePlan';
import { fitScaling, median, mostFrequent } from '../../../src/engine/prep/imputation';
import { close, dates, frameOf, num, valuesOf } from './frames';

const x = [1, 5, 5, NaN, 10, 2, 3];

describe('imputation strategies', () => {
  it('median, most frequent (smallest on ties) and nothing to go on', () => {
    assert.equal(median(Float64Array.from(x)), 4); // 1 2 3 5 5 10
    assert.equal(median(Float64Array.of(3, NaN, 1, 2)), 2);
    assert.equal(mostFrequent(Float64Array.from(x)), 5);
    assert.equal(mostFrequent(Float64Array.of(3, 3, 1, 1, NaN, 7)), 1);
    assert.equal(median(Float64Array.of(NaN, NaN)), 0);
    assert.equal(mostFrequent(new Float64Array(0)), 0);
  });

  const cases: [Imputation, number][] = [
    ['median', 4],
    ['mostFrequent', 5],
    ['constant', -1],
  ];
  for (const [imputation, fill] of cases) {
    it(`dense plans fill missing values with the ${imputation} (${fill}), then standardise`, () => {
      const frame = frameOf(num('x', x));
      const plan = fitFeaturePlan(frame, 'dense', [], undefined, { imputation, fillValue: -1 });
      assert.deepEqual(plan.features.map((f) => f.name), ['x', 'x=(missing)']);
      const scaling = (plan.features[0] as Extract<FeatureDef, { kind: 'numeric' }>).scaling;
      const filled = x.map((v) => (Number.isNaN(v) ? fill : v));
      const mean = filled.reduce((a, b) => a + b) / filled.length;
      const std = Math.sqrt(filled.reduce((a, b) => a + (b - mean) ** 2, 0) / filled.length);
      assert.equal(scaling?.fill, fill);
      assert.ok(close(scaling?.mean ?? NaN, mean) && close(scaling?.std ?? NaN, std));
      const values = valuesOf(applyFeaturePlan(plan, frame), 'x');
      assert.ok(close(values[3], (fill - mean) / std));
      assert.deepEqual(Array.from(valuesOf(applyFeaturePlan(plan, frame), 'x=(missing)')), [0, 0, 0, 1, 0, 0, 0]);
    });
  }

  it('fills date parts the same way and leaves native plans unimputed', () => {
    const day = 86_400_000;
    const frame = frameOf(dates('d', [0, 40 * day, 40 * day, NaN, 400 * day]));
    const plan = fitFeaturePlan(frame, 'dense', [], undefined, { imputation: 'mostFrequent' });
    const month = plan.features.find((f) => f.name === 'd.month') as Extract<FeatureDef, { kind: 'datePart' }>;
    assert.equal(month.scaling?.fill, 2, 'months 1 2 2 2: February is the most frequent');
    const native = fitFeaturePlan(frame, 'native', [], undefined, { imputation: 'constant' });
    assert.ok(Number.isNaN(valuesOf(applyFeaturePlan(native, frame), 'd.month')[3]));
  });

  it('fits the fill even without missing training values, for new rows', () => {
    const plan = fitFeaturePlan(frameOf(num('x', [1, 2, 2, 9])), 'dense', [], undefined, { imputation: 'mostFrequent' });
    assert.deepEqual(plan.features.map((f) => f.name), ['x'], 'no missing indicator without missing training values');
    const scaling = (plan.features[0] as Extract<FeatureDef, { kind: 'numeric' }>).scaling;
    assert.equal(scaling?.fill, 2);
    const values = valuesOf(applyFeaturePlan(plan, frameOf(num('x', [NaN]))), 'x');
    assert.ok(close(values[0], (2 - 3.5) / (scaling?.std ?? NaN)));
  });

  it('gives a constant column std 1 rather than dividing by zero', () => {
    assert.deepEqual(fitScaling(Float64Array.of(2, 2, NaN), 'median', 0), { fill: 2, mean: 2, std: 1 });
  });

  it('rejects unknown strategies and bad fill values', () => {
    const frame = frameOf(num('x', [1, 2]));
    assert.throws(() => fitFeaturePlan(frame, 'dense', [], undefined, { imputation: 'mean' as Imputation }), RangeError);
    assert.throws(() => fitFeaturePlan(frame, 'dense', [], undefined, { imputation: 'constant', fillValue: NaN }), RangeError);
  });
});
