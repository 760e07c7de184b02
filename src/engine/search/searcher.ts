import type { Params, SearchSpace } from './domain';

/** How a finished trial went, as a searcher sees it. */
export type TrialOutcome =
  /** `loss`: lower is better (a metric where higher is better is negated by the runner). */
  | { readonly status: 'ok'; readonly loss: number }
  /** Failed, timed out or was stopped early; the searcher should steer away from it. */
  | { readonly status: 'error' | 'pruned' };

/**
 * Proposes parameter settings for one learner's search space. Plain state, seeded through the
 * constructor; no clock, no I/O, so a trial-count budget with a seed reproduces the same trials.
 */
export interface Searcher {
  /** The next configuration to try, or undefined when the searcher has nothing new to offer. */
  suggest(trialId: number): Params | undefined;
  /** Reports the outcome of a configuration this searcher suggested. */
  onTrialComplete(trialId: number, outcome: TrialOutcome): void;
}

/** Which searcher a run uses. */
export type SearcherKind = 'grid' | 'random' | 'bayesian';

/** What every searcher is built from. */
export interface SearcherOptions {
  readonly space: SearchSpace;
  /** Seed for the searcher's own randomness. */
  readonly seed: number;
}
