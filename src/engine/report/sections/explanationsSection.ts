/**
 * "Explanations": the insight sentences, mean |SHAP| per column, the beeswarm of the explained
 * rows, out-of-fold permutation importance, partial dependence with ICE curves, and the
 * strongest interactions. A run whose explanations were skipped says how to get them.
 */
import type { PartialDependence } from '../../explain/partialDependence';
import type { RunExplanations } from '../../explain/runExplanations';
import { beeswarmChart } from '../charts/beeswarmChart';
import { lineChart } from '../charts/lineChart';
import { rowChart } from '../charts/rowChart';
import { formatDate, formatNumber, formatShare, formatScore, plural } from '../format';
import { html, join, type Html } from '../html';
import { metricLabel } from '../metricLabel';
import { chartGrid, dataTable, factList, notesList, sentenceList, subheading } from '../parts';
import type { ReportSection } from '../types';

/** Columns in the importance chart and in the beeswarm. */
const IMPORTANCE_COLUMNS = 20;
const SWARM_COLUMNS = 10;

const SPACE_TEXT: Readonly<Record<RunExplanations['outputSpace'], string>> = {
  probability: 'probability',
  margin: 'margin (log-odds)',
  value: 'predicted value',
};

/** The output most of the importance is about (the only one for binary and regression). */
function mainOutput(e: RunExplanations): number {
  const totals = e.outputLabels.map((_, o) => e.importance.reduce((sum, i) => sum + (i.perOutput[o] ?? 0), 0));
  return totals.reduce((best, v, o) => (v > totals[best] ? o : best), 0);
}

function outputName(e: RunExplanations, o: number): string {
  return e.outputLabels[o] ?? '';
}

function importanceChart(e: RunExplanations): Html | undefined {
  if (e.importance.length === 0) return undefined;
  return rowChart({
    title: 'Mean |SHAP value| per column',
    xLabel: `mean |SHAP| (${SPACE_TEXT[e.outputSpace]}${e.outputLabels.length > 1 ? ', summed over outputs' : ''})`,
    items: e.importance.slice(0, IMPORTANCE_COLUMNS).map((i) => ({ label: i.column, value: i.meanAbsShap })),
    format: (v) => formatNumber(v, 3),
  });
}

function swarm(e: RunExplanations, output: number): Html | undefined {
  const byName = new Map(e.sample.columns.map((c) => [c.name, c]));
  const rows = e.importance
    .slice(0, SWARM_COLUMNS)
    .map((i) => byName.get(i.column))
    .filter((c) => c !== undefined)
    .map((c) => ({
      label: c.name,
      shap: c.shap[output] ?? [],
      values: c.values.every((v) => v === null || typeof v === 'number') ? c.values.map((v) => (v === null ? NaN : (v as number))) : undefined,
    }));
  if (rows.length === 0 || rows.every((r) => r.shap.length === 0)) return undefined;
  return beeswarmChart({
    title: `SHAP value of each explained row (${plural(e.sample.rows.length, 'row')})${e.outputLabels.length > 1 ? `, output ${outputName(e, output)}` : ''}`,
    xLabel: `SHAP value: effect on the ${SPACE_TEXT[e.outputSpace]} of ${outputName(e, output)}`,
    rows,
  });
}

function permutationChart(e: RunExplanations): Html | undefined {
  const p = e.permutation;
  if (p === undefined || p.columns.length === 0) return undefined;
  return rowChart({
    title: `Permutation importance (out-of-fold, ${plural(p.rows, 'row')})`,
    xLabel: `drop in ${metricLabel(p.metric)} when the column is shuffled (whiskers: ± 1 sd)`,
    items: p.columns.slice(0, IMPORTANCE_COLUMNS).map((c) => ({ label: c.column, value: c.mean, low: c.mean - c.std, high: c.mean + c.std })),
    format: (v) => formatNumber(v, 3),
  });
}

function dependenceChart(d: PartialDependence, e: RunExplanations, output: number): Html | undefined {
  const average = d.average[Math.min(output, d.average.length - 1)];
  if (average === undefined || average.length === 0) return undefined;
  const yLabel = `${SPACE_TEXT[e.outputSpace]} of ${outputName(e, output)}`;
  if (d.grid.kind === 'categorical') {
    return rowChart({
      title: `Partial dependence on ${d.column}`,
      xLabel: `mean ${yLabel}`,
      width: 300,
      labelChars: 16,
      items: d.grid.labels.map((label, i) => ({ label, value: average[i] })),
      format: (v) => formatNumber(v, 3),
    });
  }
  const ice = d.ice[Math.min(output, d.ice.length - 1)] ?? [];
  return lineChart({
    title: `Partial dependence on ${d.column}`,
    xLabel: d.column,
    yLabel,
    x: d.grid.values,
    line: average,
    background: ice,
    formatX: d.grid.kind === 'datetime' ? (v) => formatDate(v).slice(0, 10) : undefined,
  });
}

function methodsText(e: RunExplanations): string {
  const byMethod = new Map<string, string[]>();
  for (const m of e.methods) byMethod.set(m.method, [...(byMethod.get(m.method) ?? []), m.learner]);
  return [...byMethod].map(([method, learners]) => `${method} (${[...new Set(learners)].join(', ')})`).join('; ');
}

export function explanationsSection(e: RunExplanations | undefined): ReportSection {
  if (e === undefined) {
    return {
      id: 'explanations',
      title: 'Explanations',
      summary: 'not computed',
      body: html`<p>This run has no explanations: its budget ran out first, or its spec said <code>explain: false</code>. <code>automl explain &lt;run folder&gt;</code> computes the explanations (it has no time limit), and <code>automl report &lt;run folder&gt;</code> then writes this report again with them.</p>`,
    };
  }
  const output = mainOutput(e);
  const top = e.importance[0];
  const dependence = e.dependence.map((d) => dependenceChart(d, e, output));
  const interactions =
    e.interactions.length > 0
      ? html`${subheading('explanations-interactions', 'Interactions')}${dataTable(e.interactions, [
          { header: 'The effect of', cell: (i) => i.column, sort: (i) => i.column },
          { header: 'depends on', cell: (i) => i.with, sort: (i) => i.with },
          { header: 'Strength', cell: (i) => formatNumber(i.strength, 2), sort: (i) => i.strength, numeric: true },
        ])}`
      : undefined;
  const permutation = permutationChart(e);
  return {
    id: 'explanations',
    title: 'Explanations',
    summary: top === undefined ? 'no column matters' : `${top.column} matters most (${formatShare(top.share)} of the total effect)`,
    body: join([
      factList([
        ['Explained model', e.model],
        ['Values in', `${SPACE_TEXT[e.outputSpace]}${e.outputLabels.length > 0 ? ` of ${e.outputLabels.join(', ')}` : ''}`],
        ['Methods', methodsText(e)],
        ['Rows explained', plural(e.sample.rows.length, 'row')],
        ['Permutation baseline', e.permutation ? `${metricLabel(e.permutation.metric)} ${formatScore(e.permutation.baseline)}` : ''],
      ]),
      html`${subheading('explanations-insights', 'Insights')}${sentenceList(e.insights, 'sentences insights')}`,
      subheading('explanations-importance', 'Importance'),
      chartGrid([importanceChart(e)]),
      swarm(e, output),
      permutation,
      dependence.some((d) => d !== undefined) ? html`${subheading('explanations-dependence', 'Partial dependence')}<p class="muted">The model’s average prediction as one column is set to each value for every row (faint lines: single rows).</p>${chartGrid(dependence)}` : undefined,
      interactions,
      notesList(e.notes),
    ]),
  };
}
