import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { RunData } from '../../../src/engine/automl/foldData';
import { truthOf } from '../../../src/engine/automl/foldData';
import { runAutoML } from '../../../src/engine/automl/runAutoML';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import type { Frame } from '../../../src/engine/data/frame';
import { fewerRankFolds, fewerRankRows, NOISE_COLUMNS, selectFeatures } from '../../../src/engine/features/noiseSelection';
import { probe, probeData } from '../../../src/engine/features/probe';
import { featuresFile } from '../../../src/engine/features/featuresFile';
import { encodeTarget, fitTargetSpec } from '../../../src/engine/prep/targetSpec';
import { Rng } from '../../../src/engine/random';
import { getMetric } from '../../../src/engine/validate/metrics';
import { makeFolds } from '../../../src/engine/validate/splitters';

/**
 * 800 rows: y depends on s0, s1 and the category c (a logistic model of them), and 20 columns
 * (n0..n19, numbers and categories) are independent noise: enough noise that a tree model on 640
 * training rows is measurably hurt by it, so dropping it is a gain beyond fold-to-fold noise.
 */
function dataset(seed: number, rows = 800): Frame {
  const rng = new Rng(seed);
  const header = ['s0', 's1', 'c', ...Array.from({ length: 20 }, (_, i) => `n${i}`), 'y'];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const s0 = rng.normal();
    const s1 = rng.normal();
    const c = ['a', 'b', 'c'][rng.int(3)];
    const logit = 1.5 * s0 - 1.2 * s1 + (c === 'a' ? 1 : c === 'b' ? -1 : 0);
    const y = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    const noise = Array.from({ length: 20 }, (_, j) => (j % 5 !== 4 ? rng.normal().toFixed(4) : ['u', 'v', 'w', 'x'][rng.int(4)]));
    lines.push([s0.toFixed(4), s1.toFixed(4), c, ...noise, y].join(','));
  }
  return readCsvBytes(new TextEncoder().encode(lines.join('\n'))).frame;
}

function runData(frame: Frame, seed: number, k = 5): RunData {
  const target = fitTargetSpec(frame, 'y');
  const { target: y, rows } = encodeTarget(target, frame);
  const codes = y.kind === 'classification' ? y.codes : undefined;
  const folds = makeFolds({ kind: 'kfold', folds: k, repeats: 1, stratified: true }, { rows: rows.length, codes }, new Rng(seed));
  return { frame, rows, y, truth: truthOf(y), folds, exclude: ['y'], drop: [], seed };
}

const auc = getMetric('auc');
const signal = ['s0', 's1', 'c'];

