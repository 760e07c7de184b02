/**
 * Monitoring end to end in the engine: a run's reference, new data predicted by its model, and
 * the checks. Planted shifts are found, and only they (a mean shift of 0.5 std, a change of
 * category shares, 30% nulls, a new category, a dropped column); every public dataset's own
 * holdout split against its training reference shows no dataset drift.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { runAutoML } from '../../../src/engine/automl/runAutoML';
import { truthOf } from '../../../src/engine/automl/foldData';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { monitorData, type MonitorInput } from '../../../src/engine/monitor/monitorData';
import { predictableFrame } from '../../../src/engine/monitor/predictableFrame';
import type { MonitorReference } from '../../../src/engine/monitor/types';
import type { Pipeline } from '../../../src/engine/prep/pipeline';
import { encodeTarget } from '../../../src/engine/prep/targetSpec';
import { Rng } from '../../../src/engine/random';
import type { Prediction } from '../../../src/engine/validate/types';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile, readManifest, readSplit } from '../../../test/publicDatasets';

interface Plant {
  readonly shift?: number;
  readonly cShares?: readonly [number, number, number];
  readonly zNulls?: number;
  readonly newCategory?: number;
  readonly dropZ?: boolean;
}

/** Rows of x (normal), z (normal), c (a/b/c at 50/30/20%), flag (yes/no) and y (x, z and c drive it). */
function csv(rows: number, seed: number, plant: Plant = {}): Frame {
  const rng = new Rng(seed);
  const [pa, pb] = plant.cShares ?? [0.5, 0.3, 0.2];
  const header = plant.dropZ ? 'x,c,flag,y' : 'x,z,c,flag,y';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const x = rng.normal() + (plant.shift ?? 0);
    const z = rng.normal();
    const u = rng.next();
    let c = u < pa ? 'a' : u < pa + pb ? 'b' : 'c';
    if (plant.newCategory !== undefined && rng.next() < plant.newCategory) c = 'd';
    const flag = rng.next() < 0.4 ? 'yes' : 'no';
    const logit = x - 0.8 * z + (c === 'a' ? 0.7 : c === 'b' ? -0.4 : 0);
    const y = rng.next() < 1 / (1 + Math.exp(-logit)) ? 'pos' : 'neg';
    const zText = plant.zNulls !== undefined && rng.next() < plant.zNulls ? '' : z.toFixed(4);
    lines.push(plant.dropZ ? [x.toFixed(4), c, flag, y].join(',') : [x.toFixed(4), zText, c, flag, y].join(','));
  }
  return readCsvBytes(new TextEncoder().encode(lines.join('\n'))).frame;
}

function predictionOf(pipeline: Pipeline, frame: Frame, reference: MonitorReference): Prediction {
  const predicted = pipeline.predict(predictableFrame(frame, reference));
  return predicted.proba ? { kind: 'classification', proba: predicted.proba } : { kind: 'regression', values: predicted.values };
}

function inputFor(reference: MonitorReference, pipeline: Pipeline, frame: Frame, extra: Partial<MonitorInput> = {}): MonitorInput {
  return { reference, frame, prediction: predictionOf(pipeline, frame, reference), source: 'test', checkedAt: '2026-12-07T00:00:00.000Z', expectedExtra: ['y'], ...extra };
}

