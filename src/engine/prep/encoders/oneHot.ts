import { rankLevels, type LevelCounts } from '../columnCodes';
import type { FeatureDef } from '../featureDefs';

/**
 * Levels that keep a one-hot column of their own: those with at least
 * max(`minCount`, `minShare` * `rows`) training rows, most frequent first. The others are "rare"
 * and share the "(other)" column.
 */
export function frequentLevels(counts: Float64Array, rows: number, minCount: number, minShare: number): number[] {
  const threshold = Math.max(minCount, minShare * rows);
  return rankLevels(counts).filter((level) => counts[level] >= threshold);
}

/**
 * One-hot features of a categorical column: one per kept level (indexes into `counts.levels`,
 * most frequent first), an "(other)" column for the levels not kept (and labels unseen in
 * training), and a missing indicator when training rows had missing values.
 */
export function oneHotDefs(source: string, counts: LevelCounts, kept: readonly number[]): FeatureDef[] {
  const known = kept.map((level) => counts.levels[level]);
  const other = kept.length < counts.levels.length;
  // Two complementary indicators carry one bit: the most frequent level is the reference.
  const own = counts.missing === 0 && known.length + (other ? 1 : 0) === 2 ? known.slice(1) : known;
  const defs: FeatureDef[] = own.map((level) => ({ kind: 'oneHot', name: `${source}=${level}`, source, level }));
  if (other) defs.push({ kind: 'oneHot', name: `${source}=(other)`, source, level: null, known });
  if (counts.missing > 0) defs.push({ kind: 'missingIndicator', name: `${source}=(missing)`, source });
  return defs;
}
