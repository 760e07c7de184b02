/**
 * Made-up `features.json` and `robustness.json` contents, typed by the engine's contracts, for
 * the panel and view tests (the engine parts that write them are tested with the engine).
 */
import type { FeaturesFile } from '../../../src/engine/features/types';
import type { RobustnessReport } from '../../../src/engine/robustness/types';

/** A run that used 3 of 7 columns: 3 dropped below noise, one ID-like, one left out by the user; 2 of 3 engineered features kept. */
export function featuresFixture(extra: Partial<FeaturesFile> = {}): FeaturesFile {
  return {
    kept: ['income', 'region', 'age'],
    dropped: [
      { name: 'noise1', reason: 'below random noise (importance 0.001 < 0.004)', by: 'selection' },
      { name: 'noise2', reason: 'below random noise (importance 0.000 < 0.004)', by: 'selection' },
      { name: 'noise3', reason: 'below random noise (importance 0.002 < 0.004)', by: 'selection' },
      { name: 'id', reason: 'identifier: every value is unique', by: 'profile' },
      { name: 'notes', reason: 'excluded by the user', by: 'user' },
    ],
    engineered: [
      { name: 'income / mean(income by region)', formula: 'income / mean(income by region)', sources: ['income', 'region'], kept: true, for: 'all', screenScore: 0.71 },
      { name: 'age / income', formula: 'age / income', sources: ['age', 'income'], kept: true, for: 'all' },
      { name: 'age - income', formula: 'age - income', sources: ['age', 'income'], kept: false, for: 'all', screenScore: 0.52 },
    ],
    selection: 'auto',
    gates: [
      { step: 'selection', baseline: 0.84, candidate: 0.851, kept: true, sentence: 'Dropping 3 columns below random noise kept ROC AUC (0.851 against 0.840).' },
      { step: 'pairs', baseline: 0.851, candidate: 0.848, kept: false, sentence: 'The pair feature `age - income` did not help.' },
    ],
    notes: ['interactions skipped: the budget was short'],
    ...extra,
  };
}

/** A binary classifier's checks: calibration with a kept method, one weak segment, two perturbed columns, no shift. */
export function robustnessFixture(extra: Partial<RobustnessReport> = {}): RobustnessReport {
  return {
    format: 'automl-robustness',
    version: 1,
    grade: 'warn',
    checks: [
      { check: 'calibration', grade: 'ok', sentence: 'Probabilities are well calibrated after isotonic regression (ECE 0.021).' },
      { check: 'segments', grade: 'warn', sentence: 'The model does worse on `age` > 60 (12% of rows).' },
      { check: 'perturbation', grade: 'ok', sentence: 'Small changes to the inputs rarely change the prediction.' },
      { check: 'stability', grade: 'ok', sentence: 'Fold scores vary little.' },
      { check: 'latency', grade: 'ok', sentence: 'Predictions take well under a millisecond per row.' },
    ],
    calibration: {
      brier: 0.132,
      ece: 0.021,
      bins: [
        { count: 100, meanPredicted: 0.1, observed: 0.08 },
        { count: 100, meanPredicted: 0.5, observed: 0.52 },
        { count: 100, meanPredicted: 0.9, observed: 0.88 },
      ],
      method: 'isotonic',
      tried: [
        { method: 'none', logLoss: 0.45 },
        { method: 'isotonic', logLoss: 0.41 },
        { method: 'platt', logLoss: 0.42 },
      ],
      curve: 'positive',
      positiveClass: 'yes',
      before: { brier: 0.15, ece: 0.06, bins: [{ count: 150, meanPredicted: 0.2, observed: 0.1 }, { count: 150, meanPredicted: 0.8, observed: 0.9 }] },
      grade: 'ok',
      sentence: 'Probabilities are well calibrated after isotonic regression (ECE 0.021).',
    },
    segments: [
      {
        description: 'age > 60',
        conditions: [{ column: 'age', op: '>', value: 60 }],
        rows: 36,
        share: 0.12,
        metric: 0.71,
        overall: 0.86,
        relativeDrop: 0.17,
        compared: 'metric',
        meanLoss: 0.52,
        overallMeanLoss: 0.4,
        pValue: 0.002,
        adjustedP: 0.004,
        grade: 'warn',
        sentence: 'ROC AUC is 0.71 on age > 60 against 0.86 overall.',
      },
    ],
    perturbation: [
      {
        column: 'income',
        kind: 'numeric',
        results: [
          { perturbation: 'scale +1%', change: 0.01 },
          { perturbation: 'noise 0.1 sd', change: 0.04 },
          { perturbation: '10% missing', change: 0.02 },
        ],
        grade: 'ok',
        sentence: '`income`: at most 4% of labels change.',
      },
      {
        column: 'region',
        kind: 'categorical',
        results: [{ perturbation: 'swap to frequent levels', change: 0.08 }],
        grade: 'warn',
        sentence: '`region`: 8% of labels change when levels are swapped.',
      },
    ],
    stability: {
      foldScores: [0.85, 0.86, 0.87],
      foldMean: 0.86,
      foldStd: 0.01,
      seedScores: [0.86, 0.855],
      seedStd: 0.0035,
      deterministic: true,
      batchEqualsSingle: true,
      maxBatchDifference: 0,
      grade: 'ok',
      sentence: 'Fold scores vary little.',
    },
    latency: { msPerRowBatch: 0.004, msPerRowSingle: 0.3, batchRows: 1000, modelBytes: 48_000, grade: 'ok', sentence: 'Predictions take well under a millisecond per row.' },
    notes: ['perturbation sampled 500 rows'],
    elapsedMs: 2500,
    ...extra,
  };
}
