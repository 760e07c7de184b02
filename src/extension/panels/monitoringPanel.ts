/**
 * The Monitoring panel: one per run, showing one check from the run's `monitoring/` folder (the
 * newest unless another is picked from its history list). A new check of the run is shown as it
 * lands; after a window reload the serializer reopens the check the view kept in its state.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import {
  MONITORING_VIEW_TYPE,
  isMonitoringPanelState,
  isMonitoringToHost,
  type MonitoringShowMessage,
  type MonitoringToHost,
  type MonitoringToView,
} from '../../protocol/webview';
import { assertNever } from '../../protocol/worker';
import { listChecks, readCheck } from '../monitor/monitorChecks';
import { readRunInfo } from '../runs/savedRuns';
import { HostedPanel } from './hostedPanel';

/** What the panel asks the rest of the extension to do. */
export interface MonitoringActions {
  /** Check Again: the Check Drift flow for this run. */
  checkAgain(runDir: string): void;
  /** Stop Watching the run's service log folder. */
  stopWatching(runDir: string): void;
  /** The log folder watched for the run, as the panel names it (undefined when none). */
  watching(runDir: string): string | undefined;
}

export class MonitoringPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Set<MonitoringPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly actions: MonitoringActions,
  ) {}

  /** Opens (or reveals) the run's panel on check `file` (default: the newest). */
  async show(runDir: string, file?: string): Promise<void> {
    const existing = [...this.panels].find((p) => p.runDir === runDir);
    if (existing !== undefined) {
      existing.reveal();
      await existing.load(runDir, file);
      return;
    }
    const panel = vscode.window.createWebviewPanel(MONITORING_VIEW_TYPE, `Monitoring: ${basename(runDir)}`, vscode.ViewColumn.Active, { enableScripts: true });
    await this.track(panel).load(runDir, file);
  }

  /** A new check of the run landed (or its watch changed): open panels show the newest. */
  async refreshRun(runDir: string, file?: string): Promise<void> {
    for (const panel of this.panels) if (panel.runDir === runDir) await panel.load(runDir, file);
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const panel = this.track(webviewPanel);
    if (!isMonitoringPanelState(state)) {
      panel.setContent({ kind: 'monitoring/unavailable', runDir: '', message: 'This panel did not keep which run it showed. Run AutoML: Check Drift… again.' });
      return;
    }
    await panel.load(state.runDir, state.file);
  }

  closeRun(runDir: string): void {
    for (const panel of this.panels) if (panel.runDir === runDir) panel.close();
  }

  dispose(): void {
    for (const panel of this.panels) panel.detach();
    this.panels.clear();
  }

  private track(webviewPanel: vscode.WebviewPanel): MonitoringPanel {
    const panel = new MonitoringPanel(webviewPanel, this.extensionUri, this.output, this.actions, () => this.panels.delete(panel));
    this.panels.add(panel);
    return panel;
  }
}

class MonitoringPanel extends HostedPanel<MonitoringToView, MonitoringToHost> {
  private content: MonitoringToView | undefined;

  constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly actions: MonitoringActions,
    closed: () => void,
  ) {
    super(panel, { extensionUri, output, bundle: 'monitoring', title: 'Monitoring', isToHost: isMonitoringToHost, closed });
  }

  get runDir(): string | undefined {
    const content = this.content;
    return content === undefined ? undefined : content.kind === 'monitoring/show' ? content.run.runDir : content.runDir || undefined;
  }

  /** Shows check `file` of the run (the newest without one), or why there is none. */
  async load(runDir: string, file?: string): Promise<void> {
    try {
      const run = await readRunInfo(runDir);
      const history = await listChecks(runDir);
      const shown = file ?? history[0]?.file;
      if (shown === undefined) {
        this.setContent({ kind: 'monitoring/unavailable', runDir, message: `The run ${run.name} has not been checked yet. Run AutoML: Check Drift… on new data.` });
        return;
      }
      const report = await readCheck(runDir, shown);
      const watching = this.actions.watching(runDir);
      const message: MonitoringShowMessage = { kind: 'monitoring/show', run, file: shown, report, history, ...(watching === undefined ? {} : { watching }) };
      this.setContent(message);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.warn(`Monitoring of ${runDir}: ${message}`);
      this.setContent({ kind: 'monitoring/unavailable', runDir, message });
    }
  }

  setContent(content: MonitoringToView): void {
    this.content = content;
    this.panel.title = content.kind === 'monitoring/show' ? `Monitoring: ${content.run.name}` : 'Monitoring';
    void this.connection.refresh();
  }

  protected snapshot(): MonitoringToView[] {
    return this.content === undefined ? [] : [this.content];
  }

  protected receive(message: Exclude<MonitoringToHost, { kind: 'ready' }>): void {
    const runDir = this.runDir;
    if (runDir === undefined) return;
    switch (message.kind) {
      case 'monitoring/openCheck':
        void this.load(runDir, message.file);
        return;
      case 'monitoring/checkAgain':
        this.actions.checkAgain(runDir);
        return;
      case 'monitoring/stopWatch':
        this.actions.stopWatching(runDir);
        return;
      default:
        assertNever(message, 'monitoring message');
    }
  }
}
