/**
 * Engineered features read two columns, and everything that maps features to columns knows it:
 * the columns a plan and a pipeline read, the input fields (of the exported module and of data
 * read for a model), and explanations, where a two-column feature's SHAP values are split equally
 * between its columns (per-row sums, and so additivity, unchanged) for tree and KernelSHAP members.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { selectRows, type Frame } from '../../../src/engine/data/frame';
import { explainPipeline, type PipelineShap } from '../../../src/engine/explain/pipelineShap';
import { reconstructed } from '../../../src/engine/explain/shapTypes';
import { getLearner } from '../../../src/engine/learners/index';
import type { Params } from '../../../src/engine/search/domain';
import { applyFeaturePlan, fitTransformFeatures, planSources, type EngineeringRequest, type FeaturePlan } from '../../../src/engine/prep/featurePlan';
import { inputFields } from '../../../src/engine/prep/inputFields';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { encodeTarget, fitTargetSpec } from '../../../src/engine/prep/targetSpec';
import { profileFrame } from '../../../src/engine/profile/profileFrame';
import { Rng } from '../../../src/engine/random';
import { readModelInput, runInputFields } from '../../../src/node/modelInput';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { cat, dates, frameOf, num } from './frames';

const N = 240;
const GROUPS = ['p', 'q', 'r', 's'];

/** y depends on a / b, on a against its group's level and on the month; gaps and zero denominators included. */
function makeFrame(): Frame {
  const a = Array.from({ length: N }, (_, i) => (i % 23 === 0 ? NaN : 5 + ((i * 37) % 50)));
  const b = Array.from({ length: N }, (_, i) => (i % 9 === 0 ? 0 : 1 + ((i * 11) % 7)));
  const g = Array.from({ length: N }, (_, i) => (i % 31 === 0 ? undefined : GROUPS[(i * 5) % 4]));
  const when = Array.from({ length: N }, (_, i) => Date.UTC(2022, (i * 7) % 12, 1 + (i % 27)));
  const y = a.map((v, i) => (Number.isNaN(v) ? 3 : b[i] === 0 ? 0 : v / b[i]) + (g[i] === 'q' ? 4 : 0) + Math.sin((2 * Math.PI * ((i * 7) % 12)) / 12) * 3);
  return frameOf(num('a', a), num('b', b), cat('g', g), dates('d', when), num('y', y));
}

const ENGINEER: readonly EngineeringRequest[] = [
  { kind: 'pair', op: 'ratio', a: 'a', b: 'b' },
  { kind: 'groupStat', value: 'a', by: 'g', op: 'ratio' },
  { kind: 'cyclical', column: 'd', part: 'month' },
];

const GBDT: Params = { numIterations: 30, numLeaves: 8, minDataInLeaf: 5 };

function split(): { train: Frame; explain: Frame } {
  const frame = makeFrame();
  return {
    train: selectRows(frame, Uint32Array.from({ length: N / 2 }, (_, i) => 2 * i)),
    explain: selectRows(frame, Uint32Array.from({ length: 30 }, (_, i) => 2 * i + 1)),
  };
}

/**
 * A pipeline whose plan has the engineered features but not the own features of `only` columns:
 * they are read only through the engineered features (as after a feature selection that kept
 * `a / b` but not `b`).
 */
function pipelineWithout(train: Frame, mode: FeaturePlan['mode'], learner: string, params: Params, only: readonly string[]): Pipeline {
  const spec = fitTargetSpec(train, 'y', 'regression');
  const { target } = encodeTarget(spec, train);
  const fitted = fitTransformFeatures(train, { mode, exclude: ['y'], engineer: ENGINEER });
  const plan: FeaturePlan = { ...fitted.plan, features: fitted.plan.features.filter((f) => 'sources' in f || f.kind === 'cyclical' || !only.includes(f.source)) };
  const model = getLearner(learner).fit(applyFeaturePlan(plan, train), target, params, { rng: new Rng(1) });
  return Pipeline.fromMembers(spec, [{ weight: 1, plan, model }], train.rowCount);
}

function assertAdditive(shap: PipelineShap, tolerance: number): void {
  for (let r = 0; r < shap.rows; r++) {
    const sum = reconstructed(shap, 0, r);
    assert.ok(Math.abs(sum - shap.output[0][r]) <= tolerance, `row ${r}: base + values ${sum} vs output ${shap.output[0][r]}`);
  }
}

/** SHAP value of `name` in row `r` of a (member's or the pipeline's) explanation. */
function valueOf(shap: { features: readonly string[]; values: readonly Float64Array[] }, name: string, r: number): number {
  const j = shap.features.indexOf(name);
  assert.ok(j >= 0, `no '${name}' among ${shap.features.join(', ')}`);
  return shap.values[0][r * shap.features.length + j];
}

