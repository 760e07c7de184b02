/**
 * One column of new data against its reference: drift (by the method `driftMethod` picks; free
 * text by its lengths), the population stability index over the reference's buckets, and the
 * column's data quality (null rate, values outside the reference's range, categories it never saw). Missing values are
 * counted, not dropped silently: drift compares the values present, the null rate is its own check.
 */
import type { Column } from '../data/frame';
import { countBucketsSorted, countUpTo, levelShares, toShares } from './buckets';
import { sortFloat64 } from '../profile/radixSort';
import { alignCounts, countCodes, countValues } from './discreteCounts';
import { driftMethod, isDrift } from './driftMethod';
import { continuousScore, discreteScore } from './driftScore';
import { worstGrade } from '../robustness/wording';
import type { ColumnDriftReport, MonitorGrade, QualityFinding } from './monitorReport';
import { populationStabilityIndex } from './stats/psi';
import { twoProportionZTest } from './stats/zTest';
import type { ReferenceCategoricalColumn, ReferenceColumn, ReferenceNumericColumn } from './types';

/** Fewer values than this in a window make a drift score meaningless: reported as insufficient. */
export const MIN_WINDOW_ROWS = 100;
/** PSI grades (the usual rule of thumb). */
export const PSI_WARN = 0.1;
export const PSI_ALERT = 0.25;
/**
 * Null rate: a rise of more than NULL_WARN (absolute) that a z-test finds significant (p < 0.01)
 * warns; a rise of more than NULL_ALERT alerts. Falls are reported, not graded.
 */
export const NULL_WARN = 0.05;
export const NULL_ALERT = 0.2;
const NULL_P_VALUE = 0.01;
/** Shares of values outside the reference's range, or of categories it never saw: warn, alert. */
export const NEW_VALUES_WARN = 0.01;
export const NEW_VALUES_ALERT = 0.05;
/** Unseen categories named in a report. */
const UNSEEN_NAMED = 5;

/** What `checkColumn` needs of the reference besides the column itself. */
export interface ColumnReferenceSide {
  readonly column: ReferenceColumn;
  /** Training rows the reference describes (decides test or distance). */
  readonly referenceRows: number;
  /** The reference sample's non-missing values: numbers, or labels. */
  readonly sample: Float64Array | readonly string[];
  readonly critical: boolean;
}

export interface ColumnCheck {
  readonly report: ColumnDriftReport;
  readonly findings: readonly QualityFinding[];
}

function gradeOfShare(share: number, warn: number, alert: number): MonitorGrade {
  return share > alert ? 'alert' : share > warn ? 'warn' : 'ok';
}

function psiGrade(psi: number | null): MonitorGrade {
  return psi === null ? 'ok' : psi >= PSI_ALERT ? 'alert' : psi >= PSI_WARN ? 'warn' : 'ok';
}

const percent = (share: number): string => `${(100 * share).toFixed(share < 0.01 ? 2 : 1)}%`;

/** The null-rate finding of a column, when its rate rose enough to matter. */
function nullRateFinding(name: string, missing: number, rows: number, referenceRate: number, referenceRows: number): QualityFinding | undefined {
  const rate = missing / rows;
  const rise = rate - referenceRate;
  if (rise <= NULL_WARN) return undefined;
  const significant = twoProportionZTest(Math.round(referenceRate * referenceRows), referenceRows, missing, rows).pValue < NULL_P_VALUE;
  if (!significant) return undefined;
  const grade: MonitorGrade = rise > NULL_ALERT ? 'alert' : 'warn';
  return { check: 'nullRate', column: name, grade, value: rate, reference: referenceRate, sentence: `'${name}' is missing in ${percent(rate)} of rows, against ${percent(referenceRate)} in training.` };
}

/** Numbers (and dates, as epoch ms) of `column` over `rows`: the values present, and how many are missing. */
function presentNumbers(column: Column, rows: Uint32Array): { values: Float64Array; missing: number } {
  if (column.storage === 'categorical') throw new RangeError(`column '${column.name}' holds labels, not numbers`);
  const values = new Float64Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = column.values[rows[i]];
    if (v === v) values[n++] = v;
  }
  return { values: values.subarray(0, n), missing: rows.length - n };
}

