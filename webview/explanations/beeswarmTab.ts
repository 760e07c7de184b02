/**
 * The beeswarm tab: the plot (drawn by the {@link PlotRenderer} once the tab is in the page), its
 * color legend and what it leaves out.
 */
import type { RunExplanations } from '../../src/protocol/webview';
import { h } from '../shared/dom';
import { plural } from '../shared/format';
import { BEESWARM_COLUMNS, beeswarmColumns, beeswarmSpec } from './beeswarm';
import type { PlotRenderer } from './plotSpec';
import type { TabContent } from './tabContent';

/** Plot height per column row and for the axes, in CSS pixels. */
const ROW_HEIGHT_PX = 30;
const AXES_HEIGHT_PX = 70;

export function beeswarmTab(explanations: RunExplanations, output: number, plots: PlotRenderer, dateColumns: ReadonlySet<string>): TabContent {
  const label = explanations.outputLabels[output] ?? '';
  const spec = beeswarmSpec(explanations, output, { dateColumns });
  if (spec === undefined) {
    return { element: h('div', { class: 'beeswarm-tab' }, h('p', { class: 'muted hint' }, 'The run saved no SHAP sample to draw.')) };
  }
  const { columns, more } = beeswarmColumns(explanations, output, BEESWARM_COLUMNS);
  const canvas = h('canvas');
  const box = h('div', { class: 'chart-box beeswarm-box' }, canvas);
  box.style.height = `${columns.length * ROW_HEIGHT_PX + AXES_HEIGHT_PX}px`;
  const element = h('div', { class: 'beeswarm-tab' },
    h('h2', null, 'SHAP value of every sampled row'),
    h('p', { class: 'muted caption' },
      `Each point is one of ${plural(explanations.sample.rows.length, 'sampled row')}: right of the line the column raised the output for `,
      h('strong', null, label),
      ', left of it lowered it. Columns by importance for this output, most important on top.'),
    h('p', { class: 'legend tone-legend', attrs: { 'aria-label': 'Point colors: the column value from low (blue) to high (red); labels and missing values grey' } },
      h('span', { class: 'legend-label' }, 'Column value: low'),
      h('span', { class: 'tone-gradient', attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'legend-label' }, 'high'),
      h('span', { class: 'swatch neutral', attrs: { 'aria-hidden': 'true' } }),
      h('span', { class: 'legend-label' }, 'label or missing'),
    ),
    box,
    more > 0 ? h('p', { class: 'muted more-columns' }, `+${plural(more, 'less important column')} not drawn`) : null,
  );
  return { element, draw: () => plots.draw(canvas, spec) };
}