describe('columns read by engineered features', () => {
  it('are sources of the plan and the pipeline, and input fields of their type', () => {
    const { train } = split();
    const pipeline = pipelineWithout(train, 'native', 'gbdt', GBDT, ['b', 'g', 'd']);
    const plan = pipeline.members[0].plan;
    assert.ok(!plan.features.some((f) => f.source === 'b' && !('sources' in f)), 'b has no feature of its own');
    assert.deepEqual(planSources(plan), ['a', 'b', 'g', 'd']);
    assert.deepEqual(pipeline.sourceColumns(), ['a', 'b', 'g', 'd']);
    const fields = inputFields(pipeline, profileFrame(train).columns);
    assert.deepEqual(fields.map((f) => [f.name, f.kind, f.optional]), [
      ['a', 'number', true],
      ['b', 'number', false],
      ['g', 'category', true],
      ['d', 'date', false],
    ]);
    // Without a profile, fields are typed by what the plan does with the column.
    assert.deepEqual(inputFields(pipeline, []).map((f) => f.kind), ['number', 'number', 'category', 'date']);
  });

  it('are read as in training for an existing model (automl predict), even a column used only by `a / b`', async () => {
    const { train } = split();
    const pipeline = pipelineWithout(train, 'native', 'gbdt', GBDT, ['b']);
    const dir = mkdtempSync(join(tmpdir(), 'automl-engineered-'));
    writeFileSync(join(dir, 'profile.json'), JSON.stringify(profileFrame(train)));
    const fields = await runInputFields(dir, pipeline);
    assert.deepEqual(fields.find((f) => f.name === 'b')?.kind, 'number');
    // In these rows b holds only 0 and 1: inferred afresh it would be a boolean column.
    const file = join(dir, 'new.csv');
    writeFileSync(file, 'a,b,g,d\n10,1,p,2022-03-01\n12,0,q,2022-07-09\n,1,,2022-11-30\n');
    assert.notEqual((await readCsvFile(file)).frame.columns.find((c) => c.name === 'b')?.storage, 'numeric');
    const { frame } = await readModelInput({ kind: 'csv', path: file }, fields);
    assert.equal(frame.columns.find((c) => c.name === 'b')?.storage, 'numeric');
    const predicted = pipeline.predict(frame).values;
    assert.equal(predicted.length, 3);
    assert.ok(predicted.every(Number.isFinite));
  });
});

describe('SHAP values of engineered features', () => {
  it('tree model: split equally between their two columns, additivity preserved', () => {
    const { train, explain } = split();
    const pipeline = Pipeline.fit(train, 'y', 'gbdt', GBDT, { rng: new Rng(1) }, { task: 'regression', engineer: ENGINEER });
    const shap = explainPipeline(pipeline, explain, { derived: true });
    assert.deepEqual(shap.features, ['a', 'b', 'g', 'd']);
    assertAdditive(shap, 1e-9);
    const predicted = pipeline.predict(explain).values;
    for (let r = 0; r < explain.rowCount; r++) assert.ok(Math.abs(shap.output[0][r] - predicted[r]) <= 1e-9);
    const own = shap.members?.[0].shap;
    assert.ok(own && own.features.includes('a / b') && own.features.includes('a / mean(a by g)'));
    assert.ok(own.features.includes('sin(month of d)') && own.features.includes('cos(month of d)'));
    let pairMatters = false;
    for (let r = 0; r < explain.rowCount; r++) {
      const pair = valueOf(own, 'a / b', r);
      const group = valueOf(own, 'a / mean(a by g)', r);
      pairMatters ||= pair !== 0;
      const dateParts = own.features.filter((f) => f.startsWith('d.') || f.endsWith('of d)')).reduce((s, f) => s + valueOf(own, f, r), 0);
      const expected = {
        a: valueOf(own, 'a', r) + pair / 2 + group / 2,
        b: valueOf(own, 'b', r) + pair / 2,
        g: valueOf(own, 'g', r) + group / 2,
        d: dateParts,
      };
      for (const [column, value] of Object.entries(expected)) {
        assert.ok(Math.abs(valueOf(shap, column, r) - value) <= 1e-12, `row ${r}, ${column}: ${valueOf(shap, column, r)} vs ${value}`);
      }
    }
    assert.ok(pairMatters, 'the model uses a / b');
  });

  it('tree model: a column read only through `a / b` gets exactly half of its value', () => {
    const { train, explain } = split();
    const pipeline = pipelineWithout(train, 'native', 'gbdt', GBDT, ['b']);
    const shap = explainPipeline(pipeline, explain, { derived: true });
    assert.deepEqual(shap.features, ['a', 'b', 'g', 'd']);
    assertAdditive(shap, 1e-9);
    const own = shap.members?.[0].shap;
    assert.ok(own && !own.features.includes('b'));
    for (let r = 0; r < explain.rowCount; r++) assert.equal(valueOf(shap, 'b', r), valueOf(own, 'a / b', r) / 2, `row ${r}`);
  });

  it('KernelSHAP members play the source columns, both columns of a pair among them', () => {
    const { train, explain } = split();
    const pipeline = pipelineWithout(train, 'dense', 'knn', { k: 5 }, ['b']);
    const shap = explainPipeline(pipeline, selectRows(explain, Uint32Array.from({ length: 8 }, (_, i) => i)), { background: train, backgroundSize: 16, kernelSamples: 256, seed: 2, derived: true });
    assert.equal(shap.members?.[0].method, 'kernelShap');
    // The plan's columns in first-use order: b first appears with `a / b`, after g's and d's own features.
    assert.deepEqual(shap.members?.[0].shap.features, ['a', 'g', 'd', 'b']);
    assert.deepEqual(shap.features, ['a', 'b', 'g', 'd']);
    assertAdditive(shap, 1e-6);
    let bMatters = false;
    for (let r = 0; r < shap.rows; r++) bMatters ||= Math.abs(valueOf(shap, 'b', r)) > 1e-9;
    assert.ok(bMatters, 'b moves the prediction through a / b');
  });
});
