import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DataError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/random';
import { makeFolds, type SplitData } from '../../../src/engine/validate/splitters';
import type { Fold, ValidationPlan } from '../../../src/engine/validate/types';

/** An assert.throws check: a DataError whose message matches. */
const dataError =
  (pattern: RegExp) =>
  (e: unknown): boolean =>
    e instanceof DataError && pattern.test(e.message);

const kfold = (folds: number, stratified = false, repeats = 1): ValidationPlan => ({ kind: 'kfold', folds, repeats, stratified });

function assertAscending(positions: Uint32Array, what: string): void {
  for (let i = 1; i < positions.length; i++) assert.ok(positions[i - 1] < positions[i], `${what} is not strictly ascending at ${i}`);
}

/** Train and test are disjoint, ascending, and (unless `partial`) together cover every row. */
function assertFoldShape(fold: Fold, rows: number, partial = false): void {
  assertAscending(fold.train, 'train');
  assertAscending(fold.test, 'test');
  const seen = new Uint8Array(rows);
  for (const p of fold.train) seen[p] = 1;
  for (const p of fold.test) {
    assert.equal(seen[p], 0, `row ${p} is in train and test`);
    seen[p] = 2;
  }
  if (!partial) assert.ok(seen.every((s) => s !== 0), 'some row is in neither train nor test');
}

/** Each consecutive block of `folds` folds tests every row exactly once. */
function assertEachRowTestedOncePerRepeat(folds: readonly Fold[], rows: number, perRepeat: number): void {
  assert.equal(folds.length % perRepeat, 0);
  for (let start = 0; start < folds.length; start += perRepeat) {
    const tested = new Uint32Array(rows);
    for (const fold of folds.slice(start, start + perRepeat)) for (const p of fold.test) tested[p]++;
    assert.ok(tested.every((t) => t === 1), `repeat ${start / perRepeat}: some row is not tested exactly once`);
  }
}

function randomCodes(rng: Rng, rows: number, shares: readonly number[]): Int32Array {
  const codes = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let u = rng.next();
    let c = 0;
    while (c < shares.length - 1 && u >= shares[c]) u -= shares[c++];
    codes[i] = c;
  }
  return codes;
}

const sameFolds = (a: readonly Fold[], b: readonly Fold[]): boolean =>
  a.length === b.length && a.every((f, k) => String(f.train) === String(b[k].train) && String(f.test) === String(b[k].test));

describe('k-fold', () => {
  it('cuts shuffled rows into folds whose sizes differ by at most one', () => {
    const folds = makeFolds(kfold(5), { rows: 103 }, new Rng(1));
    assert.deepEqual(folds.map((f) => f.test.length), [21, 21, 21, 20, 20]);
    for (const fold of folds) assertFoldShape(fold, 103);
    assertEachRowTestedOncePerRepeat(folds, 103, 5);
    // Shuffled: the first fold is not simply the first rows.
    assert.notDeepEqual(Array.from(folds[0].test), Array.from({ length: 21 }, (_, i) => i));
  });

  it('is a partition of the rows for many sizes and seeds', () => {
    const sizes = new Rng(99);
    for (let seed = 0; seed < 30; seed++) {
      const k = 2 + sizes.int(9);
      const rows = k + sizes.int(200);
      const folds = makeFolds(kfold(k), { rows }, new Rng(seed));
      assert.equal(folds.length, k);
      for (const fold of folds) assertFoldShape(fold, rows);
      assertEachRowTestedOncePerRepeat(folds, rows, k);
    }
  });

  it('allows as many folds as rows (leave-one-out) and refuses more', () => {
    const folds = makeFolds(kfold(4), { rows: 4 }, new Rng(1));
    assert.deepEqual(folds.map((f) => f.test.length), [1, 1, 1, 1]);
    const tooFew = dataError(/5-fold validation needs at least 5 rows; the data has 4/);
    assert.throws(() => makeFolds(kfold(5), { rows: 4 }, new Rng(1)), tooFew);
  });

  it('repeats reshuffle', () => {
    const folds = makeFolds(kfold(4, false, 3), { rows: 50 }, new Rng(7));
    assert.equal(folds.length, 12);
    for (const fold of folds) assertFoldShape(fold, 50);
    assertEachRowTestedOncePerRepeat(folds, 50, 4);
    assert.ok(!sameFolds(folds.slice(0, 4), folds.slice(4, 8)));
    assert.ok(!sameFolds(folds.slice(4, 8), folds.slice(8, 12)));
  });

  it('depends on the seed only', () => {
    const data = { rows: 60 };
    assert.ok(sameFolds(makeFolds(kfold(5), data, new Rng(3)), makeFolds(kfold(5), data, new Rng(3))));
    assert.ok(!sameFolds(makeFolds(kfold(5), data, new Rng(3)), makeFolds(kfold(5), data, new Rng(4))));
  });
});

