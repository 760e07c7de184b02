/**
 * What a canvas chart of the Explanations panel shows, as plain data, and the interface of the
 * thing that draws it. The chart.js drawing lives in `chartJsPlotRenderer.ts`; everything that
 * builds specs (and the view) runs under a test DOM without a canvas.
 *
 * Every chart is points and lines on two numeric axes. A category axis places category k at k
 * and names it `categories[k]`, so beeswarm rows and categorical grids need no other chart type.
 */

export type AxisSpec =
  | { readonly kind: 'number'; readonly title: string }
  /** Values are epoch milliseconds, ticks read as dates. */
  | { readonly kind: 'date'; readonly title: string }
  | { readonly kind: 'category'; readonly title: string; readonly categories: readonly string[] };

/** How a series is drawn: the main data, context behind it (ICE curves), or a reference line. */
export type SeriesEmphasis = 'main' | 'faint' | 'reference';

export interface PlotPoint {
  readonly x: number;
  readonly y: number;
}

export interface PlotSeries {
  /** What the series is (legend and accessible text). */
  readonly label: string;
  readonly kind: 'line' | 'points';
  readonly emphasis: SeriesEmphasis;
  readonly points: readonly PlotPoint[];
  /**
   * Per point color on the low-to-high scale (0 = low, 1 = high), or null for the neutral color
   * (a category or a missing value). Absent: the series color.
   */
  readonly tones?: readonly (number | null)[];
  /** Tooltip text per point. Absent: no tooltip. */
  readonly tooltips?: readonly string[];
  /** Point radius in CSS pixels (defaults by kind and emphasis). */
  readonly radius?: number;
}

export interface PlotSpec {
  /** Accessible description of the whole chart. */
  readonly title: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  readonly series: readonly PlotSeries[];
}

/** Draws plots into canvases; one instance serves every canvas of a view. */
export interface PlotRenderer {
  /** Draws `spec` on `canvas`, replacing what was drawn on that canvas before. */
  draw(canvas: HTMLCanvasElement, spec: PlotSpec): void;
  /** Draws every chart still in the page again with the theme's current colors. */
  refreshTheme(): void;
  /** Removes every chart. */
  clear(): void;
}
