import { lookupLevels, type LevelCounts } from '../columnCodes';
import type { FeatureDef } from '../featureDefs';

export type FrequencyDef = Extract<FeatureDef, { kind: 'frequency' }>;

/**
 * Frequency encoding fitted on training rows: each label becomes the share of training rows with
 * that label (missing values the share of missing rows; unseen labels 0). Returns the definition
 * and the training rows' values.
 */
export function fitFrequency(source: string, counts: LevelCounts): { def: FrequencyDef; train: Float64Array } {
  const n = counts.rowLevel.length;
  const shares = Array.from(counts.counts, (c) => c / n);
  const missingShare = n > 0 ? counts.missing / n : 0;
  return {
    def: { kind: 'frequency', name: `${source}.frequency`, source, levels: counts.levels, shares, missingShare },
    train: lookupLevels(counts.rowLevel, shares, missingShare, 0),
  };
}
