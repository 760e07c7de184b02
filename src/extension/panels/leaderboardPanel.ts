/**
 * The Leaderboard panel: one per run. A live run's panel follows its {@link RunSession} (whole
 * board on `ready`, then each finished trial and status change, and its feature decisions at
 * the end); a finished run's panel reads `leaderboard.json` and `features.json`. After a window reload the serializer reopens finished runs from the run
 * folder the view kept in its state (a live run does not survive a reload: the engine stops too).
 */
import * as vscode from 'vscode';
import {
  LEADERBOARD_VIEW_TYPE,
  isLeaderboardPanelState,
  isLeaderboardToHost,
  type LeaderboardShowMessage,
  type LeaderboardToHost,
  type LeaderboardToView,
  type ModelKey,
} from '../../protocol/webview';
import { assertNever } from '../../protocol/worker';
import type { ModelSelection } from '../modelSelection';
import { loadFeatures, loadLeaderboard, reportForPanel } from '../runs/savedRuns';
import type { RunSession } from '../runs/runSession';
import { modelLabel } from './modelLabel';
import { HostedPanel } from './hostedPanel';

/** What the panel asks the rest of the extension to do. */
export interface LeaderboardActions {
  openExplanations(runDir: string | undefined, model: ModelKey): void;
  /** The Export button: `runDir` is undefined while the run is live (nothing to export yet). */
  exportModel(runDir: string | undefined, model: ModelKey): void;
  /** The Save as Spec button: `runDir` is undefined while the run is live. */
  saveSpec(runDir: string | undefined): void;
  cancel(sessionId: number): void;
}

type Source =
  | { readonly kind: 'live'; readonly id: number; readonly session: RunSession }
  | { readonly kind: 'saved'; readonly board: LeaderboardShowMessage }
  | { readonly kind: 'unavailable'; readonly runDir: string; readonly message: string };

