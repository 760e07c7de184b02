/**
 * The leaderboard's rows as data, no DOM: how trials are ordered under each sort, their ranks,
 * the best trial, and a {@link Board} that keeps all of that up to date as trials arrive.
 *
 * Live runs append a few trials per message to boards of up to thousands of trials, so the board
 * inserts each new trial into the current order with a binary search instead of re-sorting, and
 * the ranks are rebuilt in one linear pass.
 */
import type {
  EnsembleRecord,
  FinalModel,
  LeaderboardPanelState,
  LeaderboardSortKey,
  TrialRecord,
} from '../../src/protocol/webview';

export type LeaderboardSort = LeaderboardPanelState['sort'];

export const DEFAULT_SORT: LeaderboardSort = { key: 'rank', direction: 'asc' };

/**
 * The direction a key sorts in when its header is first clicked: the interesting end first (the
 * best scores, the slowest fits, the latest trials).
 */
export function defaultDirection(key: LeaderboardSortKey, higherIsBetter = true): LeaderboardSort['direction'] {
  if (key === 'score') return higherIsBetter ? 'desc' : 'asc';
  return key === 'fit' || key === 'finished' ? 'desc' : 'asc';
}

/** The sort after clicking the header of `key`: flip the direction of the same key, else start anew. */
export function nextSort(current: LeaderboardSort, key: LeaderboardSortKey, higherIsBetter = true): LeaderboardSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: defaultDirection(key, higherIsBetter) };
}

/** Whether a trial's score counts: it finished every fold (pruned and timed-out trials stopped early). */
export function isRanked(trial: TrialRecord): boolean {
  return trial.status === 'ok' && trial.score !== undefined && Number.isFinite(trial.score);
}

/** When a trial finished, ms after the run started. */
export function finishedAt(trial: TrialRecord): number {
  return trial.startedAt + trial.durationMs;
}

/**
 * Which end of the board a trial belongs to under score-based sorts, whatever the direction:
 * complete trials (0), then trials stopped early with a partial score (1), then trials without
 * a score (2). A failed trial is never "the best" just because the list was reversed.
 */
function scoreGroup(trial: TrialRecord): number {
  if (isRanked(trial)) return 0;
  return trial.score !== undefined && Number.isFinite(trial.score) ? 1 : 2;
}

/**
 * `a` before `b` (< 0) under `sort`; `a` and `b` are indices into `trials`. A total order: ties
 * fall back to the better score and then to arrival order, so equal rows keep their order in
 * both directions and incremental insertion agrees with a full sort.
 */
export function trialComparator(
  trials: readonly TrialRecord[],
  sort: LeaderboardSort,
  higherIsBetter: boolean,
): (a: number, b: number) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  // Better first; the group keeps complete trials above partial and failed ones.
  const byRank = (a: number, b: number): number => {
    const ta = trials[a];
    const tb = trials[b];
    const group = scoreGroup(ta) - scoreGroup(tb);
    if (group !== 0) return group;
    const sa = ta.score ?? 0;
    const sb = tb.score ?? 0;
    return higherIsBetter ? sb - sa : sa - sb;
  };
  const byIndex = (a: number, b: number): number => a - b;
  switch (sort.key) {
    case 'rank':
      // The group is compared before the sign applies: reversing never lifts failed trials up.
      return (a, b) => {
        const group = scoreGroup(trials[a]) - scoreGroup(trials[b]);
        return group !== 0 ? group : sign * byRank(a, b) || byIndex(a, b);
      };
    case 'score':
      return (a, b) => {
        const group = scoreGroup(trials[a]) - scoreGroup(trials[b]);
        return group !== 0 ? group : sign * ((trials[a].score ?? 0) - (trials[b].score ?? 0)) || byRank(a, b) || byIndex(a, b);
      };
    case 'std':
      return (a, b) => {
        const sa = trials[a].scoreStd;
        const sb = trials[b].scoreStd;
        // A trial without a spread goes last in both directions, like a failed one.
        if (sa === undefined || sb === undefined) return (sa === undefined ? 1 : 0) - (sb === undefined ? 1 : 0) || byRank(a, b) || byIndex(a, b);
        return sign * (sa - sb) || byRank(a, b) || byIndex(a, b);
      };
    case 'learner':
      return (a, b) => {
        const la = trials[a].learner.toLowerCase();
        const lb = trials[b].learner.toLowerCase();
        return sign * (la < lb ? -1 : la > lb ? 1 : 0) || byRank(a, b) || byIndex(a, b);
      };
    case 'fit':
      return (a, b) => sign * (trials[a].fitMs - trials[b].fitMs) || byIndex(a, b);
    case 'finished':
      // Trials arrive in the order they finish, so arrival order is this key's own tie-break.
      return (a, b) => sign * (finishedAt(trials[a]) - finishedAt(trials[b])) || sign * byIndex(a, b);
  }
}

/** Indices into `trials` in display order under `sort` (a full sort; {@link Board} keeps it incrementally). */
export function orderTrials(trials: readonly TrialRecord[], sort: LeaderboardSort, higherIsBetter: boolean): number[] {
  const order = Array.from(trials, (_, i) => i);
  return order.sort(trialComparator(trials, sort, higherIsBetter));
}

