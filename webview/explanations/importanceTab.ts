/**
 * The importance tab: mean |SHAP| per column as DOM bars (stacked by class for multiclass
 * models), out-of-fold permutation importance with its spread when the run measured it, and the
 * notes on what was sampled or skipped.
 */
import type { RunExplanations } from '../../src/protocol/webview';
import { barList, type BarItem } from '../shared/barList';
import { h, type Child } from '../shared/dom';
import { formatNumber, formatPercent, plural } from '../shared/format';
import { outputSpaceName } from './valueText';
import { CLASS_COLORS } from '../shared/theme';

/** Bars shown before "+N more". */
export const IMPORTANCE_BARS = 20;

/** The swatches naming each class color, for multiclass charts. */
export function classLegend(labels: readonly string[]): HTMLElement {
  return h('p', { class: 'legend class-legend' }, ...labels.flatMap((label, i): Child[] => [
    h('span', { class: `swatch class-${i % CLASS_COLORS}`, attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'legend-label' }, label),
  ]));
}

export function importanceTab(explanations: RunExplanations): HTMLElement {
  const { importance, outputLabels, sample } = explanations;
  const multi = outputLabels.length > 1;
  const items: BarItem[] = importance.map((entry) => ({
    label: entry.column,
    value: entry.meanAbsShap,
    valueText: `${formatNumber(entry.meanAbsShap)} · ${formatPercent(entry.share * 100)}`,
    segments: multi
      ? entry.perOutput.map((value, o) => ({ value, className: `class-${o % CLASS_COLORS}`, title: `${outputLabels[o] ?? ''}: ${formatNumber(value)}` }))
      : undefined,
  }));
  const space = outputSpaceName(explanations.outputSpace);
  const sections: Child[] = [
    h('section', { class: 'importance-shap', attrs: { 'aria-label': 'Mean absolute SHAP value per column' } },
      h('h2', null, 'Mean |SHAP| per column'),
      h('p', { class: 'muted caption' },
        `How much each column moves the model's output on average, over ${plural(sample.rows.length, 'sampled row')} (${space}; share of the total after the dot)`,
        multi ? ', summed over the classes:' : '.'),
      multi ? classLegend(outputLabels) : null,
      items.length > 0
        ? barList(items, { label: 'Mean absolute SHAP value per column, largest first', limit: IMPORTANCE_BARS, className: 'importance-bars' })
        : h('p', { class: 'muted' }, 'No column importance was computed.'),
    ),
  ];
  const permutation = explanations.permutation;
  if (permutation !== undefined && permutation.columns.length > 0) {
    const repeats = Math.max(...permutation.columns.map((c) => c.repeats));
    sections.push(h('section', { class: 'importance-permutation', attrs: { 'aria-label': 'Permutation importance' } },
      h('h2', null, 'Permutation importance (out of fold)'),
      h('p', { class: 'muted caption' },
        `How much ${permutation.metric} gets worse when a column's values are shuffled: mean ± std over ${plural(repeats, 'shuffle')} of ${plural(permutation.rows, 'out-of-fold row')}, each predicted by the fold model that did not see it (baseline ${permutation.metric} ${formatNumber(permutation.baseline)}).`,
        permutation.complete ? null : ' Stopped early: not every column has every shuffle.'),
      barList(permutation.columns.map((c) => ({
        label: c.column,
        value: c.mean,
        std: c.std,
        valueText: `${formatNumber(c.mean)} ± ${formatNumber(c.std)}`,
        title: `${c.column}: ${formatNumber(c.mean)} ± ${formatNumber(c.std)} over ${plural(c.repeats, 'shuffle')}`,
      })), { label: 'Permutation importance per column, largest first', limit: IMPORTANCE_BARS, className: 'permutation-bars' }),
    ));
  }
  if (explanations.notes.length > 0) {
    sections.push(h('section', { class: 'notes', attrs: { 'aria-label': 'Notes' } },
      h('h2', null, 'Notes'),
      h('ul', { class: 'note-list' }, ...explanations.notes.map((note) => h('li', null, note))),
    ));
  }
  return h('div', { class: 'importance-tab' }, ...sections);
}
