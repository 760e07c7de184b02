import { CancelledError } from '../../errors';
import type { FitContext } from '../types';

/** Per-iteration callbacks for the linear solvers: cancellation before, progress after. */
export interface IterationHooks {
  readonly beforeIteration: () => void;
  readonly afterIteration: (done: number) => void;
  /** Checks cancellation once more (progress callbacks may abort during the last iteration), then reports completion. */
  readonly finish: () => void;
}

/**
 * Hooks that throw `CancelledError` at the start of an iteration once `ctx.signal` is aborted and
 * report `done / maxIter` as progress (solvers that converge early jump to 1 in `finish`).
 */
export function iterationHooks(ctx: FitContext, maxIter: number, learner: string): IterationHooks {
  const throwIfAborted = (): void => {
    if (ctx.signal?.aborted) throw new CancelledError(`${learner} training was cancelled`);
  };
  return {
    beforeIteration: throwIfAborted,
    afterIteration: (done) => ctx.onProgress?.(Math.min(1, done / maxIter)),
    finish: () => {
      throwIfAborted();
      ctx.onProgress?.(1);
    },
  };
}
