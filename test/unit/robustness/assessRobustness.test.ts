import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { CancelledError } from '../../../src/engine/errors';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { Rng } from '../../../src/engine/random';
import { assessRobustness, foldScoresOf, type RobustnessInput } from '../../../src/engine/robustness/assessRobustness';
import type { RobustnessReport } from '../../../src/engine/robustness/types';
import { withShift } from '../../../src/engine/robustness/withShift';
import { robustnessLines } from '../../../src/cli/renderRobustness';
import { getMetric } from '../../../src/engine/validate/metrics';
import { subsetPrediction, subsetTruth } from '../../../src/engine/validate/subsets';
import { datasetFile } from '../../publicDatasets';
import { frameOf, num } from '../prep/frames';
import { runFixture, type RunFixture } from './runFixture';

let frame: Frame;
let run: RunFixture;

function input(overrides: Partial<RobustnessInput> = {}): RobustnessInput {
  return {
    frame,
    rows: run.rows,
    truth: run.truth,
    covered: run.covered,
    oof: run.oof,
    metric: getMetric('auc'),
    folds: run.folds,
    columns: ['sex', 'passengerClass', 'age', 'name'],
    predict: (f) => run.pipeline.predict(f),
    classes: run.classes,
    modelBytes: JSON.stringify(run.pipeline.toJSON(), null, 2).length + 1,
    seed: 3,
    deadline: Infinity,
    limits: { perturbationRows: 300, latencyRows: 300, determinismRows: 100, singleRows: 20 },
    ...overrides,
  };
}

/** The report without what depends on the clock. */
function timeless(report: RobustnessReport): unknown {
  const { elapsedMs: _elapsed, latency: _latency, ...rest } = report;
  return { ...rest, checks: rest.checks.filter((c) => c.check !== 'latency') };
}

describe('assessRobustness on titanic', () => {
  before(async () => {
    frame = (await readCsvFile(datasetFile('titanic'))).frame;
    run = runFixture(frame, 'survived', 'gbdt', { numIterations: 40 }, 1);
  });

  it('runs every check in order, grades overall by the worst, and is plain JSON', () => {
    const report = assessRobustness(input());
    assert.equal(report.format, 'automl-robustness');
    assert.equal(report.version, 1);
    assert.deepEqual(report.checks.map((c) => c.check), ['calibration', 'segments', 'latency', 'stability', 'perturbation']);
    const rank = { ok: 0, warn: 1, alert: 2 };
    assert.equal(rank[report.grade], Math.max(...report.checks.map((c) => rank[c.grade])));
    assert.equal(report.calibration?.curve, 'positive');
    assert.equal(report.calibration?.positiveClass, 'yes');
    assert.equal(report.stability?.deterministic, true);
    assert.equal(report.stability?.batchEqualsSingle, true);
    assert.equal(report.stability?.foldScores.length, 5);
    assert.deepEqual(report.perturbation.map((p) => p.column), ['sex', 'passengerClass', 'age', 'name']);
    assert.equal(report.shift, undefined);
    // Plain JSON: no NaN, Infinity or typed arrays that a round trip would change.
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
    for (const check of report.checks) assert.match(check.sentence, /^[A-Z`].*\.$/, check.sentence);
    const lines = robustnessLines(report);
    assert.match(lines[0], /^Robustness: (ok|warn|alert) /);
    assert.equal(lines.length, 1 + report.checks.length);
  });

  it('is deterministic under its seed (the timings aside)', () => {
    assert.deepEqual(timeless(assessRobustness(input())), timeless(assessRobustness(input())));
  });

  it('scores each fold on the out-of-fold prediction when no fold scores are given', () => {
    const scores = foldScoresOf({ truth: run.truth, covered: run.covered, oof: run.oof, metric: getMetric('auc'), folds: run.folds });
    const expected = run.folds.map((f) => getMetric('auc').score(subsetTruth(run.truth, f.test), subsetPrediction(run.oof, f.test)));
    assert.deepEqual(scores, expected);
  });

  it('skips what does not fit before the deadline, with a note each, and stops on abort', () => {
    const late = assessRobustness(input({ deadline: performance.now() - 1 }));
    assert.deepEqual(late.checks, []);
    assert.equal(late.grade, 'ok');
    assert.deepEqual(late.notes, [
      'calibration skipped: the time was spent',
      'weak segments skipped: the time was spent',
      'latency skipped: the time was spent',
      'stability skipped: the time was spent',
      'perturbation skipped: the time was spent',
    ]);
    assert.deepEqual(robustnessLines(late).slice(1), late.notes.map((n) => `    ${n}`));
    assert.throws(() => assessRobustness(input({ signal: { aborted: true } })), CancelledError);
  });

  it('adds the shift check with new data, and withShift merges a later one', () => {
    const shifted = selectRows(frame, Uint32Array.from({ length: 400 }, (_, i) => i * 3));
    const age = shifted.columns.find((c) => c.name === 'age');
    const moved: Frame = { ...shifted, columns: shifted.columns.map((c) => (c === age && c.storage === 'numeric' ? { ...c, values: c.values.map((v) => v + 20) } : c)) };
    const report = assessRobustness(input({ newData: { frame: moved, source: 'later.csv', columns: run.pipeline.sourceColumns() } }));
    assert.equal(report.checks[report.checks.length - 1].check, 'shift');
    assert.equal(report.shift?.columns[0].name, 'age');
    assert.equal(report.shift?.grade, 'alert');
    assert.equal(report.grade, 'alert');
    const calm = { ...(report.shift as NonNullable<RobustnessReport['shift']>), grade: 'ok' as const, sentence: 'fine.' };
    const merged = withShift(report, calm, 5);
    assert.equal(merged.checks.filter((c) => c.check === 'shift').length, 1);
    assert.equal(merged.checks[merged.checks.length - 1].sentence, 'fine.');
    assert.equal(merged.segments, report.segments);
    const alone = withShift(undefined, calm, 5);
    assert.deepEqual(alone.checks, [{ check: 'shift', grade: 'ok', sentence: 'fine.' }]);
    assert.equal(alone.grade, 'ok');
  });
});

describe('assessRobustness on a regression', () => {
  it('has no calibration and compares segments on the regression metric', () => {
    const rng = new Rng(12);
    const n = 800;
    const x = Array.from({ length: n }, () => rng.next());
    const w = Array.from({ length: n }, () => rng.next());
    const y = x.map((v, i) => 3 * v + w[i] + 0.1 * rng.normal());
    const data = frameOf(num('x', x), num('w', w), num('y', y));
    const fixture = runFixture(data, 'y', 'linear', {}, 2);
    const report = assessRobustness({
      frame: data,
      rows: fixture.rows,
      truth: fixture.truth,
      covered: fixture.covered,
      oof: fixture.oof,
      metric: getMetric('rmse'),
      folds: fixture.folds,
      columns: ['x', 'w'],
      predict: (f) => fixture.pipeline.predict(f),
      modelBytes: 1000,
      seed: 1,
      deadline: Infinity,
      limits: { perturbationRows: 200, latencyRows: 200, determinismRows: 50, singleRows: 10 },
    });
    assert.equal(report.calibration, undefined);
    assert.deepEqual(report.checks.map((c) => c.check), ['segments', 'latency', 'stability', 'perturbation']);
    assert.ok(report.perturbation.every((p) => p.relativeChange !== undefined));
    assert.match(report.stability?.sentence ?? '', /^RMSE is 0\.\d+ ± 0\.\d+ across 5 folds/);
  });
});
