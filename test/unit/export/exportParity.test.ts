/**
 * Parity of exported modules with the engine: for every learner family and an ensemble, on real
 * datasets, the compiled module predicts every holdout row as the engine does (probabilities and
 * values within 1e-9, labels identical), from typed values and from the raw CSV text alike.
 */
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { calibrationData, fitCalibration, type FittedMethod } from '../../../src/engine/calibration/fitCalibration';
import { exportPipeline } from '../../../src/engine/export/exportPipeline';
import { learnerEmitter } from '../../../src/engine/export/learners/emitters';
import { listLearners } from '../../../src/engine/learners/index';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { encodeTarget } from '../../../src/engine/prep/targetSpec';
import type { Params } from '../../../src/engine/search/domain';
import { initTensorflow } from '../../../src/node/tfBackend';
import { checkParity } from './parityCheck';
import { fitOn, infoOf, parityData } from './parityFixtures';

const TOLERANCE = 1e-9;

const report: string[] = [];

function parityCase(dataset: string, learner: string, params: Params = {}) {
  it(`${learner} on ${dataset}`, async () => {
    const data = await parityData(dataset);
    const { maxDiff, bytes } = checkParity(data, fitOn(data, learner, params), TOLERANCE);
    report.push(`${dataset} ${learner}: max |diff| ${maxDiff.toExponential(2)}, ${(bytes / 1024).toFixed(1)} KiB`);
  });
}

