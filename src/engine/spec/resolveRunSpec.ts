import type { RunPlan } from '../automl/events';
import type { RunSpec } from '../automl/runSpec';
import type { ValidationPlan } from '../validate/types';

/**
 * The spec a run ran, every default filled in as the run chose it: task, metric, time budget
 * (absent when only trials bounded the run), the validation plan, the learners, the searcher,
 * ensembling and explanations. Running it again on the same data repeats those choices rather
 * than making them anew (a file that grew past 50,000 rows keeps its folds).
 */
export function resolveRunSpec(spec: RunSpec, plan: RunPlan): RunSpec {
  return {
    target: spec.target,
    task: plan.task,
    metric: plan.metric,
    ...(Number.isFinite(plan.budgetMs) ? { budgetSeconds: plan.budgetMs / 1000 } : {}),
    ...(spec.trials === undefined ? {} : { trials: spec.trials }),
    seed: spec.seed,
    models: [...plan.learners],
    validation: validationOf(plan.validation),
    searcher: spec.searcher ?? 'bayesian',
    ensemble: spec.ensemble ?? true,
    exclude: [...(spec.exclude ?? [])],
    explain: spec.explain ?? true,
    selection: spec.selection ?? 'auto',
  };
}

/** A validation plan as the spec's overrides that choose it again. */
function validationOf(plan: ValidationPlan): NonNullable<RunSpec['validation']> {
  switch (plan.kind) {
    case 'kfold':
      return { folds: plan.folds, repeats: plan.repeats };
    case 'holdout':
      return { holdout: plan.testFraction };
    case 'group':
      return { folds: plan.folds, groupColumn: plan.column };
    case 'time':
      return { folds: plan.folds, timeColumn: plan.column };
  }
}
