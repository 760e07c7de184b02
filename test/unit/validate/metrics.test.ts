import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Rng } from '../../../src/engine/random';
import { defaultMetric, getMetric, isMetricName, METRICS, metricsFor } from '../../../src/engine/validate/metrics';
import type { MetricName } from '../../../src/engine/validate/types';
import {
  binaryPrediction,
  classTruth,
  close,
  labelPrediction,
  rowsPrediction,
  valuesPrediction,
  valuesTruth,
  weights,
} from './metricHelpers';

const score = (name: MetricName, ...args: Parameters<(typeof METRICS)['auc']['score']>): number => getMetric(name).score(...args);

describe('metric registry', () => {
  it('has every metric name, each object naming itself', () => {
    const names: MetricName[] = ['auc', 'logLoss', 'accuracy', 'balancedAccuracy', 'f1Macro', 'f1Weighted', 'precision', 'recall', 'rmse', 'mae', 'r2', 'mape'];
    assert.deepEqual(Object.keys(METRICS).sort(), [...names].sort());
    for (const name of names) {
      assert.equal(getMetric(name).name, name);
      assert.ok(getMetric(name).label.length > 0);
      assert.ok(isMetricName(name));
    }
  });

  it('rejects an unknown name with a RangeError that lists the valid ones', () => {
    assert.throws(() => getMetric('f1'), (e: unknown) => e instanceof RangeError && /unknown metric 'f1'/.test(e.message) && /auc, logLoss/.test(e.message));
    assert.throws(() => getMetric('toString'), RangeError);
    assert.equal(isMetricName('constructor'), false);
  });

  it('chooses the default metric per task', () => {
    assert.equal(defaultMetric('binary').name, 'auc');
    assert.equal(defaultMetric('multiclass').name, 'logLoss');
    assert.equal(defaultMetric('regression').name, 'rmse');
    assert.throws(() => defaultMetric('ranking' as never), RangeError);
  });

  it('lists the metrics of each task', () => {
    assert.deepEqual(metricsFor('regression').map((m) => m.name), ['rmse', 'mae', 'r2', 'mape']);
    const classification = ['auc', 'logLoss', 'accuracy', 'balancedAccuracy', 'f1Macro', 'f1Weighted', 'precision', 'recall'];
    assert.deepEqual(metricsFor('binary').map((m) => m.name), classification);
    assert.deepEqual(metricsFor('multiclass').map((m) => m.name), classification);
  });

  it('says which way is better', () => {
    const lower = Object.values(METRICS).filter((m) => !m.higherIsBetter).map((m) => m.name).sort();
    assert.deepEqual(lower, ['logLoss', 'mae', 'mape', 'rmse']);
  });
});

