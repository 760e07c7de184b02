/**
 * Known answers from scikit-learn: make_fixtures.py (beside this file) wrote sklearnFixtures.json
 * with scikit-learn 1.2.1 (see its doc string for what each figure is).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyCalibration } from '../../../src/engine/calibration/applyCalibration';
import { calibrationData, fitCalibration } from '../../../src/engine/calibration/fitCalibration';
import type { IsotonicCalibration, PlattCalibration, TemperatureCalibration } from '../../../src/engine/calibration/types';

interface FixtureCase {
  readonly name: string;
  readonly classes: number;
  readonly proba: number[][];
  readonly codes: number[];
  readonly testProba: number[][];
  readonly isotonic: { classes: { thresholds: number[]; values: number[] }[]; testProba: number[][]; trainProba: number[][] };
  readonly platt: { sklearn: { a: number; b: number }[]; exact: { a: number; b: number }[]; sklearnTestProba: number[][] };
  readonly temperature: number;
}

const fixture: { source: string; cases: FixtureCase[] } = JSON.parse(readFileSync(join(process.cwd(), 'test', 'unit', 'calibration', 'sklearnFixtures.json'), 'utf8'));

/** Row-major rows as one array per class. */
function columns(rows: readonly (readonly number[])[]): Float64Array[] {
  return Array.from({ length: rows[0].length }, (_, c) => Float64Array.from(rows, (row) => row[c]));
}

function maxDiff(got: readonly Float64Array[], rows: readonly (readonly number[])[]): number {
  let max = 0;
  rows.forEach((row, i) => row.forEach((v, c) => (max = Math.max(max, Math.abs(got[c][i] - v)))));
  return max;
}

for (const c of fixture.cases) {
  describe(`calibration against scikit-learn: ${c.name} (${c.codes.length} rows, ${c.classes} classes)`, () => {
    const data = calibrationData(columns(c.proba), Int32Array.from(c.codes));

    it('isotonic: the same thresholds and values as IsotonicRegression, and the same probabilities as CalibratedClassifierCV, bit for bit', () => {
      const cal = fitCalibration('isotonic', data) as IsotonicCalibration;
      assert.deepEqual(cal.classes, c.isotonic.classes);
      const test = applyCalibration(cal, columns(c.testProba));
      const train = applyCalibration(cal, data.proba);
      const diff = Math.max(maxDiff(test, c.isotonic.testProba), maxDiff(train, c.isotonic.trainProba));
      // The same operations as numpy's interp and scikit-learn's renormalisation, in the same order: equal to the bit.
      assert.equal(diff, 0, `largest difference ${diff}`);
    });

    it('Platt: the exact optimum of _sigmoid_calibration\'s objective on logit(p), and scikit-learn\'s own fit within its tolerance', () => {
      const cal = fitCalibration('platt', data) as PlattCalibration;
      assert.equal(cal.classes.length, c.classes === 2 ? 1 : c.classes);
      cal.classes.forEach(({ a, b }, j) => {
        assert.ok(Math.abs(a - c.platt.exact[j].a) < 1e-9 && Math.abs(b - c.platt.exact[j].b) < 1e-9, `class entry ${j}: ${a}, ${b} vs ${JSON.stringify(c.platt.exact[j])}`);
        // scikit-learn's BFGS stops at a gradient of 1e-5.
        assert.ok(Math.abs(a - c.platt.sklearn[j].a) < 1e-6 && Math.abs(b - c.platt.sklearn[j].b) < 1e-6, `class entry ${j} vs scikit-learn`);
      });
      const diff = maxDiff(applyCalibration(cal, columns(c.testProba)), c.platt.sklearnTestProba);
      assert.ok(diff < 1e-6, `largest difference from CalibratedClassifierCV ${diff}`);
    });

    it('temperature: the T scipy\'s bounded search finds', () => {
      const cal = fitCalibration('temperature', data) as TemperatureCalibration;
      assert.ok(Math.abs(cal.temperature / c.temperature - 1) < 1e-6, `${cal.temperature} vs ${c.temperature}`);
    });
  });
}
