import type { DataShape, Task } from '../learners/types';
import type { Params } from '../search/domain';

/**
 * Configurations tried before any search, besides each learner's defaults: a few settings known
 * to be strong across tabular data (the zero-shot idea of AutoGluon's and FLAML's portfolios),
 * chosen from general experience with these learners and never tuned on our benchmark holdouts.
 */
export function portfolioFor(learner: string, task: Task, shape: DataShape): readonly Params[] {
  switch (learner) {
    case 'gbdt': {
      const configs: Params[] = [
        // Slower learning with some column sampling and L2: usually better than the defaults.
        { numIterations: 300, learningRate: 0.05, numLeaves: 15, minDataInLeaf: 10, featureFraction: 0.8, lambdaL2: 1 },
      ];
      if (shape.rows < 5000) {
        // Small data: shallow trees, row and column sampling, many small steps.
        configs.push({ numIterations: 500, learningRate: 0.03, numLeaves: 8, minDataInLeaf: 5, featureFraction: 0.7, baggingFraction: 0.8, baggingFreq: 1, lambdaL2: 1 });
      } else {
        configs.push({ numIterations: 400, learningRate: 0.05, numLeaves: 63, minDataInLeaf: 20, featureFraction: 0.8, lambdaL2: 1 });
      }
      return configs;
    }
    case 'extraTrees':
      return task === 'regression' ? [] : [{ maxFeatures: 0.5 }];
    case 'knn':
      return [{ k: Math.max(1, Math.min(15, Math.floor(Math.sqrt(shape.rows)))), weights: 'distance' }];
    default:
      return [];
  }
}
