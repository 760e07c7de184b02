/**
 * The Runs tree of the AutoML activity-bar container: every run folder under `.automl/runs` in
 * the workspace folders, newest first, kept up to date by a file watcher. Items carry a
 * `contextValue` ('automl.run' or 'automl.profile') that package.json's menus key on for Open,
 * Delete and Rerun. A run checked for drift lists its checks (newest first) under it; each
 * opens in the Monitoring panel.
 */
import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { runsDirectory } from '../../node/runFolder';
import { isMonitoringFileName, type MonitoringCheckEntry } from '../../protocol/webview';
import { listChecks, monitoringFolder } from '../monitor/monitorChecks';
import { listRuns, type RunSummary } from '../runs/savedRuns';

const GRADE_ICONS: Readonly<Record<MonitoringCheckEntry['grade'], string>> = { ok: 'pass', warn: 'warning', alert: 'error' };

/** One drift check of a run: opens in the Monitoring panel. */
export class CheckItem extends vscode.TreeItem {
  constructor(
    readonly runDir: string,
    readonly entry: MonitoringCheckEntry,
  ) {
    super(entry.checkedAt.replace('T', ' ').slice(0, 16), vscode.TreeItemCollapsibleState.None);
    this.id = `${runDir}#${entry.file}`;
    this.contextValue = 'automl.check';
    this.description = `${entry.grade} · ${entry.source}`;
    this.iconPath = new vscode.ThemeIcon(GRADE_ICONS[entry.grade] ?? 'pulse');
    this.tooltip = `${entry.source}\n${entry.checkedAt}: ${entry.grade}`;
    this.command = { command: 'automl.openMonitoring', title: 'Open Monitoring', arguments: [{ runDir, file: entry.file }] };
  }
}

/** Whether the run has a saved check (cheap: names only). */
async function hasChecks(runDir: string): Promise<boolean> {
  try {
    return (await readdir(monitoringFolder(runDir))).some(isMonitoringFileName);
  } catch {
    return false;
  }
}

export class RunItem extends vscode.TreeItem {
  constructor(
    readonly summary: RunSummary,
    checked = false,
  ) {
    super(summary.name, checked ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
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

type RunsTreeItem = RunItem | CheckItem;

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsTreeItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.automl/runs/*/spec.json');
    const checks = vscode.workspace.createFileSystemWatcher('**/.automl/runs/*/monitoring/*.json');
    this.disposables.push(
      checks,
      checks.onDidCreate(() => this.refresh()),
      checks.onDidDelete(() => this.refresh()),
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

  getTreeItem(item: RunsTreeItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: RunsTreeItem): Promise<RunsTreeItem[]> {
    if (item instanceof CheckItem) return [];
    if (item !== undefined) return (await listChecks(item.summary.runDir)).map((entry) => new CheckItem(item.summary.runDir, entry));
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const runs = (await Promise.all(folders.map((f) => listRuns(runsDirectory(f.uri.fsPath))))).flat();
    const sorted = runs.sort((a, b) => b.name.localeCompare(a.name));
    const checked = await Promise.all(sorted.map((summary) => (summary.kind === 'run' ? hasChecks(summary.runDir) : false)));
    return sorted.map((summary, i) => new RunItem(summary, checked[i]));
  }

  dispose(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
