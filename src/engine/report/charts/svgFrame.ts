/**
 * What every chart of the report shares: the `<svg role="img">` with its accessible label and a
 * visible title, axes with ticks and a label, and labels cut to fit with the full text kept as a
 * tooltip. Colors come from CSS classes so the page's light and dark themes both apply.
 */
import { formatNumber, truncate } from '../format';
import { html, join, type Html } from '../html';
import { px } from './scale';

/** Room for the title above the plot area. */
export const TITLE_HEIGHT = 26;
/** Room for tick labels and the axis label below the plot area. */
export const X_AXIS_HEIGHT = 38;
/** Approximate width of one character of the charts' 11px text. */
export const CHAR_WIDTH = 6.2;

export interface ChartBox {
  readonly title: string;
  /** The accessible description: what is drawn and its main figures, in words. */
  readonly label: string;
  readonly width: number;
  readonly height: number;
  readonly body: Html;
  /** Extra class on the `<svg>` (a chart kind, for styling). */
  readonly kind?: string;
}

/** The chart as a figure: an `<svg role="img">` with `aria-label`, `<title>` and a visible title. */
export function chartSvg(box: ChartBox): Html {
  const { width, height } = box;
  return html`<figure class="chart"><svg role="img" aria-label="${box.label}" class="chart-svg ${box.kind ?? ''}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${box.title}</title><text class="chart-title" x="0" y="15">${truncate(box.title, Math.floor(width / 7.6))}</text>${box.body}</svg></figure>`;
}

/** Text cut to `chars` characters, with the whole text as its tooltip when cut. */
export function svgLabel(text: string, chars: number, x: number, y: number, anchor: 'start' | 'end' | 'middle', className = 'tick-label', transform?: string): Html {
  const shown = truncate(text, chars);
  const tip = shown === text ? undefined : html`<title>${text}</title>`;
  const rotate = transform === undefined ? '' : html` transform="${transform}"`;
  return html`<text class="${className}" x="${px(x)}" y="${px(y)}" text-anchor="${anchor}"${rotate}>${tip}${shown}</text>`;
}

export interface AxisOptions {
  readonly ticks: readonly number[];
  readonly scale: (value: number) => number;
  readonly label: string;
  readonly format?: (value: number) => string;
}

/** A horizontal axis at `y` from `x0` to `x1`: ticks, grid lines up to `top`, tick labels and the axis label. */
export function xAxis(axis: AxisOptions, y: number, top: number, x0: number, x1: number): Html {
  const format = axis.format ?? ((v: number) => formatNumber(v, 3));
  const ticks = axis.ticks.map((t) => {
    const x = px(axis.scale(t));
    return html`<line class="grid" x1="${x}" x2="${x}" y1="${px(top)}" y2="${px(y)}"/><text class="tick-label" x="${x}" y="${px(y + 13)}" text-anchor="middle">${format(t)}</text>`;
  });
  return html`<g class="axis"><line class="axis-line" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y)}" y2="${px(y)}"/>${join(ticks)}<text class="axis-label" x="${px((x0 + x1) / 2)}" y="${px(y + 30)}" text-anchor="middle">${axis.label}</text></g>`;
}

/** A vertical axis at `x` from `y0` (bottom) to `y1` (top): ticks, grid lines up to `right`, labels, and the axis label rotated. */
export function yAxis(axis: AxisOptions, x: number, right: number, y0: number, y1: number): Html {
  const format = axis.format ?? ((v: number) => formatNumber(v, 3));
  const ticks = axis.ticks.map((t) => {
    const y = px(axis.scale(t));
    return html`<line class="grid" x1="${px(x)}" x2="${px(right)}" y1="${y}" y2="${y}"/><text class="tick-label" x="${px(x - 4)}" y="${px(y + 3.5)}" text-anchor="end">${format(t)}</text>`;
  });
  const middle = px((y0 + y1) / 2);
  const labelX = px(Math.max(10, x - 40));
  // Rotated along the axis, the label has the axis' height to fit in.
  const chars = Math.max(8, Math.floor(Math.abs(y0 - y1) / CHAR_WIDTH));
  return html`<g class="axis"><line class="axis-line" x1="${px(x)}" x2="${px(x)}" y1="${px(y0)}" y2="${px(y1)}"/>${join(ticks)}${svgLabel(axis.label, chars, labelX, middle, 'middle', 'axis-label', `rotate(-90 ${labelX} ${middle})`)}</g>`;
}

/** "a 1.2, b 0.8 and 3 more": the first few items of a chart in words, for its accessible label. */
export function describeItems(items: readonly { readonly label: string; readonly text: string }[], shown = 5): string {
  const head = items.slice(0, shown).map((i) => `${i.label} ${i.text}`);
  const more = items.length > shown ? ` and ${items.length - shown} more` : '';
  return `${head.join(', ')}${more}`;
}
