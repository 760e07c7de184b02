/**
 * The QuickPick flow and the work of "AutoML this" on any data source: the target column
 * (guessed from the source's first rows, which the engine worker reads), the task and the budget,
 * then a training run (`trainRun.ts`); or, with "no target", a profile only: profiled in the
 * engine worker, written as a run folder, shown in the Data Profile panel. Files (runOnFile.ts),
 * databases and web APIs (sourceCommands.ts) all come through here.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import type { SourcePeek } from '../engine/data/sourcePreview';
import { describeSource, type SourceSecrets, type SourceSpec } from '../engine/data/sourceSpec';
import { CancelledError, DataError } from '../engine/errors';
import type { DatasetProfile } from '../engine/profile/types';
import { isUserFacing, type ProfileResult } from '../node/engineHost';
import { runFolderName, runsDirectory, toJsonText, writeRunFolder, type ProfileRunSpec } from '../node/runFolder';
import { FETCHED_RECORDS_FILE, recordSource } from '../node/runSource';
import type { ProfileProgressEvent } from '../protocol/worker';
import { runInfo } from './panels/profileRun';
import { pickBudget, pickTask } from './runPickers';
import { pickTarget } from './targetPicker';
import { guessTask } from './taskGuess';
import { trainOnFile, type TrainContext } from './trainRun';
import { allowedInWorkspace, untrustedAction } from './workspaceTrust';

/** Share of the progress bar given to reading; profiling gets the rest. */
const READ_SHARE = 0.6;
const RAGGED_ROW_POLICIES: readonly RaggedRowPolicy[] = ['pad', 'drop', 'error'];

/** A source to run on, with where its run goes and how people name it. */
export interface SourceRequest {
  /** The data (file paths absolute). */
  readonly source: SourceSpec;
  readonly secrets?: SourceSecrets;
  /** The folder whose `.automl/runs` gets the run (a file is named relative to it). */
  readonly root: string;
  /** A resource the settings are read for (the file), if any. */
  readonly scope?: vscode.Uri;
}

/**
 * Runs the flow on `request.source`. Resolves quietly when the user dismisses a picker; rejects
 * with `CancelledError` when the user cancels the progress notification (nothing is written then).
 */
export async function runOnSource(request: SourceRequest, context: TrainContext): Promise<void> {
  const { source, secrets, root } = request;
  const action = untrustedAction(source);
  if (action !== undefined && !allowedInWorkspace(action)) return;
  const fileLabel = labelOf(source, root);
  const peek = await firstRows(request, fileLabel, context);
  const target = await pickTarget(peek.columns, fileLabel, peek);
  if (target === undefined) return;

  const config = vscode.workspace.getConfiguration('automl', request.scope);
  const seed = finiteOr(config.get<number>('seed'), 42);
  const configuredPolicy = config.get<string>('raggedRows');
  const raggedRows = RAGGED_ROW_POLICIES.find((policy) => policy === configuredPolicy) ?? 'pad';
  if (target !== null) {
    const task = await pickTask(target, guessTask(peek, target));
    if (task === null) return;
    const budgetSeconds = await pickBudget(Math.max(5, finiteOr(config.get<number>('budgetSeconds'), 60)));
    if (budgetSeconds === undefined) return;
    const learners = config.get<string[]>('learners') ?? [];
    const folds = config.get<number | null>('cvFolds');
    const workers = config.get<number | null>('workers');
    await trainOnFile(
      {
        source,
        secrets,
        fileLabel,
        root,
        raggedRows,
        workers: typeof workers === 'number' && workers >= 1 ? Math.floor(workers) : undefined,
        spec: {
          target,
          task,
          budgetSeconds,
          seed,
          models: learners.length > 0 ? learners : undefined,
          validation: typeof folds === 'number' ? { folds } : undefined,
          exclude: context.exclusions.of(fileLabel).filter((column) => column !== target),
        },
      },
      context,
    );
    return;
  }
  await profileSource({ ...request, fileLabel, target: null, seed, raggedRows }, context);
}

/** A profile-only job: the source, how it is named, and the settings the profile records. */
export interface ProfileRequest extends SourceRequest {
  readonly fileLabel: string;
  /** The target column whose relations the profile reports, or null for none. */
  readonly target: string | null;
  readonly seed: number;
  readonly raggedRows: RaggedRowPolicy;
}

/**
 * Profiles `request.source` in the engine worker (a progress notification with Cancel), writes the
 * run folder and shows the Data Profile panel. Rejects with `CancelledError` when cancelled.
 */
