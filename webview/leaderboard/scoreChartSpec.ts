/**
 * What the "best score over time" chart shows, as plain data, and the interface of the thing
 * that draws it. The chart.js drawing lives in `chartJsScoreRenderer.ts`, so the view runs under
 * a test DOM without a canvas.
 */
import type { RunPlan, TrialRecord } from '../../src/protocol/webview';
import { formatNumber } from '../shared/format';
import { directionArrow, directionWords, formatClock, metricLabel } from './runLabels';
import { chartSeries, type ScorePoint } from './scoreSeries';

export interface ScoreChartSpec {
  /** Accessible description of the whole chart. */
  readonly title: string;
  /** The y axis: the metric and its direction. */
  readonly yLabel: string;
  readonly higherIsBetter: boolean;
  /** Best-so-far curve, drawn as a step line (see `bestSoFar`). */
  readonly best: readonly ScorePoint[];
  /** Each complete trial's score, faint dots (maybe downsampled). */
  readonly trials: readonly ScorePoint[];
  /** Tooltip text of a point, by trial id (learner, id, score, time). */
  readonly pointLabels: ReadonlyMap<number, string>;
}

/** Draws score charts into a canvas; one instance per chart slot. */
export interface ScoreChartRenderer {
  /** Draws `spec` on `canvas`; on the canvas drawn last, updates the chart in place. */
  draw(canvas: HTMLCanvasElement, spec: ScoreChartSpec): void;
  /** Draws the current chart again with the theme's current colors. */
  refreshTheme(): void;
  /** Removes the current chart, if any. */
  clear(): void;
}

/** The chart of `trials` under `plan` (direction up when the plan is not known yet). */
export function scoreChartSpec(trials: readonly TrialRecord[], plan: RunPlan | undefined): ScoreChartSpec {
  const higherIsBetter = plan?.higherIsBetter ?? true;
  const metric = plan === undefined ? 'score' : metricLabel(plan.metric);
  const { best, trials: dots } = chartSeries(trials, higherIsBetter);
  const byId = new Map(trials.map((trial) => [trial.id, trial]));
  const pointLabels = new Map<number, string>();
  for (const point of [...best, ...dots]) {
    if (pointLabels.has(point.trialId)) continue;
    const trial = byId.get(point.trialId);
    if (trial !== undefined) pointLabels.set(point.trialId, `#${trial.id} ${trial.learner}: ${formatNumber(trial.score)}`);
  }
  const final = best.at(-1);
  const ok = trials.reduce((count, trial) => count + (trial.status === 'ok' ? 1 : 0), 0);
  return {
    title: final === undefined
      ? `Best ${metric} over time: no complete trial yet`
      : `Best ${metric} over time (${directionWords(higherIsBetter)}): ${formatNumber(final.y)} after ${formatClock(final.x * 1000)}, over ${ok} complete trials`,
    yLabel: `${metric} ${directionArrow(higherIsBetter)}`,
    higherIsBetter,
    best,
    trials: dots,
    pointLabels,
  };
}
