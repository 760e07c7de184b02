/**
 * The monitor's parts that need no reference file: Evidently's choice of drift method, CBPE's
 * expected ROC AUC against a brute-force double sum, windows by rows, day and week, and discrete
 * scores at their edges (a value the reference never had, a single value on both sides).
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Frame } from '../../../src/engine/data/frame';
import { countBuckets, countBucketsSorted, countUpTo } from '../../../src/engine/monitor/buckets';
import { alignCounts, countValues } from '../../../src/engine/monitor/discreteCounts';
import { sortFloat64 } from '../../../src/engine/profile/radixSort';
import { driftMethod, isDrift } from '../../../src/engine/monitor/driftMethod';
import { discreteScore } from '../../../src/engine/monitor/driftScore';
import { expectedAuc, performanceLimit } from '../../../src/engine/monitor/performanceCheck';
import { splitWindows } from '../../../src/engine/monitor/windows';
import { Rng } from '../../../src/engine/random';

/** Expected ROC AUC by its definition: every (positive, negative) pair weighted by p_i (1 - p_j); ties (and i = j) count half. */
function bruteForceExpectedAuc(p: readonly number[]): number {
  let sum = 0;
  let positives = 0;
  for (const v of p) positives += v;
  const negatives = p.length - positives;
  for (let i = 0; i < p.length; i++) {
    for (let j = 0; j < p.length; j++) {
      const weight = p[i] * (1 - p[j]);
      if (p[i] > p[j]) sum += weight;
      else if (p[i] === p[j]) sum += weight / 2;
    }
  }
  return sum / (positives * negatives);
}

describe('drift method (Evidently defaults)', () => {
  it('tests small references and measures large ones', () => {
    assert.equal(driftMethod('numeric', 50, 1000), 'ks');
    assert.equal(driftMethod('numeric', 5, 1000), 'chisquare', '5 values: discrete');
    assert.equal(driftMethod('numeric', 2, 800), 'ztest');
    assert.equal(driftMethod('categorical', 3, 1000), 'chisquare');
    assert.equal(driftMethod('categorical', 2, 10), 'ztest');
    assert.equal(driftMethod('numeric', 6, 1001), 'wasserstein');
    assert.equal(driftMethod('numeric', 4, 5000), 'jensenshannon');
    assert.equal(driftMethod('categorical', 40, 5000), 'jensenshannon');
  });

  it('p-values drift below 0.05, distances at 0.1 and above', () => {
    assert.deepEqual(isDrift('ks', 0.049), { drift: true, threshold: 0.05 });
    assert.deepEqual(isDrift('chisquare', 0.05), { drift: false, threshold: 0.05 });
    assert.deepEqual(isDrift('wasserstein', 0.1), { drift: true, threshold: 0.1 });
    assert.deepEqual(isDrift('jensenshannon', 0.0999), { drift: false, threshold: 0.1 });
  });
});

describe('discrete drift scores', () => {
  it('chi-square: a value the reference never had is drift (p = 0); equal shares are not', () => {
    const reference = countValues(['a', 'a', 'b', 'b', 'c', 'c']);
    assert.equal(discreteScore('chisquare', alignCounts(reference, countValues(['a', 'b', 'c', 'z']))), 0);
    assert.equal(discreteScore('chisquare', alignCounts(reference, countValues(['a', 'b', 'c', 'a', 'b', 'c']))), 1);
  });

  it('z-test: one value on both sides compares nothing (p = 1)', () => {
    assert.equal(discreteScore('ztest', alignCounts(countValues([1, 1, 1]), countValues([1, 1]))), 1);
  });
});

