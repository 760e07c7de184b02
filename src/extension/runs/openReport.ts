/**
 * **AutoML: Open Report** (palette, Runs tree): a run's report.html, written first when the run
 * has none or an older one (runs from before reports, or explained since), then opened.
 *
 * Where it opens: in the system browser when VS Code runs on this machine. The report is a
 * standalone page made for a browser: printing and saving as PDF work there, its links and
 * theme follow the user's browser, and it is the same file the user would share. When the
 * extension host is remote (SSH, containers, code-server) or VS Code runs in a browser, a file
 * path means nothing to the user's browser, so the report opens in a webview panel instead, its
 * script allowed by a nonce. Either way the message offers the other place and "Reveal in
 * Explorer", for sharing the file.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { withScriptNonce } from '../../engine/report/renderReport';
import { REPORT_FILE, reportIsOutOfDate, writeRunReport } from '../../node/runReport';
import { pickTrainedRun, runDirArgument } from '../export/runChoice';
import type { ModelSelection } from '../modelSelection';
import { createNonce } from '../panels/webviewHtml';

/** The webview type of report panels (not restored after a reload: the command reopens them in a moment). */
export const REPORT_VIEW_TYPE = 'automl.report';

export interface ReportContext {
  readonly output: Pick<vscode.LogOutputChannel, 'info'>;
  /** The model selected on a Leaderboard: its run is offered first. */
  readonly selection?: ModelSelection;
}

export class ReportOpener implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly context: ReportContext) {}

  /**
   * Opens the report of the run `arg` names (a Runs tree item, a run folder `Uri` or path, or
   * `{ runDir }`), else of a run the user picks. Resolves to the report file, or undefined when
   * the user picked none.
   */
  async open(arg?: unknown): Promise<string | undefined> {
    const runDir = runDirArgument(arg) ?? (await pickTrainedRun('AutoML: open the report of which run?', this.context.selection?.selected?.runDir))?.runDir;
    if (runDir === undefined) return undefined;
    const file = await this.ensureReport(runDir);
    const local = vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop;
    const inBrowser = local && (await vscode.env.openExternal(vscode.Uri.file(file)));
    if (!inBrowser) await this.showPanel(runDir, file);
    // Not awaited: the command is done when the report is open, whatever becomes of the message.
    void this.offerAlternatives(runDir, file, inBrowser);
    return file;
  }

  /** The message after opening: the other place to read the report, and the file in the Explorer. */
  private async offerAlternatives(runDir: string, file: string, inBrowser: boolean): Promise<void> {
    const other = inBrowser ? 'Show in VS Code' : undefined;
    const choice = await vscode.window.showInformationMessage(
      `AutoML: the report of ${basename(runDir)} is open${inBrowser ? ' in your browser' : ''}.`,
      ...(other === undefined ? [] : [other]),
      'Reveal in Explorer',
    );
    try {
      if (choice !== undefined && choice === other) await this.showPanel(runDir, file);
      else if (choice === 'Reveal in Explorer') await revealFile(file);
    } catch (error) {
      void vscode.window.showErrorMessage(`AutoML: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }

  /** The run's report.html, written (behind a progress notification) when missing or out of date. */
  private async ensureReport(runDir: string): Promise<string> {
    const file = join(runDir, REPORT_FILE);
    if (!(await reportIsOutOfDate(runDir))) return file;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AutoML: writing the report of ${basename(runDir)}…` },
      () => writeRunReport(runDir),
    );
    this.context.output.info(`Wrote ${file}.`);
    return file;
  }

  /** The report in a webview panel (one per run, revealed when open), its script allowed by a fresh nonce. */
  private async showPanel(runDir: string, file: string): Promise<void> {
    const page = withScriptNonce(await readFile(file, 'utf8'), createNonce());
    let panel = this.panels.get(runDir);
    if (panel === undefined) {
      panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, `Report: ${basename(runDir)}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        // The page is self-contained: nothing is loaded from disk or the network.
        localResourceRoots: [],
      });
      const opened = panel;
      this.panels.set(runDir, opened);
      opened.onDidDispose(() => {
        if (this.panels.get(runDir) === opened) this.panels.delete(runDir);
      });
    } else {
      panel.reveal();
    }
    panel.webview.html = page;
  }
}

/** Shows the file in the Explorer when it is in the workspace, else in the system's file manager. */
async function revealFile(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
}