function numericCheck(side: ColumnReferenceSide & { column: ReferenceNumericColumn }, column: Column, rows: Uint32Array): ColumnCheck {
  const reference = side.column;
  const name = reference.name;
  const { values, missing } = presentNumbers(column, rows);
  const findings: QualityFinding[] = [];
  const nullFinding = nullRateFinding(name, missing, rows.length, reference.nullRate, side.referenceRows);
  if (nullFinding) findings.push(nullFinding);
  const base = { name, kind: 'numeric' as const, referenceNullRate: reference.nullRate, nullRate: rows.length > 0 ? missing / rows.length : null, critical: side.critical };
  const sample = side.sample as Float64Array;
  if (values.length < MIN_WINDOW_ROWS || sample.length === 0) {
    const status = values.length === 0 && sample.length === 0 ? 'empty' : 'insufficient';
    return { report: { ...base, status, method: null, score: null, threshold: 0, drift: false, psi: null, grade: worstGrade(findings.map((f) => f.grade)) }, findings };
  }
  // Sorted once: the range, the buckets and the drift score all read the order.
  sortFloat64(values);
  const outside = countUpTo(values, reference.min, true) + values.length - countUpTo(values, reference.max);
  const outOfRange = outside / values.length;
  const rangeGrade = gradeOfShare(outOfRange, NEW_VALUES_WARN, NEW_VALUES_ALERT);
  if (rangeGrade !== 'ok') {
    findings.push({ check: 'outOfRange', column: name, grade: rangeGrade, value: outOfRange, sentence: `${percent(outOfRange)} of '${name}' values lie outside the training range [${reference.min}, ${reference.max}].` });
  }
  const method = driftMethod('numeric', reference.distinct, side.referenceRows);
  const score =
    method === 'ks' || method === 'wasserstein'
      ? continuousScore(method, sortFloat64(Float64Array.from(sample)), values, reference.std)
      : discreteScore(method, alignCounts(countValues(sample), countValues(values)));
  const psi = populationStabilityIndex(reference.bins.shares, toShares(countBucketsSorted(reference.bins.edges, values)));
  const { drift, threshold } = isDrift(method, score);
  const grade = worstGrade([drift ? 'warn' : 'ok', psiGrade(psi), ...findings.map((f) => f.grade)]);
  return { report: { ...base, status: 'checked', method, score, threshold, drift, psi, outOfRange, grade }, findings };
}

/**
 * Free text: every value is its own label, so category drift and "unseen" values say nothing.
 * What is compared is the distribution of text lengths (in characters), a descriptor Evidently
 * uses too; its null rate is checked as for any column.
 */
function textCheck(side: ColumnReferenceSide & { column: ReferenceCategoricalColumn }, column: Column, rows: Uint32Array): ColumnCheck {
  const reference = side.column;
  const name = reference.name;
  if (column.storage !== 'categorical') throw new RangeError(`column '${name}' holds numbers, but the model read it as text`);
  const lengthOfCode = Float64Array.from(column.dictionary, (label) => label.length);
  const lengths = new Float64Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const code = column.codes[rows[i]];
    if (code >= 0) lengths[n++] = lengthOfCode[code];
  }
  const values = lengths.subarray(0, n);
  const missing = rows.length - n;
  const findings: QualityFinding[] = [];
  const nullFinding = nullRateFinding(name, missing, rows.length, reference.nullRate, side.referenceRows);
  if (nullFinding) findings.push(nullFinding);
  const sample = Float64Array.from(side.sample as readonly string[], (label) => label.length);
  const base = { name, kind: 'categorical' as const, referenceNullRate: reference.nullRate, nullRate: rows.length > 0 ? missing / rows.length : null, critical: side.critical, psi: null };
  if (values.length < MIN_WINDOW_ROWS || sample.length === 0) {
    const status = values.length === 0 && sample.length === 0 ? 'empty' : 'insufficient';
    return { report: { ...base, status, method: null, score: null, threshold: 0, drift: false, grade: worstGrade(findings.map((f) => f.grade)) }, findings };
  }
  const method = driftMethod('numeric', new Set(sample).size, side.referenceRows);
  let mean = 0;
  for (const v of sample) mean += v;
  mean /= sample.length;
  let variance = 0;
  for (const v of sample) variance += (v - mean) ** 2;
  const score =
    method === 'ks' || method === 'wasserstein'
      ? continuousScore(method, sortFloat64(sample), sortFloat64(values), Math.sqrt(variance / sample.length))
      : discreteScore(method, alignCounts(countValues(sample), countValues(values)));
  const { drift, threshold } = isDrift(method, score);
  const grade = worstGrade([drift ? 'warn' : 'ok', ...findings.map((f) => f.grade)]);
  return { report: { ...base, status: 'checked', method, score, threshold, drift, grade }, findings };
}

