/**
 * Wires the language features to a connection: `.automl` specs (diagnostics as you type,
 * debounced; completion; hover; quick fixes; code lenses; Outline; folding; formatting) and open
 * CSV/TSV files (parse issues as diagnostics, header hovers). main.ts gives it the process's
 * connection; tests give it one over in-process streams.
 */
import { TextDocumentSyncKind, TextDocuments, type Connection, type Diagnostic, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  TRUST_NOTIFICATION,
  type LanguageServerInitOptions,
  type TrustParams,
} from '../protocol/languageServer';
import { csvDiagnostics, csvHover } from './csvDocument';
import { DataKnowledge } from './dataKnowledge';
import { analyzeSpec, pathOfUri, type SpecAnalysis } from './specAnalysis';
import { SPEC_CODE_ACTION_KINDS, specCodeActions } from './specCodeActions';
import { specCodeLenses } from './specCodeLenses';
import { specCompletions } from './specCompletion';
import { peekDiagnostics, profileDiagnostics, specCheckerDiagnostics } from './specDiagnostics';
import { specFormatting } from './specFormatting';
import { specHover } from './specHover';
import { specFoldingRanges, specSymbols } from './specOutline';

/** The default quiet time after an edit (see `LanguageServerOptions.debounceMs`). */
export const DEFAULT_DEBOUNCE_MS = 100;

/** Options of `startLanguageServer`. */
export interface LanguageServerOptions {
  /**
   * Quiet time after an edit before a spec is checked again, `DEFAULT_DEBOUNCE_MS` unless set: a check costs a few
   * milliseconds, so this only spares the server a check per keystroke while someone types fast,
   * and the diagnostics still follow a pause within the 200 ms a person reads as immediate.
   */
  readonly debounceMs?: number;
  /** The profile worker's script (see `DataKnowledgeOptions`); default next to the bundle. */
  readonly profileWorkerScript?: string;
}

type DocumentKind = 'spec' | 'csv' | undefined;

function kindOf(document: TextDocument): DocumentKind {
  const uri = document.uri.toLowerCase();
  if (document.languageId === 'automl' || uri.endsWith('.automl')) return 'spec';
  if (document.languageId === 'csv' || document.languageId === 'tsv' || /\.(csv|tsv)$/.test(uri)) return 'csv';
  return undefined;
}

