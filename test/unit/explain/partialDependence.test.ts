import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectRows, type CategoricalColumn, type Frame, type NumericColumn } from '../../../src/engine/data/frame';
import { dependenceGrid, partialDependence, quantile, type DependenceGrid } from '../../../src/engine/explain/partialDependence';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';
import { cat, close, dates, frameOf, num, range } from '../prep/frames';

const valuesOf = (frame: Frame, name: string): Float64Array => (frame.columns.find((c) => c.name === name) as NumericColumn).values;
const codesOf = (frame: Frame, name: string): Int32Array => (frame.columns.find((c) => c.name === name) as CategoricalColumn).codes;

function assertClose(actual: number, expected: number, what: string, tolerance = 1e-12): void {
  assert.ok(close(actual, expected, tolerance), `${what}: ${actual} vs ${expected}`);
}

// f = 2·a + g(b): additive, so the PDP of a is 2·v + mean(g(b)) and every ICE curve is that line shifted.
const G = [1, -3, 5];
const rng = new Rng(4);
const n = 50;
const frame = frameOf(
  num('a', Array.from({ length: n }, () => rng.next() * 10)),
  cat('b', Array.from({ length: n }, () => ['p', 'q', 'r'][rng.int(3)])),
);
const additive = (f: Frame): Float64Array[] => {
  const b = codesOf(f, 'b');
  return [valuesOf(f, 'a').map((v, i) => 2 * v + G[b[i]])];
};
const meanG = Array.from(codesOf(frame, 'b')).reduce((s, code) => s + G[code], 0) / n;
const meanA = Array.from(valuesOf(frame, 'a')).reduce((s, v) => s + v, 0) / n;

describe('dependence grids', () => {
  it('uses quantiles at evenly spaced percentiles from 5% to 95% (numpy linear interpolation)', () => {
    // 1..100, 5 points: percentiles 5, 27.5, 50, 72.5, 95 %. numpy puts quantile p at h = 99·p
    // between sorted[floor h] and the next value: h = 4.95 -> 5 + 0.95 = 5.95; 27.225 -> 28.225;
    // 49.5 -> 50.5; 71.775 -> 72.775; 94.05 -> 95.05.
    const column = num('x', Array.from({ length: 100 }, (_, i) => 100 - i));
    const grid = dependenceGrid(column, 5);
    assert.equal(grid.kind, 'numeric');
    [5.95, 28.225, 50.5, 72.775, 95.05].forEach((v, k) => assertClose(grid.values[k], v, `point ${k}`));
    assert.deepEqual(grid.labels, ['5.95', '28.225', '50.5', '72.775', '95.05']);
    assert.equal(quantile(Float64Array.of(1, 2, 3, 4), 1), 4);
  });

  it('uses the distinct values of a low-cardinality column and deduplicates tied quantiles', () => {
    assert.deepEqual(dependenceGrid(num('k', [3, 1, 2, NaN, 3, 1]), 20), { kind: 'numeric', values: [1, 2, 3], labels: ['1', '2', '3'] });
    // 90 zeros then 1..10 (11 distinct values > 4 points). Percentiles 5/35/65/95 %: h = 4.95,
    // 34.65, 64.35 all fall among the zeros; h = 94.05 -> sorted[94] = 5, sorted[95] = 6 -> 5.05.
    const skewed = dependenceGrid(num('s', [...new Array<number>(90).fill(0), ...range(1, 11)]), 4);
    assert.equal(skewed.values.length, 2, 'three tied quantiles become one point');
    assert.equal(skewed.values[0], 0);
    assertClose(skewed.values[1], 5.05, 'top quantile');
  });

  it('never puts a missing value in the grid', () => {
    const values = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? NaN : i));
    const grid = dependenceGrid(num('m', values), 10);
    assert.ok(grid.values.length > 0 && grid.values.every((v) => Number.isFinite(v)));
    assert.ok(grid.values[0] >= 1 && grid.values[grid.values.length - 1] <= 59);
    assert.deepEqual(dependenceGrid(num('none', [NaN, NaN]), 10), { kind: 'numeric', values: [], labels: [] });
    const levels = dependenceGrid(cat('c', [undefined, 'x', undefined, undefined]), 10);
    assert.deepEqual(levels.values, [0]);
  });

  it('lists categorical levels by frequency, ties by code, at most `points`', () => {
    const column = cat('c', ['x', 'y', 'z', 'z', 'x', undefined, 'z', 'w', 'x', 'z', 'w', 'z', undefined], 'categorical', ['w', 'x', 'y', 'z', 'unused']);
    assert.deepEqual(dependenceGrid(column, 10), { kind: 'categorical', values: [3, 1, 0, 2], labels: ['z', 'x', 'w', 'y'] });
    assert.deepEqual(dependenceGrid(column, 2).labels, ['z', 'x']);
    assert.deepEqual(dependenceGrid(cat('yes', ['no', 'yes', 'yes'], 'boolean'), 20).labels, ['yes', 'no']);
  });

  it('labels datetime grid points as ISO dates', () => {
    const day = 86_400_000;
    const start = Date.UTC(2024, 0, 1);
    const grid = dependenceGrid(dates('d', [...Array.from({ length: 40 }, (_, i) => start + i * day), NaN]), 3);
    assert.equal(grid.kind, 'datetime');
    // 40 days, percentiles 5/50/95 %: h = 1.95, 19.5, 37.05 days after the first.
    assert.deepEqual(grid.values, [start + 1.95 * day, start + 19.5 * day, start + 37.05 * day].map(Math.round));
    assert.deepEqual(grid.labels, ['2024-01-02', '2024-01-20', '2024-02-07']);
  });

  it('rejects a non-positive number of points', () => {
    assert.throws(() => dependenceGrid(num('x', [1, 2]), 0), RangeError);
  });
});

