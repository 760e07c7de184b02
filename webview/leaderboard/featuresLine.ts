/**
 * The Leaderboard header's "Features" line: what the run did with its columns (used, dropped and
 * why, engineered), and a disclosure button that shows the details. Whether the details are open
 * is UI state the view keeps, so hiding the panel does not close them.
 */
import type { FeaturesFile, RunReport, RunStatus } from '../../src/protocol/webview';
import { h, replaceChildren, type Child } from '../shared/dom';
import { featuresSummary } from '../shared/featureWords';
import { featuresDetails } from './featuresDetails';
import { isLive } from './runLabels';

const DETAILS_ID = 'features-details';

export class FeaturesLine {
  readonly element: HTMLElement;
  private readonly line = h('p', { class: 'features-line' });
  private readonly details = h('div', { class: 'features-details', attrs: { id: DETAILS_ID, role: 'region', 'aria-label': 'Feature decisions' } });
  private readonly toggle: HTMLButtonElement;
  private open: boolean;

  constructor(open: boolean, onToggle: (open: boolean) => void) {
    this.open = open;
    this.toggle = h('button', {
      class: 'link features-toggle',
      attrs: { type: 'button', 'aria-controls': DETAILS_ID },
      on: {
        click: () => {
          this.setOpen(!this.open);
          onToggle(this.open);
        },
      },
    });
    this.element = h('div', { class: 'features' }, this.line, this.details);
    this.setOpen(open);
  }

  get isOpen(): boolean {
    return this.open;
  }

  /**
   * Shows what is known of the run's features: the decisions, that the run predates them
   * (`null`), or (absent) that they come at the end of a live run or could not be read.
   */
  set(features: RunReport<FeaturesFile>, status: RunStatus): void {
    const label = h('span', { class: 'label' }, 'Features');
    if (features === undefined || features === null) {
      replaceChildren(this.details);
      this.details.hidden = true;
      // A run that failed before writing its folder has nothing to say about features.
      this.element.hidden = features === undefined && status === 'failed';
      let text: string;
      if (features === null) text = 'this run predates feature decisions (its folder has no features.json)';
      else if (isLive(status)) text = 'known when the run finishes';
      else text = 'the feature decisions of this run could not be read (see the AutoML output)';
      replaceChildren(this.line, label, ' ', h('span', { class: 'muted' }, text));
      return;
    }
    this.element.hidden = false;
    const { parts, engineered } = featuresSummary(features);
    const summary: Child[] = [];
    for (const part of parts) summary.push(summary.length > 0 ? ' · ' : null, part);
    if (engineered !== undefined) {
      summary.push(' · ', engineered.lead);
      engineered.names.forEach((name, i) => summary.push(i > 0 ? ', ' : null, h('code', null, name)));
      if (engineered.more > 0) summary.push(` +${engineered.more} more`);
    }
    replaceChildren(this.line, label, ' ', h('span', { class: 'features-summary' }, ...summary), ' ', this.toggle);
    replaceChildren(this.details, featuresDetails(features));
    this.setOpen(this.open);
  }

  private setOpen(open: boolean): void {
    this.open = open;
    this.toggle.textContent = open ? 'Hide details' : 'Details';
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.setAttribute('title', open ? 'Hide the feature decisions' : 'Show every dropped column, engineered feature and decision');
    this.details.hidden = !open || this.details.firstChild === null;
  }
}
