/**
 * The exported module's `REFERENCE`: the run's monitoring reference without its sample, as a
 * constant that compiles under --strict with no dependencies and reads back as the same data.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PLAIN_NUMBER_FORMAT, type Frame } from '../../../src/engine/data/frame';
import { exportPipeline } from '../../../src/engine/export/exportPipeline';
import { buildReference } from '../../../src/engine/monitor/buildReference';
import { compactReference } from '../../../src/engine/monitor/compactReference';
import type { MonitorReference } from '../../../src/engine/monitor/types';
import { profileFrame } from '../../../src/engine/profile/profileFrame';
import { foldScoresOf } from '../../../src/engine/robustness/assessRobustness';
import { getMetric } from '../../../src/engine/validate/metrics';
import { runFixture } from '../robustness/runFixture';
import { compileAndLoad, strictDiagnostics } from './compileModule';
import { assertFormatted } from './parityCheck';
import { infoOf, parityData } from './parityFixtures';

describe('the exported module\u2019s REFERENCE', () => {
  it('exports the compact reference of a titanic model, which reads back as the same data', async () => {
    const data = await parityData('titanic');
    const run = runFixture(data.train, data.target, 'logistic', {});
    const metric = getMetric('auc');
    const reference = buildReference({
      frame: data.train,
      rows: run.rows,
      target: data.target,
      task: 'binary',
      classes: run.classes,
      columns: run.pipeline.sourceColumns(),
      covered: run.covered,
      oof: run.oof,
      metric: { name: metric.name, higherIsBetter: true, score: metric.score(run.truth, run.oof), foldScores: foldScoresOf({ ...run, metric }) },
      seed: 7,
    });
    const source = exportPipeline(run.pipeline.toJSON(), { ...infoOf(data, run.pipeline.describe()), reference });
    assertFormatted(source, 'titanic with REFERENCE');
    assert.match(source, /^export const REFERENCE = \{$/m);
    assert.doesNotMatch(source, /^ *sample: /m, 'no row sample in the module');
    const mod = compileAndLoad<{ REFERENCE: MonitorReference }>(source);
    assert.deepEqual(mod.REFERENCE, JSON.parse(JSON.stringify(compactReference(reference))));
    assert.deepEqual(mod.REFERENCE.columns.map((c) => c.name), run.pipeline.sourceColumns());
    const plain = exportPipeline(run.pipeline.toJSON(), infoOf(data, run.pipeline.describe()));
    assert.doesNotMatch(plain, /REFERENCE/, 'no reference, no constant');
    console.log(`# REFERENCE adds ${source.length - plain.length} characters to the titanic module`);
  });

  it('writes any label and column name as a literal that reads back exactly', () => {
    const labels = ["it's", 'a "quote"', 'back\\slash', 'new\nline', 'tab\there', '\u00e9t\u00e9', '${not} a `template`'];
    const n = labels.length * 3;
    const frame: Frame = {
      rowCount: n,
      columns: [
        { name: "odd 'name'", storage: 'categorical', type: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => i % labels.length), dictionary: labels },
        { name: 'x', storage: 'numeric', type: 'float', values: Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? NaN : i / 3 - 1e-7)), format: PLAIN_NUMBER_FORMAT },
        { name: 'y', storage: 'numeric', type: 'float', values: Float64Array.from({ length: n }, (_, i) => ((i * 7) % 11) + 0.25), format: PLAIN_NUMBER_FORMAT },
      ],
    };
    const run = runFixture(frame, 'y', 'linear', {}, 1, 3);
    const reference = buildReference({
      frame,
      rows: run.rows,
      target: 'y',
      task: 'regression',
      columns: ["odd 'name'", 'x'],
      covered: run.covered,
      oof: run.oof,
      metric: { name: 'rmse', higherIsBetter: false, score: 0.5, foldScores: [0.4, 0.6] },
      seed: 1,
    });
    const source = exportPipeline(run.pipeline.toJSON(), {
      dataset: 'odd',
      columns: profileFrame(frame).columns,
      rows: n,
      model: 'linear',
      trainedAt: '2026-12-07T00:00:00.000Z',
      seed: 1,
      reference,
    });
    assert.deepEqual(strictDiagnostics(source), []);
    const mod = compileAndLoad<{ REFERENCE: MonitorReference }>(source);
    assert.deepEqual(mod.REFERENCE, JSON.parse(JSON.stringify(compactReference(reference))));
    const odd = mod.REFERENCE.columns.find((c) => c.name === "odd 'name'");
    assert.ok(odd?.kind === 'categorical');
    assert.deepEqual([...odd.levels].sort(), [...labels].sort());
  });
});
