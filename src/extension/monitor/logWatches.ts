/**
 * Watched service log folders: after a check of a prediction service's log folder, a
 * FileSystemWatcher on its `predictions-*.ndjson` and `feedback-*.ndjson` files re-runs the check
 * of the run when they grow (debounced, never overlapping). One watch per run; disposed with the
 * extension or when the user stops it, and kept in the workspace state so a reloaded window
 * watches the same folders again.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { DebouncedRunner } from './debouncedRunner';

/** How long the log must stay quiet before it is checked again. */
export const WATCH_DEBOUNCE_MS = 5_000;

/** The workspace-state key of the watched folders (run folder -> log folder). */
const STATE_KEY = 'automl.monitor.watchedLogFolders';

interface Watch {
  readonly folder: string;
  readonly disposables: vscode.Disposable[];
}

export class LogWatches implements vscode.Disposable {
  private readonly watches = new Map<string, Watch>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the run folder whose watch started or stopped. */
  readonly onDidChange = this.changed.event;

  constructor(
    /** Checks the run's log folder again (reports its own errors). */
    private readonly recheck: (runDir: string, folder: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly state?: vscode.Memento,
    private readonly debounceMs = WATCH_DEBOUNCE_MS,
  ) {}

  /** Watches again the folders a previous window watched (those whose run and folder still exist). */
  restore(): void {
    const saved = this.state?.get<Record<string, string>>(STATE_KEY) ?? {};
    for (const [runDir, folder] of Object.entries(saved)) {
      if (typeof folder === 'string' && existsSync(runDir) && existsSync(folder)) this.watch(runDir, folder);
    }
    this.save();
  }

  private save(): void {
    void this.state?.update(STATE_KEY, Object.fromEntries([...this.watches].map(([runDir, watch]) => [runDir, watch.folder])));
  }

  /** Watches `folder` for the run (replacing another folder's watch of the same run). */
  watch(runDir: string, folder: string): void {
    if (this.watches.get(runDir)?.folder === folder) return;
    this.stop(runDir, false);
    const runner = new DebouncedRunner(() => this.recheck(runDir, folder), this.debounceMs, this.onError);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), '{predictions,feedback}-*.ndjson'));
    const poke = (): void => runner.poke();
    this.watches.set(runDir, { folder, disposables: [watcher, watcher.onDidChange(poke), watcher.onDidCreate(poke), runner] });
    this.save();
    this.changed.fire(runDir);
  }

  /** The folder watched for the run, if any. */
  folderOf(runDir: string): string | undefined {
    return this.watches.get(runDir)?.folder;
  }

  /** The watched folder as a person reads it: its name (the full path is in the log). */
  labelOf(runDir: string): string | undefined {
    const folder = this.folderOf(runDir);
    return folder === undefined ? undefined : basename(folder);
  }

  /** Every run being watched. */
  runs(): string[] {
    return [...this.watches.keys()];
  }

  /** Stops the run's watch; false when there was none. */
  stop(runDir: string, notify = true): boolean {
    const watch = this.watches.get(runDir);
    if (watch === undefined) return false;
    this.watches.delete(runDir);
    for (const disposable of watch.disposables) disposable.dispose();
    if (notify) {
      this.save();
      this.changed.fire(runDir);
    }
    return true;
  }

  /** Ends every watch (the window closes: the saved list stays for the next one). */
  dispose(): void {
    for (const runDir of [...this.watches.keys()]) this.stop(runDir, false);
    this.changed.dispose();
  }
}
