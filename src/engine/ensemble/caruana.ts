import type { Metric, Prediction, Truth } from '../validate/types';
import { checkMembers } from './blend';

export { blend } from './blend';

/** How the greedy selection runs. */
export interface SelectEnsembleOptions {
  /** Greedy additions after the initial best member (default 50); 0 keeps the best single member. */
  readonly rounds?: number;
  /** Sample weights of the rows, passed to the metric (scikit-learn's `sample_weight`). */
  readonly weights?: Float64Array;
}

/** The chosen ensemble and how it got there. */
export interface EnsembleSelection {
  /** Per member, the share of picks it received in the chosen round; sums to 1. */
  readonly weights: Float64Array;
  /** The metric of the chosen ensemble's averaged prediction. */
  readonly score: number;
  /** The best member on its own (the lowest index among equals). */
  readonly bestSingle: { readonly index: number; readonly score: number };
  /** Score after each round: `history[0]` is the best single member, `history[r]` has r + 1 picks. */
  readonly history: number[];
}

/**
 * Greedy ensemble selection with replacement (Caruana et al. 2004, "Ensemble selection from
 * libraries of models") over out-of-fold predictions of the same rows. It starts from the best
 * single member; each round adds, with replacement, the member whose inclusion gives the best
 * score of the averaged prediction (probabilities or values averaged over the picks). Picking a
 * member again raises its weight, which is how the method weighs without fitting weights (and
 * overfits the validation rows less than fitted weights do).
 *
 * After `rounds` additions it returns the round with the best score; among equal scores the
 * earliest, i.e. the fewest picks. Deterministic: ties between candidates go to the lowest index,
 * and a NaN score counts as worse than any number. `metric.higherIsBetter` sets the direction.
 *
 * Cost per round: one averaged prediction and one metric evaluation per member, O(members × rows ×
 * classes) plus the metric's own cost; the running sum of the picks is kept, not recomputed.
 * The returned `score` is the one measured during selection; `blend(members, weights)` gives the
 * same prediction up to floating-point rounding.
 */
export function selectEnsemble(
  members: readonly Prediction[],
  truth: Truth,
  metric: Metric,
  options: SelectEnsembleOptions = {},
): EnsembleSelection {
  const rounds = options.rounds ?? 50;
  if (!(Number.isInteger(rounds) && rounds >= 0)) throw new RangeError(`rounds must be a non-negative integer, got ${rounds}`);
  const rows = checkMembers(members, truth);
  const sampleWeights = options.weights;
  const better = (a: number, b: number): boolean =>
    !Number.isNaN(a) && (Number.isNaN(b) || (metric.higherIsBetter ? a > b : a < b));

  const columnsOf = (p: Prediction): readonly Float64Array[] => (p.kind === 'regression' ? [p.values] : p.proba);
  const memberColumns = members.map(columnsOf);

  let best = 0;
  const singles = members.map((member) => metric.score(truth, member, sampleWeights));
  for (let j = 1; j < members.length; j++) if (better(singles[j], singles[best])) best = j;

  const sums = memberColumns[best].map((column) => Float64Array.from(column));
  const candidateColumns = sums.map(() => new Float64Array(rows));
  // One scratch prediction, refilled for every candidate: metrics do not keep what they score.
  const candidate: Prediction =
    members[0].kind === 'regression'
      ? { kind: 'regression', values: candidateColumns[0] }
      : { kind: 'classification', proba: candidateColumns };
  const picks = [best];
  const history = [singles[best]];

  for (let round = 1; round <= rounds; round++) {
    const size = picks.length + 1;
    let chosen = -1;
    let chosenScore = NaN;
    for (let j = 0; j < members.length; j++) {
      const columns = memberColumns[j];
      for (let c = 0; c < sums.length; c++) {
        const sum = sums[c];
        const column = columns[c];
        const out = candidateColumns[c];
        for (let i = 0; i < rows; i++) out[i] = (sum[i] + column[i]) / size;
      }
      const score = metric.score(truth, candidate, sampleWeights);
      if (chosen < 0 || better(score, chosenScore)) {
        chosen = j;
        chosenScore = score;
      }
    }
    const columns = memberColumns[chosen];
    for (let c = 0; c < sums.length; c++) {
      const sum = sums[c];
      const column = columns[c];
      for (let i = 0; i < rows; i++) sum[i] += column[i];
    }
    picks.push(chosen);
    history.push(chosenScore);
  }

  let bestRound = 0;
  for (let r = 1; r < history.length; r++) if (better(history[r], history[bestRound])) bestRound = r;
  const weights = new Float64Array(members.length);
  for (let r = 0; r <= bestRound; r++) weights[picks[r]]++;
  for (let j = 0; j < weights.length; j++) weights[j] /= bestRound + 1;
  return { weights, score: history[bestRound], bestSingle: { index: best, score: singles[best] }, history };
}