describe('stratified k-fold', () => {
  /**
   * Every class's count in every test fold is less than one row from its share, count / k (the
   * round-robin deal gives the floor or the ceiling of it).
   */
  function assertStratified(folds: readonly Fold[], codes: Int32Array, classes: number, k: number): void {
    const totals = new Float64Array(classes);
    for (const c of codes) totals[c]++;
    for (const fold of folds) {
      const counts = new Float64Array(classes);
      for (const p of fold.test) counts[codes[p]]++;
      for (let c = 0; c < classes; c++) {
        const share = totals[c] / k;
        assert.ok(Math.abs(counts[c] - share) < 1, `class ${c}: ${counts[c]} rows in a fold, share ${share}`);
        assert.ok(counts[c] === Math.floor(share) || counts[c] === Math.ceil(share));
      }
    }
  }

  it('spreads every class evenly over the folds', () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = new Rng(seed);
      const rows = 40 + rng.int(300);
      const k = 2 + rng.int(8);
      const codes = randomCodes(rng, rows, [0.6, 0.25, 0.1, 0.05]);
      const folds = makeFolds(kfold(k, true), { rows, codes }, new Rng(seed + 100));
      for (const fold of folds) assertFoldShape(fold, rows);
      assertEachRowTestedOncePerRepeat(folds, rows, k);
      assertStratified(folds, codes, 4, k);
      const sizes = folds.map((f) => f.test.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
    }
  });

  it('keeps stratifying across repeats and varies with the seed', () => {
    const codes = randomCodes(new Rng(5), 90, [0.7, 0.3]);
    const folds = makeFolds(kfold(3, true, 2), { rows: 90, codes }, new Rng(1));
    assert.equal(folds.length, 6);
    assertEachRowTestedOncePerRepeat(folds, 90, 3);
    assertStratified(folds, codes, 2, 3);
    assert.ok(sameFolds(folds, makeFolds(kfold(3, true, 2), { rows: 90, codes }, new Rng(1))));
    assert.ok(!sameFolds(folds, makeFolds(kfold(3, true, 2), { rows: 90, codes }, new Rng(2))));
  });

  it('allows a class rarer than the folds, in as many test folds as it has rows', () => {
    // 3 rows of class 1 over 5 folds: three folds test one each, two test none.
    const codes = Int32Array.from({ length: 30 }, (_, i) => (i < 3 ? 1 : 0));
    const folds = makeFolds(kfold(5, true), { rows: 30, codes }, new Rng(1));
    assertEachRowTestedOncePerRepeat(folds, 30, 5);
    const rarePerFold = folds.map((f) => Array.from(f.test).filter((p) => codes[p] === 1).length).sort();
    assert.deepEqual(rarePerFold, [0, 0, 1, 1, 1]);
    // A single-row class is allowed too.
    const single = Int32Array.from({ length: 20 }, (_, i) => (i === 0 ? 1 : 0));
    assertEachRowTestedOncePerRepeat(makeFolds(kfold(4, true), { rows: 20, codes: single }, new Rng(1)), 20, 4);
  });

  it('refuses when no class has as many rows as folds', () => {
    const codes = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    assert.throws(() => makeFolds(kfold(4, true), { rows: 9, codes }, new Rng(1)), dataError(/largest has 3/));
  });

  it('needs the class codes, one per row, none missing', () => {
    assert.throws(() => makeFolds(kfold(2, true), { rows: 4 }, new Rng(1)), TypeError);
    assert.throws(() => makeFolds(kfold(2, true), { rows: 4, codes: new Int32Array(3) }, new Rng(1)), /3 entries for 4 rows/);
    assert.throws(() => makeFolds(kfold(2, true), { rows: 2, codes: Int32Array.of(0, -1) }, new Rng(1)), RangeError);
  });
});

