import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CategoricalColumn, Frame, NumericColumn } from '../../../src/engine/data/frame';
import { CancelledError } from '../../../src/engine/errors';
import { sampleRows } from '../../../src/engine/profile/sampleRows';
import { Rng } from '../../../src/engine/random';
import { perturbation, type PerturbationInput } from '../../../src/engine/robustness/perturbation';
import type { PredictFunction } from '../../../src/engine/robustness/predictFunction';
import { cat, frameOf, num } from '../prep/frames';

const n = 3000;
const rng = new Rng(21);
const frame: Frame = frameOf(
  num('x', Array.from({ length: n }, () => rng.next())),
  num('z', Array.from({ length: n }, () => rng.normal())),
  cat('c', Array.from({ length: n }, () => ['a', 'b', 'c', 'd'][rng.int(4)])),
);
const rows = Uint32Array.from({ length: n }, (_, i) => i);
const x = (f: Frame): Float64Array => (f.columns.find((c) => c.name === 'x') as NumericColumn).values;
const c = (f: Frame): CategoricalColumn => f.columns.find((col) => col.name === 'c') as CategoricalColumn;

/** Label 1 when x > 0.5 (a missing x reads as not above): ignores z and c. */
const threshold: PredictFunction = (f) => {
  const p1 = x(f).map((v) => (v > 0.5 ? 0.9 : 0.1));
  return { values: p1.map((p) => (p > 0.5 ? 1 : 0)), proba: [p1.map((p) => 1 - p), p1] };
};

function input(predict: PredictFunction, overrides: Partial<PerturbationInput> = {}): PerturbationInput {
  return { predict, frame, rows, columns: ['x', 'z', 'c'], seed: 5, ...overrides };
}

const changeOf = (result: ReturnType<typeof perturbation>, column: string, name: string): number => {
  const found = result.results.find((r) => r.column === column)?.results.find((r) => r.perturbation === name);
  assert.ok(found, `${column}: ${name}`);
  return found.change;
};

