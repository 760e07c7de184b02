/**
 * A minimal stand-in for the `vscode` module, enough for the webview panel and view code: import
 * this file before any module that imports `vscode`, and it answers `require('vscode')` with
 * {@link fakeVscode}. Panels it creates are {@link FakePanel}s the test can drive; a side view is
 * a {@link FakeWebviewView} the test hands to the provider's `resolveWebviewView` itself.
 */
import Module from 'node:module';
import { isAbsolute } from 'node:path';

type Listener<T> = (value: T) => void;

/** A tiny event emitter with VS Code's `event(listener, thisArg, disposables)` shape (also the fake `vscode.EventEmitter`). */
export class FakeEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>, _thisArg?: unknown, disposables?: { dispose(): void }[]): { dispose(): void } => {
    this.listeners.add(listener);
    const disposable = { dispose: () => void this.listeners.delete(listener) };
    disposables?.push(disposable);
    return disposable;
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
  get size(): number {
    return this.listeners.size;
  }
}

export class FakeUri {
  private constructor(readonly fsPath: string) {}
  static file(path: string): FakeUri {
    if (!isAbsolute(path)) throw new Error(`not absolute: ${path}`);
    return new FakeUri(path);
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri([base.fsPath, ...parts].join('/'));
  }
  /** Getters, so a FakeUri still compares equal (deepEqual) to `{ fsPath }`. */
  get scheme(): string {
    return 'file';
  }
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return `file://${this.fsPath}`;
  }
}

export class FakeWebview {
  options: unknown;
  html = '';
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: unknown[] = [];
  /** Whether posted messages reach a live view (false while hidden). */
  live = true;
  readonly received = new FakeEmitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  asWebviewUri(uri: FakeUri): FakeUri {
    return uri;
  }
  postMessage(message: unknown): Promise<boolean> {
    if (this.live) this.posted.push(structuredClone(message));
    return Promise.resolve(this.live);
  }
}

export class FakePanel {
  readonly webview = new FakeWebview();
  visible = true;
  revealed = 0;
  /** Whether `dispose()` was called (the user or the extension closed the panel). */
  disposed = false;
  iconPath: unknown;
  private readonly disposedEvent = new FakeEmitter<void>();
  private readonly viewState = new FakeEmitter<unknown>();
  readonly onDidDispose = this.disposedEvent.event;
  readonly onDidChangeViewState = this.viewState.event;
  constructor(
    readonly viewType: string,
    public title: string,
  ) {}
  reveal(): void {
    this.revealed++;
  }
  dispose(): void {
    this.disposed = true;
    this.disposedEvent.fire();
  }
  /** Hides the panel (its view is destroyed) or shows it again. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.webview.live = visible;
    this.viewState.fire({ webviewPanel: this });
  }
  get listenerCount(): number {
    return this.webview.received.size + this.disposedEvent.size + this.viewState.size;
  }
}

/** A side view (`vscode.WebviewView`), as VS Code hands it to `resolveWebviewView`. */
export class FakeWebviewView {
  readonly webview = new FakeWebview();
  visible = true;
  private readonly visibility = new FakeEmitter<void>();
  private readonly disposedEvent = new FakeEmitter<void>();
  readonly onDidChangeVisibility = this.visibility.event;
  readonly onDidDispose = this.disposedEvent.event;
  constructor(readonly viewType: string) {}
  /** Collapses the view (its page is destroyed) or expands it again. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.webview.live = visible;
    this.visibility.fire();
  }
  dispose(): void {
    this.disposedEvent.fire();
  }
  get listenerCount(): number {
    return this.webview.received.size + this.visibility.size + this.disposedEvent.size;
  }
}

export const created: FakePanel[] = [];
export const opened: { path: string; line?: number }[] = [];
export const errors: string[] = [];
/** Messages of `window.showInformationMessage`, with the buttons offered. */
export const infos: { message: string; items: string[] }[] = [];
/** What the next `showInformationMessage` answers (undefined: dismissed); reset by the test. */
export const answers: { information: string | undefined } = { information: undefined };

/** A progress notification opened by `window.withProgress`: what it reported, and its Cancel button. */
export interface FakeProgress {
  readonly title: string | undefined;
  readonly cancellable: boolean;
  readonly reports: { message?: string; increment?: number }[];
  /** Presses Cancel. */
  cancel(): void;
  /** Whether the task ended (the notification closed). */
  done: boolean;
}
export const progresses: FakeProgress[] = [];

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
}

export const fakeVscode = {
  Uri: FakeUri,
  EventEmitter: FakeEmitter,
  Position,
  Range,
  ViewColumn: { Active: -1, Beside: -2 },
  window: {
    createWebviewPanel(viewType: string, title: string): FakePanel {
      const panel = new FakePanel(viewType, title);
      created.push(panel);
      return panel;
    },
    showTextDocument(document: { path: string }, options?: { selection?: Range }): Promise<void> {
      opened.push({ path: document.path, ...(options?.selection ? { line: options.selection.start.line + 1 } : {}) });
      return Promise.resolve();
    },
    showErrorMessage(message: string): Promise<undefined> {
      errors.push(message);
      return Promise.resolve(undefined);
    },
    showInformationMessage(message: string, ...items: string[]): Promise<string | undefined> {
      infos.push({ message, items });
      return Promise.resolve(answers.information);
    },
    withProgress<T>(
      options: { title?: string; cancellable?: boolean },
      task: (progress: { report(value: { message?: string; increment?: number }): void }, token: { isCancellationRequested: boolean; onCancellationRequested: FakeEmitter<void>['event'] }) => Promise<T>,
    ): Promise<T> {
      const cancelled = new FakeEmitter<void>();
      const token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
      const entry: FakeProgress = {
        title: options.title,
        cancellable: options.cancellable === true,
        reports: [],
        cancel: () => {
          token.isCancellationRequested = true;
          cancelled.fire();
        },
        done: false,
      };
      progresses.push(entry);
      return task({ report: (value) => entry.reports.push(value) }, token).finally(() => (entry.done = true));
    },
  },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  workspace: {
    openTextDocument(uri: FakeUri): Promise<{ path: string; lineCount: number }> {
      return Promise.resolve({ path: uri.fsPath, lineCount: 1000 });
    },
  },
};

// Answer `require('vscode')` with the fake.
const moduleInternals = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, unknown>;
};
const resolve = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
moduleInternals._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fakeVscode };
