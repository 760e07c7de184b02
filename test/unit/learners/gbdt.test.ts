import { gbdtLearner } from '../../../src/engine/learners/gbdt/gbdt';
import { describeLearner } from './conformance';

describeLearner(gbdtLearner, { fastParams: { numIterations: 20, numLeaves: 8, minDataInLeaf: 5 }, categorical: true });
