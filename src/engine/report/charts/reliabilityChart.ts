/**
 * The reliability diagram of a calibration check: observed frequency against mean predicted
 * probability per bin, with the diagonal a perfectly calibrated model would follow, and the
 * curve before calibration when a method was kept.
 */
import type { ReliabilityBin } from '../../robustness/types';
import { formatCount, formatNumber } from '../format';
import { html, join, type Html } from '../html';
import { linearScale, px } from './scale';
import { chartSvg, TITLE_HEIGHT, xAxis, X_AXIS_HEIGHT, yAxis } from './svgFrame';

export interface ReliabilityOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly bins: readonly ReliabilityBin[];
  readonly before?: readonly ReliabilityBin[];
  readonly size?: number;
}

function curve(bins: readonly ReliabilityBin[], x: (v: number) => number, y: (v: number) => number, cls: string, maxCount: number): Html {
  const d = bins.map((b, i) => `${i === 0 ? 'M' : 'L'}${px(x(b.meanPredicted))} ${px(y(b.observed))}`).join('');
  const dots = bins.map(
    (b) =>
      html`<circle class="${cls}" cx="${px(x(b.meanPredicted))}" cy="${px(y(b.observed))}" r="${px(2 + 4 * Math.sqrt(b.count / maxCount))}"><title>predicted ${formatNumber(b.meanPredicted, 3)}, observed ${formatNumber(b.observed, 3)} (${formatCount(b.count)} rows)</title></circle>`,
  );
  return html`<path class="line ${cls}" d="${d}"/>${join(dots)}`;
}

export function reliabilityChart(options: ReliabilityOptions): Html {
  const size = options.size ?? 320;
  const legendHeight = options.before ? 16 : 0;
  const left = 48;
  const top = TITLE_HEIGHT + 4 + legendHeight;
  const plot = size - left - 12;
  const right = left + plot;
  const bottom = top + plot;
  const width = size;
  const height = bottom + X_AXIS_HEIGHT;
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const x = linearScale([0, 1], [left, right]);
  const y = linearScale([0, 1], [bottom, top]);
  const maxCount = Math.max(1, ...options.bins.map((b) => b.count), ...(options.before ?? []).map((b) => b.count));
  const diagonal = html`<line class="diagonal" x1="${px(x(0))}" y1="${px(y(0))}" x2="${px(x(1))}" y2="${px(y(1))}"><title>perfect calibration</title></line>`;
  const legend = options.before
    ? html`<g class="legend"><circle class="mark" cx="${left + 5}" cy="${TITLE_HEIGHT + 6}" r="4"/><text class="tick-label" x="${left + 13}" y="${TITLE_HEIGHT + 10}">calibrated</text><circle class="mark muted-mark" cx="${left + 95}" cy="${TITLE_HEIGHT + 6}" r="4"/><text class="tick-label" x="${left + 103}" y="${TITLE_HEIGHT + 10}">before calibration</text></g>`
    : undefined;
  const worst = options.bins.reduce((w, b) => Math.max(w, Math.abs(b.meanPredicted - b.observed)), 0);
  const label = `Reliability diagram, ${options.title}: ${options.bins.length} bins; the largest gap between predicted and observed is ${formatNumber(worst, 2)} (0 is perfect, on the diagonal).`;
  return chartSvg({
    title: options.title,
    label,
    width,
    height,
    kind: 'reliability',
    body: html`${legend}${yAxis({ ticks, scale: y, label: options.yLabel }, left, right, bottom, top)}${xAxis({ ticks, scale: x, label: options.xLabel }, bottom, top, left, right)}${diagonal}${options.before ? curve(options.before, x, y, 'mark muted-mark', maxCount) : undefined}${curve(options.bins, x, y, 'mark', maxCount)}`,
  });
}
