import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { runAutoML } from '../../../src/engine/automl/runAutoML';
import { PLAIN_NUMBER_FORMAT, type Column, type Frame } from '../../../src/engine/data/frame';
import { bucketOf, countBuckets, levelShares } from '../../../src/engine/monitor/buckets';
import { buildReference, referenceMetric, type ReferenceInput } from '../../../src/engine/monitor/buildReference';
import { compactReference } from '../../../src/engine/monitor/compactReference';
import type { MonitorReference, ReferenceCategoricalColumn, ReferenceNumericColumn } from '../../../src/engine/monitor/types';
import { sampleRows } from '../../../src/engine/profile/sampleRows';
import { Rng } from '../../../src/engine/random';
import type { Prediction } from '../../../src/engine/validate/types';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile } from '../../publicDatasets';

const DAY = 86_400_000;
const JAN_1_2020 = Date.UTC(2020, 0, 1);

function numeric(name: string, values: readonly number[], type: 'integer' | 'float' = 'float'): Column {
  return { name, storage: 'numeric', type, values: Float64Array.from(values), format: PLAIN_NUMBER_FORMAT };
}

function labels(name: string, values: readonly (string | null)[], type: 'categorical' | 'boolean' = 'categorical', dictionary?: readonly string[]): Column {
  const dict = dictionary ? [...dictionary] : [...new Set(values.filter((v): v is string => v !== null))];
  return { name, storage: 'categorical', type, codes: Int32Array.from(values, (v) => (v === null ? -1 : dict.indexOf(v))), dictionary: dict };
}

function dates(name: string, values: readonly number[]): Column {
  return { name, storage: 'datetime', type: 'datetime', values: Float64Array.from(values), format: { order: 'ymd', hasTime: false } };
}

/** Every number in a JSON value is finite (JSON would write NaN and the infinities as null). */
function assertAllFinite(value: unknown, path = 'reference'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} is ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => assertAllFinite(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertAllFinite(v, `${path}.${k}`);
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/**
 * Twelve rows; row 7 has no target (and an extreme x that must not count). x: 1..9 with two
 * missing; r: 0×7, 1×2, 2×2; c: constant 3; z: all missing; d: ten days with one missing;
 * flag: a boolean no/yes with one missing.
 */
const X = [5, 1, NaN, 3, 2, 4, NaN, 1000, 7, 6, 8, 9];
const R = [0, 0, 0, 1, 0, 2, 0, 50, 0, 1, 0, 2];
const D = [0, 1, 2, 3, 4, 5, 6, 99, 7, 8, 9, NaN].map((d) => (Number.isNaN(d) ? NaN : JAN_1_2020 + d * DAY));
const FLAG: (string | null)[] = ['no', 'yes', 'no', 'no', null, 'yes', 'no', 'yes', 'no', 'yes', 'no', 'no'];
const SMALL: Frame = {
  rowCount: 12,
  columns: [
    numeric('x', X),
    numeric('r', R, 'integer'),
    numeric('c', new Array<number>(12).fill(3), 'integer'),
    numeric('z', new Array<number>(12).fill(NaN)),
    dates('d', D),
    labels('flag', FLAG, 'boolean', ['no', 'yes']),
    numeric('y', [1, 2, 3, 4, 5, 6, 7, NaN, 9, 10, 11, 12]),
  ],
};
const SMALL_ROWS = Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);

/** A regression input over SMALL's training rows, every row predicted (the prediction is y + 0.5). */
function smallInput(overrides: Partial<ReferenceInput> = {}): ReferenceInput {
  const y = SMALL.columns[6].storage === 'numeric' ? SMALL.columns[6].values : new Float64Array(0);
  return {
    frame: SMALL,
    rows: SMALL_ROWS,
    target: 'y',
    task: 'regression',
    columns: ['x', 'r', 'c', 'z', 'd', 'flag'],
    covered: Uint32Array.from(SMALL_ROWS.keys()),
    oof: { kind: 'regression', values: Float64Array.from(SMALL_ROWS, (r) => y[r] + 0.5) },
    metric: { name: 'rmse', higherIsBetter: false, score: 0.5, foldScores: [0.4, 0.5, 0.6] },
    seed: 1,
    ...overrides,
  };
}

