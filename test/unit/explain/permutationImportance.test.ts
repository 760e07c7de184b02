import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { selectRows, type Frame, type NumericColumn } from '../../../src/engine/data/frame';
import { CancelledError } from '../../../src/engine/errors';
import { permutationImportance, shuffledRows, type PermutationImportanceOptions } from '../../../src/engine/explain/permutationImportance';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { encodeTarget } from '../../../src/engine/prep/targetSpec';
import { Rng } from '../../../src/engine/random';
import { getMetric } from '../../../src/engine/validate/metrics';
import type { Prediction, Truth } from '../../../src/engine/validate/types';
import { cat, frameOf, num, range } from '../prep/frames';

const valuesOf = (frame: Frame, name: string): Float64Array => (frame.columns.find((c) => c.name === name) as NumericColumn).values;

/** Columns a (numeric, the signal), b (numeric noise) and c (categorical noise). */
function problem(n: number, seed: number): Frame {
  const rng = new Rng(seed);
  return frameOf(
    num('a', Array.from({ length: n }, () => rng.next())),
    num('b', Array.from({ length: n }, () => rng.next())),
    cat('c', Array.from({ length: n }, () => ['red', 'green', 'blue'][rng.int(3)])),
  );
}

const frame = problem(80, 7);
const a = valuesOf(frame, 'a');
const regressionTruth: Truth = { kind: 'regression', values: a.map((v, i) => 3 * v + 0.01 * Math.sin(i)) };
const regressionPredict = (f: Frame): Prediction => ({ kind: 'regression', values: valuesOf(f, 'a').map((v) => 3 * v) });
const classTruth: Truth = { kind: 'classification', classes: 2, codes: Int32Array.from(a, (v) => (v > 0.5 ? 1 : 0)) };
const classPredict = (f: Frame): Prediction => {
  const p1 = valuesOf(f, 'a').map((v) => 1 / (1 + Math.exp(-10 * (v - 0.5))));
  return { kind: 'classification', proba: [p1.map((p) => 1 - p), p1] };
};

function options(overrides: Partial<PermutationImportanceOptions> = {}): PermutationImportanceOptions {
  return {
    frame,
    columns: ['b', 'c', 'a'],
    truth: regressionTruth,
    metric: getMetric('rmse'),
    predict: regressionPredict,
    repeats: 5,
    rng: new Rng(1),
    ...overrides,
  };
}

