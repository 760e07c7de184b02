import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Frame } from '../../../src/engine/data/frame';
import type { FeatureMatrix, Target } from '../../../src/engine/learners/types';
import {
  applyFeaturePlan,
  dropListFromWarnings,
  fitFeaturePlan,
  fitTransformFeatures,
  type FeatureDef,
  type FeatureKind,
  type FeaturePlan,
  type PlanOptions,
} from '../../../src/engine/prep/featurePlan';
import type { ProfileWarning } from '../../../src/engine/profile/types';
import { cat, dates, frameOf, num, range, text, valuesOf } from './frames';

const N = 120;
const WORDS = ['great', 'bad', 'late', 'refund', 'fast', 'quality', 'price', 'service'];

/** A frame with a column of every kind; rows 0..79 train, 80..119 validate. */
function makeFrame(change?: (i: number) => boolean): Frame {
  const changed = (i: number) => change?.(i) ?? false;
  return frameOf(
    num('amount', Array.from({ length: N }, (_, i) => (changed(i) ? 1e6 + i : i % 11 === 0 ? NaN : (i * 37) % 101))),
    dates('when', Array.from({ length: N }, (_, i) => (changed(i) ? 4e12 : Date.UTC(2020, i % 12, 1 + (i % 28))))),
    cat('color', Array.from({ length: N }, (_, i) => (changed(i) ? 'ultraviolet' : i % 17 === 0 ? undefined : ['red', 'green', 'blue', 'teal'][i % 4]))),
    cat('city', Array.from({ length: N }, (_, i) => (changed(i) ? `new-city-${i}` : `city${(i * 7) % 45}`))),
    cat('flag', Array.from({ length: N }, (_, i) => (changed(i) ? 'yes' : i % 3 === 0 ? 'yes' : 'no')), 'boolean', ['no', 'yes']),
    text('review', Array.from({ length: N }, (_, i) => (changed(i) ? 'completely different words here' : i % 9 === 0 ? undefined : `${WORDS[i % 8]} ${WORDS[(i * 3) % 8]} and ${WORDS[(i * 5) % 8]}`))),
    cat('rowId', Array.from({ length: N }, (_, i) => `r${i}`), 'id'),
    num('leak', Array.from({ length: N }, (_, i) => i % 2)),
    num('y', Array.from({ length: N }, (_, i) => i % 2)),
  );
}

const train = range(0, 80);
const validation = range(80, N);
const target: Target = { kind: 'classification', classes: ['0', '1'], codes: Int32Array.from(train, (i) => i % 2) };
const options: PlanOptions = {
  target,
  seed: 7,
  drop: [{ column: 'leak', reason: 'suspected target leakage' }],
  textBuckets: 32,
  encodings: { city: 'auto', flag: 'ordinal' },
  // city has 45 levels: target + frequency encoded in native plans too.
  maxNativeLevels: 40,
};

function matrixJson(x: FeatureMatrix): unknown {
  return x.columns.map((c) => ({ name: c.name, kind: c.kind, values: Array.from(c.kind === 'numeric' ? c.values : c.codes, (v) => (Number.isNaN(v) ? 'NaN' : v)) }));
}

