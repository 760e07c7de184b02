import { Rng } from '../random';
import type { ParamValue, Params } from './domain';
import { gridValues, toUnit, validateSearchSpace } from './sampling';
import type { Searcher, SearcherOptions, TrialOutcome } from './searcher';
import { TrialLedger } from './trialLedger';

/** Grid search settings on top of the common ones. */
export interface GridSearcherOptions extends SearcherOptions {
  /** Values per numeric parameter, before `init` is added (default 3); choices use every value. */
  readonly pointsPerParam?: number;
  /** The most configurations a grid yields; a bigger grid is sampled (default 10,000). */
  readonly maxPoints?: number;
}

/** Default for `GridSearcherOptions.maxPoints`. */
export const DEFAULT_MAX_GRID_POINTS = 10_000;

/**
 * Grid search over `gridValues(domain, pointsPerParam)` for each parameter, with the parameter's
 * `init` added to its axis when it is not already on it (a grid value within floating-point
 * rounding of `init`, in the unit coordinate, is replaced by `init`).
 *
 * Order: each axis lists `init` first, then its other values ascending (choices: in the order
 * given); the Cartesian product is enumerated like an odometer, the last parameter turning
 * fastest. The first configuration is therefore every parameter at `init`. `suggest` returns
 * undefined once every configuration has been handed out.
 *
 * Huge grids: when the product exceeds `maxPoints`, enumerating it in odometer order would only
 * ever vary the last few parameters within any realistic budget. Instead the searcher yields the
 * all-`init` configuration and then `maxPoints − 1` further distinct grid configurations drawn
 * uniformly without replacement (seeded by `seed`; each coordinate drawn independently, repeats
 * rejected), and then reports exhaustion.
 *
 * Throws `RangeError` from the constructor for a malformed space or options.
 */
export class GridSearcher implements Searcher {
  private readonly names: readonly string[];
  private readonly axes: readonly (readonly ParamValue[])[];
  /** Configurations handed out so far (suggestions made). */
  private produced = 0;
  /** How many configurations this searcher yields in all. */
  readonly size: number;
  /** Whether the grid was too large to enumerate and is sampled instead. */
  readonly sampled: boolean;
  private readonly rng: Rng;
  private readonly seen = new Set<string>();
  private readonly ledger = new TrialLedger();

  constructor(options: GridSearcherOptions) {
    const { space, seed, pointsPerParam = 3, maxPoints = DEFAULT_MAX_GRID_POINTS } = options;
    validateSearchSpace(space);
    if (!Number.isInteger(pointsPerParam) || pointsPerParam < 1) throw new RangeError(`pointsPerParam must be a positive integer, got ${pointsPerParam}`);
    if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxPoints must be a positive integer, got ${maxPoints}`);
    this.names = Object.keys(space);
    this.axes = this.names.map((name) => {
      const { domain, init } = space[name];
      // A grid value within rounding of init (e.g. exp(ln 1e-4 / 2) for 1e-2) is init itself.
      const onInit = (v: ParamValue): boolean => v === init || (domain.kind !== 'choice' && Math.abs(toUnit(domain, v) - toUnit(domain, init)) < 1e-9);
      return [init, ...gridValues(domain, pointsPerParam).filter((v) => !onInit(v))];
    });
    const total = this.axes.reduce((product, axis) => product * axis.length, 1);
    this.sampled = total > maxPoints;
    this.size = this.sampled ? maxPoints : total;
    this.rng = new Rng(seed);
  }

  suggest(trialId: number): Params | undefined {
    this.ledger.checkNewId(trialId);
    if (this.produced >= this.size) return undefined;
    const indices = this.sampled && this.produced > 0 ? this.drawUnseen() : this.odometer(this.produced);
    if (this.sampled) this.seen.add(indices.join(','));
    this.produced++;
    const params: Record<string, ParamValue> = {};
    this.names.forEach((name, j) => (params[name] = this.axes[j][indices[j]]));
    this.ledger.add(trialId, params);
    return params;
  }

  onTrialComplete(trialId: number, outcome: TrialOutcome): void {
    this.ledger.complete(trialId, outcome);
  }

  /** Axis indices of the `k`-th configuration in odometer order (last parameter fastest). */
  private odometer(k: number): number[] {
    const indices = new Array<number>(this.axes.length);
    for (let j = this.axes.length - 1; j >= 0; j--) {
      const n = this.axes[j].length;
      indices[j] = k % n;
      k = Math.floor(k / n);
    }
    return indices;
  }

  /**
   * A uniformly drawn grid configuration not handed out yet. Only used when the grid holds more
   * than `size` configurations, so at least one is always left; the expected number of draws over
   * a whole run is at most about size × ln(size).
   */
  private drawUnseen(): number[] {
    for (;;) {
      const indices = this.axes.map((axis) => this.rng.int(axis.length));
      if (!this.seen.has(indices.join(','))) return indices;
    }
  }
}
