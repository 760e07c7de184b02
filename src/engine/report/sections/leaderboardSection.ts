/**
 * "Leaderboard": how the run validated, every trial with its score and spread (a chart of the
 * best ones with their fold ranges, and a sortable table of all of them), and the ensemble.
 */
import type { TrialRecord } from '../../automl/events';
import { describeValidation } from '../../validate/describeValidation';
import { rowChart, type RowItem } from '../charts/rowChart';
import { formatCount, formatDuration, formatScore, paramsText, plural, truncate } from '../format';
import { html, join, type Html } from '../html';
import { metricLabel } from '../metricLabel';
import { dataTable, factList, sentenceList, subheading } from '../parts';
import type { ReportLeaderboard, ReportSection } from '../types';

/** Trials drawn in the score chart. */
const CHARTED_TRIALS = 20;
/** Trials listed in the table (the rest are in leaderboard.json). */
const LISTED_TRIALS = 200;

function foldRange(t: TrialRecord): { low?: number; high?: number } {
  const folds = t.foldScores.filter(Number.isFinite);
  if (folds.length < 2) return {};
  return { low: Math.min(...folds), high: Math.max(...folds) };
}

function scoreChart(board: ReportLeaderboard, finalIds: ReadonlySet<number>): Html | undefined {
  const label = metricLabel(board.metric);
  const scored = board.trials.filter((t) => t.status === 'ok' && t.score !== undefined && Number.isFinite(t.score)).slice(0, CHARTED_TRIALS);
  if (scored.length === 0) return undefined;
  const items: RowItem[] = scored.map((t) => ({ label: `#${t.id} ${t.learner}`, value: t.score as number, ...foldRange(t), highlight: finalIds.has(t.id) }));
  if (board.ensemble) items.unshift({ label: 'ensemble', value: board.ensemble.score, highlight: board.ensemble.chosen });
  return rowChart({
    title: `${label} of the best ${plural(scored.length, 'trial')} (${board.higherIsBetter ? 'higher' : 'lower'} is better)`,
    xLabel: `${label}, mean over folds; whiskers: lowest to highest fold`,
    items,
    mark: 'dot',
    format: (v) => formatScore(v),
    highlightMeaning: 'in the final model',
  });
}

function trialTable(board: ReportLeaderboard, finalIds: ReadonlySet<number>): Html {
  const label = metricLabel(board.metric);
  const listed = board.trials.slice(0, LISTED_TRIALS);
  const rank = new Map(listed.map((t, i) => [t.id, i + 1]));
  const table = dataTable(
    listed,
    [
      { header: '#', cell: (t) => String(rank.get(t.id)), sort: (t) => rank.get(t.id), numeric: true },
      { header: 'Trial', cell: (t) => html`${String(t.id)}${finalIds.has(t.id) ? html` <span class="tag">final</span>` : ''}`, sort: (t) => t.id, numeric: true },
      { header: 'Learner', cell: (t) => t.learner, sort: (t) => t.learner },
      {
        header: label,
        hint: 'mean over the folds evaluated ± standard deviation',
        cell: (t) => (t.score === undefined ? '–' : `${formatScore(t.score)} ± ${formatScore(t.scoreStd ?? 0)}`),
        // Sorted best first whichever the metric's direction: lower-is-better scores sort negated.
        sort: (t) => (t.score === undefined ? undefined : board.higherIsBetter ? t.score : -t.score),
        numeric: true,
      },
      { header: 'Folds', cell: (t) => `${t.foldsDone}`, sort: (t) => t.foldsDone, numeric: true },
      { header: 'Status', cell: (t) => html`${t.status}${t.error ? html` <span class="muted" title="${t.error}">(${truncate(t.error, 60)})</span>` : ''}`, sort: (t) => t.status },
      { header: 'Fit time', cell: (t) => formatDuration(t.fitMs), sort: (t) => t.fitMs, numeric: true },
      { header: 'Parameters', cell: (t) => html`<span class="params">${paramsText(t.params)}</span>` },
    ],
    { rowClass: (t) => (finalIds.has(t.id) ? 'final' : undefined) },
  );
  const more = board.trials.length > LISTED_TRIALS ? html`<p class="muted">The best ${LISTED_TRIALS} of ${formatCount(board.trials.length)} trials are listed; leaderboard.json holds them all.</p>` : undefined;
  return html`${table}${more}`;
}

function ensembleText(board: ReportLeaderboard): Html | undefined {
  const e = board.ensemble;
  if (!e) return undefined;
  const parts = e.members.map((m) => `${m.learner} (trial ${m.trialId}) ${m.weight.toFixed(2)}`);
  return html`${subheading('leaderboard-ensemble', 'Ensemble')}<p>Greedy ensemble of ${plural(e.members.length, 'member')}: ${metricLabel(board.metric)} ${formatScore(e.score)}, ${e.chosen ? 'better than the best single model: it is the final model' : 'not better than the best single model, which is the final model'}.</p><p class="muted">${parts.join(', ')}</p>`;
}

export function leaderboardSection(board: ReportLeaderboard): ReportSection {
  const finalIds = new Set(board.final.members.map((m) => m.trialId));
  const counts = new Map<string, number>();
  for (const t of board.trials) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  const statusText = [...counts].map(([status, n]) => `${formatCount(n)} ${status}`).join(', ');
  const plan = board.plan;
  const facts = factList([
    ['Metric', `${metricLabel(board.metric)} (${board.higherIsBetter ? 'higher' : 'lower'} is better)`],
    ['Validation', describeValidation(board.validation)],
    ['Rows', plan ? formatCount(plan.rows) : ''],
    ['Trials', `${formatCount(board.trials.length)} (${statusText})`],
    ['Learners', plan ? plan.learners.join(', ') : [...new Set(board.trials.map((t) => t.learner))].join(', ')],
    ['Budget', plan ? (Number.isFinite(plan.budgetMs) && plan.budgetMs > 0 ? formatDuration(plan.budgetMs) : plan.trials !== undefined ? plural(plan.trials, 'trial') : '') : ''],
    ['Run time', formatDuration(board.elapsedMs)],
    ['Status', board.cancelled ? 'cancelled: the trials that finished were kept' : ''],
  ]);
  const dropped =
    board.dropped.length > 0 ? html`${subheading('leaderboard-dropped', 'Columns not used')}${sentenceList(board.dropped.map((d) => `\`${d.column}\`: ${d.reason}`))}` : undefined;
  const best = board.trials.find((t) => t.status === 'ok');
  const summary = best?.score === undefined ? `${plural(board.trials.length, 'trial')}` : `${plural(board.trials.length, 'trial')}, best single model ${best.learner} ${formatScore(best.score)}`;
  return {
    id: 'leaderboard',
    title: 'Leaderboard',
    summary,
    body: join([facts, dropped, scoreChart(board, finalIds), subheading('leaderboard-trials', 'Trials'), trialTable(board, finalIds), ensembleText(board)]),
  };
}
