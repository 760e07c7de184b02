import { getMetric, isMetricName } from '../validate/metrics';

/** A metric's label ("ROC AUC"), or its name when this build does not know it (a newer run). */
export function metricLabel(name: string): string {
  return isMetricName(name) ? getMetric(name).label : name;
}