export async function profileSource(request: ProfileRequest, context: TrainContext): Promise<void> {
  const { source, secrets, root, fileLabel, target, seed, raggedRows } = request;
  const startedAt = new Date();
  const { output } = context;
  output.info(`Profiling ${fileLabel} (target: ${target ?? 'none'}, seed ${seed}, ragged rows: ${raggedRows}).`);

  const result = await context.jobs.track(`profiling ${fileLabel}`, () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AutoML: ${fileLabel}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        let reportedPercent = 0;
        try {
          const profiled = await context.host.profile(
            source,
            { target: target ?? undefined, seed, raggedRows, sourceName: fileLabel },
            {
              secrets,
              signal: abort.signal,
              onProgress: (event) => {
                const percent = overallPercent(event);
                progress.report({ message: progressMessage(event), increment: Math.max(0, percent - reportedPercent) });
                reportedPercent = Math.max(reportedPercent, percent);
              },
            },
          );
          // A cancel that raced with completion still means "do not write anything".
          if (token.isCancellationRequested) throw new CancelledError();
          return profiled;
        } finally {
          subscription.dispose();
        }
      },
    ),
  );

  const spec: ProfileRunSpec = {
    version: 1,
    kind: 'profile',
    file: fileLabel,
    source: recordSource(source, root),
    target,
    seed,
    raggedRows,
    createdAt: startedAt.toISOString(),
  };
  const runFolder = await writeRunFolder(runsDirectory(root), runFolderName(startedAt, source), {
    'spec.json': toJsonText(spec),
    'profile.json': toJsonText(result.profile),
    // A web API's records as fetched: Run Again reads them, not the network.
    ...(result.fetchedRecords === undefined ? {} : { [FETCHED_RECORDS_FILE]: result.fetchedRecords }),
  });
  logResult(output, result, runFolder);

  const { profile } = result;
  context.profiles.show({ run: runInfo(runFolder, spec, profile), profile });
  const summary =
    `Profiled ${fileLabel}: ${count(profile.rows, 'row')}, ${count(profile.columns.length, 'column')}, ` +
    `${count(profile.warnings.length, 'warning')}`;
  void vscode.window.showInformationMessage(summary, 'Show profile.json').then(async (choice) => {
    if (choice === 'Show profile.json') await vscode.window.showTextDocument(vscode.Uri.file(join(runFolder, 'profile.json')));
  });
}

/** How specs and panels name the source: a file relative to `root`, with its sheet or table. */
export function labelOf(source: SourceSpec, root: string): string {
  return describeSource(recordSource(source, root));
}

/** The columns and first rows, read by the engine worker; its errors name the source. */
async function firstRows(request: SourceRequest, label: string, context: TrainContext): Promise<SourcePeek> {
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `AutoML: reading the first rows of ${label}` },
      () => context.host.peekSource(request.source, request.secrets),
    );
  } catch (error) {
    if (isUserFacing(error)) throw new DataError(`${label}: ${(error as Error).message}`);
    throw error;
  }
}

function overallPercent(event: ProfileProgressEvent): number {
  const share = event.phase === 'read' ? event.fraction * READ_SHARE : READ_SHARE + event.fraction * (1 - READ_SHARE);
  return share * 100;
}

function progressMessage(event: ProfileProgressEvent): string {
  const percent = `${Math.floor(event.fraction * 100)}%`;
  if (event.phase === 'profile') return `Profiling… ${percent}`;
  if (event.bytesRead === undefined || event.totalBytes === undefined) return `Reading… ${percent}`;
  return `Reading… ${percent} (${megabytes(event.bytesRead)} of ${megabytes(event.totalBytes)} MB)`;
}

function logResult(output: vscode.LogOutputChannel, { profile, readMs, profileMs }: ProfileResult, runFolder: string): void {
  const bytes = profile.source?.bytes;
  output.info(
    `Read ${bytes === undefined ? 'the file' : `${megabytes(bytes)} MB`} in ${Math.round(readMs)} ms; profiled ` +
      `${count(profile.rows, 'row')} × ${count(profile.columns.length, 'column')} in ${Math.round(profileMs)} ms.`,
  );
  logIssues(output, profile);
  output.info(`Run folder: ${runFolder}`);
}

function logIssues(output: vscode.LogOutputChannel, profile: DatasetProfile): void {
  for (const warning of profile.warnings) {
    output.warn(`${warning.kind}${warning.column === undefined ? '' : ` (${warning.column})`}: ${warning.message}`);
  }
  for (const issue of profile.parseIssues) output.warn(`line ${issue.line}: ${issue.message}`);
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
