import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { readCsvBytes } from '../../src/engine/data/csvReader';
import { DataError } from '../../src/engine/errors';
import { applyFeaturePlan, datePart, fitFeaturePlan } from '../../src/engine/prep/featurePlan';
import { Pipeline } from '../../src/engine/prep/pipeline';
import { encodeTarget, fitTargetSpec } from '../../src/engine/prep/targetSpec';
import { Rng } from '../../src/engine/random';

const encoder = new TextEncoder();
const frameOf = (text: string) => readCsvBytes(encoder.encode(text)).frame;

const rows = Array.from({ length: 60 }, (_, i) => {
  const color = ['red', 'green', 'blue'][i % 3];
  const size = i % 7 === 0 ? '' : String((i * 13) % 17);
  const day = `2021-0${1 + (i % 9)}-1${i % 10}`;
  return `${i + 1},${color},${size},${day},Review number ${i} is long enough,${i % 2 ? 'yes' : 'no'}`;
});
const frame = frameOf('id,color,size,day,comment,bought\n' + rows.join('\n'));

describe('feature plans', () => {
  it('native plans keep categories and missing values, expand dates, hash text, and drop ids with reasons', () => {
    const plan = fitFeaturePlan(frame, 'native', ['bought']);
    const names = plan.features.map((f) => f.name);
    assert.deepEqual(names.filter((n) => !n.startsWith('comment.')), ['color', 'size', 'day.year', 'day.month', 'day.day', 'day.weekday', 'day.dayOfYear', 'day.elapsedDays'].filter((n) => n !== 'day.year'));
    assert.ok(names.some((n) => n.startsWith('comment.tfidf')), 'free text becomes TF-IDF buckets');
    assert.deepEqual(plan.dropped.map((d) => d.column), ['id']);
    const x = applyFeaturePlan(plan, frame);
    const color = x.columns[0];
    assert.equal(color.kind, 'categorical');
    assert.ok(Number.isNaN((x.columns[1] as { values: Float64Array }).values[0]), 'size missing in row 1 stays missing');
  });

  it('dense plans impute with the training median, add missing indicators, one-hot and standardise', () => {
    const plan = fitFeaturePlan(frame, 'dense', ['bought']);
    const names = plan.features.map((f) => f.name);
    assert.ok(names.includes('color=red') && names.includes('color=green') && names.includes('color=blue'));
    assert.ok(names.includes('size=(missing)'));
    const x = applyFeaturePlan(plan, frame);
    for (const column of x.columns) {
      assert.equal(column.kind, 'numeric');
      const values = (column as { values: Float64Array }).values;
      assert.ok(values.every((v) => Number.isFinite(v)), `${column.name} has no missing values`);
    }
    const size = x.columns[names.indexOf('size')] as { values: Float64Array };
    let mean = 0;
    for (const v of size.values) mean += v / size.values.length;
    assert.ok(Math.abs(mean) < 1e-12, 'standardised to mean 0');
  });

  it('maps categories by label, so unseen and missing labels become missing codes', () => {
    const plan = fitFeaturePlan(frame, 'native', ['bought']);
    const fresh = frameOf('id,color,size,day,comment\n1,purple,3,2021-01-01,x\n2,blue,,2021-01-02,y\n');
    const x = applyFeaturePlan(plan, fresh);
    const codes = (x.columns[0] as { codes: Int32Array }).codes;
    assert.equal(codes[0], -1);
    assert.equal(codes[1], 2, 'blue keeps its training code even though it is first in the new file');
  });

  it('computes calendar parts in UTC', () => {
    const t = Date.UTC(2024, 1, 29, 13, 30);
    assert.deepEqual(
      (['year', 'month', 'day', 'weekday', 'hour', 'dayOfYear'] as const).map((p) => datePart(t, p)),
      [2024, 2, 29, 3, 13.5, 60],
    );
  });
});

describe('target encoding', () => {
  it('infers the task and keeps class labels; rows without a target are left out', () => {
    const spec = fitTargetSpec(frame, 'bought');
    assert.deepEqual(spec, { column: 'bought', task: 'binary', classes: ['no', 'yes'] });
    const withGap = frameOf('x,y\n1,a\n2,\n3,b\n4,c\n');
    const multi = fitTargetSpec(withGap, 'y');
    assert.equal(multi.task, 'multiclass');
    const { target, rows } = encodeTarget(multi, withGap);
    assert.deepEqual(Array.from(rows), [0, 2, 3]);
    assert.equal(target.kind, 'classification');
  });

  it('names a missing target column', () => {
    assert.throws(() => fitTargetSpec(frame, 'Bought'), (e: unknown) => e instanceof DataError && /'Bought' not found/.test(e.message));
  });
});

describe('pipelines', () => {
  it('fit, save, load and predict the same from raw frames', () => {
    const pipeline = Pipeline.fit(frame, 'bought', 'gbdt', { numIterations: 10, minDataInLeaf: 5 }, { rng: new Rng(1) });
    const restored = Pipeline.load(JSON.parse(JSON.stringify(pipeline.toJSON())));
    const a = pipeline.predict(frame);
    const b = restored.predict(frame);
    assert.deepEqual(a, b);
    assert.deepEqual(a.classes, ['no', 'yes']);
    assert.equal(a.proba?.length, 2);
  });

  it('rejects a learner that cannot do the task', () => {
    const regression = frameOf('x,y\n' + Array.from({ length: 30 }, (_, i) => `${(i * 7) % 30},${i * 1.5}`).join('\n'));
    assert.throws(() => Pipeline.fit(regression, 'y', 'gbdt', { objective: 'binary' }, { rng: new Rng(1) }), /objective 'binary' does not fit a regression target/);
  });

  it('rejects saved files that are not pipelines', () => {
    assert.throws(() => Pipeline.load({ hello: 1 }), /not a saved AutoML pipeline/);
    assert.throws(() => Pipeline.load({ format: 'automl-pipeline', version: 9 }), /version 9/);
  });
});