const column = <T>(reference: MonitorReference, name: string): T => reference.columns.find((c) => c.name === name) as T;

describe('monitoring reference: columns', () => {
  const reference = buildReference(smallInput());

  it('bins numbers at reference quantiles over the training rows only, with missing values apart', () => {
    assert.equal(reference.rows, 11);
    const x = column<ReferenceNumericColumn>(reference, 'x');
    assert.equal(x.kind, 'numeric');
    assert.equal(x.type, 'float');
    close(x.nullRate, 2 / 11, 'x null rate');
    assert.equal(x.distinct, 9);
    assert.deepEqual([x.min, x.max, x.mean], [1, 9, 5]);
    close(x.std, Math.sqrt(60 / 9), 'x population std');
    // Nine values: cut k is the value of rank ceil(9k/10), i.e. 1…8 (9 is the maximum: dropped).
    assert.deepEqual(x.bins.edges, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(x.bins.shares, new Array<number>(9).fill(1 / 9));
  });

  it('gives repeated values fewer buckets, a constant column one, an all-missing column none', () => {
    const r = column<ReferenceNumericColumn>(reference, 'r');
    // 0×7, 1×2, 2×2: cuts 0 (k = 1…6), 1 (k = 7, 8), 2 (the maximum, dropped).
    assert.deepEqual(r.bins, { edges: [0, 1], shares: [7 / 11, 2 / 11, 2 / 11] });
    assert.deepEqual([r.nullRate, r.distinct, r.min, r.max, r.type], [0, 3, 0, 2, 'integer']);
    const c = column<ReferenceNumericColumn>(reference, 'c');
    assert.deepEqual(c.bins, { edges: [], shares: [1] });
    assert.deepEqual([c.distinct, c.min, c.max, c.mean, c.std], [1, 3, 3, 3, 0]);
    const z = column<ReferenceNumericColumn>(reference, 'z');
    assert.deepEqual(z, { name: 'z', type: 'float', kind: 'numeric', nullRate: 1, distinct: 0, min: 0, max: 0, mean: 0, std: 0, bins: { edges: [], shares: [] } });
  });

  it('describes dates in epoch milliseconds, and booleans by their labels', () => {
    const d = column<ReferenceNumericColumn>(reference, 'd');
    assert.equal(d.kind, 'numeric');
    assert.equal(d.type, 'datetime');
    close(d.nullRate, 1 / 11, 'd null rate');
    assert.deepEqual([d.min, d.max, d.distinct], [JAN_1_2020, JAN_1_2020 + 9 * DAY, 10]);
    close(d.mean, JAN_1_2020 + 4.5 * DAY, 'd mean');
    assert.deepEqual(d.bins.edges, Array.from({ length: 9 }, (_, k) => JAN_1_2020 + k * DAY));
    assert.deepEqual(d.bins.shares, new Array<number>(10).fill(0.1));
    const flag = column<ReferenceCategoricalColumn>(reference, 'flag');
    // Training rows: no ×7, yes ×3 (row 7's yes has no target), one missing.
    assert.deepEqual(flag, { name: 'flag', type: 'boolean', kind: 'categorical', nullRate: 1 / 11, distinct: 2, levels: ['no', 'yes'], shares: [7 / 10, 3 / 10], otherShare: 0, otherLevels: [] });
  });

  it('keeps the 20 most frequent levels and counts the rest as other', () => {
    const values: (string | null)[] = [...new Array<string>(5).fill('a'), 'b', null, 'b', 'b', ...Array.from({ length: 22 }, (_, i) => `l${String(i).padStart(2, '0')}`), null];
    const frame: Frame = { rowCount: values.length, columns: [labels('cat', values), numeric('y', values.map((_, i) => i))] };
    const rows = Uint32Array.from(values.keys());
    const reference = buildReference({ ...smallInput(), frame, rows, columns: ['cat'], covered: Uint32Array.from(rows), oof: { kind: 'regression', values: Float64Array.from(rows) } });
    const cat = column<ReferenceCategoricalColumn>(reference, 'cat');
    assert.equal(cat.distinct, 24);
    close(cat.nullRate, 2 / 32, 'cat null rate');
    // Ties (the single labels) keep their first-appearance order.
    assert.deepEqual(cat.levels, ['a', 'b', ...Array.from({ length: 18 }, (_, i) => `l${String(i).padStart(2, '0')}`)]);
    assert.deepEqual(cat.shares, [5 / 30, 3 / 30, ...new Array<number>(18).fill(1 / 30)]);
    close(cat.otherShare, 4 / 30, 'other share');
    assert.deepEqual(cat.otherLevels, ['l18', 'l19', 'l20', 'l21']);
  });

  it('has no NaN anywhere and round-trips through JSON', () => {
    assertAllFinite(reference);
    assert.deepEqual(JSON.parse(JSON.stringify(reference)), reference);
  });

  it('throws a RangeError for a source column the frame lacks', () => {
    assert.throws(() => buildReference(smallInput({ columns: ['x', 'nope'] })), RangeError);
  });
});

describe('monitoring reference: buckets and levels for new data', () => {
  it('puts a value on a cut point in the bucket below, and skips missing values', () => {
    const edges = [1, 2, 5];
    assert.deepEqual([0, 1, 1.5, 2, 4.9, 5, 5.1, 100].map((v) => bucketOf(edges, v)), [0, 0, 1, 1, 2, 2, 3, 3]);
    assert.deepEqual(Array.from(countBuckets(edges, Float64Array.from([0, 1, NaN, 3, 6, 7, Infinity]))), [2, 0, 1, 2]);
    assert.deepEqual(Array.from(countBuckets([], Float64Array.from([3, NaN]))), [1]);
  });

  it('counts the reference buckets of the training values back to the reference shares', () => {
    const reference = buildReference(smallInput());
    const x = column<ReferenceNumericColumn>(reference, 'x');
    const counts = countBuckets(x.bins.edges, Float64Array.from(SMALL_ROWS, (r) => X[r]));
    assert.deepEqual(Array.from(counts, (c) => c / 9), x.bins.shares);
  });

  it('shares labels among the levels, other levels, unseen labels and missing values', () => {
    const reference = { levels: ['a', 'b'], otherLevels: ['c'] };
    const dictionary = ['b', 'new', 'a', 'c', 'newer'];
    const codes = Int32Array.from([2, 2, 0, 3, 1, 1, 4, -1, 2, 1]);
    const shares = levelShares(reference, codes, dictionary);
    assert.equal(shares.rows, 9);
    assert.equal(shares.missing, 1);
    assert.deepEqual(shares.shares, [3 / 9, 1 / 9]);
    assert.equal(shares.otherShare, 1 / 9);
    assert.equal(shares.unseenShare, 4 / 9);
    assert.deepEqual(shares.unseen, ['new', 'newer']);
    // Without the list of other levels, a label outside the top ones cannot be called new.
    const unlisted = levelShares({ levels: ['a', 'b'] }, codes, dictionary);
    assert.equal(unlisted.otherShare, 5 / 9);
    assert.equal(unlisted.unseenShare, 0);
  });
});

describe('monitoring reference: predictions and metric', () => {
  it('bins a regression prediction like a numeric column', () => {
    const reference = buildReference(smallInput());
    // y + 0.5 over the training rows: 1.5 … 7.5, 9.5 … 12.5 (eleven values).
    const values = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 9.5, 10.5, 11.5, 12.5];
    const edges = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => values[Math.ceil((11 * k) / 10) - 1]).filter((v) => v < 12.5);
    assert.deepEqual(reference.prediction, {
      kind: 'score',
      rows: 11,
      bins: { edges, shares: edges.map((_, i) => (i === 0 ? 2 / 11 : 1 / 11)).concat([(11 - 2 - (edges.length - 1)) / 11]) },
    });
  });

  it('bins a binary model\u2019s positive-class probability and shares its predicted classes', () => {
    const p1 = Float64Array.from([0.1, 0.2, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]);
    const oof: Prediction = { kind: 'classification', proba: [p1.map((p) => 1 - p), p1] };
    const reference = buildReference(smallInput({ task: 'binary', classes: ['no', 'yes'], oof }));
    assert.equal(reference.prediction.kind, 'score');
    assert.deepEqual(reference.prediction.classes, ['no', 'yes']);
    // 0.5 is a tie: the first class, as predict() says. Six of eleven above it.
    assert.deepEqual(reference.prediction.shares, [5 / 11, 6 / 11]);
    // Cuts at ranks 2, 3, 4, 5, 6, 7, 8, 9, 10: 0.2 twice, then 0.4 … 0.95.
    assert.deepEqual(reference.prediction.bins?.edges, [0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]);
    assert.deepEqual(reference.prediction.bins?.shares, [3 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11, 1 / 11]);
    assert.deepEqual(reference.sample?.prediction, Array.from(p1));
  });

  it('shares a multiclass model\u2019s predicted classes, and samples the class index', () => {
    const a = [0.7, 0.1, 0.2, 0.6, 0.3, 0.1, 0.5, 0.2, 0.2, 0.9, 0.1];
    const b = [0.2, 0.8, 0.2, 0.3, 0.3, 0.1, 0.4, 0.7, 0.2, 0.05, 0.1];
    const proba = [Float64Array.from(a), Float64Array.from(b), Float64Array.from(a, (x, i) => 1 - x - b[i])];
    const reference = buildReference(smallInput({ task: 'multiclass', classes: ['A', 'B', 'C'], oof: { kind: 'classification', proba } }));
    // Winners: A, B, C, A, C (0.4 > 0.3), C, A, B, C, A, C.
    assert.deepEqual(reference.prediction, { kind: 'class', rows: 11, classes: ['A', 'B', 'C'], shares: [4 / 11, 2 / 11, 5 / 11] });
    assert.deepEqual(reference.sample?.prediction, [0, 1, 2, 0, 2, 2, 0, 1, 2, 0, 2]);
  });

  it('leaves rows without an out-of-fold prediction out, and null in the sample', () => {
    // A holdout: only positions 2, 5 and 9 predicted.
    const covered = Uint32Array.from([9, 2, 5]);
    const reference = buildReference(smallInput({ covered, oof: { kind: 'regression', values: Float64Array.from([10, 3, 6]) } }));
    assert.equal(reference.prediction.rows, 3);
    assert.deepEqual(reference.sample?.prediction, [null, null, 3, null, null, 6, null, null, null, 10, null]);
  });

  it('keeps the CV metric with the sample standard deviation of its fold scores', () => {
    const reference = buildReference(smallInput());
    assert.deepEqual(reference.metric.foldScores, [0.4, 0.5, 0.6]);
    close(reference.metric.foldStd, 0.1, 'fold std (n - 1)');
    assert.deepEqual(referenceMetric({ name: 'auc', higherIsBetter: true, score: 0.8, foldScores: [0.8] }), { name: 'auc', higherIsBetter: true, score: 0.8, foldScores: [0.8], foldStd: 0 });
    assert.throws(() => buildReference(smallInput({ metric: { name: 'rmse', higherIsBetter: false, score: NaN, foldScores: [] } })), RangeError);
  });
});

