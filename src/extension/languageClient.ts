/**
 * Starts the `.automl` and CSV/TSV language server (dist/languageServer.js, its own Node process
 * over IPC, so parsing and profiling data never run on the extension host's thread) and keeps it
 * told whether the workspace is trusted: untrusted, it reads local files only.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { TRUST_NOTIFICATION, type LanguageServerInitOptions, type TrustParams } from '../protocol/languageServer';

/** Data files whose changes make the server read them again (it also checks size and time itself). */
const DATA_FILES = '**/*.{csv,tsv,gz,json,ndjson,jsonl,parquet,xlsx,sqlite,sqlite3,db}';

/** Starts the client (and so the server); stopping it is registered in `context.subscriptions`. */
export function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/languageServer.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(DATA_FILES);
  const initializationOptions: LanguageServerInitOptions = { trusted: vscode.workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['automl', 'csv', 'tsv'].map((language) => ({ language, scheme: 'file' })),
    synchronize: { fileEvents: watcher },
    initializationOptions,
    outputChannel: output,
  };
  const client = new LanguageClient('automl', 'AutoML Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    watcher,
    { dispose: () => void client.stop().catch(() => undefined) },
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(TRUST_NOTIFICATION, { trusted: true } satisfies TrustParams)),
  );
  client.start().catch((error: unknown) => output.error(`The AutoML language server did not start: ${error instanceof Error ? error.message : String(error)}`));
  return client;
}
