/**
 * The export commands: "Export Model as TypeScript", "Create Prediction Service" and the code
 * action's "Insert prediction code from AutoML run…". The engine worker exports and scaffolds
 * (a trial is refitted first, which takes seconds); this side only asks, writes and opens.
 */
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { DataError } from '../../engine/errors';
import type { EngineHost, ExportedModule } from '../../node/engineHost';
import type { ModelSelection } from '../modelSelection';
import { readRunSpec } from '../runs/savedRuns';
import { predictionCode } from './predictionSnippet';
import { describeChoice, modelFor, pickTrainedRun, runDirArgument, type RunModelChoice } from './runChoice';
import { confirmWrite, isNewOrEmptyFolder, writeText } from './safeWrite';
import { allowedInWorkspace } from '../workspaceTrust';

/** What the commands need: the worker, the log, and the model the Leaderboard selected. */
export interface ExportContext {
  readonly host: Pick<EngineHost, 'exportModule' | 'scaffoldService'>;
  readonly output: Pick<vscode.LogOutputChannel, 'info'>;
  readonly selection?: ModelSelection;
}

const SOURCE_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact']);

export class ExportCommands {
  constructor(private readonly context: ExportContext) {}

  /**
   * Exports a model as a TypeScript module, asks where to save it (the workspace folder and the
   * module's name by default; the dialog confirms replacing a file), writes and opens it. `arg` is a
   * Runs tree item, a run folder, `{ runDir, model }`, or nothing (then a run is picked).
   * Resolves to the written file, or undefined when the user stopped.
   */
  async exportModel(arg?: unknown): Promise<vscode.Uri | undefined> {
    const choice = await this.choose(arg, 'AutoML: export which run\'s model as TypeScript?');
    if (choice === undefined) return undefined;
    const exported = await this.export(choice);
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(defaultFolder(choice.runDir), exported.fileName),
      filters: { TypeScript: ['ts'] },
      saveLabel: 'Export',
      title: `AutoML: save ${exported.model} as a TypeScript module`,
    });
    // A save dialog asks before it returns an existing file (native dialogs and VS Code's own
    // alike), so a file it returns is one the user agreed to replace: asking again would ask twice.
    if (target === undefined) return undefined;
    await writeText(target, exported.source);
    this.context.output.info(`Exported ${exported.model} of ${choice.runDir} to ${target.fsPath}.`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
    return target;
  }

  /**
   * Writes a prediction service project for a model into a new or empty folder the user names,
   * then offers to open its README or reveal it. Resolves to the folder, or undefined when stopped.
   */
  async createService(arg?: unknown): Promise<vscode.Uri | undefined> {
    if (!allowedInWorkspace('creating a prediction service')) return undefined;
    const choice = await this.choose(arg, 'AutoML: create a prediction service for which run?');
    if (choice === undefined) return undefined;
    const folder = await askServiceFolder(choice.runDir);
    if (folder === undefined) return undefined;
    // Checked again: the folder may have filled up while the user was choosing.
    if (!(await isNewOrEmptyFolder(folder))) throw new DataError(`${folder.fsPath} is not empty: choose a new or empty folder for the service.`);
    const files = await withCancellableProgress(`AutoML: creating a prediction service for ${describeChoice(choice)}…`, (signal) =>
      this.context.host.scaffoldService(choice.runDir, choice.model, folder.fsPath, signal),
    );
    this.context.output.info(`Created a prediction service for ${describeChoice(choice)} in ${folder.fsPath}: ${files.join(', ')}.`);
    const readme = files.map((file) => vscode.Uri.joinPath(folder, ...file.split('/'))).find((uri) => /^readme\.md$/i.test(basename(uri.fsPath)));
    const actions = [...(readme === undefined ? [] : ['Open README']), 'Reveal in Explorer'];
    const picked = await vscode.window.showInformationMessage(`AutoML: created a prediction service in ${folder.fsPath} (${files.length} files).`, ...actions);
    if (picked === 'Open README' && readme !== undefined) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(readme), { preview: false });
    } else if (picked === 'Reveal in Explorer') {
      const inWorkspace = vscode.workspace.getWorkspaceFolder(folder) !== undefined;
      await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', folder);
    }
    return folder;
  }

  /**
   * The code action's command: picks a run, exports its final model next to the file (asking
   * before replacing an existing module; "Use Existing" keeps it), then inserts the import and
   * an example call at the cursor in one edit. `uri` and `position` come from the code action;
   * without them the active editor is used. Resolves to whether the document was edited.
   */
  async insertPredictionCode(uri?: unknown, position?: unknown): Promise<boolean> {
    const document = await targetDocument(uri);
    if (document.uri.scheme !== 'file') throw new DataError('Save this file first: the model module is written next to it.');
    const run = await pickTrainedRun('AutoML: insert prediction code from which run?');
    if (run === undefined) return false;
    const choice: RunModelChoice = { runDir: run.runDir, model: 'final' };
    const exported = await this.export(choice);
    const target = vscode.Uri.file(join(dirname(document.uri.fsPath), exported.fileName));
    const decision = await confirmWrite(
      target,
      `Replace it with the module of ${exported.model} (${run.name}), or use the existing module as it is.`,
      'Use Existing',
    );
    if (decision === 'cancel') return false;
    if (decision === 'write') {
      await writeText(target, exported.source);
      this.context.output.info(`Exported ${exported.model} of ${run.runDir} to ${target.fsPath}.`);
    }
    // The cursor now, if the file is still in an editor (the user may have moved on while the worker exported).
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const cursor = editor?.selection.active ?? positionOf(position) ?? new vscode.Position(0, 0);
    const code = predictionCode(document.getText(), cursor, {
      specifier: `./${exported.fileName.replace(/\.ts$/, '')}`,
      example: exported.exampleInput,
    });
    const edit = new vscode.WorkspaceEdit();
    for (const insert of code.inserts) edit.insert(document.uri, new vscode.Position(insert.line, insert.character), insert.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new DataError(`Could not edit ${basename(document.uri.fsPath)} (was it closed or changed?).`);
    vscode.window.setStatusBarMessage(`AutoML: inserted a call of ${code.predictName} from ${exported.fileName}`, 5_000);
    return true;
  }

  /** The run and model `arg` names, else a picked run with its selected (or final) model. */
  private async choose(arg: unknown, title: string): Promise<RunModelChoice | undefined> {
    const given = runDirArgument(arg);
    if (given !== undefined) return { runDir: given, model: modelFor(given, arg, this.context.selection) };
    const run = await pickTrainedRun(title, this.context.selection?.selected?.runDir);
    return run === undefined ? undefined : { runDir: run.runDir, model: modelFor(run.runDir, undefined, this.context.selection) };
  }

  /** The module, exported in the worker behind a cancellable progress notification. */
  private export(choice: RunModelChoice): Promise<ExportedModule> {
    const title = `AutoML: exporting ${describeChoice(choice)}${choice.model === 'final' ? '' : ' (refitting it on all rows)'}…`;
    return withCancellableProgress(title, (signal) => this.context.host.exportModule(choice.runDir, choice.model, signal));
  }
}

