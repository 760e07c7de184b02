/**
 * The dependence tab: a column selector over the columns with partial dependence curves, the
 * partial dependence plot (average and ICE curves) for the chosen output, and the column's SHAP
 * dependence scatter when the column is in the SHAP sample.
 */
import type { RunExplanations } from '../../src/protocol/webview';
import { h, type Child } from '../shared/dom';
import { plural } from '../shared/format';
import { partialDependenceSpec, shapDependenceSpec } from './dependence';
import type { PlotRenderer } from './plotSpec';
import { singleSelect } from './singleSelect';
import type { TabContent } from './tabContent';

const PLOT_HEIGHT_PX = 300;

function chartBox(canvas: HTMLCanvasElement): HTMLElement {
  const box = h('div', { class: 'chart-box' }, canvas);
  box.style.height = `${PLOT_HEIGHT_PX}px`;
  return box;
}

export function dependenceTab(
  explanations: RunExplanations,
  column: string | undefined,
  output: number,
  plots: PlotRenderer,
  dateColumns: ReadonlySet<string>,
  onColumn: (column: string) => void,
): TabContent {
  const { dependence } = explanations;
  const pd = dependence.find((d) => d.column === column) ?? dependence[0];
  if (pd === undefined) {
    const related = explanations.notes.filter((note) => /dependence/i.test(note));
    return {
      element: h('div', { class: 'dependence-tab' },
        h('p', { class: 'muted hint' }, 'No partial dependence curves were computed for this model.'),
        related.length > 0 ? h('ul', { class: 'note-list' }, ...related.map((note) => h('li', null, note))) : null,
      ),
    };
  }
  const label = explanations.outputLabels[output] ?? '';
  const classification = explanations.outputSpace !== 'value';
  const pdCanvas = h('canvas');
  const pdSpec = partialDependenceSpec(pd, output, label, classification);
  const iceCount = pdSpec.series.filter((s) => s.emphasis === 'faint').length;
  const scatter = shapDependenceSpec(explanations, pd.column, output, { isDate: dateColumns.has(pd.column) });
  const scatterCanvas = scatter === undefined ? undefined : h('canvas');

  const scatterSection: Child[] = [h('h3', null, 'SHAP dependence')];
  if (scatter !== undefined && scatterCanvas !== undefined) {
    scatterSection.push(
      h('p', { class: 'muted caption' },
        `Each sampled row's ${pd.column} against its SHAP value for ${label}: the column's contribution to this row's output`,
        scatter.missing > 0 ? ` (${plural(scatter.missing, 'row')} without a value left out).` : '.'),
      chartBox(scatterCanvas),
    );
  } else {
    scatterSection.push(h('p', { class: 'muted' }, `${pd.column} has no values in the SHAP sample to plot.`));
  }

  const element = h('div', { class: 'dependence-tab' },
    h('div', { class: 'toolbar' },
      h('span', { class: 'toolbar-label', attrs: { 'aria-hidden': 'true' } }, 'Column'),
      singleSelect('Column of the dependence plots', dependence.map((d) => ({ value: d.column, label: d.column })), pd.column, onColumn),
    ),
    h('h3', null, 'Partial dependence'),
    h('p', { class: 'muted caption' },
      `The ${classification ? 'predicted probability' : 'prediction'} for ${label} when every row's ${pd.column} is set to each value, averaged over the rows (bold), and for ${plural(iceCount, 'individual row')} (faint: ICE curves).`),
    chartBox(pdCanvas),
    ...scatterSection,
  );
  return {
    element,
    draw: () => {
      plots.draw(pdCanvas, pdSpec);
      if (scatter !== undefined && scatterCanvas !== undefined) plots.draw(scatterCanvas, scatter.spec);
    },
  };
}
