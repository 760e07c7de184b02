/**
 * Test helpers: the public datasets (datasets/, see test/publicDatasets.ts) as learner problems
 * on their fixed holdout split, and the holdout metrics the peer figures use. The Frame ->
 * FeatureMatrix conversion here is a stand-in until the real preprocessing pipeline exists.
 */
import type { Column, Frame } from '../../../src/engine/data/frame';
import type { FeatureColumn, FeatureMatrix, Target, Task } from '../../../src/engine/learners/types';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile, manifestEntry, readSplit, type ManifestEntry } from '../../publicDatasets';

/** A dataset as a learner problem: all rows, with the fixed split's row indices. */
export interface DatasetProblem {
  readonly entry: ManifestEntry;
  readonly x: FeatureMatrix;
  readonly y: Target;
  readonly train: Uint32Array;
  readonly test: Uint32Array;
  /** Columns dropped from the features (text and ID columns). */
  readonly dropped: readonly string[];
}

/** Reads a dataset and its split (`splits/NAME.json`: 0-based data-row indices). */
export async function loadDatasetProblem(name: string): Promise<DatasetProblem> {
  const entry = manifestEntry(name);
  const { frame } = await readCsvFile(datasetFile(name));
  const split = readSplit(name);
  const { x, y, dropped } = frameProblem(frame, entry.target, entry.task);
  return { entry, x, y, train: Uint32Array.from(split.train), test: Uint32Array.from(split.test), dropped };
}

/**
 * A frame as features and target, featurised like the peer baseline's `featurize`: numeric
 * columns stay numeric, categorical and boolean columns become native categorical features,
 * datetimes become year, month, day, weekday (Monday = 0), hour (only when the column has times)
 * and elapsed days since 1970 as numbers (UTC), and text and ID columns are dropped. Category
 * codes follow the sorted labels, as scikit-learn's `OrdinalEncoder` numbers them (learners that
 * take the code order as a possible ordering of the categories then see the same order).
 * Classification targets get their classes sorted as strings (scikit-learn's `classes_`).
 */
export function frameProblem(frame: Frame, target: string, task: Task): { x: FeatureMatrix; y: Target; dropped: string[] } {
  const targetColumn = frame.columns.find((c) => c.name === target);
  if (!targetColumn) throw new RangeError(`no column '${target}'`);
  const columns: FeatureColumn[] = [];
  const dropped: string[] = [];
  for (const column of frame.columns) {
    if (column === targetColumn) continue;
    if (column.type === 'text' || column.type === 'id') {
      dropped.push(column.name);
      continue;
    }
    if (column.storage === 'numeric') columns.push({ kind: 'numeric', name: column.name, values: column.values });
    else if (column.storage === 'categorical') columns.push(sortedCategories(column.name, column.codes, column.dictionary));
    else columns.push(...dateParts(column.name, column.values, column.format.hasTime));
  }
  return { x: { rows: frame.rowCount, columns }, y: targetOf(targetColumn, task, frame.rowCount), dropped };
}

/** A categorical column recoded so that code order is label order. */
function sortedCategories(name: string, codes: Int32Array, dictionary: readonly string[]): FeatureColumn {
  const order = dictionary.map((_, code) => code).sort((a, b) => (dictionary[a] < dictionary[b] ? -1 : dictionary[a] > dictionary[b] ? 1 : 0));
  const recode = new Int32Array(dictionary.length);
  order.forEach((code, rank) => (recode[code] = rank));
  return { kind: 'categorical', name, codes: Int32Array.from(codes, (c) => (c < 0 ? -1 : recode[c])), levels: dictionary.length };
}

function dateParts(name: string, ms: Float64Array, hasTime: boolean): FeatureColumn[] {
  const n = ms.length;
  const parts: Record<string, Float64Array> = {
    year: new Float64Array(n),
    month: new Float64Array(n),
    day: new Float64Array(n),
    dow: new Float64Array(n),
    days: new Float64Array(n),
  };
  if (hasTime) parts.hour = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = ms[r];
    if (Number.isNaN(v)) {
      for (const a of Object.values(parts)) a[r] = NaN;
      continue;
    }
    const d = new Date(v);
    parts.year[r] = d.getUTCFullYear();
    parts.month[r] = d.getUTCMonth() + 1;
    parts.day[r] = d.getUTCDate();
    parts.dow[r] = (d.getUTCDay() + 6) % 7;
    parts.days[r] = v / 86_400_000;
    if (parts.hour) parts.hour[r] = d.getUTCHours() + d.getUTCMinutes() / 60;
  }
  return Object.entries(parts).map(([part, values]) => ({ kind: 'numeric', name: `${name}__${part}`, values }));
}

function targetOf(column: Column, task: Task, rows: number): Target {
  if (task === 'regression') {
    if (column.storage !== 'numeric') throw new TypeError(`regression target '${column.name}' is not numeric`);
    return { kind: 'regression', values: column.values };
  }
  const labels: (string | undefined)[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    if (column.storage === 'categorical') labels[r] = column.codes[r] < 0 ? undefined : column.dictionary[column.codes[r]];
    else labels[r] = Number.isNaN(column.values[r]) ? undefined : String(column.values[r]);
  }
  const classes = [...new Set(labels.filter((l): l is string => l !== undefined))].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  return { kind: 'classification', classes, codes: Int32Array.from(labels, (l) => (l === undefined ? -1 : (index.get(l) as number))) };
}

/** Rows `rows` of a problem (a copy). */
export function subsetProblem(x: FeatureMatrix, y: Target, rows: ArrayLike<number>): { x: FeatureMatrix; y: Target } {
  const pick = <T extends Float64Array | Int32Array>(source: T, make: (n: number) => T): T => {
    const out = make(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = source[rows[i]];
    return out;
  };
  const f64 = (n: number): Float64Array => new Float64Array(n);
  const i32 = (n: number): Int32Array => new Int32Array(n);
  return {
    x: {
      rows: rows.length,
      columns: x.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: pick(c.values, f64) } : { ...c, codes: pick(c.codes, i32) })),
    },
    y: y.kind === 'regression' ? { kind: 'regression', values: pick(y.values, f64) } : { ...y, codes: pick(y.codes, i32) },
  };
}

/** ROC AUC of scores for `positive` (ties get the average rank, as scikit-learn). */
export function rocAuc(codes: Int32Array, score: Float64Array, positive: number): number {
  const n = codes.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]] === score[idx[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (codes[idx[k]] === positive) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Macro-averaged F1 over the classes present in the truth or the predictions (as scikit-learn). */
export function macroF1(codes: Int32Array, predicted: Float64Array, classes: number): number {
  let sum = 0;
  let used = 0;
  for (let k = 0; k < classes; k++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < codes.length; i++) {
      const isTrue = codes[i] === k;
      const isPred = predicted[i] === k;
      if (isTrue && isPred) tp++;
      else if (isPred) fp++;
      else if (isTrue) fn++;
    }
    if (tp + fp + fn === 0) continue;
    used++;
    sum += tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / used;
}

export function accuracy(codes: Int32Array, predicted: Float64Array): number {
  let hits = 0;
  for (let i = 0; i < codes.length; i++) if (predicted[i] === codes[i]) hits++;
  return hits / codes.length;
}

export function rmse(values: Float64Array, predicted: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - predicted[i]) ** 2;
  return Math.sqrt(s / values.length);
}
