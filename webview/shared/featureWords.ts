/**
 * How the panels word a run's feature decisions (`features.json`): who dropped a column, a
 * column's badge, and the one-line summary the Leaderboard shows under its plan. Pure functions
 * (no DOM), shared by the Leaderboard and the Data Profile and tested directly.
 */
import type { DroppedFeature, FeaturesFile } from '../../src/protocol/webview';
import { plural, truncate } from './format';

const DROPPED_BY: Readonly<Record<DroppedFeature['by'], string>> = {
  profile: "the profile's checks",
  user: 'you (excluded)',
  selection: 'feature selection',
  preprocessing: 'preprocessing',
};

/** Engineered feature names listed in the summary before "+N more". */
const SUMMARY_NAMES = 3;
/** Reason groups listed in the summary before "…". */
const SUMMARY_REASONS = 3;
/** The reason group of the columns the user left out. */
const BY_YOU = 'excluded by you';

/** Who dropped a column, as a phrase ("feature selection"); an unknown decider (a newer engine) as it is. */
export function droppedByText(by: DroppedFeature['by']): string {
  return DROPPED_BY[by] ?? by;
}

/**
 * A reason cut to its head, for badges and counts: "below random noise (importance 0.001 <
 * 0.004)" reads "below random noise". The full reason goes in titles and details.
 */
export function shortReason(reason: string): string {
  const head = reason.split(/[(:;]/)[0].trim();
  return truncate(head === '' ? reason.trim() : head, 32);
}

/**
 * A dropped column's badge: "excluded by you", or "dropped: <short reason>"; `compact` (a table
 * row, where the column's name must keep its room) leaves the reason to the title.
 */
export function droppedBadge(dropped: DroppedFeature, compact = false): string {
  if (dropped.by === 'user') return BY_YOU;
  return compact ? 'dropped' : `dropped: ${shortReason(dropped.reason)}`;
}

/** The badge's tooltip: the whole reason and who decided. */
export function droppedTitle(dropped: DroppedFeature): string {
  return `Not used by this run: ${dropped.reason} (decided by ${droppedByText(dropped.by)})`;
}

/**
 * The parts of the Leaderboard's feature line: "Uses 8 of 28 columns", "20 dropped as below
 * random noise", "2 engineered: a / b, income / mean(income by region)", "selection off".
 * Engineered names are returned apart so the view can set them as code.
 */
export function featuresSummary(file: FeaturesFile): { readonly parts: readonly string[]; readonly engineered?: { readonly lead: string; readonly names: readonly string[]; readonly more: number } } {
  const total = new Set([...file.kept, ...file.dropped.map((d) => d.name)]).size;
  const parts = [`Uses ${file.kept.length} of ${plural(total, 'column')}`];
  const dropped = droppedSummary(file.dropped);
  if (dropped !== undefined) parts.push(dropped);
  if (file.selection === 'off') parts.push('selection off');
  const kept = file.engineered.filter((e) => e.kept);
  if (kept.length > 0) {
    return {
      parts,
      engineered: { lead: `${kept.length} engineered: `, names: kept.slice(0, SUMMARY_NAMES).map((e) => e.name), more: Math.max(0, kept.length - SUMMARY_NAMES) },
    };
  }
  if (file.engineered.length > 0) parts.push(`${plural(file.engineered.length, 'engineered feature')} tried, none kept`);
  return { parts };
}

/**
 * "20 dropped as below random noise", "2 excluded by you", or by reason: "22 dropped: 20 below
 * random noise, 2 excluded by you".
 */
function droppedSummary(dropped: readonly DroppedFeature[]): string | undefined {
  if (dropped.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const d of dropped) {
    const reason = d.by === 'user' ? BY_YOU : shortReason(d.reason);
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  // Most common reason first; equal counts keep the file's order (sort is stable, Maps keep insertion order).
  const groups = [...counts].sort((a, b) => b[1] - a[1]);
  if (groups.length === 1) return groups[0][0] === BY_YOU ? `${dropped.length} ${BY_YOU}` : `${dropped.length} dropped as ${groups[0][0]}`;
  const listed = groups.slice(0, SUMMARY_REASONS).map(([reason, n]) => `${n} ${reason}`).join(', ');
  return `${dropped.length} dropped: ${listed}${groups.length > SUMMARY_REASONS ? ', …' : ''}`;
}
