/**
 * Whether the final model's probabilities can be read as probabilities: the reliability curve,
 * expected calibration error (ECE) and Brier score of the out-of-fold predictions, after the
 * calibration the run kept (cross-fitted, so still out of fold) and before it.
 *
 * Grade on the ECE of the probabilities the model gives: ≤ 0.05 ok (within the noise of ten
 * quantile bins on a few thousand rows), ≤ 0.1 warn, above alert.
 */
import { logLoss } from '../validate/logLoss';
import type { Prediction, Truth } from '../validate/types';
import { brierScore, curveInputs, reliabilityCurve } from './reliability';
import type { CalibrationSection, CalibrationTrial, ReliabilityBin, RobustnessGrade } from './types';
import { formatNumber } from './wording';

/**
 * What the run's calibration step decided (`chooseCalibration`): the method kept, every method
 * tried with its cross-validated log loss, and the out-of-fold prediction after the kept method
 * (cross-fitted), row for row the same rows as the raw out-of-fold prediction.
 */
export interface CalibrationChoice {
  readonly method: CalibrationTrial['method'];
  readonly tried: readonly CalibrationTrial[];
  readonly calibratedOof?: Prediction;
}

export interface CalibrationInput {
  /** The final model's raw out-of-fold class probabilities. */
  readonly oof: Prediction;
  /** The truth of the same rows. */
  readonly truth: Truth;
  readonly choice?: CalibrationChoice;
  /** Class labels (the positive class is `classes[1]` for binary targets). */
  readonly classes?: readonly string[];
  /** Default 10. */
  readonly bins?: number;
}

const OK_ECE = 0.05;
const WARN_ECE = 0.1;

interface Figures {
  readonly brier: number;
  readonly ece: number;
  readonly bins: ReliabilityBin[];
}

function figures(prediction: Prediction, codes: Int32Array, bins: number): Figures {
  if (prediction.kind !== 'classification') throw new RangeError('calibration needs class probabilities');
  const { predicted, outcome } = curveInputs(prediction.proba, codes);
  const curve = reliabilityCurve(predicted, outcome, bins);
  return { brier: brierScore(prediction.proba, codes), ece: curve.ece, bins: curve.bins };
}

/** The calibration section of `robustness.json`; classification only (a `RangeError` otherwise). */
export function calibrationSummary(input: CalibrationInput): CalibrationSection {
  const { truth, choice } = input;
  if (truth.kind !== 'classification') throw new RangeError('calibration applies to classification only');
  const bins = input.bins ?? 10;
  const raw = figures(input.oof, truth.codes, bins);
  const kept = choice?.calibratedOof && choice.method !== 'none' ? figures(choice.calibratedOof, truth.codes, bins) : undefined;
  const final = kept ?? raw;
  const method = kept ? (choice as CalibrationChoice).method : 'none';
  const tried = choice?.tried.length ? choice.tried : [{ method: 'none' as const, logLoss: logLoss.score(truth, input.oof) }];
  const binary = truth.classes === 2;
  const grade: RobustnessGrade = final.ece <= OK_ECE ? 'ok' : final.ece <= WARN_ECE ? 'warn' : 'alert';
  return {
    brier: final.brier,
    ece: final.ece,
    bins: final.bins,
    method,
    tried,
    curve: binary ? 'positive' : 'topClass',
    ...(binary && input.classes?.[1] !== undefined ? { positiveClass: input.classes[1] } : {}),
    ...(kept ? { before: raw } : {}),
    grade,
    sentence: sentence(final, grade, binary, method, kept ? raw : undefined),
  };
}

const METHOD_WORDS: Readonly<Record<CalibrationTrial['method'], string>> = {
  none: 'no calibration',
  isotonic: 'isotonic calibration',
  platt: 'Platt scaling',
  temperature: 'temperature scaling',
};

function sentence(final: Figures, grade: RobustnessGrade, binary: boolean, method: CalibrationTrial['method'], before: Figures | undefined): string {
  const after = before ? ` after ${METHOD_WORDS[method]} (${formatNumber(before.ece)} before)` : '';
  const what = binary ? 'Predicted probabilities' : 'The top class\u2019s probabilities';
  const figuresText = `expected calibration error ${formatNumber(final.ece)}${after}, Brier score ${formatNumber(final.brier)}`;
  if (grade === 'ok') return `${what} match observed rates (${figuresText}).`;
  // The bin furthest from the diagonal, in words: "where it predicts 0.91, 0.78 are positive".
  const worst = final.bins.reduce((a, b) => (b.count * Math.abs(b.meanPredicted - b.observed) > a.count * Math.abs(a.meanPredicted - a.observed) ? b : a));
  const observed = binary ? 'are positive' : 'are right';
  // For the top class, predicting more than is observed is overconfidence; for a positive class
  // it is only a bias in one range, which the numbers say.
  const direction = binary ? '' : worst.meanPredicted > worst.observed ? ' (overconfident)' : ' (underconfident)';
  return (
    `${what} are ${grade === 'alert' ? 'off' : 'somewhat off'} (${figuresText}): where the model predicts ${formatNumber(worst.meanPredicted)} ` +
    `on average, ${formatNumber(worst.observed)} ${observed}${direction}.`
  );
}
