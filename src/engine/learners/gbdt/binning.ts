import type { Rng } from '../../random';
import type { FeatureColumn, FeatureMatrix } from '../types';

/**
 * How one feature maps to histogram bins. Value bins are `0 .. numBins-1`; missing values go to
 * bin `numBins` (so a feature uses `numBins + 1` slots, at most 256: a `Uint8Array` cell).
 */
export type BinMapper =
  | {
      readonly kind: 'numeric';
      readonly numBins: number;
      /** `upperBounds[b]` is the largest value in bin `b`'s range; the last is +Infinity. */
      readonly upperBounds: Float64Array;
    }
  | {
      readonly kind: 'categorical';
      readonly numBins: number;
      /** Bin of each category code; rare categories share the last bin. */
      readonly binOfCode: Int32Array;
      /** Category codes in each bin (the last may hold several rare ones). */
      readonly codesOfBin: readonly (readonly number[])[];
    };

/** Values sampled to place bin boundaries (as LightGBM's bin_construct_sample_cnt). */
const BIN_SAMPLE = 200_000;

/**
 * Equal-frequency bin boundaries over the distinct values of a feature, at most `maxBin` bins.
 * With few distinct values every value gets its own bin and boundaries sit halfway between
 * neighbours, so thresholds generalise like XGBoost's and LightGBM's.
 */
export function numericBounds(sortedValues: Float64Array, maxBin: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sortedValues.length; i++) {
    const v = sortedValues[i];
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  if (distinct.length === 0) return Float64Array.of(Infinity);
  const bounds: number[] = [];
  if (distinct.length <= maxBin) {
    for (let i = 0; i + 1 < distinct.length; i++) bounds.push(midpoint(distinct[i], distinct[i + 1]));
  } else {
    // Greedy equal-frequency cuts; a value heavier than a bin's share closes its own bin.
    let remaining = sortedValues.length;
    let binsLeft = maxBin;
    let inBin = 0;
    for (let i = 0; i + 1 < distinct.length && binsLeft > 1; i++) {
      inBin += counts[i];
      remaining -= counts[i];
      const target = (inBin + remaining) / binsLeft;
      const nextHeavy = counts[i + 1] >= target;
      if (inBin >= target || nextHeavy || distinct.length - 1 - i <= binsLeft - 1) {
        bounds.push(midpoint(distinct[i], distinct[i + 1]));
        binsLeft--;
        inBin = 0;
      }
    }
  }
  bounds.push(Infinity);
  return Float64Array.from(bounds);
}

/** A boundary between two neighbouring values that rounds to neither side wrongly. */
function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return m >= b ? a : m;
}

/** Where numeric bin boundaries go, given sorted sample values and the bin budget. */
export type BoundsRule = (sortedValues: Float64Array, maxBin: number) => Float64Array;

/**
 * Up to 200,000 non-missing values of a numeric column (of `rows` when given), sorted: a seeded
 * sample without replacement (partial Fisher–Yates over positions) when there are more.
 */
export function sortedValueSample(values: Float64Array, rows: Uint32Array | undefined, rng: Rng): Float64Array {
  const n = rows ? rows.length : values.length;
  const take = Math.min(n, BIN_SAMPLE);
  const sample = new Float64Array(take);
  let m = 0;
  if (take === n) {
    for (let i = 0; i < n; i++) {
      const v = values[rows ? rows[i] : i];
      if (v === v) sample[m++] = v;
    }
  } else {
    const positions = new Uint32Array(n);
    for (let i = 0; i < n; i++) positions[i] = i;
    for (let i = 0; i < take; i++) {
      const j = i + rng.int(n - i);
      const p = positions[j];
      positions[j] = positions[i];
      positions[i] = p;
      const v = values[rows ? rows[p] : p];
      if (v === v) sample[m++] = v;
    }
  }
  return sample.subarray(0, m).sort();
}

/**
 * Builds the bin mapper of one feature from (a sample of) its training values; `bounds` places
 * numeric boundaries (equal-frequency by default, as LightGBM).
 */
export function fitBinMapper(
  column: FeatureColumn,
  rows: Uint32Array | undefined,
  maxBin: number,
  rng: Rng,
  bounds: BoundsRule = numericBounds,
): BinMapper {
  if (column.kind === 'categorical') return categoricalMapper(column.codes, column.levels, rows, maxBin);
  const upperBounds = bounds(sortedValueSample(column.values, rows, rng), maxBin);
  return { kind: 'numeric', numBins: upperBounds.length, upperBounds };
}

