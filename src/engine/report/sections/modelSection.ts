/**
 * "Final model": what the run kept (one model or an ensemble), how it was fitted, its
 * out-of-fold score, each member with its weight, parameters and preprocessing, and the size of
 * the saved model.
 */
import { rowChart } from '../charts/rowChart';
import { formatBytes, formatCount, formatScore, paramsText, plural } from '../format';
import { html, join, type Html } from '../html';
import { metricLabel } from '../metricLabel';
import { dataTable, factList, subheading } from '../parts';
import type { ReportLeaderboard, ReportModelFacts, ReportSection } from '../types';

/** "7 numeric, 12 one-hot": the preprocessing of a member in words. */
function kindsText(kinds: Readonly<Record<string, number>>): string {
  return Object.entries(kinds)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${formatCount(n)} ${kind}`)
    .join(', ');
}

function membersTable(board: ReportLeaderboard): Html | undefined {
  const trials = new Map(board.trials.map((t) => [t.id, t]));
  const rows = board.final.members.map((m) => ({ ...m, trial: trials.get(m.trialId) }));
  if (rows.length === 0) return undefined;
  return dataTable(rows, [
    { header: 'Trial', cell: (r) => String(r.trialId), sort: (r) => r.trialId, numeric: true },
    { header: 'Learner', cell: (r) => r.trial?.learner ?? '', sort: (r) => r.trial?.learner ?? '' },
    { header: 'Weight', cell: (r) => r.weight.toFixed(3), sort: (r) => r.weight, numeric: true },
    { header: metricLabel(board.metric), cell: (r) => formatScore(r.trial?.score), sort: (r) => r.trial?.score, numeric: true },
    { header: 'Parameters', cell: (r) => html`<span class="params">${r.trial ? paramsText(r.trial.params) : ''}</span>` },
  ]);
}

function weightsChart(board: ReportLeaderboard): Html | undefined {
  if (board.final.members.length < 2) return undefined;
  const trials = new Map(board.trials.map((t) => [t.id, t]));
  return rowChart({
    title: 'Weight of each member in the final model',
    xLabel: 'weight (the weights sum to 1)',
    items: [...board.final.members].sort((a, b) => b.weight - a.weight).map((m) => ({ label: `#${m.trialId} ${trials.get(m.trialId)?.learner ?? ''}`, value: m.weight })),
    format: (v) => v.toFixed(2),
  });
}

function preprocessing(model: ReportModelFacts | undefined): Html | undefined {
  if (model === undefined || model.members.length === 0) return undefined;
  return html`${subheading('model-preprocessing', 'Preprocessing')}${dataTable(model.members, [
    { header: 'Learner', cell: (m) => m.learner },
    { header: 'Weight', cell: (m) => m.weight.toFixed(3), numeric: true },
    { header: 'Columns read', cell: (m) => formatCount(m.sourceColumns.length), numeric: true },
    { header: 'Features', cell: (m) => formatCount(m.features), numeric: true },
    { header: 'Made by', cell: (m) => kindsText(m.featureKinds) },
  ])}`;
}

export function modelSection(board: ReportLeaderboard, model: ReportModelFacts | undefined): ReportSection {
  const final = board.final;
  const facts = factList([
    ['Model', final.description],
    ['Out-of-fold score', `${metricLabel(board.metric)} ${formatScore(final.score)}`],
    ['Fitted', final.refit === 'allRows' ? 'refitted on all rows after validation' : 'the validation folds’ models, averaged (no time was left to refit)'],
    ['Members', plural(final.members.length, 'trial')],
    ['Trained on', model?.trainedRows === undefined ? '' : plural(model.trainedRows, 'row')],
    ['Classes', model?.classes === undefined ? '' : model.classes.join(', ')],
    ['Saved model', model === undefined ? '' : `model.json, ${formatBytes(model.bytes)}`],
  ]);
  return {
    id: 'model',
    title: 'Final model',
    summary: `${final.description}, ${metricLabel(board.metric)} ${formatScore(final.score)}`,
    body: join([facts, weightsChart(board), subheading('model-members', 'Members'), membersTable(board), preprocessing(model)]),
  };
}
