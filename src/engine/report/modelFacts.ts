/**
 * What the report says about a saved model, read from the pipeline's JSON (`model.json`): the
 * members with their weights, how many features each sees and which preprocessing made them.
 * Learner state (trees, weights) is not looked at, so this costs nothing next to loading a model.
 */
import type { SerializedPipeline } from '../prep/pipeline';
import type { ReportModelFacts, ReportModelMember } from './types';

/** The fields read, from either pipeline format version (v1: one plan and model; v2: members). */
interface SavedPipelineShape {
  readonly target?: { readonly classes?: readonly string[] };
  readonly trainedRows?: number;
  readonly members?: SerializedPipeline['members'];
  readonly plan?: SerializedPipeline['members'][number]['plan'];
  readonly model?: SerializedPipeline['members'][number]['model'];
}

function memberFacts(weight: number, plan: SerializedPipeline['members'][number]['plan'], learner: string): ReportModelMember {
  const featureKinds: Record<string, number> = {};
  const sources: string[] = [];
  for (const feature of plan.features) {
    featureKinds[feature.kind] = (featureKinds[feature.kind] ?? 0) + 1;
    // Engineered features may read several columns (`sources`); the others read one (`source`).
    const read: unknown[] = 'sources' in feature && Array.isArray(feature.sources) ? feature.sources : ['source' in feature ? feature.source : undefined];
    for (const source of read) if (typeof source === 'string' && !sources.includes(source)) sources.push(source);
  }
  return { learner, weight, features: plan.features.length, featureKinds, sourceColumns: sources };
}

/**
 * The facts of a saved pipeline `saved` (the parsed `model.json`) of `bytes` bytes, described
 * as `description` (`Pipeline.describe()`, or the leaderboard's). Unknown shapes give no members.
 */
export function modelFacts(saved: unknown, bytes: number, description: string): ReportModelFacts {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as SavedPipelineShape;
  const members: ReportModelMember[] = [];
  if (Array.isArray(s.members)) {
    for (const m of s.members) if (m?.plan?.features && m.model) members.push(memberFacts(m.weight, m.plan, m.model.learner));
  } else if (s.plan?.features && s.model) {
    members.push(memberFacts(1, s.plan, s.model.learner));
  }
  return { bytes, description, trainedRows: s.trainedRows, classes: s.target?.classes, members };
}