function categoricalMapper(codes: Int32Array, levels: number, rows: Uint32Array | undefined, maxBin: number): BinMapper {
  const counts = new Float64Array(levels);
  const n = rows ? rows.length : codes.length;
  for (let i = 0; i < n; i++) {
    const c = codes[rows ? rows[i] : i];
    if (c >= 0 && c < levels) counts[c]++;
  }
  const seen = Array.from({ length: levels }, (_, c) => c).filter((c) => counts[c] > 0);
  // Most frequent first; ties by code for determinism.
  seen.sort((a, b) => counts[b] - counts[a] || a - b);
  const own = seen.length <= maxBin ? seen.length : maxBin - 1;
  const codesOfBin: number[][] = seen.slice(0, own).map((c) => [c]);
  if (seen.length > own) codesOfBin.push(seen.slice(own));
  // Categories never seen in training share a bin with nothing: they go where missing values go.
  const binOfCode = new Int32Array(levels).fill(-1);
  codesOfBin.forEach((group, bin) => group.forEach((c) => (binOfCode[c] = bin)));
  return { kind: 'categorical', numBins: Math.max(1, codesOfBin.length), binOfCode, codesOfBin };
}

/** Bin of a numeric value: the first bin whose upper bound is >= value (binary search). */
export function numericBin(upperBounds: Float64Array, value: number): number {
  let lo = 0;
  let hi = upperBounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= upperBounds[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cells of the guide table per bin boundary (more cells, shorter searches). */
const GUIDE_CELLS_PER_BIN = 16;

/**
 * Maps numeric values to bins like `numericBin`, about 5x faster: a guide table over the range of
 * the finite boundaries gives, for the cell a value falls in, a window of at most a few bins to
 * search. Binning every cell of the training matrix is otherwise a visible share of a fit.
 */
export class NumericBinner {
  private readonly low: number;
  private readonly scale: number;
  private readonly cells: number;
  private readonly guide: Uint8Array;

  constructor(private readonly bounds: Float64Array) {
    const finite = bounds.length - 1;
    this.low = finite > 0 ? bounds[0] : 0;
    const high = finite > 0 ? bounds[finite - 1] : 0;
    this.cells = Math.max(1, finite * GUIDE_CELLS_PER_BIN);
    this.scale = high > this.low ? this.cells / (high - this.low) : 0;
    this.guide = new Uint8Array(this.cells + 1);
    for (let k = 0; k <= this.cells; k++) {
      this.guide[k] = this.scale > 0 ? numericBin(bounds, this.low + k / this.scale) : numericBin(bounds, this.low);
    }
  }

  /** Bin of a (non-NaN) value. */
  bin(value: number): number {
    const bounds = this.bounds;
    let k = Math.floor((value - this.low) * this.scale);
    if (!(k >= 0)) k = 0;
    else if (k > this.cells) k = this.cells;
    // One cell of slack either side covers rounding in the cell computation.
    let lo = k > 0 ? this.guide[k - 1] : 0;
    let hi = k + 2 <= this.cells ? this.guide[k + 2] : bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (value <= bounds[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * Training rows binned row-major: `bins[row * features + f]`, one byte per cell, so building a
 * leaf's histogram reads each row's bins from one cache line.
 */
export interface BinnedMatrix {
  readonly rows: number;
  readonly features: number;
  readonly bins: Uint8Array;
  readonly mappers: readonly BinMapper[];
  /** First histogram slot of each feature (features laid out one after another). */
  readonly offsets: Int32Array;
  /** Histogram slots in all: sum of (numBins + 1). */
  readonly totalBins: number;
}

/** Fits bin mappers on `x` (optionally only `rows`) and bins it. */
export function binTrainingData(x: FeatureMatrix, maxBin: number, rng: Rng): BinnedMatrix {
  const mappers = x.columns.map((column) => fitBinMapper(column, undefined, maxBin, rng));
  return binWithMappers(x, mappers);
}

/** Bins `x` with mappers fitted elsewhere (validation data, prediction on training features). */
export function binWithMappers(x: FeatureMatrix, mappers: readonly BinMapper[]): BinnedMatrix {
  const features = x.columns.length;
  const rows = x.rows;
  const bins = new Uint8Array(rows * features);
  const offsets = new Int32Array(features + 1);
  for (let f = 0; f < features; f++) offsets[f + 1] = offsets[f] + mappers[f].numBins + 1;
  for (let f = 0; f < features; f++) {
    const column = x.columns[f];
    const mapper = mappers[f];
    const missing = mapper.numBins;
    if (mapper.kind === 'numeric') {
      if (column.kind !== 'numeric') throw new TypeError(`feature '${column.name}' was numeric in training`);
      const values = column.values;
      const binner = new NumericBinner(mapper.upperBounds);
      for (let r = 0, at = f; r < rows; r++, at += features) {
        const v = values[r];
        bins[at] = v !== v ? missing : binner.bin(v);
      }
    } else {
      if (column.kind !== 'categorical') throw new TypeError(`feature '${column.name}' was categorical in training`);
      const codes = column.codes;
      const binOfCode = mapper.binOfCode;
      for (let r = 0, at = f; r < rows; r++, at += features) {
        const c = codes[r];
        const b = c >= 0 && c < binOfCode.length ? binOfCode[c] : -1;
        bins[at] = b < 0 ? missing : b;
      }
    }
  }
  return { rows, features, bins, mappers, offsets, totalBins: offsets[features] };
}
