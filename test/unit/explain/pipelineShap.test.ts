import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { Frame } from '../../../src/engine/data/frame';
import { selectRows } from '../../../src/engine/data/frame';
import { linearShap } from '../../../src/engine/explain/linearShap';
import { marginsToProbabilities } from '../../../src/engine/explain/linkAttribution';
import { explainPipeline, type PipelineShap, type ShapMethod } from '../../../src/engine/explain/pipelineShap';
import { reconstructed, type ShapValues } from '../../../src/engine/explain/shapTypes';
import type { GbdtModel } from '../../../src/engine/learners/gbdt/gbdt';
import { sigmoid, softmax } from '../../../src/engine/learners/outputs';
import type { LinearModel } from '../../../src/engine/learners/linear/model';
import { applyFeaturePlan } from '../../../src/engine/prep/featurePlan';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { initTensorflow } from '../../../src/node/tfBackend';
import { datasetFile } from '../../publicDatasets';

function close(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (tolerance ${tolerance})`);
}

/** base + sum(values) = output for every row and output. */
function assertAdditive(shap: ShapValues, tolerance: number, what: string): void {
  for (let o = 0; o < shap.base.length; o++) {
    for (let r = 0; r < shap.rows; r++) close(reconstructed(shap, o, r), shap.output[o][r], tolerance, `${what}: row ${r}, output ${o}`);
  }
}

const frames = new Map<string, Frame>();
async function dataset(name: string): Promise<Frame> {
  let frame = frames.get(name);
  if (!frame) frames.set(name, (frame = (await readCsvFile(datasetFile(name))).frame));
  return frame;
}

/** Every 4th row (the training side) and 25 others to explain. */
function split(frame: Frame): { train: Frame; explain: Frame } {
  const train = Uint32Array.from({ length: Math.ceil(frame.rowCount / 2) }, (_, i) => 2 * i);
  const explain = Uint32Array.from({ length: 25 }, (_, i) => 2 * i + 1);
  return { train: selectRows(frame, train), explain: selectRows(frame, explain) };
}

const CASES = [
  { dataset: 'titanic', target: 'survived', task: 'binary' },
  { dataset: 'penguins', target: 'species', task: 'multiclass' },
  { dataset: 'concrete', target: 'compressive_strength', task: 'regression' },
] as const;

const LEARNERS: Readonly<Record<string, Record<string, number | string>>> = {
  gbdt: { numIterations: 30, numLeaves: 8, minDataInLeaf: 5 },
  randomForest: { numTrees: 20 },
  extraTrees: { numTrees: 20 },
  linear: {},
  logistic: {},
  knn: {},
  naiveBayes: {},
  mlp: { hiddenLayers: '8', maxEpochs: 10 },
};

/** How each learner is explained: KernelSHAP only where no structure is usable. */
const METHODS: Readonly<Record<string, ShapMethod>> = {
  gbdt: 'treeShap',
  randomForest: 'treeShap',
  extraTrees: 'treeShap',
  linear: 'linear',
  logistic: 'linear',
  knn: 'kernelShap',
  naiveBayes: 'naiveBayes',
  mlp: 'deepShap',
};

/** The pipeline's own prediction in the explanation's output space. */
function expectedOutput(pipeline: Pipeline, frame: Frame, shap: PipelineShap): Float64Array[] {
  const prediction = pipeline.predict(frame);
  if (shap.space === 'value') return [prediction.values];
  const proba = prediction.proba as Float64Array[];
  const probabilities = proba.length === 2 ? [proba[1]] : proba;
  if (shap.space === 'probability') return probabilities;
  // Margins: their link gives the pipeline's probabilities.
  const fromMargins = shap.output.length === 1 ? [shap.output[0].map(sigmoid)] : softmax(shap.output);
  for (let o = 0; o < probabilities.length; o++) for (let r = 0; r < frame.rowCount; r++) close(fromMargins[o][r], probabilities[o][r], 1e-9, `link of output ${o}, row ${r}`);
  return shap.output;
}

before(async () => {
  await initTensorflow(() => undefined);
});

describe('explainPipeline: additivity for every learner', () => {
  for (const c of CASES) {
    for (const [learner, params] of Object.entries(LEARNERS)) {
      if ((learner === 'linear') !== (c.task === 'regression') && (learner === 'linear' || learner === 'logistic')) continue;
      if (learner === 'naiveBayes' && c.task === 'regression') continue;
      it(`${learner} on ${c.dataset} (${c.task})`, async () => {
        const { train, explain } = split(await dataset(c.dataset));
        const pipeline = Pipeline.fit(train, c.target, learner, params, { rng: new Rng(1) }, { task: c.task });
        const shap = explainPipeline(pipeline, explain, { background: train, seed: 3, kernelSamples: 512, derived: true });
        assert.equal(shap.members?.[0].method, METHODS[learner]);
        assert.equal(shap.rows, explain.rowCount);
        assert.equal(shap.base.length, c.task === 'multiclass' ? 3 : 1);
        assert.ok(!shap.features.includes(c.target), 'the target is not a feature');
        assertAdditive(shap, 1e-6, `${learner}/${c.dataset}`);
        const expected = expectedOutput(pipeline, explain, shap);
        for (let o = 0; o < expected.length; o++) for (let r = 0; r < explain.rowCount; r++) close(shap.output[o][r], expected[o][r], 1e-9, `output ${o} row ${r}`);
      });
    }
  }

  for (const c of CASES) {
    it(`an ensemble on ${c.dataset} is additive in ${c.task === 'regression' ? 'value' : 'probability'} space`, async () => {
      const { train, explain } = split(await dataset(c.dataset));
      const fit = (learner: string) => Pipeline.fit(train, c.target, learner, LEARNERS[learner], { rng: new Rng(2) }, { task: c.task }).members[0];
      const members = [fit('gbdt'), fit('randomForest'), fit(c.task === 'regression' ? 'linear' : 'logistic'), fit('knn')];
      const weights = [0.4, 0.3, 0.2, 0.1];
      const pipeline = Pipeline.fromMembers(
        Pipeline.fit(train, c.target, 'gbdt', LEARNERS.gbdt, { rng: new Rng(2) }, { task: c.task }).target,
        members.map((m, i) => ({ ...m, weight: weights[i] })),
        train.rowCount,
      );
      const shap = explainPipeline(pipeline, explain, { background: train, seed: 4, kernelSamples: 512, derived: true });
      assert.equal(shap.space, c.task === 'regression' ? 'value' : 'probability');
      assertAdditive(shap, 1e-6, `ensemble/${c.dataset}`);
      const expected = expectedOutput(pipeline, explain, shap);
      for (let o = 0; o < expected.length; o++) for (let r = 0; r < explain.rowCount; r++) close(shap.output[o][r], expected[o][r], 1e-9, `output ${o} row ${r}`);
      assert.deepEqual(
        shap.members?.map((m) => m.method),
        ['treeShap', 'treeShap', 'linear', 'kernelShap'],
      );
    });
  }
});

describe('explainPipeline: attribution to original columns', () => {
  it('sums derived features (one-hot children, missing indicators) into their source column', async () => {
    const { train, explain } = split(await dataset('titanic'));
    const pipeline = Pipeline.fit(train, 'survived', 'logistic', {}, { rng: new Rng(1) });
    const shap = explainPipeline(pipeline, explain, { derived: true });
    const member = shap.members?.[0];
    assert.ok(member);
    const plan = pipeline.members[0].plan;
    const width = shap.features.length;
    const derivedWidth = member.shap.features.length;
    assert.ok(derivedWidth > width, `the dense plan has more features (${derivedWidth}) than columns (${width})`);
    for (let r = 0; r < shap.rows; r++) {
      shap.features.forEach((column, j) => {
        let sum = 0;
        member.shap.features.forEach((feature, f) => {
          if (plan.features[f].source === column) sum += member.shap.values[0][r * derivedWidth + f];
          assert.equal(plan.features[f].name, feature);
        });
        close(shap.values[0][r * width + j], sum, 1e-12, `row ${r}, column ${column}`);
      });
    }
  });

  it('gives a column no tree splits on exactly zero', async () => {
    const { train, explain } = split(await dataset('titanic'));
    // One stump: a single split, on one column at most.
    const pipeline = Pipeline.fit(train, 'survived', 'gbdt', { numIterations: 1, numLeaves: 2, minDataInLeaf: 5 }, { rng: new Rng(1) });
    const shap = explainPipeline(pipeline, explain);
    const nonZero = shap.features.filter((_, j) => shap.values[0].some((v, i) => i % shap.features.length === j && v !== 0));
    const { plan, model } = pipeline.members[0];
    const splitFeature = (model as GbdtModel).trees[0].feature[0];
    assert.deepEqual(nonZero, [plan.features[splitFeature].source], 'only the split column has values');
  });
});

describe('linearShap', () => {
  it('equals w_j (x_j - mean_j) with the training means, and the base is the output at the mean', async () => {
    const { train, explain } = split(await dataset('concrete'));
    const pipeline = Pipeline.fit(train, 'compressive_strength', 'linear', {}, { rng: new Rng(1) });
    const { plan, model } = pipeline.members[0];
    const x = applyFeaturePlan(plan, explain);
    const linear = model as LinearModel;
    const shap = linearShap(linear, x);
    // Means by hand over the training rows' features.
    const xTrain = applyFeaturePlan(plan, train);
    const width = x.columns.length;
    for (let j = 0; j < width; j++) {
      const trainValues = (xTrain.columns[j] as { values: Float64Array }).values;
      const mean = trainValues.reduce((a, b) => a + b, 0) / trainValues.length;
      const w = linear.coefficients[0][j];
      const values = (x.columns[j] as { values: Float64Array }).values;
      for (let r = 0; r < x.rows; r++) close(shap.values[0][r * width + j], w * (values[r] - mean), 1e-9, `feature ${j}, row ${r}`);
    }
    assertAdditive(shap, 1e-9, 'linear');
  });
});

describe('marginsToProbabilities', () => {
  const randomShap = (rng: Rng, outputs: number, scale: number): ShapValues => {
    const rows = 40;
    const features = 6;
    const base = Float64Array.from({ length: outputs }, () => rng.normal());
    const values = Array.from({ length: outputs }, () => Float64Array.from({ length: rows * features }, () => scale * rng.normal()));
    const output = values.map((v, o) => Float64Array.from({ length: rows }, (_, r) => base[o] + v.subarray(r * features, (r + 1) * features).reduce((a, b) => a + b, 0)));
    return { space: 'margin', features: ['a', 'b', 'c', 'd', 'e', 'f'], rows, base, values, output };
  };

  it('binary: additive in probability space, proportional to the margin values', () => {
    const rng = new Rng(5);
    for (const scale of [0.01, 1, 10]) {
      const margin = randomShap(rng, 1, scale);
      const p = marginsToProbabilities(margin);
      assert.equal(p.space, 'probability');
      close(p.base[0], sigmoid(margin.base[0]), 1e-15, 'base');
      assertAdditive(p, 1e-12, `scale ${scale}`);
      for (let r = 0; r < p.rows; r++) close(p.output[0][r], sigmoid(margin.output[0][r]), 1e-15, 'output');
      // One factor per row: signs and ratios of the margin values are kept.
      for (let i = 0; i < p.values[0].length; i++) assert.ok(Math.sign(p.values[0][i]) === Math.sign(margin.values[0][i]) || p.values[0][i] === 0);
    }
  });

  it('multiclass: additive for small and very large margin steps, outputs are the softmax', () => {
    const rng = new Rng(6);
    for (const scale of [0.01, 1, 20]) {
      const margin = randomShap(rng, 4, scale);
      const p = marginsToProbabilities(margin);
      assertAdditive(p, 1e-12, `scale ${scale}`);
      const expected = softmax(margin.output);
      for (let o = 0; o < 4; o++) for (let r = 0; r < p.rows; r++) close(p.output[o][r], expected[o][r], 1e-15, 'softmax');
    }
  });

  it('multiclass: close to the exact path integral before the residual fix (first-order for small steps)', () => {
    const rng = new Rng(7);
    const margin = randomShap(rng, 3, 1e-4);
    const p = marginsToProbabilities(margin);
    // For tiny steps the attribution is the Jacobian at the base times the margin values.
    const base = softmax(Array.from(margin.base, (b) => Float64Array.of(b))).map((a) => a[0]);
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 12; i++) {
        let expected = 0;
        for (let k = 0; k < 3; k++) expected += base[c] * ((c === k ? 1 : 0) - base[k]) * margin.values[k][i];
        close(p.values[c][i], expected, 1e-7, `class ${c}, value ${i}`);
      }
    }
  });
});
