/**
 * {@link ChartRenderer} on chart.js. Colors and fonts come from VS Code's theme variables at draw
 * time; the entry point calls `refreshTheme` when the theme changes. Chart.js draws on a canvas
 * (labels included), so no data ever becomes markup here.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { readChartTheme, type ChartTheme } from '../shared/theme';
import { formatNumber } from '../shared/format';
import type { BarChartSpec, ChartRenderer } from './chartSpec';

export class ChartJsRenderer implements ChartRenderer {
  private chart: Chart<'bar'> | undefined;
  private current: { canvas: HTMLCanvasElement; spec: BarChartSpec } | undefined;

  constructor() {
    // Registering only what a bar chart needs keeps the bundle small; repeated calls are no-ops.
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
  }

  draw(canvas: HTMLCanvasElement, spec: BarChartSpec): void {
    this.clear();
    this.current = { canvas, spec };
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', spec.title);
    this.chart = new Chart(canvas, configuration(spec, readChartTheme()));
  }

  refreshTheme(): void {
    const current = this.current;
    if (current !== undefined && current.canvas.isConnected) this.draw(current.canvas, current.spec);
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.current = undefined;
  }
}

function configuration(spec: BarChartSpec, theme: ChartTheme): ChartConfiguration<'bar'> {
  const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSizePx - 1) };
  const valueAxis = {
    beginAtZero: true,
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ticks: { color: theme.muted, font, precision: 0, callback: (value: number | string) => formatNumber(Number(value)) },
    title: { display: true, text: spec.valueLabel, color: theme.muted, font },
  };
  const categoryAxis = {
    grid: { display: false },
    border: { color: theme.grid },
    ticks: { color: theme.foreground, font, autoSkip: true, maxRotation: 0 },
  };
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: [{
        label: spec.valueLabel,
        data: [...spec.values],
        backgroundColor: theme.bar,
        hoverBackgroundColor: theme.barHighlight,
        borderWidth: 0,
        categoryPercentage: spec.horizontal ? 0.8 : 1,
        barPercentage: spec.horizontal ? 0.9 : 0.94,
      }],
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      // Redrawing on every selection change should be instant, not animated.
      animation: false,
      color: theme.foreground,
      font,
      scales: spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => (items[0] === undefined ? '' : (spec.tooltipLabels[items[0].dataIndex] ?? '')),
            label: (item) => `${formatNumber(Number(item.raw))} ${spec.valueLabel}`,
          },
        },
      },
    },
  };
}
