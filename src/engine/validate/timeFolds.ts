import { DataError } from '../errors';
import type { Fold } from './types';

/**
 * Expanding-window time splits (scikit-learn TimeSeriesSplit): rows sorted by time are cut into
 * `folds + 1` blocks of floor(m / (folds + 1)) rows (m = rows with a time), the first block
 * taking the remainder; fold k trains on everything before block k + 1 and tests on that block.
 * Every test row is strictly later than every training row of its fold.
 *
 * Rows sharing a timestamp never straddle a cut: a cut inside a run of equal times moves back to
 * the run's start, so the tied rows are all tested (and later trained on). Rows with a missing time
 * (NaN) are in no fold, neither train nor test: their place in time is unknown, and training on
 * them could leak the future into every fold.
 */
export function timeSeriesFolds(time: Float64Array, folds: number): Fold[] {
  const rows = time.length;
  const sorted = rowsByTime(time);
  const timed = sorted.length;
  const blockRows = Math.floor(timed / (folds + 1));
  if (blockRows < 1) {
    throw new DataError(`time-ordered validation with ${folds} folds needs at least ${folds + 1} rows with a time; the data has ${timed}`);
  }
  // starts[k] = position (in time order) of fold k's first test row; starts[folds] = the end.
  const starts = new Uint32Array(folds + 1);
  for (let k = 0; k < folds; k++) {
    let start = timed - (folds - k) * blockRows;
    const value = time[sorted[start]];
    while (start > 0 && time[sorted[start - 1]] === value) start--;
    starts[k] = start;
  }
  starts[folds] = timed;
  for (let k = 0; k < folds; k++) {
    if (starts[k] === 0 || starts[k] === starts[k + 1]) {
      throw new DataError(`too many rows share a timestamp to make ${folds} time-ordered folds, each with earlier training rows`);
    }
  }

  const rank = new Int32Array(rows).fill(-1);
  for (let p = 0; p < timed; p++) rank[sorted[p]] = p;
  const result: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const start = starts[k];
    const end = starts[k + 1];
    const train = new Uint32Array(start);
    const test = new Uint32Array(end - start);
    let r = 0;
    let t = 0;
    for (let i = 0; i < rows; i++) {
      const p = rank[i];
      if (p < 0) continue;
      if (p < start) train[r++] = i;
      else if (p < end) test[t++] = i;
    }
    result.push({ train, test });
  }
  return result;
}

/** Positions of the rows with a time, sorted by time (then position, for a deterministic order). */
function rowsByTime(time: Float64Array): Uint32Array {
  let timed = 0;
  for (let i = 0; i < time.length; i++) if (!Number.isNaN(time[i])) timed++;
  const sorted = new Uint32Array(timed);
  let p = 0;
  for (let i = 0; i < time.length; i++) if (!Number.isNaN(time[i])) sorted[p++] = i;
  return sorted.sort((a, b) => (time[a] < time[b] ? -1 : time[a] > time[b] ? 1 : a - b));
}
