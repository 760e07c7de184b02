/**
 * Time as the Leaderboard view sees it: a clock and a way to run something later. The page uses
 * {@link browserScheduler}; unit tests pass a manual one, so throttled redraws and the ticking
 * run clock are tested without waiting.
 */
export interface Scheduler {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Runs `callback` once, no sooner than `delayMs` from now. */
  later(callback: () => void, delayMs: number): void;
}

/** `performance.now` and a timeout that lands on an animation frame (nothing is drawn in between). */
export const browserScheduler: Scheduler = {
  now: () => performance.now(),
  later: (callback, delayMs) => {
    setTimeout(() => requestAnimationFrame(() => callback()), delayMs);
  },
};
