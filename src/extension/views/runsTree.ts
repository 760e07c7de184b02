/**
 * The Runs tree of the AutoML activity-bar container: every run folder under `.automl/runs` in
 * the workspace folders, newest first, kept up to date by a file watcher. Items carry a
 * `contextValue` ('automl.run' or 'automl.profile') that package.json's menus key on for Open,
 * Delete and Rerun.
 */
import * as vscode from 'vscode';
import { runsDirectory } from '../../node/runFolder';
import { listRuns, type RunSummary } from '../runs/savedRuns';

export class RunItem extends vscode.TreeItem {
  constructor(readonly summary: RunSummary) {
    super(summary.name, vscode.TreeItemCollapsibleState.None);
    const { kind, target, score, model, cancelled, file } = summary;
    this.id = summary.runDir;
    this.contextValue = kind === 'run' ? 'automl.run' : 'automl.profile';
    this.description = kind === 'run' ? `${target ?? ''} · ${score ?? ''}${cancelled ? ' · cancelled' : ''}` : `profile${target ? ` · ${target}` : ''}`;
    this.iconPath = new vscode.ThemeIcon(kind === 'run' ? (cancelled ? 'debug-stop' : 'graph') : 'table');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(`${file}\n`);
    if (target) tooltip.appendText(`target: ${target}\n`);
    if (model) tooltip.appendText(`final model: ${model}\n`);
    if (score) tooltip.appendText(`cross-validated ${score}\n`);
    tooltip.appendText(summary.runDir);
    this.tooltip = tooltip;
    this.command = { command: 'automl.openRun', title: 'Open Run', arguments: [this] };
  }
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.automl/runs/*/spec.json');
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.refresh()),
      watcher.onDidDelete(() => this.refresh()),
      watcher.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  /** Re-reads the run folders (debounced: a run writes several files at once). */
  refresh(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
    }, 200);
  }

  getTreeItem(item: RunItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: RunItem): Promise<RunItem[]> {
    if (item !== undefined) return [];
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const runs = (await Promise.all(folders.map((f) => listRuns(runsDirectory(f.uri.fsPath))))).flat();
    return runs.sort((a, b) => b.name.localeCompare(a.name)).map((summary) => new RunItem(summary));
  }

  dispose(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