describe('perturbation', () => {
  it('leaves predictions unchanged for columns the model ignores, and lists every disturbance', () => {
    const result = perturbation(input(threshold));
    assert.equal(result.rows, 1000);
    assert.ok(result.complete);
    for (const column of ['z', 'c']) {
      const r = result.results.find((p) => p.column === column);
      assert.ok(r);
      assert.ok(r.results.every((m) => m.change === 0), JSON.stringify(r.results));
      assert.equal(r.grade, 'ok');
    }
    assert.deepEqual(
      result.results.find((r) => r.column === 'z')?.results.map((m) => m.perturbation),
      ['scale +1%', 'scale \u22121%', 'noise 0.05 sd', 'noise 0.1 sd', 'noise 0.2 sd', '10% missing', '30% missing'],
    );
    assert.deepEqual(
      result.results.find((r) => r.column === 'c')?.results.map((m) => m.perturbation),
      ['swap to frequent levels', '10% missing', '30% missing'],
    );
  });

  it('measures label changes exactly: scaling by 1% flips the rows just below the threshold', () => {
    const result = perturbation(input(threshold));
    // The same seeded sample the check draws; x·1.01 > 0.5 flips rows in (0.5/1.01, 0.5], x·0.99 rows in (0.5, 0.5/0.99].
    const sample = sampleRows(n, 1000, 5);
    const xs = Array.from(sample, (p) => x(frame)[p]);
    const up = xs.filter((v) => v <= 0.5 && v * 1.01 > 0.5).length / 1000;
    const down = xs.filter((v) => v > 0.5 && v * 0.99 <= 0.5).length / 1000;
    assert.ok(up > 0 && down > 0);
    assert.equal(changeOf(result, 'x', 'scale +1%'), up);
    assert.equal(changeOf(result, 'x', 'scale \u22121%'), down);
    // 30% missing: exactly 300 rows go missing, and those above 0.5 flip (about half of them).
    const missing = changeOf(result, 'x', '30% missing');
    assert.ok(missing > 0.1 && missing < 0.2, String(missing));
    assert.equal(Math.round(missing * 1000), missing * 1000);
    // Missing values flip more than 10% of labels: a warning, not an alert.
    assert.equal(result.results[0].grade, 'warn');
    assert.match(result.results[0].sentence, /^Small changes to `x` \(±1%, noise up to 0\.1 sd\) change at most \d% of predicted labels; with 30% of its values missing, 1\d% change\.$/);
  });

  it('alerts on a model that a little noise turns over', () => {
    // The label follows the third decimal of x: 0.05 sd of noise scrambles it.
    const brittle: PredictFunction = (f) => {
      const values = x(f).map((v) => ((v * 1000) % 1 > 0.5 ? 1 : 0));
      return { values, proba: [values.map((v) => 1 - v), values] };
    };
    const result = perturbation(input(brittle, { columns: ['x'] }));
    assert.ok(changeOf(result, 'x', 'noise 0.05 sd') > 0.4);
    assert.equal(result.grade, 'alert');
    assert.equal(result.sentence, result.results[0].sentence);
  });

  it('swaps categories for other frequent levels', () => {
    const isA: PredictFunction = (f) => {
      const codes = c(f).codes;
      const a = c(f).dictionary.indexOf('a');
      const values = Float64Array.from(codes, (code) => (code === a ? 1 : 0));
      return { values, proba: [values.map((v) => 1 - v), values] };
    };
    const result = perturbation(input(isA, { columns: ['c'] }));
    const sample = sampleRows(n, 1000, 5);
    const aShare = Array.from(sample).filter((p) => c(frame).dictionary[c(frame).codes[p]] === 'a').length / 1000;
    // Every 'a' row becomes another level (changes); other rows become 'a' with probability about 1/3.
    const swap = changeOf(result, 'c', 'swap to frequent levels');
    assert.ok(swap > aShare + 0.15 && swap < aShare + 0.35, `${swap} with ${aShare} of rows 'a'`);
    assert.match(result.results[0].sentence, /^Swapping `c` for another frequent level changes \d+% of predicted labels/);
  });

  it('reports regression changes in prediction units and relative to the predictions\u2019 spread', () => {
    // A missing x is imputed with 0.5, as a pipeline would with the median.
    const linear: PredictFunction = (f) => ({ values: x(f).map((v) => 2 * (Number.isNaN(v) ? 0.5 : v)) });
    const result = perturbation(input(linear, { columns: ['x'] }));
    const sample = sampleRows(n, 1000, 5);
    const xs = Array.from(sample, (p) => x(frame)[p]);
    const meanAbs = xs.reduce((s, v) => s + Math.abs(v), 0) / xs.length;
    const predictions = xs.map((v) => 2 * v);
    const mean = predictions.reduce((s, v) => s + v, 0) / predictions.length;
    const std = Math.sqrt(predictions.reduce((s, v) => s + (v - mean) ** 2, 0) / predictions.length);
    // |2·1.01x − 2x| = 0.02|x|.
    assert.ok(Math.abs(changeOf(result, 'x', 'scale +1%') - 0.02 * meanAbs) < 1e-12);
    const r = result.results[0];
    assert.ok(r.relativeChange !== undefined && r.relativeChange > 0);
    const graded = ['scale +1%', 'scale \u22121%', 'noise 0.05 sd', 'noise 0.1 sd', '30% missing'].map((name) => changeOf(result, 'x', name) / std);
    assert.ok(Math.abs(r.relativeChange - Math.max(...graded)) < 1e-12);
    assert.ok(r.relativeChange > 0.1 && r.relativeChange < 0.5, String(r.relativeChange));
  });

  it('copies only the disturbed column: every other column is the sample\u2019s own array', () => {
    const seen: Frame[] = [];
    perturbation(input((f) => (seen.push(f), threshold(f)), { columns: ['x'] }));
    const base = seen[0];
    for (const f of seen.slice(1)) {
      assert.equal(f.columns[1], base.columns[1]);
      assert.equal(f.columns[2], base.columns[2]);
      assert.notEqual(f.columns[0], base.columns[0]);
    }
    assert.equal(seen.length, 1 + 7);
  });

  it('is deterministic under a seed, draws differently under another, and stops on abort', () => {
    const noisy: PredictFunction = (f) => ({ values: x(f).map((v) => v * v) });
    assert.deepEqual(perturbation(input(noisy)), perturbation(input(noisy)));
    assert.notDeepEqual(perturbation(input(noisy)), perturbation(input(noisy, { seed: 6 })));
    assert.throws(() => perturbation(input(noisy, { signal: { aborted: true } })), CancelledError);
    const partial = perturbation(input(noisy, { timeUp: () => true }));
    assert.equal(partial.results.length, 0);
    assert.equal(partial.complete, false);
  });
});
