/**
 * The Leaderboard's header: which run, what it optimises, what it did with its columns, where it
 * is (status, clock), how it is doing (best score, trial count), and the Cancel, Explain, Export
 * and Save as Spec buttons. Built once per shown run; live updates rewrite the text of single
 * elements instead of rebuilding the header.
 */
import type { FeaturesFile, RunInfo, RunPlan, RunReport, RunStatus, TrialRecord } from '../../src/protocol/webview';
import { h, replaceChildren } from '../shared/dom';
import { formatNumber, formatTimestamp, plural } from '../shared/format';
import { FeaturesLine } from './featuresLine';
import { directionArrow, directionWords, formatClock, isLive, metricLabel, statusLabel, taskLabel, validationLabel } from './runLabels';

export interface BoardHeaderEvents {
  onCancel(): void;
  onExplain(): void;
  onExport(): void;
  onSaveSpec(): void;
  /** The feature details were opened or closed. */
  onFeaturesToggled(open: boolean): void;
}

export class BoardHeader {
  readonly element: HTMLElement;
  private readonly title = h('h1');
  private readonly runLine = h('p', { class: 'run muted' });
  private readonly planLine = h('p', { class: 'plan' });
  private readonly featuresLine: FeaturesLine;
  private readonly statusBadge = h('span', { class: 'status-badge' });
  private readonly statusText = h('span', { class: 'status-text' });
  private readonly clock = h('span', { class: 'clock' });
  private readonly summary = h('p', { class: 'summary' });
  private readonly actions = h('div', { class: 'actions' });
  private readonly cancelButton: HTMLElement;
  private readonly explainButton: HTMLElement;
  private readonly exportButton: HTMLElement;
  private readonly saveSpecButton: HTMLElement;
  private status: RunStatus = 'running';
  private cancelRequested = false;
  /** How the selected model reads, when it can be exported (a finished trial or the final model). */
  private exportLabel: string | undefined;
  private selectedLabel: string | undefined;

  /** `featuresOpen`: whether the feature details start open (as the view's state kept them). */
  constructor(events: BoardHeaderEvents, featuresOpen = false) {
    this.featuresLine = new FeaturesLine(featuresOpen, (open) => events.onFeaturesToggled(open));
    this.cancelButton = h('vscode-button', {
      class: 'cancel',
      attrs: { secondary: true, title: 'Stop the search; the trials that finished are kept' },
      on: {
        click: () => {
          if (this.cancelRequested) return;
          this.cancelRequested = true;
          this.renderActions();
          events.onCancel();
        },
      },
    }, 'Cancel');
    this.explainButton = h('vscode-button', {
      class: 'explain',
      attrs: { title: 'Open the Explanations panel for the selected model' },
      on: { click: () => events.onExplain() },
    }, 'Explain selected');
    this.exportButton = h('vscode-button', {
      class: 'export',
      attrs: { secondary: true },
      on: {
        click: () => {
          if (this.canExport()) events.onExport();
        },
      },
    }, 'Export');
    this.saveSpecButton = h('vscode-button', {
      class: 'save-spec',
      attrs: { secondary: true },
      on: {
        click: () => {
          if (!isLive(this.status)) events.onSaveSpec();
        },
      },
    }, 'Save as Spec…');
    this.element = h('header', { class: 'header' },
      h('div', { class: 'title-row' }, this.title, this.actions),
      this.runLine,
      this.planLine,
      this.featuresLine.element,
      h('p', { class: 'status-line' },
        // Only the status is live: the clock ticks every second and would flood a screen reader.
        h('span', { attrs: { role: 'status', 'aria-live': 'polite' } }, this.statusBadge, ' ', this.statusText),
        this.clock,
      ),
      this.summary,
    );
  }

  setRun(run: RunInfo): void {
    this.title.textContent = run.name;
    this.title.setAttribute('title', run.runDir);
    const started = formatTimestamp(run.createdAt);
    replaceChildren(this.runLine, h('span', { class: 'file', attrs: { title: run.file } }, run.file), started === '' ? null : ` · started ${started}`);
    this.cancelRequested = false;
  }

  setPlan(plan: RunPlan | undefined): void {
    if (plan === undefined) {
      replaceChildren(this.planLine, h('span', { class: 'muted' }, 'Planning…'));
      return;
    }
    replaceChildren(this.planLine,
      h('span', { class: 'task' }, taskLabel(plan.task)),
      ' · ',
      h('span', { class: 'metric', attrs: { title: directionWords(plan.higherIsBetter) } },
        `${metricLabel(plan.metric)} ${directionArrow(plan.higherIsBetter)}`),
      ' · ',
      h('span', { class: 'validation' }, validationLabel(plan.validation)),
      ' · ',
      `${plural(plan.rows, 'row')}, ${plural(plan.learners.length, 'learner')}`,
    );
  }