describe('feature selection against random noise', () => {
  it('drops most noise columns, keeps every informative one, and only when cross-validation improves', () => {
    const data = runData(dataset(1), 1);
    const result = selectFeatures(data, auc, { seed: 1, deadline: Infinity });
    const dropped = result.dropped.map((d) => d.column);
    for (const column of signal) assert.ok(!dropped.includes(column), `${column} carries the signal and must stay (dropped: ${dropped.join(', ')})`);
    assert.ok(dropped.length >= 12, `most of the 20 noise columns go, dropped ${dropped.length}: ${dropped.join(', ')}`);
    assert.ok(result.gate?.kept, 'the reduced set was kept');
    assert.ok((result.gate?.candidate as number) > (result.gate?.baseline as number), 'because it validated better');
    // The gate's figures are the probe's on the same folds, with and without the columns.
    assert.equal(result.gate?.baseline, probe(data, auc, { seed: 1 }).score);
    assert.equal(result.gate?.candidate, probe({ ...data, drop: result.dropped }, auc, { seed: 1 }).score);
    for (const d of result.dropped) assert.match(d.reason, /^ranked below random noise in \d of 5 folds/);
    assert.ok(!dropped.some((c) => (NOISE_COLUMNS as readonly string[]).includes(c)), 'the added noise columns are never reported');
  });

  it('with a linear learner, ranks and gates for it too, and its figures are in the gate', () => {
    // 240 rows, ten folds: small data, where the rounds rank for the logistic model as well.
    const data = runData(dataset(7, 240), 7, 10);
    const result = selectFeatures(data, auc, { seed: 7, deadline: Infinity, linearLearner: 'logistic' });
    const dropped = result.dropped.map((d) => d.column);
    for (const column of signal) assert.ok(!dropped.includes(column), `${column} carries the signal and must stay (dropped: ${dropped.join(', ')})`);
    assert.ok(dropped.length >= 12, `most of the 20 noise columns go, dropped ${dropped.length}: ${dropped.join(', ')}`);
    const linear = (drop: RunData['drop']) => probe({ ...data, drop }, auc, { seed: 7, learner: 'logistic' }).score;
    assert.ok(result.gate?.sentence.includes(`a logistic model: ${linear([]).toFixed(4)} with them, ${linear(result.dropped).toFixed(4)} without`), result.gate?.sentence);
    assert.ok(result.gate?.kept, 'the reduced set was kept');
    assert.ok(linear(result.dropped) >= linear([]), 'so the logistic model validates at least as well without the dropped columns');
  });

  it('keeps everything when no column is below the noise', () => {
    const frame = dataset(2);
    const informative: Frame = { rowCount: frame.rowCount, columns: frame.columns.filter((c) => signal.includes(c.name) || c.name === 'y') };
    const result = selectFeatures(runData(informative, 2), auc, { seed: 2, deadline: Infinity });
    assert.deepEqual(result.dropped, []);
  });

  it('is reproducible with a seed', () => {
    const data = runData(dataset(3), 3);
    const a = selectFeatures(data, auc, { seed: 5, deadline: Infinity });
    const b = selectFeatures(data, auc, { seed: 5, deadline: Infinity });
    assert.deepEqual(a, b);
  });

  it('ranks on fewer rows when the rounds still needed would not fit in the time left', () => {
    // 10 rounds of 2 s in 5 s: a quarter of the rows (the most cut at once).
    assert.equal(fewerRankRows(3_000, 10, 2_000, 5_000), 1_000);
    assert.equal(fewerRankRows(8_000, 10, 2_000, 5_000), 2_000);
    // 4 rounds of 1 s in 3 s: three quarters.
    assert.equal(fewerRankRows(4_000, 4, 1_000, 3_000), 3_000);
    // They fit, none are left, or the sample is as small as ranking allows.
    assert.equal(fewerRankRows(3_000, 4, 1_000, 5_000), undefined);
    assert.equal(fewerRankRows(3_000, 0, 1_000, 0), undefined);
    assert.equal(fewerRankRows(1_000, 10, 2_000, 1_000), undefined);
    assert.equal(fewerRankRows(1_200, 10, 2_000, 1_000), 1_000);
  });

  it('ranks on fewer folds once fewer rows would not be enough', () => {
    // 14 rounds of 0.6 s in 5 s: three folds instead of five (or ten).
    assert.equal(fewerRankFolds(5, 14, 600, 5_000), 3);
    assert.equal(fewerRankFolds(10, 14, 600, 5_000), 3);
    // They fit, none are left, or the folds are as few as ranking allows.
    assert.equal(fewerRankFolds(5, 8, 600, 5_000), undefined);
    assert.equal(fewerRankFolds(5, 0, 600, 0), undefined);
    assert.equal(fewerRankFolds(3, 14, 600, 5_000), undefined);
  });

  it('probes big data on a sample cut out of the run folds', () => {
    const data = runData(dataset(4), 4);
    const small = probeData(data, 9, 500, 3);
    assert.equal(small.rows.length, 500);
    assert.equal(small.folds.length, 3);
    const seen = new Set<number>();
    for (const fold of small.folds) {
      for (const p of fold.test) {
        assert.ok(p < 500);
        seen.add(p);
      }
      const test = new Set(fold.test);
      assert.ok(!fold.train.some((p) => test.has(p)), 'no row on both sides of a fold');
    }
  });
});

describe('feature selection in a run', () => {
  it('records what it dropped in the plan and features.json, and selection: off keeps every column', async () => {
    const frame = dataset(6);
    const spec = { target: 'y', seed: 6, trials: 3, models: ['gbdt'], explain: false };
    const on = await runAutoML(spec, frame);
    const selected = on.features.selected.map((d) => d.column);
    assert.ok(selected.length > 0);
    const file = featuresFile(on.plan, on.features, on.pipeline.sourceColumns(), []);
    assert.equal(file.selection, 'auto');
    for (const column of selected) {
      assert.ok(!file.kept.includes(column), `${column} is not read by the final model`);
      assert.equal(file.dropped.find((d) => d.name === column)?.by, 'selection');
    }
    for (const column of signal) assert.ok(file.kept.includes(column));
    const off = await runAutoML({ ...spec, selection: 'off' }, frame);
    assert.deepEqual(off.features.selected, []);
    assert.equal(off.pipeline.sourceColumns().length, 23);
    assert.equal(featuresFile(off.plan, off.features, off.pipeline.sourceColumns()).selection, 'off');
  });
});
