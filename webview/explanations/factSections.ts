/**
 * The Robustness tab's sections that are a few facts and a sentence: stability (fold and seed
 * scores, determinism, batch = single rows), latency (ms per row, model size) and, when the run
 * compared new data, shift (how well a classifier tells new rows from training rows).
 */
import type { LatencySection, ShiftSection, StabilitySection } from '../../src/protocol/webview';
import { h, type Child } from '../shared/dom';
import { formatBytes, formatCount, formatNumber, formatPercent, plural } from '../shared/format';
import { checkSection } from './gradeMark';

/** Shift columns listed. */
const SHIFT_COLUMNS = 10;

function facts(rows: readonly (readonly [string, Child])[]): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([term, value]): Child[] => [h('dt', null, term), h('dd', null, value)]));
}

function scores(values: readonly number[]): string {
  return values.map((v) => formatNumber(v)).join(', ');
}

function yesNo(yes: boolean): string {
  return yes ? 'yes' : 'no';
}

function milliseconds(ms: number): string {
  return `${formatNumber(ms)} ms`;
}

export function stabilitySection(stability: StabilitySection | undefined): HTMLElement {
  if (stability === undefined) {
    return checkSection('stability', 'Stability', undefined, h('p', { class: 'muted' }, 'Stability was not measured for this model.'));
  }
  return checkSection('stability', 'Stability', stability, facts([
    ['Fold scores', `${scores(stability.foldScores)} (mean ${formatNumber(stability.foldMean)} ± ${formatNumber(stability.foldStd)})`],
    ['Other seeds', stability.seedScores === undefined
      ? h('span', { class: 'muted' }, 'not run (no budget left)')
      : `${scores(stability.seedScores)}${stability.seedStd === undefined ? '' : ` (std ${formatNumber(stability.seedStd)})`}`],
    ['Same rows, same predictions', yesNo(stability.deterministic)],
    ['One row at a time = in a batch', `${yesNo(stability.batchEqualsSingle)} (largest difference ${formatNumber(stability.maxBatchDifference)})`],
  ]));
}

export function latencySection(latency: LatencySection | undefined): HTMLElement {
  if (latency === undefined) {
    return checkSection('latency', 'Latency', undefined, h('p', { class: 'muted' }, 'Prediction time was not measured for this model.'));
  }
  return checkSection('latency', 'Latency', latency, facts([
    ['In a batch', `${milliseconds(latency.msPerRowBatch)} per row (batches of ${plural(latency.batchRows, 'row')})`],
    ['One row', `${milliseconds(latency.msPerRowSingle)} per prediction`],
    ['Model size', formatBytes(latency.modelBytes)],
  ]));
}

/** Null when the run had no new data to compare (the section is only about new data). */
export function shiftSection(shift: ShiftSection | undefined): HTMLElement | null {
  if (shift === undefined) return null;
  const columns = shift.columns.slice(0, SHIFT_COLUMNS);
  return checkSection('shift', 'Data shift', shift,
    facts([
      ['Compared', `training data (${plural(shift.trainingRows, 'row')}) with ${shift.source} (${plural(shift.newRows, 'row')})`],
      ['ROC AUC telling them apart', `${formatNumber(shift.auc)} (0.5: indistinguishable)`],
    ]),
    columns.length === 0 ? null : h('table', { class: 'data-table shift-columns' },
      h('caption', { class: 'muted' }, 'The columns that tell new rows from training rows, most first'),
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Column'), h('th', { class: 'num', attrs: { scope: 'col' } }, 'Share of importance'))),
      h('tbody', null, ...columns.map((c) => h('tr', null, h('td', null, c.name), h('td', { class: 'num' }, formatPercent(c.importance * 100))))),
    ),
    shift.columns.length > SHIFT_COLUMNS ? h('p', { class: 'muted' }, `+${formatCount(shift.columns.length - SHIFT_COLUMNS)} more columns`) : null,
  );
}