describe('permutation importance', () => {
  for (const [name, truth, predict] of [
    ['rmse', regressionTruth, regressionPredict],
    ['mae', regressionTruth, regressionPredict],
    ['auc', classTruth, classPredict],
    ['accuracy', classTruth, classPredict],
  ] as const) {
    it(`gives unused columns exactly 0 and the used column a positive drop (${name})`, () => {
      const metric = getMetric(name);
      const result = permutationImportance(options({ truth, predict, metric }));
      assert.equal(result.metric, name);
      assert.equal(result.complete, true);
      assert.deepEqual(result.columns.map((c) => c.column), ['a', 'b', 'c'], 'a first, then ties in the given order');
      const [top, ...rest] = result.columns;
      assert.ok(top.mean > 0, `a helps: ${top.mean}`);
      assert.ok(top.drops.every((d) => d > 0));
      for (const c of rest) {
        assert.deepEqual(c.drops, [0, 0, 0, 0, 0]);
        assert.equal(c.mean, 0);
        assert.equal(c.std, 0);
        assert.equal(c.repeats, 5);
      }
      // The unshuffled model is near perfect (AUC/accuracy near 1, errors near 0), so shuffling a
      // can only make it worse: a positive drop for both directions means the sign is right.
      assert.ok(metric.higherIsBetter ? result.baseline > 0.95 : result.baseline < 0.02, `baseline ${result.baseline}`);
    });
  }

  it('reports drop = RMSE of the permuted column minus the baseline, for the same seeded permutations', () => {
    // f = x_a exactly; the truth is a plus a wiggle, so the baseline is not 0.
    const n = 12;
    const small = problem(n, 3);
    const x = valuesOf(small, 'a');
    const y = x.map((v, i) => v + (i % 3) * 0.1);
    const identity = (f: Frame): Prediction => ({ kind: 'regression', values: valuesOf(f, 'a') });
    const rmseOf = (pred: (i: number) => number): number => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (y[i] - pred(i)) ** 2;
      return Math.sqrt(sum / n);
    };
    const result = permutationImportance({
      ...options({ frame: small, truth: { kind: 'regression', values: y }, predict: identity, repeats: 4, rng: new Rng(42) }),
      columns: ['b', 'a'],
    });
    const baseline = rmseOf((i) => x[i]);
    assert.equal(result.baseline, baseline);
    // One permutation per repeat, drawn in repeat order and shared by every column.
    const rng = new Rng(42);
    const expected = Array.from({ length: 4 }, () => {
      const perm = shuffledRows(n, rng);
      return rmseOf((i) => x[perm[i]]) - baseline;
    });
    const column = result.columns.find((c) => c.column === 'a');
    assert.deepEqual(column?.drops, expected);
    const mean = expected.reduce((s, d) => s + d, 0) / 4;
    assert.ok(Math.abs((column?.mean ?? NaN) - mean) < 1e-15);
    const std = Math.sqrt(expected.reduce((s, d) => s + (d - mean) ** 2, 0) / 4);
    assert.ok(Math.abs((column?.std ?? NaN) - std) < 1e-15, 'population std, as importances_std');
  });

  it('shuffles with a seeded uniform permutation', () => {
    const p = shuffledRows(10, new Rng(5));
    assert.deepEqual([...p].sort((x, y) => x - y), [...range(0, 10)]);
    assert.deepEqual(p, shuffledRows(10, new Rng(5)));
    assert.notDeepEqual(p, range(0, 10));
  });

  it('permutes one column per prediction and reuses every other column array', () => {
    const seen: Frame[] = [];
    permutationImportance(options({ repeats: 2, predict: (f) => (seen.push(f), regressionPredict(f)) }));
    assert.equal(seen.length, 1 + 2 * 3);
    assert.equal(seen[0], frame, 'the baseline predicts the frame itself');
    for (const f of seen.slice(1)) {
      const changed = f.columns.filter((col, i) => col !== frame.columns[i]);
      assert.equal(changed.length, 1);
      assert.equal(f.rowCount, frame.rowCount);
    }
    const c = seen[2].columns[2];
    assert.ok(c.storage === 'categorical' && c.dictionary === (frame.columns[2] as typeof c).dictionary);
    assert.notEqual(c.codes, (frame.columns[2] as typeof c).codes);
  });

  it('is deterministic for a seed', () => {
    const one = permutationImportance(options({ rng: new Rng(9) }));
    const two = permutationImportance(options({ rng: new Rng(9) }));
    const other = permutationImportance(options({ rng: new Rng(10) }));
    assert.deepEqual(one, two);
    assert.notDeepEqual(one.columns[0].drops, other.columns[0].drops);
  });

  it('stops when time is up, keeps what was measured and marks the result partial', () => {
    let checks = 0;
    const result = permutationImportance(options({ repeats: 3, timeUp: () => ++checks > 4 }));
    assert.equal(result.complete, false);
    // Repeat-major: round one measures b, c, a; round two only b before the deadline.
    const repeats = Object.fromEntries(result.columns.map((c) => [c.column, c.repeats]));
    assert.deepEqual(repeats, { b: 2, c: 1, a: 1 });
    assert.equal(result.columns[0].column, 'a');
    const none = permutationImportance(options({ timeUp: () => true }));
    assert.equal(none.complete, false);
    assert.deepEqual(none.columns, []);
    assert.ok(Number.isFinite(none.baseline));
  });

  it('throws CancelledError between permutations when aborted', () => {
    const signal = { aborted: false };
    let calls = 0;
    const predict = (f: Frame): Prediction => {
      if (++calls === 3) signal.aborted = true;
      return regressionPredict(f);
    };
    assert.throws(() => permutationImportance(options({ predict, signal })), CancelledError);
    assert.equal(calls, 3);
    assert.throws(() => permutationImportance(options({ signal: { aborted: true } })), CancelledError);
  });

  it('rejects unknown columns, bad repeats and misaligned truth', () => {
    assert.throws(() => permutationImportance(options({ columns: ['a', 'nope'] })), /column 'nope' is not in the frame/);
    assert.throws(() => permutationImportance(options({ repeats: 0 })), RangeError);
    assert.throws(() => permutationImportance(options({ truth: { kind: 'regression', values: new Float64Array(3) } })), /3 rows, the frame 80/);
  });

  it('ranks the informative column first for a fitted pipeline on holdout rows', () => {
    const rng = new Rng(11);
    const n = 300;
    const x = Array.from({ length: n }, () => rng.next());
    const data = frameOf(
      num('x', x),
      num('noise', Array.from({ length: n }, () => rng.next())),
      cat('color', Array.from({ length: n }, () => ['red', 'green', 'blue'][rng.int(3)])),
      cat('y', x.map((v) => (v + 0.2 * (rng.next() - 0.5) > 0.5 ? 'yes' : 'no'))),
    );
    const pipeline = Pipeline.fit(selectRows(data, range(0, 200)), 'y', 'gbdt', { numIterations: 30, minDataInLeaf: 5 }, { rng: new Rng(1) });
    const holdout = selectRows(data, range(200, n));
    const { target } = encodeTarget(pipeline.target, holdout);
    if (target.kind !== 'classification') throw new Error('a class target');
    const truth: Truth = { kind: 'classification', classes: target.classes.length, codes: target.codes };
    const predict = (f: Frame): Prediction => ({ kind: 'classification', proba: pipeline.predict(f).proba ?? [] });
    const result = permutationImportance({ frame: holdout, columns: ['noise', 'color', 'x'], truth, metric: getMetric('auc'), predict, repeats: 5, rng: new Rng(2) });
    assert.ok(result.baseline > 0.9, `baseline AUC ${result.baseline}`);
    assert.equal(result.columns[0].column, 'x');
    assert.ok(result.columns[0].mean > 0.2, `x drop ${result.columns[0].mean}`);
    for (const c of result.columns.slice(1)) assert.ok(Math.abs(c.mean) < 0.05, `${c.column} drop ${c.mean}`);
  });
});
