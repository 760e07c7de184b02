/**
 * {@link PlotRenderer} on chart.js scatter charts (lines are scatter datasets with `showLine`).
 * Colors and fonts come from VS Code's theme variables at draw time; the entry point calls
 * `refreshTheme` when the theme changes. Chart.js draws labels and tooltips on the canvas, so no
 * data ever becomes markup here.
 */
import { Chart, LinearScale, LineElement, PointElement, ScatterController, Tooltip, type ChartConfiguration, type ChartDataset, type ChartOptions } from 'chart.js';
import { formatDate, formatNumber } from '../shared/format';
import { readChartTheme, type ChartTheme } from '../shared/theme';
import { formatRgba, mixColor, parseColor, withAlpha, type Rgba } from './colors';
import type { AxisSpec, PlotRenderer, PlotSeries, PlotSpec } from './plotSpec';

/** The colors of the low-to-high scale and the neutral color, from theme variables. */
interface ScaleColors {
  readonly low: Rgba;
  readonly high: Rgba;
  readonly neutral: Rgba;
  readonly main: Rgba;
  readonly faint: Rgba;
}

const FALLBACK_BLUE: Rgba = [55, 148, 255, 1];
const FALLBACK_RED: Rgba = [241, 76, 76, 1];
const FALLBACK_GREY: Rgba = [139, 139, 139, 1];

function readScaleColors(theme: ChartTheme, element: Element = document.body): ScaleColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: Rgba): Rgba => parseColor(style.getPropertyValue(name)) ?? fallback;
  const muted = parseColor(theme.muted) ?? FALLBACK_GREY;
  const main = parseColor(theme.bar) ?? FALLBACK_BLUE;
  return {
    low: read('--vscode-charts-blue', FALLBACK_BLUE),
    high: read('--vscode-charts-red', FALLBACK_RED),
    neutral: withAlpha(muted, 0.7),
    main,
    faint: withAlpha(muted, 0.35),
  };
}

export class ChartJsPlotRenderer implements PlotRenderer {
  private readonly charts = new Map<HTMLCanvasElement, { chart: Chart<'scatter'>; spec: PlotSpec }>();

  constructor() {
    // Registering only what scatter and line plots need keeps the bundle small; repeated calls are no-ops.
    Chart.register(ScatterController, PointElement, LineElement, LinearScale, Tooltip);
  }

  draw(canvas: HTMLCanvasElement, spec: PlotSpec): void {
    // Charts whose canvas left the page (another tab was drawn) are done with.
    for (const [other, { chart }] of this.charts) {
      if (other === canvas || !other.isConnected) {
        chart.destroy();
        this.charts.delete(other);
      }
    }
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', spec.title);
    const theme = readChartTheme();
    const chart = new Chart(canvas, configuration(spec, theme, readScaleColors(theme)));
    this.charts.set(canvas, { chart, spec });
  }

  refreshTheme(): void {
    for (const [canvas, { spec }] of [...this.charts]) {
      if (canvas.isConnected) this.draw(canvas, spec);
    }
  }

  clear(): void {
    for (const { chart } of this.charts.values()) chart.destroy();
    this.charts.clear();
  }
}

function pointRadius(series: PlotSeries): number {
  if (series.radius !== undefined) return series.radius;
  if (series.kind === 'line') return 0;
  return series.emphasis === 'faint' ? 2 : 2.5;
}

function dataset(series: PlotSeries, colors: ScaleColors, theme: ChartTheme): ChartDataset<'scatter'> {
  const base = series.emphasis === 'main' ? colors.main : series.emphasis === 'faint' ? colors.faint : parseColor(theme.grid) ?? colors.neutral;
  const pointColors = series.tones?.map((t) => formatRgba(t === null ? colors.neutral : mixColor(colors.low, colors.high, t)));
  const color = formatRgba(base);
  return {
    label: series.label,
    data: series.points.map((p) => ({ x: p.x, y: p.y })),
    showLine: series.kind === 'line',
    borderColor: color,
    backgroundColor: color,
    borderWidth: series.emphasis === 'main' ? 2.5 : 1,
    borderDash: series.emphasis === 'reference' ? [4, 3] : undefined,
    pointRadius: pointRadius(series),
    pointHoverRadius: series.tooltips === undefined ? 0 : pointRadius(series) + 2,
    pointHitRadius: series.tooltips === undefined ? 0 : 3,
    pointBackgroundColor: pointColors ?? color,
    pointBorderColor: pointColors ?? color,
    pointBorderWidth: 0,
    // Context behind the data: references and faint curves first.
    order: series.emphasis === 'main' ? 0 : series.emphasis === 'faint' ? 1 : 2,
  };
}

/** The options of one axis, as the chart's `scales` take them. */
type AxisOptions = NonNullable<NonNullable<ChartOptions<'scatter'>['scales']>[string]>;

function axis(spec: AxisSpec, theme: ChartTheme, vertical: boolean): AxisOptions {
  const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSizePx - 1) };
  const common = {
    type: 'linear' as const,
    grid: { color: theme.grid },
    border: { color: theme.grid },
    title: { display: spec.title !== '', text: spec.title, color: theme.muted, font },
  };
  if (spec.kind === 'category') {
    const { categories } = spec;
    return {
      ...common,
      min: -0.5,
      max: categories.length - 0.5,
      grid: { display: false },
      // One tick per category at its position (a linear scale would put them at -0.5, 0.5, …).
      afterBuildTicks: (scale) => {
        scale.ticks = categories.map((_, i) => ({ value: i }));
      },
      ticks: {
        color: theme.foreground,
        font,
        autoSkip: !vertical,
        maxRotation: vertical ? 0 : 45,
        callback: (value: number | string) => categories[Number(value)] ?? '',
      },
    };
  }
  const format = spec.kind === 'date' ? formatDate : formatNumber;
  return {
    ...common,
    ticks: { color: theme.muted, font, callback: (value: number | string) => format(Number(value)) },
  };
}

function configuration(spec: PlotSpec, theme: ChartTheme, colors: ScaleColors): ChartConfiguration<'scatter'> {
  const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSizePx - 1) };
  return {
    type: 'scatter',
    data: { datasets: spec.series.map((s) => dataset(s, colors, theme)) },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Redrawing on every output or tab change should be instant, not animated.
      animation: false,
      color: theme.foreground,
      font,
      interaction: { mode: 'nearest', intersect: true },
      scales: { x: axis(spec.x, theme, false), y: axis(spec.y, theme, true) },
      plugins: {
        tooltip: {
          filter: (item) => spec.series[item.datasetIndex]?.tooltips !== undefined,
          callbacks: {
            title: () => '',
            label: (item) => spec.series[item.datasetIndex]?.tooltips?.[item.dataIndex] ?? '',
          },
        },
      },
    },
  };
}