describe('auc', () => {
  it('counts correctly ordered positive/negative pairs', () => {
    // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4 -> 3/4.
    close(score('auc', classTruth(2, [0, 0, 1, 1]), binaryPrediction([0.1, 0.4, 0.35, 0.8])), 0.75);
  });

  it('counts a tie as half a pair', () => {
    // Positives 0.5, 0.9; negatives 0.5, 0.2: (0.5 vs 0.5) 1/2 + (0.5 vs 0.2) 1 + (0.9 vs both) 2 = 3.5 of 4.
    close(score('auc', classTruth(2, [0, 1, 0, 1]), binaryPrediction([0.5, 0.5, 0.2, 0.9])), 0.875);
    // Every score equal: every pair ties.
    close(score('auc', classTruth(2, [0, 1, 0, 1]), binaryPrediction([0.3, 0.3, 0.3, 0.3])), 0.5);
  });

  it('weighs pairs by the product of their weights', () => {
    // Weights neg 0.1:1, neg 0.4:2, pos 0.35:3, pos 0.8:1. Correct pairs: 0.35>0.1 (3*1) + 0.8>0.1 (1*1)
    // + 0.8>0.4 (1*2) = 6; all pairs (3+1)*(1+2) = 12 -> 0.5.
    close(score('auc', classTruth(2, [0, 0, 1, 1]), binaryPrediction([0.1, 0.4, 0.35, 0.8]), weights([1, 2, 3, 1])), 0.5);
    // A zero weight removes the row: without the 0.4 negative every pair is correct.
    close(score('auc', classTruth(2, [0, 0, 1, 1]), binaryPrediction([0.1, 0.4, 0.35, 0.8]), weights([1, 0, 3, 1])), 1);
  });

  it('is NaN when the truth holds one class (scikit-learn raises; callers decide)', () => {
    assert.ok(Number.isNaN(score('auc', classTruth(2, [1, 1, 1]), binaryPrediction([0.2, 0.5, 0.9]))));
    // Negatives present but weighing nothing.
    assert.ok(Number.isNaN(score('auc', classTruth(2, [0, 1, 1]), binaryPrediction([0.2, 0.5, 0.9]), weights([0, 1, 1]))));
    assert.ok(Number.isNaN(score('auc', classTruth(3, [2, 2]), rowsPrediction([[0.2, 0.2, 0.6], [0.1, 0.1, 0.8]]))));
  });

  it('is NaN for a NaN score and handles infinite scores', () => {
    assert.ok(Number.isNaN(score('auc', classTruth(2, [0, 1]), binaryPrediction([0.2, NaN]))));
    const truth = classTruth(2, [0, 1, 0, 1]);
    const prediction = { kind: 'classification' as const, proba: [new Float64Array(4), Float64Array.from([-Infinity, Infinity, Infinity, 0])] };
    // Positives Inf, 0; negatives -Inf, Inf: (Inf vs -Inf) 1 + (Inf vs Inf) 1/2 + (0 vs -Inf) 1 = 2.5 of 4.
    close(getMetric('auc').score(truth, prediction), 0.625);
  });

  it('gives the same answer through the weighted and unweighted paths', () => {
    // Unit weights take the comparator-sorted weighted path; no weights the two-array merge.
    const rng = new Rng(5);
    for (let trial = 0; trial < 10; trial++) {
      const rows = 50 + rng.int(100);
      const truth = classTruth(2, Array.from({ length: rows }, () => rng.int(2)));
      // Scores on a coarse grid, with infinities and signed zeros, so ties are common.
      const grid = [-Infinity, -0, 0, 0.25, 0.5, 0.75, Infinity];
      const prediction = binaryPrediction(Array.from({ length: rows }, () => grid[rng.int(grid.length)]));
      close(score('auc', truth, prediction, new Float64Array(rows).fill(1)), score('auc', truth, prediction));
    }
  });

  it('macro-averages one-vs-rest AUCs for multiclass', () => {
    // Class 0 scores [.6,.2,.1,.3], positive row 0 beats all -> 1. Class 1 scores [.3,.5,.2,.4], row 1
    // beats all -> 1. Class 2 scores [.1,.3,.7,.3], positives .7 and .3 against .1 and .3:
    // 1 + 1 + 1 + 1/2 = 3.5 of 4. Mean (1 + 1 + 0.875) / 3 = 0.958333...
    const proba = [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.1, 0.2, 0.7],
      [0.3, 0.4, 0.3],
    ];
    close(score('auc', classTruth(3, [0, 1, 2, 2]), rowsPrediction(proba)), 2.875 / 3);
  });

  it('averages over the classes present in the truth only', () => {
    // Class 2 is absent. Class 0 scores [.6,.3,.5,.1] positives .6,.5 vs .3,.1 -> 1.
    // Class 1 scores [.3,.3,.2,.8] positives .3,.8 vs .3,.2: 1/2 + 1 + 1 + 1 = 3.5 of 4. Mean 0.9375.
    const proba = [
      [0.6, 0.3, 0.1],
      [0.3, 0.3, 0.4],
      [0.5, 0.2, 0.3],
      [0.1, 0.8, 0.1],
    ];
    close(score('auc', classTruth(3, [0, 1, 0, 1]), rowsPrediction(proba)), 0.9375);
  });
});

