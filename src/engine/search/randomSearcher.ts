import { Rng } from '../random';
import type { ParamValue, Params, SearchSpace } from './domain';
import { sampleDomain, validateSearchSpace } from './sampling';
import type { Searcher, SearcherOptions, TrialOutcome } from './searcher';
import { TrialLedger } from './trialLedger';

/** Every parameter at its `init` (the learner's strong default). */
export function initParams(space: SearchSpace): Params {
  const params: Record<string, ParamValue> = {};
  for (const [name, param] of Object.entries(space)) params[name] = param.init;
  return params;
}

/** An independent uniform draw of every parameter (see `sampleDomain`), in the space's key order. */
export function sampleParams(space: SearchSpace, rng: Rng): Params {
  const params: Record<string, ParamValue> = {};
  for (const [name, param] of Object.entries(space)) params[name] = sampleDomain(param.domain, rng);
  return params;
}

/**
 * Random search: the first suggestion is every parameter at `init`, each later one draws every
 * parameter independently from its domain (log-uniform for log domains). Outcomes are only
 * book-kept, and draws are not deduplicated (a small discrete space will see repeats; the
 * runner's budget ends the search). An empty space has a single configuration (`{}`), after
 * which `suggest` returns undefined. Throws `RangeError` from the constructor if the space is malformed or an `init`
 * lies outside its domain.
 */
export class RandomSearcher implements Searcher {
  private readonly space: SearchSpace;
  private readonly rng: Rng;
  private readonly ledger = new TrialLedger();
  private readonly empty: boolean;

  constructor(options: SearcherOptions) {
    validateSearchSpace(options.space);
    this.space = options.space;
    this.rng = new Rng(options.seed);
    this.empty = Object.keys(options.space).length === 0;
  }

  suggest(trialId: number): Params | undefined {
    this.ledger.checkNewId(trialId);
    const first = this.ledger.entries.length === 0;
    if (!first && this.empty) return undefined;
    const params = first ? initParams(this.space) : sampleParams(this.space, this.rng);
    this.ledger.add(trialId, params);
    return params;
  }

  onTrialComplete(trialId: number, outcome: TrialOutcome): void {
    this.ledger.complete(trialId, outcome);
  }
}
