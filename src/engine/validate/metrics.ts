import type { Task } from '../learners/types';
import { balancedAccuracy, accuracy, f1Macro, f1Weighted, precision, recall } from './labelMetrics';
import { logLoss } from './logLoss';
import { mae, mape, r2, rmse } from './regressionMetrics';
import { auc } from './rocAuc';
import type { Metric, MetricName } from './types';

export { accuracy, auc, balancedAccuracy, f1Macro, f1Weighted, logLoss, mae, mape, precision, r2, recall, rmse };

/**
 * Every metric by name, in the order tables list them. The semantics are scikit-learn's (see each
 * metric's file); `test/fixtures/validate/metrics.json` pins them against scikit-learn itself.
 */
export const METRICS: Readonly<Record<MetricName, Metric>> = {
  auc,
  logLoss,
  accuracy,
  balancedAccuracy,
  f1Macro,
  f1Weighted,
  precision,
  recall,
  rmse,
  mae,
  r2,
  mape,
};

const NAMES = Object.keys(METRICS) as MetricName[];

/** Whether `name` is a metric name (for specs and command lines, where names arrive as strings). */
export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

/** The metric called `name`; a RangeError listing the valid names when there is none. */
export function getMetric(name: string): Metric {
  if (!isMetricName(name)) throw new RangeError(`unknown metric '${name}'; valid metrics: ${NAMES.join(', ')}`);
  return METRICS[name];
}

const DEFAULTS: Readonly<Record<Task, Metric>> = { binary: auc, multiclass: logLoss, regression: rmse };

/**
 * The metric a run optimises when the user names none: ROC AUC for binary (threshold-free and
 * insensitive to imbalance), log loss for multiclass (rewards calibrated probabilities, which
 * ensembles average), RMSE for regression.
 */
export function defaultMetric(task: Task): Metric {
  if (!Object.prototype.hasOwnProperty.call(DEFAULTS, task)) {
    throw new RangeError(`unknown task '${String(task)}'; valid tasks: ${Object.keys(DEFAULTS).join(', ')}`);
  }
  return DEFAULTS[task];
}

/** Every metric that can score `task`, in table order. */
export function metricsFor(task: Task): Metric[] {
  return NAMES.map((name) => METRICS[name]).filter((metric) => metric.tasks.includes(task));
}
