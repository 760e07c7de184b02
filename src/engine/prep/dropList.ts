import type { ProfileWarning, ProfileWarningKind } from '../profile/types';
import type { DropRequest } from './featureDefs';

/** Why a warning kind takes a column out of the features. */
const REASONS: Partial<Record<ProfileWarningKind, string>> = {
  'leakage-suspect': 'suspected target leakage',
  'id-like': 'identifier-like',
  constant: 'constant',
};

/**
 * The columns the profile's warnings say to leave out, with the reason (the warning kind's
 * reason and its message). By default 'leakage-suspect' and 'id-like'; 'constant' can be added,
 * though the plan drops columns constant on the training rows anyway. A column is listed once,
 * with its first warning.
 */
export function dropListFromWarnings(
  warnings: readonly ProfileWarning[],
  kinds: readonly ProfileWarningKind[] = ['leakage-suspect', 'id-like'],
): DropRequest[] {
  const out: DropRequest[] = [];
  const seen = new Set<string>();
  for (const warning of warnings) {
    if (warning.column === undefined || !kinds.includes(warning.kind) || seen.has(warning.column)) continue;
    seen.add(warning.column);
    out.push({ column: warning.column, reason: `${REASONS[warning.kind] ?? warning.kind}: ${warning.message}` });
  }
  return out;
}
