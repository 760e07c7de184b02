/**
 * Registers every learner. Import this module (for its side effect) before `getLearner`,
 * `listLearners` or `loadModel`.
 */
import { gbdtLearner } from './gbdt/gbdt';
import { registerLearner } from './registry';

registerLearner(gbdtLearner);

export { getLearner, listLearners, loadModel } from './registry';
