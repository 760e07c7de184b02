/** The text of leaderboard cells that are built from data: parameters, ensemble members. */
import type { EnsembleRecord, FinalModel, TrialRecord } from '../../src/protocol/webview';
import { formatNumber } from '../shared/format';

/** A trial's parameters as `k=v` pairs in the learner's order ("defaults" when it has none). */
export function formatParams(params: TrialRecord['params']): string {
  const entries = Object.entries(params);
  if (entries.length === 0) return 'defaults';
  return entries.map(([key, value]) => `${key}=${typeof value === 'number' ? formatNumber(value) : String(value)}`).join(', ');
}

/** A weight as a short decimal: 0.6, 0.35. */
function formatWeight(weight: number): string {
  return String(Number(weight.toFixed(2)));
}

/** Ensemble members as "gbdt 0.6 + knn 0.4"; with `ids`, "gbdt #3 0.6 + knn #7 0.4". */
export function membersLabel(members: EnsembleRecord['members'], ids = false): string {
  return members.map((m) => `${m.learner}${ids ? ` #${m.trialId}` : ''} ${formatWeight(m.weight)}`).join(' + ');
}

/** How the final model was refitted, in words. */
export function refitLabel(refit: FinalModel['refit']): string {
  return refit === 'allRows' ? 'refitted on all rows' : 'validation-fold models averaged';
}
