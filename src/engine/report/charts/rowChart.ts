/**
 * One row per item: a bar from zero (importance, counts, weights) or a dot (scores, whose
 * differences would vanish on a bar from zero), each with an optional whisker for its spread.
 */
import { formatNumber } from '../format';
import { html, join, type Html } from '../html';
import { linearScale, niceDomain, px } from './scale';
import { chartSvg, CHAR_WIDTH, describeItems, svgLabel, TITLE_HEIGHT, xAxis, X_AXIS_HEIGHT } from './svgFrame';

export interface RowItem {
  readonly label: string;
  readonly value: number;
  /** The whisker's ends (fold range, ± a standard deviation); none when absent. */
  readonly low?: number;
  readonly high?: number;
  /** A highlighted row (the final model's members, a failing check). */
  readonly highlight?: boolean;
}

export interface RowChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly items: readonly RowItem[];
  /** 'bar' starts at zero; 'dot' fits the axis to the values. */
  readonly mark?: 'bar' | 'dot';
  readonly width?: number;
  readonly format?: (value: number) => string;
  /** How the axis' ticks read (default: about 3 significant digits). */
  readonly tickFormat?: (value: number) => string;
  /** What a highlighted row means, for the legend ("in the final model"). */
  readonly highlightMeaning?: string;
  /** Characters of the labels kept (the rest is in the tooltip). */
  readonly labelChars?: number;
}

const ROW_HEIGHT = 20;
const BAR_HEIGHT = 13;

export function rowChart(options: RowChartOptions): Html {
  const { items, title } = options;
  const mark = options.mark ?? 'bar';
  const width = options.width ?? 640;
  const format = options.format ?? ((v: number) => formatNumber(v, 3));
  const labelChars = options.labelChars ?? 26;
  const longest = Math.min(labelChars, Math.max(4, ...items.map((i) => i.label.length)));
  const left = Math.ceil(longest * CHAR_WIDTH) + 10;
  const valueRoom = 58;
  const right = width - valueRoom;
  const legend = options.highlightMeaning !== undefined && items.some((i) => i.highlight) ? 18 : 0;
  const top = TITLE_HEIGHT + legend;
  const plotBottom = top + Math.max(1, items.length) * ROW_HEIGHT;
  const height = plotBottom + X_AXIS_HEIGHT;

  const finite = items.flatMap((i) => [i.value, i.low, i.high]).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 1;
  // About one tick per 70 pixels, so that narrow charts' tick labels do not run into each other.
  const tickCount = Math.max(2, Math.min(5, Math.floor((right - left) / 70)));
  const { domain, ticks } = mark === 'bar' ? niceDomain(Math.min(0, min), Math.max(0, max), tickCount) : niceDomain(min, max, tickCount);
  const x = linearScale(domain, [left, right]);

  const rows = items.map((item, i) => {
    const cy = top + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    const cls = item.highlight ? 'mark highlight' : 'mark';
    const tip = html`<title>${item.label}: ${format(item.value)}${item.low !== undefined && item.high !== undefined ? ` (${format(item.low)} to ${format(item.high)})` : ''}</title>`;
    let shape: Html;
    if (!Number.isFinite(item.value)) shape = html``;
    else if (mark === 'bar') {
      const x0 = x(Math.max(domain[0], Math.min(0, item.value)));
      const x1 = x(Math.max(0, item.value));
      shape = html`<rect class="${cls}" x="${px(x0)}" y="${px(cy - BAR_HEIGHT / 2)}" width="${px(Math.max(0.5, x1 - x0))}" height="${BAR_HEIGHT}">${tip}</rect>`;
    } else {
      shape = html`<circle class="${cls}" cx="${px(x(item.value))}" cy="${px(cy)}" r="4">${tip}</circle>`;
    }
    const whisker =
      item.low !== undefined && item.high !== undefined && Number.isFinite(item.low) && Number.isFinite(item.high)
        ? html`<line class="whisker" x1="${px(x(item.low))}" x2="${px(x(item.high))}" y1="${px(cy)}" y2="${px(cy)}"/><line class="whisker" x1="${px(x(item.low))}" x2="${px(x(item.low))}" y1="${px(cy - 4)}" y2="${px(cy + 4)}"/><line class="whisker" x1="${px(x(item.high))}" x2="${px(x(item.high))}" y1="${px(cy - 4)}" y2="${px(cy + 4)}"/>`
        : undefined;
    const valueX = Math.max(x(item.high ?? item.value), x(item.value)) + 5;
    return html`<g>${svgLabel(item.label, labelChars, left - 6, cy + 4, 'end')}${shape}${whisker}<text class="value-label" x="${px(Math.min(valueX, right + 4))}" y="${px(cy + 4)}">${format(item.value)}</text></g>`;
  });
  const zero = mark === 'bar' && domain[0] < 0 ? html`<line class="zero-line" x1="${px(x(0))}" x2="${px(x(0))}" y1="${top}" y2="${plotBottom}"/>` : undefined;
  const legendMark =
    legend > 0
      ? html`<g class="legend"><rect class="mark highlight" x="${left}" y="${TITLE_HEIGHT}" width="10" height="10"/><text class="tick-label" x="${left + 14}" y="${TITLE_HEIGHT + 9}">${options.highlightMeaning ?? ''}</text></g>`
      : undefined;
  const label = `${mark === 'bar' ? 'Bar' : 'Dot'} chart, ${title}: ${describeItems(items.map((i) => ({ label: i.label, text: format(i.value) })))}.`;
  return chartSvg({
    title,
    label,
    width,
    height,
    kind: `rows ${mark}`,
    body: html`${legendMark}${xAxis({ ticks, scale: x, label: options.xLabel, format: options.tickFormat }, plotBottom, top, left, right)}${zero}${join(rows)}`,
  });
}
