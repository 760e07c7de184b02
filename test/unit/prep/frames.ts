/** Small frames built column by column for the preprocessing tests (no CSV parsing involved). */
import type { CategoricalColumn, Column, DatetimeColumn, Frame, NumericColumn } from '../../../src/engine/data/frame';
import { PLAIN_NUMBER_FORMAT } from '../../../src/engine/data/frame';
import type { FeatureMatrix } from '../../../src/engine/learners/types';

/** A dictionary-encoded column; `undefined` is missing. The dictionary is in first-appearance order unless given. */
export function cat(name: string, labels: readonly (string | undefined)[], type: CategoricalColumn['type'] = 'categorical', dictionary?: readonly string[]): CategoricalColumn {
  const dict = dictionary ? [...dictionary] : [];
  const index = new Map(dict.map((label, code) => [label, code]));
  const codes = Int32Array.from(labels, (label) => {
    if (label === undefined) return -1;
    let code = index.get(label);
    if (code === undefined) {
      code = dict.length;
      dict.push(label);
      index.set(label, code);
    }
    return code;
  });
  return { name, storage: 'categorical', type, codes, dictionary: dict };
}

export function text(name: string, texts: readonly (string | undefined)[]): CategoricalColumn {
  return cat(name, texts, 'text');
}

/** A float column; NaN is missing. */
export function num(name: string, values: readonly number[]): NumericColumn {
  return { name, storage: 'numeric', type: 'float', values: Float64Array.from(values), format: PLAIN_NUMBER_FORMAT };
}

export function dates(name: string, ms: readonly number[]): DatetimeColumn {
  return { name, storage: 'datetime', type: 'datetime', values: Float64Array.from(ms), format: { order: 'ymd', hasTime: false } };
}

export function frameOf(...columns: Column[]): Frame {
  const first = columns[0];
  const rowCount = !first ? 0 : first.storage === 'categorical' ? first.codes.length : first.values.length;
  return { rowCount, columns };
}

export function range(from: number, to: number): Uint32Array {
  return Uint32Array.from({ length: to - from }, (_, i) => from + i);
}

/** The values of a numeric feature column by name (throws when it is absent or categorical). */
export function valuesOf(x: FeatureMatrix, name: string): Float64Array {
  const column = x.columns.find((c) => c.name === name);
  if (!column) throw new Error(`no feature '${name}' among ${x.columns.map((c) => c.name).join(', ')}`);
  if (column.kind !== 'numeric') throw new Error(`feature '${name}' is categorical`);
  return column.values;
}

/** Codes of a categorical feature column by name. */
export function codesOf(x: FeatureMatrix, name: string): Int32Array {
  const column = x.columns.find((c) => c.name === name);
  if (!column || column.kind !== 'categorical') throw new Error(`no categorical feature '${name}'`);
  return column.codes;
}

/** Asserts two numbers agree to a relative/absolute tolerance. */
export function close(actual: number, expected: number, tolerance = 1e-12): boolean {
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}
