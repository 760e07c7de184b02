import * as vscode from 'vscode';
import type { ModelKey } from '../protocol/webview';

/** A model of a run, as the explanation views follow it. */
export interface SelectedModel {
  /** The run folder, or `undefined` while the run is still live (its folder is not written yet). */
  readonly runDir: string | undefined;
  /** The live run's session id, to match a live board. */
  readonly sessionId?: number;
  readonly model: ModelKey;
  /** How the model reads ("gbdt · trial 12", "final: ensemble of 3"). */
  readonly label: string;
}

/**
 * The one model the Feature Importance view and the "Explain selected" commands follow. The
 * Leaderboard sets it (row selection), a finished run sets it to its final model.
 */
export class ModelSelection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SelectedModel | undefined>();
  readonly onDidChange = this.changed.event;
  private current: SelectedModel | undefined;

  get selected(): SelectedModel | undefined {
    return this.current;
  }

  select(selection: SelectedModel | undefined): void {
    const same =
      selection !== undefined &&
      this.current !== undefined &&
      selection.runDir === this.current.runDir &&
      selection.sessionId === this.current.sessionId &&
      selection.model === this.current.model;
    this.current = selection;
    if (!same) this.changed.fire(selection);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