export class LeaderboardPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Set<LeaderboardPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly selection: ModelSelection,
    private readonly actions: LeaderboardActions,
  ) {}

  /** Opens (or reveals) the board of a live run. */
  showSession(id: number, session: RunSession): void {
    const existing = [...this.panels].find((p) => p.isSession(id));
    if (existing !== undefined) return existing.reveal();
    this.open(`Leaderboard: ${fileName(session.run.file)}`).setSource({ kind: 'live', id, session });
  }

  /** Opens (or reveals) the board of a finished run. */
  async showRun(runDir: string): Promise<void> {
    const existing = [...this.panels].find((p) => p.runDir === runDir);
    if (existing !== undefined) return existing.reveal();
    const board = await this.loadBoard(runDir);
    this.open(`Leaderboard: ${fileName(board.run.file)}`).setSource({ kind: 'saved', board });
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const panel = this.track(webviewPanel);
    if (!isLeaderboardPanelState(state)) {
      panel.setSource({ kind: 'unavailable', runDir: '', message: 'This panel did not keep which run it showed. Open the run from the AutoML Runs view.' });
      return;
    }
    try {
      panel.setSource({ kind: 'saved', board: await this.loadBoard(state.runDir, state.selected) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.warn(`Could not restore the leaderboard of ${state.runDir}: ${message}`);
      panel.setSource({ kind: 'unavailable', runDir: state.runDir, message });
    }
  }

  /** Closes the boards of a deleted run folder. */
  closeRun(runDir: string): void {
    for (const panel of this.panels) if (panel.runDir === runDir) panel.close();
  }

  dispose(): void {
    for (const panel of this.panels) panel.detach();
    this.panels.clear();
  }

  /** A finished run's board with its feature decisions (a damaged features.json is logged, not fatal). */
  private async loadBoard(runDir: string, selected?: ModelKey): Promise<LeaderboardShowMessage> {
    const board = await loadLeaderboard(runDir, selected);
    const features = await reportForPanel(loadFeatures, runDir, (message) => this.output.warn(message));
    return { ...board, features };
  }

  private open(title: string): LeaderboardPanel {
    const panel = vscode.window.createWebviewPanel(LEADERBOARD_VIEW_TYPE, title, vscode.ViewColumn.Active, { enableScripts: true });
    return this.track(panel);
  }

  private track(webviewPanel: vscode.WebviewPanel): LeaderboardPanel {
    const panel = new LeaderboardPanel(webviewPanel, this.extensionUri, this.output, this.selection, this.actions, () => this.panels.delete(panel));
    this.panels.add(panel);
    return panel;
  }
}

class LeaderboardPanel extends HostedPanel<LeaderboardToView, LeaderboardToHost> {
  private source: Source | undefined;
  private unsubscribe: (() => void) | undefined;
  private selected: ModelKey | undefined;

  constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    output: vscode.LogOutputChannel,
    private readonly selection: ModelSelection,
    private readonly actions: LeaderboardActions,
    closed: () => void,
  ) {
    super(panel, { extensionUri, output, bundle: 'leaderboard', title: 'Leaderboard', isToHost: isLeaderboardToHost, closed });
    // A selection made elsewhere (a finished run selecting its final model) moves the highlight.
    selection.onDidChange((selected) => {
      if (selected === undefined || !this.shows(selected.runDir, selected.sessionId) || selected.model === this.selected) return;
      this.selected = selected.model;
      this.connection.post({ kind: 'leaderboard/select', selected: selected.model });
    }, null, this.disposables);
  }

  get runDir(): string | undefined {
    const source = this.source;
    if (source === undefined) return undefined;
    if (source.kind === 'live') return source.session.live ? undefined : source.session.run.runDir || undefined;
    return source.kind === 'saved' ? source.board.run.runDir : source.runDir;
  }

  isSession(id: number): boolean {
    return this.source?.kind === 'live' && this.source.id === id;
  }

  setSource(source: Source): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.source = source;
    if (source.kind === 'live') {
      this.unsubscribe = source.session.subscribe((update) => this.connection.post(update));
    } else if (source.kind === 'saved') {
      this.selected = source.board.selected;
    }
    void this.connection.refresh();
  }

  protected override stopWork(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private shows(runDir: string | undefined, sessionId: number | undefined): boolean {
    const source = this.source;
    if (source?.kind === 'live') return sessionId === source.id || (runDir !== undefined && runDir === this.runDir);
    return runDir !== undefined && runDir === this.runDir;
  }

  protected snapshot(): LeaderboardToView[] {
    const source = this.source;
    if (source === undefined) return [];
    switch (source.kind) {
      case 'live':
        return [source.session.snapshot(this.selected)];
      case 'saved':
        return [{ ...source.board, selected: this.selected }];
      case 'unavailable':
        return [{
          kind: 'leaderboard/show',
          run: { runDir: source.runDir, name: '', file: '', createdAt: '' },
          status: 'failed',
          statusText: source.message,
          trials: [],
          elapsedMs: 0,
        }];
      default:
        return assertNever(source, 'leaderboard source');
    }
  }

  protected receive(message: Exclude<LeaderboardToHost, { kind: 'ready' }>): void {
    const source = this.source;
    switch (message.kind) {
      case 'model/select': {
        this.selected = message.model;
        if (source === undefined || source.kind === 'unavailable') return;
        const board = source.kind === 'live' ? source.session.snapshot() : source.board;
        this.selection.select({
          runDir: this.runDir,
          sessionId: source.kind === 'live' ? source.id : undefined,
          model: message.model,
          label: modelLabel(board, message.model),
        });
        return;
      }
      case 'explanations/open':
        this.actions.openExplanations(this.runDir, message.model);
        return;
      case 'model/export':
        this.actions.exportModel(this.runDir, message.model);
        return;
      case 'run/cancel':
        if (source?.kind === 'live') this.actions.cancel(source.id);
        return;
      case 'run/saveSpec':
        this.actions.saveSpec(this.runDir);
        return;
      default:
        assertNever(message, 'leaderboard message');
    }
  }
}

function fileName(file: string): string {
  return file.split(/[\\/]/).pop() || file || 'run';
}