describe('monitoring reference: the sample', () => {
  const n = 25_000;
  const rng = new Rng(3);
  const frame: Frame = {
    rowCount: n,
    columns: [
      numeric('a', Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : rng.normal()))),
      labels('colour', Array.from({ length: n }, () => ['red', 'green', 'blue'][rng.int(3)])),
      numeric('y', Array.from({ length: n }, () => rng.normal())),
    ],
  };
  const rows = Uint32Array.from({ length: n - 1 }, (_, i) => i + 1);
  const input = (seed: number): ReferenceInput => ({
    frame,
    rows,
    target: 'y',
    task: 'regression',
    columns: ['colour', 'a'],
    covered: Uint32Array.from(rows.keys()),
    oof: { kind: 'regression', values: Float64Array.from(rows, (r) => 2 * r) },
    metric: { name: 'rmse', higherIsBetter: false, score: 1, foldScores: [1, 1.1] },
    seed,
  });

  it('takes at most 10,000 seeded training rows with their exact values', () => {
    const first = buildReference(input(5));
    const sample = first.sample;
    assert.ok(sample);
    assert.equal(sample.rows, 10_000);
    assert.deepEqual(Object.keys(sample.values), ['colour', 'a']);
    const positions = sampleRows(rows.length, 10_000, 5);
    const a = frame.columns[0].storage === 'numeric' ? frame.columns[0].values : new Float64Array(0);
    assert.deepEqual(sample.values['a'], Array.from(positions, (p) => (Number.isNaN(a[rows[p]]) ? null : a[rows[p]])));
    assert.deepEqual(sample.prediction, Array.from(positions, (p) => 2 * rows[p]));
    assert.ok((sample.values['colour'] as (string | null)[]).every((v) => v === 'red' || v === 'green' || v === 'blue'));
    assert.deepEqual(buildReference(input(5)).sample, sample, 'the same seed draws the same rows');
    assert.notDeepEqual(buildReference(input(6)).sample?.prediction, sample.prediction, 'another seed, other rows');
  });

  it('is left out of the compact copy, which is otherwise the same', () => {
    const reference = buildReference(input(5));
    const compact = compactReference(reference);
    assert.equal('sample' in compact, false);
    assert.deepEqual({ ...compact, sample: reference.sample }, reference);
    assert.ok(JSON.stringify(compact).length < 5_000, `compact copy of ${JSON.stringify(compact).length} characters`);
  });
});

