/**
 * A training run started from the editor: the engine worker reads, profiles and searches (trials
 * on their own threads), while this side shows the Data Profile as soon as it exists, the live
 * Leaderboard, a cancellable progress notification with elapsed and remaining budget and the
 * best score, a status bar item and log lines. Cancelling keeps what finished.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RunSpec } from '../engine/automl/runSpec';
import { CancelledError } from '../engine/errors';
import type { EngineHost } from '../node/engineHost';
import { freeRunFolder, runFolderName, runsDirectory } from '../node/runFolder';
import { defaultWorkerCount } from '../node/trialPool';
import type { ColumnType } from '../engine/data/frame';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import type { SourceSecrets, SourceSpec } from '../engine/data/sourceSpec';
import type { ServiceMonitorSpec } from '../engine/monitor/serviceMonitor';
import type { RunInfo } from '../protocol/webview';
import type { JobStatus } from './jobStatus';
import type { ModelSelection } from './modelSelection';
import type { ExplanationsPanels } from './panels/explanationsPanel';
import type { LeaderboardPanels } from './panels/leaderboardPanel';
import { modelLabel } from './panels/modelLabel';
import type { ProfilePanels } from './panels/profilePanel';
import type { ActiveRuns } from './runs/activeRuns';
import type { Exclusions } from './runs/exclusions';
import { RunSession } from './runs/runSession';
import { loadFeatures, loadLeaderboard, reportForPanel } from './runs/savedRuns';
import type { SourceSecretStore } from './sourceSecrets';

/** What a training run needs from the activated extension. */
export interface TrainContext {
  readonly host: EngineHost;
  readonly output: vscode.LogOutputChannel;
  readonly jobs: JobStatus;
  readonly profiles: ProfilePanels;
  readonly leaderboards: LeaderboardPanels;
  readonly explanations: ExplanationsPanels;
  readonly selection: ModelSelection;
  readonly active: ActiveRuns;
  readonly exclusions: Exclusions;
  /** The passwords and tokens of data sources (SecretStorage). */
  readonly secrets: SourceSecretStore;
}

/** One run to start: the data, where its run folder goes, and the spec. */
export interface TrainRequest {
  /** The data (file paths absolute). */
  readonly source: SourceSpec;
  /** What `source` needs to be read (a database password from SecretStorage); never written. */
  readonly secrets?: SourceSecrets;
  /** The data as specs name it (a file relative to `root`). */
  readonly fileLabel: string;
  /** The folder whose `.automl/runs` gets the run. */
  readonly root: string;
  readonly spec: RunSpec;
  readonly raggedRows: RaggedRowPolicy;
  /** Column type overrides (a rerun repeats the run's). */
  readonly types?: Readonly<Record<string, ColumnType>>;
  /** Trial threads; undefined: cores - 1. */
  readonly workers?: number;
  /** A spec file's `monitor:` section, kept in the run folder for the prediction service. */
  readonly monitor?: ServiceMonitorSpec;
}