/** Index of the best complete trial (the earliest of equals), or -1 when none completed. */
export function bestTrialIndex(trials: readonly TrialRecord[], higherIsBetter: boolean): number {
  let best = -1;
  for (let i = 0; i < trials.length; i++) {
    if (isRanked(trials[i]) && (best < 0 || isBetter(trials[i].score as number, trials[best].score as number, higherIsBetter))) best = i;
  }
  return best;
}

/** Whether score `a` is strictly better than `b`. */
export function isBetter(a: number, b: number, higherIsBetter: boolean): boolean {
  return higherIsBetter ? a > b : a < b;
}

/** Inserts `index` into `order` (sorted by `compare`) after every element that sorts before or with it. */
export function insertSorted(order: number[], index: number, compare: (a: number, b: number) => number): void {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(order[middle], index) <= 0) low = middle + 1;
    else high = middle;
  }
  order.splice(low, 0, index);
}

/**
 * A row above the trials, whatever the sort: the final model (selectable as `'final'`; it is the
 * ensemble when the ensemble was chosen), and an ensemble that was built but not chosen (shown
 * for its score, not selectable: no model key names it).
 */
export type PinnedRow =
  | { readonly kind: 'final'; readonly final?: FinalModel; readonly ensemble?: EnsembleRecord }
  | { readonly kind: 'ensemble'; readonly ensemble: EnsembleRecord };

/** The pinned rows for a run's ensemble and final model (either may not exist yet). */
export function pinnedRows(ensemble: EnsembleRecord | undefined, final: FinalModel | undefined): PinnedRow[] {
  const rows: PinnedRow[] = [];
  if (ensemble?.chosen === true) rows.push({ kind: 'final', ensemble, ...(final === undefined ? {} : { final }) });
  else if (final !== undefined) rows.push({ kind: 'final', final });
  if (ensemble !== undefined && !ensemble.chosen) rows.push({ kind: 'ensemble', ensemble });
  return rows;
}

/**
 * The trials of one run in display order, with ranks and the best trial, updated in place as
 * trials arrive. Ranks count complete trials only (1 = best); others have rank 0.
 */
export class Board {
  private readonly list: TrialRecord[] = [];
  private displayOrder: number[] = [];
  /** Complete trials, best first (the 'rank' order), kept sorted incrementally too. */
  private rankOrder: number[] = [];
  private ranks = new Int32Array(0);
  private best = -1;
  private readonly positions = new Map<number, number>();

  constructor(
    private currentSort: LeaderboardSort = DEFAULT_SORT,
    private higher = true,
  ) {}

  get trials(): readonly TrialRecord[] {
    return this.list;
  }

  /** Trial indices in display order. */
  get order(): readonly number[] {
    return this.displayOrder;
  }

  get sort(): LeaderboardSort {
    return this.currentSort;
  }

  get higherIsBetter(): boolean {
    return this.higher;
  }

  /** Index of the best complete trial, or -1. */
  get bestIndex(): number {
    return this.best;
  }

  /** The best complete trial, if any. */
  get bestTrial(): TrialRecord | undefined {
    return this.best < 0 ? undefined : this.list[this.best];
  }

  /** 1-based rank of the trial at `index` among complete trials; 0 when it did not complete. */
  rankOf(index: number): number {
    return this.ranks[index] ?? 0;
  }

  /** Index of the trial with id `id`, or -1. */
  indexOfId(id: number): number {
    return this.positions.get(id) ?? -1;
  }

  /** Replaces the trials (a new `leaderboard/show`), maybe with another sort. */
  reset(trials: readonly TrialRecord[], higherIsBetter: boolean, sort: LeaderboardSort = this.currentSort): void {
    this.currentSort = sort;
    this.list.length = 0;
    this.positions.clear();
    this.higher = higherIsBetter;
    for (const trial of trials) this.push(trial);
    this.resort();
  }

  /** Adds trials that finished since (in the order they finished). */
  append(trials: readonly TrialRecord[]): void {
    if (trials.length === 0) return;
    // Many at once (a board reloaded mid-run): one sort beats many insertions.
    if (trials.length > Math.max(64, this.list.length)) {
      for (const trial of trials) this.push(trial);
      this.resort();
      return;
    }
    const display = trialComparator(this.list, this.currentSort, this.higher);
    const rank = trialComparator(this.list, DEFAULT_SORT, this.higher);
    for (const trial of trials) {
      const index = this.push(trial);
      insertSorted(this.displayOrder, index, display);
      if (isRanked(trial)) insertSorted(this.rankOrder, index, rank);
    }
    this.rerank();
  }

  setSort(sort: LeaderboardSort): void {
    this.currentSort = sort;
    this.displayOrder = orderTrials(this.list, sort, this.higher);
  }

  /** The metric's direction (known once the run has planned); re-sorts when it changed. */
  setHigherIsBetter(higherIsBetter: boolean): void {
    if (higherIsBetter === this.higher) return;
    this.higher = higherIsBetter;
    this.resort();
  }

  private push(trial: TrialRecord): number {
    const index = this.list.length;
    this.list.push(trial);
    this.positions.set(trial.id, index);
    return index;
  }

  private resort(): void {
    this.displayOrder = orderTrials(this.list, this.currentSort, this.higher);
    this.rankOrder = orderTrials(this.list, DEFAULT_SORT, this.higher).filter((i) => isRanked(this.list[i]));
    this.rerank();
  }

  private rerank(): void {
    this.ranks = new Int32Array(this.list.length);
    this.rankOrder.forEach((index, position) => (this.ranks[index] = position + 1));
    this.best = this.rankOrder[0] ?? -1;
  }
}
