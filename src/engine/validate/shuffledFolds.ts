import { DataError } from '../errors';
import type { Rng } from '../random';
import { positions, rowsByClass } from './foldArrays';

/**
 * Random test-fold assignments (one fold index per row) for k-fold, stratified k-fold and
 * holdout validation, following scikit-learn's KFold, StratifiedKFold and (Stratified)ShuffleSplit
 * with `shuffle=True`. All randomness comes from `rng`.
 */

/**
 * Shuffled k-fold (scikit-learn KFold): rows are permuted and cut into `folds` consecutive blocks,
 * the first `rows % folds` one row larger.
 */
export function kFoldAssignment(rows: number, folds: number, rng: Rng): Int32Array {
  if (rows < folds) throw new DataError(`${folds}-fold validation needs at least ${folds} rows; the data has ${rows}`);
  const permutation = rng.shuffle(positions(rows));
  const testFoldOf = new Int32Array(rows);
  const base = Math.floor(rows / folds);
  const larger = rows % folds;
  let position = 0;
  for (let f = 0; f < folds; f++) {
    const end = position + base + (f < larger ? 1 : 0);
    for (; position < end; position++) testFoldOf[permutation[position]] = f;
  }
  return testFoldOf;
}

/**
 * Stratified k-fold (scikit-learn StratifiedKFold): the rows, grouped by class and shuffled
 * within each class, are dealt round-robin to the folds. So every class's count in a fold is the
 * floor or ceiling of its share, and fold sizes differ by at most one row.
 *
 * A class with fewer rows than folds is allowed (scikit-learn only warns): it appears in as many
 * test folds as it has rows, and a single-row class is tested once and never trained on in that
 * fold. Refusing it would fail whole runs over one rare label; `chooseValidation` lowers the fold
 * count to the smallest class so this stays the exception. The split is refused (DataError) only
 * when no class has `folds` rows, where stratification cannot shape any fold (scikit-learn's rule).
 */
export function stratifiedKFoldAssignment(codes: Int32Array, classes: number, folds: number, rng: Rng): Int32Array {
  const rows = codes.length;
  if (rows < folds) throw new DataError(`${folds}-fold validation needs at least ${folds} rows; the data has ${rows}`);
  const { order, starts } = rowsByClass(codes, classes);
  let largest = 0;
  for (let c = 0; c < classes; c++) {
    const segment = order.subarray(starts[c], starts[c + 1]);
    largest = Math.max(largest, segment.length);
    rng.shuffle(segment);
  }
  if (largest < folds) {
    throw new DataError(`stratified ${folds}-fold validation needs a class with at least ${folds} rows; the largest has ${largest}`);
  }
  const testFoldOf = new Int32Array(rows);
  for (let p = 0; p < rows; p++) testFoldOf[order[p]] = p % folds;
  return testFoldOf;
}

/**
 * Rows in the test set of a holdout of `testFraction`: ceil(testFraction × rows) of them (as
 * scikit-learn's ShuffleSplit), at least one row on each side. Returns 0 for test rows, -1 for
 * training rows.
 */
export function holdoutAssignment(rows: number, testFraction: number, rng: Rng): Int32Array {
  const testRows = holdoutTestRows(rows, testFraction);
  const permutation = rng.shuffle(positions(rows));
  const testFoldOf = new Int32Array(rows).fill(-1);
  for (let p = 0; p < testRows; p++) testFoldOf[permutation[p]] = 0;
  return testFoldOf;
}

/**
 * A stratified holdout: each class sends the floor or ceiling of its share of the test size to
 * the test set (largest remainders get the ceiling, equal remainders in random order), so class
 * proportions match the data's within one row. A class keeps at least one training row: a
 * single-row class always trains (scikit-learn refuses such data instead); if that leaves rows of
 * the test size unallocated, the test set is that much smaller rather than skewed.
 */
export function stratifiedHoldoutAssignment(codes: Int32Array, classes: number, testFraction: number, rng: Rng): Int32Array {
  const rows = codes.length;
  const testRows = holdoutTestRows(rows, testFraction);
  const { order, starts } = rowsByClass(codes, classes);
  const testOf = new Float64Array(classes);
  // Integer remainders of count × testRows / rows: exact, so equal shares really compare equal.
  const remainder = new Float64Array(classes);
  let allocated = 0;
  for (let c = 0; c < classes; c++) {
    const count = starts[c + 1] - starts[c];
    testOf[c] = Math.floor((count * testRows) / rows);
    remainder[c] = (count * testRows) % rows;
    allocated += testOf[c];
  }
  const byRemainder = rng.shuffle(positions(classes));
  byRemainder.sort((a, b) => remainder[b] - remainder[a]);
  for (let k = 0; k < classes && allocated < testRows; k++) {
    const c = byRemainder[k];
    const count = starts[c + 1] - starts[c];
    if (testOf[c] + 1 > count - 1) continue;
    testOf[c]++;
    allocated++;
  }
  if (allocated === 0) throw new DataError('a stratified holdout needs a class with at least 2 rows; every class has 1');
  const testFoldOf = new Int32Array(rows).fill(-1);
  for (let c = 0; c < classes; c++) {
    const segment = rng.shuffle(order.subarray(starts[c], starts[c + 1]));
    for (let p = 0; p < testOf[c]; p++) testFoldOf[segment[p]] = 0;
  }
  return testFoldOf;
}

function holdoutTestRows(rows: number, testFraction: number): number {
  // The small slack keeps 0.1 × 30 = 3.0000000000000004 from rounding up to 4.
  const testRows = Math.max(1, Math.ceil(testFraction * rows - 1e-9));
  if (rows < 2 || testRows >= rows) {
    throw new DataError(`a holdout of ${testFraction} needs rows on both sides; the data has ${rows} row${rows === 1 ? '' : 's'}`);
  }
  return testRows;
}
