/**
 * A monitoring check: new data (read with the training types) and the model's predictions for it
 * against the run's reference. Every column of the model is checked for drift and data quality,
 * the predictions for drift, and performance measured on labelled rows or estimated without them;
 * the data drifts as a whole when at least half of the checked columns drift, or a critical one
 * does. The whole data is one window; `windows` adds one report per window asked for.
 */
import type { Column, Frame } from '../data/frame';
import { worstGrade } from '../robustness/wording';
import type { Prediction, Truth } from '../validate/types';
import { checkColumn, MIN_WINDOW_ROWS, type ColumnReferenceSide } from './columnCheck';
import type { ColumnDriftReport, MonitorGrade, MonitorReport, PerformanceReport, PredictionDriftReport, QualityFinding, WindowReport } from './monitorReport';
import { estimatedPerformance, measuredPerformance } from './performanceCheck';
import { checkPrediction } from './predictionCheck';
import type { MonitorReference } from './types';
import { splitWindows, type WindowSpec } from './windows';

/** Share of the checked columns that must drift for the data to drift as a whole. */
export const DATASET_DRIFT_SHARE = 0.5;

export interface MonitorInput {
  readonly reference: MonitorReference;
  /** The new data, each model column read with its training type. */
  readonly frame: Frame;
  /** The model's predictions for every row of `frame` (probabilities for classifiers). */
  readonly prediction: Prediction;
  /** Labels where they arrived: `truth` for the frame rows `rows` (encoded as the model's target). */
  readonly labels?: { readonly truth: Truth; readonly rows: Uint32Array };
  /** Per column, values the reader could not parse as the training type (they read as missing). */
  readonly typeErrors?: Readonly<Record<string, number>>;
  /** Columns whose drift alone makes the data drift. */
  readonly critical?: readonly string[];
  /** Columns of the new data that are expected besides the model's (the label column, an id). */
  readonly expectedExtra?: readonly string[];
  readonly windows?: WindowSpec;
  /** Where the data came from (a path or a source label, no secrets), and when it was checked (ISO). */
  readonly source: string;
  readonly checkedAt: string;
}

const percent = (share: number): string => `${(100 * share).toFixed(1)}%`;

/** The reference's sample values of each column: the numbers present, or the labels present. */
function referenceSides(input: MonitorInput): ColumnReferenceSide[] {
  const critical = new Set(input.critical ?? []);
  return input.reference.columns.map((column) => {
    const raw = input.reference.sample?.values[column.name] ?? [];
    const sample =
      column.kind === 'numeric'
        ? Float64Array.from((raw as readonly (number | null)[]).filter((v): v is number => v !== null && v === v))
        : (raw as readonly (string | null)[]).filter((v): v is string => v !== null);
    return { column, referenceRows: input.reference.rows, sample, critical: critical.has(column.name) };
  });
}

/** The predictions in the reference's form: scores (regression value, binary P(positive)) or class indexes. */
function predictionValues(reference: MonitorReference, prediction: Prediction): Float64Array {
  if (prediction.kind === 'regression') return prediction.values;
  if (reference.prediction.kind === 'score') return prediction.proba[1];
  const n = prediction.proba[0]?.length ?? 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < prediction.proba.length; c++) if (prediction.proba[c][i] > prediction.proba[best][i]) best = c;
    out[i] = best;
  }
  return out;
}

interface WindowInput {
  readonly rows: Uint32Array;
  readonly sides: readonly ColumnReferenceSide[];
  readonly columns: ReadonlyMap<string, Column>;
  readonly predicted: Float64Array;
  readonly labelled: Int32Array | undefined;
}