describe('holdout', () => {
  it('tests ceil(fraction × rows) shuffled rows', () => {
    const [fold] = makeFolds({ kind: 'holdout', testFraction: 0.2, stratified: false }, { rows: 101 }, new Rng(1));
    assert.equal(fold.test.length, 21);
    assert.equal(fold.train.length, 80);
    assertFoldShape(fold, 101);
    // 0.1 × 30 is 3.0000000000000004 in floating point: still 3 rows.
    assert.equal(makeFolds({ kind: 'holdout', testFraction: 0.1, stratified: false }, { rows: 30 }, new Rng(1))[0].test.length, 3);
  });

  it('keeps class proportions within one row when stratified', () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = new Rng(seed);
      const rows = 30 + rng.int(400);
      const codes = randomCodes(rng, rows, [0.5, 0.3, 0.15, 0.05]);
      const plan: ValidationPlan = { kind: 'holdout', testFraction: 0.25, stratified: true };
      const folds = makeFolds(plan, { rows, codes }, new Rng(seed));
      assert.equal(folds.length, 1);
      const [fold] = folds;
      assertFoldShape(fold, rows);
      assert.equal(fold.test.length, Math.ceil(0.25 * rows));
      const totals = new Float64Array(4);
      const tested = new Float64Array(4);
      for (const c of codes) totals[c]++;
      for (const p of fold.test) tested[codes[p]]++;
      for (let c = 0; c < 4; c++) assert.ok(Math.abs(tested[c] - (totals[c] * fold.test.length) / rows) <= 1);
    }
  });

  it('keeps a single-row class in training', () => {
    const codes = Int32Array.from({ length: 10 }, (_, i) => (i === 9 ? 2 : i % 2));
    for (let seed = 0; seed < 10; seed++) {
      const [fold] = makeFolds({ kind: 'holdout', testFraction: 0.5, stratified: true }, { rows: 10, codes }, new Rng(seed));
      assert.ok(fold.train.includes(9));
      assertFoldShape(fold, 10);
    }
  });

  it('refuses data too small for two sides and bad fractions', () => {
    assert.throws(() => makeFolds({ kind: 'holdout', testFraction: 0.2, stratified: false }, { rows: 1 }, new Rng(1)), DataError);
    assert.throws(() => makeFolds({ kind: 'holdout', testFraction: 0.99, stratified: false }, { rows: 10 }, new Rng(1)), DataError);
    assert.throws(() => makeFolds({ kind: 'holdout', testFraction: 0.5, stratified: true }, { rows: 3, codes: Int32Array.of(0, 1, 2) }, new Rng(1)), DataError);
    assert.throws(() => makeFolds({ kind: 'holdout', testFraction: 0, stratified: false }, { rows: 10 }, new Rng(1)), RangeError);
    assert.throws(() => makeFolds({ kind: 'holdout', testFraction: 1, stratified: false }, { rows: 10 }, new Rng(1)), RangeError);
  });

  it('depends on the seed only', () => {
    const plan: ValidationPlan = { kind: 'holdout', testFraction: 0.3, stratified: false };
    assert.ok(sameFolds(makeFolds(plan, { rows: 50 }, new Rng(8)), makeFolds(plan, { rows: 50 }, new Rng(8))));
    assert.ok(!sameFolds(makeFolds(plan, { rows: 50 }, new Rng(8)), makeFolds(plan, { rows: 50 }, new Rng(9))));
  });
});

