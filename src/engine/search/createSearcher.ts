import { GridSearcher, type GridSearcherOptions } from './gridSearcher';
import { RandomSearcher } from './randomSearcher';
import type { Searcher, SearcherKind, SearcherOptions } from './searcher';
import { TpeSearcher, type TpeSearcherOptions } from './tpeSearcher';

/** Options for any searcher: the common ones plus each kind's own, ignored by the other kinds. */
export type AnySearcherOptions = SearcherOptions &
  Partial<Omit<GridSearcherOptions, keyof SearcherOptions>> &
  Partial<Omit<TpeSearcherOptions, keyof SearcherOptions>>;

/**
 * The searcher of `kind`: `'grid'` → `GridSearcher`, `'random'` → `RandomSearcher`,
 * `'bayesian'` → `TpeSearcher`. Throws `RangeError` for an unknown kind (a value from untyped
 * input) or a malformed space.
 */
export function createSearcher(kind: SearcherKind, options: AnySearcherOptions): Searcher {
  switch (kind) {
    case 'grid':
      return new GridSearcher(options);
    case 'random':
      return new RandomSearcher(options);
    case 'bayesian':
      return new TpeSearcher(options);
    default: {
      const unknown: never = kind;
      throw new RangeError(`unknown searcher kind '${String(unknown)}'; known: grid, random, bayesian`);
    }
  }
}
