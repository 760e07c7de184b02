/**
 * The Data Profile panel: one webview panel per run folder, showing its `profile.json` and, for
 * a finished training run, which columns the run dropped and which features it engineered
 * (`features.json`).
 *
 * Lifecycle as in `CatCodingPanel` (vscode-extension-samples/webview-sample): each panel owns
 * its listeners and removes itself from {@link ProfilePanels} when closed. Panels do not retain
 * their context when hidden (cheaper); the view keeps its UI state with `setState` and says
 * `ready` each time it is rebuilt, and the host answers with the content. After a window reload
 * the {@link ProfilePanels} serializer revives each panel from the run folder kept in that state.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { assertNever } from '../../protocol/worker';
import {
  PROFILE_VIEW_TYPE,
  isProfilePanelState,
  isProfileToHost,
  type FeaturesFile,
  type ProfileToView,
  type RunFile,
  type ProfileToHost,
} from '../../protocol/webview';
import { loadFeatures, readRunSpec, reportForPanel } from '../runs/savedRuns';
import { dataFilePath, loadProfileRun, type ProfileRun } from './profileRun';
import { watchReady } from './readyWatch';
import { createNonce, webviewHtml } from './webviewHtml';

/** Opens, reveals, restores and disposes the Data Profile panels. Register it as the serializer of {@link PROFILE_VIEW_TYPE}. */
export class ProfilePanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  /** Open panels by the run folder they show. */
  private readonly panels = new Map<string, ProfilePanel>();
  /** Every open panel, including those showing an error. */
  private readonly all = new Set<ProfilePanel>();

  /** Called when a view asks to exclude (or restore) a column; set by the extension. */
  onExcludeColumn: ((run: ProfileRun, column: string, exclude: boolean) => void) | undefined;
  /** The columns the next run of a data file leaves out; set by the extension. */
  excludedColumns: (file: string) => readonly string[] = () => [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Shows `run` in its panel: reveals the panel if the run is already open, else opens one. */
  show(run: ProfileRun, viewColumn: vscode.ViewColumn = vscode.ViewColumn.Active): void {
    const existing = this.panels.get(run.run.runDir);
    if (existing !== undefined) {
      existing.showRun(run);
      existing.setExcluded(this.excludedColumns(run.run.file));
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PROFILE_VIEW_TYPE, panelTitle(run), viewColumn, {
      ...webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    const profilePanel = this.track(panel);
    profilePanel.showRun(run);
    profilePanel.setExcluded(this.excludedColumns(run.run.file));
  }

  /** Tells the panels of data file `file` which columns its next run leaves out. */
  setExcluded(file: string, columns: readonly string[]): void {
    for (const panel of this.all) if (panel.file === file) panel.setExcluded(columns);
  }

  /** The training run in `runDir` finished: its panel (if open) marks the columns it dropped. */
  setFeatures(runDir: string, features: FeaturesFile | null): void {
    this.panels.get(runDir)?.setFeatures(features);
  }

  /** Closes the panels of a deleted run folder. */
  closeRun(runDir: string): void {
    this.panels.get(runDir)?.close();
  }

  /** Revives a panel after a window reload from the run folder its view stored in `state`. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const profilePanel = this.track(panel);
    if (!isProfilePanelState(state)) {
      profilePanel.showUnavailable('', 'This panel did not keep which run it showed. Run "AutoML this" on the data file again.');
      return;
    }
    try {
      const run = await loadProfileRun(state.runDir);
      profilePanel.showRun({ ...run, ...(await this.featuresOf(state.runDir)) });
      profilePanel.setExcluded(this.excludedColumns(run.run.file));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.warn(`Could not restore the profile panel of ${state.runDir}: ${message}`);
      profilePanel.showUnavailable(state.runDir, message);
    }
  }

  /** The feature decisions of a training run's folder; nothing for a profile-only run (it makes none). */
  private async featuresOf(runDir: string): Promise<Pick<ProfileRun, 'features'>> {
    const spec = await readRunSpec(runDir).catch(() => undefined);
    if (spec?.kind !== 'run') return {};
    return { features: await reportForPanel(loadFeatures, runDir, (message) => this.output.warn(message)) };
  }

  /**
   * Stops listening to the panels but leaves them open, as the webview sample does: on a window
   * reload VS Code itself closes them and then revives them through this serializer.
   */
  dispose(): void {
    for (const panel of this.all) panel.detach();
    this.all.clear();
    this.panels.clear();
  }

  private track(webviewPanel: vscode.WebviewPanel): ProfilePanel {
    const forget = (runDir: string | undefined): void => {
      if (runDir !== undefined && this.panels.get(runDir) === panel) this.panels.delete(runDir);
    };
    const panel: ProfilePanel = new ProfilePanel(webviewPanel, this.extensionUri, this.output, {
      runChanged: (previous, next) => {
        forget(previous);
        this.panels.set(next, panel);
      },
      released: forget,
      closed: () => this.all.delete(panel),
      excludeColumn: (run, column, exclude) => this.onExcludeColumn?.(run, column, exclude),
    });
    this.all.add(panel);
    return panel;
  }
}

/** Webview options of every profile panel: scripts on, resources only from the bundles and media. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function panelTitle(run: ProfileRun): string {
  const file = run.profile.source?.file ?? run.run.file;
  const name = file.split(/[\\/]/).pop() || run.run.name;
  return `Profile: ${name}`;
}

/** What a panel tells its owner. */
interface PanelEvents {
  /** The panel now shows the run in `next` (and no longer the one in `previous`). */
  runChanged(previous: string | undefined, next: string): void;
  /** The panel no longer shows the run in `runDir` (closed, or showing an error instead). */
  released(runDir: string | undefined): void;
  /** The user closed the panel. */
  closed(): void;
  /** The user chose "Exclude column" (or put a column back) in the shown run. */
  excludeColumn(run: ProfileRun, column: string, exclude: boolean): void;
}

/** One panel and its webview. */
class ProfilePanel {
  private readonly disposables: vscode.Disposable[] = [];
  /** Whether the current view instance has said `ready` (reset when a hidden view is torn down). */
  private ready = false;
  /**
   * What the view shows. Both host messages replace the view's whole content, so queueing until
   * `ready` keeps only the latest one, and every `ready` (a rebuilt view) gets it again.
   */
  private content: ProfileToView | undefined;
  /** Columns the next run of the shown file leaves out, sent after the content. */
  private excluded: readonly string[] = [];
  private run: ProfileRun | undefined;
  /** Stops reloading a silent page; a view that said `ready` once only needs `ready` again when rebuilt. */
  private readonly stopWatching: () => void;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly events: PanelEvents,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(extensionUri);
    const loadPage = (): void => {
      webview.html = webviewHtml({
        cspSource: webview.cspSource,
        nonce: createNonce(),
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'profile.js')).toString(),
        title: 'Data Profile',
      });
    };
    loadPage();
    this.stopWatching = watchReady(() => this.ready, (attempt) => {
      this.output.warn(`Profile panel: the view did not start; loading it again (attempt ${attempt}).`);
      loadPage();
    });
    this.disposables.push({ dispose: this.stopWatching });
    panel.onDidDispose(
      () => {
        this.events.released(this.run?.run.runDir);
        this.events.closed();
        this.detach();
      },
      null,
      this.disposables,
    );
    webview.onDidReceiveMessage((message: unknown) => this.receive(message), null, this.disposables);
    panel.onDidChangeViewState(
      () => {
        // Without retainContextWhenHidden a hidden view is destroyed; its successor says `ready` again.
        if (!panel.visible) this.ready = false;
      },
      null,
      this.disposables,
    );
  }

  showRun(run: ProfileRun): void {
    const previous = this.run?.run.runDir;
    this.run = run;
    this.panel.title = panelTitle(run);
    if (previous !== run.run.runDir) this.events.runChanged(previous, run.run.runDir);
    this.setContent({ kind: 'profile/show', ...run });
  }

  /** The shown run's feature decisions became known: kept for later views, posted to this one. */
  setFeatures(features: FeaturesFile | null): void {
    if (this.run === undefined) return;
    this.run = { ...this.run, features };
    if (this.content?.kind === 'profile/show') this.content = { ...this.content, features };
    if (this.ready) this.send({ kind: 'profile/features', features });
  }

  showUnavailable(runDir: string, message: string): void {
    this.events.released(this.run?.run.runDir);
    this.run = undefined;
    this.setContent({ kind: 'profile/unavailable', runDir, message });
  }

  reveal(): void {
    this.panel.reveal();
  }

  close(): void {
    this.panel.dispose();
  }

  /** Drops this object's listeners (the panel is closed, or the extension is deactivating). */
  detach(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  /** The data file the panel shows (as the run's spec names it). */
  get file(): string | undefined {
    return this.run?.run.file;
  }

  setExcluded(columns: readonly string[]): void {
    this.excluded = columns;
    if (this.ready) this.send({ kind: 'profile/excluded', columns });
  }

  private setContent(message: ProfileToView): void {
    this.content = message;
    if (this.ready) this.send(message);
  }

  private send(message: ProfileToView): void {
    // An undelivered message (the view went away meanwhile) needs no retry: the content is kept,
    // and the next view's `ready` gets it.
    this.panel.webview.postMessage(message).then(undefined, (error: unknown) =>
      this.output.warn(`Profile panel: could not post ${message.kind}: ${String(error)}`),
    );
  }

  private receive(message: unknown): void {
    if (!isProfileToHost(message)) {
      this.output.warn(`Profile panel: ignored a malformed message from the view: ${safeJson(message)}`);
      return;
    }
    const typed: ProfileToHost = message;
    switch (typed.kind) {
      case 'ready':
        this.ready = true;
        // A panel hidden later is not a page that failed to start.
        this.stopWatching();
        if (this.content !== undefined) this.send(this.content);
        this.send({ kind: 'profile/excluded', columns: this.excluded });
        return;
      case 'file/open':
        void this.openFile(typed.file, typed.line);
        return;
      case 'column/exclude':
        if (this.run !== undefined) this.events.excludeColumn(this.run, typed.column, typed.exclude);
        return;
      default:
        assertNever(typed, 'view message');
    }
  }

  /** Opens a file of the shown run beside the panel; errors are shown, not thrown. */
  private async openFile(file: RunFile, line: number | undefined): Promise<void> {
    const run = this.run?.run;
    if (run === undefined) return;
    const path = file === 'data' ? dataFilePath(run) : join(run.runDir, file === 'profile' ? 'profile.json' : 'spec.json');
    if (path === undefined) {
      void vscode.window.showErrorMessage('AutoML: this run does not name its data file.');
      return;
    }
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      const options: vscode.TextDocumentShowOptions = { viewColumn: vscode.ViewColumn.Beside, preview: true };
      if (line !== undefined) {
        const position = new vscode.Position(Math.min(line, document.lineCount) - 1, 0);
        options.selection = new vscode.Range(position, position);
      }
      await vscode.window.showTextDocument(document, options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.error(`Could not open ${path}: ${message}`);
      void vscode.window.showErrorMessage(`AutoML: could not open ${path}: ${message}`);
    }
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}