describe('exported modules predict what the engine predicts', () => {
  before(async () => {
    await initTensorflow(() => undefined);
  });

  const fast = {
    gbdt: { numIterations: 60 },
    randomForest: { numTrees: 25 },
    extraTrees: { numTrees: 25 },
    mlp: { maxEpochs: 15, hiddenLayers: '16,8' },
  } as Readonly<Record<string, Params>>;
  const learners = ['gbdt', 'randomForest', 'extraTrees', 'logistic', 'knn', 'naiveBayes', 'mlp'];
  // titanic: free text, categories, missing ages; penguins: multiclass with categories and
  // missing values; seattle_weather: dates; concrete: regression.
  for (const learner of learners) parityCase('titanic', learner, fast[learner]);
  for (const learner of learners) parityCase('penguins', learner, fast[learner]);
  for (const learner of ['gbdt', 'randomForest', 'logistic']) parityCase('seattle_weather', learner, fast[learner]);
  for (const learner of ['gbdt', 'randomForest', 'extraTrees', 'linear', 'knn', 'mlp']) parityCase('concrete', learner, fast[learner]);

  it('an ensemble of four families on titanic', async () => {
    const data = await parityData('titanic');
    const parts = [
      { learner: 'gbdt', weight: 0.4 },
      { learner: 'logistic', weight: 0.3 },
      { learner: 'knn', weight: 0.2 },
      { learner: 'mlp', weight: 0.1 },
    ].map(({ learner, weight }) => ({ ...fitOn(data, learner, fast[learner]).members[0], weight }));
    const first = fitOn(data, 'naiveBayes');
    const ensemble = Pipeline.fromMembers(first.target, parts, first.trainedRows);
    const { maxDiff, bytes } = checkParity(data, ensemble, TOLERANCE);
    report.push(`titanic ensemble (${ensemble.describe()}): max |diff| ${maxDiff.toExponential(2)}, ${(bytes / 1024).toFixed(1)} KiB`);
  });

  it('an ensemble on concrete (regression)', async () => {
    const data = await parityData('concrete');
    const parts = [
      { learner: 'gbdt', weight: 0.5 },
      { learner: 'linear', weight: 0.25 },
      { learner: 'randomForest', weight: 0.25 },
    ].map(({ learner, weight }) => ({ ...fitOn(data, learner, fast[learner]).members[0], weight }));
    const ensemble = Pipeline.fromMembers(fitOn(data, 'linear').target, parts, data.train.rowCount);
    const { maxDiff } = checkParity(data, ensemble, TOLERANCE);
    report.push(`concrete ensemble: max |diff| ${maxDiff.toExponential(2)}`);
  });

  it('an ensemble of two kNN models writes their shared training data once', async () => {
    const data = await parityData('penguins');
    const parts = [5, 15].map((k) => ({ ...fitOn(data, 'knn', { k }).members[0], weight: 0.5 }));
    const ensemble = Pipeline.fromMembers(fitOn(data, 'knn').target, parts, data.train.rowCount);
    const source = exportPipeline(ensemble.toJSON(), infoOf(data, ensemble.describe()));
    const aliases = source.match(/^const \w+ = \w+; \/\/ the same values as \w+$/gm) ?? [];
    assert.ok(aliases.length >= 1, 'the second kNN model reuses the first one\'s training matrix');
    const { maxDiff } = checkParity(data, ensemble, TOLERANCE);
    report.push(`penguins kNN pair: ${aliases.length} shared arrays, max |diff| ${maxDiff.toExponential(2)}`);
  });

  // Calibrated pipelines: the calibration is fitted on the training rows' predictions (the run fits
  // it on out-of-fold ones; for parity only its shape matters: many isotonic thresholds, every
  // class). Learners whose own code is bit-exact, so the calibrated probabilities must be too.
  // A short GBDT on penguins is underconfident (T < 1, many isotonic steps); logistic regression
  // on titanic is near calibrated.
  const calibrated = [
    { dataset: 'titanic', learner: 'logistic', params: {} },
    { dataset: 'penguins', learner: 'gbdt', params: { numIterations: 8 } },
  ] as const;
  for (const { dataset, learner, params } of calibrated) {
    for (const method of ['platt', 'isotonic', 'temperature'] as const satisfies readonly FittedMethod[]) {
      it(`${method} calibration of ${learner} on ${dataset}, bit for bit`, async () => {
        const data = await parityData(dataset);
        const plain = fitOn(data, learner, params);
        const { target, rows } = encodeTarget(plain.target, data.train);
        const train = plain.predict(data.train).proba as Float64Array[];
        const codes = (target as { codes: Int32Array }).codes;
        const calibration = fitCalibration(method, calibrationData(train.map((column) => Float64Array.from(rows, (r) => column[r])), codes));
        const withCalibration = plain.withCalibration(calibration);
        const before = checkParity(data, plain, 0);
        const after = checkParity(data, withCalibration, 0);
        assert.equal(after.maxDiff, 0, 'calibrated probabilities are bit-identical');
        // Not the identity: the calibration changed the probabilities the module gives.
        const changed = withCalibration.predict(data.test).proba as Float64Array[];
        const moved = plain.predict(data.test).proba?.some((column, c) => column.some((p, i) => p !== changed[c][i]));
        assert.ok(moved, 'calibration changes some probability');
        assert.equal(after.mod.modelInfo.calibration, method);
        assert.match(after.source, /^ \* Calibration: .+ of the averaged probabilities/m);
        assert.equal(before.mod.modelInfo.calibration, undefined);
        const shape = calibration.method === 'temperature' ? `T ${calibration.temperature.toFixed(3)}` : calibration.method === 'isotonic' ? `${calibration.classes.map((c) => c.thresholds.length).join('/')} thresholds` : `a ${calibration.classes.map((c) => c.a.toFixed(2)).join('/')}`;
        report.push(`${dataset} ${learner} + ${method} ${shape}: max |diff| ${after.maxDiff.toExponential(2)}, ${(after.bytes / 1024).toFixed(1)} KiB`);
      });
    }
  }

  it('every registered learner has an exporter, and the parity cases cover each one', () => {
    const names = listLearners().map((l) => l.name);
    for (const name of names) assert.equal(typeof learnerEmitter(name), 'function', name);
    assert.throws(() => learnerEmitter('noSuchLearner'), /cannot be exported/);
    const covered = new Set(report.map((line) => line.split(' ')[1].replace(/:$/, '')));
    for (const name of names) assert.ok(covered.has(name), `no parity case for ${name}`);
  });

  it('reports', () => {
    console.log(report.join('\n'));
  });
});
