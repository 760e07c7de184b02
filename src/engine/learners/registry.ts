import type { FittedModel, LearnerSpec, SerializedModel } from './types';

/**
 * Learners by name. Each learner module registers itself through `learners/index.ts`, so there
 * is no module-level mutable state beyond this one table filled at load time.
 */
const registry = new Map<string, LearnerSpec>();

/** Adds a learner; a second learner with the same name is a programming error. */
export function registerLearner(spec: LearnerSpec): void {
  if (registry.has(spec.name)) throw new Error(`learner '${spec.name}' registered twice`);
  registry.set(spec.name, spec);
}

/** The learner called `name`; `RangeError` listing the known ones otherwise. */
export function getLearner(name: string): LearnerSpec {
  const spec = registry.get(name);
  if (!spec) throw new RangeError(`unknown learner '${name}'; known: ${[...registry.keys()].join(', ')}`);
  return spec;
}

/** All registered learners, in registration order. */
export function listLearners(): readonly LearnerSpec[] {
  return [...registry.values()];
}

/**
 * Rebuilds a model saved with `toJSON`. Unknown learners and format versions this build cannot
 * read are a `RangeError` with a clear message.
 */
export function loadModel(json: unknown): FittedModel {
  const model = json as Partial<SerializedModel> | null;
  if (!model || typeof model !== 'object' || typeof model.learner !== 'string' || typeof model.version !== 'number') {
    throw new RangeError('not a saved model: expected an object with "learner" and "version"');
  }
  const spec = getLearner(model.learner);
  if (model.version !== spec.version) {
    throw new RangeError(
      `saved '${model.learner}' model has format version ${model.version}, this build reads version ${spec.version}`,
    );
  }
  return spec.load(model as SerializedModel);
}
