import type { Target } from '../../learners/types';
import { Rng } from '../../random';
import type { FeatureDef } from '../featureDefs';

export type TargetEncodingDef = Extract<FeatureDef, { kind: 'targetEncoding' }>;

/** An assignment of training rows to cross-fitting folds. */
export interface Folds {
  /** Fold of each training row, `0 .. count-1`. */
  readonly fold: Uint8Array;
  readonly count: number;
}

/**
 * Assigns `n` rows to `k` folds of (nearly) equal size at random: a seeded shuffle, then row
 * `perm[j]` goes to fold `j % k`. Fewer rows than folds give one fold per row.
 */
export function makeFolds(n: number, k: number, seed: number): Folds {
  if (!Number.isInteger(k) || k < 2 || k > 255) throw new RangeError(`target encoding folds must be an integer in 2..255, not ${k}`);
  const count = Math.min(k, n);
  const perm = new Rng(seed).shuffle(Uint32Array.from({ length: n }, (_, i) => i));
  const fold = new Uint8Array(n);
  for (let j = 0; j < n; j++) fold[perm[j]] = j % count;
  return { fold, count };
}

/** What one target-encoding feature encodes: a class rate or the regression mean. */
interface Output {
  readonly targetClass?: string;
  /** Target value of row `i` for this output; NaN leaves the row out of the statistics. */
  readonly y: (i: number) => number;
}

function outputsOf(target: Target): Output[] {
  if (target.kind === 'regression') {
    const values = target.values;
    return [{ y: (i) => values[i] }];
  }
  const { codes, classes } = target;
  const y = (c: number) => (i: number) => (codes[i] < 0 ? NaN : codes[i] === c ? 1 : 0);
  // Binary: the positive class's rate alone (the other is its complement); multiclass: one rate per class.
  const wanted = classes.length === 2 ? [1] : classes.map((_, c) => c);
  return wanted.map((c) => ({ targetClass: classes[c], y: y(c) }));
}

/**
 * Out-of-fold smoothed target means of a categorical column (m-estimate with smoothing `m`).
 *
 * `rowLevel[i]` is training row `i`'s level (`-1` missing, which is encoded as a level of its
 * own), `target` is aligned with it. Returns one definition per output, fitted on all training
 * rows (for new rows), and the training rows' values, where row `i` in fold `f` is encoded by
 * level statistics and a prior computed from the other folds only: its own target never enters
 * its encoding. A level absent from the other folds gets their prior.
 *
 * Work is O(rows + folds² · levels) per output: per-fold sums, then per fold the sums of the
 * others (added, not subtracted, so a row's own target cannot leak in through rounding).
 */
export function fitTargetEncoding(
  source: string,
  levels: readonly string[],
  rowLevel: Int32Array,
  target: Target,
  folds: Folds,
  m: number,
): { defs: TargetEncodingDef[]; train: Float64Array[] } {
  const n = rowLevel.length;
  const targetRows = target.kind === 'regression' ? target.values.length : target.codes.length;
  if (targetRows !== n) throw new RangeError(`the target has ${targetRows} values but ${n} rows are fitted; it must be aligned with the rows`);
  if (!(m >= 0)) throw new RangeError(`target smoothing must be >= 0, not ${m}`);
  const slots = levels.length + 1; // the last slot holds missing values
  const missingSlot = levels.length;
  const { fold, count: k } = folds;
  const defs: TargetEncodingDef[] = [];
  const train: Float64Array[] = [];
  const sum = new Float64Array(k * slots);
  const cnt = new Float64Array(k * slots);
  const otherSum = new Float64Array(slots);
  const otherCnt = new Float64Array(slots);
  for (const output of outputsOf(target)) {
    sum.fill(0);
    cnt.fill(0);
    for (let i = 0; i < n; i++) {
      const y = output.y(i);
      if (Number.isNaN(y)) continue;
      const slot = fold[i] * slots + (rowLevel[i] < 0 ? missingSlot : rowLevel[i]);
      sum[slot] += y;
      cnt[slot]++;
    }
    const encode = (s: number, c: number, prior: number) => (c + m > 0 ? (s + m * prior) / (c + m) : prior);

    // Fitted on all rows: what new rows get.
    otherSum.fill(0);
    otherCnt.fill(0);
    for (let f = 0; f < k; f++) {
      for (let s = 0; s < slots; s++) {
        otherSum[s] += sum[f * slots + s];
        otherCnt[s] += cnt[f * slots + s];
      }
    }
    const prior = priorOf(otherSum, otherCnt);
    const values = Array.from({ length: levels.length }, (_, s) => encode(otherSum[s], otherCnt[s], prior));
    const missingValue = encode(otherSum[missingSlot], otherCnt[missingSlot], prior);
    const name = output.targetClass === undefined ? `${source}.target` : `${source}.target=${output.targetClass}`;
    defs.push({
      kind: 'targetEncoding',
      name,
      source,
      ...(output.targetClass === undefined ? {} : { targetClass: output.targetClass }),
      levels,
      values,
      missingValue,
      prior,
      smoothing: m,
    });

    // Out of fold: per fold, the encoding fitted on the other folds.
    const oof = new Float64Array(n);
    const tables: Float64Array[] = [];
    for (let f = 0; f < k; f++) {
      otherSum.fill(0);
      otherCnt.fill(0);
      for (let g = 0; g < k; g++) {
        if (g === f) continue;
        for (let s = 0; s < slots; s++) {
          otherSum[s] += sum[g * slots + s];
          otherCnt[s] += cnt[g * slots + s];
        }
      }
      // With a single fold (one training row) there are no other rows: the full fit is all there is.
      const foldPrior = k > 1 ? priorOf(otherSum, otherCnt) : prior;
      const table = new Float64Array(slots);
      for (let s = 0; s < slots; s++) table[s] = k > 1 ? encode(otherSum[s], otherCnt[s], foldPrior) : s < levels.length ? values[s] : missingValue;
      tables.push(table);
    }
    for (let i = 0; i < n; i++) oof[i] = tables[fold[i]][rowLevel[i] < 0 ? missingSlot : rowLevel[i]];
    train.push(oof);
  }
  return { defs, train };
}

/** Mean target over the counted rows (0 when there are none). */
function priorOf(sum: Float64Array, cnt: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < sum.length; i++) {
    s += sum[i];
    c += cnt[i];
  }
  return c > 0 ? s / c : 0;
}
