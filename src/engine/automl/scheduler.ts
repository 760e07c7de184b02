import type { DataShape, LearnerSpec, Task } from '../learners/types';
import { createSearcher } from '../search/createSearcher';
import type { Params } from '../search/domain';
import type { Searcher, SearcherKind, TrialOutcome } from '../search/searcher';
import { portfolioFor } from './portfolio';

/** A configuration to try. `portfolio` ones are always evaluated on every fold (the baselines). */
export interface Proposal {
  readonly learner: string;
  readonly params: Params;
  readonly portfolio: boolean;
}

interface LearnerState {
  readonly spec: LearnerSpec;
  readonly cost: number;
  searcher?: Searcher;
  exhausted: boolean;
  trials: number;
  bestLoss: number;
  /** Searcher trial id by run trial id, for configurations the searcher suggested. */
  readonly searcherTrials: Map<number, number>;
  nextSearcherTrial: number;
  /** Outcome by configuration key, to answer repeated suggestions without running them again. */
  readonly seen: Map<string, TrialOutcome | undefined>;
}

/** How learner families usually rank on tabular data (gradient boosting first); unknown ones last. */
const PRIOR_ORDER = ['gbdt', 'extraTrees', 'randomForest', 'logistic', 'linear', 'knn', 'mlp', 'naiveBayes'];

function priorRank(name: string): number {
  const rank = PRIOR_ORDER.indexOf(name);
  return rank < 0 ? PRIOR_ORDER.length : rank;
}

/** Same parameters in a stable key (sorted names, defaults filled in). */
function configKey(spec: LearnerSpec, params: Params): string {
  const full: Record<string, unknown> = { ...spec.defaults, ...params };
  return JSON.stringify(Object.keys(full).sort().map((k) => [k, full[k]]));
}

/**
 * Decides what to try next: first every learner's defaults (the cheapest learner, then the usual
 * ranking of families), then the portfolio,
 * then one searcher per learner, with the learner chosen by how well it does, how often it was
 * tried and how costly it is. Decisions depend only on reported outcomes (never the clock), so a
 * trial-count budget with a seed reproduces the same sequence.
 */
export class TrialScheduler {
  private states: LearnerState[];
  private readonly queue: Proposal[] = [];
  private readonly searcherKind: SearcherKind;
  private readonly seed: number;
  private readonly shape: DataShape;
  private readonly task: Task;

  constructor(learners: readonly LearnerSpec[], shape: DataShape, task: Task, searcherKind: SearcherKind, seed: number) {
    this.searcherKind = searcherKind;
    this.seed = seed;
    this.shape = shape;
    this.task = task;
    this.states = learners
      .map((spec) => ({
        spec,
        cost: Math.max(1e-3, spec.relativeCost(spec.defaults, shape)),
        exhausted: false,
        trials: 0,
        bestLoss: Infinity,
        searcherTrials: new Map<number, number>(),
        nextSearcherTrial: 0,
        seen: new Map<string, TrialOutcome | undefined>(),
      }))
      .sort((a, b) => a.cost - b.cost);
    // The cheapest learner first (a result within seconds whatever the data), then the families
    // in the order they usually rank on tabular data, so a tight budget is spent on the likely best.
    const byPrior = [...this.states.slice(1)].sort((a, b) => priorRank(a.spec.name) - priorRank(b.spec.name));
    this.states = [...this.states.slice(0, 1), ...byPrior];
    for (const s of this.states) this.queue.push({ learner: s.spec.name, params: {}, portfolio: true });
    for (const s of this.states) {
      for (const params of portfolioFor(s.spec.name, task, shape)) this.queue.push({ learner: s.spec.name, params, portfolio: true });
    }
  }

  /** The next configuration, or undefined when every learner's searcher is exhausted. */
  next(trialId: number): Proposal | undefined {
    while (this.queue.length > 0) {
      const proposal = this.queue.shift() as Proposal;
      const state = this.stateOf(proposal.learner);
      const key = configKey(state.spec, proposal.params);
      if (state.seen.has(key)) continue;
      state.seen.set(key, undefined);
      state.trials++;
      return proposal;
    }
    for (;;) {
      const state = this.pickLearner();
      if (!state) return undefined;
      const params = this.suggestNew(state, trialId);
      if (params) {
        state.trials++;
        return { learner: state.spec.name, params, portfolio: false };
      }
      state.exhausted = true;
    }
  }

  /** Reports how trial `trialId` (proposed by `next(trialId)`) went; `loss` lower is better. */
  report(trialId: number, proposal: Proposal, outcome: TrialOutcome): void {
    const state = this.stateOf(proposal.learner);
    state.seen.set(configKey(state.spec, proposal.params), outcome);
    if (outcome.status === 'ok' && outcome.loss < state.bestLoss) state.bestLoss = outcome.loss;
    const searcherTrial = state.searcherTrials.get(trialId);
    if (searcherTrial !== undefined) state.searcher?.onTrialComplete(searcherTrial, outcome);
  }

  private stateOf(learner: string): LearnerState {
    const state = this.states.find((s) => s.spec.name === learner);
    if (!state) throw new RangeError(`learner '${learner}' is not part of this run`);
    return state;
  }

  /**
   * The learner to search next: lowest (rank + 1)² × (trials + 1) × √cost, so the best learners
   * get most trials, cheap ones are tried more often, and none is starved for good.
   */
  private pickLearner(): LearnerState | undefined {
    const live = this.states.filter((s) => !s.exhausted);
    if (live.length === 0) return undefined;
    const ranked = [...this.states].sort((a, b) => a.bestLoss - b.bestLoss);
    let best: LearnerState | undefined;
    let bestPriority = Infinity;
    for (const s of live) {
      const rank = Number.isFinite(s.bestLoss) ? ranked.indexOf(s) : this.states.length;
      const priority = (rank + 1) ** 2 * (s.trials + 1) * Math.sqrt(s.cost);
      if (priority < bestPriority) {
        bestPriority = priority;
        best = s;
      }
    }
    return best;
  }

  /** A configuration the learner's searcher has not proposed before (repeats answered from memory). */
  private suggestNew(state: LearnerState, trialId: number): Params | undefined {
    state.searcher ??= createSearcher(this.searcherKind, {
      space: state.spec.searchSpace(this.shape, this.task),
      seed: (this.seed * 31 + this.states.indexOf(state) * 7919) >>> 0,
    });
    for (let attempt = 0; attempt < 20; attempt++) {
      const id = state.nextSearcherTrial++;
      const params = state.searcher.suggest(id);
      if (!params) return undefined;
      const key = configKey(state.spec, params);
      if (state.seen.has(key)) {
        state.searcher.onTrialComplete(id, state.seen.get(key) ?? { status: 'pruned' });
        continue;
      }
      state.seen.set(key, undefined);
      state.searcherTrials.set(trialId, id);
      return params;
    }
    return undefined;
  }
}
