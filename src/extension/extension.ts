/**
 * Extension entry point. Activation stays cheap: the engine worker starts on the first request.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CancelledError } from '../engine/errors';
import { EngineHost, isUserFacing } from '../node/engineHost';
import { PROFILE_VIEW_TYPE } from '../protocol/webview';
import { Command, type CommandId } from './commands';
import { JobStatus } from './jobStatus';
import { ProfilePanels } from './panels/profilePanel';
import { runOnFile, type RunOnFileContext } from './runOnFile';

const DATA_FILE = /\.(csv|tsv)$/i;

/** Registers the commands and the engine host; everything is disposed through `context.subscriptions`. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('AutoML', { log: true });
  context.subscriptions.push(output);
  try {
    const host = new EngineHost({
      workerPath: join(context.extensionPath, 'dist', 'engineWorker.js'),
      log: (message) => output.info(message),
    });
    context.subscriptions.push({ dispose: () => host.dispose() });
    const jobs = new JobStatus();
    context.subscriptions.push(jobs);
    const profiles = new ProfilePanels(context.extensionUri, output);
    context.subscriptions.push(profiles, vscode.window.registerWebviewPanelSerializer(PROFILE_VIEW_TYPE, profiles));
    const runContext: RunOnFileContext = { host, output, jobs, profiles };

    const register = (id: CommandId, handler: (...args: unknown[]) => Promise<void> | void): void => {
      context.subscriptions.push(
        vscode.commands.registerCommand(id, async (...args: unknown[]) => {
          try {
            await handler(...args);
          } catch (error) {
            reportError(output, error);
          }
        }),
      );
    };
    register(Command.runOnFile, async (uri) => {
      const file = uri instanceof vscode.Uri ? uri : (activeDataFile() ?? (await pickDataFile()));
      if (file !== undefined) await runOnFile(file, runContext);
    });
    register(Command.runOnPickedFile, async () => {
      const file = await pickDataFile();
      if (file !== undefined) await runOnFile(file, runContext);
    });
    register(Command.showLog, () => output.show(true));
  } catch (error) {
    reportError(output, error);
    throw error;
  }
}

/** Called by VS Code on shutdown; all cleanup is already registered in `context.subscriptions`. */
export function deactivate(): void {
  // VS Code disposes `context.subscriptions` (output, status item, engine host and worker) itself.
}

/** The one place errors reach the user: a short message, with details and stack in the log. */
function reportError(output: vscode.LogOutputChannel, error: unknown): void {
  if (error instanceof CancelledError) {
    output.info('Cancelled; nothing was written.');
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.error(error instanceof Error ? (error.stack ?? message) : message);
  const shown = isUserFacing(error) ? `AutoML: ${message}` : `AutoML failed unexpectedly: ${message}`;
  void vscode.window.showErrorMessage(shown, 'Show Log').then((choice) => {
    if (choice === 'Show Log') output.show(true);
  });
}

/** The CSV/TSV in the active editor, so the command also works from a key binding. */
function activeDataFile(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri !== undefined && uri.scheme === 'file' && DATA_FILE.test(uri.path) ? uri : undefined;
}

async function pickDataFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'CSV and TSV files': ['csv', 'tsv'] },
    openLabel: 'AutoML this',
    title: 'AutoML: choose a data file',
  });
  return picked?.[0];
}