describe('group k-fold', () => {
  const plan = (folds: number): ValidationPlan => ({ kind: 'group', folds, column: 'patient' });

  /** Group codes with the given sizes, in an interleaved row order. */
  function groupsOfSizes(sizes: readonly number[], rng: Rng): Int32Array {
    const codes: number[] = [];
    sizes.forEach((size, g) => codes.push(...Array<number>(size).fill(g)));
    return Int32Array.from(rng.shuffle(codes));
  }

  function assertGroupsWhole(folds: readonly Fold[], groups: Int32Array): void {
    for (const fold of folds) {
      const inTrain = new Set(Array.from(fold.train, (p) => groups[p] < 0 ? -1 : groups[p]));
      for (const p of fold.test) assert.ok(!inTrain.has(groups[p] < 0 ? -1 : groups[p]), `group ${groups[p]} straddles train and test`);
    }
  }

  it('balances folds greedily, largest group first', () => {
    // Sizes 5,4,3,2,1,1 into 2 folds, each to the lighter fold (fold 0 on ties):
    // 5 -> 0 (0:5), 4 -> 1 (1:4), 3 -> 1 (1:7), 2 -> 0 (0:7), 1 -> 0 (0:8), 1 -> 1 (1:8).
    const groups = groupsOfSizes([5, 4, 3, 2, 1, 1], new Rng(1));
    const folds = makeFolds(plan(2), { rows: 16, groups }, new Rng(2));
    assert.deepEqual(folds.map((f) => f.test.length), [8, 8]);
    assertEachRowTestedOncePerRepeat(folds, 16, 2);
    assertGroupsWhole(folds, groups);
    for (const fold of folds) assertFoldShape(fold, 16);
  });

  it('never lets a group straddle train and test', () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = new Rng(seed);
      const sizes = Array.from({ length: 5 + rng.int(30) }, () => 1 + rng.int(12));
      const groups = groupsOfSizes(sizes, rng);
      const k = 2 + rng.int(4);
      const folds = makeFolds(plan(k), { rows: groups.length, groups }, new Rng(seed));
      assert.equal(folds.length, k);
      for (const fold of folds) assertFoldShape(fold, groups.length);
      assertEachRowTestedOncePerRepeat(folds, groups.length, k);
      assertGroupsWhole(folds, groups);
    }
  });

  it('keeps rows with a missing group together', () => {
    const groups = Int32Array.from([-1, 0, 1, -1, 2, 3, -1, 4, 5, 6]);
    const folds = makeFolds(plan(3), { rows: 10, groups }, new Rng(1));
    assertGroupsWhole(folds, groups);
    const missingFold = folds.findIndex((f) => f.test.includes(0));
    assert.ok(folds[missingFold].test.includes(3) && folds[missingFold].test.includes(6));
  });

  it('handles sparse group codes', () => {
    const groups = Int32Array.from([1_000_000_000, 7, 7, 1_000_000_000, 42, 42]);
    const folds = makeFolds(plan(3), { rows: 6, groups }, new Rng(1));
    assert.deepEqual(folds.map((f) => f.test.length), [2, 2, 2]);
    assertGroupsWhole(folds, groups);
  });

  it('varies with the seed among equal-size groups, and repeats with the same seed', () => {
    const groups = Int32Array.from({ length: 40 }, (_, i) => Math.floor(i / 4));
    const data: SplitData = { rows: 40, groups };
    assert.ok(sameFolds(makeFolds(plan(5), data, new Rng(1)), makeFolds(plan(5), data, new Rng(1))));
    assert.ok(!sameFolds(makeFolds(plan(5), data, new Rng(1)), makeFolds(plan(5), data, new Rng(2))));
  });

  it('refuses fewer groups than folds, and a missing group column', () => {
    const groups = Int32Array.from([0, 0, 1, 1, 2, 2]);
    assert.throws(() => makeFolds(plan(4), { rows: 6, groups }, new Rng(1)), dataError(/at least 4 groups; the group column has 3/));
    assert.throws(() => makeFolds(plan(2), { rows: 6 }, new Rng(1)), TypeError);
  });
});

