/**
 * The leaderboard's columns and the `<tr>` of each row: a trial, the final model, an ensemble
 * that was not chosen. Every text built from data (learner names, parameters, error messages)
 * goes through `h()`, so it lands in the page as text.
 */
import type { LeaderboardSortKey, ModelKey, RunPlan, TrialRecord } from '../../src/protocol/webview';
import { h, type Child } from '../shared/dom';
import { formatNumber, truncate } from '../shared/format';
import { finishedAt, type Board, type PinnedRow } from './leaderboardModel';
import { formatClock, formatDuration, plannedFolds } from './runLabels';
import { formatParams, membersLabel, refitLabel } from './rowText';

export interface ColumnSpec {
  readonly key?: LeaderboardSortKey;
  readonly label: string;
  readonly className: string;
  readonly title?: string;
}

/** The table's columns, left to right (the score column's label is the metric, set by the table). */
export const COLUMNS: readonly ColumnSpec[] = [
  { key: 'rank', label: '#', className: 'col-rank', title: 'Rank by score, best first' },
  { key: 'learner', label: 'Learner', className: 'col-learner' },
  { key: 'score', label: 'Score', className: 'col-score' },
  { key: 'std', label: '± std', className: 'col-std', title: 'Standard deviation of the fold scores' },
  { label: 'Folds', className: 'col-folds', title: 'Validation folds evaluated' },
  { key: 'fit', label: 'Fit time', className: 'col-fit', title: 'Time spent fitting and predicting, all folds' },
  { key: 'finished', label: 'Finished', className: 'col-finished', title: 'When the trial finished (mm:ss into the run)' },
  { label: 'Parameters', className: 'col-params' },
];

/** Longest parameter list written into a cell; the cell's title has all of it. */
const MAX_PARAMS_CHARS = 240;

/** What rows need to know besides their own record. */
export interface RowContext {
  readonly board: Board;
  readonly plan: RunPlan | undefined;
  readonly selected: ModelKey | undefined;
}

/** The model key of a pinned row, or undefined when it cannot be selected. */
export function pinnedKey(row: PinnedRow): ModelKey | undefined {
  return row.kind === 'final' ? 'final' : undefined;
}

/** The row of the trial at `index` of the board, shown at table row `rowIndex` (1-based, header = 1). */
export function trialRow(index: number, rowIndex: number, context: RowContext): HTMLTableRowElement {
  const { board, plan } = context;
  const trial = board.trials[index];
  const rank = board.rankOf(index);
  const best = index === board.bestIndex;
  const selected = context.selected === trial.id;
  const classes = ['row', `status-${trial.status}`, best ? 'best' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  const params = formatParams(trial.params);
  const folds = plan === undefined ? String(trial.foldsDone) : `${trial.foldsDone}/${plannedFolds(plan.validation)}`;
  return h('tr', {
    class: classes,
    attrs: { 'data-key': trial.id, 'aria-selected': String(selected), 'aria-rowindex': rowIndex },
  },
    h('td', { class: 'col-rank' },
      rank > 0 ? rank : '–',
      best ? h('span', { class: 'tag tag-best', attrs: { title: 'Best trial so far', 'aria-label': 'best' } }, 'best') : null,
    ),
    h('td', { class: 'col-learner', attrs: { title: `${trial.learner}, trial #${trial.id}` } },
      h('span', { class: 'learner' }, trial.learner),
      h('span', { class: 'trial-id muted' }, ` #${trial.id}`),
    ),
    scoreCell(trial),
    h('td', { class: 'col-std' }, trial.score !== undefined && trial.scoreStd !== undefined ? `± ${formatNumber(trial.scoreStd)}` : ''),
    h('td', { class: 'col-folds' }, folds),
    h('td', { class: 'col-fit' }, formatDuration(trial.fitMs)),
    h('td', { class: 'col-finished' }, formatClock(finishedAt(trial))),
    h('td', { class: 'col-params', attrs: { title: params } }, truncate(params, MAX_PARAMS_CHARS)),
  );
}

/**
 * The score, or for a trial that did not complete its status and why: a pruned or timed-out
 * trial keeps the score of the folds it did, marked as such.
 */
function scoreCell(trial: TrialRecord): HTMLTableCellElement {
  const score = trial.score === undefined ? null : h('span', { class: 'score' }, formatNumber(trial.score));
  if (trial.status === 'ok') return h('td', { class: 'col-score' }, score);
  const why = trial.error ?? '';
  const partial = trial.score === undefined ? '' : ` (score of ${trial.foldsDone} fold${trial.foldsDone === 1 ? '' : 's'})`;
  const title = `${trial.status}${partial}${why === '' ? '' : `: ${why}`}`;
  return h('td', { class: 'col-score', attrs: { title } },
    score,
    h('span', { class: `tag tag-${trial.status}` }, trial.status),
    why === '' ? null : h('span', { class: 'error-text' }, truncate(why, MAX_PARAMS_CHARS)),
  );
}

/** The row of a pinned model at table row `rowIndex`. */
export function pinnedRow(row: PinnedRow, rowIndex: number, context: RowContext): HTMLTableRowElement {
  const key = pinnedKey(row);
  const selected = key !== undefined && context.selected === key;
  const ensemble = row.ensemble;
  const final = row.kind === 'final' ? row.final : undefined;
  const score = final?.score ?? ensemble?.score;
  let name: Child;
  let detail: string;
  let detailTitle: string;
  if (ensemble !== undefined) {
    name = 'Ensemble';
    detail = membersLabel(ensemble.members);
    detailTitle = `${membersLabel(ensemble.members, true)}${final === undefined ? '' : `; ${refitLabel(final.refit)}`}`;
  } else {
    // A single-model final: the best trial refitted; name its learner as the trial table does.
    const member = final?.members[0];
    const trial = member === undefined ? undefined : context.board.trials[context.board.indexOfId(member.trialId)];
    name = trial?.learner ?? final?.description ?? 'Final model';
    detail = `${final?.description ?? ''}${final === undefined ? '' : ` · ${refitLabel(final.refit)}`}`;
    detailTitle = detail;
  }
  const chosen = row.kind === 'final';
  return h('tr', {
    class: `row pinned ${chosen ? 'final' : 'unselectable'}${selected ? ' selected' : ''}`,
    attrs: { 'data-key': key, 'aria-selected': key === undefined ? undefined : String(selected), 'aria-rowindex': rowIndex },
  },
    h('td', { class: 'col-rank' }, chosen ? h('span', { class: 'final-mark', attrs: { 'aria-hidden': 'true' } }, '★') : null),
    h('td', { class: 'col-learner' },
      h('span', { class: 'learner' }, name),
      chosen
        ? h('span', { class: 'tag tag-final', attrs: { title: 'The model this run delivers' } }, 'final model')
        : h('span', { class: 'tag tag-muted', attrs: { title: 'Not better than the best single model' } }, 'not chosen'),
    ),
    h('td', { class: 'col-score' }, score === undefined ? '–' : h('span', { class: 'score' }, formatNumber(score))),
    h('td', { class: 'col-std' }),
    h('td', { class: 'col-folds' }),
    h('td', { class: 'col-fit' }),
    h('td', { class: 'col-finished' }),
    h('td', { class: 'col-params', attrs: { title: detailTitle } }, truncate(detail, MAX_PARAMS_CHARS)),
  );
}
