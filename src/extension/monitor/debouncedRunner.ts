/**
 * Runs an async job a quiet moment after the last poke, never two at once: pokes while it runs
 * start one more round after it ends. A watched log folder re-checks this way (a service appends
 * a line per prediction; one check per burst is enough). Free of `vscode` (unit-tested).
 */
export class DebouncedRunner {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private disposed = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Something changed: run `delayMs` after the last poke (or after the running job ends). */
  poke(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.delayMs);
  }

  /** Whether a run is waiting or under way. */
  get busy(): boolean {
    return this.running || this.timer !== undefined;
  }

  /** Stops the timer; a running job finishes, and nothing runs after it. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.running = true;
    this.job()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }
}
