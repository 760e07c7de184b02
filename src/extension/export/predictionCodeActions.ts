/**
 * The source action "Insert prediction code from AutoML run…" in TypeScript and JavaScript files,
 * listed under "Source Action…" when the user asks for actions (never run on save). Choosing it
 * runs {@link Command.insertPredictionCode} at the cursor.
 */
import * as vscode from 'vscode';
import { Command } from '../commands';

/** `source.automl.exportPipeline`: a source action, so it shows under "Source Action…", not as a quick fix. */
export const PREDICTION_CODE_KIND = vscode.CodeActionKind.Source.append('automl.exportPipeline');

/** The languages the action is offered in. */
export const PREDICTION_CODE_LANGUAGES: readonly string[] = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export class PredictionCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [PREDICTION_CODE_KIND] };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    // The module is written next to the file, so the file must be on disk.
    if (document.uri.scheme !== 'file') return [];
    // Only when the user asks for actions (never on save or for the light bulb), and for a kind that includes ours.
    if (context.triggerKind !== vscode.CodeActionTriggerKind.Invoke) return [];
    if (context.only !== undefined && !context.only.contains(PREDICTION_CODE_KIND)) return [];
    const action = new vscode.CodeAction('Insert prediction code from AutoML run…', PREDICTION_CODE_KIND);
    action.command = {
      command: Command.insertPredictionCode,
      title: 'Insert prediction code from AutoML run…',
      arguments: [document.uri, range.start],
    };
    return [action];
  }
}
