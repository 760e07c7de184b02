/**
 * AutoML: Check Drift…: a finished run (the one given, else picked), then the new data (a data
 * file, a database, a web API, or a prediction service's log folder), checked in the engine
 * worker with a cancellable progress notification. The report opens in the Monitoring panel and
 * raises its alerts; a checked log folder stays watched and is checked again when it grows.
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { fileKindOf, type SourceSecrets, type SourceSpec } from '../../engine/data/sourceSpec';
import { DataError } from '../../engine/errors';
import { isUserFacing, type EngineHost, type MonitorCheck } from '../../node/engineHost';
import { isMonitoringFileName } from '../../protocol/webview';
import type { MonitorCheckOptions, MonitorData } from '../../protocol/worker';
import { pickTrainedRun, runDirArgument } from '../export/runChoice';
import type { MonitoringPanels } from '../panels/monitoringPanel';
import { pickDataFileUri } from '../dataFileDialog';
import { chooseWithin } from '../runOnFile';
import { labelOf } from '../runOnSource';
import { askDatabaseSource, askWebApiSource } from '../sourceCommands';
import type { SourceSecretStore } from '../sourceSecrets';
import { allowedInWorkspace } from '../workspaceTrust';
import type { LogWatches } from './logWatches';
import type { MonitorAlerts } from './monitorAlerts';

export interface DriftCheckContext {
  readonly host: EngineHost;
  readonly output: vscode.LogOutputChannel;
  readonly secrets: SourceSecretStore;
  readonly panels: MonitoringPanels;
  readonly alerts: MonitorAlerts;
  readonly watches: LogWatches;
}

/** New data to check, with the secrets its source needs (in memory only). */
interface PickedData {
  readonly data: MonitorData;
  readonly secrets?: SourceSecrets;
}

type DataKind = 'file' | 'database' | 'webApi' | 'serviceLog';

const DATA_KINDS: readonly (vscode.QuickPickItem & { readonly dataKind: DataKind })[] = [
  { label: '$(file) Data file…', description: 'CSV, TSV, JSON, NDJSON, Parquet, Excel or SQLite', dataKind: 'file' },
  { label: '$(database) Database…', description: 'a PostgreSQL table or query', dataKind: 'database' },
  { label: '$(globe) Web API…', description: 'JSON records from a URL', dataKind: 'webApi' },
  { label: '$(folder) Prediction service log folder…', description: 'predictions-*.ndjson (and feedback-*.ndjson) of an exported service; watched afterwards', dataKind: 'serviceLog' },
];

/**
 * A service's logs are checked per UTC day of their records' `ts` too (drift and performance over
 * days); other data in windows of `automl.monitor.windowRows` rows when that is set.
 */
function optionsFor(data: MonitorData): MonitorCheckOptions {
  if (data.kind === 'serviceLog') return { windows: { kind: 'day' } };
  const size = vscode.workspace.getConfiguration('automl').get<number>('monitor.windowRows', 0);
  return Number.isSafeInteger(size) && size > 0 ? { windows: { kind: 'rows', size } } : {};
}

/** The folder whose `.automl/runs` holds the run (`<root>/.automl/runs/<name>`). */
function rootOfRun(runDir: string): string {
  return dirname(dirname(dirname(runDir)));
}

export class DriftChecks {
  /** The grade of each run's last check, so a watched folder notifies only when the grade changes. */
  private readonly lastGrade = new Map<string, string>();

  constructor(private readonly context: DriftCheckContext) {}

  /** The command: its argument names the run (Runs view, panel), else the user picks one. */
  async check(arg?: unknown): Promise<void> {
    const runDir = runDirArgument(arg) ?? (await pickTrainedRun('AutoML: check drift of which run?'))?.runDir;
    if (runDir === undefined) return;
    const picked = await this.pickData(runDir);
    if (picked === undefined) return;
    const result = await this.run(runDir, picked, true);
    if (result === undefined) return;
    if (picked.data.kind === 'serviceLog' && vscode.workspace.getConfiguration('automl').get<boolean>('monitor.watchServiceLogs', true)) {
      this.context.watches.watch(runDir, picked.data.folder);
      this.context.output.info(`Watching ${picked.data.folder}: ${basename(runDir)} is checked again when its logs grow.`);
      await this.context.panels.refreshRun(runDir, basename(result.file));
    }
  }

  /** Opens a check of a run: `{ runDir, file }` (a check in the Runs view), else the run's newest. */
  async open(arg?: unknown): Promise<void> {
    const runDir = runDirArgument(arg) ?? (await pickTrainedRun('AutoML: open the monitoring of which run?'))?.runDir;
    if (runDir === undefined) return;
    const file = typeof arg === 'object' && arg !== null ? (arg as { file?: unknown }).file : undefined;
    await this.context.panels.show(runDir, isMonitoringFileName(file) ? file : undefined);
  }