/** The column, prediction and performance checks of one set of rows. */
function checkRows(input: MonitorInput, w: WindowInput): Omit<WindowReport, 'label'> {
  const columns: ColumnDriftReport[] = [];
  const quality: QualityFinding[] = [];
  for (const side of w.sides) {
    const column = w.columns.get(side.column.name);
    if (!column) {
      columns.push({
        name: side.column.name,
        kind: side.column.kind,
        status: 'missing',
        method: null,
        score: null,
        threshold: 0,
        drift: false,
        psi: null,
        nullRate: null,
        referenceNullRate: side.column.nullRate,
        critical: side.critical,
        grade: 'alert',
      });
      quality.push({ check: 'missingColumn', column: side.column.name, grade: 'alert', value: 1, sentence: `The model reads '${side.column.name}', but the new data has no such column: every row is predicted as if it were missing.` });
      continue;
    }
    const checked = checkColumn(side, column, w.rows);
    columns.push(checked.report);
    quality.push(...checked.findings);
  }
  const checked = columns.filter((c) => c.status === 'checked');
  const drifted = checked.filter((c) => c.drift);
  const driftShare = checked.length === 0 ? null : drifted.length / checked.length;
  const datasetDrift = (driftShare !== null && driftShare >= DATASET_DRIFT_SHARE) || drifted.some((c) => c.critical);
  const predictedRows = Float64Array.from(w.rows, (r) => w.predicted[r]);
  const prediction: PredictionDriftReport = checkPrediction(input.reference, predictedRows);
  const performance = performanceOf(input, w.rows, w.labelled);
  const status = w.rows.length < MIN_WINDOW_ROWS ? 'insufficient' : 'checked';
  const grades: MonitorGrade[] = [...columns.map((c) => c.grade), ...quality.map((q) => q.grade), prediction.grade, performance.kind === 'none' ? 'ok' : performance.grade];
  const grade = status === 'insufficient' ? 'ok' : datasetDrift ? 'alert' : worstGrade(grades);
  return { rows: w.rows.length, status, datasetDrift: status === 'checked' && datasetDrift, driftShare, columns, quality, prediction, performance, grade };
}

/**
 * Performance on `rows`: measured on its labelled rows (`labelled`: per frame row, its position
 * among the labelled rows or -1; built once for all windows), or CBPE for a binary classifier.
 */
function performanceOf(input: MonitorInput, rows: Uint32Array, labelled: Int32Array | undefined): PerformanceReport {
  if (input.labels && labelled) {
    // Positions into the labelled rows of those among `rows`, and the same rows' predictions.
    const frameRows: number[] = [];
    const truthPositions: number[] = [];
    for (const r of rows) {
      if (labelled[r] >= 0) {
        frameRows.push(r);
        truthPositions.push(labelled[r]);
      }
    }
    const truth = subsetTruthAt(input.labels.truth, Uint32Array.from(truthPositions));
    const prediction = subsetPredictionAt(input.prediction, Uint32Array.from(frameRows));
    return measuredPerformance(input.reference, prediction, truth, Uint32Array.from({ length: frameRows.length }, (_, i) => i));
  }
  if (input.reference.task === 'binary' && input.prediction.kind === 'classification') {
    return estimatedPerformance(input.reference, Float64Array.from(rows, (r) => input.prediction.kind === 'classification' ? input.prediction.proba[1][r] : NaN));
  }
  return { kind: 'none', reason: input.reference.task === 'binary' ? 'no labels' : 'no labels (estimating performance without labels is for binary classifiers)' };
}

function subsetTruthAt(truth: Truth, positions: Uint32Array): Truth {
  return truth.kind === 'regression'
    ? { kind: 'regression', values: Float64Array.from(positions, (p) => truth.values[p]) }
    : { kind: 'classification', classes: truth.classes, codes: Int32Array.from(positions, (p) => truth.codes[p]) };
}

function subsetPredictionAt(prediction: Prediction, rows: Uint32Array): Prediction {
  return prediction.kind === 'regression'
    ? { kind: 'regression', values: Float64Array.from(rows, (r) => prediction.values[r]) }
    : { kind: 'classification', proba: prediction.proba.map((p) => Float64Array.from(rows, (r) => p[r])) };
}