/** Starts the run and resolves when its folder is written (or it failed, or nothing finished before a cancel). */
export async function trainOnFile(request: TrainRequest, context: TrainContext): Promise<void> {
  const { output } = context;
  const startedAt = new Date();
  const runDir = await freeRunFolder(runsDirectory(request.root), runFolderName(startedAt, request.source));
  const title = basename(request.fileLabel);
  const run: RunInfo = { runDir, name: basename(runDir), file: request.fileLabel, createdAt: startedAt.toISOString() };
  const session = new RunSession(run);
  const active = context.active.add(session);
  // Enables the Cancel command and the Runs view's stop button.
  void vscode.commands.executeCommand('setContext', 'automl.running', true);
  await context.exclusions.set(request.fileLabel, request.spec.exclude ?? []);
  context.profiles.setExcluded(request.fileLabel, request.spec.exclude ?? []);
  context.leaderboards.showSession(active.id, session);
  const workers = request.workers ?? defaultWorkerCount();
  const { spec } = request;
  output.info(
    `Run ${run.name}: target ${spec.target}, task ${spec.task ?? 'inferred'}, budget ${spec.budgetSeconds ?? 'default'} s, ` +
      `seed ${spec.seed}, ${workers} trial thread(s)${spec.exclude?.length ? `, excluding ${spec.exclude.join(', ')}` : ''}.`,
  );

  try {
    const outcome = await context.jobs.track(title, (setDetail) =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `AutoML: ${title}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => context.active.cancel(active.id));
          let reported = 0;
          const report = (): void => {
            const line = progressLine(session);
            setDetail(statusDetail(session));
            const budget = session.plan?.budgetMs;
            const percent = budget !== undefined && Number.isFinite(budget) ? Math.min(99, (100 * session.elapsedNow()) / budget) : reported;
            progress.report({ message: active.abort.signal.aborted ? `Cancelling… ${line}` : line, increment: Math.max(0, percent - reported) });
            reported = Math.max(reported, percent);
          };
          // Elapsed and remaining time tick between events.
          const ticker = setInterval(report, 1000);
          try {
            return await context.host.run(
              request.source,
              spec,
              { raggedRows: request.raggedRows, types: request.types, workers, root: request.root, outDir: runDir, monitor: request.monitor },
              {
                secrets: request.secrets,
                signal: active.abort.signal,
                onReadProgress: (fraction) => progress.report({ message: `Reading… ${Math.floor(fraction * 100)}%` }),
                onEvent: (event) => {
                  session.apply(event);
                  switch (event.kind) {
                    case 'profile':
                      // The Data Profile opens at once, beside the leaderboard.
                      context.profiles.show({ run, profile: event.profile }, vscode.ViewColumn.Beside);
                      break;
                    case 'log':
                      output.info(event.message);
                      break;
                    case 'trialCompleted': {
                      const t = event.trial;
                      const score = t.score === undefined ? t.status : `${session.metricLabel} ${t.score.toPrecision(5)}`;
                      output.debug(`trial ${t.id} ${t.learner}: ${score} (${Math.round(t.durationMs)} ms)`);
                      break;
                    }
                    case 'done':
                      output.info(`Final model: ${event.model}, cross-validated ${session.metricLabel} ${event.score.toPrecision(5)} (${event.trials} trials).`);
                      break;
                    default:
                      break;
                  }
                  report();
                },
              },
            );
          } finally {
            clearInterval(ticker);
          }
        },
      ),
    );
    const board = await loadLeaderboard(outcome.runDir, 'final');
    // The feature decisions reach the board and the profile before the board says "Done".
    const features = await reportForPanel(loadFeatures, outcome.runDir, (message) => output.warn(message));
    if (features !== undefined) {
      session.setFeatures(features);
      context.profiles.setFeatures(outcome.runDir, features);
    }
    session.finished(board.run, { ensemble: board.ensemble, final: board.final as NonNullable<typeof board.final>, cancelled: outcome.cancelled });
    context.selection.select({ runDir: outcome.runDir, model: 'final', label: modelLabel(board, 'final') });
    output.info(`Run folder: ${outcome.runDir}`);
    const summary =
      `AutoML ${outcome.cancelled ? 'stopped' : 'finished'}: ${modelLabel(board, 'final')}, ` +
      `cross-validated ${session.metricLabel} ${board.final?.score.toPrecision(4)} (${board.trials.length} trials).`;
    void vscode.window.showInformationMessage(summary, 'Explain', 'Show Leaderboard').then((choice) => {
      if (choice === 'Explain') context.explanations.show(outcome.runDir, 'final');
      if (choice === 'Show Leaderboard') void context.leaderboards.showRun(outcome.runDir);
    });
  } catch (error) {
    if (error instanceof CancelledError) {
      session.failed('cancelled', 'Cancelled before any trial finished; nothing was written.');
    } else {
      session.failed('failed', error instanceof Error ? error.message : String(error));
    }
    throw error;
  } finally {
    context.active.remove(active.id);
    void vscode.commands.executeCommand('setContext', 'automl.running', context.active.size > 0);
  }
}

/** "12 trials · best AUC 0.8812 · 0:23 elapsed, 0:37 left" */
export function progressLine(session: RunSession): string {
  const parts: string[] = [];
  if (session.status === 'finishing') parts.push(session.statusText);
  parts.push(`${session.trials.length} trial${session.trials.length === 1 ? '' : 's'}`);
  if (session.best !== undefined) parts.push(`best ${session.metricLabel} ${session.best.score.toPrecision(4)}`);
  const remaining = session.remainingNow();
  parts.push(`${clock(session.elapsedNow())} elapsed${remaining === undefined ? '' : `, ${clock(remaining)} left`}`);
  return parts.join(' · ');
}

/** The status bar's short form: "0:23 · AUC 0.8812". */
function statusDetail(session: RunSession): string {
  const best = session.best === undefined ? '' : ` · ${session.metricLabel} ${session.best.score.toPrecision(4)}`;
  return `${clock(session.elapsedNow())}${best}`;
}

/** m:ss */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