  /** Stops watching a run's log folder (the run given, else the one picked among the watched). */
  async stopWatching(arg?: unknown): Promise<void> {
    const watched = this.context.watches.runs();
    let runDir = runDirArgument(arg);
    if (runDir === undefined) {
      if (watched.length === 0) {
        void vscode.window.showInformationMessage('AutoML: no service log folder is being watched.');
        return;
      }
      runDir =
        watched.length === 1
          ? watched[0]
          : (await vscode.window.showQuickPick(watched.map((dir) => ({ label: basename(dir), description: this.context.watches.folderOf(dir), dir })), { title: 'AutoML: stop watching the logs of which run?' }))?.dir;
      if (runDir === undefined) return;
    }
    const folder = this.context.watches.folderOf(runDir);
    if (this.context.watches.stop(runDir)) this.context.output.info(`Stopped watching ${folder ?? ''} for ${basename(runDir)}.`);
    await this.context.panels.refreshRun(runDir);
  }

  /** A watched log folder grew: check again, quietly unless the grade changed. */
  async recheckLog(runDir: string, folder: string): Promise<void> {
    const result = await this.run(runDir, { data: { kind: 'serviceLog', folder } }, false);
    if (result !== undefined) await this.context.panels.refreshRun(runDir);
  }

  /** Runs one check in the engine worker; undefined when cancelled. */
  private async run(runDir: string, { data, secrets }: PickedData, interactive: boolean): Promise<MonitorCheck | undefined> {
    const label = data.kind === 'source' ? data.label : basename(data.folder);
    const title = `AutoML: checking ${label} against ${basename(runDir)}`;
    let result: MonitorCheck;
    try {
      result = interactive
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            return this.context.host.checkDrift(runDir, data, optionsFor(data), { secrets, signal: abort.signal });
          })
        : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => this.context.host.checkDrift(runDir, data, optionsFor(data), { secrets }));
    } catch (error) {
      if (error instanceof Error && error.name === 'CancelledError') {
        this.context.output.info(`Check of ${label} cancelled; no report was written.`);
        return undefined;
      }
      if (isUserFacing(error)) throw new DataError(`${label}: ${(error as Error).message}`);
      throw error;
    }
    const { report, file } = result;
    this.context.output.info(`Checked ${label} against ${basename(runDir)}: ${report.grade} (${report.rows} rows, ${Math.round(report.elapsedMs)} ms); report ${file}`);
    const previous = this.lastGrade.get(runDir);
    this.lastGrade.set(runDir, report.grade);
    if (interactive) await this.context.panels.show(runDir, basename(file));
    // A watched folder re-checks often: it notifies only when the grade changes; diagnostics always follow.
    await this.context.alerts.raise(runDir, report, file, interactive || previous !== report.grade);
    return result;
  }

  /** Asks what to check; undefined when dismissed. */
  private async pickData(runDir: string): Promise<PickedData | undefined> {
    const kind = (await vscode.window.showQuickPick(DATA_KINDS, { title: `AutoML: new data to check against ${basename(runDir)}`, placeHolder: 'Where is the new data?', ignoreFocusOut: true }))?.dataKind;
    switch (kind) {
      case undefined:
        return undefined;
      case 'file':
        return this.pickFile(runDir);
      case 'database': {
        if (!allowedInWorkspace('connecting to a database')) return undefined;
        return this.asSource(runDir, await askDatabaseSource(this.context));
      }
      case 'webApi': {
        if (!allowedInWorkspace('fetching a web API')) return undefined;
        return this.asSource(runDir, await askWebApiSource(this.context));
      }
      case 'serviceLog': {
        const picked = await vscode.window.showOpenDialog({
          canSelectFiles: false,
          canSelectFolders: true,
          canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: 'Check these logs',
          title: 'AutoML: the prediction service\'s log folder',
        });
        const folder = picked?.[0];
        if (folder === undefined) return undefined;
        if (folder.scheme !== 'file') throw new DataError(`AutoML can only read folders on disk, not ${folder.toString()}.`);
        return { data: { kind: 'serviceLog', folder: folder.fsPath } };
      }
    }
  }

  private async pickFile(runDir: string): Promise<PickedData | undefined> {
    const uri = await pickDataFileUri('Check this data', `AutoML: new data to check against ${basename(runDir)}`);
    if (uri === undefined) return undefined;
    if (uri.scheme !== 'file') throw new DataError(`AutoML can only read files on disk, not ${uri.toString()}.`);
    const kind = fileKindOf(uri.fsPath);
    if (kind === undefined) throw new DataError(`${vscode.workspace.asRelativePath(uri)} is not a data file AutoML reads (CSV, TSV, JSON, NDJSON, Parquet, Excel or SQLite).`);
    const source = await chooseWithin({ kind, path: uri.fsPath } as SourceSpec, uri, this.context);
    return source === undefined ? undefined : this.asSource(runDir, { source, secrets: {} });
  }

  private asSource(runDir: string, asked: { source: SourceSpec; secrets: SourceSecrets } | undefined): PickedData | undefined {
    if (asked === undefined) return undefined;
    return { data: { kind: 'source', source: asked.source, label: labelOf(asked.source, rootOfRun(runDir)) }, secrets: asked.secrets };
  }
}