describe('monitoring reference: runAutoML', () => {
  it('returns a reference of the final model over its source columns (titanic)', async () => {
    const { frame } = await readCsvFile(datasetFile('titanic'));
    const result = await runAutoML({ target: 'survived', seed: 4, trials: 3, models: ['gbdt', 'logistic'], explain: false }, frame);
    const reference = result.reference;
    assert.ok(reference);
    assert.deepEqual(reference.columns.map((c) => c.name), result.pipeline.sourceColumns());
    assert.equal(reference.target, 'survived');
    assert.equal(reference.task, 'binary');
    assert.equal(reference.rows, result.plan.rows);
    assert.equal(reference.metric.name, 'auc');
    assert.equal(reference.metric.score, result.final.score);
    assert.ok(reference.metric.foldScores.length >= 2, `${reference.metric.foldScores.length} fold scores`);
    assert.ok(reference.metric.foldStd > 0);
    assert.equal(reference.prediction.kind, 'score');
    assert.deepEqual(reference.prediction.classes, ['no', 'yes']);
    // k-fold: every training row is predicted once, out of fold.
    assert.equal(reference.prediction.rows, reference.rows);
    assert.equal(reference.sample?.rows, Math.min(10_000, reference.rows));
    assert.deepEqual(Object.keys(reference.sample?.values ?? {}), result.pipeline.sourceColumns());
    const age = column<ReferenceNumericColumn>(reference, 'age');
    assert.ok(age.nullRate > 0.1 && age.nullRate < 0.3, `age null rate ${age.nullRate}`);
    assertAllFinite(reference);
    const bytes = JSON.stringify(reference, null, 2).length;
    console.log(`# titanic reference: ${reference.columns.length} columns, ${reference.sample?.rows} sample rows, ${bytes} characters of pretty JSON`);
  });
});