/** Serves the language features on `connection` (which it starts listening on). */
export function startLanguageServer(connection: Connection, options: LanguageServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const documents = new TextDocuments(TextDocument);
  const knowledge = new DataKnowledge({ profileWorkerScript: options.profileWorkerScript });
  // Local files are read either way; trust is kept for the sources a later version may reach
  // (databases, web APIs), which this one never connects to.
  const workspace = { trusted: false };
  const analyses = new Map<string, { version: number; analysis: SpecAnalysis }>();
  const timers = new Map<string, NodeJS.Timeout>();

  const analysisOf = (document: TextDocument): SpecAnalysis => {
    const cached = analyses.get(document.uri);
    if (cached !== undefined && cached.version === document.version) return cached.analysis;
    const analysis = analyzeSpec(document.uri, document.getText());
    analyses.set(document.uri, { version: document.version, analysis });
    return analysis;
  };
  const current = (uri: string, version: number): boolean => documents.get(uri)?.version === version;
  const publish = (uri: string, version: number, diagnostics: Diagnostic[]): void => {
    if (current(uri, version)) void connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const checkSpec = async (document: TextDocument): Promise<void> => {
    const { uri, version } = document;
    const analysis = analysisOf(document);
    const own = specCheckerDiagnostics(analysis);
    const source = analysis.source;
    if (source === undefined) return publish(uri, version, [...own, ...peekDiagnostics(analysis, undefined)]);
    const peek = await knowledge.peek(source);
    const fromPeek = [...own, ...peekDiagnostics(analysis, peek)];
    const target = analysis.parsed.spec.run.target;
    const profileWanted = peek?.ok === true && target !== undefined && peek.columns.some((c) => c.name === target);
    const ready = profileWanted ? knowledge.readyProfile(source, target) : undefined;
    publish(uri, version, [...fromPeek, ...profileDiagnostics(analysis, ready)]);
    if (profileWanted && ready === undefined) {
      const profile = await knowledge.profile(source, target);
      if (profile !== undefined) publish(uri, version, [...fromPeek, ...profileDiagnostics(analysis, profile)]);
    }
  };
  const checkCsv = async (document: TextDocument): Promise<void> => {
    const path = pathOfUri(document.uri);
    if (path === undefined) return;
    const diagnostics = await csvDiagnostics(path, knowledge);
    if (documents.get(document.uri) !== undefined) void connection.sendDiagnostics({ uri: document.uri, diagnostics });
  };
  const report = (error: unknown): void => connection.console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  const schedule = (document: TextDocument, delayMs: number): void => {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(() => {
        timers.delete(document.uri);
        const latest = documents.get(document.uri);
        if (latest !== undefined) checkSpec(latest).catch(report);
      }, delayMs),
    );
  };

  connection.onInitialize((params): InitializeResult => {
    workspace.trusted = (params.initializationOptions as LanguageServerInitOptions | undefined)?.trusted === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [':', ' ', '-', '['] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: SPEC_CODE_ACTION_KINDS },
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'automl-language-server' },
    };
  });
  connection.onShutdown(() => knowledge.dispose());
  connection.onNotification(TRUST_NOTIFICATION, (params: TrustParams) => {
    workspace.trusted = params.trusted === true;
  });

  documents.onDidOpen(({ document }) => {
    if (kindOf(document) === 'csv') checkCsv(document).catch(report);
  });
  documents.onDidSave(({ document }) => {
    if (kindOf(document) === 'csv') checkCsv(document).catch(report);
  });
  documents.onDidChangeContent(({ document }) => {
    // The first check of a newly opened spec need not wait.
    if (kindOf(document) === 'spec') schedule(document, analyses.has(document.uri) ? debounceMs : 0);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    analyses.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    const paths = changes.map((change) => pathOfUri(change.uri)).filter((p): p is string => p !== undefined);
    for (const path of paths) knowledge.invalidate(path);
    for (const document of documents.all()) {
      const kind = kindOf(document);
      if (kind === 'spec') schedule(document, 0);
      else if (kind === 'csv' && paths.includes(pathOfUri(document.uri) ?? '')) checkCsv(document).catch(report);
    }
  });

  const specDocument = (uri: string): TextDocument | undefined => {
    const document = documents.get(uri);
    return document !== undefined && kindOf(document) === 'spec' ? document : undefined;
  };
  connection.onCompletion(async ({ textDocument, position }) => {
    const document = specDocument(textDocument.uri);
    return document === undefined ? [] : specCompletions(analysisOf(document), position, knowledge);
  });
  connection.onHover(async ({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (document === undefined) return null;
    const kind = kindOf(document);
    if (kind === 'spec') return specHover(analysisOf(document), position, knowledge);
    const path = pathOfUri(document.uri);
    if (kind !== 'csv' || path === undefined) return null;
    const header = document.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }).replace(/\r?\n$/, '');
    return csvHover(path, header, position, knowledge);
  });
  connection.onCodeAction(({ textDocument, context }) => {
    const document = specDocument(textDocument.uri);
    return document === undefined ? [] : specCodeActions(analysisOf(document), context.diagnostics);
  });
  connection.onCodeLens(({ textDocument }) => {
    const document = specDocument(textDocument.uri);
    return document === undefined ? [] : specCodeLenses(analysisOf(document));
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const document = specDocument(textDocument.uri);
    return document === undefined ? [] : specSymbols(analysisOf(document));
  });
  connection.onFoldingRanges(({ textDocument }) => {
    const document = specDocument(textDocument.uri);
    return document === undefined ? [] : specFoldingRanges(analysisOf(document));
  });
  connection.onDocumentFormatting(({ textDocument }) => {
    const document = specDocument(textDocument.uri);
    return document === undefined ? [] : specFormatting(analysisOf(document));
  });

  documents.listen(connection);
  connection.listen();
}
