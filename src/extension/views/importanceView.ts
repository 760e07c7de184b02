/**
 * The Feature Importance side view: mean |SHAP| per column of the model selected on a
 * leaderboard (the final model when a run finishes). A trial's importance is computed by the
 * engine on first selection, and kept in the run folder.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../../engine/errors';
import type { EngineHost } from '../../node/engineHost';
import { isImportanceToHost, type ImportanceToHost, type ImportanceToView, type ModelKey, type RunExplanations } from '../../protocol/webview';
import type { ModelSelection, SelectedModel } from '../modelSelection';
import { EXPLAIN_STEP_TEXT, explanationsOf } from '../panels/explanationsPanel';
import { ViewConnection } from '../panels/viewConnection';

const NOTHING_SELECTED = 'Run "AutoML this" on a CSV file, or select a model on a leaderboard: its feature importance shows here.';

/** The bars of a model's importance: mean |SHAP| per source column, largest first. */
export function importanceMessage(runName: string, model: ModelKey, label: string, explanations: RunExplanations): ImportanceToView {
  const space = explanations.outputSpace === 'value' ? 'value' : explanations.outputSpace;
  return {
    kind: 'importance/show',
    runName,
    model,
    modelLabel: label,
    measure: `mean |SHAP| (${space}${explanations.outputLabels.length > 1 ? ', summed over classes' : ''}) on ${explanations.sample.rows.length} rows`,
    bars: explanations.importance.map((entry) => ({ column: entry.column, value: entry.meanAbsShap })),
  };
}

export class ImportanceViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private connection: ViewConnection<ImportanceToView, ImportanceToHost> | undefined;
  private content: ImportanceToView = { kind: 'importance/empty', message: NOTHING_SELECTED };
  private shown: SelectedModel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The current view's connection and listeners. */
  private readonly viewDisposables: vscode.Disposable[] = [];
  /** Bumped per selection, so a slow trial explanation never overwrites a newer selection. */
  private generation = 0;
  /** Stops the computation for the selection before (a trial refitted and explained in the worker). */
  private computing: AbortController | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly host: EngineHost,
    selection: ModelSelection,
    private readonly openExplanations: (runDir: string, model: ModelKey) => void,
  ) {
    selection.onDidChange((selected) => void this.follow(selected), null, this.disposables);
    if (selection.selected !== undefined) void this.follow(selection.selected);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.releaseView();
    const connection = new ViewConnection<ImportanceToView, ImportanceToHost>(view.webview, {
      extensionUri: this.extensionUri,
      bundle: 'importance',
      title: 'Feature Importance',
      isToHost: isImportanceToHost,
      snapshot: () => [this.content],
      receive: (message) => {
        if (message.kind === 'explanations/open' && this.shown?.runDir !== undefined) this.openExplanations(this.shown.runDir, message.model);
      },
      output: this.output,
    });
    this.connection = connection;
    this.viewDisposables.push(
      connection,
      view.onDidChangeVisibility(() => { if (!view.visible) connection.hidden(); }),
      view.onDidDispose(() => this.releaseView()),
    );
  }

  /** Drops the current view's connection and listeners (it was disposed, or a new one replaces it). */
  private releaseView(): void {
    this.connection = undefined;
    for (const disposable of this.viewDisposables.splice(0)) disposable.dispose();
  }

  dispose(): void {
    this.computing?.abort();
    this.releaseView();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async follow(selected: SelectedModel | undefined): Promise<void> {
    const generation = ++this.generation;
    // Clicking through the leaderboard must not queue one refit per trial passed over.
    this.computing?.abort();
    const computing = (this.computing = new AbortController());
    this.shown = selected;
    if (selected === undefined) return this.set({ kind: 'importance/empty', message: NOTHING_SELECTED });
    if (selected.runDir === undefined) {
      return this.set({ kind: 'importance/empty', message: `${selected.label}: its importance is computed when the run finishes.` });
    }
    const runName = selected.runDir.split(/[\\/]/).pop() ?? '';
    const computingText = `Computing the importance of ${selected.label}…`;
    if (selected.model !== 'final') this.set({ kind: 'importance/empty', message: computingText });
    try {
      const { explanations, label } = await explanationsOf(this.host, selected.runDir, selected.model, computing.signal, (step, fraction) => {
        if (generation === this.generation) this.set({ kind: 'importance/empty', message: `${computingText} ${EXPLAIN_STEP_TEXT[step]} (${Math.round(100 * fraction)}%)` });
      });
      if (generation === this.generation) this.set(importanceMessage(runName, selected.model, label, explanations));
    } catch (error) {
      if (error instanceof CancelledError && generation !== this.generation) return;
      const message = error instanceof Error ? error.message : String(error);
      this.output.warn(`Feature importance of ${selected.label}: ${message}`);
      if (generation === this.generation) this.set({ kind: 'importance/empty', message: `${selected.label}: ${message}` });
    }
  }

  private set(content: ImportanceToView): void {
    this.content = content;
    this.connection?.post(content);
  }
}
