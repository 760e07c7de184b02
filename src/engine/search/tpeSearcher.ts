import { Rng } from '../random';
import type { ParamValue, Params, SearchSpace } from './domain';
import { fitCategoricalParzen, fitUnitParzen, observationWeights, pickCumulative } from './parzenEstimator';
import { initParams, sampleParams } from './randomSearcher';
import { fromUnit, toUnit, validateSearchSpace } from './sampling';
import type { Searcher, SearcherOptions, TrialOutcome } from './searcher';
import { TrialLedger, type LedgerEntry } from './trialLedger';

/** TPE settings on top of the common ones. */
export interface TpeSearcherOptions extends SearcherOptions {
  /** Random configurations after the `init` one, before the model takes over (default 10). */
  readonly nStartup?: number;
  /** Candidates drawn from the good density per parameter per suggestion (default 24). */
  readonly nCandidates?: number;
  /**
   * Fraction of completed trials counted as good, in (0, 1]: ⌈gamma · n⌉ of them. Default:
   * Optuna's min(⌈0.1 · n⌉, 25), which keeps the good set small and sharp as trials accumulate.
   */
  readonly gamma?: number;
  /** Weight of the prior kernel in each density, relative to 1 per observation (default 1). */
  readonly priorWeight?: number;
}

/**
 * Bayesian optimisation with the Tree-structured Parzen Estimator (Bergstra et al. 2011),
 * univariate, as hyperopt and Optuna do it by default:
 *
 * 1. the first suggestion is every parameter at `init`;
 * 2. until `nStartup + 1` trials have been reported, suggestions are independent random draws
 *    (as `RandomSearcher`);
 * 3. then, for each parameter independently, the reported trials are split into *good* (the
 *    lowest losses, see `gamma`) and *bad* (the rest, plus every failed or pruned trial and every
 *    `ok` trial with a non-finite loss, all ranked worst). Each group's values, in the unit
 *    coordinate of `sampling.ts`, are fitted with a Parzen estimator l (good) and g (bad):
 *    truncated Gaussians for numeric domains, smoothed counts for choices, each with a prior
 *    (`parzenEstimator.ts`). `nCandidates` values are drawn from l and the one maximising
 *    l(x) / g(x) is suggested.
 *
 * Trials still running are ignored. All randomness comes from one `Rng` seeded with `seed`, so the
 * same seed with the same sequence of calls and outcomes gives the same suggestions. Suggestions
 * always lie in their domains. An empty space yields `{}` once, then undefined.
 * Throws `RangeError` from the constructor for a malformed space or options.
 */
export class TpeSearcher implements Searcher {
  private readonly space: SearchSpace;
  private readonly names: readonly string[];
  private readonly rng: Rng;
  private readonly nStartup: number;
  private readonly nCandidates: number;
  private readonly gamma: number | undefined;
  private readonly priorWeight: number;
  private readonly ledger = new TrialLedger();

  constructor(options: TpeSearcherOptions) {
    const { space, seed, nStartup = 10, nCandidates = 24, gamma, priorWeight = 1 } = options;
    validateSearchSpace(space);
    if (!Number.isInteger(nStartup) || nStartup < 0) throw new RangeError(`nStartup must be a non-negative integer, got ${nStartup}`);
    if (!Number.isInteger(nCandidates) || nCandidates < 1) throw new RangeError(`nCandidates must be a positive integer, got ${nCandidates}`);
    if (gamma !== undefined && !(gamma > 0 && gamma <= 1)) throw new RangeError(`gamma must be in (0, 1], got ${gamma}`);
    if (!(priorWeight > 0 && Number.isFinite(priorWeight))) throw new RangeError(`priorWeight must be positive, got ${priorWeight}`);
    this.space = space;
    this.names = Object.keys(space);
    this.rng = new Rng(seed);
    this.nStartup = nStartup;
    this.nCandidates = nCandidates;
    this.gamma = gamma;
    this.priorWeight = priorWeight;
  }

  suggest(trialId: number): Params | undefined {
    this.ledger.checkNewId(trialId);
    const first = this.ledger.entries.length === 0;
    if (!first && this.names.length === 0) return undefined;
    let params: Params;
    if (first) params = initParams(this.space);
    else {
      const completed = this.ledger.completed();
      params = completed.length < this.nStartup + 1 ? sampleParams(this.space, this.rng) : this.model(completed);
    }
    this.ledger.add(trialId, params);
    return params;
  }

  onTrialComplete(trialId: number, outcome: TrialOutcome): void {
    this.ledger.complete(trialId, outcome);
  }

  /** How many of `n` reported trials count as good. */
  private goodCount(n: number): number {
    return this.gamma === undefined ? Math.min(Math.ceil(0.1 * n), 25) : Math.ceil(this.gamma * n);
  }

  /** One TPE suggestion from the reported trials (at least one). */
  private model(completed: readonly LedgerEntry[]): Params {
    const scored = completed.filter((e) => e.outcome?.status === 'ok' && Number.isFinite(e.outcome.loss));
    const lossOf = (e: LedgerEntry): number => (e.outcome?.status === 'ok' ? e.outcome.loss : Infinity);
    scored.sort((a, b) => lossOf(a) - lossOf(b) || a.order - b.order);
    const goodSet = new Set(scored.slice(0, Math.min(scored.length, this.goodCount(completed.length))));
    // Both groups stay in suggestion order: the weights favour recent observations.
    const good = completed.filter((e) => goodSet.has(e));
    const bad = completed.filter((e) => !goodSet.has(e));
    const goodWeights = observationWeights(good.length);
    const badWeights = observationWeights(bad.length);

    const params: Record<string, ParamValue> = {};
    for (const name of this.names) {
      const { domain } = this.space[name];
      if (domain.kind === 'choice') {
        const index = (e: LedgerEntry): number => domain.values.indexOf(e.params[name]);
        const k = domain.values.length;
        const l = fitCategoricalParzen(good.map(index), k, goodWeights, this.priorWeight);
        const g = fitCategoricalParzen(bad.map(index), k, badWeights, this.priorWeight);
        const cumulative = new Float64Array(k);
        let total = 0;
        for (let c = 0; c < k; c++) cumulative[c] = total += l[c];
        let best = -1;
        let bestScore = -Infinity;
        for (let s = 0; s < this.nCandidates; s++) {
          const c = pickCumulative(cumulative, this.rng.next());
          const score = Math.log(l[c]) - Math.log(g[c]);
          if (best < 0 || score > bestScore) [best, bestScore] = [c, score];
        }
        params[name] = domain.values[best];
      } else {
        const unit = (e: LedgerEntry): number => toUnit(domain, e.params[name]);
        const l = fitUnitParzen(good.map(unit), goodWeights, this.priorWeight);
        const g = fitUnitParzen(bad.map(unit), badWeights, this.priorWeight);
        let best = Number.NaN;
        let bestScore = -Infinity;
        for (let s = 0; s < this.nCandidates; s++) {
          const x = l.sample(this.rng);
          const score = l.logPdf(x) - g.logPdf(x);
          if (Number.isNaN(best) || score > bestScore) [best, bestScore] = [x, score];
        }
        params[name] = fromUnit(domain, best);
      }
    }
    return params;
  }
}
