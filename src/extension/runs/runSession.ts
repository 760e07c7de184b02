/**
 * The live state of one AutoML run started from the editor: what the Leaderboard panel, the
 * progress notification and the status bar show while the engine works. It folds the engine's
 * {@link RunEvent}s into a board and tells its listeners what changed, so a panel opened (or
 * rebuilt) mid-run gets the whole board and then only the news.
 *
 * Free of `vscode`, so unit tests feed it events under plain Node.
 */
import type { RunEvent } from '../../engine/automl/events';
import { getMetric } from '../../engine/validate/metrics';
import type {
  EnsembleRecord,
  FeaturesFile,
  FinalModel,
  LeaderboardShowMessage,
  LeaderboardToView,
  RunInfo,
  RunPlan,
  RunReport,
  RunStatus,
  TrialRecord,
} from '../../protocol/webview';

/** What changed, as the message a Leaderboard view needs to catch up. */
export type SessionListener = (update: LeaderboardToView) => void;

/** Words for the end phases, for the status line and the progress notification. */
const PHASE_TEXT = {
  features: 'Selecting and engineering features',
  search: 'Searching',
  ensemble: 'Building the ensemble',
  refit: 'Refitting the final model on all rows',
  explain: 'Explaining the final model',
  robustness: 'Testing robustness',
} as const;

export class RunSession {
  status: RunStatus = 'running';
  statusText = 'Reading the file';
  plan: RunPlan | undefined;
  readonly trials: TrialRecord[] = [];
  ensemble: EnsembleRecord | undefined;
  final: FinalModel | undefined;
  /** The run's feature decisions, known once its folder is written (see {@link RunReport}). */
  features: RunReport<FeaturesFile>;
  elapsedMs = 0;
  remainingMs: number | undefined;
  /** The best trial so far (by the run's own ranking). */
  best: { readonly id: number; readonly score: number } | undefined;
  private readonly listeners = new Set<SessionListener>();
  /** When the session last heard from the engine (`performance.now()`), so elapsed time can tick between events. */
  private heardAt = performance.now();

  constructor(public run: RunInfo) {}

  /** Listens to changes until the returned function is called. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the run still works (a Cancel makes sense). */
  get live(): boolean {
    return this.status === 'running' || this.status === 'finishing';
  }

  /** The metric's short label ("AUC", "RMSE"), once the run has planned. */
  get metricLabel(): string {
    return this.plan === undefined ? '' : getMetric(this.plan.metric).label;
  }

  /** Elapsed time now, counting on from the last event while the run is live. */
  elapsedNow(): number {
    return this.live ? this.elapsedMs + (performance.now() - this.heardAt) : this.elapsedMs;
  }

  /** Remaining budget now, or undefined when the run has no time budget. */
  remainingNow(): number | undefined {
    if (this.remainingMs === undefined) return undefined;
    return Math.max(0, this.remainingMs - (this.live ? performance.now() - this.heardAt : 0));
  }

  /** The whole board, for a view that just said `ready`. */
  snapshot(selected?: LeaderboardShowMessage['selected']): LeaderboardShowMessage {
    return {
      kind: 'leaderboard/show',
      run: this.run,
      plan: this.plan,
      status: this.status,
      statusText: this.statusText,
      trials: this.trials,
      ensemble: this.ensemble,
      final: this.final,
      elapsedMs: this.elapsedNow(),
      remainingMs: this.remainingNow(),
      selected,
      features: this.features,
    };
  }

  /** Folds one engine event into the board. */
  apply(event: RunEvent): void {
    switch (event.kind) {
      case 'profile':
      case 'features':
      case 'log':
      case 'trialStarted':
        return;
      case 'started':
        this.plan = event.plan;
        this.remainingMs = Number.isFinite(event.plan.budgetMs) ? event.plan.budgetMs : undefined;
        this.setStatus('running', PHASE_TEXT.search);
        return;
      case 'trialCompleted':
        this.trials.push(event.trial);
        this.best = event.bestId === undefined || event.bestScore === undefined ? this.best : { id: event.bestId, score: event.bestScore };
        this.tick(event.elapsedMs, Number.isFinite(event.remainingMs) ? event.remainingMs : undefined);
        this.emit({ kind: 'leaderboard/trials', trials: [event.trial], elapsedMs: this.elapsedMs, remainingMs: this.remainingMs });
        return;
      case 'phase':
        this.tick(event.elapsedMs, this.remainingAt(event.elapsedMs));
        this.setStatus(event.phase === 'search' || event.phase === 'features' ? 'running' : 'finishing', PHASE_TEXT[event.phase]);
        return;
      case 'done':
        this.tick(event.elapsedMs, undefined);
        this.statusText = event.cancelled
          ? `Cancelled after ${event.trials} trials; final model ${event.model}`
          : `Done: ${event.trials} trials; final model ${event.model}`;
        this.status = event.cancelled ? 'cancelled' : 'done';
        return;
      default: {
        const unknown: never = event;
        throw new TypeError(`Unexpected run event ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** The run folder is written: the board now names it and shows the final model. */
  finished(run: RunInfo, outcome: { ensemble?: EnsembleRecord; final: FinalModel; cancelled: boolean }): void {
    this.run = run;
    this.ensemble = outcome.ensemble;
    this.final = outcome.final;
    this.status = outcome.cancelled ? 'cancelled' : 'done';
    this.emit(this.snapshot());
  }

  /**
   * The run folder's `features.json` was read (`null`: it has none). Called before
   * {@link finished}, so a board never says the run is done without knowing its features.
   */
  setFeatures(features: FeaturesFile | null): void {
    this.features = features;
    this.emit({ kind: 'leaderboard/features', features });
  }

  /** The run failed or was cancelled before any trial finished. */
  failed(status: 'failed' | 'cancelled', text: string): void {
    this.status = status;
    this.statusText = text;
    this.remainingMs = undefined;
    this.emitStatus();
  }

  private remainingAt(elapsedMs: number): number | undefined {
    if (this.plan === undefined || !Number.isFinite(this.plan.budgetMs)) return undefined;
    return Math.max(0, this.plan.budgetMs - elapsedMs);
  }

  private tick(elapsedMs: number, remainingMs: number | undefined): void {
    this.elapsedMs = elapsedMs;
    this.remainingMs = remainingMs;
    this.heardAt = performance.now();
  }

  private setStatus(status: RunStatus, text: string): void {
    this.status = status;
    this.statusText = text;
    this.emitStatus();
  }

  private emitStatus(): void {
    this.emit({
      kind: 'leaderboard/status',
      status: this.status,
      statusText: this.statusText,
      plan: this.plan,
      ensemble: this.ensemble,
      final: this.final,
      elapsedMs: this.elapsedNow(),
      remainingMs: this.remainingNow(),
    });
  }

  private emit(update: LeaderboardToView): void {
    for (const listener of [...this.listeners]) listener(update);
  }
}
