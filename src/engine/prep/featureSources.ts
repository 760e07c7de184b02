import type { FeatureDef } from './featureDefs';

/**
 * The source columns a feature reads: both columns of an engineered pair or group feature
 * (`sources`), else its one `source`. Every mapping from features to columns goes through here:
 * the columns a plan needs, input fields, and explanations.
 */
export function featureSources(def: FeatureDef): readonly string[] {
  return 'sources' in def ? def.sources : [def.source];
}