/** Sentences a person reads first, worst first. */
function summaryOf(report: Omit<WindowReport, 'label'>, extra: readonly QualityFinding[]): string[] {
  const lines: string[] = [];
  const checked = report.columns.filter((c) => c.status === 'checked');
  const drifted = checked.filter((c) => c.drift);
  if (report.datasetDrift) lines.push(`Dataset drift: ${drifted.length} of ${checked.length} columns drift (${drifted.map((c) => c.name).join(', ')}).`);
  else if (drifted.length > 0) lines.push(`${drifted.length} of ${checked.length} columns drift (${drifted.map((c) => c.name).join(', ')}); not enough for dataset drift (${percent(DATASET_DRIFT_SHARE)} of columns).`);
  else if (checked.length > 0) lines.push(`No column drifts (${checked.length} checked).`);
  for (const q of [...report.quality, ...extra].filter((f) => f.grade !== 'ok').sort((a, b) => (a.grade === b.grade ? 0 : a.grade === 'alert' ? -1 : 1))) lines.push(q.sentence);
  if (report.prediction.drift) lines.push(`The model's predictions drift (${report.prediction.method} ${report.prediction.score?.toPrecision(3)}).`);
  if (report.performance.kind !== 'none' && report.performance.status === 'checked') lines.push(report.performance.sentence);
  if (report.status === 'insufficient') lines.push(`${report.rows} rows are too few to judge drift (at least ${MIN_WINDOW_ROWS}).`);
  return lines;
}

/** Runs the checks; see the file comment. Pure: the caller reads the data and predicts it. */
export function monitorData(input: MonitorInput): MonitorReport {
  const started = performance.now();
  const sides = referenceSides(input);
  const columns = new Map(input.frame.columns.map((c) => [c.name, c]));
  const predicted = predictionValues(input.reference, input.prediction);
  const all = Uint32Array.from({ length: input.frame.rowCount }, (_, i) => i);
  let labelled: Int32Array | undefined;
  if (input.labels) {
    labelled = new Int32Array(input.frame.rowCount).fill(-1);
    for (let i = 0; i < input.labels.rows.length; i++) labelled[input.labels.rows[i]] = i;
  }
  const whole = checkRows(input, { rows: all, sides, columns, predicted, labelled });
  // Columns the model does not read: listed (so a renamed column is easy to spot), graded ok.
  const known = new Set([...input.reference.columns.map((c) => c.name), input.reference.target, ...(input.expectedExtra ?? [])]);
  const extra: QualityFinding[] = input.frame.columns
    .filter((c) => !known.has(c.name))
    .map((c) => ({ check: 'extraColumn', column: c.name, grade: 'ok', value: 1, sentence: `'${c.name}' is in the new data but not read by the model.` }));
  const typeErrors: QualityFinding[] = Object.entries(input.typeErrors ?? {})
    .filter(([, count]) => count > 0)
    .map(([column, count]) => {
      const share = count / Math.max(1, input.frame.rowCount);
      return { check: 'typeErrors', column, grade: share > 0.05 ? 'alert' : 'warn', value: count, sentence: `${count} value(s) of '${column}' could not be read as its training type (${percent(share)} of rows); they count as missing.` };
    });
  const windows: WindowReport[] = input.windows
    ? splitWindows(input.frame, input.windows).windows.map((w) => ({ label: w.label, ...checkRows(input, { rows: w.rows, sides, columns, predicted, labelled }) }))
    : [];
  const quality = [...whole.quality, ...typeErrors, ...extra];
  const grade = whole.status === 'insufficient' ? 'ok' : worstGrade([whole.grade, ...typeErrors.map((t) => t.grade)]);
  return {
    version: 1,
    checkedAt: input.checkedAt,
    source: input.source,
    rows: input.frame.rowCount,
    datasetDrift: whole.datasetDrift,
    driftShare: whole.driftShare,
    columns: whole.columns,
    quality,
    prediction: whole.prediction,
    performance: whole.performance,
    grade,
    summary: summaryOf(whole, typeErrors),
    windows,
    elapsedMs: performance.now() - started,
  };
}
