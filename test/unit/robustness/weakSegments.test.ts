import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Frame } from '../../../src/engine/data/frame';
import { Rng } from '../../../src/engine/random';
import { describeConditions, segmentConditions } from '../../../src/engine/robustness/describeSegment';
import { growSegmentTree, type TreeColumn } from '../../../src/engine/robustness/segmentTree';
import { weakSegments, type WeakSegmentsInput } from '../../../src/engine/robustness/weakSegments';
import { getMetric } from '../../../src/engine/validate/metrics';
import { cat, frameOf, num } from '../prep/frames';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const all = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

/**
 * A binary problem whose out-of-fold prediction is the true probability sigmoid(8(s − 0.5)):
 * the model is as good as it can be, except (when `planted`) for rows with x > 0.7 and c = 'b',
 * whose labels are coin flips the prediction knows nothing about.
 */
function problem(n: number, seed: number, planted: boolean): WeakSegmentsInput {
  const rng = new Rng(seed);
  const x: number[] = [];
  const s: number[] = [];
  const z: number[] = [];
  const c: string[] = [];
  const codes = new Int32Array(n);
  const p1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x.push(rng.next());
    s.push(rng.next());
    z.push(rng.next());
    c.push(['a', 'b', 'c'][rng.int(3)]);
    p1[i] = sigmoid(8 * (s[i] - 0.5));
    const noisy = planted && x[i] > 0.7 && c[i] === 'b';
    codes[i] = rng.next() < (noisy ? 0.5 : p1[i]) ? 1 : 0;
  }
  const frame: Frame = frameOf(num('x', x), cat('c', c), num('z', z), num('s', s));
  return {
    frame,
    rows: all(n),
    truth: { kind: 'classification', classes: 2, codes },
    covered: all(n),
    oof: { kind: 'classification', proba: [p1.map((p) => 1 - p), p1] },
    metric: getMetric('auc'),
    columns: ['x', 'c', 'z'],
  };
}

describe('weakSegments', () => {
  it('finds a planted weak segment, describes it by its two conditions, and alerts', () => {
    const result = weakSegments(problem(4000, 11, true));
    assert.equal(result.grade, 'alert');
    const top = result.segments[0];
    assert.equal(top.grade, 'alert');
    assert.equal(top.conditions.length, 2, top.description);
    const [onX, onC] = [top.conditions.find((c) => c.column === 'x'), top.conditions.find((c) => c.column === 'c')];
    assert.equal(onX?.op, '>');
    assert.ok(Math.abs((onX?.value as number) - 0.7) < 0.03, `threshold ${String(onX?.value)}`);
    assert.deepEqual(onC, { column: 'c', op: 'in', value: ['b'] });
    assert.match(top.description, /^x > 0\.[67]\d* and c = b$/);
    // About a third of the 30% of rows above 0.7.
    assert.ok(Math.abs(top.share - 0.1) < 0.02, `share ${top.share}`);
    assert.equal(top.compared, 'metric');
    assert.ok(top.metric < 0.65 && top.overall > 0.8, `${top.metric} vs ${top.overall}`);
    assert.ok(Math.abs(top.relativeDrop - (top.overall - top.metric) / top.overall) < 1e-12);
    assert.ok(top.adjustedP < 1e-6 && top.adjustedP >= top.pValue);
    assert.ok(top.meanLoss > top.overallMeanLoss);
    assert.match(top.sentence, /^For rows with x > 0\.[67]\d* and c = b, ROC AUC is 0\.\d+ against 0\.\d+ overall \(\d+% of rows\)\.$/);
    assert.equal(result.sentence, top.sentence);
  });

  it('flags nothing on homogeneous noise, whatever the seed', () => {
    for (const seed of [1, 2, 3, 4]) {
      const result = weakSegments(problem(3000, seed, false));
      assert.equal(result.grade, 'ok', `seed ${seed}: ${result.sentence}`);
      // The pruning undoes every split of noise: no leaf but the root, so no segment at all.
      assert.equal(result.segments.length, 0, `seed ${seed}: ${result.sentence}`);
      assert.match(result.sentence, /^No group of rows stands out: out-of-fold errors are spread evenly over the values of `x`, `c` and `z`\.$/);
    }
  });

  it('is deterministic', () => {
    const input = problem(2000, 5, true);
    assert.deepEqual(weakSegments(input), weakSegments(input));
  });

  it('falls back to the mean loss where the metric is undefined, and says so', () => {
    // Rows with c = 'b' are all positive and predicted at 0.2: ROC AUC needs both classes.
    const n = 1200;
    const rng = new Rng(3);
    const c: string[] = [];
    const codes = new Int32Array(n);
    const p1 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      c.push(['a', 'b', 'c', 'd'][rng.int(4)]);
      if (c[i] === 'b') {
        codes[i] = 1;
        p1[i] = 0.2;
      } else {
        p1[i] = 0.1 + 0.8 * rng.next();
        codes[i] = rng.next() < p1[i] ? 1 : 0;
      }
    }
    const result = weakSegments({
      frame: frameOf(cat('c', c)),
      rows: all(n),
      truth: { kind: 'classification', classes: 2, codes },
      covered: all(n),
      oof: { kind: 'classification', proba: [p1.map((p) => 1 - p), p1] },
      metric: getMetric('auc'),
      columns: ['c'],
    });
    const top = result.segments[0];
    assert.equal(top.description, 'c = b');
    assert.equal(top.compared, 'meanLoss');
    assert.ok(Math.abs(top.metric - -Math.log(0.2)) < 1e-12, String(top.metric));
    assert.equal(top.grade, 'alert');
    assert.match(top.sentence, /^For rows with c = b, ROC AUC cannot be computed \(only one class occurs there\); their mean log loss is 1\.61 against 0\.\d+ overall \(\d+% of rows\)\.$/);
  });

  it('compares regression segments on RMSE (lower is better) and covers only the rows given', () => {
    const n = 3000;
    const rng = new Rng(9);
    const x = Array.from({ length: n }, () => rng.next());
    const truthValues = Float64Array.from(x, (v) => 10 * v + (v < 0.25 ? 3 : 0.5) * rng.normal());
    const predicted = Float64Array.from(x, (v) => 10 * v);
    // Every other position is covered; oof row i predicts position covered[i].
    const covered = Uint32Array.from({ length: n / 2 }, (_, i) => 2 * i);
    const result = weakSegments({
      frame: frameOf(num('x', x)),
      rows: all(n),
      truth: { kind: 'regression', values: truthValues },
      covered,
      oof: { kind: 'regression', values: Float64Array.from(covered, (p) => predicted[p]) },
      metric: getMetric('rmse'),
      columns: ['x'],
    });
    const top = result.segments[0];
    assert.match(top.description, /^x ≤ 0\.2\d*$/);
    assert.equal(top.compared, 'metric');
    assert.ok(top.metric > 2.5 && top.overall < 2, `${top.metric} vs ${top.overall}`);
    assert.ok(Math.abs(top.relativeDrop - (top.metric - top.overall) / top.overall) < 1e-12);
    assert.ok(Math.abs(top.rows - 0.25 * 1500) < 60, String(top.rows));
    assert.equal(top.grade, 'alert');
  });
});

