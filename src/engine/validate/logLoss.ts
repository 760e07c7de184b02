import { classificationMetric } from './metricInputs';

/** scikit-learn's clipping bound (its `eps=1e-15`, the default before version 1.2). */
const CLIP = 1e-15;

/**
 * Log loss (cross-entropy, natural log), weighted mean over rows. As scikit-learn does, every
 * probability is first clipped to [1e-15, 1 - 1e-15] and each row then renormalised to sum to 1,
 * so a confident wrong answer costs about 34.5 instead of infinity, and rows that do not quite
 * sum to 1 are scored as the distribution they imply.
 */
export const logLoss = classificationMetric(
  { name: 'logLoss', label: 'log loss', higherIsBetter: false, tasks: ['binary', 'multiclass'] },
  ({ classes, codes, proba, weights }) => {
    let loss = 0;
    let totalWeight = 0;
    for (let i = 0; i < codes.length; i++) {
      const w = weights === undefined ? 1 : weights[i];
      let rowSum = 0;
      for (let c = 0; c < classes; c++) rowSum += clip(proba[c][i]);
      loss -= w * Math.log(clip(proba[codes[i]][i]) / rowSum);
      totalWeight += w;
    }
    return loss / totalWeight;
  },
);

function clip(p: number): number {
  return p < CLIP ? CLIP : p > 1 - CLIP ? 1 - CLIP : p;
}
