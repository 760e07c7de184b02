import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Frame, NumericColumn } from '../../../src/engine/data/frame';
import { CancelledError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/random';
import { rowFrame } from '../../../src/engine/robustness/frameViews';
import { latency, latencyGrade } from '../../../src/engine/robustness/latency';
import type { PredictFunction } from '../../../src/engine/robustness/predictFunction';
import { stability, type StabilityInput } from '../../../src/engine/robustness/stability';
import { cat, frameOf, num } from '../prep/frames';

const n = 500;
const rng = new Rng(8);
const frame: Frame = frameOf(num('x', Array.from({ length: n }, () => rng.next())), cat('c', Array.from({ length: n }, () => (rng.next() < 0.5 ? 'u' : 'v'))));
const rows = Uint32Array.from({ length: n }, (_, i) => i);
const xOf = (f: Frame): Float64Array => (f.columns[0] as NumericColumn).values;
const logistic: PredictFunction = (f) => {
  const p1 = xOf(f).map((v) => 1 / (1 + Math.exp(-3 * (v - 0.4))));
  return { values: p1.map((p) => (p > 0.5 ? 1 : 0)), proba: [p1.map((p) => 1 - p), p1] };
};

function input(predict: PredictFunction, overrides: Partial<StabilityInput> = {}): StabilityInput {
  return { predict, frame, rows, foldScores: [0.8, 0.82, 0.78], metricLabel: 'ROC AUC', seed: 3, ...overrides };
}

describe('rowFrame', () => {
  it('is a one-row view over the same buffers', () => {
    const one = rowFrame(frame, 7);
    assert.equal(one.rowCount, 1);
    const x = one.columns[0] as NumericColumn;
    assert.equal(x.values.length, 1);
    assert.equal(x.values[0], xOf(frame)[7]);
    assert.equal(x.values.buffer, xOf(frame).buffer);
    assert.equal(one.columns[1].storage === 'categorical' && one.columns[1].codes[0], frame.columns[1].storage === 'categorical' && frame.columns[1].codes[7]);
    assert.throws(() => rowFrame(frame, n), RangeError);
  });
});

describe('stability', () => {
  it('passes a deterministic row-wise model, with the fold spread in words', () => {
    const section = stability(input(logistic));
    assert.equal(section.deterministic, true);
    assert.equal(section.batchEqualsSingle, true);
    assert.equal(section.maxBatchDifference, 0);
    assert.ok(Math.abs(section.foldMean - 0.8) < 1e-12);
    // Population standard deviation of 0.8, 0.82, 0.78: sqrt(0.0008 / 3).
    assert.ok(Math.abs(section.foldStd - Math.sqrt(0.0008 / 3)) < 1e-12);
    assert.equal(section.grade, 'ok');
    assert.equal(section.sentence, 'ROC AUC is 0.80 ± 0.016 across 3 folds; outputs are deterministic and the same row by row as in batches.');
    assert.equal(section.seedScores, undefined);
  });

  it('is deterministic under its seed: the same rows sampled, the same section', () => {
    assert.deepEqual(stability(input(logistic)), stability(input(logistic)));
    const rowsSeen = (seed: number): number[] => {
      const seen: number[] = [];
      stability(input((f) => (seen.push(...xOf(f).slice(0, 3)), logistic(f)), { seed }));
      return seen;
    };
    assert.deepEqual(rowsSeen(3), rowsSeen(3));
    assert.notDeepEqual(rowsSeen(3), rowsSeen(4));
  });

  it('alerts when predicting twice differs', () => {
    let calls = 0;
    const drifting: PredictFunction = (f) => ({ values: xOf(f).map((v) => v + 1e-9 * calls++) });
    const section = stability(input(drifting));
    assert.equal(section.deterministic, false);
    assert.equal(section.grade, 'alert');
    assert.match(section.sentence, /^Predicting the same rows twice gives different outputs/);
  });

  it('alerts when a row alone gets another answer than in a batch, with the largest difference', () => {
    // Centres on the batch's mean: a one-row batch always predicts 0.
    const centred: PredictFunction = (f) => {
      const x = xOf(f);
      const mean = x.reduce((s, v) => s + v, 0) / x.length;
      return { values: x.map((v) => v - mean) };
    };
    const section = stability(input(centred));
    assert.equal(section.deterministic, true);
    assert.equal(section.batchEqualsSingle, false);
    assert.ok(section.maxBatchDifference > 0.3, String(section.maxBatchDifference));
    assert.equal(section.grade, 'alert');
    assert.match(section.sentence, /^Rows predicted one at a time differ from the same rows in a batch \(by up to 0\.\d+\) \(ROC AUC is 0\.80 ± 0\.016 across 3 folds\)\.$/);
  });

  it('warns when fold or seed scores spread by more than 10% of their mean', () => {
    assert.equal(stability(input(logistic, { foldScores: [0.5, 0.9] })).grade, 'warn');
    const seeds = stability(input(logistic, { seedScores: [0.6, 0.9, 0.75] }));
    assert.equal(seeds.grade, 'warn');
    assert.deepEqual(seeds.seedScores, [0.6, 0.9, 0.75]);
    assert.ok(Math.abs((seeds.seedStd ?? NaN) - Math.sqrt(0.045 / 3)) < 1e-12);
    assert.match(seeds.sentence, /^The score varies a lot: ROC AUC is 0\.80 ± 0\.016 across 3 folds and ± 0\.12 across seeds;/);
    assert.throws(() => stability(input(logistic, { signal: { aborted: true } })), CancelledError);
  });
});

describe('latency', () => {
  it('grades single-row time and model size', () => {
    assert.equal(latencyGrade(1, 1e6), 'ok');
    assert.equal(latencyGrade(51, 1e6), 'warn');
    assert.equal(latencyGrade(501, 1e6), 'alert');
    assert.equal(latencyGrade(1, 1.5e8), 'warn');
  });

  it('measures a slow model: per row in a batch, and a single row', () => {
    // Every call takes about 60 ms whatever its size.
    const slow: PredictFunction = (f) => {
      const until = performance.now() + 60;
      while (performance.now() < until);
      return { values: new Float64Array(f.rowCount) };
    };
    const section = latency({ predict: slow, frame, rows, modelBytes: 2_100_000, seed: 1, batchRepeats: 1, singleRepeats: 2 });
    assert.equal(section.batchRows, n);
    assert.ok(section.msPerRowBatch >= 60 / n && section.msPerRowBatch < 200 / n, String(section.msPerRowBatch));
    assert.ok(section.msPerRowSingle >= 60 && section.msPerRowSingle < 200, String(section.msPerRowSingle));
    assert.equal(section.grade, 'warn');
    assert.match(section.sentence, /^Predicting takes 0\.\d+ ms per row in batches of 500 and \d+(\.\d)? ms for a single row \(slow for interactive use\); the model file is 2\.1 MB\.$/);
  });

  it('stays within its time: at least one run of each, then stops', () => {
    let calls = 0;
    const counted: PredictFunction = (f) => {
      calls++;
      return { values: new Float64Array(f.rowCount) };
    };
    latency({ predict: counted, frame, rows, modelBytes: 10, seed: 1, budgetMs: 0 });
    // Warm-up and one timed batch, warm-up and one timed single row.
    assert.equal(calls, 4);
  });
});
