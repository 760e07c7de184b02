/**
 * What the detail section's bar chart shows for a column, as plain data, and the interface of the
 * thing that draws it. The chart.js drawing lives in `chartJsRenderer.ts`, so everything here
 * (and the views that use it) runs under a test DOM without a canvas.
 */
import type { ColumnProfile } from '../../src/protocol/webview';
import { formatDate, formatNumber, truncate } from '../shared/format';

/** A bar chart: one bar per label. */
export interface BarChartSpec {
  /** Accessible description of the whole chart. */
  readonly title: string;
  /** Axis labels, possibly shortened. */
  readonly labels: readonly string[];
  /** Full labels for tooltips, one per bar. */
  readonly tooltipLabels: readonly string[];
  /** Bar lengths, one per label (row counts). */
  readonly values: readonly number[];
  /** Bars grow left to right (category charts with long labels) rather than upwards. */
  readonly horizontal: boolean;
  /** What a value counts, for tooltips and the value axis. */
  readonly valueLabel: string;
}

/** Draws bar charts into canvases; one instance per chart slot. */
export interface ChartRenderer {
  /** Draws `spec` on `canvas`, replacing the chart drawn before (on any canvas). */
  draw(canvas: HTMLCanvasElement, spec: BarChartSpec): void;
  /** Draws the current chart again with the theme's current colors. */
  refreshTheme(): void;
  /** Removes the current chart, if any. */
  clear(): void;
}

/** Longest category label drawn on an axis; the tooltip has the full text. */
const MAX_LABEL_CHARS = 28;

/** The chart for `column`: its histogram, else its top values; `undefined` when there is neither. */
export function chartSpecFor(column: ColumnProfile): BarChartSpec | undefined {
  if (column.count === 0) return undefined;
  const { histogram, topValues } = column;
  if (histogram !== undefined && histogram.counts.length > 0) {
    const format = column.storage === 'datetime' ? formatDate : formatNumber;
    // The axis names each bin by its lower edge; the tooltip gives the whole range.
    return {
      title: `Histogram of ${column.name}: ${histogram.counts.length} equal-width bins`,
      labels: histogram.counts.map((_, i) => format(histogram.edges[i])),
      tooltipLabels: histogram.counts.map((_, i) => `${format(histogram.edges[i])} – ${format(histogram.edges[i + 1])}`),
      values: histogram.counts,
      horizontal: false,
      valueLabel: 'rows',
    };
  }
  if (topValues !== undefined && topValues.length > 0) {
    const shown = topValues.length < column.unique ? `top ${topValues.length} of ${formatNumber(column.unique)}` : `all ${topValues.length}`;
    return {
      title: `Most frequent values of ${column.name} (${shown})`,
      labels: topValues.map((v) => truncate(v.value, MAX_LABEL_CHARS)),
      tooltipLabels: topValues.map((v) => v.value),
      values: topValues.map((v) => v.count),
      horizontal: true,
      valueLabel: 'rows',
    };
  }
  return undefined;
}
