/**
 * The Explanations panel: one per run and model. The final model's explanations come from the
 * run's `explanations.json`, with the robustness checks of `robustness.json` (they are about the
 * final model only); a trial's are computed by the engine worker on first request (its
 * configuration refitted on all rows) and kept in the run folder. Rows outside the saved SHAP
 * sample are explained by the engine on demand, for the final model.
 */
import * as vscode from 'vscode';
import { CancelledError } from '../../engine/errors';
import type { RunExplanations } from '../../engine/explain/runExplanations';
import type { EngineHost, ExplainProgressListener } from '../../node/engineHost';
import {
  EXPLANATIONS_VIEW_TYPE,
  isExplanationsPanelState,
  isExplanationsToHost,
  type ExplanationsToHost,
  type ExplanationsToView,
  type ModelKey,
  type RobustnessReport,
  type RunInfo,
  type RunReport,
} from '../../protocol/webview';
import { assertNever, type ExplainStep } from '../../protocol/worker';
import { loadExplanations, loadLeaderboard, loadRobustness, readRunInfo, reportForPanel } from '../runs/savedRuns';
import { modelLabel } from './modelLabel';
import { HostedPanel } from './hostedPanel';

/** What the panel shows: explanations, a computation under way, or why there are none. */
type Content =
  | {
      readonly kind: 'shown';
      readonly run: RunInfo;
      readonly model: ModelKey;
      readonly label: string;
      readonly explanations: RunExplanations;
      readonly robustness: RunReport<RobustnessReport>;
    }
  | { readonly kind: 'pending'; readonly run: RunInfo; readonly model: ModelKey; readonly label: string; readonly progress?: string }
  | { readonly kind: 'unavailable'; readonly runDir: string; readonly message: string };

/** Where a model's explanations come from (the engine host for trials, the run folder for the final model). */
export async function explanationsOf(
  host: EngineHost,
  runDir: string,
  model: ModelKey,
  signal?: AbortSignal,
  onProgress?: ExplainProgressListener,
): Promise<{ explanations: RunExplanations; label: string }> {
  if (model === 'final') {
    // A run whose budget ran out before explaining gets its explanations computed now (and saved).
    const explanations = (await loadExplanations(runDir)) ?? (await host.explainFinal(runDir, signal, onProgress)).explanations;
    const board = await loadLeaderboard(runDir).catch(() => undefined);
    return { explanations, label: board === undefined ? explanations.model : modelLabel(board, 'final') };
  }
  const { explanations, model: label } = await host.explainTrial(runDir, model, signal, onProgress);
  return { explanations, label };
}

/** What each step of an explanation is called in its progress. */
export const EXPLAIN_STEP_TEXT: Readonly<Record<ExplainStep, string>> = {
  read: 'Reading the training data',
  refit: 'Refitting the model on all rows',
  shap: 'Computing SHAP values',
  dependence: 'Computing partial dependence',
  permutation: 'Measuring permutation importance',
};

/**
 * A cancellable progress notification that opens on the first progress event (explanations read
 * back from the run folder come without any, and should not flash one) and closes with `work`.
 */
async function withExplainProgress<T>(title: string, signal: AbortSignal, work: (signal: AbortSignal, onProgress: ExplainProgressListener) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  signal.addEventListener('abort', stop, { once: true });
  let report: ((step: ExplainStep, fraction: number) => void) | undefined;
  let finish: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const onProgress: ExplainProgressListener = (step, fraction) => {
    if (report === undefined) {
      let reported = 0;
      const pending: [ExplainStep, number][] = [[step, fraction]];
      report = (s, f) => pending.push([s, f]);
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(stop);
        report = (s, f) => {
          const percent = Math.round(100 * f);
          progress.report({ message: `${EXPLAIN_STEP_TEXT[s]}… ${percent}%`, increment: Math.max(0, percent - reported) });
          reported = Math.max(reported, percent);
        };
        for (const [s, f] of pending.splice(0)) report(s, f);
        return finished;
      });
      return;
    }
    report(step, fraction);
  };
  try {
    return await work(controller.signal, onProgress);
  } finally {
    finish?.();
    signal.removeEventListener('abort', stop);
  }
}

export class ExplanationsPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Set<ExplanationsPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly host: EngineHost,
  ) {}

  /** Opens (or reveals) the explanations of `model` of the finished run in `runDir`. */
  show(runDir: string, model: ModelKey): void {
    const existing = [...this.panels].find((p) => p.shows(runDir, model));
    if (existing !== undefined) return existing.reveal();
    const panel = vscode.window.createWebviewPanel(EXPLANATIONS_VIEW_TYPE, 'Explanations', vscode.ViewColumn.Active, { enableScripts: true });
    void this.track(panel).load(runDir, model);
  }

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const panel = this.track(webviewPanel);
    if (!isExplanationsPanelState(state)) {
      panel.setContent({ kind: 'unavailable', runDir: '', message: 'This panel did not keep which run it showed. Open the run from the AutoML Runs view.' });
      return;
    }
    await panel.load(state.runDir, state.model);
  }

  closeRun(runDir: string): void {
    for (const panel of this.panels) if (panel.runDir === runDir) panel.close();
  }

  dispose(): void {
    for (const panel of this.panels) panel.detach();
    this.panels.clear();
  }

  private track(webviewPanel: vscode.WebviewPanel): ExplanationsPanel {
    const panel = new ExplanationsPanel(webviewPanel, this.extensionUri, this.output, this.host, () => this.panels.delete(panel));
    this.panels.add(panel);
    return panel;
  }
}

