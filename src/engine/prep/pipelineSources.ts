import type { FeaturePlan } from './featureDefs';
import { featureSources } from './featureSources';

/** The source columns the pipeline's members read, in first-use order (as `Pipeline.sourceColumns`). */
export function pipelineSources(pipeline: { readonly members: readonly { readonly plan: FeaturePlan }[] }): string[] {
  return [...new Set(pipeline.members.flatMap((m) => m.plan.features.flatMap(featureSources)))];
}