describe('logLoss', () => {
  it('is the mean negative log probability of the true class', () => {
    // Row 0 is class 1 with p1 0.8; row 1 is class 0 with p0 0.7: (-ln 0.8 - ln 0.7) / 2.
    close(score('logLoss', classTruth(2, [1, 0]), binaryPrediction([0.8, 0.3])), -(Math.log(0.8) + Math.log(0.7)) / 2);
  });

  it('weighs rows', () => {
    // (3 * -ln 0.8 + 1 * -ln 0.7) / 4.
    close(score('logLoss', classTruth(2, [1, 0]), binaryPrediction([0.8, 0.3]), weights([3, 1])), -(3 * Math.log(0.8) + Math.log(0.7)) / 4);
  });

  it('clips certain wrong answers to 1e-15', () => {
    // The true class gets probability 0, clipped to 1e-15; the row sums to (1 - 1e-15) + 1e-15 = 1.
    close(score('logLoss', classTruth(2, [0, 1]), binaryPrediction([1, 0])), -Math.log(1e-15), 1e-12);
    // A certain right answer costs -ln(1 - 1e-15), about 1e-15.
    close(score('logLoss', classTruth(2, [1]), binaryPrediction([1])), -Math.log(1 - 1e-15), 1e-12);
  });

  it('renormalises rows that do not sum to 1', () => {
    // [0.2, 0.2, 0.2] sums to 0.6: the true class has 0.2 / 0.6 = 1/3, the loss is ln 3.
    close(score('logLoss', classTruth(3, [1]), rowsPrediction([[0.2, 0.2, 0.2]])), Math.log(3));
  });
});

