/**
 * Whether the final model should carry a calibration, and which: each method is cross-validated
 * on the model's out-of-fold (OOF) probabilities, and kept only when it clearly lowers log loss.
 */
import { CancelledError } from '../errors';
import { Rng } from '../random';
import { foldsFromAssignment } from '../validate/foldArrays';
import { logLoss } from '../validate/logLoss';
import { stratifiedKFoldAssignment } from '../validate/shuffledFolds';
import { applyCalibration } from './applyCalibration';
import { calibrationData, fitCalibration, type CalibrationData, type FittedMethod } from './fitCalibration';
import type { Calibration, CalibrationMethod, CalibrationTrial } from './types';

export interface ChooseCalibrationOptions {
  /** Seeds the stratified folds; the same seed and data give the same choice. */
  readonly seed: number;
  /** Cross-validation folds over the covered rows (default 5). */
  readonly folds?: number;
  /**
   * A `performance.now()` time: no method is started after it, and one still being
   * cross-validated then is dropped; the choice is made among the methods finished.
   */
  readonly deadline?: number;
  /** Checked between folds; aborting throws `CancelledError`. */
  readonly signal?: AbortSignalLike;
  /** The methods tried, in this order (default isotonic, platt, temperature). */
  readonly methods?: readonly FittedMethod[];
}

export interface CalibrationChoice {
  /** The method kept, or 'none'. */
  readonly method: CalibrationMethod;
  /** The kept method refitted on every covered row, for `Pipeline.withCalibration`. */
  readonly calibration?: Calibration;
  /**
   * The cross-validated log loss of 'none' (the OOF probabilities as they are) first, then of each
   * method tried; the same rows for all, so the figures compare. Empty when no row is covered.
   */
  readonly tried: readonly CalibrationTrial[];
  /**
   * Only when a method is kept: the OOF probabilities calibrated cross-fitted (each row by the
   * calibrator fitted on the other folds), as long as the input with NaN on the rows it did not
   * cover. Figures computed on it (reliability, Brier score, a robustness check) are honest.
   */
  readonly calibratedOof?: Float64Array[];
  /** One sentence for the run's log: why this method, or why none. */
  readonly reason: string;
  /** Rows used: labelled rows with out-of-fold probabilities. */
  readonly rows: number;
}

/** Fewer covered rows than this, or fewer rows than MIN_CLASS_ROWS in a class, and nothing is tried. */
export const MIN_CALIBRATION_ROWS = 50;
export const MIN_CLASS_ROWS = 5;

/**
 * A method must beat 'none' by both margins. The CV log loss of a calibrator is estimated on the
 * same OOF rows that pick the best of three methods, so gains within the noise of the fold
 * assignment would be kept by chance: on a few hundred rows, reshuffling the folds moves a
 * calibrated log loss by a few tenths of a percent, hence 0.5% relative. The absolute floor keeps
 * a near-perfect model (log loss ~0.01) from carrying a calibrator for a gain of 1e-5 nats. Not
 * calibrating is the better default: a calibrator is one more fitted step in every export, and
 * isotonic's flat stretches tie scores, which can lower ROC AUC.
 */
export const MIN_RELATIVE_GAIN = 0.005;
export const MIN_ABSOLUTE_GAIN = 1e-4;

const DEFAULT_METHODS: readonly FittedMethod[] = ['isotonic', 'platt', 'temperature'];
/** On an exact tie of log loss, the method with fewer parameters wins. */
const SIMPLICITY: Readonly<Record<FittedMethod, number>> = { temperature: 0, platt: 1, isotonic: 2 };

/**
 * Cross-validates every calibration method on out-of-fold probabilities and keeps the best one
 * when it lowers log loss by at least MIN_RELATIVE_GAIN and MIN_ABSOLUTE_GAIN.
 *
 * `oof` has one array per class (at least 2), a row's entries NaN where no fold predicted it;
 * `codes` holds each row's class code (negative = no label, skipped). The covered rows are split
 * into stratified seeded folds; each method is fitted on each fold's training rows and applied
 * to its test rows; the pooled log loss of those predictions (the repository's `logLoss`, as the
 * leaderboard scores) is the method's figure. Nothing is tried (method 'none', with the reason)
 * when fewer than 50 rows are covered or a class has fewer than 5 of them.
 */
