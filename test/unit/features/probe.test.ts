/** The feature step's probe data (folds of a sample) and its gate: paired fold differences against their standard error, by hand. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { truthOf, type RunData } from '../../../src/engine/automl/foldData';
import { PROBE_MAX_FOLDS, PROBE_PARAMS, probeData, probeParams, SCREENED_GATE_STANDARD_ERRORS, validatesAsWell, validatesBetter, validatesNoWorse, type ProbeResult } from '../../../src/engine/features/probe';
import { Rng } from '../../../src/engine/random';
import { makeFolds } from '../../../src/engine/validate/splitters';
import type { ValidationPlan } from '../../../src/engine/validate/types';

function probed(foldScores: number[]): ProbeResult {
  return { score: foldScores.reduce((s, v) => s + v, 0) / foldScores.length, foldScores, folds: [] };
}

describe('validatesBetter', () => {
  const baseline = probed([0.7, 0.7, 0.7, 0.7, 0.7]);
  // Differences 0.1, 0.3, -0.05, 0.2, 0: mean 0.11, sample std sqrt(0.082 / 4) = 0.1432, standard error 0.0640.
  const noisy = probed([0.8, 1.0, 0.65, 0.9, 0.7]);
  // Differences 0.1, 0.12, 0.08, 0.11, 0.09: mean 0.1, standard error 0.0071.
  const steady = probed([0.8, 0.82, 0.78, 0.81, 0.79]);

  it('keeps a gain beyond one standard error of the paired differences, and a screened one beyond two', () => {
    assert.equal(validatesBetter(noisy, baseline, true), true, '0.11 > 1 x 0.064');
    assert.equal(validatesBetter(noisy, baseline, true, SCREENED_GATE_STANDARD_ERRORS), false, '0.11 < 2 x 0.064');
    assert.equal(validatesBetter(steady, baseline, true, SCREENED_GATE_STANDARD_ERRORS), true, '0.1 > 2 x 0.0071');
  });

  it('reads lower-is-better metrics the other way round, and never keeps a loss', () => {
    assert.equal(validatesBetter(baseline, steady, false), true, 'a lower loss on every fold');
    assert.equal(validatesBetter(steady, baseline, false), false);
    assert.equal(validatesBetter(baseline, baseline, true), false, 'no gain');
  });
});

describe('validatesAsWell (the selection gate)', () => {
  it('keeps fewer columns at an equal or better mean over the paired folds, never at a worse one', () => {
    const full = probed([0.8, 0.82, 0.78]);
    assert.equal(validatesAsWell(probed([0.8, 0.82, 0.78]), full, true), true, 'a tie');
    assert.equal(validatesAsWell(probed([0.79, 0.84, 0.78]), full, true), true, 'differences -0.01, +0.02, 0: mean +0.0033');
    assert.equal(validatesAsWell(probed([0.79, 0.82, 0.78]), full, true), false, 'worse on one fold, equal on the others');
    assert.equal(validatesAsWell(probed([0.79, 0.82, 0.78]), full, false), true, 'for a loss, lower is better');
  });
});

describe('validatesNoWorse (the linear view\'s veto)', () => {
  const full = probed([0.8, 0.8, 0.8, 0.8]);
  it('lets a loss within one standard error of the paired differences pass, not a larger one', () => {
    // Differences -0.02, +0.01, -0.01, 0: mean -0.005, sample std 0.01291, standard error 0.00645.
    assert.equal(validatesNoWorse(probed([0.78, 0.81, 0.79, 0.8]), full, true), true, '-0.005 >= -0.00645');
    // Differences -0.02, -0.03, -0.01, -0.02: mean -0.02, standard error 0.00408.
    assert.equal(validatesNoWorse(probed([0.78, 0.77, 0.79, 0.78]), full, true), false, '-0.02 < -0.00408');
    assert.equal(validatesNoWorse(probed([0.81, 0.8, 0.8, 0.8]), full, true), true, 'a gain');
  });

  it('reads a loss metric the other way round, and needs two folds to measure a spread', () => {
    assert.equal(validatesNoWorse(probed([0.78, 0.77, 0.79, 0.78]), full, false), true, 'a lower loss');
    assert.equal(validatesNoWorse(probed([0.79]), probed([0.8]), true), false, 'worse on the only fold');
    assert.equal(validatesNoWorse(probed([0.8]), probed([0.8]), true), true, 'equal on the only fold');
  });
});

describe('probeData', () => {
  /** 30,000 rows of a binary target, split as the run validates. */
  function data(validation: ValidationPlan): RunData {
    const n = 30_000;
    const codes = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const y = { kind: 'classification' as const, codes, classes: ['a', 'b'] };
    const folds = makeFolds(validation, { rows: n, codes }, new Rng(1));
    const frame = { rowCount: n, columns: [] };
    return { frame, rows: Uint32Array.from({ length: n }, (_, i) => i), y, truth: truthOf(y), folds, exclude: [], drop: [], seed: 1 };
  }

  it('samples 10,000 rows and keeps the run\'s first five folds, renumbered into the sample', () => {
    const probing = probeData(data({ kind: 'kfold', folds: 10, repeats: 1, stratified: true }), 3);
    assert.equal(probing.rows.length, 10_000);
    assert.equal(probing.folds.length, PROBE_MAX_FOLDS);
    for (const fold of probing.folds) assert.ok([...fold.train, ...fold.test].every((p) => p < 10_000));
  });

  it('a run validated on one holdout split is probed on five stratified folds of the sample', () => {
    const validation: ValidationPlan = { kind: 'holdout', testFraction: 0.2, stratified: true };
    const run = data(validation);
    assert.equal(run.folds.length, 1);
    const probing = probeData(run, 3, undefined, undefined, validation);
    assert.equal(probing.folds.length, PROBE_MAX_FOLDS);
    const tested = new Uint8Array(probing.rows.length);
    for (const fold of probing.folds) {
      for (const p of fold.test) tested[p]++;
      assert.equal(fold.train.length + fold.test.length, probing.rows.length);
      const share = fold.test.filter((p) => probing.y.kind === 'classification' && probing.y.codes[p] === 1).length / fold.test.length;
      assert.ok(Math.abs(share - 1 / 3) < 0.01, `stratified: ${share}`);
    }
    assert.ok(tested.every((t) => t === 1), 'every sampled row is tested exactly once');
  });

  it('probes small data with a bin per 8 rows (at least 15) and many classes with fewer rounds', () => {
    const run = data({ kind: 'kfold', folds: 5, repeats: 1, stratified: true });
    const rows = (n: number): RunData => ({ ...run, rows: run.rows.subarray(0, n) });
    assert.equal(probeParams(rows(30_000)).maxBin, PROBE_PARAMS.maxBin);
    assert.equal(probeParams(rows(400)).maxBin, 50);
    assert.equal(probeParams(rows(100)).maxBin, 15);
    assert.equal(probeParams(rows(400)).numIterations, PROBE_PARAMS.numIterations, 'two classes: every round');
    const classes = Array.from({ length: 26 }, (_, i) => String(i));
    const letters: RunData = { ...run, y: { kind: 'classification', codes: new Int32Array(30_000), classes } };
    assert.equal(probeParams(letters).numIterations, 15, '60 rounds x 3/26 is 7, raised to the floor of 15');
  });
});
