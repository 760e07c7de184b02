/**
 * What a training run decided about the profiled columns (`features.json`), as the Data Profile
 * shows it: a badge on each column the run dropped (the reason in its title), a block in the
 * column's details, and a small section listing the engineered features the run kept.
 */
import type { DroppedFeature, FeaturesFile, RunReport } from '../../src/protocol/webview';
import { h, type Child } from '../shared/dom';
import { droppedBadge, droppedByText, droppedTitle } from '../shared/featureWords';
import { formatNumber, plural } from '../shared/format';

/** The columns the run dropped, by name (empty when the decisions are not known). */
export function droppedColumns(features: RunReport<FeaturesFile>): ReadonlyMap<string, DroppedFeature> {
  return new Map((features?.dropped ?? []).map((d) => [d.name, d]));
}

/** The badge of a dropped column, for the details and (`compact`) the table rows. */
export function droppedTag(dropped: DroppedFeature, compact = false): HTMLElement {
  return h('span', { class: 'tag tag-dropped', attrs: { title: droppedTitle(dropped) } }, droppedBadge(dropped, compact));
}

/** The details' block on what the run did with `column`, or null when that is not known. */
export function columnDecision(column: string, features: RunReport<FeaturesFile>): HTMLElement | null {
  if (features === undefined || features === null) return null;
  const dropped = features.dropped.find((d) => d.name === column);
  const heading = h('h3', null, 'In this run');
  if (dropped !== undefined) {
    return h('div', { class: 'detail-block column-decision dropped' }, heading,
      h('p', null, 'Not used: ', h('span', { class: 'reason' }, dropped.reason), ` (decided by ${droppedByText(dropped.by)}).`));
  }
  if (!features.kept.includes(column)) return null;
  const uses = features.engineered.filter((e) => e.kept && e.sources.includes(column));
  return h('div', { class: 'detail-block column-decision kept' }, heading,
    h('p', null, 'Used by the final model.'),
    // Engineered names are formulas, not columns: code, not links.
    uses.length === 0 ? null : h('p', null, 'Also part of ', ...uses.flatMap((e, i): Child[] => [i > 0 ? ', ' : null, h('code', null, e.name)]), '.'),
  );
}

/**
 * The section on the run's features: how many columns it used and the engineered features it
 * kept (their source columns link to their rows). Null when the decisions are not known.
 */
export function runFeaturesSection(features: RunReport<FeaturesFile>, onSelect: (name: string) => void): HTMLElement | null {
  if (features === undefined) return null;
  const heading = h('h2', null, 'Features the run used');
  if (features === null) {
    return h('section', { class: 'run-features list-section' }, heading,
      h('p', { class: 'muted' }, 'This run predates feature decisions: its folder has no features.json.'));
  }
  const total = new Set([...features.kept, ...features.dropped.map((d) => d.name)]).size;
  const kept = features.engineered.filter((e) => e.kept);
  const summary = `The final model reads ${features.kept.length} of ${plural(total, 'column')}` +
    (features.dropped.length > 0 ? `; ${features.dropped.length} dropped (marked in the table).` : '.');
  let engineered: HTMLElement;
  if (kept.length > 0) {
    engineered = h('ul', { class: 'engineered-list' }, ...kept.map((e) => h('li', null,
      h('code', { attrs: { title: e.formula } }, e.name),
      ' from ',
      ...e.sources.flatMap((source, i): Child[] => [
        i > 0 ? ', ' : null,
        h('button', { class: 'link', attrs: { type: 'button', title: `Show ${source}` }, on: { click: () => onSelect(source) } }, source),
      ]),
      e.screenScore === undefined ? null : h('span', { class: 'muted' }, ` · score alone ${formatNumber(e.screenScore)}`),
    )));
  } else {
    engineered = h('p', { class: 'muted' }, features.engineered.length > 0
      ? `${plural(features.engineered.length, 'engineered feature')} tried; none kept.`
      : 'No engineered features.');
  }
  return h('section', { class: 'run-features list-section', attrs: { 'aria-label': 'Features the run used' } },
    heading,
    h('p', null, summary),
    h('h3', null, kept.length > 0 ? `Engineered features kept (${kept.length})` : 'Engineered features'),
    engineered,
  );
}
