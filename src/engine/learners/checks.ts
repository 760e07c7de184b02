import { DataError } from '../errors';
import type { FeatureMatrix, Target } from './types';

/**
 * Checks a training problem before any work: matching lengths, a usable target (no missing
 * values, at least two classes for a classifier), sane weights. Throws `DataError` for problems
 * in the data and `RangeError` for inconsistent arguments.
 */
export function requireTrainable(x: FeatureMatrix, y: Target, sampleWeight?: Float64Array): void {
  const n = x.rows;
  if (n < 1) throw new DataError('there are no rows to train on');
  for (const column of x.columns) {
    const length = column.kind === 'numeric' ? column.values.length : column.codes.length;
    if (length !== n) throw new RangeError(`feature '${column.name}' has ${length} values for ${n} rows`);
  }
  if (y.kind === 'regression') {
    if (y.values.length !== n) throw new RangeError(`the target has ${y.values.length} values for ${n} rows`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y.values[i])) throw new DataError(`the target is missing or not finite in row ${i + 1}; drop such rows first`);
    }
  } else {
    if (y.codes.length !== n) throw new RangeError(`the target has ${y.codes.length} values for ${n} rows`);
    const seen = new Uint8Array(y.classes.length);
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      const c = y.codes[i];
      if (c < 0 || c >= y.classes.length) throw new DataError(`the target is missing or unknown in row ${i + 1}; drop such rows first`);
      if (!seen[c]) {
        seen[c] = 1;
        distinct++;
      }
    }
    if (distinct < 2) {
      throw new DataError(`the target has a single class ('${y.classes[y.codes[0]]}') in these rows; a classifier needs at least two`);
    }
  }
  if (sampleWeight) {
    if (sampleWeight.length !== n) throw new RangeError(`sampleWeight has ${sampleWeight.length} values for ${n} rows`);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = sampleWeight[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`sampleWeight[${i}] is ${w}; weights must be finite and >= 0`);
      total += w;
    }
    if (total <= 0) throw new RangeError('sampleWeight sums to 0');
  }
}

/** The target as numbers: class codes or regression values. */
export function labelsOf(y: Target): Float64Array {
  return y.kind === 'regression' ? y.values : Float64Array.from(y.codes);
}

/** Checks that prediction features match training ones (names, kinds, order). */
export function checkFeatures(x: FeatureMatrix, names: readonly string[], kinds: readonly ('numeric' | 'categorical')[]): void {
  if (x.columns.length !== names.length) {
    throw new RangeError(`the model expects ${names.length} features, got ${x.columns.length}`);
  }
  x.columns.forEach((column, i) => {
    if (column.name !== names[i]) throw new RangeError(`feature ${i} is '${column.name}', the model expects '${names[i]}'`);
    if (column.kind !== kinds[i]) throw new RangeError(`feature '${column.name}' is ${column.kind}, the model expects ${kinds[i]}`);
  });
}

/** Columns split by kind, indexed by feature position (null where the kind differs). */
export function rawColumns(x: FeatureMatrix): { numeric: (Float64Array | null)[]; codes: (Int32Array | null)[] } {
  return {
    numeric: x.columns.map((c) => (c.kind === 'numeric' ? c.values : null)),
    codes: x.columns.map((c) => (c.kind === 'categorical' ? c.codes : null)),
  };
}

/**
 * The features as a dense row-major numeric matrix for learners that need one (linear, kNN,
 * MLP); categorical or missing values are a `TypeError`, since their pipeline must encode and
 * impute first.
 */
export function denseMatrix(x: FeatureMatrix, learner: string): Float64Array {
  const width = x.columns.length;
  const out = new Float64Array(x.rows * width);
  x.columns.forEach((column, f) => {
    if (column.kind !== 'numeric') {
      throw new TypeError(`${learner} needs numeric features; '${column.name}' is categorical (encode it first)`);
    }
    const values = column.values;
    for (let r = 0; r < x.rows; r++) {
      const v = values[r];
      if (v !== v) throw new TypeError(`${learner} cannot use missing values; '${column.name}' has one in row ${r + 1} (impute first)`);
      out[r * width + f] = v;
    }
  });
  return out;
}
