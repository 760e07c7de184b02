/** A column's distribution from its profile histogram: counts over equal-width bins. */
import { formatCompact, formatCount, formatNumber } from '../format';
import { html, join, type Html } from '../html';
import { linearScale, niceDomain, px } from './scale';
import { chartSvg, TITLE_HEIGHT, xAxis, X_AXIS_HEIGHT, yAxis } from './svgFrame';

export interface HistogramOptions {
  readonly title: string;
  readonly xLabel: string;
  /** `edges.length === counts.length + 1`. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  readonly width?: number;
  readonly height?: number;
  /** How bin edges read (dates for datetime columns). */
  readonly format?: (value: number) => string;
}

export function histogramChart(options: HistogramOptions): Html {
  const { edges, counts, title } = options;
  const width = options.width ?? 300;
  const height = options.height ?? 170;
  const format = options.format ?? ((v: number) => formatNumber(v, 3));
  const left = 44;
  const right = width - 10;
  const top = TITLE_HEIGHT + 4;
  const bottom = height - X_AXIS_HEIGHT;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const x = linearScale([lo, hi], [left, right]);
  const y = niceDomain(0, Math.max(1, ...counts), 3);
  const yScale = linearScale(y.domain, [bottom, top]);
  // Tick values at the ends and middle of the range: bins' own edges rarely fall on round numbers.
  const xTicks = lo === hi ? [lo] : [lo, (lo + hi) / 2, hi];
  const bars = counts.map((count, i) => {
    const x0 = x(edges[i]);
    const x1 = x(edges[i + 1]);
    const y0 = yScale(count);
    return html`<rect class="mark" x="${px(x0 + 0.5)}" y="${px(y0)}" width="${px(Math.max(0.5, x1 - x0 - 1))}" height="${px(Math.max(0, bottom - y0))}"><title>${format(edges[i])} to ${format(edges[i + 1])}: ${formatCount(count)}</title></rect>`;
  });
  const peak = counts.reduce((best, c, i) => (c > counts[best] ? i : best), 0);
  const label =
    `Histogram, ${title}: ${counts.length} bins from ${format(lo)} to ${format(hi)}` +
    (counts.length > 0 ? `, the most values (${formatCount(counts[peak])}) between ${format(edges[peak])} and ${format(edges[peak + 1])}.` : '.');
  return chartSvg({
    title,
    label,
    width,
    height,
    kind: 'histogram',
    body: html`${yAxis({ ticks: y.ticks, scale: yScale, label: 'rows', format: formatCompact }, left, right, bottom, top)}${xAxis({ ticks: xTicks, scale: x, label: options.xLabel, format }, bottom, bottom, left, right)}${join(bars)}`,
  });
}
