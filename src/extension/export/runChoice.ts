/**
 * Which run (and which of its models) an export command works on: the one it was given (a Runs
 * tree item, a run folder `Uri` or path, or `{ runDir, model }` from the Leaderboard), else one the
 * user picks from the trained runs of the workspace, newest first.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { DataError } from '../../engine/errors';
import { runsDirectory } from '../../node/runFolder';
import { isModelKey, type ModelKey } from '../../protocol/webview';
import { Command } from '../commands';
import type { ModelSelection } from '../modelSelection';
import { isRunDirPath } from '../panels/profileRun';
import { listRuns, type RunSummary } from '../runs/savedRuns';

/** A model of a finished run. */
export interface RunModelChoice {
  readonly runDir: string;
  readonly model: ModelKey;
}

/** The run folder a command argument names, or undefined when it names none (palette: no argument). */
export function runDirArgument(arg: unknown): string | undefined {
  let path: string | undefined;
  if (typeof arg === 'string') path = arg;
  else if (arg instanceof vscode.Uri) path = arg.fsPath;
  else if (typeof arg === 'object' && arg !== null) {
    // A Runs tree item carries its run as `summary`; the Leaderboard passes `{ runDir, model }`.
    const record = arg as { summary?: { runDir?: unknown }; runDir?: unknown };
    const dir = record.summary?.runDir ?? record.runDir;
    if (typeof dir === 'string') path = dir;
  }
  if (path === undefined) return undefined;
  if (!isRunDirPath(path)) throw new DataError(`${path} is not an AutoML run folder (.automl/runs/<run>).`);
  return path;
}

/**
 * The model a command exports: the one named in `{ runDir, model }`, else the model selected on
 * the run's Leaderboard, else the run's final model.
 */
export function modelFor(runDir: string, arg: unknown, selection: ModelSelection | undefined): ModelKey {
  const named = typeof arg === 'object' && arg !== null ? (arg as { model?: unknown }).model : undefined;
  if (isModelKey(named)) return named;
  const selected = selection?.selected;
  return selected !== undefined && selected.runDir === runDir ? selected.model : 'final';
}

/** Every trained run in the workspace folders, newest first. */
export async function trainedRuns(): Promise<RunSummary[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const runs = (await Promise.all(folders.map((f) => listRuns(runsDirectory(f.uri.fsPath))))).flat();
  return runs.filter((r) => r.kind === 'run').sort((a, b) => b.name.localeCompare(a.name));
}

interface RunPickItem extends vscode.QuickPickItem {
  readonly run: RunSummary;
}

/**
 * Asks for a trained run of the workspace, newest first (`preferred` first: the run whose model
 * is selected on a Leaderboard). Undefined when dismissed or when there is none (then says so).
 */
export async function pickTrainedRun(title: string, preferred?: string): Promise<RunSummary | undefined> {
  const runs = await trainedRuns();
  if (runs.length === 0) {
    const choice = await vscode.window.showInformationMessage('AutoML: there is no trained run in this workspace yet.', 'AutoML a CSV File…');
    if (choice !== undefined) await vscode.commands.executeCommand(Command.runOnPickedFile);
    return undefined;
  }
  runs.sort((a, b) => Number(b.runDir === preferred) - Number(a.runDir === preferred));
  const items: RunPickItem[] = runs.map((run) => ({
    label: run.name,
    description: [run.target, run.score, run.cancelled ? 'cancelled' : undefined, run.runDir === preferred ? 'selected on the leaderboard' : undefined]
      .filter((part) => part !== undefined && part !== '')
      .join(' · '),
    detail: `${run.file}${run.model === undefined ? '' : ` · final model: ${run.model}`}`,
    run,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Which run? (newest first)',
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.run;
}

/** How a model of a run reads in progress titles and messages: "the final model of 2025…-titanic". */
export function describeChoice({ runDir, model }: RunModelChoice): string {
  return `${model === 'final' ? 'the final model' : `trial ${model}`} of ${basename(runDir)}`;
}
