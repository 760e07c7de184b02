/** Terminal text of `automl explain`: the global summary, and per-row contributions. */
import type { PipelineShap } from '../engine/explain/pipelineShap';
import type { RunExplanations } from '../engine/explain/runExplanations';
import { getMetric } from '../engine/validate/metrics';

const BAR_WIDTH = 30;
/** Contributions listed per row, largest first. */
const PER_ROW = 6;

function number(v: number): string {
  return Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.001) ? v.toExponential(2) : v.toPrecision(3);
}

function signed(v: number): string {
  return `${v >= 0 ? '+' : '−'}${number(Math.abs(v))}`;
}

function spaceText(space: string, labels: readonly string[]): string {
  const what = labels.length === 1 ? `'${labels[0]}'` : `each class (${labels.join(', ')})`;
  return space === 'margin' ? `the margin (log-odds) of ${what}` : space === 'probability' ? `the probability of ${what}` : `the predicted ${what}`;
}

/** The global summary of a run's explanations. */
export function renderExplanations(e: RunExplanations): string {
  const lines: string[] = [];
  const methods = [...new Set(e.methods.map((m) => m.method))].join(', ');
  lines.push(`Model: ${e.model} · explained with ${methods || 'SHAP'} on ${e.sample.rows.length} rows · values in ${spaceText(e.outputSpace, e.outputLabels)}`);
  lines.push('');
  lines.push('What each column contributes on average (mean |SHAP value|):');
  const top = e.importance[0]?.meanAbsShap ?? 0;
  const nameWidth = Math.min(28, Math.max(8, ...e.importance.map((i) => i.column.length)));
  for (const i of e.importance) {
    const bar = '█'.repeat(top > 0 ? Math.round((BAR_WIDTH * i.meanAbsShap) / top) : 0);
    lines.push(`  ${i.column.slice(0, nameWidth).padEnd(nameWidth)}  ${bar.padEnd(BAR_WIDTH)}  ${number(i.meanAbsShap).padStart(9)}  ${`${Math.round(100 * i.share)}%`.padStart(4)}`);
  }
  if (e.permutation) {
    const metric = getMetric(e.permutation.metric);
    lines.push('');
    lines.push(`Permutation importance (${metric.label} lost when the column is shuffled; out-of-fold, ${e.permutation.rows} rows, mean ± std):`);
    for (const c of e.permutation.columns) lines.push(`  ${c.column.slice(0, nameWidth).padEnd(nameWidth)}  ${signed(c.mean).padStart(9)} ± ${number(c.std)}`);
  }
  if (e.insights.length > 0) {
    lines.push('');
    lines.push('Insights:');
    for (const s of e.insights) lines.push(`  - ${s}`);
  }
  if (e.notes.length > 0) {
    lines.push('');
    for (const n of e.notes) lines.push(`  note: ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Per row: the output, the base, and the largest contributions. */
export function renderRowExplanations(shap: PipelineShap): string {
  const lines: string[] = [`Values in ${spaceText(shap.space, shap.outputLabels)}; output = base + the sum of the values.`];
  const width = shap.features.length;
  for (let r = 0; r < shap.rows; r++) {
    for (let o = 0; o < shap.base.length; o++) {
      const label = shap.base.length > 1 ? ` [${shap.outputLabels[o]}]` : '';
      const parts = shap.features
        .map((name, j) => ({ name, v: shap.values[o][r * width + j] }))
        .filter((p) => p.v !== 0)
        .sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
      const shown = parts.slice(0, PER_ROW).map((p) => `${p.name} ${signed(p.v)}`);
      const rest = parts.slice(PER_ROW).reduce((s, p) => s + p.v, 0);
      if (parts.length > PER_ROW) shown.push(`${parts.length - PER_ROW} others ${signed(rest)}`);
      lines.push(`Row ${r + 1}${label}: ${number(shap.output[o][r])} = base ${number(shap.base[o])}  ${shown.join('  ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
