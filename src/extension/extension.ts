/**
 * Extension entry point. Activation stays cheap: the engine worker starts on the first request,
 * and panels, views and commands only read run folders when asked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { pickDataFileUri } from './dataFileDialog';
import { CancelledError } from '../engine/errors';
import { EngineHost, isUserFacing } from '../node/engineHost';
import { EXPLANATIONS_VIEW_TYPE, IMPORTANCE_VIEW_ID, LEADERBOARD_VIEW_TYPE, MONITORING_VIEW_TYPE, PROFILE_VIEW_TYPE } from '../protocol/webview';
import { Command, type CommandId } from './commands';
import { ExportCommands } from './export/exportCommands';
import { runDirArgument } from './export/runChoice';
import { PREDICTION_CODE_LANGUAGES, PredictionCodeActions } from './export/predictionCodeActions';
import { JobStatus } from './jobStatus';
import { DriftChecks } from './monitor/driftChecks';
import { LogWatches } from './monitor/logWatches';
import { MonitorAlerts } from './monitor/monitorAlerts';
import { MonitoringPanels } from './panels/monitoringPanel';
import { ModelSelection } from './modelSelection';
import { ExplanationsPanels } from './panels/explanationsPanel';
import { LeaderboardPanels } from './panels/leaderboardPanel';
import { ProfilePanels } from './panels/profilePanel';
import { runOnFile } from './runOnFile';
import { ActiveRuns } from './runs/activeRuns';
import { Exclusions } from './runs/exclusions';
import { RunCommands } from './runs/runCommands';
import { ReportOpener } from './runs/openReport';
import { saveRunAsSpec } from './runs/saveRunSpec';
import { runOnDatabase, runOnWebApi } from './sourceCommands';
import { SourceSecretStore } from './sourceSecrets';
import type { TrainContext } from './trainRun';
import { ImportanceViewProvider } from './views/importanceView';
import { RunsTreeProvider } from './views/runsTree';
import { SpecCommands } from './specs/specCommands';
import { startLanguageClient } from './languageClient';

/** Data files AutoML reads: CSV or TSV (plain or gzip-compressed), JSON, NDJSON, Parquet, Excel, SQLite. */
const DATA_FILE = /\.((csv|tsv)(\.gz)?|json|ndjson|jsonl|parquet|xlsx|sqlite|sqlite3|db)$/i;

