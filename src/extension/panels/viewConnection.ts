/**
 * The host end of one webview (panel or side view): the page with its strict CSP, the `ready`
 * handshake, and checked messages both ways.
 *
 * Views are rebuilt whenever a hidden panel is shown again (no `retainContextWhenHidden`: cheaper),
 * and each rebuilt view says `ready` first. Until then nothing is posted; on every `ready` the
 * owner's `snapshot()` gives the view its whole content, so updates missed while hidden need no
 * queue.
 */
import * as vscode from 'vscode';
import type { ReadyMessage } from '../../protocol/webview';
import { watchReady } from './readyWatch';
import { createNonce, webviewHtml } from './webviewHtml';

/** Webview options of every view: scripts on, resources only from the bundles and media. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export interface ViewConnectionOptions<ToView, ToHost> {
  readonly extensionUri: vscode.Uri;
  /** The bundle in `dist/webview/` (`leaderboard` for `leaderboard.js`). */
  readonly bundle: string;
  /** The page title (screen readers announce it). */
  readonly title: string;
  /** Checks a message from the view (a webview is less trusted than the extension). */
  readonly isToHost: (value: unknown) => value is ToHost;
  /** Everything a freshly loaded view needs, in order. */
  readonly snapshot: () => readonly ToView[] | Promise<readonly ToView[]>;
  /** Every message from the view but `ready`. */
  readonly receive: (message: Exclude<ToHost, ReadyMessage>) => void;
  readonly output: vscode.LogOutputChannel;
}

export class ViewConnection<ToView extends { readonly kind: string }, ToHost extends { readonly kind: string }> implements vscode.Disposable {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Stops reloading a silent page; a view that said `ready` once only needs `ready` again when rebuilt. */
  private readonly stopWatching: () => void;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly options: ViewConnectionOptions<ToView, ToHost>,
  ) {
    webview.options = webviewOptions(options.extensionUri);
    this.loadPage();
    webview.onDidReceiveMessage((message: unknown) => this.onMessage(message), null, this.disposables);
    this.stopWatching = watchReady(() => this.ready, (attempt) => {
      options.output.warn(`${options.title}: the view did not start; loading it again (attempt ${attempt}).`);
      this.loadPage();
    });
    this.disposables.push({ dispose: this.stopWatching });
  }

  /** Sets the page (with a fresh nonce); the view says `ready` once its script runs. */
  private loadPage(): void {
    const { extensionUri, bundle, title } = this.options;
    this.webview.html = webviewHtml({
      cspSource: this.webview.cspSource,
      nonce: createNonce(),
      scriptUri: this.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${bundle}.js`)).toString(),
      title,
    });
  }

  /** Whether the current view instance has said `ready`. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Posts `message` if the view is listening; otherwise the next `ready` snapshot covers it. */
  post(message: ToView): void {
    if (!this.ready) return;
    this.webview.postMessage(message).then(undefined, (error: unknown) =>
      this.options.output.warn(`${this.options.title}: could not post ${message.kind}: ${String(error)}`),
    );
  }

  /** Sends the whole content again (the owner's content changed wholesale). */
  async refresh(): Promise<void> {
    if (!this.ready) return;
    for (const message of await this.options.snapshot()) this.post(message);
  }

  /** The view was hidden, so it is torn down; its successor says `ready` again. */
  hidden(): void {
    this.ready = false;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private onMessage(message: unknown): void {
    if (!this.options.isToHost(message)) {
      this.options.output.warn(`${this.options.title}: ignored a malformed message from the view: ${safeJson(message)}`);
      return;
    }
    if (message.kind === 'ready') {
      this.ready = true;
      // A view hidden later is not a page that failed to start.
      this.stopWatching();
      void this.refresh().catch((error: unknown) => this.options.output.error(`${this.options.title}: ${String(error)}`));
      return;
    }
    this.options.receive(message as Exclude<ToHost, ReadyMessage>);
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}