class ExplanationsPanel extends HostedPanel<ExplanationsToView, ExplanationsToHost> {
  private content: Content | undefined;
  private readonly abort = new AbortController();

  constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly host: EngineHost,
    closed: () => void,
  ) {
    super(panel, { extensionUri, output, bundle: 'explanations', title: 'Explanations', isToHost: isExplanationsToHost, closed });
  }

  get runDir(): string | undefined {
    const content = this.content;
    return content === undefined ? undefined : content.kind === 'unavailable' ? content.runDir : content.run.runDir;
  }

  shows(runDir: string, model: ModelKey): boolean {
    const content = this.content;
    return content !== undefined && content.kind !== 'unavailable' && content.run.runDir === runDir && content.model === model;
  }

  async load(runDir: string, model: ModelKey): Promise<void> {
    try {
      const run = await readRunInfo(runDir);
      const board = await loadLeaderboard(runDir).catch(() => undefined);
      const pendingLabel = board === undefined ? (model === 'final' ? 'final model' : `trial ${model}`) : modelLabel(board, model);
      this.setContent({ kind: 'pending', run, model, label: pendingLabel });
      const { explanations, label } = await withExplainProgress(`Explaining ${pendingLabel}`, this.abort.signal, (signal, onProgress) =>
        explanationsOf(this.host, runDir, model, signal, (step, fraction) => {
          onProgress(step, fraction);
          this.setContent({ kind: 'pending', run, model, label: pendingLabel, progress: `${EXPLAIN_STEP_TEXT[step]}… ${Math.round(100 * fraction)}%` });
        }),
      );
      const robustness = model === 'final' ? await reportForPanel(loadRobustness, runDir, (message) => this.output.warn(message)) : undefined;
      if (!this.abort.signal.aborted) this.setContent({ kind: 'shown', run, model, label, explanations, robustness });
    } catch (error) {
      if (this.abort.signal.aborted) return;
      const message =
        error instanceof CancelledError
          ? 'Explaining was cancelled; no explanations were saved. Open them again to compute them.'
          : error instanceof Error
            ? error.message
            : String(error);
      this.output.warn(`Explanations of ${runDir} (${String(model)}): ${message}`);
      this.setContent({ kind: 'unavailable', runDir, message });
    }
  }

  setContent(content: Content): void {
    this.content = content;
    this.panel.title = content.kind === 'unavailable' ? 'Explanations' : `Explain: ${content.label}`;
    void this.connection.refresh();
  }

  protected override stopWork(): void {
    this.abort.abort();
  }

  protected snapshot(): ExplanationsToView[] {
    return this.content === undefined ? [] : [this.message(this.content)];
  }

  private message(content: Content): ExplanationsToView {
    switch (content.kind) {
      case 'shown':
        return {
          kind: 'explanations/show',
          run: content.run,
          model: content.model,
          modelLabel: content.label,
          explanations: content.explanations,
          ...(content.robustness === undefined ? {} : { robustness: content.robustness }),
        };
      case 'pending':
        return {
          kind: 'explanations/pending',
          run: content.run,
          model: content.model,
          modelLabel: content.label,
          message:
            content.progress ?? (content.model === 'final' ? 'Reading the explanations (computing them if the run had no time left)…' : 'Refitting this trial on all rows and explaining it…'),
        };
      case 'unavailable':
        return { kind: 'explanations/unavailable', runDir: content.runDir, message: content.message };
      default:
        return assertNever(content, 'explanations content');
    }
  }

  protected receive(message: Exclude<ExplanationsToHost, { kind: 'ready' }>): void {
    switch (message.kind) {
      case 'row/explain':
        void this.explainRow(message.requestId, message.row);
        return;
      default:
        assertNever(message.kind, 'explanations message');
    }
  }

  private async explainRow(requestId: number, row: number): Promise<void> {
    const content = this.content;
    if (content?.kind !== 'shown') return;
    if (content.model !== 'final') {
      this.connection.post({
        kind: 'explanations/row',
        requestId,
        error: 'Rows outside the explained sample can be explained for the final model only; pick a row from the sample.',
      });
      return;
    }
    try {
      const [explained] = await this.host.explainRows(content.run.runDir, [row], this.abort.signal);
      this.connection.post({ kind: 'explanations/row', requestId, row: explained });
    } catch (error) {
      this.connection.post({ kind: 'explanations/row', requestId, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
