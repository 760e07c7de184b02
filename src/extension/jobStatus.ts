import * as vscode from 'vscode';
import { Command } from './commands';

/** A status bar item that spins while at least one AutoML job runs; clicking it shows the log. */
export class JobStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('automl.jobs', vscode.StatusBarAlignment.Left);
  private readonly running: string[] = [];

  constructor() {
    this.item.name = 'AutoML';
    this.item.text = '$(sync~spin) AutoML: profiling…';
    this.item.command = Command.showLog;
  }

  /** Shows the item (with `label` in its tooltip) until `work` settles, and returns its result. */
  async track<T>(label: string, work: () => PromiseLike<T>): Promise<T> {
    this.running.push(label);
    this.update();
    try {
      return await work();
    } finally {
      this.running.splice(this.running.indexOf(label), 1);
      this.update();
    }
  }

  dispose(): void {
    this.item.dispose();
  }

  private update(): void {
    if (this.running.length === 0) {
      this.item.hide();
      return;
    }
    this.item.tooltip = `AutoML is profiling ${this.running.join(', ')}. Click to show the log.`;
    this.item.show();
  }
}
