import * as vscode from 'vscode';
import { Command } from './commands';

interface Job {
  readonly label: string;
  detail: string;
}

/**
 * A status bar item that spins while at least one AutoML job runs, with the latest job's detail
 * (elapsed time, best score); clicking it reveals the live leaderboard (or the log).
 */
export class JobStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('automl.jobs', vscode.StatusBarAlignment.Left);
  private readonly running = new Map<number, Job>();
  private nextId = 1;

  constructor() {
    this.item.name = 'AutoML';
    this.item.command = Command.showActiveRun;
  }

  /** Shows the item while `work` runs; `work` gets a function to update this job's detail. */
  async track<T>(label: string, work: (setDetail: (detail: string) => void) => PromiseLike<T>): Promise<T> {
    const id = this.nextId++;
    const job: Job = { label, detail: '' };
    this.running.set(id, job);
    this.update();
    try {
      return await work((detail) => {
        job.detail = detail;
        this.update();
      });
    } finally {
      this.running.delete(id);
      this.update();
    }
  }

  dispose(): void {
    this.item.dispose();
  }

  private update(): void {
    const jobs = [...this.running.values()];
    const latest = jobs.at(-1);
    if (latest === undefined) {
      this.item.hide();
      return;
    }
    const more = jobs.length > 1 ? ` (+${jobs.length - 1})` : '';
    this.item.text = `$(sync~spin) AutoML: ${latest.label}${latest.detail ? ` ${latest.detail}` : ''}${more}`;
    this.item.tooltip = `AutoML is working on ${jobs.map((j) => j.label).join(', ')}. Click to show the live leaderboard.`;
    this.item.accessibilityInformation = { label: `AutoML running: ${jobs.map((j) => `${j.label} ${j.detail}`).join('; ')}`, role: 'button' };
    this.item.show();
  }
}
