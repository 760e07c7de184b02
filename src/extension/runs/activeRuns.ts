import type { RunSession } from './runSession';

/** A run the engine is working on, and how to stop it. */
export interface ActiveRun {
  readonly id: number;
  readonly session: RunSession;
  readonly abort: AbortController;
}

/** The runs in flight, for the Cancel command, the status bar item and the leaderboard's Cancel button. */
export class ActiveRuns {
  private readonly runs = new Map<number, ActiveRun>();
  private nextId = 1;

  add(session: RunSession): ActiveRun {
    const run: ActiveRun = { id: this.nextId++, session, abort: new AbortController() };
    this.runs.set(run.id, run);
    return run;
  }

  remove(id: number): void {
    this.runs.delete(id);
  }

  get(id: number): ActiveRun | undefined {
    return this.runs.get(id);
  }

  /** The most recently started run still in flight. */
  latest(): ActiveRun | undefined {
    return [...this.runs.values()].at(-1);
  }

  get size(): number {
    return this.runs.size;
  }

  /** Stops run `id` (every run when absent); each keeps what finished. Returns how many were told. */
  cancel(id?: number): number {
    const targets = id === undefined ? [...this.runs.values()] : [this.runs.get(id)].filter((r): r is ActiveRun => r !== undefined);
    for (const run of targets) if (!run.abort.signal.aborted) run.abort.abort();
    return targets.length;
  }
}
