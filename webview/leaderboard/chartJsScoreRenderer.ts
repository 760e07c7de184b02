/**
 * {@link ScoreChartRenderer} on chart.js: a scatter chart of the trials' scores with the
 * best-so-far curve as a step line. Colors and fonts come from VS Code's theme variables at draw
 * time; the entry point calls `refreshTheme` when the theme changes. Chart.js draws on a canvas
 * (tooltips included), so no data ever becomes markup here.
 */
import {
  Chart,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { formatNumber } from '../shared/format';
import { readChartTheme, type ChartTheme } from '../shared/theme';
import { formatClock } from './runLabels';
import type { ScoreChartRenderer, ScoreChartSpec } from './scoreChartSpec';
import type { ScorePoint } from './scoreSeries';

type ScoreChartInstance = Chart<'scatter', ScorePoint[]>;

export class ChartJsScoreRenderer implements ScoreChartRenderer {
  private chart: ScoreChartInstance | undefined;
  private current: { canvas: HTMLCanvasElement; spec: ScoreChartSpec } | undefined;

  constructor() {
    // A scatter chart whose first dataset shows its line needs no LineController; registering
    // only these keeps the bundle small. Repeated calls are no-ops.
    Chart.register(ScatterController, PointElement, LineElement, LinearScale, Tooltip, Legend);
  }

  draw(canvas: HTMLCanvasElement, spec: ScoreChartSpec): void {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', spec.title);
    const chart = this.chart;
    if (chart !== undefined && this.current?.canvas === canvas && this.current.spec.higherIsBetter === spec.higherIsBetter) {
      // Live updates: swap the data and redraw without animation, keeping the chart object.
      this.current = { canvas, spec };
      chart.data.datasets[0].data = [...spec.best];
      chart.data.datasets[1].data = [...spec.trials];
      setAxisTitle(chart, spec.yLabel);
      chart.update('none');
      return;
    }
    this.clear();
    this.current = { canvas, spec };
    this.chart = new Chart(canvas, configuration(() => this.current?.spec ?? spec, spec, readChartTheme()));
  }

  refreshTheme(): void {
    const current = this.current;
    if (current === undefined || !current.canvas.isConnected) return;
    this.clear();
    this.draw(current.canvas, current.spec);
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.current = undefined;
  }
}

function setAxisTitle(chart: ScoreChartInstance, text: string): void {
  const y = chart.options.scales?.y;
  if (y !== undefined && 'title' in y && y.title !== undefined) y.title.text = text;
}

/** The chart's configuration; tooltips read the latest spec through `spec()`, as data is swapped in place. */
function configuration(spec: () => ScoreChartSpec, initial: ScoreChartSpec, theme: ChartTheme): ChartConfiguration<'scatter', ScorePoint[]> {
  const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSizePx - 1) };
  const axis = {
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ticks: { color: theme.muted, font },
  };
  const bestLine: ChartDataset<'scatter', ScorePoint[]> = {
    label: 'Best so far',
    data: [...initial.best],
    showLine: true,
    // 'before': the line stays at the old best until the trial that beat it, then steps.
    stepped: 'before',
    borderColor: theme.barHighlight,
    backgroundColor: theme.barHighlight,
    borderWidth: 2,
    pointRadius: 2,
    pointHoverRadius: 4,
    order: 0,
  };
  const trialDots: ChartDataset<'scatter', ScorePoint[]> = {
    label: 'Trials',
    data: [...initial.trials],
    showLine: false,
    borderColor: 'transparent',
    backgroundColor: withAlpha(theme.bar, 0.35),
    pointRadius: 2.5,
    pointHoverRadius: 4,
    order: 1,
  };
  return {
    type: 'scatter',
    data: { datasets: [bestLine, trialDots] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // ScorePoint's x and y are what chart.js would parse anyway; skipping the parse is faster.
      parsing: false,
      color: theme.foreground,
      font,
      scales: {
        x: {
          type: 'linear',
          ...axis,
          min: 0,
          // Whole seconds only: sub-second ticks would all read 00:00.
          ticks: { ...axis.ticks, maxRotation: 0, precision: 0, callback: (value) => formatClock(Number(value) * 1000) },
          title: { display: true, text: 'elapsed (mm:ss)', color: theme.muted, font },
        },
        y: {
          type: 'linear',
          ...axis,
          ticks: { ...axis.ticks, callback: (value) => formatNumber(Number(value)) },
          title: { display: true, text: initial.yLabel, color: theme.muted, font },
        },
      },
      plugins: {
        legend: { labels: { color: theme.foreground, font, boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item) => {
              const point = item.raw as ScorePoint;
              const text = spec().pointLabels.get(point.trialId) ?? formatNumber(point.y);
              return `${item.datasetIndex === 0 ? 'best so far: ' : ''}${text} at ${formatClock(point.x * 1000)}`;
            },
          },
        },
      },
    },
  };
}

/**
 * `color` at `alpha` opacity. Theme colors arrive as hex (`#rgb`, `#rrggbb`, `#rrggbbaa`) or
 * `rgb(…)`; anything else is drawn opaque rather than guessed at.
 */
function withAlpha(color: string, alpha: number): string {
  const text = color.trim();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(text);
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})(?:[0-9a-f]{2})?$/i.exec(text);
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(text);
  let channels: number[] | undefined;
  if (short !== null) channels = short.slice(1, 4).map((c) => Number.parseInt(c + c, 16));
  else if (long !== null) channels = long.slice(1, 4).map((c) => Number.parseInt(c, 16));
  else if (rgb !== null) channels = rgb.slice(1, 4).map(Number);
  return channels === undefined ? text : `rgba(${channels.join(', ')}, ${alpha})`;
}