export function chooseCalibration(oof: readonly Float64Array[], codes: Int32Array, options: ChooseCalibrationOptions): CalibrationChoice {
  const k = oof.length;
  const n = codes.length;
  if (k < 2) throw new RangeError(`calibration needs at least 2 probability columns, got ${k}`);
  oof.forEach((column, c) => {
    if (column.length !== n) throw new RangeError(`probability column ${c} has ${column.length} rows, the labels ${n}`);
  });
  const folds = options.folds ?? 5;
  if (!(Number.isInteger(folds) && folds >= 2)) throw new RangeError(`folds must be an integer of at least 2, got ${folds}`);
  checkSignal(options.signal);

  const coveredList: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!(codes[i] >= 0 && codes[i] < k)) continue;
    let finite = true;
    for (let c = 0; c < k && finite; c++) finite = Number.isFinite(oof[c][i]);
    if (finite) coveredList.push(i);
  }
  const covered = Uint32Array.from(coveredList);
  const m = covered.length;
  if (m === 0) return { method: 'none', tried: [], reason: 'no labelled row has out-of-fold probabilities to calibrate on', rows: 0 };
  const proba = oof.map((column) => Float64Array.from(covered, (i) => column[i]));
  const labels = Int32Array.from(covered, (i) => codes[i]);
  const truth = { kind: 'classification', classes: k, codes: labels } as const;
  const noneLoss = logLoss.score(truth, { kind: 'classification', proba });
  const tried: CalibrationTrial[] = [{ method: 'none', logLoss: noneLoss }];
  const none = (reason: string): CalibrationChoice => ({ method: 'none', tried, reason, rows: m });

  if (m < MIN_CALIBRATION_ROWS) return none(`calibration not tried: ${m} rows have out-of-fold probabilities, fewer than ${MIN_CALIBRATION_ROWS}`);
  const counts = new Uint32Array(k);
  for (let i = 0; i < m; i++) counts[labels[i]]++;
  const rare = counts.findIndex((count) => count < MIN_CLASS_ROWS);
  if (rare >= 0) return none(`calibration not tried: class ${rare} has ${counts[rare]} rows with out-of-fold probabilities, fewer than ${MIN_CLASS_ROWS}`);

  const split = foldsFromAssignment(stratifiedKFoldAssignment(labels, k, folds, new Rng(options.seed)), folds);
  const data = calibrationData(proba, labels);
  const deadline = options.deadline ?? Infinity;
  let chosen: { method: FittedMethod; logLoss: number; proba: Float64Array[] } | undefined;
  let timeUp = false;
  for (const method of options.methods ?? DEFAULT_METHODS) {
    const predicted = crossFit(method, data, split, deadline, options.signal);
    if (predicted === undefined) {
      timeUp = true;
      break;
    }
    const loss = logLoss.score(truth, { kind: 'classification', proba: predicted });
    tried.push({ method, logLoss: loss });
    if (!chosen || loss < chosen.logLoss || (loss === chosen.logLoss && SIMPLICITY[method] < SIMPLICITY[chosen.method])) {
      chosen = { method, logLoss: loss, proba: predicted };
    }
  }
  if (chosen === undefined) return none('calibration not tried: the time budget ran out first');
  const outOfTime = timeUp ? ' (the time budget ran out before every method was tried)' : '';
  const needed = Math.max(MIN_ABSOLUTE_GAIN, MIN_RELATIVE_GAIN * noneLoss);
  const figures = `cross-validated log loss ${format(noneLoss)} uncalibrated, ${format(chosen.logLoss)} with ${chosen.method}`;
  if (!(noneLoss - chosen.logLoss >= needed)) return none(`no calibration kept: ${figures}, not a clear improvement${outOfTime}`);

  const calibratedOof = oof.map(() => new Float64Array(n).fill(NaN));
  for (let c = 0; c < k; c++) for (let j = 0; j < m; j++) calibratedOof[c][covered[j]] = chosen.proba[c][j];
  return {
    method: chosen.method,
    calibration: fitCalibration(chosen.method, data),
    tried,
    calibratedOof,
    reason: `${chosen.method} calibration kept: ${figures}${outOfTime}`,
    rows: m,
  };
}

/**
 * Each covered row's probabilities calibrated by `method` fitted on the other folds; undefined
 * when the deadline passes first.
 */
function crossFit(
  method: FittedMethod,
  data: CalibrationData,
  split: readonly { train: Uint32Array; test: Uint32Array }[],
  deadline: number,
  signal: AbortSignalLike | undefined,
): Float64Array[] | undefined {
  const out = data.proba.map((column) => new Float64Array(column.length));
  for (const { train, test } of split) {
    checkSignal(signal);
    if (performance.now() > deadline) return undefined;
    const calibration = fitCalibration(method, data, train);
    const calibrated = applyCalibration(calibration, data.proba.map((column) => Float64Array.from(test, (i) => column[i])));
    for (let c = 0; c < out.length; c++) for (let j = 0; j < test.length; j++) out[c][test[j]] = calibrated[c][j];
  }
  return out;
}

function checkSignal(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted) throw new CancelledError('calibration was cancelled');
}

function format(loss: number): string {
  return loss.toPrecision(4);
}
