import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { truthOf, type RunData } from '../../../src/engine/automl/foldData';
import { runAutoML } from '../../../src/engine/automl/runAutoML';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import type { Frame } from '../../../src/engine/data/frame';
import { engineerFeatures } from '../../../src/engine/features/engineering';
import { probe } from '../../../src/engine/features/probe';
import { encodeTarget, fitTargetSpec } from '../../../src/engine/prep/targetSpec';
import { Rng } from '../../../src/engine/random';
import { getMetric } from '../../../src/engine/validate/metrics';
import { makeFolds } from '../../../src/engine/validate/splitters';

function frameOf(lines: string[]): Frame {
  return readCsvBytes(new TextEncoder().encode(lines.join('\n'))).frame;
}

/** 1,500 rows where y is the ratio of two columns (plus noise), which no single split of either captures (sizes from 2: no heavy tail making one fold decide). */
function ratioData(seed: number): Frame {
  const rng = new Rng(seed);
  const lines = ['income,size,other,y'];
  for (let i = 0; i < 1500; i++) {
    const income = 20 + 180 * rng.next();
    const size = 2 + 4 * rng.next();
    lines.push([income.toFixed(3), size.toFixed(3), rng.normal().toFixed(3), (income / size + rng.normal()).toFixed(3)].join(','));
  }
  return frameOf(lines);
}

