/**
 * What a `.automl` spec file's code lenses and editor title buttons do: ▶ Run (a training run of
 * exactly what the file says), Profile (its data, with its target), Open Last Run and Export Best
 * Model (the newest finished run of the same data and target). Each takes the spec's URI (a
 * `Uri` or its string, as the language server's lenses pass it), else the active editor's spec.
 * The text is read from the editor when the file is open, so unsaved edits count.
 */
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { SourceSpec } from '../../engine/data/sourceSpec';
import { DataError } from '../../engine/errors';
import { parseSpecText } from '../../engine/spec/parseSpec';
import type { SpecFile } from '../../engine/spec/specFile';
import { runsDirectory } from '../../node/runFolder';
import { formatSpecDiagnostic, resolveSpecSource } from '../../node/specFiles';
import type { ExportCommands } from '../export/exportCommands';
import { labelOf, profileSource } from '../runOnSource';
import { listRuns, type RunSummary } from '../runs/savedRuns';
import { trainOnFile, type TrainContext } from '../trainRun';
import { allowedInWorkspace, untrustedAction } from '../workspaceTrust';

/** A spec file read and checked, its data path absolute. */
interface OpenedSpec {
  readonly uri: vscode.Uri;
  readonly spec: SpecFile & { readonly source: SourceSpec };
  /** The folder whose `.automl/runs` gets its runs: the workspace folder holding it, else its own folder. */
  readonly root: string;
  readonly fileLabel: string;
}

export class SpecCommands {
  constructor(
    private readonly context: TrainContext,
    private readonly exports: ExportCommands,
  ) {}

  /** ▶ Run: trains as the file says; the workspace must be trusted (a spec can name any URL or database). */
  async run(arg: unknown): Promise<void> {
    if (!allowedInWorkspace('running a spec')) return;
    const { spec, root, fileLabel } = await openSpec(arg);
    const target = spec.run.target;
    if (target === undefined) throw new DataError(`${fileLabel}: the spec names no target column (add \`target: <column>\`).`);
    const workers = vscode.workspace.getConfiguration('automl').get<number | null>('workers');
    await trainOnFile(
      {
        source: spec.source,
        secrets: await this.context.secrets.forSource(spec.source),
        fileLabel,
        root,
        raggedRows: spec.raggedRows ?? 'pad',
        ...(spec.types === undefined ? {} : { types: spec.types }),
        ...(spec.monitor === undefined ? {} : { monitor: spec.monitor }),
        workers: typeof workers === 'number' && workers >= 1 ? Math.floor(workers) : undefined,
        spec: { ...spec.run, target, seed: spec.run.seed ?? 42 },
      },
      this.context,
    );
  }

  /** Profile: the spec's data with its target (a local file even in Restricted Mode). */
  async profile(arg: unknown): Promise<void> {
    const { spec, root, fileLabel } = await openSpec(arg);
    const action = untrustedAction(spec.source);
    if (action !== undefined && !allowedInWorkspace(action)) return;
    await profileSource(
      {
        source: spec.source,
        secrets: await this.context.secrets.forSource(spec.source),
        root,
        fileLabel,
        target: spec.run.target ?? null,
        seed: spec.run.seed ?? 42,
        raggedRows: spec.raggedRows ?? 'pad',
      },
      this.context,
    );
  }

  /** Open Last Run: the newest trained run of the spec's data and target, on its leaderboard. */
  async openLastRun(arg: unknown): Promise<void> {
    const run = await lastRun(await openSpec(arg));
    if (run !== undefined) await this.context.leaderboards.showRun(run.runDir);
  }

  /** Export Best Model: the final model of that run, as a TypeScript module. */
  async exportBestModel(arg: unknown): Promise<void> {
    const run = await lastRun(await openSpec(arg));
    if (run !== undefined) await this.exports.exportModel({ runDir: run.runDir, model: 'final' });
  }
}

/** The spec a command is about; errors in it stop the command, listed as the CLI prints them. */
async function openSpec(arg: unknown): Promise<OpenedSpec> {
  const uri = specUri(arg);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  const text = open?.getText() ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const { spec, diagnostics } = parseSpecText(text);
  const name = basename(uri.fsPath);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    throw new DataError(`${name} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${errors.map((e) => formatSpecDiagnostic(name, e)).join('; ')}`);
  }
  if (spec.source === undefined) throw new DataError(`${name}: the spec names no data (add \`data: <file or URL>\`).`);
  const source = resolveSpecSource(spec.source, dirname(uri.fsPath));
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const root = folder !== undefined && folder.uri.scheme === 'file' ? folder.uri.fsPath : dirname(uri.fsPath);
  return { uri, spec: { ...spec, source }, root, fileLabel: labelOf(source, root) };
}

function specUri(arg: unknown): vscode.Uri {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  const active = vscode.window.activeTextEditor?.document;
  if (active !== undefined && active.uri.fsPath.endsWith('.automl')) return active.uri;
  throw new DataError('Open a .automl spec file first.');
}

/** The newest finished training run of the spec's data and target, or undefined (and a message) when none. */
async function lastRun({ spec, root, fileLabel }: OpenedSpec): Promise<RunSummary | undefined> {
  const runs = await listRuns(runsDirectory(root));
  const run = runs.find((r) => r.kind === 'run' && r.file === fileLabel && (spec.run.target === undefined || r.target === spec.run.target));
  if (run === undefined) {
    void vscode.window.showInformationMessage(`AutoML: no run of ${fileLabel}${spec.run.target === undefined ? '' : ` for '${spec.run.target}'`} yet. Run the spec first.`);
  }
  return run;
}
