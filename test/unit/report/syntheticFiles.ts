/**
 * `robustness.json` and `features.json` as their contracts describe them (src/engine/robustness/
 * types.ts, src/engine/features/types.ts), and the report's monitoring part, filled with every
 * optional part, for the report tests. `mark` is put into the free-text fields (sentences, descriptions,
 * labels), so a test can pass markup there and check that it comes out as text.
 */
import type { FeaturesFile } from '../../../src/engine/features/types';
import type { ReportMonitoring } from '../../../src/engine/report/types';
import type { RobustnessReport } from '../../../src/engine/robustness/types';

export function syntheticRobustness(columns: readonly string[], mark = ''): RobustnessReport {
  const [a, b = a, c = a] = columns;
  const bins = [0.05, 0.2, 0.4, 0.6, 0.8, 0.95].map((p, i) => ({ count: 100 + 10 * i, meanPredicted: p, observed: Math.min(1, p + 0.04 * Math.sin(i)) }));
  return {
    format: 'automl-robustness',
    version: 1,
    grade: 'alert',
    checks: [
      { check: 'calibration', grade: 'ok', sentence: `Probabilities are close to observed frequencies (ECE 0.03).${mark}` },
      { check: 'segments', grade: 'alert', sentence: `The model does much worse where \`${a}\` > 60.` },
      { check: 'perturbation', grade: 'warn', sentence: `Predictions move when \`${b}\` is 30% missing.` },
      { check: 'stability', grade: 'ok', sentence: 'Fold scores vary little.' },
      { check: 'latency', grade: 'ok', sentence: 'One row takes 0.2 ms.' },
      { check: 'shift', grade: 'warn', sentence: `New rows differ from training rows in \`${c}\`.` },
    ],
    calibration: {
      brier: 0.142,
      ece: 0.031,
      bins,
      method: 'isotonic',
      tried: [
        { method: 'none', logLoss: 0.47 },
        { method: 'isotonic', logLoss: 0.45 },
        { method: 'platt', logLoss: 0.46 },
      ],
      curve: 'positive',
      positiveClass: `yes${mark}`,
      before: { brier: 0.15, ece: 0.07, bins: bins.map((x) => ({ ...x, observed: Math.max(0, x.observed - 0.08) })) },
      grade: 'ok',
      sentence: `Calibrated with isotonic regression.${mark}`,
    },
    segments: [
      {
        description: `${a} > 60 and ${b} in {${mark}}`,
        conditions: [
          { column: a, op: '>', value: 60 },
          { column: b, op: 'in', value: [mark || 'x'] },
        ],
        rows: 42,
        share: 0.032,
        metric: 0.61,
        overall: 0.84,
        relativeDrop: 0.27,
        compared: 'metric',
        meanLoss: 0.61,
        overallMeanLoss: 0.45,
        pValue: 0.001,
        adjustedP: 0.004,
        grade: 'alert',
        sentence: `Rows where \`${a}\` > 60 score 0.61 against 0.84 overall.${mark}`,
      },
    ],
    perturbation: [
      {
        column: a,
        kind: 'numeric',
        results: [
          { perturbation: 'scale +1%', change: 0.004 },
          { perturbation: 'noise 0.1 sd', change: 0.02 },
          { perturbation: '30% missing', change: 0.06 },
        ],
        grade: 'ok',
        sentence: `\`${a}\` barely moves the predictions.`,
      },
      {
        column: b,
        kind: 'categorical',
        results: [
          { perturbation: 'swap to frequent levels', change: 0.11 },
          { perturbation: '30% missing', change: 0.18 },
        ],
        grade: 'warn',
        sentence: `\`${b}\` missing changes 18% of labels.${mark}`,
      },
    ],
    stability: {
      foldScores: [0.83, 0.84, 0.85, 0.82, 0.86],
      foldMean: 0.84,
      foldStd: 0.014,
      seedScores: [0.838, 0.842, 0.845],
      seedStd: 0.003,
      deterministic: true,
      batchEqualsSingle: false,
      maxBatchDifference: 2e-12,
      grade: 'ok',
      sentence: 'Scores are stable across folds and seeds.',
    },
    latency: { msPerRowBatch: 0.012, msPerRowSingle: 0.21, batchRows: 1000, modelBytes: 123_456, grade: 'ok', sentence: 'Fast enough for online use.' },
    shift: {
      source: `new${mark}.csv`,
      trainingRows: 1309,
      newRows: 400,
      auc: 0.71,
      columns: [
        { name: c, importance: 0.6, aucDrop: 0.12 },
        { name: a, importance: 0.4, aucDrop: 0.08 },
      ],
      grade: 'warn',
      sentence: `New rows can be told apart (AUC 0.71), mostly by \`${c}\`.`,
    },
    notes: [`perturbation sampled 2,000 rows${mark}`],
    elapsedMs: 1234,
  };
}

