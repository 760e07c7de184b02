/**
 * Decisions a run makes before its first trial: which learners, which columns to drop, and the
 * inputs of its validation plan.
 */
import type { Frame } from '../data/frame';
import { DataError } from '../errors';
import { getLearner, listLearners } from '../learners/index';
import type { LearnerSpec } from '../learners/types';
import type { DatasetProfile } from '../profile/types';
import type { ValidationOverrides } from '../validate/splitters';
import type { ValidationPlan } from '../validate/types';
import type { RunPlan } from './events';
import type { RunSpec } from './runSpec';

/** The learners a run uses: the spec's list (checked) or every learner that does the task. */
export function learnersFor(spec: RunSpec, task: RunPlan['task'], tensorflowReady: boolean, log: (m: string) => void): LearnerSpec[] {
  if (spec.models) {
    return spec.models.map((name) => {
      const learner = getLearner(name);
      if (!learner.tasks.includes(task)) throw new DataError(`learner '${name}' does not do ${task} tasks`);
      if (learner.needsTensorflow && !tensorflowReady) throw new DataError(`learner '${name}' needs TensorFlow.js, which did not load`);
      return learner;
    });
  }
  return listLearners().filter((l) => {
    if (!l.tasks.includes(task)) return false;
    if (l.needsTensorflow && !tensorflowReady) {
      log(`learner '${l.name}' left out: TensorFlow.js is not initialised`);
      return false;
    }
    return true;
  });
}

/** The spec's validation settings as `chooseValidation` overrides. */
export function validationOverrides(spec: RunSpec): ValidationOverrides {
  const v = spec.validation;
  return { folds: v?.folds, group: v?.groupColumn, time: v?.timeColumn, repeats: v?.repeats, holdout: v?.holdout };
}

/** Folds a validation plan fits models on. */
export function foldCount(plan: ValidationPlan): number {
  if (plan.kind === 'holdout') return 1;
  return plan.kind === 'kfold' ? plan.folds * plan.repeats : plan.folds;
}

/**
 * A leakage suspect is dropped only when it all but determines the target: the profile warns from
 * an association of 0.95, but strong honest predictors reach that (a diamond's carat and price:
 * |Spearman| 0.96), and dropping them would cripple the model.
 */
const DROP_LEAKAGE_FROM = 0.995;

/** Columns the profile flags as leaking or identifying, and the user's exclusions. */
export function columnsToDrop(profile: DatasetProfile, spec: RunSpec, log: (message: string) => void): { column: string; reason: string }[] {
  const drop: { column: string; reason: string }[] = [];
  const add = (column: string, reason: string): void => {
    if (column !== spec.target && !drop.some((d) => d.column === column)) drop.push({ column, reason });
  };
  for (const column of spec.exclude ?? []) add(column, 'excluded by the user');
  const association = (column: string): number =>
    profile.associations.pairs.find((p) => (p.a === column && p.b === spec.target) || (p.b === column && p.a === spec.target))?.value ?? 1;
  for (const w of profile.warnings) {
    if (!w.column) continue;
    if (w.kind === 'leakage-suspect') {
      const strength = association(w.column);
      if (strength >= DROP_LEAKAGE_FROM) add(w.column, `suspected leakage: ${w.message}`);
      else log(`'${w.column}' is strongly associated with the target (${strength.toFixed(3)}) but kept: below ${DROP_LEAKAGE_FROM}, it may be an honest predictor`);
    }
    if (w.kind === 'id-like') add(w.column, `identifier-like: ${w.message}`);
  }
  const groupOrTime = [spec.validation?.groupColumn, spec.validation?.timeColumn];
  return drop.filter((d) => !groupOrTime.includes(d.column) || d.reason === 'excluded by the user');
}

/** Values of a frame column at `rows`, as group codes or times. */
export function columnAt(frame: Frame, name: string, rows: Uint32Array, want: 'groups' | 'time'): Int32Array | Float64Array {
  const column = frame.columns.find((c) => c.name === name);
  if (!column) throw new DataError(`the ${want === 'groups' ? 'group' : 'time'} column '${name}' is not in the data`);
  if (want === 'time') {
    if (column.storage === 'categorical') throw new DataError(`the time column '${name}' holds text, not dates or numbers`);
    return Float64Array.from(rows, (r) => column.values[r]);
  }
  if (column.storage === 'categorical') return Int32Array.from(rows, (r) => column.codes[r]);
  // Numeric groups: code each distinct value (missing values form no group).
  const codes = new Map<number, number>();
  return Int32Array.from(rows, (r) => {
    const v = column.values[r];
    if (Number.isNaN(v)) return -1;
    let code = codes.get(v);
    if (code === undefined) codes.set(v, (code = codes.size));
    return code;
  });
}