  /** The run's feature decisions (see {@link FeaturesLine.set}); `status` words what is not known. */
  setFeatures(features: RunReport<FeaturesFile>, status: RunStatus): void {
    this.featuresLine.set(features, status);
  }

  setStatus(status: RunStatus, text: string): void {
    // A cancelled run may pass through 'finishing': the request stands until the run is over.
    if (!isLive(status)) this.cancelRequested = false;
    this.status = status;
    this.statusBadge.textContent = statusLabel(status);
    this.statusBadge.className = `status-badge status-${status}`;
    this.statusText.textContent = text;
    this.renderActions();
  }

  /** The run's clock: elapsed, and what is left of the budget while the run is live. */
  setClock(elapsedMs: number, remainingMs: number | undefined): void {
    const left = isLive(this.status) && remainingMs !== undefined && Number.isFinite(remainingMs) ? ` · ${formatClock(remainingMs)} left` : '';
    this.clock.textContent = ` · ${formatClock(elapsedMs)} elapsed${left}`;
  }

  /** The best complete trial and how many trials finished (and how many of them failed). */
  setProgress(best: TrialRecord | undefined, trials: number, failed: number, plan: RunPlan | undefined): void {
    const metric = plan === undefined ? 'score' : metricLabel(plan.metric);
    const count = `${plural(trials, 'trial')}${failed > 0 ? ` (${formatNumber(failed)} did not complete)` : ''}`;
    replaceChildren(this.summary,
      best === undefined
        ? h('span', { class: 'muted' }, 'No complete trial yet')
        : h('span', { class: 'best' }, `Best ${metric} `, h('strong', null, formatNumber(best.score)), ` (${best.learner} #${best.id})`),
      ' · ',
      count,
    );
  }

  /**
   * Enables Explain when a model is selected; `label` names it in the button's tooltip. Export
   * also needs the model to exist (`exportable`: the final model, or a trial that completed) and
   * the run to be over, since a live run has no folder to export from yet.
   */
  setSelected(label: string | undefined, exportable = false): void {
    this.selectedLabel = label;
    this.exportLabel = exportable ? label : undefined;
    this.renderExport();
    if (label === undefined) {
      this.explainButton.setAttribute('disabled', '');
      this.explainButton.setAttribute('title', 'Select a model to explain');
    } else {
      this.explainButton.removeAttribute('disabled');
      this.explainButton.setAttribute('title', `Open the Explanations panel for ${label}`);
    }
  }

  /** Cancel exists only while the run can be cancelled; after a click it waits for the status to change. */
  private renderActions(): void {
    const live = isLive(this.status);
    if (live) {
      this.cancelButton.textContent = this.cancelRequested ? 'Cancelling…' : 'Cancel';
      if (this.cancelRequested) this.cancelButton.setAttribute('disabled', '');
      else this.cancelButton.removeAttribute('disabled');
    }
    this.renderExport();
    // The run's spec (spec.automl) exists once the run folder is written.
    this.saveSpecButton.setAttribute('title', live ? 'The spec can be saved when the run finishes' : 'Save this run as a .automl spec file, to edit and run again');
    if (live) this.saveSpecButton.setAttribute('disabled', '');
    else this.saveSpecButton.removeAttribute('disabled');
    replaceChildren(this.actions, live ? this.cancelButton : null, this.explainButton, this.exportButton, this.saveSpecButton);
  }

  private canExport(): boolean {
    return this.exportLabel !== undefined && !isLive(this.status);
  }

  /** Export is always shown (so it can be found) and says why it is disabled. */
  private renderExport(): void {
    let title: string;
    if (this.selectedLabel === undefined) title = 'Select a model to export it as a TypeScript module';
    else if (isLive(this.status)) title = 'Export is available when the run finishes';
    else if (this.exportLabel === undefined) title = `${this.selectedLabel} did not complete: there is no model to export`;
    else title = `Export ${this.exportLabel} as a TypeScript module`;
    this.exportButton.setAttribute('title', title);
    if (this.canExport()) this.exportButton.removeAttribute('disabled');
    else this.exportButton.setAttribute('disabled', '');
  }
}