describe('time split', () => {
  const plan = (folds: number): ValidationPlan => ({ kind: 'time', folds, column: 'date' });

  function assertTimeOrdered(folds: readonly Fold[], time: Float64Array): void {
    for (const fold of folds) {
      const trainMax = Math.max(...Array.from(fold.train, (p) => time[p]));
      const testMin = Math.min(...Array.from(fold.test, (p) => time[p]));
      assert.ok(trainMax < testMin, `train reaches ${trainMax}, test starts at ${testMin}`);
    }
  }

  it('tests consecutive later blocks with an expanding training window', () => {
    // Times 0..11 in a shuffled row order; 3 folds of blocks of 12 / 4 = 3 rows:
    // fold 0 trains on times 0-2 and tests 3-5, fold 1 trains on 0-5 and tests 6-8, fold 2 trains on 0-8, tests 9-11.
    const time = Float64Array.from(new Rng(4).shuffle(Array.from({ length: 12 }, (_, i) => i * 1000)));
    const folds = makeFolds(plan(3), { rows: 12, time }, new Rng(1));
    const times = (positions: Uint32Array): number[] => Array.from(positions, (p) => time[p] / 1000).sort((a, b) => a - b);
    assert.deepEqual(folds.map((f) => times(f.train)), [[0, 1, 2], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5, 6, 7, 8]]);
    assert.deepEqual(folds.map((f) => times(f.test)), [[3, 4, 5], [6, 7, 8], [9, 10, 11]]);
    // Later rows are in neither side of the earlier folds.
    for (const fold of folds) assertFoldShape(fold, 12, true);
    assertTimeOrdered(folds, time);
  });

  it('gives the remainder to the first training block, like TimeSeriesSplit', () => {
    // 14 rows, 3 folds: blocks of 3, the first training window 14 - 9 = 5 rows.
    const time = Float64Array.from({ length: 14 }, (_, i) => i);
    const folds = makeFolds(plan(3), { rows: 14, time }, new Rng(1));
    assert.deepEqual(folds.map((f) => [f.train.length, f.test.length]), [[5, 3], [8, 3], [11, 3]]);
  });

  it('leaves rows without a time out of every fold', () => {
    const time = Float64Array.from([5, NaN, 1, 2, NaN, 3, 4, 0]);
    const folds = makeFolds(plan(2), { rows: 8, time }, new Rng(1));
    for (const fold of folds) {
      assertFoldShape(fold, 8, true);
      assert.ok(!fold.train.includes(1) && !fold.test.includes(1) && !fold.train.includes(4) && !fold.test.includes(4));
    }
    assertTimeOrdered(folds, time);
    // 6 timed rows, blocks of 2: times 0-1 | 2-3 | 4-5.
    assert.deepEqual(folds.map((f) => Array.from(f.test)), [[3, 5], [0, 6]]);
  });

  it('moves a cut back so rows sharing a timestamp stay on the test side', () => {
    // Sorted times 0,1,2,2,2,3,4,5 (8 rows, 3 folds, blocks of 2): cuts at positions 2, 4, 6. The cut
    // at 4 falls inside the run of 2s and moves back to 2, so fold 0 tests nothing: refused. With
    // 1 fold fewer, blocks of 2 cut at 4 -> 2 and 6: fold 0 tests the 2s, fold 1 times 4, 5.
    const time = Float64Array.from([2, 0, 2, 4, 1, 2, 5, 3]);
    assert.throws(() => makeFolds(plan(3), { rows: 8, time }, new Rng(1)), DataError);
    const folds = makeFolds(plan(2), { rows: 8, time }, new Rng(1));
    assertTimeOrdered(folds, time);
    assert.deepEqual(folds.map((f) => Array.from(f.test, (p) => time[p])), [[2, 2, 2, 3], [4, 5]]);
  });

  it('is the same whatever the seed', () => {
    const time = Float64Array.from({ length: 30 }, (_, i) => (i * 7) % 30);
    assert.ok(sameFolds(makeFolds(plan(4), { rows: 30, time }, new Rng(1)), makeFolds(plan(4), { rows: 30, time }, new Rng(2))));
  });

  it('keeps time order on random data with ties and gaps', () => {
    for (let seed = 0; seed < 20; seed++) {
      const rng = new Rng(seed);
      const rows = 30 + rng.int(200);
      const time = Float64Array.from({ length: rows }, () => (rng.next() < 0.1 ? NaN : rng.int(rows)));
      const folds = makeFolds(plan(2 + rng.int(4)), { rows, time }, new Rng(1));
      for (const fold of folds) assertFoldShape(fold, rows, true);
      assertTimeOrdered(folds, time);
      const tested = new Uint8Array(rows);
      for (const fold of folds) for (const p of fold.test) tested[p]++;
      assert.ok(tested.every((t) => t <= 1));
    }
  });

  it('refuses too few timed rows or all-equal times', () => {
    const time = Float64Array.from([1, 2, 3, NaN]);
    assert.throws(() => makeFolds(plan(3), { rows: 4, time }, new Rng(1)), dataError(/at least 4 rows with a time; the data has 3/));
    assert.throws(() => makeFolds(plan(2), { rows: 6, time: new Float64Array(6).fill(7) }, new Rng(1)), /share a timestamp/);
    assert.throws(() => makeFolds(plan(2), { rows: 6 }, new Rng(1)), TypeError);
  });
});

describe('plan checks', () => {
  it('rejects malformed plans', () => {
    assert.throws(() => makeFolds(kfold(1), { rows: 10 }, new Rng(1)), RangeError);
    assert.throws(() => makeFolds(kfold(2.5), { rows: 10 }, new Rng(1)), RangeError);
    assert.throws(() => makeFolds(kfold(2, false, 0), { rows: 10 }, new Rng(1)), RangeError);
    assert.throws(() => makeFolds(kfold(2), { rows: -1 }, new Rng(1)), RangeError);
    assert.throws(() => makeFolds({ kind: 'bootstrap' } as unknown as ValidationPlan, { rows: 10 }, new Rng(1)), /unknown validation plan kind 'bootstrap'/);
  });
});
