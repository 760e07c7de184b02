import { DataError } from '../errors';
import type { Column, Frame } from '../data/frame';
import type { Target, Task } from '../learners/types';
import { profileColumn } from '../profile/columnProfile';
import { inferTask } from '../profile/target';

/** How the target column becomes a learner's `Target` (fitted on training rows, saved with the model). */
export type TargetSpec =
  | { readonly column: string; readonly task: 'regression' }
  | {
      readonly column: string;
      readonly task: 'binary' | 'multiclass';
      /** Class labels as written in the data; a label's index is its class code. */
      readonly classes: readonly string[];
    };

/** The target column, or a `DataError` naming it and the available columns. */
export function targetColumn(frame: Frame, name: string): Column {
  const column = frame.columns.find((c) => c.name === name);
  if (!column) {
    const names = frame.columns.map((c) => `'${c.name}'`);
    throw new DataError(`target column '${name}' not found; columns: ${names.slice(0, 30).join(', ')}${names.length > 30 ? ', …' : ''}`);
  }
  return column;
}

/** Label text of a target cell (numbers in shortest round-trip form), or undefined when missing. */
function labelAt(column: Column, row: number): string | undefined {
  if (column.storage === 'categorical') {
    const code = column.codes[row];
    return code < 0 ? undefined : column.dictionary[code];
  }
  const v = column.values[row];
  return Number.isNaN(v) ? undefined : String(v);
}

/**
 * Decides the task (inferred from the column as the profile does, unless given) and, for
 * classification, the class labels in a stable order (numeric labels ascending, others in
 * the column's first-appearance order).
 */
export function fitTargetSpec(frame: Frame, name: string, task?: Task): TargetSpec {
  const column = targetColumn(frame, name);
  const chosen = task ?? inferTask(profileColumn(column, frame.rowCount));
  if (chosen === 'regression') {
    if (column.storage === 'categorical') throw new DataError(`target '${name}' holds text, so it cannot be a regression target`);
    return { column: name, task: 'regression' };
  }
  let classes: string[];
  if (column.storage === 'categorical') {
    const used = new Uint8Array(column.dictionary.length);
    for (const code of column.codes) if (code >= 0) used[code] = 1;
    classes = column.dictionary.filter((_, code) => used[code] === 1);
  } else {
    const distinct = [...new Set(Array.from(column.values).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    classes = distinct.map(String);
  }
  if (classes.length < 2) throw new DataError(`target '${name}' has ${classes.length} class(es); a classifier needs at least two`);
  const classTask = classes.length === 2 ? 'binary' : 'multiclass';
  if (task !== undefined && task !== classTask) {
    throw new DataError(`target '${name}' has ${classes.length} classes, which makes the task ${classTask}, not ${task}`);
  }
  return { column: name, task: classTask, classes };
}

/**
 * The target of `frame` under `spec`, and the rows where it is present (rows with a missing or,
 * for classification, unknown label cannot be learned from and are left out).
 */
export function encodeTarget(spec: TargetSpec, frame: Frame): { target: Target; rows: Uint32Array } {
  const column = targetColumn(frame, spec.column);
  const n = frame.rowCount;
  const keep: number[] = [];
  if (spec.task === 'regression') {
    if (column.storage === 'categorical') throw new DataError(`target '${spec.column}' holds text, not numbers`);
    for (let i = 0; i < n; i++) if (Number.isFinite(column.values[i])) keep.push(i);
    const rows = Uint32Array.from(keep);
    return { target: { kind: 'regression', values: Float64Array.from(rows, (r) => column.values[r]) }, rows };
  }
  const index = new Map(spec.classes.map((label, code) => [label, code]));
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = labelAt(column, i);
    const code = label === undefined ? undefined : index.get(label);
    if (code !== undefined) {
      keep.push(i);
      codes.push(code);
    }
  }
  return { target: { kind: 'classification', classes: spec.classes, codes: Int32Array.from(codes) }, rows: Uint32Array.from(keep) };
}
