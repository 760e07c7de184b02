/** Builds a run's `features.json` from what the run decided and the final model reads. */
import type { RunPlan } from '../automl/events';
import type { FeatureDecisions } from './decideFeatures';
import type { DroppedFeature, FeaturesFile } from './types';

/**
 * `features.json` of a run: `kept` are the source columns the final model reads; every other
 * column of the plan's `dropped` list is there with its reason and which decision made it.
 */
export function featuresFile(
  plan: RunPlan,
  decisions: FeatureDecisions,
  sourceColumns: readonly string[],
  excludedByUser: readonly string[] = [],
): FeaturesFile {
  const selected = new Set(decisions.selected.map((d) => d.column));
  const before = new Set(decisions.droppedBefore);
  const user = new Set(excludedByUser);
  const dropped: DroppedFeature[] = plan.dropped.map(({ column, reason }) => ({
    name: column,
    reason,
    by: selected.has(column) ? 'selection' : user.has(column) ? 'user' : before.has(column) ? 'profile' : 'preprocessing',
  }));
  return {
    kept: [...sourceColumns],
    dropped,
    engineered: [...decisions.engineered],
    selection: decisions.mode,
    gates: [...decisions.gates],
    notes: [...decisions.notes],
  };
}