describe('feature plans end to end', () => {
  for (const mode of ['native', 'dense'] as const) {
    it(`${mode}: every feature names its source column, and the expected kinds appear`, () => {
      const frame = makeFrame();
      const plan = fitFeaturePlan(frame, mode, ['y'], train, options);
      const names = new Set(frame.columns.map((c) => c.name));
      for (const def of plan.features) assert.ok(names.has(def.source), `${def.name} has source ${def.source}`);
      const kinds = new Set<FeatureKind>(plan.features.map((f) => f.kind));
      const expected: FeatureKind[] =
        mode === 'native' ? ['numeric', 'datePart', 'categorical', 'targetEncoding', 'frequency', 'ordinal', 'textTfidf', 'missingIndicator'] : ['numeric', 'datePart', 'oneHot', 'targetEncoding', 'frequency', 'ordinal', 'textTfidf', 'missingIndicator'];
      for (const kind of expected) assert.ok(kinds.has(kind), `${mode} plan has ${kind} features`);
      assert.deepEqual(plan.dropped, [
        { column: 'rowId', reason: 'identifier (a distinct value per row)' },
        { column: 'leak', reason: 'suspected target leakage' },
      ]);
    });

    it(`${mode}: survives JSON and gives identical output`, () => {
      const frame = makeFrame();
      const plan = fitFeaturePlan(frame, mode, ['y'], train, options);
      const copy = JSON.parse(JSON.stringify(plan)) as FeaturePlan;
      assert.deepEqual(copy, plan);
      for (const rows of [train, validation, undefined]) assert.deepEqual(matrixJson(applyFeaturePlan(copy, frame, rows)), matrixJson(applyFeaturePlan(plan, frame, rows)));
    });

    it(`${mode}: the training matrix equals applying the plan, except out-of-fold target encodings`, () => {
      const frame = makeFrame();
      const { plan, x } = fitTransformFeatures(frame, { mode, exclude: ['y'], rows: train, ...options });
      assert.deepEqual(plan, fitFeaturePlan(frame, mode, ['y'], train, options), 'the same plan as fitFeaturePlan');
      const applied = applyFeaturePlan(plan, frame, train);
      assert.deepEqual(x.columns.map((c) => c.name), applied.columns.map((c) => c.name));
      plan.features.forEach((def, j) => {
        if (def.kind === 'targetEncoding') assert.notDeepEqual(x.columns[j], applied.columns[j], `${def.name} is out of fold`);
        else assert.deepEqual(x.columns[j], applied.columns[j], def.name);
      });
      if (mode === 'dense') {
        for (const column of x.columns) assert.ok(column.kind === 'numeric' && column.values.every(Number.isFinite), `${column.name} is dense`);
      }
    });

    it(`${mode}: no leakage: validation rows do not change the plan or the training matrix`, () => {
      const before = makeFrame();
      // Every validation row gets other values, new labels, new words.
      const after = makeFrame((i) => i >= 80);
      const a = fitTransformFeatures(before, { mode, exclude: ['y'], rows: train, ...options });
      const b = fitTransformFeatures(after, { mode, exclude: ['y'], rows: train, ...options });
      assert.deepEqual(b.plan, a.plan);
      assert.deepEqual(matrixJson(b.x), matrixJson(a.x));
      // A validation row's features depend on its own values only: the same as on a frame of those rows alone.
      const alone: Frame = {
        rowCount: validation.length,
        columns: after.columns.map((c) =>
          c.storage === 'categorical'
            ? cat(c.name, Array.from(validation, (r) => (c.codes[r] < 0 ? undefined : c.dictionary[c.codes[r]])), c.type)
            : { ...c, values: Float64Array.from(validation, (r) => c.values[r]) },
        ),
      };
      assert.deepEqual(matrixJson(applyFeaturePlan(a.plan, after, validation)), matrixJson(applyFeaturePlan(a.plan, alone)));
    });
  }

  it('handles labels unseen in training in every encoding', () => {
    const frame = makeFrame();
    const fresh = makeFrame(() => true);
    for (const mode of ['native', 'dense'] as const) {
      const plan = fitFeaturePlan(frame, mode, ['y'], train, options);
      const x = applyFeaturePlan(plan, fresh, range(0, 3));
      for (const column of x.columns) {
        const values = column.kind === 'numeric' ? Array.from(column.values) : Array.from(column.codes);
        if (mode === 'dense') assert.ok(values.every(Number.isFinite), `${mode} ${column.name}`);
      }
      const def = (name: string) => plan.features.find((f) => f.name === name) as FeatureDef;
      const te = plan.features.find((f) => f.kind === 'targetEncoding');
      assert.ok(te && te.kind === 'targetEncoding');
      if (mode === 'native') {
        assert.deepEqual(Array.from(valuesOf(x, te.name)), [te.prior, te.prior, te.prior], 'unseen city: the prior');
        assert.deepEqual(Array.from(valuesOf(x, 'city.frequency')), [0, 0, 0], 'unseen city: frequency 0');
        const color = x.columns.find((c) => c.name === 'color');
        assert.ok(color?.kind === 'categorical' && Array.from(color.codes).every((c) => c === -1), 'unseen color: missing code');
      } else {
        // Every color is frequent, so there is no "(other)" column: an unseen color is all zeros.
        const colors = plan.features.filter((f) => f.kind === 'oneHot' && f.source === 'color');
        assert.deepEqual(colors.map((f) => f.name).sort(), ['color=blue', 'color=green', 'color=red', 'color=teal']);
        for (const f of colors) assert.deepEqual(Array.from(valuesOf(x, f.name)), [0, 0, 0]);
        assert.equal(def('color=(missing)').kind, 'missingIndicator');
      }
      for (const f of plan.features) if (f.kind === 'textTfidf') assert.ok(valuesOf(x, f.name).every((v) => v === 0 || Number.isFinite(v)));
    }
  });

  it('drops the columns the profile flags, with the reason', () => {
    const warnings: ProfileWarning[] = [
      { kind: 'leakage-suspect', column: 'leak', message: "'leak' predicts the target 'y' almost perfectly." },
      { kind: 'id-like', column: 'city', message: "'city' looks like an identifier." },
      { kind: 'high-cardinality', column: 'amount', message: 'many values' },
      { kind: 'imbalanced-target', message: 'imbalanced' },
    ];
    const drop = dropListFromWarnings(warnings);
    assert.deepEqual(drop, [
      { column: 'leak', reason: "suspected target leakage: 'leak' predicts the target 'y' almost perfectly." },
      { column: 'city', reason: "identifier-like: 'city' looks like an identifier." },
    ]);
    const plan = fitFeaturePlan(makeFrame(), 'native', ['y'], train, { drop });
    assert.ok(!plan.features.some((f) => f.source === 'leak' || f.source === 'city'));
    assert.deepEqual(plan.dropped.map((d) => d.column), ['city', 'rowId', 'leak']);
    assert.equal(plan.dropped.find((d) => d.column === 'leak')?.reason, drop[0].reason);
    assert.deepEqual(dropListFromWarnings([{ kind: 'constant', column: 'k', message: 'same' }], ['constant']), [{ column: 'k', reason: 'constant: same' }]);
  });

  it('rejects a target not aligned with the rows, and bad options', () => {
    const frame = makeFrame();
    assert.throws(() => fitTransformFeatures(frame, { mode: 'native', exclude: ['y'], target }), /aligned/);
    assert.throws(() => fitFeaturePlan(frame, 'native', ['y'], train, { targetFolds: 1 }), RangeError);
    assert.throws(() => fitFeaturePlan(frame, 'native', ['y'], train, { textBuckets: -1 }), RangeError);
    assert.throws(() => fitFeaturePlan(frame, 'sparse' as FeaturePlan['mode'], ['y']), RangeError);
  });
});