describe('monitoring a model on new data', async () => {
  const training = csv(3000, 1);
  const run = await runAutoML({ target: 'y', seed: 1, trials: 1, models: ['gbdt'], explain: false, selection: 'off' }, training);
  const reference = run.reference as MonitorReference;
  const pipeline = run.pipeline;
  const drifted = (frame: Frame, extra: Partial<MonitorInput> = {}) => {
    const report = monitorData(inputFor(reference, pipeline, frame, extra));
    return { report, columns: report.columns.filter((c) => c.drift).map((c) => c.name).sort() };
  };

  it('new data from the same process: no drift, no finding worse than ok, every column checked', () => {
    const { report, columns } = drifted(csv(3000, 2));
    assert.deepEqual(columns, []);
    assert.equal(report.datasetDrift, false);
    assert.deepEqual(report.quality.filter((q) => q.grade !== 'ok'), []);
    assert.ok(report.columns.every((c) => c.status === 'checked' && c.method !== null && Number.isFinite(c.score as number)));
    // A reference of 3,000 rows is judged by distances, as Evidently does.
    assert.equal(report.columns.find((c) => c.name === 'x')?.method, 'wasserstein');
    assert.equal(report.columns.find((c) => c.name === 'c')?.method, 'jensenshannon');
    assert.equal(report.prediction.drift, false);
    assert.ok(report.performance.kind === 'estimated', 'a binary model without labels gets CBPE');
  });

  it('a mean shift of 0.5 std in x: x drifts, and only x', () => {
    const { report, columns } = drifted(csv(3000, 3, { shift: 0.5 }));
    assert.deepEqual(columns, ['x']);
    const x = report.columns.find((c) => c.name === 'x');
    assert.ok(x && (x.score as number) > 0.4 && (x.score as number) < 0.6, `Wasserstein / std ≈ 0.5: ${x?.score}`);
    assert.equal(report.datasetDrift, false, 'one column of four');
    assert.equal(drifted(csv(3000, 3, { shift: 0.5 }), { critical: ['x'] }).report.datasetDrift, true, 'unless x is critical');
  });

  it('a change of category shares: c drifts, and only c', () => {
    const { columns, report } = drifted(csv(3000, 4, { cShares: [0.2, 0.3, 0.5] }));
    assert.deepEqual(columns, ['c']);
    assert.ok((report.columns.find((c) => c.name === 'c')?.psi as number) >= 0.25, 'PSI alerts too');
  });

  it('30% nulls in z: a null-rate alert for z, and no drift', () => {
    const { report, columns } = drifted(csv(3000, 5, { zNulls: 0.3 }));
    assert.deepEqual(columns, []);
    assert.deepEqual(report.quality.filter((q) => q.grade !== 'ok').map((q) => [q.check, q.column, q.grade]), [['nullRate', 'z', 'alert']]);
    const z = report.columns.find((c) => c.name === 'z');
    assert.ok(z && Math.abs((z.nullRate as number) - 0.3) < 0.03 && z.referenceNullRate === 0 && z.grade === 'alert');
  });

  it('a new category in c: an unseen-category finding naming it', () => {
    const { report } = drifted(csv(3000, 6, { newCategory: 0.1 }));
    const finding = report.quality.find((q) => q.check === 'unseenCategories');
    assert.ok(finding && finding.column === 'c' && finding.grade === 'alert' && /'d'/.test(finding.sentence), finding?.sentence);
    assert.deepEqual(report.columns.find((c) => c.name === 'c')?.unseenLevels, ['d']);
    assert.deepEqual(report.quality.filter((q) => q.grade !== 'ok').map((q) => q.column), ['c']);
  });

  it('a dropped column: reported missing, alert, the others still checked', () => {
    const { report } = drifted(csv(3000, 7, { dropZ: true }));
    assert.deepEqual(report.quality.filter((q) => q.grade !== 'ok').map((q) => [q.check, q.column]), [['missingColumn', 'z']]);
    assert.equal(report.columns.find((c) => c.name === 'z')?.status, 'missing');
    assert.equal(report.grade, 'alert');
    assert.ok(report.columns.filter((c) => c.name !== 'z').every((c) => c.status === 'checked'));
  });

  it('labels: performance measured against the cross-validated score, windows of too few rows are insufficient', () => {
    const frame = csv(1000, 8);
    const { target, rows } = encodeTarget(pipeline.target, frame);
    const report = monitorData(inputFor(reference, pipeline, frame, { labels: { truth: truthOf(target), rows }, windows: { kind: 'rows', size: 450 } }));
    assert.ok(report.performance.kind === 'labels' && report.performance.status === 'checked' && report.performance.grade === 'ok', JSON.stringify(report.performance));
    assert.deepEqual(report.windows.map((w) => [w.label, w.rows, w.status]), [['rows 1-450', 450, 'checked'], ['rows 451-900', 450, 'checked'], ['rows 901-1000', 100, 'checked']]);
    const small = monitorData(inputFor(reference, pipeline, csv(60, 9)));
    assert.equal(small.columns.every((c) => c.status === 'insufficient' && c.score === null), true);
    assert.equal(small.grade, 'ok');
    assert.ok(!JSON.stringify(small).includes('NaN'));
  });

  it('empty and constant columns never throw', () => {
    const frame = csv(500, 10);
    const constant: Frame = { rowCount: frame.rowCount, columns: frame.columns.map((c) => (c.name === 'x' && c.storage === 'numeric' ? { ...c, values: new Float64Array(frame.rowCount).fill(1) } : c.name === 'z' && c.storage === 'numeric' ? { ...c, values: new Float64Array(frame.rowCount).fill(NaN) } : c)) };
    const report = monitorData(inputFor(reference, pipeline, constant));
    assert.equal(report.columns.find((c) => c.name === 'x')?.drift, true, 'a constant x is far from its training distribution');
    assert.equal(report.columns.find((c) => c.name === 'z')?.status, 'insufficient');
  });
});

describe('no false alarms on the public datasets', () => {
  for (const entry of readManifest()) {
    it(`${entry.name}: its holdout split against its training reference shows no dataset drift`, async () => {
      const split = readSplit(entry.name);
      const frame = (await readCsvFile(datasetFile(entry.name))).frame;
      const train = selectRows(frame, Uint32Array.from(split.train));
      const test = selectRows(frame, Uint32Array.from(split.test));
      const run = await runAutoML({ target: entry.target, task: entry.task, seed: 1, trials: 1, models: [entry.task === 'regression' ? 'linear' : 'naiveBayes'], explain: false, selection: 'off' }, train);
      const report = monitorData(inputFor(run.reference as MonitorReference, run.pipeline, test, { expectedExtra: [entry.target] }));
      assert.equal(report.datasetDrift, false, report.summary.join(' '));
    });
  }
});
