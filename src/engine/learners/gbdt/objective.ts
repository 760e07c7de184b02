import { classShares } from '../classShares';
import type { GbdtObjective } from './params';

/**
 * A boosting loss: starting scores, per-row gradients and hessians of the loss in raw-score
 * space, and the loss itself for early stopping. `labels` holds class codes for classification
 * and values for regression; `weights` may be undefined (all 1).
 */
export interface Objective {
  readonly name: GbdtObjective;
  /** Raw outputs per row: 1, or the number of classes for multiclass. */
  readonly outputs: number;
  initScores(labels: Float64Array, weights: Float64Array | undefined): number[];
  /** Fills `grad[k]`/`hess[k]` for every row from the current raw scores. */
  gradients(
    scores: Float64Array[],
    labels: Float64Array,
    weights: Float64Array | undefined,
    grad: Float64Array[],
    hess: Float64Array[],
  ): void;
  /** Mean loss (lower is better) of raw scores against labels. */
  loss(scores: Float64Array[], labels: Float64Array, weights: Float64Array | undefined): number;
  /** Leaf values are refitted from residuals (L1: the weighted median) instead of -G/H. */
  readonly renewLeaves: boolean;
}

const EPS = 1e-15;

function weightedMean(labels: Float64Array, weights: Float64Array | undefined): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const w = weights ? weights[i] : 1;
    sum += w * labels[i];
    total += w;
  }
  return total > 0 ? sum / total : 0;
}

/** Weighted median of `values` (sorted copy; the lower median on ties of weight). */
export function weightedMedian(values: Float64Array, weights: Float64Array | undefined): number {
  const n = values.length;
  if (n === 0) return 0;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights ? weights[i] : 1;
  let acc = 0;
  for (const i of order) {
    acc += weights ? weights[i] : 1;
    if (acc >= total / 2) return values[i];
  }
  return values[order[n - 1]];
}

const binary: Objective = {
  name: 'binary',
  outputs: 1,
  renewLeaves: false,
  initScores(labels, weights) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, weightedMean(labels, weights)));
    return [Math.log(p / (1 - p))];
  },
  gradients(scores, labels, weights, grad, hess) {
    const s = scores[0];
    const g = grad[0];
    const h = hess[0];
    for (let i = 0; i < labels.length; i++) {
      const p = 1 / (1 + Math.exp(-s[i]));
      const w = weights ? weights[i] : 1;
      g[i] = (p - labels[i]) * w;
      h[i] = Math.max(p * (1 - p), EPS) * w;
    }
  },
  loss(scores, labels, weights) {
    const s = scores[0];
    let sum = 0;
    let total = 0;
    for (let i = 0; i < labels.length; i++) {
      const w = weights ? weights[i] : 1;
      // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, computed stably.
      const z = labels[i] === 1 ? s[i] : -s[i];
      sum += w * (z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z)));
      total += w;
    }
    return sum / total;
  },
};

function multiclass(classes: number): Objective {
  // LightGBM's hessian factor K/(K-1) keeps leaf values on the scale of the binary case.
  const factor = classes / (classes - 1);
  return {
    name: 'multiclass',
    outputs: classes,
    renewLeaves: false,
    initScores(labels, weights) {
      const logs = Array.from(classShares(classes, labels, weights), (share) => Math.log(Math.max(share, 1e-12)));
      const mean = logs.reduce((a, b) => a + b, 0) / classes;
      return logs.map((l) => l - mean);
    },
    gradients(scores, labels, weights, grad, hess) {
      const p = new Float64Array(classes);
      for (let i = 0; i < labels.length; i++) {
        let max = -Infinity;
        for (let k = 0; k < classes; k++) if (scores[k][i] > max) max = scores[k][i];
        let sum = 0;
        for (let k = 0; k < classes; k++) {
          p[k] = Math.exp(scores[k][i] - max);
          sum += p[k];
        }
        const w = weights ? weights[i] : 1;
        const label = labels[i];
        for (let k = 0; k < classes; k++) {
          const pk = p[k] / sum;
          grad[k][i] = (pk - (k === label ? 1 : 0)) * w;
          hess[k][i] = Math.max(factor * pk * (1 - pk), EPS) * w;
        }
      }
    },
    loss(scores, labels, weights) {
      let sum = 0;
      let total = 0;
      for (let i = 0; i < labels.length; i++) {
        let max = -Infinity;
        for (let k = 0; k < classes; k++) if (scores[k][i] > max) max = scores[k][i];
        let z = 0;
        for (let k = 0; k < classes; k++) z += Math.exp(scores[k][i] - max);
        const w = weights ? weights[i] : 1;
        sum += w * (Math.log(z) + max - scores[labels[i]][i]);
        total += w;
      }
      return sum / total;
    },
  };
}

const l2: Objective = {
  name: 'regression',
  outputs: 1,
  renewLeaves: false,
  initScores: (labels, weights) => [weightedMean(labels, weights)],
  gradients(scores, labels, weights, grad, hess) {
    const s = scores[0];
    for (let i = 0; i < labels.length; i++) {
      const w = weights ? weights[i] : 1;
      grad[0][i] = (s[i] - labels[i]) * w;
      hess[0][i] = w;
    }
  },
  loss(scores, labels, weights) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < labels.length; i++) {
      const w = weights ? weights[i] : 1;
      const r = scores[0][i] - labels[i];
      sum += w * r * r;
      total += w;
    }
    return sum / total;
  },
};

const l1: Objective = {
  name: 'regression_l1',
  outputs: 1,
  renewLeaves: true,
  initScores: (labels, weights) => [weightedMedian(labels, weights)],
  gradients(scores, labels, weights, grad, hess) {
    for (let i = 0; i < labels.length; i++) {
      const w = weights ? weights[i] : 1;
      const r = scores[0][i] - labels[i];
      grad[0][i] = (r > 0 ? 1 : r < 0 ? -1 : 0) * w;
      hess[0][i] = w;
    }
  },
  loss(scores, labels, weights) {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < labels.length; i++) {
      const w = weights ? weights[i] : 1;
      sum += w * Math.abs(scores[0][i] - labels[i]);
      total += w;
    }
    return sum / total;
  },
};

function huber(delta: number): Objective {
  return {
    name: 'huber',
    outputs: 1,
    renewLeaves: false,
    initScores: (labels, weights) => [weightedMedian(labels, weights)],
    gradients(scores, labels, weights, grad, hess) {
      for (let i = 0; i < labels.length; i++) {
        const w = weights ? weights[i] : 1;
        const r = scores[0][i] - labels[i];
        grad[0][i] = (Math.abs(r) <= delta ? r : Math.sign(r) * delta) * w;
        hess[0][i] = w;
      }
    },
    loss(scores, labels, weights) {
      let sum = 0;
      let total = 0;
      for (let i = 0; i < labels.length; i++) {
        const w = weights ? weights[i] : 1;
        const a = Math.abs(scores[0][i] - labels[i]);
        sum += w * (a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta));
        total += w;
      }
      return sum / total;
    },
  };
}

/** The objective called `name` (`classes` for multiclass, `huberDelta` for huber). */
export function makeObjective(name: GbdtObjective, classes: number, huberDelta: number): Objective {
  switch (name) {
    case 'binary':
      return binary;
    case 'multiclass':
      return multiclass(classes);
    case 'regression':
      return l2;
    case 'regression_l1':
      return l1;
    case 'huber':
      return huber(huberDelta);
  }
}