describe('CBPE expected ROC AUC', () => {
  it('equals the pairwise definition, ties included', () => {
    const cases = [[0.9, 0.8, 0.3, 0.1], [0.5, 0.5, 0.5, 0.2], [0.99, 0.01, 0.7, 0.7, 0.7, 0.2]];
    const rng = new Rng(3);
    cases.push(Array.from({ length: 300 }, () => Math.round(rng.next() * 20) / 20));
    for (const p of cases) {
      const got = expectedAuc(Float64Array.from(p));
      const want = bruteForceExpectedAuc(p);
      assert.ok(Math.abs(got - want) < 1e-12, `${got} vs ${want} for ${p.length} rows`);
    }
  });

  it('is NaN when there is nothing to rank', () => {
    assert.ok(Number.isNaN(expectedAuc(Float64Array.of(1, 1, 1))));
    assert.ok(Number.isNaN(expectedAuc(Float64Array.of(0.4))));
  });

  it('alerts at 3 fold standard deviations or a 5% drop, whichever comes first', () => {
    assert.equal(performanceLimit(0.8, 0.01, true), 0.77);
    assert.ok(Math.abs(performanceLimit(0.8, 0.05, true) - 0.76) < 1e-12, 'a 5% drop comes first');
    assert.ok(Math.abs(performanceLimit(10, 1, false) - 10.5) < 1e-12, 'a loss: 5% up comes first');
  });
});

describe('bucket counts of sorted values', () => {
  it('equal the per-value counts: ties on the edges, infinities left out, values beyond both ends', () => {
    const rng = new Rng(11);
    const edges = [-1, 0, 0.5, 2];
    for (let trial = 0; trial < 50; trial++) {
      const values = Float64Array.from({ length: 1 + rng.int(300) }, () => {
        const u = rng.next();
        if (u < 0.1) return edges[rng.int(edges.length)];
        if (u < 0.13) return rng.next() < 0.5 ? Infinity : -Infinity;
        return Math.round(rng.normal() * 20) / 8;
      });
      const expected = countBuckets(edges, values);
      assert.deepEqual(countBucketsSorted(edges, sortFloat64(Float64Array.from(values))), expected);
    }
    const sorted = Float64Array.from([1, 2, 2, 3]);
    assert.deepEqual([countUpTo(sorted, 2), countUpTo(sorted, 2, true), countUpTo(sorted, 0), countUpTo(sorted, 9)], [3, 1, 0, 4]);
  });
});

describe('windows', () => {
  const DAY = 86_400_000;
  const monday = Date.UTC(2026, 11, 7); // a Monday
  const times = [monday + 1000, monday - DAY + 5, NaN, monday + 6 * DAY + 1, monday + 7 * DAY, monday + 2 * DAY];
  const frame: Frame = {
    rowCount: times.length,
    columns: [{ storage: 'datetime', type: 'datetime', name: 't', values: Float64Array.from(times), format: { order: 'ymd', hasTime: true } }],
  };

  it('by rows: consecutive runs, the last one shorter', () => {
    const { windows } = splitWindows(frame, { kind: 'rows', size: 4 });
    assert.deepEqual(windows.map((w) => [w.label, [...w.rows]]), [['rows 1-4', [0, 1, 2, 3]], ['rows 5-6', [4, 5]]]);
  });

  it('by day and by week (UTC, Monday first), in time order, untimed rows left out', () => {
    const days = splitWindows(frame, { kind: 'day', column: 't' });
    assert.deepEqual(days.windows.map((w) => [w.label, [...w.rows]]), [['2026-12-06', [1]], ['2026-12-07', [0]], ['2026-12-09', [5]], ['2026-12-13', [3]], ['2026-12-14', [4]]]);
    assert.equal(days.untimed, 1);
    const weeks = splitWindows(frame, { kind: 'week', column: 't' });
    assert.deepEqual(weeks.windows.map((w) => [w.label, [...w.rows]]), [['week of 2026-11-30', [1]], ['week of 2026-12-07', [0, 3, 5]], ['week of 2026-12-14', [4]]]);
  });

  it('a missing or non-date time column is a clear error', () => {
    assert.throws(() => splitWindows(frame, { kind: 'day', column: 'when' }), /no column 'when'/);
  });
});
