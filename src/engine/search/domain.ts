/**
 * Hyperparameter domains. Plain data, so a search space can be logged, sent to a worker and
 * stored in a run's spec.
 */
export type Domain =
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'logUniform'; readonly low: number; readonly high: number }
  | { readonly kind: 'int'; readonly low: number; readonly high: number }
  | { readonly kind: 'logInt'; readonly low: number; readonly high: number }
  | { readonly kind: 'choice'; readonly values: readonly (string | number | boolean)[] };

export type ParamValue = string | number | boolean;

/** Learner parameters: plain JSON, validated by the learner's `fit`. */
export type Params = Readonly<Record<string, ParamValue>>;

/** One tunable parameter: its domain, a good default, and a cheap starting value. */
export interface ParamSpace {
  readonly domain: Domain;
  /** A strong default (what a user gets without tuning). */
  readonly init: ParamValue;
  /** The cheapest sensible value, where a cost-aware search starts (defaults to `init`). */
  readonly lowCostInit?: ParamValue;
}

/** Tunable parameters by name; parameters not listed keep the learner's defaults. */
export type SearchSpace = Readonly<Record<string, ParamSpace>>;

/** Whether `value` lies in `domain`. */
export function inDomain(domain: Domain, value: ParamValue): boolean {
  switch (domain.kind) {
    case 'uniform':
    case 'logUniform':
      return typeof value === 'number' && value >= domain.low && value <= domain.high;
    case 'int':
    case 'logInt':
      return typeof value === 'number' && Number.isInteger(value) && value >= domain.low && value <= domain.high;
    case 'choice':
      return domain.values.includes(value);
  }
}