describe('partial dependence', () => {
  const gridA = dependenceGrid(frame.columns[0], 10);

  it('is 2·v + mean(g(b)) for an additive model, with parallel ICE curves, in one predict call', () => {
    let calls = 0;
    const predict = (f: Frame): Float64Array[] => (calls++, additive(f));
    const pd = partialDependence(frame, 'a', gridA, predict, { iceRows: 5, rng: new Rng(1) });
    assert.equal(calls, 1);
    assert.equal(gridA.values.length, 10);
    assert.equal(pd.average.length, 1);
    gridA.values.forEach((v, g) => assertClose(pd.average[0][g], 2 * v + meanG, `grid point ${g}`));
    assert.equal(pd.iceRows.length, 5);
    assert.deepEqual(pd.iceRows, [...pd.iceRows].sort((x, y) => x - y));
    const b = codesOf(frame, 'b');
    pd.ice[0].forEach((curve, k) => {
      gridA.values.forEach((v, g) => assertClose(curve[g], 2 * v + G[b[pd.iceRows[k]]], `ICE row ${pd.iceRows[k]} point ${g}`));
      // Parallel: every curve minus its first point is the same line.
      gridA.values.forEach((v, g) => assertClose(curve[g] - curve[0], 2 * (v - gridA.values[0]), 'parallel'));
    });
  });

  it('sets categorical columns to each level', () => {
    const gridB = dependenceGrid(frame.columns[1], 10);
    const pd = partialDependence(frame, 'b', gridB, additive, { iceRows: 0, rng: new Rng(1) });
    gridB.values.forEach((code, g) => assertClose(pd.average[0][g], G[code] + 2 * meanA, `level ${gridB.labels[g]}`));
    assert.deepEqual(pd.ice, [[]]);
    assert.deepEqual(pd.iceRows, []);
  });

  it('averages every output of a multi-output model', () => {
    const predict = (f: Frame): Float64Array[] => {
      const [y] = additive(f);
      return [y, y.map((v) => -v)];
    };
    const pd = partialDependence(frame, 'a', gridA, predict, { iceRows: 2, rng: new Rng(1) });
    assert.equal(pd.average.length, 2);
    pd.average[1].forEach((v, g) => assertClose(v, -pd.average[0][g], 'negated output'));
    assert.equal(pd.ice[1].length, 2);
  });

  it('chunks large problems into whole rows and gives the same curves', () => {
    const big = 10_001;
    const r = new Rng(8);
    const large = frameOf(
      num('a', Array.from({ length: big }, () => r.next())),
      cat('b', Array.from({ length: big }, () => ['p', 'q', 'r'][r.int(3)])),
    );
    const grid = dependenceGrid(large.columns[0], 20);
    const sizes: number[] = [];
    const pd = partialDependence(large, 'a', grid, (f) => (sizes.push(f.rowCount), additive(f)), { iceRows: big, rng: new Rng(1) });
    // 200,000 rows per call / 20 points = 10,000 source rows, then the one row left.
    assert.deepEqual(sizes, [200_000, 20]);
    const mean = Array.from(codesOf(large, 'b')).reduce((s, code) => s + G[code], 0) / big;
    grid.values.forEach((v, g) => assertClose(pd.average[0][g], 2 * v + mean, `point ${g}`, 1e-9));
    const last = pd.ice[0][big - 1];
    assertClose(last[3], 2 * grid.values[3] + G[codesOf(large, 'b')[big - 1]], 'ICE of the last row, from the second chunk');
  });

  it('samples ICE rows deterministically, capped at the row count', () => {
    const one = partialDependence(frame, 'a', gridA, additive, { iceRows: 7, rng: new Rng(3) });
    const two = partialDependence(frame, 'a', gridA, additive, { iceRows: 7, rng: new Rng(3) });
    assert.deepEqual(one, two);
    assert.equal(new Set(one.iceRows).size, 7);
    const all = partialDependence(frame, 'a', gridA, additive, { iceRows: 500, rng: new Rng(3) });
    assert.deepEqual(all.iceRows, [...range(0, n)]);
  });

  it('does not predict for an empty grid and rejects unknown columns or mismatched grids', () => {
    const empty: DependenceGrid = { kind: 'numeric', values: [], labels: [] };
    const pd = partialDependence(frame, 'a', empty, () => assert.fail('no predict call'), { iceRows: 3, rng: new Rng(1) });
    assert.deepEqual(pd.average, []);
    assert.throws(() => partialDependence(frame, 'zz', gridA, additive, { iceRows: 1, rng: new Rng(1) }), /'zz' is not in the frame/);
    assert.throws(() => partialDependence(frame, 'b', gridA, additive, { iceRows: 1, rng: new Rng(1) }), /numeric grid does not fit the categorical column/);
  });

  it('runs on a fitted pipeline: the class probability rises with the informative column', () => {
    const r = new Rng(12);
    const rows = 240;
    const x = Array.from({ length: rows }, () => r.next());
    const data = frameOf(
      num('x', x),
      cat('color', Array.from({ length: rows }, () => ['red', 'green'][r.int(2)])),
      cat('y', x.map((v) => (v > 0.5 ? 'yes' : 'no'))),
    );
    const pipeline = Pipeline.fit(data, 'y', 'gbdt', { numIterations: 20, minDataInLeaf: 5 }, { rng: new Rng(1) });
    const sample = selectRows(data, range(0, 60));
    const grid = dependenceGrid(sample.columns[0], 8);
    const pd = partialDependence(sample, 'x', grid, (f) => pipeline.predict(f).proba ?? [], { iceRows: 4, rng: new Rng(1) });
    const yes = pd.average[1];
    assert.equal(pd.average.length, 2);
    assert.ok(yes[yes.length - 1] - yes[0] > 0.5, `P(yes) from ${yes[0]} to ${yes[yes.length - 1]}`);
  });
});
