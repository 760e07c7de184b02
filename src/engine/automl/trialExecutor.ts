import { CancelledError } from '../errors';
import { getLearner } from '../learners/index';
import type { Params } from '../search/domain';
import type { Metric } from '../validate/types';
import { deadlineSignal, evaluateFold, type FoldResult } from './evaluateTrial';
import type { FoldCache } from './foldData';

/** Some folds of one trial to fit and score. */
export interface FoldTask {
  readonly trialId: number;
  readonly learner: string;
  readonly params: Params;
  readonly folds: readonly number[];
  /** The seed of each fold's fit, in `folds` order. */
  readonly seeds: readonly number[];
  /** Train on this share of each fold's training rows (a cheap first look); 1 when absent. */
  readonly rowFraction?: number;
  /** Time the task may take from when it starts; then it stops with `CancelledError`. */
  readonly timeLimitMs: number;
}

/**
 * Runs fold tasks: in this thread, or in a pool of worker threads that share the data. `evaluate`
 * resolves with one result per fold, or rejects with the learner's error, or with
 * `CancelledError` when the time limit or the run's signal stops it.
 */
export interface TrialExecutor {
  /** Tasks it can run at once. */
  readonly slots: number;
  evaluate(task: FoldTask): Promise<FoldResult[]>;
  /** Releases threads; called once when the search ends. */
  close?(): Promise<void>;
}

/** Resolves after the host's event loop has had a turn (messages, timers, signals). */
export const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs fold tasks one at a time in the calling thread, yielding to the event loop between folds. */
export class InProcessExecutor implements TrialExecutor {
  readonly slots = 1;

  constructor(
    private readonly cache: FoldCache,
    private readonly metric: Metric,
    private readonly signal?: AbortSignalLike,
  ) {}

  async evaluate(task: FoldTask): Promise<FoldResult[]> {
    const learner = getLearner(task.learner);
    const signal = deadlineSignal(performance.now() + task.timeLimitMs, this.signal);
    const results: FoldResult[] = [];
    for (let i = 0; i < task.folds.length; i++) {
      if (signal.aborted) throw new CancelledError(signal.timedOut ? 'time limit' : 'cancelled');
      results.push(evaluateFold(learner, task.params, this.cache, task.folds[i], this.metric, { seed: task.seeds[i], signal, rowFraction: task.rowFraction }));
      await nextTick();
    }
    return results;
  }
}
