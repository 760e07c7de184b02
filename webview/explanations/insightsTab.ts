/**
 * The insights tab: the plain-language sentences, the interactions found, and how each member of
 * the model was explained.
 */
import type { RunExplanations } from '../../src/protocol/webview';
import { h } from '../shared/dom';
import { formatNumber, formatPercent } from '../shared/format';
import { sentence } from '../shared/sentence';

type ShapMethod = RunExplanations['methods'][number]['method'];

const METHOD_TEXT: Readonly<Record<ShapMethod, string>> = {
  treeShap: 'TreeSHAP: exact, from the trees',
  linear: 'Linear SHAP: exact, from the coefficients',
  naiveBayes: 'Naive Bayes SHAP: exact, from its per-column terms',
  deepShap: 'DeepSHAP: from the network\u2019s layers, against background rows',
  kernelShap: 'KernelSHAP: sampled approximation',
};

export function insightsTab(explanations: RunExplanations): HTMLElement {
  const { insights, interactions, methods } = explanations;
  return h('div', { class: 'insights-tab' },
    h('section', { attrs: { 'aria-label': 'Insights' } },
      h('h2', null, 'Insights'),
      insights.length > 0
        ? h('ul', { class: 'insight-list' }, ...insights.map((text) => h('li', null, ...sentence(text))))
        : h('p', { class: 'muted' }, 'No insights were written for this model.'),
    ),
    h('section', { attrs: { 'aria-label': 'Interactions' } },
      h('h2', null, 'Interactions'),
      interactions.length > 0
        ? h('table', { class: 'data-table interactions' },
          h('thead', null, h('tr', null, h('th', null, 'Column'), h('th', null, 'Depends on'), h('th', { class: 'num' }, 'Strength'))),
          h('tbody', null, ...interactions.map((i) => h('tr', null,
            h('td', null, h('code', null, i.column)),
            h('td', null, h('code', null, i.with)),
            h('td', { class: 'num' }, formatNumber(i.strength)),
          ))),
        )
        : h('p', { class: 'muted' }, 'No notable interactions were found among the most important columns.'),
    ),
    h('section', { attrs: { 'aria-label': 'Explainers' } },
      h('h2', null, 'How each model was explained'),
      methods.length > 0
        ? h('table', { class: 'data-table methods' },
          h('thead', null, h('tr', null, h('th', null, 'Model'), h('th', { class: 'num' }, 'Weight'), h('th', null, 'Explainer'))),
          h('tbody', null, ...methods.map((m) => h('tr', null,
            h('td', null, m.learner),
            h('td', { class: 'num' }, formatPercent(m.weight * 100)),
            h('td', null, METHOD_TEXT[m.method] ?? m.method),
          ))),
        )
        : h('p', { class: 'muted' }, 'The explainer of each member was not recorded.'),
      h('p', { class: 'muted caption' }, `Explained ${explanations.model} in ${formatNumber(explanations.elapsedMs / 1000)} s.`),
    ),
  );
}