describe('segment tree and descriptions', () => {
  it('merges two bounds on one column into the tighter one', () => {
    // Loss 0 up to 0.5, 1 up to 0.8, 3 above: the leaf above 0.8 lies under "x > 0.5" too.
    const n = 1000;
    const rng = new Rng(4);
    const values = Float64Array.from({ length: n }, () => rng.next());
    const loss = values.map((v) => (v <= 0.5 ? 0 : v <= 0.8 ? 1 : 3) + 0.01 * rng.next());
    const columns: TreeColumn[] = [{ kind: 'numeric', name: 'x', values }];
    const leaves = growSegmentTree(columns, loss, { maxDepth: 3, minLeaf: 50 });
    const seen = [new Uint8Array(1)];
    const described = leaves.map((leaf) => describeConditions(segmentConditions(columns, leaf.constraints, seen), columns));
    const top = leaves.findIndex((leaf) => leaf.rows.every((r) => values[r] > 0.8));
    assert.ok(top >= 0, described.join(' | '));
    const conditions = segmentConditions(columns, leaves[top].constraints, seen);
    assert.equal(conditions.length, 1);
    assert.equal(conditions[0].op, '>');
    assert.ok(Math.abs((conditions[0].value as number) - 0.8) < 0.01);
    assert.ok(described.some((d) => /^0\.[45]\d* < x ≤ 0\.[78]\d*$/.test(d)), described.join(' | '));
  });

  it('splits categories as a set ordered by loss and writes the shorter list', () => {
    const n = 800;
    const labels = ['a', 'b', 'c', 'd', 'e'];
    const codes = Int32Array.from({ length: n }, (_, i) => i % 5);
    // b and d carry the loss; with missing values the condition also lists "(missing)" where due.
    const loss = Float64Array.from(codes, (c, i) => (c === 1 || c === 3 ? 2 : 0) + 0.001 * (i % 7));
    const columns: TreeColumn[] = [{ kind: 'categorical', name: 'c', codes, labels }];
    const leaves = growSegmentTree(columns, loss, { maxDepth: 1, minLeaf: 20 });
    const seen = [Uint8Array.from([0, 1, 1, 1, 1, 1])];
    const words = leaves.map((leaf) => describeConditions(segmentConditions(columns, leaf.constraints, seen), columns));
    assert.deepEqual(words.sort(), ['c in {b, d}', 'c not in {b, d}']);
  });

  it('writes missing and known values, and thresholds that admit missing values', () => {
    const columns: TreeColumn[] = [{ kind: 'numeric', name: 'age', values: new Float64Array(0) }];
    const seen = [Uint8Array.from([1])];
    const words = (constraint: Parameters<typeof segmentConditions>[1]) => describeConditions(segmentConditions(columns, constraint, seen), columns);
    assert.equal(words(new Map([[0, { kind: 'numeric', lo: -Infinity, hi: Infinity, missing: true, known: false }]])), 'age is missing');
    assert.equal(words(new Map([[0, { kind: 'numeric', lo: -Infinity, hi: Infinity, missing: false, known: true }]])), 'age is known');
    assert.equal(words(new Map([[0, { kind: 'numeric', lo: 60, hi: Infinity, missing: true, known: true }]])), 'age > 60 (or age missing)');
    assert.equal(words(new Map([[0, { kind: 'numeric', lo: 18, hi: 60, missing: false, known: true }]])), '18 < age ≤ 60');
  });
});
