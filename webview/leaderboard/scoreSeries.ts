/**
 * The data of the "best score over time" chart, no DOM: the best-so-far curve, each trial's score,
 * and the downsampling that keeps a board of thousands of trials cheap to draw.
 */
import type { TrialRecord } from '../../src/protocol/webview';
import { finishedAt, isBetter, isRanked } from './leaderboardModel';

/** One point: `x` in seconds since the run started, `y` a score. */
export interface ScorePoint {
  readonly x: number;
  readonly y: number;
  /** The trial the point stands for. */
  readonly trialId: number;
}

/** Points drawn at most (both series together), so redraws stay fast on huge boards. */
export const MAX_CHART_POINTS = 500;

/** Complete trials as points (x: when each finished, in seconds), in the order they finished. */
export function trialPoints(trials: readonly TrialRecord[]): ScorePoint[] {
  const points: ScorePoint[] = [];
  for (const trial of trials) {
    if (isRanked(trial)) points.push({ x: finishedAt(trial) / 1000, y: trial.score as number, trialId: trial.id });
  }
  // Parallel trials can arrive slightly out of finishing order; the chart's x must not go back.
  return points.sort((a, b) => a.x - b.x);
}

/**
 * The best-so-far curve over `points` (sorted by x): one point per improvement, where the curve
 * steps, plus a last point at the last trial's time so the final plateau is drawn. Drawn as a
 * step line, these are exact: every step is where a trial improved the best score.
 */
export function bestSoFar(points: readonly ScorePoint[], higherIsBetter: boolean): ScorePoint[] {
  const steps: ScorePoint[] = [];
  let best: ScorePoint | undefined;
  for (const point of points) {
    if (best === undefined || isBetter(point.y, best.y, higherIsBetter)) {
      best = point;
      steps.push(point);
    }
  }
  const last = points.at(-1);
  if (best !== undefined && last !== undefined && last.x > best.x) steps.push({ x: last.x, y: best.y, trialId: best.trialId });
  return steps;
}

/**
 * At most about `budget` of `points` (sorted by x), keeping the shape: the x range is cut into
 * equal buckets and each keeps its lowest and highest point (in x order), so outliers and the
 * spread survive. The first and last points are always kept.
 */
export function downsample(points: readonly ScorePoint[], budget: number): ScorePoint[] {
  if (points.length <= budget) return [...points];
  if (budget < 2) return budget < 1 ? [] : [points[points.length - 1]];
  const buckets = Math.max(1, Math.floor((budget - 2) / 2));
  const first = points[0];
  const last = points[points.length - 1];
  const width = (last.x - first.x) / buckets || 1;
  const kept: ScorePoint[] = [first];
  let bucket = -1;
  let low: ScorePoint | undefined;
  let high: ScorePoint | undefined;
  const flush = (): void => {
    if (low === undefined || high === undefined) return;
    if (low === high) kept.push(low);
    else kept.push(...(low.x <= high.x ? [low, high] : [high, low]));
  };
  for (let i = 1; i < points.length - 1; i++) {
    const point = points[i];
    const b = Math.min(buckets - 1, Math.floor((point.x - first.x) / width));
    if (b !== bucket) {
      flush();
      bucket = b;
      low = high = point;
    } else {
      if (point.y < (low as ScorePoint).y) low = point;
      if (point.y > (high as ScorePoint).y) high = point;
    }
  }
  flush();
  kept.push(last);
  return kept;
}

/**
 * The best-so-far steps thinned to `budget` when a run improved more often than that (rare: a
 * random search improves about ln(n) times). The first and last steps, and so the final best
 * value, are always kept; thinning keeps every kept point exact, it only merges steps.
 */
export function thinSteps(steps: readonly ScorePoint[], budget: number): ScorePoint[] {
  if (steps.length <= budget || budget < 2) return [...steps];
  const kept: ScorePoint[] = [];
  const stride = (steps.length - 1) / (budget - 1);
  for (let k = 0; k < budget; k++) kept.push(steps[Math.round(k * stride)]);
  return kept;
}

/** Both series of the chart within {@link MAX_CHART_POINTS}: the curve first, the trial dots with what is left. */
export function chartSeries(
  trials: readonly TrialRecord[],
  higherIsBetter: boolean,
  maxPoints = MAX_CHART_POINTS,
): { best: ScorePoint[]; trials: ScorePoint[] } {
  const points = trialPoints(trials);
  const best = thinSteps(bestSoFar(points, higherIsBetter), Math.ceil(maxPoints / 2));
  return { best, trials: downsample(points, maxPoints - best.length) };
}
