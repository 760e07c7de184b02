/**
 * The Leaderboard view: renders `leaderboard/*` messages into `root`, live while a run searches,
 * and keeps its UI state (sort, selected model, open feature details, run folder) with
 * `setState`, so hiding the panel or reloading the window brings the same view back.
 *
 * A show message builds the page once; later messages update it in place: new trials are
 * inserted into the sorted board, the table re-renders its visible window only, the header
 * rewrites a few texts, and the chart redraws at most every 250 ms.
 *
 * No top-level side effects and no globals besides `document`: the entry point (`index.ts`)
 * wires it to the page, and unit tests drive it under a test DOM with stub host, chart and clock.
 */
import type {
  EnsembleRecord,
  FeaturesFile,
  FinalModel,
  LeaderboardPanelState,
  LeaderboardShowMessage,
  LeaderboardSortKey,
  LeaderboardToHost,
  LeaderboardToView,
  ModelKey,
  RunPlan,
  RunReport,
  RunStatus,
} from '../../src/protocol/webview';
import { h, replaceChildren } from '../shared/dom';
import { unreachable } from '../shared/unreachable';
import type { VsCodeApi } from '../shared/vscodeApi';
import { BoardHeader } from './boardHeader';
import { Board, DEFAULT_SORT, nextSort, pinnedRows, type LeaderboardSort } from './leaderboardModel';
import { LeaderboardTable } from './leaderboardTable';
import { isLive } from './runLabels';
import { membersLabel } from './rowText';
import { browserScheduler, type Scheduler } from './scheduler';
import { ScoreChart } from './scoreChart';
import type { ScoreChartRenderer } from './scoreChartSpec';

const SORT_KEYS: readonly LeaderboardSortKey[] = ['rank', 'learner', 'score', 'std', 'fit', 'finished'];

/** The UI part of {@link LeaderboardPanelState}. */
interface UiState {
  sort: LeaderboardSort;
  selected: ModelKey | undefined;
  featuresOpen: boolean;
}

/**
 * Reads what an earlier view stored, keeping each field that is still valid (state written by an
 * older version of the view must not break the panel).
 */
export function restoreState(stored: unknown): { runDir?: string } & UiState {
  const state: { runDir?: string } & UiState = { sort: DEFAULT_SORT, selected: undefined, featuresOpen: false };
  if (typeof stored !== 'object' || stored === null) return state;
  const { runDir, sort, selected, featuresOpen } = stored as Partial<Record<keyof LeaderboardPanelState, unknown>>;
  if (typeof runDir === 'string') state.runDir = runDir;
  if (featuresOpen === true) state.featuresOpen = true;
  if (selected === 'final' || (typeof selected === 'number' && Number.isSafeInteger(selected) && selected >= 0)) state.selected = selected;
  if (typeof sort === 'object' && sort !== null) {
    const { key, direction } = sort as Record<string, unknown>;
    const validKey = SORT_KEYS.find((k) => k === key);
    if (validKey !== undefined && (direction === 'asc' || direction === 'desc')) state.sort = { key: validKey, direction };
  }
  return state;
}

/** What the run is doing, as the last message said, and when that message arrived (for the clock). */
interface RunState {
  status: RunStatus;
  plan: RunPlan | undefined;
  ensemble: EnsembleRecord | undefined;
  final: FinalModel | undefined;
  features: RunReport<FeaturesFile>;
  elapsedMs: number;
  remainingMs: number | undefined;
  receivedAt: number;
}

export interface LeaderboardViewOptions {
  /** Clock and timer; the browser's by default. */
  readonly scheduler?: Scheduler;
}

