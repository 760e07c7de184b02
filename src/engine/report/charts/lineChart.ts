/**
 * Lines over a numeric x axis: partial dependence (the average) with faint individual (ICE)
 * curves behind it.
 */
import { formatNumber } from '../format';
import { html, join, type Html } from '../html';
import { linearScale, niceDomain, px } from './scale';
import { chartSvg, TITLE_HEIGHT, xAxis, X_AXIS_HEIGHT, yAxis } from './svgFrame';

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly x: readonly number[];
  /** The main line, one value per x. */
  readonly line: readonly number[];
  /** Background lines (ICE curves), one value per x each. */
  readonly background?: readonly (readonly number[])[];
  readonly width?: number;
  readonly height?: number;
  readonly formatX?: (value: number) => string;
  /** Values the y axis always spans (a share's 0 to 1), besides the lines' own. */
  readonly yRange?: readonly [number, number];
}

function path(xs: readonly number[], ys: readonly number[], x: (v: number) => number, y: (v: number) => number): string {
  const points: string[] = [];
  xs.forEach((v, i) => {
    if (Number.isFinite(v) && Number.isFinite(ys[i])) points.push(`${points.length === 0 ? 'M' : 'L'}${px(x(v))} ${px(y(ys[i]))}`);
  });
  return points.join('');
}

export function lineChart(options: LineChartOptions): Html {
  const { title } = options;
  const width = options.width ?? 340;
  const height = options.height ?? 220;
  const left = 52;
  const right = width - 10;
  const top = TITLE_HEIGHT + 4;
  const bottom = height - X_AXIS_HEIGHT;
  const xs = options.x.filter(Number.isFinite);
  const all = [...options.line, ...(options.background ?? []).flat(), ...(options.yRange ?? [])].filter(Number.isFinite);
  const xd = niceDomain(Math.min(...xs), Math.max(...xs), 4);
  const yd = niceDomain(Math.min(...all), Math.max(...all), 4);
  const x = linearScale(xd.domain, [left, right]);
  const y = linearScale(yd.domain, [bottom, top]);
  const background = (options.background ?? []).map((ys) => html`<path class="line faint" d="${path(options.x, ys, x, y)}"/>`);
  const main = html`<path class="line" d="${path(options.x, options.line, x, y)}"/>`;
  const first = options.line.find(Number.isFinite);
  const last = [...options.line].reverse().find(Number.isFinite);
  const format = options.formatX ?? ((v: number) => formatNumber(v, 3));
  const label = `Line chart, ${title}: ${options.yLabel} goes from ${formatNumber(first, 3)} at ${format(xs[0])} to ${formatNumber(last, 3)} at ${format(xs[xs.length - 1])}.`;
  return chartSvg({
    title,
    label,
    width,
    height,
    kind: 'lines',
    body: html`${yAxis({ ticks: yd.ticks, scale: y, label: options.yLabel }, left, right, bottom, top)}${xAxis({ ticks: xd.ticks, scale: x, label: options.xLabel, format }, bottom, top, left, right)}${join(background)}${main}`,
  });
}
