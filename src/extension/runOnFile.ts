/**
 * "AutoML this" on a data file in the Explorer (or the active editor): the file's format from its
 * name, a sheet or table QuickPick where the file holds several, then the common flow of
 * runOnSource.ts.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { fileKindOf, type SourceSpec } from '../engine/data/sourceSpec';
import { DataError } from '../engine/errors';
import { isUserFacing } from '../node/engineHost';
import { runOnSource } from './runOnSource';
import type { TrainContext } from './trainRun';

/** Runs the flow on the file `uri`; resolves quietly when the user dismisses a picker. */
export async function runOnFile(uri: vscode.Uri, context: TrainContext): Promise<void> {
  if (uri.scheme !== 'file') throw new DataError(`AutoML can only read files on disk, not ${uri.toString()}.`);
  const path = uri.fsPath;
  const kind = fileKindOf(path);
  if (kind === undefined) {
    throw new DataError(`${vscode.workspace.asRelativePath(uri)} is not a data file AutoML reads (CSV, TSV, JSON, NDJSON, Parquet, Excel or SQLite).`);
  }
  const source = await chooseWithin({ kind, path } as SourceSpec, uri, context);
  if (source === undefined) return;
  await runOnSource({ source, root: runRoot(uri), scope: uri }, context);
}

/**
 * The source with its sheet or table chosen, when the file holds several (a QuickPick, the
 * first highlighted); the source as it is when it needs no choice; undefined when dismissed.
 */
export async function chooseWithin(source: SourceSpec, uri: vscode.Uri, context: Pick<TrainContext, 'host'>): Promise<SourceSpec | undefined> {
  if (source.kind !== 'xlsx' && source.kind !== 'sqlite') return source;
  let choices;
  try {
    choices = await context.host.sourceChoices(source);
  } catch (error) {
    if (isUserFacing(error)) throw new DataError(`${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`);
    throw error;
  }
  if (choices === undefined || choices.names.length === 0) return source;
  if (choices.names.length === 1) return withChoice(source, choices.names[0]);
  const picked = await vscode.window.showQuickPick(choices.names, {
    title: `AutoML: ${choices.kind} of ${vscode.workspace.asRelativePath(uri)}`,
    placeHolder: `The ${choices.kind} to read`,
    ignoreFocusOut: true,
  });
  return picked === undefined ? undefined : withChoice(source, picked);
}

function withChoice(source: SourceSpec, name: string): SourceSpec {
  if (source.kind === 'xlsx') return { ...source, sheet: name };
  if (source.kind === 'sqlite') return { ...source, table: name };
  return source;
}

/**
 * The folder whose `.automl/runs` gets the run: the workspace folder holding the file, else the
 * first workspace folder, else (no workspace open) the file's own folder.
 */
function runRoot(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  return folder !== undefined && folder.uri.scheme === 'file' ? folder.uri.fsPath : dirname(uri.fsPath);
}