export class LeaderboardView {
  private readonly board: Board;
  private readonly header: BoardHeader;
  private readonly table: LeaderboardTable;
  private readonly chart: ScoreChart;
  private readonly scheduler: Scheduler;
  private run: RunState | undefined;
  private ui: UiState;
  private storedRunDir: string | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi<LeaderboardToHost, LeaderboardPanelState>,
    charts: ScoreChartRenderer,
    options: LeaderboardViewOptions = {},
  ) {
    const { runDir, ...ui } = restoreState(api.getState());
    this.storedRunDir = runDir;
    this.ui = ui;
    this.scheduler = options.scheduler ?? browserScheduler;
    this.board = new Board(ui.sort);
    this.header = new BoardHeader({
      onCancel: () => this.post({ kind: 'run/cancel' }),
      onExplain: () => {
        if (this.ui.selected !== undefined) this.post({ kind: 'explanations/open', model: this.ui.selected });
      },
      onExport: () => {
        if (this.ui.selected !== undefined) this.post({ kind: 'model/export', model: this.ui.selected });
      },
      onSaveSpec: () => this.post({ kind: 'run/saveSpec' }),
      onFeaturesToggled: (open) => {
        this.ui.featuresOpen = open;
        this.saveState();
      },
    }, ui.featuresOpen);
    this.table = new LeaderboardTable(this.board, {
      onSelect: (model) => this.select(model),
      onSortRequested: (key) => this.sortBy(key),
    });
    this.chart = new ScoreChart(charts, this.scheduler);
    replaceChildren(root, h('p', { class: 'muted loading' }, 'Loading leaderboard…'));
  }

  /** Handles one message from the host. */
  receive(message: LeaderboardToView): void {
    switch (message.kind) {
      case 'leaderboard/show':
        this.show(message);
        return;
      case 'leaderboard/trials': {
        const run = this.run;
        // The host always shows a board before it streams trials into it.
        if (run === undefined) return;
        this.board.append(message.trials);
        this.setClock(run, message.elapsedMs, message.remainingMs);
        this.table.refresh();
        this.updateProgress();
        this.chart.update(this.board.trials, run.plan);
        return;
      }
      case 'leaderboard/status': {
        const run = this.run;
        if (run === undefined) return;
        const planChanged = message.plan !== undefined && message.plan !== run.plan;
        run.status = message.status;
        if (message.plan !== undefined) run.plan = message.plan;
        if (message.ensemble !== undefined) run.ensemble = message.ensemble;
        if (message.final !== undefined) run.final = message.final;
        if (run.plan !== undefined) this.board.setHigherIsBetter(run.plan.higherIsBetter);
        this.header.setStatus(message.status, message.statusText);
        this.header.setPlan(run.plan);
        // What is said of unknown features depends on whether the run is still going.
        this.header.setFeatures(run.features, run.status);
        this.setClock(run, message.elapsedMs, message.remainingMs);
        this.updateTable();
        this.updateProgress();
        if (planChanged) this.chart.update(this.board.trials, run.plan);
        return;
      }
      case 'leaderboard/select':
        this.setSelected(message.selected, true);
        return;
      case 'leaderboard/features': {
        const run = this.run;
        if (run === undefined) return;
        run.features = message.features;
        this.header.setFeatures(run.features, run.status);
        return;
      }
      default:
        unreachable(message);
    }
  }

  /** Trial ids in table order (pinned rows excluded); for tests and diagnostics. */
  get trialOrder(): number[] {
    return this.board.order.map((index) => this.board.trials[index].id);
  }

  /** Body rows the table has in the DOM (it virtualises long boards). */
  get renderedRowCount(): number {
    return this.table.renderedRowCount;
  }

  get selected(): ModelKey | undefined {
    return this.ui.selected;
  }

  /**
   * Selects a model (as a click on its row does) and tells the host, even when it was selected
   * already: Enter on the selected row is how a user says "this one" again.
   */
  select(model: ModelKey): void {
    if (this.run === undefined) return;
    this.setSelected(model, true);
    this.post({ kind: 'model/select', model });
  }

  /** Sorts by `key` (as a click on its header does: the same key again flips the direction). */
  sortBy(key: LeaderboardSortKey): void {
    this.ui.sort = nextSort(this.ui.sort, key, this.board.higherIsBetter);
    this.board.setSort(this.ui.sort);
    this.table.setSort(this.ui.sort);
    this.table.refresh();
    this.saveState();
  }

  /**
   * Moves the clock on between host messages while the run is live (the host reports time only
   * when something happens); the entry point calls this every second.
   */
  tick(): void {
    const run = this.run;
    if (run === undefined || !isLive(run.status)) return;
    const passed = Math.max(0, this.scheduler.now() - run.receivedAt);
    this.header.setClock(run.elapsedMs + passed, run.remainingMs === undefined ? undefined : Math.max(0, run.remainingMs - passed));
  }

  private show(message: LeaderboardShowMessage): void {
    // Another run than the stored state was about: its sort and selection do not apply.
    if (this.storedRunDir !== undefined && this.storedRunDir !== message.run.runDir) {
      // Whether the feature details are open is a preference, not about the run.
      this.ui = { sort: DEFAULT_SORT, selected: undefined, featuresOpen: this.ui.featuresOpen };
    }
    this.storedRunDir = message.run.runDir;
    if (message.selected !== undefined) this.ui.selected = message.selected;
    const { plan } = message;
    this.run = {
      status: message.status,
      plan,
      ensemble: message.ensemble,
      final: message.final,
      features: message.features,
      elapsedMs: message.elapsedMs,
      remainingMs: message.remainingMs,
      receivedAt: this.scheduler.now(),
    };
    this.board.reset(message.trials, plan?.higherIsBetter ?? true, this.ui.sort);

    this.header.setRun(message.run);
    this.header.setStatus(message.status, message.statusText);
    this.header.setPlan(plan);
    this.header.setFeatures(message.features, message.status);
    this.header.setClock(message.elapsedMs, message.remainingMs);
    this.chart.clear();
    replaceChildren(this.root,
      this.header.element,
      this.chart.element,
      h('section', { class: 'board', attrs: { 'aria-label': 'Trials' } }, this.table.element),
    );
    this.table.setSort(this.ui.sort);
    this.updateTable();
    this.setSelected(this.ui.selected, true);
    this.updateProgress();
    this.chart.update(this.board.trials, plan);
    this.chart.flush();
  }

  private setClock(run: RunState, elapsedMs: number, remainingMs: number | undefined): void {
    run.elapsedMs = elapsedMs;
    run.remainingMs = remainingMs;
    run.receivedAt = this.scheduler.now();
    this.header.setClock(elapsedMs, remainingMs);
  }

  private updateTable(): void {
    const run = this.run;
    if (run === undefined) return;
    const emptyText = isLive(run.status) ? 'No trial has finished yet.' : 'This run has no trials.';
    this.table.setContent(pinnedRows(run.ensemble, run.final), run.plan, emptyText);
    this.header.setSelected(this.modelLabel(this.ui.selected), this.exportable(this.ui.selected));
  }

  private updateProgress(): void {
    const trials = this.board.trials;
    let incomplete = 0;
    for (const trial of trials) if (trial.status !== 'ok') incomplete++;
    this.header.setProgress(this.board.bestTrial, trials.length, incomplete, this.run?.plan);
  }

  private setSelected(model: ModelKey | undefined, reveal: boolean): void {
    this.ui.selected = model;
    this.table.setSelected(model, reveal);
    this.header.setSelected(this.modelLabel(model), this.exportable(model));
    this.saveState();
  }

  /** Whether `model` exists to be exported: the final model once there is one, or a trial that completed. */
  private exportable(model: ModelKey | undefined): boolean {
    if (model === undefined || this.run === undefined) return false;
    if (model === 'final') return this.run.final !== undefined;
    const index = this.board.indexOfId(model);
    return index >= 0 && this.board.trials[index].status === 'ok';
  }

  /** How a model reads in the Explain button's tooltip, or undefined when there is nothing to explain. */
  private modelLabel(model: ModelKey | undefined): string | undefined {
    if (model === undefined || this.run === undefined) return undefined;
    if (model === 'final') {
      const { ensemble, final } = this.run;
      if (ensemble?.chosen === true) return `the final model (ensemble: ${membersLabel(ensemble.members)})`;
      return final === undefined ? 'the final model' : `the final model (${final.description})`;
    }
    const index = this.board.indexOfId(model);
    return index < 0 ? `trial #${model}` : `${this.board.trials[index].learner} #${model}`;
  }

  private saveState(): void {
    if (this.storedRunDir === undefined) return;
    this.api.setState({
      version: 1,
      runDir: this.storedRunDir,
      sort: this.ui.sort,
      ...(this.ui.selected === undefined ? {} : { selected: this.ui.selected }),
      ...(this.ui.featuresOpen ? { featuresOpen: true } : {}),
    });
  }

  private post(message: LeaderboardToHost): void {
    this.api.postMessage(message);
  }
}
