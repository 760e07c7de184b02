import type { Column } from '../data/frame';
import { levelCounts, rankLevels } from './categoricalStats';
import { sortedNonMissing } from './numericStats';
import type { ColumnProfile, TargetProfile, Task } from './types';

/** Integer targets with at most this many distinct values may be classes. */
export const MAX_INTEGER_CLASSES = 20;

/**
 * The learning task a target column implies:
 * - boolean, or exactly 2 distinct values of any type but datetime -> 'binary';
 * - categorical, text or string-ID storage -> 'binary' with up to 2 levels, else 'multiclass';
 * - integer (or numeric ID) with at most `MAX_INTEGER_CLASSES` distinct values that does not
 *   look continuous (see `looksContinuous`) -> 'multiclass' ('binary' when fewer than 3);
 * - anything else numeric, and datetimes -> 'regression'.
 */
export function inferTask(profile: ColumnProfile): Task {
  if (profile.type === 'boolean') return 'binary';
  if (profile.storage === 'datetime') return 'regression';
  if (profile.unique === 2) return 'binary';
  if (profile.storage === 'categorical') return profile.unique <= 2 ? 'binary' : 'multiclass';
  if (profile.storage === 'numeric' && (profile.type === 'integer' || profile.type === 'id')) {
    if (profile.unique <= 2) return 'binary';
    if (profile.unique <= MAX_INTEGER_CLASSES && !looksContinuous(profile)) return 'multiclass';
  }
  return 'regression';
}

/**
 * An integer column with few distinct values still reads as a quantity rather than class codes
 * when its values are spread thin over their range (more than twice as many integers in
 * [min, max] as distinct values, e.g. ages 20..80 seen at 15 values) or barely repeat (fewer
 * than 2 rows per distinct value on average).
 */
export function looksContinuous(profile: ColumnProfile): boolean {
  if (profile.min === undefined || profile.max === undefined) return false;
  const integersInRange = profile.max - profile.min + 1;
  return integersInRange > 2 * profile.unique || profile.count < 2 * profile.unique;
}

/**
 * The target's task and, for classification, every class with its count, most frequent first
 * (ties: first appearance in the rows for dictionary columns, ascending value for numeric ones).
 * Numeric class labels are the shortest round-trip decimal text (`String(value)`).
 */
export function profileTarget(column: Column, profile: ColumnProfile): TargetProfile {
  const task = inferTask(profile);
  if (task === 'regression') return { column: column.name, task };
  if (column.storage === 'categorical') {
    const levels = levelCounts(column.codes, column.dictionary.length);
    const classes = rankLevels(levels, Infinity).map((code) => ({
      value: column.dictionary[code],
      count: levels.counts[code],
    }));
    return { column: column.name, task, classes };
  }
  const sorted = sortedNonMissing(column.values);
  const classes: { value: string; count: number }[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    classes.push({ value: String(sorted[start] === 0 ? 0 : sorted[start]), count: end - start });
    start = end;
  }
  // Array.prototype.sort is stable, so equal counts keep ascending value order.
  classes.sort((a, b) => b.count - a.count);
  return { column: column.name, task, classes };
}
