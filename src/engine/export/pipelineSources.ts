import type { SerializedPipeline } from '../prep/pipeline';

/** The source columns the pipeline's members read, in first-use order (as `Pipeline.sourceColumns`). */
export function pipelineSources(pipeline: SerializedPipeline): string[] {
  return [...new Set(pipeline.members.flatMap((m) => m.plan.features.map((f) => f.source)))];
}
