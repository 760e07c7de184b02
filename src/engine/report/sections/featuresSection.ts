/**
 * "Features": the run's decisions about its columns (`features.json`): which columns the final
 * model reads, which were dropped and why, the engineered features tried and kept, and the
 * cross-validated comparisons that decided. Runs without `features.json` show what the
 * leaderboard and the model say: the columns not used and the preprocessing of each member.
 */
import type { FeatureGate, FeaturesFile } from '../../features/types';
import { rowChart } from '../charts/rowChart';
import { formatNumber, formatScore, plural } from '../format';
import { html, join, withCodeSpans, type Html } from '../html';
import { dataTable, factList, notesList, sentenceList, subheading } from '../parts';
import type { ReportLeaderboard, ReportModelFacts, ReportSection } from '../types';

const BY_TEXT: Readonly<Record<FeaturesFile['dropped'][number]['by'], string>> = {
  profile: 'profile flag',
  user: 'you (spec)',
  selection: 'feature selection',
  preprocessing: 'preprocessing',
};

function gatesPart(gates: readonly FeatureGate[], metric: string): Html | undefined {
  if (gates.length === 0) return undefined;
  const table = dataTable(gates, [
    { header: 'Step', cell: (g) => g.step },
    { header: 'Without', cell: (g) => formatScore(g.baseline), numeric: true },
    { header: 'With', cell: (g) => formatScore(g.candidate), numeric: true },
    { header: 'Decision', cell: (g) => (g.kept ? html`<span class="tag">kept</span>` : 'not kept') },
    { header: 'Why', cell: (g) => withCodeSpans(g.sentence) },
  ]);
  const chart = rowChart({
    title: `Cross-validated ${metric} without and with each step`,
    xLabel: metric,
    mark: 'dot',
    items: gates.flatMap((g) => [
      { label: `${g.step}: without`, value: g.baseline },
      { label: `${g.step}: with`, value: g.candidate, highlight: g.kept },
    ]),
    format: formatScore,
    highlightMeaning: 'kept',
  });
  return html`${subheading('features-gates', 'Decisions')}${chart}${table}`;
}

function fromFeaturesFile(f: FeaturesFile, metric: string): Html {
  const dropped =
    f.dropped.length > 0
      ? html`${subheading('features-dropped', 'Dropped columns')}${dataTable(f.dropped, [
          { header: 'Column', cell: (d) => d.name, sort: (d) => d.name },
          { header: 'Dropped by', cell: (d) => BY_TEXT[d.by] ?? d.by, sort: (d) => d.by },
          { header: 'Reason', cell: (d) => withCodeSpans(d.reason) },
        ])}`
      : undefined;
  const engineered =
    f.engineered.length > 0
      ? html`${subheading('features-engineered', 'Engineered features')}${dataTable(f.engineered, [
          { header: 'Feature', cell: (e) => html`<code>${e.name}</code>`, sort: (e) => e.name },
          { header: 'Formula', cell: (e) => html`<code>${e.formula}</code>` },
          { header: 'From', cell: (e) => e.sources.join(', ') },
          { header: 'Screen score', cell: (e) => (e.screenScore === undefined ? '–' : formatNumber(e.screenScore, 4)), sort: (e) => e.screenScore, numeric: true },
          { header: 'In the final model', cell: (e) => (e.kept ? html`<span class="tag">kept</span>` : 'no'), sort: (e) => (e.kept ? 1 : 0) },
        ])}`
      : undefined;
  return join([
    factList([
      ['Selection and engineering', f.selection === 'auto' ? 'automatic' : 'off (as the spec says)'],
      ['Dropped', plural(f.dropped.length, 'column')],
      ['Engineered', `${f.engineered.filter((e) => e.kept).length} kept of ${f.engineered.length} tried`],
    ]),
    readsText(f.kept),
    dropped,
    engineered,
    gatesPart(f.gates, metric),
    notesList(f.notes),
  ]);
}

/** "The final model reads 4 columns: a, b, c and d." */
function readsText(columns: readonly string[]): Html | undefined {
  if (columns.length === 0) return undefined;
  return html`<p>The final model reads ${plural(columns.length, 'column')}: ${join(columns.map((c) => html`<code>${c}</code>`), ', ')}.</p>`;
}

function fromRun(board: ReportLeaderboard, model: ReportModelFacts | undefined): Html {
  const read = [...new Set((model?.members ?? []).flatMap((m) => m.sourceColumns))];
  return join([
    html`<p class="muted">This run has no features.json: it made no feature selection or engineering decisions beyond the ones below.</p>`,
    readsText(read),
    board.dropped.length > 0
      ? html`${subheading('features-dropped', 'Columns not used')}${sentenceList(board.dropped.map((d) => `\`${d.column}\`: ${d.reason}`))}`
      : undefined,
  ]);
}

export function featuresSection(features: FeaturesFile | undefined, board: ReportLeaderboard, model: ReportModelFacts | undefined, metric: string): ReportSection {
  const summary =
    features === undefined
      ? board.dropped.length === 0
        ? 'every column used'
        : `${plural(board.dropped.length, 'column')} not used`
      : `${plural(features.kept.length, 'column')} used, ${features.dropped.length} dropped, ${features.engineered.filter((e) => e.kept).length} engineered kept`;
  return {
    id: 'features',
    title: 'Features',
    summary,
    body: features === undefined ? fromRun(board, model) : fromFeaturesFile(features, metric),
  };
}
