/**
 * Words and clock formats for a run in the Leaderboard view: the task, the metric, the validation
 * plan, durations. Webviews may not import the engine at run time, so the metric labels are
 * repeated here (the same words as `src/engine/validate/*` and the CLI's leaderboard).
 */
import type { RunPlan, RunStatus } from '../../src/protocol/webview';

const METRIC_LABELS: Readonly<Record<RunPlan['metric'], string>> = {
  auc: 'ROC AUC',
  logLoss: 'log loss',
  accuracy: 'accuracy',
  balancedAccuracy: 'balanced accuracy',
  f1Macro: 'F1 (macro)',
  f1Weighted: 'F1 (weighted)',
  precision: 'precision',
  recall: 'recall',
  rmse: 'RMSE',
  mae: 'MAE',
  r2: 'R²',
  mape: 'MAPE',
};

const TASK_LABELS: Readonly<Record<RunPlan['task'], string>> = {
  binary: 'binary classification',
  multiclass: 'multiclass classification',
  regression: 'regression',
};

const STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  running: 'Running',
  finishing: 'Finishing',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** The metric's short name; an unknown name (a newer engine) is shown as it is. */
export function metricLabel(metric: RunPlan['metric']): string {
  return METRIC_LABELS[metric] ?? metric;
}

/** ↑ or ↓: which way the metric improves. */
export function directionArrow(higherIsBetter: boolean): string {
  return higherIsBetter ? '↑' : '↓';
}

/** "higher is better" or "lower is better", for titles and screen readers. */
export function directionWords(higherIsBetter: boolean): string {
  return higherIsBetter ? 'higher is better' : 'lower is better';
}

export function taskLabel(task: RunPlan['task']): string {
  return TASK_LABELS[task] ?? task;
}

export function statusLabel(status: RunStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** Whether the run is still searching or finishing (so it can be cancelled and its clock runs). */
export function isLive(status: RunStatus): boolean {
  return status === 'running' || status === 'finishing';
}

/** How the run validates, in the CLI's words ("5-fold stratified CV", "20% holdout"). */
export function validationLabel(validation: RunPlan['validation']): string {
  switch (validation.kind) {
    case 'holdout':
      return `${Math.round(validation.testFraction * 100)}% holdout${validation.stratified ? ' (stratified)' : ''}`;
    case 'kfold':
      return `${validation.folds}-fold${validation.repeats > 1 ? ` × ${validation.repeats}` : ''}${validation.stratified ? ' stratified' : ''} CV`;
    case 'group':
      return `${validation.folds}-fold group CV on ‘${validation.column}’`;
    case 'time':
      return `${validation.folds} time-ordered splits on ‘${validation.column}’`;
  }
}

/** Folds a complete trial evaluates under `validation` (the "of n" of a trial's folds done). */
export function plannedFolds(validation: RunPlan['validation']): number {
  switch (validation.kind) {
    case 'holdout':
      return 1;
    case 'kfold':
      return validation.folds * validation.repeats;
    case 'group':
    case 'time':
      return validation.folds;
  }
}

/** A duration as mm:ss (minutes keep counting past 60, as a run's budget is rarely hours). */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A short duration: "850 ms", "12.3 s", then mm:ss. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return formatClock(ms);
}
