/**
 * Restricted Mode: a cloned repository can bring data files, run folders and specs that name a
 * URL, a database or `${ENV}` references. Until the user trusts the workspace, AutoML reads local
 * files (profiles, views, runs on a local file) but does not fetch a URL, connect to a database,
 * expand an environment variable or scaffold a service (package.json `capabilities`).
 */
import * as vscode from 'vscode';
import type { SourceSpec } from '../engine/data/sourceSpec';
import { isFileSource } from '../engine/data/sourceSpec';

/** The warning's button: opens VS Code's Workspace Trust editor. */
const MANAGE_TRUST = 'Manage Workspace Trust';

/**
 * Whether `action` may go ahead: at once in a trusted workspace; in Restricted Mode a warning
 * says why not and offers VS Code's trust editor, and the answer is false.
 */
export function allowedInWorkspace(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(`AutoML: ${action} needs a trusted workspace. In Restricted Mode AutoML only reads local files.`, MANAGE_TRUST)
    .then((choice) => (choice === MANAGE_TRUST ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}

/** What reading `source` would do beyond reading a local file, or undefined when nothing. */
export function untrustedAction(source: SourceSpec): string | undefined {
  if (isFileSource(source)) return undefined;
  return source.kind === 'postgres' ? 'connecting to a database' : 'fetching a web API';
}
