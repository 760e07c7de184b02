/**
 * What every run panel (Leaderboard, Explanations) does the same way: its view connection, the
 * icon, forgetting a view hidden (it is torn down and says `ready` again), and closing. A panel
 * supplies its content (`snapshot`) and handles its view's messages (`receive`).
 */
import * as vscode from 'vscode';
import type { ReadyMessage } from '../../protocol/webview';
import { ViewConnection } from './viewConnection';

export interface HostedPanelOptions<ToHost> {
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.LogOutputChannel;
  /** The bundle in `dist/webview/` and the page title. */
  readonly bundle: string;
  readonly title: string;
  readonly isToHost: (value: unknown) => value is ToHost;
  /** Called once the user closed the panel (after its listeners are dropped). */
  readonly closed: () => void;
}

export abstract class HostedPanel<ToView extends { readonly kind: string }, ToHost extends { readonly kind: string }> {
  protected readonly connection: ViewConnection<ToView, ToHost>;
  protected readonly disposables: vscode.Disposable[] = [];

  constructor(
    protected readonly panel: vscode.WebviewPanel,
    options: HostedPanelOptions<ToHost>,
  ) {
    this.connection = new ViewConnection(panel.webview, {
      extensionUri: options.extensionUri,
      bundle: options.bundle,
      title: options.title,
      isToHost: options.isToHost,
      snapshot: () => this.snapshot(),
      receive: (message) => this.receive(message),
      output: options.output,
    });
    panel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'icon.png');
    panel.onDidDispose(() => {
      this.detach();
      options.closed();
    }, null, this.disposables);
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.connection.hidden();
    }, null, this.disposables);
  }

  /** Everything a freshly loaded view needs. */
  protected abstract snapshot(): readonly ToView[];

  /** A checked message from the view (not `ready`, which the connection answers). */
  protected abstract receive(message: Exclude<ToHost, ReadyMessage>): void;

  /** The panel goes away (closed, or the extension deactivates): stop work done for it. */
  protected stopWork(): void {
    // Nothing by default.
  }

  reveal(): void {
    this.panel.reveal();
  }

  close(): void {
    this.panel.dispose();
  }

  /** Drops the listeners (the panel closed, or the extension is deactivating). */
  detach(): void {
    this.stopWork();
    this.connection.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
