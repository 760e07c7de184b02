import type { ValidationPlan } from './types';

/** A validation plan in words, e.g. "5-fold stratified CV" or "20% holdout". */
export function describeValidation(v: ValidationPlan): string {
  switch (v.kind) {
    case 'holdout':
      return `${Math.round(v.testFraction * 100)}% holdout${v.stratified ? ' (stratified)' : ''}`;
    case 'kfold':
      return `${v.folds}-fold${v.repeats > 1 ? ` × ${v.repeats}` : ''}${v.stratified ? ' stratified' : ''} CV`;
    case 'group':
      return `${v.folds}-fold group CV on '${v.column}'`;
    case 'time':
      return `${v.folds} time-ordered splits on '${v.column}'`;
  }
}
