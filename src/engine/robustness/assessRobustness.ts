/**
 * A run's `robustness.json`: every check in a fixed order (calibration, weak segments, latency,
 * stability, perturbation, shift), each run only when its estimated time fits before the
 * deadline, else skipped with a note saying why. The estimates come from the first timed batch
 * prediction (the latency check's warm-up), so a slow model gets fewer perturbed columns rather
 * than an overrun budget.
 */
import type { Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { subsetPrediction, subsetTruth } from '../validate/subsets';
import type { Fold, Metric, Prediction, Truth } from '../validate/types';
import { calibrationSummary, type CalibrationChoice } from './calibrationSummary';
import { latency } from './latency';
import { perturbation } from './perturbation';
import type { PredictFunction } from './predictFunction';
import { shift } from './shift';
import { stability } from './stability';
import type { RobustnessCheck, RobustnessReport } from './types';
import { weakSegments } from './weakSegments';
import { formatMs, worstGrade } from './wording';

/** Sizes of the checks (tests make them small). */
export interface RobustnessLimits {
  /** Top columns split on (segments) and disturbed (perturbation). */
  readonly columns: number;
  readonly perturbationRows: number;
  readonly latencyRows: number;
  readonly determinismRows: number;
  readonly singleRows: number;
  readonly shiftRowsPerSide: number;
  /** False leaves out the checks that predict (latency, stability, perturbation), with `skipReason`. */
  readonly predict: boolean;
  readonly skipReason: string;
}

export const DEFAULT_ROBUSTNESS_LIMITS: RobustnessLimits = {
  columns: 8,
  perturbationRows: 1000,
  latencyRows: 1000,
  determinismRows: 200,
  singleRows: 50,
  shiftRowsPerSide: 20_000,
  predict: true,
  skipReason: '',
};

/** Everything the checks need from a finished run. */
export interface RobustnessInput {
  /** The training data as the run read it. */
  readonly frame: Frame;
  /** The frame row of each training position (rows with a target); `truth` and `folds` index positions. */
  readonly rows: Uint32Array;
  readonly truth: Truth;
  /** Positions with an out-of-fold prediction. */
  readonly covered: Uint32Array;
  /** The final model's out-of-fold prediction: row i predicts position `covered[i]` (runAutoML's `finalOof`). */
  readonly oof: Prediction;
  readonly metric: Metric;
  /** The validation folds (test positions), for per-fold scores when `foldScores` is not given. */
  readonly folds: readonly Fold[];
  /** Source columns by importance, most important first (the top `limits.columns` are used). */
  readonly columns: readonly string[];
  /** The final pipeline's predict (`(f) => pipeline.predict(f)`). */
  readonly predict: PredictFunction;
  /** Class labels (classification), for the positive class's name. */
  readonly classes?: readonly string[];
  /** What the calibration step chose; without it the raw out-of-fold probabilities are summarised. */
  readonly calibration?: CalibrationChoice;
  /** Fold scores of the final model; default: the metric on each fold's covered test positions of `oof`. */
  readonly foldScores?: readonly number[];
  /** Scores of the final configuration re-validated under other seeds, when the run made them. */
  readonly seedScores?: readonly number[];
  /** Size of the saved model (`model.json`), bytes. */
  readonly modelBytes: number;
  readonly seed: number;
  /** `performance.now()` time by which the checks must be done (Infinity: no limit). */
  readonly deadline: number;
  /** Aborting throws a `CancelledError` between (and inside) checks. */
  readonly signal?: AbortSignalLike;
  /** New data to compare with the training data (adversarial validation). */
  readonly newData?: { readonly frame: Frame; readonly source: string; readonly columns: readonly string[] };
  readonly limits?: Partial<RobustnessLimits>;
}

/** Fewest rows a column is disturbed on: below it, shares of changed labels move by whole percents per row. */
const MIN_PERTURBATION_ROWS = 200;
/** Perturbation predicts about this many frames per column (8 disturbances + margin). */
const PREDICTIONS_PER_COLUMN = 9;

/**
 * Rows the checks that predict score at `limits` on a model with `columns` source columns (batch
 * rows; the single-row predictions are counted apart): what a run reserves time for.
 */
export function robustnessPredictions(columns: number, limits: RobustnessLimits = DEFAULT_ROBUSTNESS_LIMITS): { batchRows: number; singleRows: number } {
  const perturbation = PREDICTIONS_PER_COLUMN * limits.perturbationRows * Math.min(limits.columns, columns);
  return { batchRows: limits.latencyRows + 2 * limits.determinismRows + perturbation, singleRows: limits.singleRows };
}

/**
 * The per-fold scores of `oof` (folds whose covered test rows the metric cannot score are left
 * out). With repeated k-fold the pooled prediction averages a row's repeats, so these are the
 * folds' scores of that average rather than of each repeat's own model.
 */
export function foldScoresOf(input: Pick<RobustnessInput, 'truth' | 'covered' | 'oof' | 'metric' | 'folds'>): number[] {
  let size = 0;
  for (const p of input.covered) size = Math.max(size, p + 1);
  for (const fold of input.folds) for (const p of fold.test) size = Math.max(size, p + 1);
  const indexOf = new Int32Array(size).fill(-1);
  input.covered.forEach((p, i) => (indexOf[p] = i));
  const scores: number[] = [];
  for (const fold of input.folds) {
    const positions = fold.test.filter((p) => indexOf[p] >= 0);
    if (positions.length === 0) continue;
    const score = input.metric.score(subsetTruth(input.truth, positions), subsetPrediction(input.oof, positions.map((p) => indexOf[p])));
    if (Number.isFinite(score)) scores.push(score);
  }
  return scores;
}

/** Runs the checks; see the file comment. */
export function assessRobustness(input: RobustnessInput): RobustnessReport {
  const started = performance.now();
  const limits = { ...DEFAULT_ROBUSTNESS_LIMITS, ...input.limits };
  const notes: string[] = [];
  const checks: RobustnessCheck[] = [];
  const left = (): number => input.deadline - performance.now();
  const check = (): void => {
    if (input.signal?.aborted) throw new CancelledError('the robustness checks were stopped');
  };
  const trainingRows = Uint32Array.from(input.covered, (p) => input.rows[p]);
  const skip = (what: string, why: string): void => {
    notes.push(`${what} skipped: ${why}`);
  };
  const outOfTime = (): boolean => left() <= 0;
  /** Why a check that predicts cannot run now, if it cannot. */
  const blocked = (): string | undefined => (!limits.predict ? limits.skipReason : outOfTime() ? 'the time was spent' : undefined);

  // 1. Calibration (classification only; cheap).
  let calibration: RobustnessReport['calibration'];
  check();
  if (input.truth.kind === 'classification') {
    if (outOfTime()) skip('calibration', 'the time was spent');
    else {
      calibration = calibrationSummary({ oof: input.oof, truth: subsetTruth(input.truth, input.covered), choice: input.calibration, classes: input.classes });
      checks.push({ check: 'calibration', grade: calibration.grade, sentence: calibration.sentence });
    }
  }

  // 2. Weak segments (a tree on per-row loss: linear in rows and columns).
  let segments: RobustnessReport['segments'] = [];
  check();
  if (outOfTime()) skip('weak segments', 'the time was spent');
  else {
    const found = weakSegments({
      frame: input.frame,
      rows: input.rows,
      truth: input.truth,
      covered: input.covered,
      oof: input.oof,
      metric: input.metric,
      columns: input.columns,
      maxColumns: limits.columns,
    });
    segments = found.segments;
    notes.push(...found.notes);
    checks.push({ check: 'segments', grade: found.grade, sentence: found.sentence });
  }

  // 3. Latency: its first batch also times the model for the estimates below.
  let latencySection: RobustnessReport['latency'];
  check();
  if (blocked()) skip('latency', blocked() as string);
  else {
    latencySection = latency({
      predict: input.predict,
      frame: input.frame,
      rows: trainingRows,
      modelBytes: input.modelBytes,
      seed: input.seed,
      batchRows: limits.latencyRows,
      budgetMs: Math.max(0, 0.15 * left()),
      signal: input.signal,
    });
    checks.push({ check: 'latency', grade: latencySection.grade, sentence: latencySection.sentence });
  }
  const msPerRow = latencySection?.msPerRowBatch ?? 0;
  const msSingle = latencySection?.msPerRowSingle ?? 0;

  // 4. Stability: two batches and single rows.
  let stabilitySection: RobustnessReport['stability'];
  check();
  // A slow model is checked on fewer rows (down to a fifth) before the check is skipped.
  const stabilityScale = Math.max(0.2, Math.min(1, (0.5 * left()) / Math.max(1e-9, 2 * limits.determinismRows * msPerRow + limits.singleRows * msSingle)));
  const determinismRows = Math.ceil(stabilityScale * limits.determinismRows);
  const singleRows = Math.ceil(stabilityScale * limits.singleRows);
  const stabilityMs = 2 * determinismRows * msPerRow + singleRows * msSingle;
  if (blocked()) skip('stability', blocked() as string);
  else if (stabilityMs > 0.5 * left()) skip('stability', `about ${formatMs(stabilityMs)} needed, ${formatMs(left())} left`);
  else {
    const foldScores = input.foldScores ?? foldScoresOf(input);
    stabilitySection = stability({
      predict: input.predict,
      frame: input.frame,
      rows: trainingRows,
      foldScores,
      seedScores: input.seedScores,
      metricLabel: input.metric.label,
      seed: input.seed,
      determinismRows,
      singleRows,
      signal: input.signal,
    });
    checks.push({ check: 'stability', grade: stabilitySection.grade, sentence: stabilitySection.sentence });
  }

  // 5. Perturbation: as many of the top columns as fit in the time left (shift's share kept back).
  let perturbationResults: RobustnessReport['perturbation'] = [];
  check();
  const available = (input.newData ? 0.4 : 0.8) * left();
  // A slow model is disturbed on fewer rows (down to MIN_PERTURBATION_ROWS) before fewer columns.
  const wantedColumns = Math.min(limits.columns, input.columns.length);
  const affordableRows = msPerRow > 0 ? Math.floor(available / (PREDICTIONS_PER_COLUMN * wantedColumns * msPerRow)) : limits.perturbationRows;
  const perturbationRows = Math.min(trainingRows.length, limits.perturbationRows, Math.max(MIN_PERTURBATION_ROWS, affordableRows));
  if (perturbationRows < Math.min(trainingRows.length, limits.perturbationRows)) notes.push(`perturbation: ${perturbationRows} rows disturbed, to stay within the time`);
  const perColumnMs = PREDICTIONS_PER_COLUMN * perturbationRows * msPerRow;
  const fitting = perColumnMs > 0 ? Math.floor(available / perColumnMs) : limits.columns;
  const columnCount = Math.min(limits.columns, input.columns.length, fitting);
  if (blocked()) skip('perturbation', blocked() as string);
  else if (columnCount <= 0) skip('perturbation', `one column needs about ${formatMs(perColumnMs)}, ${formatMs(Math.max(0, left()))} left`);
  else {
    if (columnCount < Math.min(limits.columns, input.columns.length)) notes.push(`perturbation: the top ${columnCount} columns only, to stay within the time`);
    const stopAt = performance.now() + available;
    const result = perturbation({
      predict: input.predict,
      frame: input.frame,
      rows: trainingRows,
      columns: input.columns,
      seed: input.seed,
      maxRows: perturbationRows,
      maxColumns: columnCount,
      signal: input.signal,
      timeUp: () => performance.now() > stopAt,
    });
    if (!result.complete) notes.push(`perturbation: stopped after ${result.results.length} columns, out of time`);
    perturbationResults = result.results;
    if (result.results.length > 0) checks.push({ check: 'perturbation', grade: result.grade, sentence: result.sentence });
  }

  // 6. Shift, with new data.
  let shiftSection: RobustnessReport['shift'];
  if (input.newData) {
    check();
    if (outOfTime()) skip('shift', 'the time was spent');
    else {
      try {
        shiftSection = shift({
          training: input.frame,
          trainingRows: Uint32Array.from(input.rows),
          newData: input.newData.frame,
          columns: input.newData.columns,
          source: input.newData.source,
          seed: input.seed,
          maxRowsPerSide: limits.shiftRowsPerSide,
          deadline: input.deadline,
          signal: input.signal,
        });
        checks.push({ check: 'shift', grade: shiftSection.grade, sentence: shiftSection.sentence });
      } catch (error) {
        if (!(error instanceof CancelledError) || input.signal?.aborted) throw error;
        skip('shift', 'it did not finish within the time');
      }
    }
  }

  return {
    format: 'automl-robustness',
    version: 1,
    grade: worstGrade(checks.map((c) => c.grade)),
    checks,
    ...(calibration ? { calibration } : {}),
    segments,
    perturbation: perturbationResults,
    ...(stabilitySection ? { stability: stabilitySection } : {}),
    ...(latencySection ? { latency: latencySection } : {}),
    ...(shiftSection ? { shift: shiftSection } : {}),
    notes,
    elapsedMs: performance.now() - started,
  };
}