function categoricalCheck(side: ColumnReferenceSide & { column: ReferenceCategoricalColumn }, column: Column, rows: Uint32Array): ColumnCheck {
  const reference = side.column;
  const name = reference.name;
  if (column.storage !== 'categorical') throw new RangeError(`column '${name}' holds numbers, but the model read it as categories`);
  const current = countCodes(column.codes, column.dictionary, rows);
  let present = 0;
  for (const count of current.values()) present += count;
  const missing = rows.length - present;
  const findings: QualityFinding[] = [];
  const nullFinding = nullRateFinding(name, missing, rows.length, reference.nullRate, side.referenceRows);
  if (nullFinding) findings.push(nullFinding);
  const base = { name, kind: 'categorical' as const, referenceNullRate: reference.nullRate, nullRate: rows.length > 0 ? missing / rows.length : null, critical: side.critical };
  const sample = side.sample as readonly string[];
  if (present < MIN_WINDOW_ROWS || sample.length === 0) {
    const status = present === 0 && sample.length === 0 ? 'empty' : 'insufficient';
    return { report: { ...base, status, method: null, score: null, threshold: 0, drift: false, psi: null, grade: worstGrade(findings.map((f) => f.grade)) }, findings };
  }
  // Levels, other levels and labels training never saw, counted as the reference counted them.
  const window = levelShares(reference, Int32Array.from(rows, (r) => column.codes[r]), column.dictionary);
  const unseen = window.unseenShare;
  const unseenLevels = window.unseen.slice(0, UNSEEN_NAMED);
  if (unseenLevels.length > 0) {
    const named = unseenLevels.map((label) => `'${label}'`).join(', ');
    const unseenGrade = gradeOfShare(unseen, NEW_VALUES_WARN, NEW_VALUES_ALERT);
    findings.push({ check: 'unseenCategories', column: name, grade: unseenGrade, value: unseen, sentence: `${percent(unseen)} of '${name}' values are categories training never saw (${named}).` });
  }
  const method = driftMethod('categorical', reference.distinct, side.referenceRows);
  const score = discreteScore(method, alignCounts(countValues(sample), current));
  // PSI over the reference's own buckets: its top levels and "other" (unseen labels fall there).
  const psi = populationStabilityIndex([...reference.shares, reference.otherShare], [...window.shares, window.otherShare + window.unseenShare]);
  const { drift, threshold } = isDrift(method, score);
  const grade = worstGrade([drift ? 'warn' : 'ok', psiGrade(psi), ...findings.map((f) => f.grade)]);
  return {
    report: { ...base, status: 'checked', method, score, threshold, drift, psi, unseen, unseenLevels, grade },
    findings,
  };
}

/**
 * Checks the `rows` of `column` (the new data, read with the training types) against `side`.
 * A window with fewer than MIN_WINDOW_ROWS values is 'insufficient' (its null rate still checked);
 * an empty or constant column never throws.
 */
export function checkColumn(side: ColumnReferenceSide, column: Column, rows: Uint32Array): ColumnCheck {
  if (side.column.kind === 'numeric') return numericCheck(side as ColumnReferenceSide & { column: ReferenceNumericColumn }, column, rows);
  const categorical = side as ColumnReferenceSide & { column: ReferenceCategoricalColumn };
  return side.column.type === 'text' ? textCheck(categorical, column, rows) : categoricalCheck(categorical, column, rows);
}
