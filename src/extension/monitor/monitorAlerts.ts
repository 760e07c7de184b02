/**
 * What a check's grade raises: a notification (a warning for warn, an error for alert) naming
 * the drifted columns and rules, with "Open Monitoring"; and one diagnostic per alerting rule on
 * the run's spec files, on their `monitor:` section (else the first line). A later ok check of
 * the run clears its diagnostics.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { MonitorReport } from '../../engine/monitor/monitorReport';
import { alertRules, alertSummary, monitorSectionLine } from './alertRules';
import { runSpecFiles } from './runSpecFiles';

/** The diagnostics' `source`, as the Problems view shows it. */
export const MONITOR_DIAGNOSTIC_SOURCE = 'AutoML monitoring';

export class MonitorAlerts implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('automl-monitoring');
  /** The spec files each run's diagnostics are on, to clear them. */
  private readonly byRun = new Map<string, vscode.Uri[]>();

  constructor(
    private readonly openMonitoring: (runDir: string, file: string) => void,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Raises (or clears) what `report`, a check of the run saved as `file`, calls for; the notification only with `notify`. */
  async raise(runDir: string, report: MonitorReport, file: string, notify = true): Promise<void> {
    await this.setDiagnostics(runDir, report);
    const text = alertSummary(report, basename(runDir));
    if (text === undefined || !notify) {
      this.output.info(`Monitoring ${basename(runDir)}: ${report.grade} (${report.source}, ${report.rows} rows).`);
      return;
    }
    this.output.warn(`${text} Report: ${file}`);
    // Not awaited: a notification stays until the user acts, and the check is done already.
    void (report.grade === 'alert' ? vscode.window.showErrorMessage(text, 'Open Monitoring') : vscode.window.showWarningMessage(text, 'Open Monitoring')).then((choice) => {
      if (choice === 'Open Monitoring') this.openMonitoring(runDir, basename(file));
    });
  }

  /** Drops the run's diagnostics (its folder was deleted). */
  clear(runDir: string): void {
    for (const uri of this.byRun.get(runDir) ?? []) this.diagnostics.delete(uri);
    this.byRun.delete(runDir);
  }

  dispose(): void {
    this.diagnostics.dispose();
  }

  private async setDiagnostics(runDir: string, report: MonitorReport): Promise<void> {
    this.clear(runDir);
    const rules = alertRules(report);
    if (rules.length === 0) return;
    const uris = await runSpecFiles(runDir);
    const placed: vscode.Uri[] = [];
    for (const uri of uris) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // A run from before spec files has none.
      }
      const lineIndex = monitorSectionLine(text);
      const line = text.split(/\r?\n/)[lineIndex] ?? '';
      const range = new vscode.Range(lineIndex, 0, lineIndex, Math.max(1, line.length));
      this.diagnostics.set(
        uri,
        rules.map((rule) => {
          const diagnostic = new vscode.Diagnostic(range, rule.message, rule.grade === 'alert' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
          diagnostic.source = MONITOR_DIAGNOSTIC_SOURCE;
          diagnostic.code = rule.rule;
          return diagnostic;
        }),
      );
      placed.push(uri);
    }
    this.byRun.set(runDir, placed);
  }
}