/** 1,460 days where the class follows the season (a cycle over the year) more than the date's trend. */
function seasonData(seed: number): Frame {
  const rng = new Rng(seed);
  const lines = ['date,noise,y'];
  for (let d = 0; d < 1460; d++) {
    const date = new Date(Date.UTC(2015, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    const season = Math.cos((2 * Math.PI * d) / 365.25);
    lines.push(`${date},${rng.normal().toFixed(3)},${season + 0.6 * rng.normal() > 0 ? 'cold' : 'warm'}`);
  }
  return frameOf(lines);
}

/**
 * 3,000 ratings made of a user's and an item's own offsets plus noise: the offsets are random, so
 * the ids' numeric order says nothing (as in a ratings table), and a year column adds a little trend.
 */
function ratingsData(seed: number): Frame {
  const rng = new Rng(seed);
  const idsOf = (count: number, step: number) => Array.from(rng.shuffle(Uint32Array.from({ length: count }, (_, i) => 100 + i * step)));
  const users = idsOf(150, 7).map((id) => ({ id, offset: 0.8 * rng.normal() }));
  const items = idsOf(80, 3).map((id) => ({ id, offset: 0.6 * rng.normal() }));
  const lines = ['user,item,year,y'];
  for (let r = 0; r < 3000; r++) {
    const user = users[rng.int(users.length)];
    const item = items[rng.int(items.length)];
    const year = 1990 + rng.int(31);
    lines.push([user.id, item.id, year, (3 + user.offset + item.offset + 0.01 * (year - 2005) + 0.5 * rng.normal()).toFixed(3)].join(','));
  }
  return frameOf(lines);
}

function runData(frame: Frame, seed: number): RunData {
  const { target: y, rows } = encodeTarget(fitTargetSpec(frame, 'y'), frame);
  const codes = y.kind === 'classification' ? y.codes : undefined;
  const folds = makeFolds({ kind: 'kfold', folds: 5, repeats: 1, stratified: codes !== undefined }, { rows: rows.length, codes }, new Rng(seed));
  return { frame, rows, y, truth: truthOf(y), folds, exclude: ['y'], drop: [], seed };
}

describe('feature engineering', () => {
  it('keeps a ratio that carries the signal, because it validates better, and names it as a formula', () => {
    const data = runData(ratioData(1), 1);
    const rmse = getMetric('rmse');
    const result = engineerFeatures(data, rmse, { seed: 1, deadline: Infinity, ranking: ['income', 'size', 'other'], denseLearners: [] });
    const pairs = result.gates.find((g) => g.step === 'pairs');
    assert.ok(pairs?.kept, `the pair gate: ${pairs?.sentence}`);
    assert.ok(result.requests.some((r) => r.kind === 'pair' && r.op === 'ratio' && r.a === 'income' && r.b === 'size'));
    const ratio = result.tried.find((t) => t.name === 'income / size');
    assert.deepEqual(ratio && { kept: ratio.kept, sources: ratio.sources, for: ratio.for }, { kept: true, sources: ['income', 'size'], for: 'all' });
    // The gate's figures are the probe's, with and without the requests, on the same folds.
    assert.equal(pairs.baseline, probe({ ...data, engineer: [] }, rmse, { seed: 1 }).score);
    assert.equal(pairs.candidate, probe({ ...data, engineer: result.requests }, rmse, { seed: 1 }).score);
    assert.ok(pairs.candidate < pairs.baseline);
  });

  it('builds nothing on a column selection could not tell from noise', () => {
    const data = runData(ratioData(1), 1);
    const result = engineerFeatures(data, getMetric('rmse'), { seed: 1, deadline: Infinity, ranking: ['income', 'size', 'other'], noiseLike: ['size'], denseLearners: ['linear'] });
    assert.ok(result.tried.length > 0, 'other features were tried');
    for (const feature of result.tried) assert.ok(!feature.sources.includes('size'), `${feature.name} is built on 'size'`);
  });

  it('tries cyclical encodings of the parts of a date as one gated family', () => {
    const season = engineerFeatures(runData(seasonData(2), 2), getMetric('auc'), { seed: 2, deadline: Infinity, ranking: ['date', 'noise'], denseLearners: [] });
    // Trees already split the date's day of year, so the cycle may add little for them: the gate
    // decides, on the probe's paired folds, and says both scores.
    const cyclical = season.gates.find((g) => g.step === 'cyclical');
    assert.ok(cyclical, 'the cyclical encodings were gated');
    for (const name of ['sin(month of date)', 'cos(month of date)', 'sin(weekday of date)', 'sin(dayOfYear of date)', 'cos(dayOfYear of date)']) {
      assert.equal(season.tried.find((t) => t.name === name)?.kept, cyclical.kept, name);
    }
    assert.ok(cyclical.sentence.includes(cyclical.candidate.toFixed(4)) && cyclical.sentence.includes(cyclical.baseline.toFixed(4)));
  });

  it('gives linear models the products of the top columns when a linear probe validates better', () => {
    const rng = new Rng(4);
    const lines = ['a,b,y', ...Array.from({ length: 800 }, () => {
      const a = rng.normal();
      const b = rng.normal();
      return `${a.toFixed(4)},${b.toFixed(4)},${(a * b + 0.1 * rng.normal()).toFixed(4)}`;
    })];
    const result = engineerFeatures(runData(frameOf(lines), 4), getMetric('rmse'), { seed: 4, deadline: Infinity, ranking: ['a', 'b'], denseLearners: ['linear', 'gbdt'] });
    const gate = result.gates.find((g) => g.step === 'interactions');
    assert.ok(gate?.kept, gate?.sentence);
    assert.match(gate.sentence, /a linear model/);
    assert.ok(result.tried.some((t) => t.name === 'a * b' && t.for === 'linear' && t.kept));
  });

  it('reads integer ids as categories (their out-of-fold target means) when their values carry the signal', () => {
    const data = runData(ratingsData(6), 6);
    const result = engineerFeatures(data, getMetric('rmse'), { seed: 6, deadline: Infinity, ranking: ['user', 'item', 'year'], denseLearners: [] });
    // The two integer columns with the most distinct values are tried, one gate each.
    const gates = result.gates.filter((g) => g.step === 'targetMeans');
    assert.equal(gates.length, 2);
    for (const g of gates) assert.ok(g.kept && g.candidate < g.baseline, g.sentence);
    const kept = result.requests.filter((r) => r.kind === 'targetMean').map((r) => (r.kind === 'targetMean' ? r.column : ''));
    assert.deepEqual(kept, ['user', 'item']);
    const user = result.tried.find((t) => t.name === 'mean(target by user)');
    assert.deepEqual(user && { kept: user.kept, sources: user.sources }, { kept: true, sources: ['user'] });
  });

  it('leaves an integer column whose order carries the signal to its numeric splits', () => {
    const rng = new Rng(8);
    const lines = ['x,other,y'];
    for (let i = 0; i < 1500; i++) {
      const x = rng.int(60);
      lines.push(`${x},${rng.normal().toFixed(3)},${(0.1 * x + 0.3 * rng.normal()).toFixed(3)}`);
    }
    const result = engineerFeatures(runData(frameOf(lines), 8), getMetric('rmse'), { seed: 8, deadline: Infinity, ranking: ['x', 'other'], denseLearners: [] });
    const gate = result.gates.find((g) => g.step === 'targetMeans');
    assert.ok(gate && !gate.kept, gate?.sentence);
    assert.ok(!result.requests.some((r) => r.kind === 'targetMean'));
  });

  it('a run uses what it kept in every model, and the saved model computes it', async () => {
    const frame = ratioData(5);
    const result = await runAutoML({ target: 'y', seed: 5, trials: 2, models: ['gbdt'], explain: false }, frame);
    const kept = result.features.engineered.filter((e) => e.kept).map((e) => e.name);
    assert.ok(kept.includes('income / size'), `kept: ${kept.join(', ')}`);
    for (const member of result.pipeline.members) assert.ok(member.plan.features.some((f) => f.name === 'income / size'));
    // `other` is noise (selection may drop it); the ratio's two columns are read.
    for (const column of ['income', 'size']) assert.ok(result.pipeline.sourceColumns().includes(column));
    assert.ok(result.pipeline.predict(frame).values.every((v) => Number.isFinite(v)));
  });
});
