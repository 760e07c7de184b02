import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { applyCalibration } from '../../../src/engine/calibration/applyCalibration';
import type { Calibration } from '../../../src/engine/calibration/types';
import { readCsvBytes } from '../../../src/engine/data/csvReader';
import '../../../src/engine/learners/index';
import { argmax } from '../../../src/engine/learners/outputs';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';

const frameOf = (text: string) => readCsvBytes(new TextEncoder().encode(text)).frame;

/** 120 rows: two numbers, a colour, a 3-class label and a numeric target. */
const frame = frameOf(
  'x,y,colour,label,amount\n' +
    Array.from({ length: 120 }, (_, i) => {
      const x = Math.sin(i * 1.7) * 3;
      const y = Math.cos(i * 0.9) * 2;
      const label = x + y > 1 ? 'high' : x - y < -1 ? 'low' : 'mid';
      return `${x.toFixed(3)},${y.toFixed(3)},${['red', 'green', 'blue'][i % 3]},${label},${(2 * x - y + (i % 5)).toFixed(2)}`;
    }).join('\n'),
);
const binaryFrame = frameOf(
  'x,y,label\n' + Array.from({ length: 80 }, (_, i) => `${Math.sin(i) * 2},${Math.cos(i * 1.3)},${Math.sin(i) + 0.3 * Math.cos(i * 7) > 0 ? 'yes' : 'no'}`).join('\n'),
);

const fit = (target: string, learner: string, data = frame) => Pipeline.fit(data, target, learner, {}, { rng: new Rng(3) });

const CALIBRATIONS: readonly [string, Calibration][] = [
  ['platt', { method: 'platt', classes: [{ a: 0.5, b: 0.1 }, { a: 1.5, b: -0.2 }, { a: 0.8, b: 0 }] }],
  ['isotonic', { method: 'isotonic', classes: [0, 1, 2].map(() => ({ thresholds: [0.1, 0.4, 0.9], values: [0.05, 0.3, 0.95] })) }],
  ['temperature', { method: 'temperature', temperature: 1.7 }],
];

describe('a pipeline with a calibration', () => {
  for (const [name, calibration] of CALIBRATIONS) {
    it(`${name}: predict applies it to the averaged probabilities, and the label follows the calibrated ones`, () => {
      const plain = fit('label', 'logistic');
      const calibrated = plain.withCalibration(calibration);
      assert.equal(plain.calibration, undefined, 'withCalibration returns a new pipeline');
      const before = plain.predict(frame);
      const after = calibrated.predict(frame);
      assert.deepEqual(after.proba, applyCalibration(calibration, before.proba as Float64Array[]));
      assert.deepEqual(after.values, argmax(after.proba as Float64Array[]));
      assert.deepEqual(after.classes, before.classes);
      assert.notDeepEqual(after.proba, before.proba);
    });

    it(`${name}: survives model.json (toJSON, JSON text, load) and predicts the same bits`, () => {
      const calibrated = fit('label', 'gbdt').withCalibration(calibration);
      const saved = calibrated.toJSON();
      assert.equal(saved.version, 2);
      assert.deepEqual(saved.calibration, calibration);
      const loaded = Pipeline.load(JSON.parse(JSON.stringify(saved)));
      assert.deepEqual(loaded.calibration, calibration);
      assert.deepEqual(loaded.predict(frame), calibrated.predict(frame));
    });
  }

  it('binary: one entry for the positive class, class 0 is 1 − p', () => {
    const plain = fit('label', 'logistic', binaryFrame);
    const calibrated = plain.withCalibration({ method: 'platt', classes: [{ a: 0.7, b: 0.2 }] });
    const p = calibrated.predict(binaryFrame).proba as Float64Array[];
    for (let i = 0; i < p[0].length; i++) assert.equal(p[0][i], 1 - p[1][i]);
    assert.throws(() => plain.withCalibration(CALIBRATIONS[0][1]), /needs 1 entry/);
  });

  it('without a calibration writes no calibration field, so older readers see the same model.json', () => {
    const plain = fit('label', 'logistic');
    assert.equal('calibration' in plain.toJSON(), false);
    const removed = plain.withCalibration(CALIBRATIONS[2][1]).withCalibration(undefined);
    assert.equal('calibration' in removed.toJSON(), false);
    assert.deepEqual(removed.predict(frame), plain.predict(frame));
    // fromMembers builds an uncalibrated pipeline (an ensemble's calibration is fitted afterwards).
    const rebuilt = Pipeline.fromMembers(plain.target, plain.members, plain.trainedRows);
    assert.equal(rebuilt.calibration, undefined);
  });

  it('refuses a calibration on regression, for another class count, or malformed in model.json', () => {
    const regression = fit('amount', 'linear');
    assert.throws(() => regression.withCalibration({ method: 'temperature', temperature: 2 }), RangeError);
    const saved = fit('label', 'logistic').toJSON();
    assert.throws(() => Pipeline.load({ ...saved, calibration: { method: 'platt', classes: [{ a: 1, b: 0 }] } }), /needs 3 entries/);
    assert.throws(() => Pipeline.load({ ...saved, calibration: { method: 'temperature', temperature: -1 } }), RangeError);
    assert.throws(() => Pipeline.load({ ...regression.toJSON(), calibration: { method: 'temperature', temperature: 2 } }), /regression/);
  });
});
