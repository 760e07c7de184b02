/**
 * Registers every learner. Import this module (for its side effect) before `getLearner`,
 * `listLearners` or `loadModel`.
 */
import { extraTreesLearner, randomForestLearner } from './forest/forest';
import { gbdtLearner } from './gbdt/gbdt';
import { knnLearner } from './knn/knn';
import { linearLearner } from './linear/linear';
import { logisticLearner } from './linear/logistic';
import { mlpLearner } from './mlp/mlp';
import { naiveBayesLearner } from './naiveBayes/naiveBayes';
import { registerLearner } from './registry';

registerLearner(gbdtLearner);
registerLearner(randomForestLearner);
registerLearner(extraTreesLearner);
registerLearner(logisticLearner);
registerLearner(linearLearner);
registerLearner(knnLearner);
registerLearner(naiveBayesLearner);
registerLearner(mlpLearner);

export { getLearner, listLearners, loadModel } from './registry';
