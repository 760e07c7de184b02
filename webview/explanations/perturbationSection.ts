/**
 * The Robustness tab's perturbation check: for each disturbed column, how much the predictions
 * moved under each disturbance (small scalings, noise, swapped levels, missing values), as a
 * table whose changes also show as bars on one common scale.
 */
import type { PerturbationResult, RobustnessGrade } from '../../src/protocol/webview';
import { barPercent } from '../shared/barList';
import { h } from '../shared/dom';
import { formatNumber, formatPercent } from '../shared/format';
import { sentence } from '../shared/sentence';
import { checkSection, gradeMark } from './gradeMark';

/** A change as read: classification, the share of labels that flipped; regression, the mean |change|. */
export function changeText(change: number, classification: boolean): string {
  return classification ? formatPercent(change * 100) : formatNumber(change);
}

/** `graded`: the perturbation check as the report's list of checks grades it. */
export function perturbationSection(
  results: readonly PerturbationResult[],
  classification: boolean,
  graded: { readonly grade: RobustnessGrade; readonly sentence: string } | undefined,
): HTMLElement {
  if (results.length === 0) {
    return checkSection('perturbation', 'Perturbation', graded, h('p', { class: 'muted' }, 'No column was perturbed (the notes below say why).'));
  }
  const max = Math.max(0, ...results.flatMap((r) => r.results.map((p) => p.change)));
  const rows = results.flatMap((column) => column.results.map((p, i) => {
    const fill = h('span', { class: 'meter-fill' });
    fill.style.width = `${Number(barPercent(p.change, max).toFixed(3))}%`;
    return h('tr', { class: i === 0 ? 'first' : '' },
      i === 0 ? h('th', { class: 'column', attrs: { scope: 'row', rowspan: column.results.length } },
        h('span', { class: 'column-name' }, column.column),
        ' ',
        h('span', { class: 'muted column-sentence' }, ...sentence(column.sentence))) : null,
      h('td', null, p.perturbation),
      h('td', { class: 'num change' }, h('span', { class: 'change-text' }, changeText(p.change, classification)),
        h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, fill)),
      i === 0 ? h('td', { attrs: { rowspan: column.results.length } }, gradeMark(column.grade)) : null,
    );
  }));
  return checkSection('perturbation', 'Perturbation', graded,
    h('p', { class: 'muted caption' }, classification
      ? 'Share of rows whose predicted label changed when one column was disturbed.'
      : 'Mean absolute change of the prediction when one column was disturbed.'),
    h('table', { class: 'data-table perturbation' },
      h('thead', null, h('tr', null,
        h('th', { attrs: { scope: 'col' } }, 'Column'),
        h('th', { attrs: { scope: 'col' } }, 'Disturbance'),
        h('th', { class: 'num', attrs: { scope: 'col' } }, classification ? 'Labels changed' : 'Mean |change|'),
        h('th', { attrs: { scope: 'col' } }, 'Grade'),
      )),
      h('tbody', null, ...rows),
    ),
  );
}