describe('label metrics', () => {
  it('accuracy counts the most probable class, the first on ties', () => {
    // Predicted [0, 1, 1, 1] (row 0 ties 0.5/0.5 and takes class 0) against [0, 1, 2, 1]: 3 of 4.
    const proba = [
      [0.5, 0.5, 0],
      [0.1, 0.8, 0.1],
      [0.2, 0.5, 0.3],
      [0.3, 0.4, 0.3],
    ];
    close(score('accuracy', classTruth(3, [0, 1, 2, 1]), rowsPrediction(proba)), 0.75);
    // Weights [1, 1, 2, 0]: right rows weigh 1 + 1 + 0, all rows 4 -> 0.5.
    close(score('accuracy', classTruth(3, [0, 1, 2, 1]), rowsPrediction(proba), weights([1, 1, 2, 0])), 0.5);
  });

  it('balanced accuracy averages recall over the classes in the truth', () => {
    // Truth [0,0,0,1], predicted [0,0,1,1]: recall 2/3 and 1 -> 5/6.
    close(score('balancedAccuracy', classTruth(2, [0, 0, 0, 1]), labelPrediction(2, [0, 0, 1, 1])), 5 / 6);
    // Class 2 is predicted but absent from the truth: it is left out. Recall 1/2 and 1 -> 3/4.
    close(score('balancedAccuracy', classTruth(3, [0, 0, 1, 1]), labelPrediction(3, [0, 2, 1, 1])), 0.75);
    // Weights [1, 1, 1, 3]: class 0 recall 2/3, class 1 recall 3/3 -> still 5/6; [3, 1, 1, 1]: (4/5 + 1) / 2.
    close(score('balancedAccuracy', classTruth(2, [0, 0, 0, 1]), labelPrediction(2, [0, 0, 1, 1]), weights([3, 1, 1, 1])), 0.9);
  });

  // Truth [0,0,0,1,1,2], predicted [0,0,1,1,2,2]:
  //   class 0: hits 2, predicted 2, actual 3 -> P 1,   R 2/3, F1 0.8
  //   class 1: hits 1, predicted 2, actual 2 -> P 1/2, R 1/2, F1 1/2
  //   class 2: hits 1, predicted 2, actual 1 -> P 1/2, R 1,   F1 2/3
  const truth = classTruth(3, [0, 0, 0, 1, 1, 2]);
  const predicted = labelPrediction(3, [0, 0, 1, 1, 2, 2]);

  it('f1Macro is the plain mean of per-class F1', () => {
    close(score('f1Macro', truth, predicted), (0.8 + 0.5 + 2 / 3) / 3); // 59/90
  });

  it('f1Weighted weighs per-class F1 by support', () => {
    close(score('f1Weighted', truth, predicted), (3 * 0.8 + 2 * 0.5 + 1 * (2 / 3)) / 6); // 61/90
  });

  it('precision and recall macro-average for multiclass', () => {
    close(score('precision', truth, predicted), (1 + 0.5 + 0.5) / 3);
    close(score('recall', truth, predicted), (2 / 3 + 0.5 + 1) / 3);
  });

  it('counts classes never predicted as 0 (zero_division=0) and ignores classes never seen', () => {
    // Truth [0,1,2], predicted [0,0,1]. Class 0: P 1/2, R 1, F1 2/3; class 1: P 0, R 0, F1 0;
    // class 2: never predicted, P 0 (0/0), R 0, F1 0. Class 3 is in neither: not averaged.
    const t = classTruth(4, [0, 1, 2]);
    const p = labelPrediction(4, [0, 0, 1]);
    close(score('precision', t, p), 0.5 / 3);
    close(score('recall', t, p), 1 / 3);
    close(score('f1Macro', t, p), 2 / 3 / 3);
    // Supports 1, 1, 1: the same as macro here.
    close(score('f1Weighted', t, p), 2 / 3 / 3);
  });

  it('binary precision and recall are those of class 1', () => {
    // Truth [0,1,1,0,1], predicted [1,1,0,0,1]: hits 2 (rows 1, 4), false positive row 0, miss row 2.
    const t = classTruth(2, [0, 1, 1, 0, 1]);
    const p = binaryPrediction([0.9, 0.8, 0.2, 0.1, 0.7]);
    close(score('precision', t, p), 2 / 3);
    close(score('recall', t, p), 2 / 3);
    // Row 0 weighing 2: precision 2 / (2 + 2), recall unchanged.
    close(score('precision', t, p, weights([2, 1, 1, 1, 1])), 0.5);
    close(score('recall', t, p, weights([2, 1, 1, 1, 1])), 2 / 3);
    // No positive predictions: precision 0/0 counts 0.
    assert.equal(score('precision', t, binaryPrediction([0.1, 0.1, 0.1, 0.1, 0.1])), 0);
    // Binary f1Macro averages both classes: class 0 P 1/2 R 1/2, class 1 P 2/3 R 2/3.
    close(score('f1Macro', t, p), (0.5 + 2 / 3) / 2);
  });
});

