import type { Rng } from '../../random';
import { binWithMappers, fitBinMapper, numericBounds, type BinnedMatrix } from '../gbdt/binning';
import type { FeatureMatrix } from '../types';

/**
 * Bin boundaries for a forest: every distinct value its own bin when there are at most `maxBin`
 * (boundaries halfway between neighbours, as the GBDT's `numericBounds`), else boundaries at
 * equal steps through the sorted DISTINCT values rather than through the rows.
 *
 * Why not the GBDT's equal-frequency bins: trees grown to purity split down to single rows, so
 * resolution where rows are rare matters. On diamonds (carat, x, y, z have 273-554 distinct
 * values, with long sparse tails of expensive stones), scikit-learn's forests on features
 * quantised to 255 equal-frequency bins lose 2-3.5% RMSE against the raw features, and on
 * 255 equal-distinct-count bins they lose 0-0.7%. For continuous features whose values are all
 * different, both rules give the same bins.
 */
export function distinctQuantileBounds(sortedValues: Float64Array, maxBin: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sortedValues.length; i++) {
    const v = sortedValues[i];
    if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  }
  if (distinct.length <= maxBin) return numericBounds(sortedValues, maxBin);
  const bounds: number[] = [];
  const d = distinct.length;
  for (let j = 1; j < maxBin; j++) {
    const i = Math.floor((j * d) / maxBin);
    const a = distinct[i - 1];
    const b = distinct[i];
    const m = a + (b - a) / 2;
    bounds.push(m >= b ? a : m);
  }
  bounds.push(Infinity);
  return Float64Array.from(bounds);
}

/**
 * Fits the forest's bin mappers on `x` and bins it (row-major, one byte per cell, missing values
 * in bin `numBins`), in the GBDT's `BinnedMatrix` layout so tree traversal code is shared.
 */
export function binForestData(x: FeatureMatrix, maxBin: number, rng: Rng): BinnedMatrix {
  return binWithMappers(
    x,
    x.columns.map((column) => fitBinMapper(column, undefined, maxBin, rng, distinctQuantileBounds)),
  );
}