export function syntheticFeatures(columns: readonly string[], mark = ''): FeaturesFile {
  const [a, b = a, c = a] = columns;
  return {
    kept: [a, b],
    dropped: [
      { name: c, reason: `constant in training rows${mark}`, by: 'profile' },
      { name: `extra${mark}`, reason: 'excluded in the spec', by: 'user' },
      { name: 'noise', reason: 'no cross-validated gain', by: 'selection' },
    ],
    engineered: [
      { name: `${a} / mean(${a} by ${b})`, formula: `${a} / mean(${a} by ${b})${mark}`, sources: [a, b], kept: true, for: 'all', screenScore: 0.61 },
      { name: `${a} - ${b}`, formula: `${a} - ${b}`, sources: [a, b], kept: false, for: 'all' },
    ],
    selection: 'auto',
    gates: [
      { step: 'selection', baseline: 0.84, candidate: 0.842, kept: true, sentence: `Dropping \`noise\` helped a little.${mark}` },
      { step: 'groupStats', baseline: 0.842, candidate: 0.851, kept: true, sentence: 'Group statistics helped.' },
      { step: 'pairs', baseline: 0.851, candidate: 0.849, kept: false, sentence: 'Pair features did not help.' },
    ],
    notes: [`interactions skipped: budget${mark}`],
  };
}

/** The report's monitoring part with every optional piece: summary, windows and a history of four checks. */
export function syntheticMonitoring(columns: readonly string[], mark = ''): ReportMonitoring {
  const [a, b = a] = columns;
  const history = [
    { label: '2025-01-29T00:00:00Z', source: 'live-0129.ndjson', rows: 480, grade: 'ok' as const, driftShare: 0, datasetDrift: false },
    { label: '2025-01-30T00:00:00Z', source: 'live-0130.ndjson', rows: 510, grade: 'ok' as const, driftShare: 0.25, datasetDrift: false },
    { label: '2025-01-31T00:00:00Z', source: 'live-0131.ndjson', rows: 495, grade: 'warn' as const, driftShare: 0.25, datasetDrift: false },
    { label: '2025-02-01T00:00:00Z', source: `live${mark}.ndjson`, rows: 500, grade: 'warn' as const, driftShare: 0.5, datasetDrift: true },
  ];
  return {
    source: `live${mark}.ndjson`,
    checkedAt: '2025-02-01T00:00:00Z',
    grade: 'warn',
    rows: 500,
    summary: [`Dataset drift: 2 of 4 columns drift (${a}, ${b}).${mark}`],
    checks: [
      { name: `${a}${mark}`, grade: 'warn', sentence: `\`${a}\` drifted${mark}` },
      { name: `missing values: ${b}`, grade: 'alert', sentence: `\`${b}\` is missing in 40.0% of rows (training 2.0%).` },
      { name: 'performance', grade: 'ok', sentence: 'Not measured: no labels.' },
    ],
    windows: [
      { label: '2025-01-31', rows: 240, grade: 'ok', driftShare: 0.25, datasetDrift: false },
      { label: `2025-02-01${mark}`, rows: 260, grade: 'warn', driftShare: 0.5, datasetDrift: true },
    ],
    history,
  };
}
