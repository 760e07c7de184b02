import { CancelledError } from '../errors';
import type { FeatureMatrix, FittedModel, LearnerSpec } from '../learners/types';
import type { FeaturePlan } from '../prep/featurePlan';
import { planModeFor } from '../prep/pipeline';
import { sampleRows } from '../profile/sampleRows';
import { Rng } from '../random';
import type { Params } from '../search/domain';
import type { Metric, Prediction } from '../validate/types';
import { subsetTarget, type FoldCache } from './foldData';

/** What one fold of a trial produced. */
export interface FoldResult {
  readonly fold: number;
  readonly score: number;
  readonly fitMs: number;
  readonly predictMs: number;
  /** Predictions for the fold's test rows, in the fold's test order. */
  readonly prediction: Prediction;
  /** The fitted model and its preprocessing (kept for the best trials as a fallback final model). */
  readonly model: FittedModel;
  readonly plan: FeaturePlan;
  /** Training rows used (fewer than the fold's when subsampled for a cheap first look). */
  readonly trainRows: number;
}

/** A signal that reads as aborted once the clock passes `deadline` or `outer` is aborted. */
export function deadlineSignal(deadline: number, outer?: AbortSignalLike): AbortSignalLike & { readonly timedOut: boolean } {
  return {
    get aborted() {
      return (outer?.aborted ?? false) || performance.now() > deadline;
    },
    get timedOut() {
      return !(outer?.aborted ?? false) && performance.now() > deadline;
    },
    get reason() {
      return outer?.aborted ? outer.reason : 'time limit';
    },
  };
}

/** Rows `positions` of a feature matrix. */
function subsetMatrix(x: FeatureMatrix, positions: Uint32Array): FeatureMatrix {
  return {
    rows: positions.length,
    columns: x.columns.map((c) =>
      c.kind === 'numeric'
        ? { kind: 'numeric', name: c.name, values: Float64Array.from(positions, (p) => c.values[p]) }
        : { kind: 'categorical', name: c.name, codes: Int32Array.from(positions, (p) => c.codes[p]), levels: c.levels },
    ),
  };
}

/**
 * Fits `spec` with `params` on one fold and scores it on the fold's test rows. `rowFraction` < 1
 * trains on a seeded sample of the fold's training rows (a cheap first look at a configuration).
 * Throws what the learner throws, and `CancelledError` when `signal` aborts.
 */
export function evaluateFold(
  spec: LearnerSpec,
  params: Params,
  cache: FoldCache,
  foldIndex: number,
  metric: Metric,
  options: { readonly seed: number; readonly signal?: AbortSignalLike; readonly rowFraction?: number },
): FoldResult {
  if (options.signal?.aborted) throw new CancelledError('the trial was stopped');
  const features = cache.get(planModeFor(spec), foldIndex);
  let { xTrain, yTrain } = features;
  const rng = new Rng(options.seed);
  if (options.rowFraction !== undefined && options.rowFraction < 1) {
    const positions = sampleRows(xTrain.rows, Math.max(1, Math.round(xTrain.rows * options.rowFraction)), rng.nextUint32());
    xTrain = subsetMatrix(xTrain, positions);
    yTrain = subsetTarget(yTrain, positions);
  }
  const fitStarted = performance.now();
  const model = spec.fit(xTrain, yTrain, params, { rng, signal: options.signal });
  const fitMs = performance.now() - fitStarted;
  const predictStarted = performance.now();
  const prediction: Prediction =
    model.task === 'regression'
      ? { kind: 'regression', values: model.predict(features.xTest) }
      : { kind: 'classification', proba: predictProbaOf(model, features.xTest) };
  const predictMs = performance.now() - predictStarted;
  const score = metric.score(features.truthTest, prediction);
  return { fold: foldIndex, score, fitMs, predictMs, prediction, model, plan: features.plan, trainRows: xTrain.rows };
}

function predictProbaOf(model: FittedModel, x: FeatureMatrix): Float64Array[] {
  const proba = model.predictProba?.(x);
  if (!proba) throw new TypeError(`learner '${model.learner}' gives no probabilities`);
  return proba;
}
