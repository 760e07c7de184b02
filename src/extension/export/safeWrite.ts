/**
 * Writing exported files without ever replacing one silently: an existing file is replaced only
 * after a modal "Replace?" confirmation, and a declined one is left exactly as it was.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';

/** What to do about a file that is already there. */
export type ExistingFileChoice = 'write' | 'keep' | 'cancel';

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * 'write' when `uri` is free or the user confirms replacing it; 'keep' when the user chooses to
 * keep the existing file (offered with `keepLabel`, e.g. "Use Existing"); else 'cancel'.
 */
export async function confirmWrite(uri: vscode.Uri, detail: string, keepLabel?: string): Promise<ExistingFileChoice> {
  if (!(await exists(uri))) return 'write';
  const buttons = keepLabel === undefined ? ['Replace'] : ['Replace', keepLabel];
  const choice = await vscode.window.showWarningMessage(`${basename(uri.fsPath)} already exists. Replace it?`, { modal: true, detail }, ...buttons);
  if (choice === 'Replace') return 'write';
  return choice !== undefined && choice === keepLabel ? 'keep' : 'cancel';
}

/** Writes UTF-8 text through `workspace.fs` (so remote and virtual workspaces behave like local ones). */
export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/** Whether the folder at `uri` is missing or empty (a new project may go there). */
export async function isNewOrEmptyFolder(uri: vscode.Uri): Promise<boolean> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    return true;
  }
  if ((stat.type & vscode.FileType.Directory) === 0) return false;
  return (await vscode.workspace.fs.readDirectory(uri)).length === 0;
}