/** Runs `work` behind a progress notification whose Cancel button aborts the signal `work` gets. */
async function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      return await work(abort.signal);
    } finally {
      subscription.dispose();
    }
  });
}

/** The workspace folder holding the run (the save dialog starts there), else the run's root folder. */
function defaultFolder(runDir: string): vscode.Uri {
  const root = vscode.Uri.file(dirname(dirname(dirname(runDir))));
  return vscode.workspace.getWorkspaceFolder(root)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? root;
}

/** A position argument: a `Position`, or its `{ line, character }` form after a trip through the command service. */
function positionOf(arg: unknown): vscode.Position | undefined {
  if (arg instanceof vscode.Position) return arg;
  const { line, character } = (typeof arg === 'object' && arg !== null ? arg : {}) as { line?: unknown; character?: unknown };
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) ? new vscode.Position(line as number, character as number) : undefined;
}

async function targetDocument(uri: unknown): Promise<vscode.TextDocument> {
  if (uri instanceof vscode.Uri) {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  }
  const document = vscode.window.activeTextEditor?.document;
  if (document === undefined || !SOURCE_LANGUAGES.has(document.languageId)) {
    throw new DataError('Open a TypeScript or JavaScript file and put the cursor where the prediction code should go.');
  }
  return document;
}

interface FolderItem extends vscode.QuickPickItem {
  readonly choice: 'new' | 'browse';
}

/** A new folder in the workspace (named in an input box), or any new or empty folder from a dialog. */
async function askServiceFolder(runDir: string): Promise<vscode.Uri | undefined> {
  const workspace = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(runDir)) ?? vscode.workspace.workspaceFolders?.[0];
  let how: FolderItem['choice'] = 'browse';
  if (workspace !== undefined) {
    const items: FolderItem[] = [
      { label: '$(new-folder) New folder in the workspace…', description: workspace.name, choice: 'new' },
      { label: '$(folder-opened) Choose an empty folder…', choice: 'browse' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'AutoML: where should the prediction service go?', ignoreFocusOut: true });
    if (picked === undefined) return undefined;
    how = picked.choice;
  }
  if (how === 'new' && workspace !== undefined) {
    const spec = await readRunSpec(runDir).catch(() => undefined);
    const dataset = basename(spec?.file ?? 'model').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-') || 'model';
    const name = await vscode.window.showInputBox({
      title: `AutoML: new folder in ${workspace.name} for the prediction service`,
      value: `${dataset}-service`,
      prompt: 'A folder name (or a relative path) that does not exist yet or is empty',
      ignoreFocusOut: true,
      validateInput: (text) => validateFolderName(workspace.uri, text),
    });
    return name === undefined ? undefined : vscode.Uri.joinPath(workspace.uri, ...name.trim().split(/[\\/]+/));
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: workspace?.uri,
    openLabel: 'Create Service Here',
    title: 'AutoML: choose an empty folder for the prediction service',
  });
  const folder = picked?.[0];
  if (folder === undefined) return undefined;
  if (!(await isNewOrEmptyFolder(folder))) throw new DataError(`${folder.fsPath} is not empty: choose a new or empty folder for the service.`);
  return folder;
}

/** Why `text` cannot name the service folder under `root`, or undefined when it can. */
export async function validateFolderName(root: vscode.Uri, text: string): Promise<string | undefined> {
  const parts = text.trim().split(/[\\/]+/).filter((p) => p !== '');
  if (parts.length === 0) return 'Type a folder name';
  if (parts.some((p) => p === '..' || p === '.')) return 'A folder inside the workspace, without . or ..';
  if (/^[A-Za-z]:/.test(text.trim()) || text.trim().startsWith('/')) return 'A folder relative to the workspace folder';
  if (parts.some((p) => /[<>:"|?*]/.test(p))) return 'Folder names cannot contain < > : " | ? *';
  const uri = vscode.Uri.joinPath(root, ...parts);
  return (await isNewOrEmptyFolder(uri)) ? undefined : `${parts.join('/')} already exists and is not empty`;
}
