/**
 * The inline distribution sketch of a table row, as a small SVG: a histogram for numeric and
 * datetime columns, a 100 % bar of the top values' shares for the others. Colors come from CSS
 * classes (theme variables); the values' text goes into an SVG `<title>` as a text node.
 */
import type { ColumnProfile } from '../../src/protocol/webview';
import { svg } from '../shared/dom';
import { formatNumber, truncate } from '../shared/format';
import { share } from './columnSummary';

/** Drawing size in SVG user units (the element is scaled by CSS). */
export const MINI_CHART_WIDTH = 100;
export const MINI_CHART_HEIGHT = 20;
/** Top values drawn as their own segment; the rest form one muted segment. */
const MAX_SEGMENTS = 8;

/** The sketch for `column`, or `null` when there is nothing to draw (all values missing). */
export function miniChart(column: ColumnProfile): SVGSVGElement | null {
  if (column.count === 0) return null;
  if (column.histogram !== undefined && column.histogram.counts.length > 0) return histogramSketch(column);
  if (column.topValues !== undefined && column.topValues.length > 0) return sharesSketch(column);
  return null;
}

function frame(label: string): SVGSVGElement {
  return svg('svg', {
    class: 'mini-chart',
    attrs: {
      viewBox: `0 0 ${MINI_CHART_WIDTH} ${MINI_CHART_HEIGHT}`,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': label,
    },
  }, svg('title', null, label));
}

function histogramSketch(column: ColumnProfile): SVGSVGElement {
  const { counts, edges } = column.histogram!;
  const max = Math.max(...counts);
  const range = `${formatNumber(edges[0])} to ${formatNumber(edges[edges.length - 1])}`;
  const chart = frame(`Histogram of ${counts.length} bins, ${column.storage === 'datetime' ? 'dates' : 'values'} ${range}`);
  const step = MINI_CHART_WIDTH / counts.length;
  const width = round(Math.max(step - 0.6, 0.4));
  // One path for all bars: a table row holds dozens of these, so fewer elements keep scrolling smooth.
  let path = '';
  counts.forEach((count, i) => {
    if (count === 0 || max === 0) return;
    // At least 1 unit tall, so rare bins stay visible.
    const height = round(Math.max(1, (count / max) * MINI_CHART_HEIGHT));
    path += `M${round(i * step)} ${MINI_CHART_HEIGHT}v${-height}h${width}v${height}z`;
  });
  if (path !== '') chart.append(svg('path', { class: 'bar', attrs: { d: path } }));
  return chart;
}

function sharesSketch(column: ColumnProfile): SVGSVGElement {
  const top = column.topValues!.slice(0, MAX_SEGMENTS);
  const shown = top.reduce((sum, v) => sum + v.count, 0);
  const rest = Math.max(0, column.count - shown);
  const label = top.map((v) => `${truncate(v.value, 24)} ${share(v.count, column.count)}`).join(', ') +
    (rest > 0 ? `, other ${share(rest, column.count)}` : '');
  const chart = frame(label);
  const y = MINI_CHART_HEIGHT / 4;
  const height = MINI_CHART_HEIGHT / 2;
  const bar = (x: number, width: number): string => `M${round(x)} ${y}h${round(width)}v${height}h${round(-width)}z`;
  // Alternating colors tell neighbouring values apart; one path per color.
  const paths = ['', ''];
  let x = 0;
  top.forEach((v, i) => {
    const width = (v.count / column.count) * MINI_CHART_WIDTH;
    paths[i % 2] += bar(x, Math.max(width - 0.6, 0.4));
    x += width;
  });
  paths.forEach((d, i) => {
    if (d !== '') chart.append(svg('path', { class: `segment segment-${i}`, attrs: { d } }));
  });
  if (rest > 0 && x < MINI_CHART_WIDTH) chart.append(svg('path', { class: 'segment rest', attrs: { d: bar(x, MINI_CHART_WIDTH - x) } }));
  return chart;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