/** Registers the commands, panels, views and the engine host; everything is disposed through `context.subscriptions`. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('AutoML', { log: true });
  context.subscriptions.push(output);
  try {
    const secrets = new SourceSecretStore(context.secrets);
    const host = new EngineHost({
      workerPath: join(context.extensionPath, 'dist', 'engineWorker.js'),
      log: (message) => output.info(message),
      runSecrets: (runDir) => secrets.forRun(runDir),
    });
    context.subscriptions.push({ dispose: () => host.dispose() });
    const { extensionUri } = context;
    const jobs = new JobStatus();
    const selection = new ModelSelection();
    const active = new ActiveRuns();
    const exclusions = new Exclusions(context.workspaceState);
    const profiles = new ProfilePanels(extensionUri, output);
    const explanations = new ExplanationsPanels(extensionUri, output, host);
    const leaderboards = new LeaderboardPanels(extensionUri, output, selection, {
      openExplanations: (runDir, model) => {
        if (runDir === undefined) void vscode.window.showInformationMessage('AutoML: explanations are available when the run finishes.');
        else explanations.show(runDir, model);
      },
      cancel: (id) => void active.cancel(id),
      exportModel: (runDir, model) => {
        if (runDir === undefined) void vscode.window.showInformationMessage('AutoML: the model can be exported when the run finishes.');
        // Through the command, so its errors are reported like the palette's.
        else void vscode.commands.executeCommand(Command.exportModel, { runDir, model });
      },
      saveSpec: (runDir) => {
        if (runDir === undefined) void vscode.window.showInformationMessage('AutoML: the spec can be saved when the run finishes.');
        else void vscode.commands.executeCommand(Command.saveRunAsSpec, { runDir });
      },
    });
    const runsTree = new RunsTreeProvider();
    const importance = new ImportanceViewProvider(extensionUri, output, host, selection, (runDir, model) => explanations.show(runDir, model));
    context.subscriptions.push(
      jobs,
      selection,
      profiles,
      explanations,
      leaderboards,
      runsTree,
      importance,
      vscode.window.registerWebviewPanelSerializer(PROFILE_VIEW_TYPE, profiles),
      vscode.window.registerWebviewPanelSerializer(LEADERBOARD_VIEW_TYPE, leaderboards),
      vscode.window.registerWebviewPanelSerializer(EXPLANATIONS_VIEW_TYPE, explanations),
      vscode.window.registerWebviewViewProvider(IMPORTANCE_VIEW_ID, importance),
      vscode.window.createTreeView('automl.runs', { treeDataProvider: runsTree, showCollapseAll: false }),
    );
    const train: TrainContext = { host, output, jobs, profiles, leaderboards, explanations, selection, active, exclusions, secrets };
    const runs = new RunCommands(train, runsTree);
    const exports = new ExportCommands({ host, output, selection });
    const reports = new ReportOpener({ output, selection });
    context.subscriptions.push(reports);
    context.subscriptions.push(
      vscode.languages.registerCodeActionsProvider(
        PREDICTION_CODE_LANGUAGES.map((language) => ({ language, scheme: 'file' })),
        new PredictionCodeActions(),
        PredictionCodeActions.metadata,
      ),
    );
    profiles.excludedColumns = (file) => exclusions.of(file);
    profiles.onExcludeColumn = (run, column, exclude) => void runs.excludeColumn(run.run, column, exclude).catch((error: unknown) => reportError(output, error));

    const register = (id: CommandId, handler: (...args: unknown[]) => Promise<void> | void): void => {
      context.subscriptions.push(
        vscode.commands.registerCommand(id, async (...args: unknown[]) => {
          try {
            await handler(...args);
          } catch (error) {
            reportError(output, error);
          }
        }),
      );
    };
    register(Command.runOnFile, async (uri) => {
      const file = uri instanceof vscode.Uri ? uri : (activeDataFile() ?? (await pickDataFile()));
      if (file !== undefined) await runOnFile(file, train);
    });
    register(Command.runOnPickedFile, async () => {
      const file = await pickDataFile();
      if (file !== undefined) await runOnFile(file, train);
    });
    register(Command.runOnDatabase, () => runOnDatabase(train));
    register(Command.runOnWebApi, () => runOnWebApi(train));
    register(Command.cancelRun, () => {
      if (active.cancel() === 0) void vscode.window.showInformationMessage('AutoML: no run is in progress.');
      else output.info('Cancel requested: the search stops and keeps the trials that finished.');
    });
    register(Command.showActiveRun, () => {
      const latest = active.latest();
      if (latest === undefined) output.show(true);
      else leaderboards.showSession(latest.id, latest.session);
    });
    register(Command.explainSelected, () => {
      const selected = selection.selected;
      if (selected?.runDir !== undefined) explanations.show(selected.runDir, selected.model);
      else void vscode.window.showInformationMessage(selected === undefined ? 'AutoML: select a model on a leaderboard first.' : 'AutoML: explanations are available when the run finishes.');
    });
    register(Command.openRun, (item) => runs.open(item));
    register(Command.rerun, (item) => runs.rerun(item));
    register(Command.refreshRuns, () => runsTree.refresh());
    register(Command.saveRunAsSpec, async (arg) => void (await saveRunAsSpec(arg, output)));
    register(Command.exportModel, async (arg) => void (await exports.exportModel(arg)));
    register(Command.createService, async (arg) => void (await exports.createService(arg)));
    register(Command.openReport, async (arg) => void (await reports.open(arg)));
    register(Command.insertPredictionCode, async (uri, position) => void (await exports.insertPredictionCode(uri, position)));
    startLanguageClient(context, output);
    const specs = new SpecCommands(train, exports);
    register(Command.runSpec, (uri) => specs.run(uri));
    register(Command.profileSpec, (uri) => specs.profile(uri));
    register(Command.openLastRun, (uri) => specs.openLastRun(uri));
    register(Command.exportBestModel, (uri) => specs.exportBestModel(uri));
    register(Command.showLog, () => output.show(true));

    // Monitoring: checks in the engine worker, the panel, alerts, and watched service log folders.
    const monitoring: { checks?: DriftChecks } = {};
    const watches = new LogWatches(
      (runDir, folder) => monitoring.checks?.recheckLog(runDir, folder) ?? Promise.resolve(),
      (error) => reportError(output, error),
      context.workspaceState,
    );
    const monitoringPanels = new MonitoringPanels(extensionUri, output, {
      checkAgain: (runDir) => void vscode.commands.executeCommand(Command.checkDrift, runDir),
      stopWatching: (runDir) => void vscode.commands.executeCommand(Command.stopWatchingLogs, runDir),
      watching: (runDir) => watches.labelOf(runDir),
    });
    const alerts = new MonitorAlerts((runDir, file) => void monitoringPanels.show(runDir, file), output);
    monitoring.checks = new DriftChecks({ host, output, secrets, panels: monitoringPanels, alerts, watches });
    const checks = monitoring.checks;
    context.subscriptions.push(watches, monitoringPanels, alerts, vscode.window.registerWebviewPanelSerializer(MONITORING_VIEW_TYPE, monitoringPanels));
    watches.restore();
    register(Command.checkDrift, (arg) => checks.check(arg));
    register(Command.openMonitoring, (arg) => checks.open(arg));
    register(Command.stopWatchingLogs, (arg) => checks.stopWatching(arg));
    register(Command.deleteRun, async (item) => {
      await runs.delete(item);
      // A deleted run's monitoring goes with it: its panel, its diagnostics, its log watch.
      const runDir = runDirArgument(item);
      if (runDir !== undefined && !existsSync(runDir)) {
        monitoringPanels.closeRun(runDir);
        alerts.clear(runDir);
        watches.stop(runDir);
      }
    });
  } catch (error) {
    reportError(output, error);
    throw error;
  }
}

/** Called by VS Code on shutdown; all cleanup is already registered in `context.subscriptions`. */
export function deactivate(): void {
  // VS Code disposes `context.subscriptions` (output, status item, engine host and worker) itself.
}

/** The one place errors reach the user: a short message, with details and stack in the log. */
function reportError(output: vscode.LogOutputChannel, error: unknown): void {
  if (error instanceof CancelledError) {
    output.info('Cancelled; nothing was written.');
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  output.error(error instanceof Error ? (error.stack ?? message) : message);
  const shown = isUserFacing(error) ? `AutoML: ${message}` : `AutoML failed unexpectedly: ${message}`;
  void vscode.window.showErrorMessage(shown, 'Show Log').then((choice) => {
    if (choice === 'Show Log') output.show(true);
  });
}

/** The CSV/TSV in the active editor, so the command also works from a key binding. */
function activeDataFile(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri !== undefined && uri.scheme === 'file' && DATA_FILE.test(uri.path) ? uri : undefined;
}

function pickDataFile(): Promise<vscode.Uri | undefined> {
  return pickDataFileUri('AutoML this', 'AutoML: choose a data file');
}
