/**
 * A real LSP connection in-process: the server (startLanguageServer) on one end of two streams,
 * a JSON-RPC client on the other, for tests that speak LSP to the language server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { startLanguageServer } from '../../../src/languageServer/server';
import { datasetFile, REPO_ROOT } from '../../publicDatasets';

/** The bundled profile worker (`node esbuild.mjs`, also run by `--tests`, builds it). */
export const PROFILE_WORKER = join(REPO_ROOT, 'dist', 'profileWorker.js');

/** How long a test waits for diagnostics before it fails. */
const WAIT_MS = 30_000;

/** The absolute path of the public titanic dataset. */
export const TITANIC = datasetFile('titanic');

/** A client connected to an in-process server, with a temporary folder for files. */
export class LspClient {
  readonly dir = mkdtempSync(join(tmpdir(), 'automl-ls-'));
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters = new Set<() => void>();
  private version = 0;

  private constructor(readonly connection: MessageConnection) {
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.published.push(params);
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Starts a server and a client on in-process streams, and initializes. */
  static async start(initializationOptions: unknown = { trusted: false }): Promise<LspClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startLanguageServer(serverConnection, { debounceMs: 20, profileWorkerScript: PROFILE_WORKER });
    const connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    connection.listen();
    const client = new LspClient(connection);
    await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, initializationOptions });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** Writes `text` to `name` in the temporary folder; returns its URI. */
  writeFile(name: string, text: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, text);
    return pathToFileURL(path).href;
  }

  /** Writes and opens a document. */
  async open(name: string, text: string, languageId = name.endsWith('.automl') ? 'automl' : name.endsWith('.tsv') ? 'tsv' : 'csv'): Promise<string> {
    const uri = this.writeFile(name, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: ++this.version, text } });
    return uri;
  }

  /** Replaces a document's whole text. */
  async change(uri: string, text: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++this.version }, contentChanges: [{ text }] });
  }

  /** The current version of the documents this client opened or changed. */
  get documentVersion(): number {
    return this.version;
  }

  /** Resolves when the `count`-th publishDiagnostics of `uri` at `version` has arrived (fails after a while). */
  waitForPublish(uri: string, version: number, count = 1): Promise<void> {
    const arrived = (): boolean => this.published.filter((p) => p.uri === uri && p.version === version).length >= count;
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        if (!arrived()) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no publishDiagnostics #${count} of version ${version} of ${uri}`));
      }, WAIT_MS);
      this.waiters.add(wake);
      wake();
    });
  }

  /** The latest diagnostics of `uri` once `ready` accepts them (fails after a while). */
  waitForDiagnostics(uri: string, ready: (diagnostics: readonly Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const latest = this.diagnostics.get(uri);
        if (latest === undefined || !ready(latest)) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(latest);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no matching diagnostics for ${uri}; latest: ${JSON.stringify(this.diagnostics.get(uri))}`));
      }, WAIT_MS);
      this.waiters.add(wake);
      check();
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  dispose(): void {
    this.connection.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A spec on titanic (absolute data path) with `more` lines after the target. */
export function titanicSpec(more = '', target = 'survived'): string {
  return `data: ${JSON.stringify(TITANIC)}\ntarget: ${target}\n${more}`;
}

/** Codes of `diagnostics`. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

/** The message of the first diagnostic with `code` ('' when none). */
export function messageOf(diagnostics: readonly Diagnostic[], code: string): string {
  const message = diagnostics.find((d) => d.code === code)?.message ?? '';
  return typeof message === 'string' ? message : message.value;
}
