/**
 * "AutoML this" on one data file: sniff the header, then a short QuickPick flow (target, task,
 * budget) and a training run (`trainRun.ts`); or, with "no target", a profile only: profiled in
 * the engine worker, written as a run folder, shown in the Data Profile panel.
 */
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { RaggedRowPolicy } from '../engine/data/readReport';
import { sniffHeader } from '../engine/data/sniff';
import { CancelledError, DataError } from '../engine/errors';
import type { DatasetProfile } from '../engine/profile/types';
import type { ProfileResult } from '../node/engineHost';
import { readDataHead } from '../node/gzipSource';
import type { ProfileProgressEvent } from '../protocol/worker';
import { runInfo } from './panels/profileRun';
import { pickBudget, pickTask } from './runPickers';
import { readHeadSample } from './headSample';
import { guessTask } from './taskGuess';
import { trainOnFile, type TrainContext } from './trainRun';
import { runFolderName, runsDirectory, specPath, toJsonText, writeRunFolder, type ProfileRunSpec } from '../node/runFolder';
import { pickTarget } from './targetPicker';

/** Bytes of the file's start (uncompressed) that the header sniffer and the target and task guesses see. */
const HEAD_BYTES = 64 * 1024;
/** Share of the progress bar given to reading; profiling gets the rest. */
const READ_SHARE = 0.6;
const RAGGED_ROW_POLICIES: readonly RaggedRowPolicy[] = ['pad', 'drop', 'error'];

/**
 * Profiles `uri` end to end. Resolves quietly when the user dismisses the target picker; rejects
 * with `CancelledError` when the user cancels the progress notification (nothing is written then).
 */
export async function runOnFile(uri: vscode.Uri, context: TrainContext): Promise<void> {
  if (uri.scheme !== 'file') throw new DataError(`AutoML can only read files on disk, not ${uri.toString()}.`);
  const file = uri.fsPath;
  const root = runRoot(uri);
  const fileLabel = specPath(root, file);

  const head = await readHead(file, fileLabel);
  const { columns } = sniffHeaderOf(fileLabel, head);
  // Parsed once for both guesses: which column is the target, and which task it implies.
  const sample = readHeadSample(head, HEAD_BYTES);
  const target = await pickTarget(columns, fileLabel, sample);
  if (target === undefined) return;

  const config = vscode.workspace.getConfiguration('automl', uri);
  const seed = finiteOr(config.get<number>('seed'), 42);
  const configuredPolicy = config.get<string>('raggedRows');
  const raggedRows = RAGGED_ROW_POLICIES.find((policy) => policy === configuredPolicy) ?? 'pad';
  if (target !== null) {
    const task = await pickTask(target, guessTask(sample, target));
    if (task === null) return;
    const budgetSeconds = await pickBudget(Math.max(5, finiteOr(config.get<number>('budgetSeconds'), 60)));
    if (budgetSeconds === undefined) return;
    const learners = config.get<string[]>('learners') ?? [];
    const folds = config.get<number | null>('cvFolds');
    const workers = config.get<number | null>('workers');
    await trainOnFile(
      {
        file,
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
  const startedAt = new Date();
  const { output } = context;
  output.info(`Profiling ${fileLabel} (target: ${target ?? 'none'}, seed ${seed}, ragged rows: ${raggedRows}).`);

  const result = await context.jobs.track(`profiling ${fileLabel}`, () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AutoML: ${basename(file)}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        let reportedPercent = 0;
        try {
          const profiled = await context.host.profile(
            file,
            { target: target ?? undefined, seed, raggedRows, sourceName: fileLabel },
            {
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
    target,
    seed,
    raggedRows,
    createdAt: startedAt.toISOString(),
  };
  const runFolder = await writeRunFolder(runsDirectory(root), runFolderName(startedAt, file), {
    'spec.json': toJsonText(spec),
    'profile.json': toJsonText(result.profile),
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

/**
 * The folder whose `.automl/runs` gets the run: the workspace folder holding the file, else the
 * first workspace folder, else (no workspace open) the file's own folder.
 */
function runRoot(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  return folder !== undefined && folder.uri.scheme === 'file' ? folder.uri.fsPath : dirname(uri.fsPath);
}

async function readHead(file: string, fileLabel: string): Promise<Uint8Array> {
  try {
    const handle = await open(file, 'r');
    try {
      return await readDataHead(handle, fileLabel, HEAD_BYTES);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    // The user can act on all of these, so they are data errors rather than bugs.
    throw new DataError(`${fileLabel}: ${describeReadError(error)}`);
  }
}

function describeReadError(error: unknown): string {
  switch (error instanceof Error && 'code' in error ? error.code : undefined) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'no permission to read it';
    case 'EISDIR':
      return 'it is a folder, not a CSV file';
    default:
      return `cannot read it (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** The header's column names; data errors name the file, as the user may have several open. */
function sniffHeaderOf(fileLabel: string, head: Uint8Array): { columns: string[] } {
  try {
    return sniffHeader(head);
  } catch (error) {
    if (error instanceof DataError) throw new DataError(`${fileLabel}: ${error.message}`, error.line);
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
