/**
 * The figures of a calibration check: reliability curve on quantile bins, expected calibration
 * error and Brier score.
 */
import type { ReliabilityBin } from './types';

/**
 * Reliability curve with `bins` quantile (equal-count) bins of `predicted`: the rows sorted by
 * predicted probability are cut every n/bins rows, and a cut that would separate equal
 * predictions moves forward past them, so tied rows always share a bin. A model with few distinct
 * outputs (a small tree) therefore gets fewer, uneven bins; empty bins are not listed.
 * `outcome[i]` is 1 when row i is positive (binary) or correctly classified (top-class), else 0.
 *
 * ECE is the count-weighted mean of |meanPredicted − observed| over the bins (Naeini et al. 2015,
 * Guo et al. 2017), on these quantile bins.
 */
export function reliabilityCurve(predicted: Float64Array, outcome: Uint8Array, bins = 10): { bins: ReliabilityBin[]; ece: number } {
  const n = predicted.length;
  if (outcome.length !== n) throw new RangeError(`${outcome.length} outcomes for ${n} predictions`);
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  if (n === 0) return { bins: [], ece: NaN };
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => predicted[a] - predicted[b] || a - b);
  const result: ReliabilityBin[] = [];
  let ece = 0;
  let start = 0;
  for (let b = 1; b <= bins && start < n; b++) {
    let end = Math.max(start + 1, Math.round((b * n) / bins));
    while (end < n && predicted[order[end]] === predicted[order[end - 1]]) end++;
    if (b === bins) end = n;
    let sumPredicted = 0;
    let positives = 0;
    for (let k = start; k < end; k++) {
      sumPredicted += predicted[order[k]];
      positives += outcome[order[k]];
    }
    const count = end - start;
    const bin = { count, meanPredicted: sumPredicted / count, observed: positives / count };
    result.push(bin);
    ece += (count / n) * Math.abs(bin.meanPredicted - bin.observed);
    start = end;
  }
  return { bins: result, ece };
}

/**
 * Brier score. Binary (two probability columns): mean (p₁ − y)², with p₁ the positive class's
 * probability and y 1 for the positive class (scikit-learn's `brier_score_loss`), in [0, 1].
 * Multiclass: Brier's original (1950) score, the mean over rows of Σ_c (p_c − [y = c])², in [0, 2];
 * for two classes it would be twice the binary figure, hence the binary form there.
 */
export function brierScore(proba: readonly Float64Array[], codes: Int32Array): number {
  const n = codes.length;
  if (n === 0) return NaN;
  let sum = 0;
  if (proba.length === 2) {
    const p = proba[1];
    for (let i = 0; i < n; i++) sum += (p[i] - (codes[i] === 1 ? 1 : 0)) ** 2;
    return sum / n;
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < proba.length; c++) sum += (proba[c][i] - (codes[i] === c ? 1 : 0)) ** 2;
  }
  return sum / n;
}

/**
 * What the reliability curve of a classification looks at: the positive class's probability and
 * whether the row is positive (binary), or the top class's probability and whether it is the true
 * class (multiclass; ties go to the lowest class, as `predict` does).
 */
export function curveInputs(proba: readonly Float64Array[], codes: Int32Array): { predicted: Float64Array; outcome: Uint8Array } {
  const n = codes.length;
  if (proba.length === 2) return { predicted: Float64Array.from(proba[1]), outcome: Uint8Array.from(codes, (c) => (c === 1 ? 1 : 0)) };
  const predicted = new Float64Array(n);
  const outcome = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < proba.length; c++) if (proba[c][i] > proba[best][i]) best = c;
    predicted[i] = proba[best][i];
    outcome[i] = codes[i] === best ? 1 : 0;
  }
  return { predicted, outcome };
}
