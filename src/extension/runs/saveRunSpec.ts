/**
 * **Save Run as Spec…** (Runs tree, Leaderboard, palette): the spec a run ran, resolved, written
 * as a `.automl` file the user names, with its data path rewritten relative to that file, then
 * opened. `automl run <file>` runs it again; the file can be edited and reviewed like code.
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { runSpecAsFile, SPEC_EXTENSION } from '../../node/specFiles';
import { pickTrainedRun, runDirArgument } from '../export/runChoice';
import { writeText } from '../export/safeWrite';

/**
 * Asks where to save the spec of the run `arg` names (a Runs tree item, a run folder, or
 * `{ runDir }` from the Leaderboard; else one the user picks), writes it and opens it. Resolves
 * to the file, or undefined when the user stopped.
 */
export async function saveRunAsSpec(arg: unknown, output: { info(line: string): void }): Promise<vscode.Uri | undefined> {
  const runDir = runDirArgument(arg) ?? (await pickTrainedRun('AutoML: save which run as a spec?'))?.runDir;
  if (runDir === undefined) return undefined;
  // The run folder sits at <root>/.automl/runs/<name>.
  const root = dirname(dirname(dirname(runDir)));
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.uri ?? vscode.Uri.file(root);
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, `${runStem(runDir)}${SPEC_EXTENSION}`),
    filters: { 'AutoML spec': [SPEC_EXTENSION.slice(1)] },
    saveLabel: 'Save Spec',
    title: `AutoML: save the spec of ${basename(runDir)}`,
  });
  // The save dialog has asked before returning an existing file.
  if (target === undefined) return undefined;
  await writeText(target, await runSpecAsFile(runDir, target.fsPath, root));
  output.info(`Saved the spec of ${runDir} to ${target.fsPath}.`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
  return target;
}

/** A run folder's name without its start time: `titanic` for `20250101-120000-titanic`. */
function runStem(runDir: string): string {
  return basename(runDir).replace(/^\d{8}-\d{6}-/, '') || 'run';
}
