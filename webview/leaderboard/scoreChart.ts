/**
 * The "best score over time" section: a canvas, a caption, and redraws throttled to one per
 * {@link REDRAW_INTERVAL_MS} while trials stream in (a fast run finishes many trials a second,
 * and each redraw walks the whole board).
 */
import type { RunPlan, TrialRecord } from '../../src/protocol/webview';
import { h } from '../shared/dom';
import type { Scheduler } from './scheduler';
import { scoreChartSpec, type ScoreChartRenderer } from './scoreChartSpec';

/** Shortest time between two redraws during live updates, ms. */
export const REDRAW_INTERVAL_MS = 250;

export class ScoreChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private pending: { trials: readonly TrialRecord[]; plan: RunPlan | undefined } | undefined;
  private scheduled = false;
  private lastDrawAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly renderer: ScoreChartRenderer,
    private readonly scheduler: Scheduler,
  ) {
    this.canvas = h('canvas');
    this.caption = h('p', { class: 'chart-caption muted' });
    this.element = h('section', { class: 'score-chart', attrs: { 'aria-label': 'Best score over time' } },
      h('div', { class: 'chart-box' }, this.canvas),
      this.caption,
    );
  }

  /**
   * Shows `trials`: at once when the last redraw is long enough ago, else once the interval has
   * passed (with whatever the board holds then). `trials` is read at draw time, not copied.
   */
  update(trials: readonly TrialRecord[], plan: RunPlan | undefined): void {
    this.pending = { trials, plan };
    if (this.scheduled) return;
    const wait = this.lastDrawAt + REDRAW_INTERVAL_MS - this.scheduler.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.scheduled = true;
    this.scheduler.later(() => {
      this.scheduled = false;
      this.flush();
    }, wait);
  }

  /** Draws what is pending now (a new board is drawn without delay). */
  flush(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    this.lastDrawAt = this.scheduler.now();
    const spec = scoreChartSpec(pending.trials, pending.plan);
    this.caption.textContent = spec.title;
    if (spec.best.length === 0) {
      this.renderer.clear();
      this.element.classList.add('empty');
      return;
    }
    this.element.classList.remove('empty');
    // chart.js sizes the canvas from its container: only draw once it is in the page.
    if (this.canvas.isConnected) this.renderer.draw(this.canvas, spec);
  }

  /** Drops the chart (a new run is shown). */
  clear(): void {
    this.pending = undefined;
    this.renderer.clear();
  }
}
