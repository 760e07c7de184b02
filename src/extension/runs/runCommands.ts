/**
 * What the Runs tree's items do (open, delete, rerun; Save Run as Spec is in saveRunSpec.ts) and
 * the profile's "Exclude column". A command gets its run as a tree item, a run folder `Uri` or a
 * path, so key bindings and other extensions can call it too.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { DataError } from '../../engine/errors';
import { recordSource, runSource } from '../../node/runSource';
import { readRunSpecFile } from '../../node/specFiles';
import { describeSource, isFileSource } from '../../engine/data/sourceSpec';
import type { RunInfo } from '../../protocol/webview';
import { isRunDirPath, loadProfileRun } from '../panels/profileRun';
import { trainOnFile, type TrainContext } from '../trainRun';
import { allowedInWorkspace, untrustedAction } from '../workspaceTrust';
import { RunItem, type RunsTreeProvider } from '../views/runsTree';
import { readRunSpec } from './savedRuns';

/** The run folder a command was given. */
function runDirOf(arg: unknown): string {
  const path = arg instanceof RunItem ? arg.summary.runDir : arg instanceof vscode.Uri ? arg.fsPath : typeof arg === 'string' ? arg : undefined;
  if (path === undefined || !isRunDirPath(path)) throw new DataError('Choose a run in the AutoML Runs view.');
  return path;
}

export class RunCommands {
  constructor(
    private readonly context: TrainContext,
    private readonly tree: RunsTreeProvider,
  ) {}

  /** A trained run opens its leaderboard; a profile opens the Data Profile. */
  async open(arg: unknown): Promise<void> {
    const runDir = runDirOf(arg);
    const spec = await readRunSpec(runDir);
    if (spec?.kind === 'run') await this.context.leaderboards.showRun(runDir);
    else this.context.profiles.show(await loadProfileRun(runDir));
  }

  /** Deletes the run folder after a modal confirmation, and closes its panels. */
  async delete(arg: unknown): Promise<void> {
    const runDir = runDirOf(arg);
    const name = runDir.split(/[\\/]/).pop() ?? runDir;
    const choice = await vscode.window.showWarningMessage(
      `Delete the AutoML run "${name}"?`,
      { modal: true, detail: `This deletes the folder ${runDir} with its model and explanations.` },
      'Delete',
    );
    if (choice !== 'Delete') return;
    this.context.leaderboards.closeRun(runDir);
    this.context.explanations.closeRun(runDir);
    this.context.profiles.closeRun(runDir);
    if (this.context.selection.selected?.runDir === runDir) this.context.selection.select(undefined);
    await rm(runDir, { recursive: true, force: true });
    this.context.output.info(`Deleted run folder ${runDir}.`);
    this.tree.refresh();
  }

  /**
   * Runs again with the run's spec, its `spec.automl` (every default as the run chose it; for
   * runs from before spec files, `spec.json`), and the file's current exclusions.
   */
  async rerun(arg: unknown): Promise<void> {
    const runDir = runDirOf(arg);
    const saved = await readRunSpec(runDir);
    const spec = saved?.kind === 'run' ? await readRunSpecFile(runDir) : undefined;
    const target = spec?.run.target;
    if (spec === undefined || target === undefined || spec.source === undefined) {
      throw new DataError('Only a training run can be rerun; run "AutoML this" on the data file to train on it.');
    }
    // The run folder sits at <root>/.automl/runs/<name>.
    const root = dirname(dirname(dirname(runDir)));
    const fileLabel = saved?.file ?? describeSource(recordSource(spec.source, root));
    // A web API's records as the run fetched them (source.ndjson); a file only if it is still there.
    const source = runSource(runDir, { source: spec.source });
    if (source === undefined) throw new DataError(`The data of this run ('${fileLabel}') was not found.`);
    const action = untrustedAction(source);
    if (action !== undefined && !allowedInWorkspace(action)) return;
    const config = vscode.workspace.getConfiguration('automl', isFileSource(source) ? vscode.Uri.file(source.path) : undefined);
    const workers = config.get<number | null>('workers');
    await trainOnFile(
      {
        source,
        secrets: await this.context.secrets.forSource(source),
        fileLabel,
        root,
        raggedRows: spec.raggedRows ?? 'pad',
        ...(spec.types === undefined ? {} : { types: spec.types }),
        ...(spec.monitor === undefined ? {} : { monitor: spec.monitor }),
        workers: typeof workers === 'number' && workers >= 1 ? Math.floor(workers) : undefined,
        spec: {
          ...spec.run,
          target,
          seed: spec.run.seed ?? 42,
          exclude: this.context.exclusions.of(fileLabel).filter((column) => column !== target),
        },
      },
      this.context,
    );
  }

  /** The profile's "Exclude column": remembered for the file's next run, with an offer to rerun now. */
  async excludeColumn(run: RunInfo, column: string, exclude: boolean): Promise<void> {
    const columns = await this.context.exclusions.toggle(run.file, column, exclude);
    this.context.profiles.setExcluded(run.file, columns);
    const spec = await readRunSpec(run.runDir).catch(() => undefined);
    const canRerun = spec?.kind === 'run' && this.context.active.size === 0;
    const text = exclude ? `"${column}" will be left out of the next run of ${run.file}.` : `"${column}" is used again in the next run of ${run.file}.`;
    const choice = await vscode.window.showInformationMessage(`AutoML: ${text}`, ...(canRerun ? ['Run Again Now'] : []));
    if (choice === 'Run Again Now') await this.rerun(run.runDir);
  }
}
