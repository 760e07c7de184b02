/**
 * The Monitoring panel's canvas charts on chart.js: drift score per column (bars, drifted ones in
 * the theme's red, each column's threshold as a dash across its bar) and performance over windows
 * (the value per window with the run's reference and the alert limit). Colors come from VS Code's
 * theme variables at draw time; `refreshTheme` redraws after a theme change. Tooltips are drawn on
 * the canvas, so no data becomes markup.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { formatNumber } from '../shared/format';
import { readChartTheme, type ChartTheme } from '../shared/theme';
import type { DriftBar, PerformanceSeries } from './monitoringSeries';
import { isPValueMethod } from './monitoringSeries';

type Drawn = { readonly canvas: HTMLCanvasElement; readonly redraw: () => Chart };

export class ChartJsMonitorRenderer {
  private drawn: { chart: Chart; what: Drawn }[] = [];

  constructor() {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);
  }

  /** Drift score per column with its threshold. */
  drawDrift(canvas: HTMLCanvasElement, bars: readonly DriftBar[]): void {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Drift score per column; drifting: ${bars.filter((b) => b.drift).map((b) => b.column).join(', ') || 'none'}`);
    this.draw({ canvas, redraw: () => new Chart(canvas, driftConfiguration(bars, readChartTheme(), readRed())) });
  }

  /** Performance per window, with the reference and limit lines. */
  drawPerformance(canvas: HTMLCanvasElement, series: PerformanceSeries): void {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${series.kind === 'estimated' ? 'Estimated ' : ''}${series.metric} per window`);
    this.draw({ canvas, redraw: () => new Chart(canvas, performanceConfiguration(series, readChartTheme(), readRed())) });
  }

  refreshTheme(): void {
    const drawn = this.drawn.filter((d) => d.what.canvas.isConnected);
    this.clear();
    for (const { what } of drawn) this.draw(what);
  }

  clear(): void {
    for (const { chart } of this.drawn) chart.destroy();
    this.drawn = [];
  }

  private draw(what: Drawn): void {
    this.drawn = this.drawn.filter(({ chart, what: other }) => {
      if (other.canvas !== what.canvas) return true;
      chart.destroy();
      return false;
    });
    this.drawn.push({ chart: what.redraw(), what });
  }
}

function readRed(): string {
  return getComputedStyle(document.body).getPropertyValue('--vscode-charts-red').trim() || '#f14c4c';
}

function axes(theme: ChartTheme) {
  const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSizePx - 1) };
  return { font, axis: { grid: { color: theme.grid }, border: { color: theme.grid }, ticks: { color: theme.muted, font } } };
}

function driftConfiguration(bars: readonly DriftBar[], theme: ChartTheme, red: string): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
  const { font, axis } = axes(theme);
  const sameThreshold = bars.every((b) => b.threshold === bars[0]?.threshold);
  return {
    type: 'bar',
    data: {
      labels: bars.map((b) => (b.drift ? `⚠ ${b.column}` : b.column)),
      datasets: [
        {
          type: 'bar',
          label: 'Drift score',
          data: bars.map((b) => b.score),
          backgroundColor: bars.map((b) => (b.drift ? red : theme.bar)),
          order: 1,
        },
        {
          type: 'line',
          label: 'Threshold',
          data: bars.map((b) => (b.status === 'checked' ? b.threshold : null)),
          borderColor: theme.foreground,
          backgroundColor: theme.foreground,
          borderDash: [4, 3],
          borderWidth: 1.5,
          // One level for all: a line; per-column levels: a dash across each bar.
          showLine: sameThreshold,
          pointStyle: 'line',
          pointRadius: sameThreshold ? 0 : 14,
          pointBorderWidth: 2,
          order: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      color: theme.foreground,
      font,
      scales: {
        x: { ...axis, ticks: { ...axis.ticks, autoSkip: false, maxRotation: 60 } },
        y: { ...axis, beginAtZero: true, title: { display: true, text: 'drift score', color: theme.muted, font } },
      },
      plugins: {
        legend: { labels: { color: theme.foreground, font, boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const bar = bars[item.dataIndex];
              if (bar === undefined) return '';
              if (item.datasetIndex === 1) return `threshold ${formatNumber(bar.threshold)} (${isPValueMethod(bar.method) ? 'drift below' : 'drift at or above'})`;
              if (bar.score === null) return `not checked (${bar.status})`;
              return `${bar.method ?? ''} ${formatNumber(bar.score)}${bar.psi === null ? '' : `, PSI ${formatNumber(bar.psi)}`}${bar.drift ? ': drifts' : ''}`;
            },
          },
        },
      },
    },
  };
}

function performanceConfiguration(series: PerformanceSeries, theme: ChartTheme, red: string): ChartConfiguration<'line', (number | null)[], string> {
  const { font, axis } = axes(theme);
  const flat = (value: number) => series.windows.map(() => value);
  return {
    type: 'line',
    data: {
      labels: [...series.windows],
      datasets: [
        { label: series.kind === 'estimated' ? `${series.metric} (estimated, CBPE)` : series.metric, data: [...series.values], borderColor: theme.bar, backgroundColor: theme.bar, spanGaps: false, pointRadius: 3 },
        { label: 'training (cross-validated)', data: flat(series.reference), borderColor: theme.muted, backgroundColor: theme.muted, borderDash: [4, 3], pointRadius: 0, borderWidth: 1 },
        { label: 'alert limit', data: flat(series.limit), borderColor: red, backgroundColor: red, borderDash: [2, 2], pointRadius: 0, borderWidth: 1 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      color: theme.foreground,
      font,
      scales: { x: { ...axis }, y: { ...axis, title: { display: true, text: series.metric, color: theme.muted, font } } },
      plugins: { legend: { labels: { color: theme.foreground, font, boxWidth: 12 } } },
    },
  };
}