describe('regression metrics', () => {
  const y = valuesTruth([1, 2, 3]);
  const p = valuesPrediction([1, 2, 5]);
  const w = weights([1, 1, 2]);

  it('rmse', () => {
    close(score('rmse', y, p), Math.sqrt(4 / 3)); // errors 0, 0, 2
    close(score('rmse', y, p, w), Math.sqrt(2)); // (2 * 4) / 4
  });

  it('mae', () => {
    close(score('mae', y, p), 2 / 3);
    close(score('mae', y, p, w), 1); // (2 * 2) / 4
  });

  it('r2', () => {
    // Mean 2, SStot 1 + 0 + 1 = 2, SSres 4 -> 1 - 2 = -1.
    close(score('r2', y, p), -1);
    // Weighted mean (1 + 2 + 6) / 4 = 2.25; SStot 1.5625 + 0.0625 + 2 * 0.5625 = 2.75; SSres 8 -> 1 - 8/2.75.
    close(score('r2', y, p, w), 1 - 8 / 2.75);
    close(score('r2', y, valuesPrediction([1, 2, 3])), 1);
  });

  it('r2 of a constant truth is 1 when exact and 0 otherwise', () => {
    assert.equal(score('r2', valuesTruth([2, 2, 2]), valuesPrediction([2, 2, 2])), 1);
    assert.equal(score('r2', valuesTruth([2, 2, 2]), valuesPrediction([2, 2, 3])), 0);
  });

  it('mape divides by max(|y|, machine epsilon)', () => {
    // |1-2|/1 + 0/2 + |4-3|/4 = 1.25, over 3 rows.
    close(score('mape', valuesTruth([1, 2, 4]), valuesPrediction([2, 2, 3])), 1.25 / 3);
    // Weights [0, 1, 2]: (0 + 2 * 0.25) / 3.
    close(score('mape', valuesTruth([1, 2, 4]), valuesPrediction([2, 2, 3]), weights([0, 1, 2])), 0.5 / 3);
    // A zero truth divides by 2^-52: 1 / 2.220446049250313e-16 = 2^52.
    assert.equal(score('mape', valuesTruth([0]), valuesPrediction([1])), 2 ** 52);
    assert.equal(score('mape', valuesTruth([-2]), valuesPrediction([-1])), 0.5);
  });
});

describe('metric input checks', () => {
  it('scores no rows, or rows weighing nothing, as NaN', () => {
    assert.ok(Number.isNaN(score('rmse', valuesTruth([]), valuesPrediction([]))));
    assert.ok(Number.isNaN(score('accuracy', classTruth(2, []), binaryPrediction([]))));
    assert.ok(Number.isNaN(score('mae', valuesTruth([1, 2]), valuesPrediction([1, 2]), weights([0, 0]))));
  });

  it('rejects a metric of another task', () => {
    assert.throws(() => score('rmse', classTruth(2, [0, 1]), binaryPrediction([0.2, 0.8])), /metric 'rmse' scores regression, not binary classification/);
    const expected = /metric 'auc' scores binary classification or multiclass classification, not regression/;
    assert.throws(() => score('auc', valuesTruth([1]), valuesPrediction([1])), expected);
    assert.throws(() => score('auc', classTruth(2, [0]), valuesPrediction([1])), RangeError);
    assert.throws(() => score('mae', valuesTruth([1]), binaryPrediction([1])), RangeError);
  });

  it('rejects mismatched lengths and shapes', () => {
    assert.throws(() => score('rmse', valuesTruth([1, 2]), valuesPrediction([1])), /prediction has 1 rows, the truth 2/);
    assert.throws(() => score('accuracy', classTruth(2, [0, 1]), binaryPrediction([0.5])), /probability column 0 has 1 rows/);
    assert.throws(() => score('accuracy', classTruth(3, [0, 1]), binaryPrediction([0.5, 0.5])), /2 probability columns for 3 classes/);
    assert.throws(() => score('rmse', valuesTruth([1, 2]), valuesPrediction([1, 2]), weights([1])), /1 sample weights for 2 rows/);
  });

  it('rejects bad weights, codes and class counts', () => {
    assert.throws(() => score('rmse', valuesTruth([1, 2]), valuesPrediction([1, 2]), weights([1, -1])), /finite and >= 0/);
    assert.throws(() => score('rmse', valuesTruth([1, 2]), valuesPrediction([1, 2]), weights([1, NaN])), /finite and >= 0/);
    assert.throws(() => score('accuracy', classTruth(2, [0, 2]), binaryPrediction([0.5, 0.5])), /row 1 has class code 2/);
    assert.throws(() => score('accuracy', classTruth(2, [-1, 0]), binaryPrediction([0.5, 0.5])), /class code -1/);
    assert.throws(() => score('accuracy', classTruth(1, [0]), { kind: 'classification', proba: [Float64Array.of(1)] }), /at least 2 classes/);
  });
});
