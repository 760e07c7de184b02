/**
 * What the export commands need of `vscode` beyond {@link fakeVscode}: dialogs, QuickPicks and
 * input boxes answered by the test, progress with a cancellable token, `workspace.fs` on the real
 * disk, workspace folders, WorkspaceEdit and the code action types. Importing this module adds
 * them to the shared fake (nothing there is replaced), so it must be imported before any module
 * that imports `vscode`.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FakeEmitter, FakeUri, fakeVscode } from './fakeVscode';

/** A UI call the code made, in order. */
export interface ShownUi {
  readonly kind: 'saveDialog' | 'openDialog' | 'warning' | 'quickPick' | 'inputBox' | 'progress' | 'command' | 'status';
  readonly message?: string;
  readonly options?: unknown;
  readonly items?: readonly unknown[];
}

type QuickItem = { readonly label: string } & Record<string, unknown>;

/** How the test answers the UI; reset with {@link resetExportUi}. */
export interface ExportUiAnswers {
  saveDialog(options: unknown): FakeUri | undefined;
  openDialog(options: unknown): FakeUri[] | undefined;
  warning(message: string, items: readonly string[]): string | undefined;
  quickPick(items: readonly QuickItem[], options: unknown): QuickItem | undefined;
  inputBox(options: { value?: string; validateInput?: (text: string) => unknown }): string | undefined;
  /** Called with the progress token's cancel function as the task starts. */
  progressStarted(cancel: () => void): void;
}

const defaults: ExportUiAnswers = {
  saveDialog: () => undefined,
  openDialog: () => undefined,
  warning: () => undefined,
  quickPick: () => undefined,
  inputBox: () => undefined,
  progressStarted: () => undefined,
};

export const exportUi: { answers: ExportUiAnswers; shown: ShownUi[]; edits: FakeWorkspaceEdit[]; applyEditResult: boolean } = {
  answers: { ...defaults },
  shown: [],
  edits: [],
  applyEditResult: true,
};

export function resetExportUi(): void {
  exportUi.answers = { ...defaults };
  exportUi.shown.length = 0;
  exportUi.edits.length = 0;
  exportUi.applyEditResult = true;
  workspaceState.folders = [];
  workspaceState.documents = [];
  workspaceState.editors = [];
  workspaceState.activeEditor = undefined;
  workspaceState.trusted = true;
}

const { Position } = fakeVscode;
type Position = InstanceType<typeof Position>;

/** Records inserts per document; the test applies them to text with {@link applyInserts}. */
export class FakeWorkspaceEdit {
  readonly inserts: { uri: FakeUri; line: number; character: number; text: string }[] = [];
  insert(uri: FakeUri, position: Position, text: string): void {
    this.inserts.push({ uri, line: position.line, character: position.character, text });
  }
}

/** The text after the edit's inserts (positions refer to the original text, as in VS Code). */
export function applyInserts(text: string, inserts: readonly { line: number; character: number; text: string }[]): string {
  const lines = text.split(/(?<=\n)/);
  const offset = (line: number, character: number): number => lines.slice(0, line).reduce((sum, l) => sum + l.length, 0) + character;
  const sorted = [...inserts].sort((a, b) => offset(b.line, b.character) - offset(a.line, a.character));
  let result = text;
  for (const insert of sorted) {
    const at = offset(insert.line, insert.character);
    result = result.slice(0, at) + insert.text + result.slice(at);
  }
  return result;
}

class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly Source = new CodeActionKind('source');
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value === '' ? part : `${this.value}.${part}`);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === '' || other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
}

class CodeAction {
  command: unknown;
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

interface FakeFolder {
  readonly uri: FakeUri;
  readonly name: string;
  readonly index: number;
}

/** A text document as the commands read it. */
export interface FakeDocument {
  readonly uri: FakeUri;
  readonly languageId: string;
  getText(): string;
}

const workspaceState: {
  folders: FakeFolder[];
  documents: FakeDocument[];
  editors: { document: FakeDocument; selection: { active: Position } }[];
  activeEditor: { document: FakeDocument; selection: { active: Position } } | undefined;
  /** `workspace.isTrusted`: false is Restricted Mode. */
  trusted: boolean;
} = { folders: [], documents: [], editors: [], activeEditor: undefined, trusted: true };

/** Trusts the workspace, or puts it in Restricted Mode. */
export function setWorkspaceTrusted(trusted: boolean): void {
  workspaceState.trusted = trusted;
}

/** Opens `folders` as the workspace. */
export function setWorkspaceFolders(...paths: string[]): void {
  workspaceState.folders = paths.map((path, index) => ({ uri: FakeUri.file(path), name: path.split('/').pop() ?? path, index }));
}

/** Opens `document` without showing it in an editor. */
export function openDocument(document: FakeDocument): void {
  workspaceState.documents = [document];
  workspaceState.editors = [];
  workspaceState.activeEditor = undefined;
}

/** Shows `document` in the active editor with the cursor at `line`:`character`. */
export function showDocument(document: FakeDocument, line: number, character: number): void {
  const editor = { document, selection: { active: new Position(line, character) } };
  workspaceState.documents = [document];
  workspaceState.editors = [editor];
  workspaceState.activeEditor = editor;
}

function missing(path: string): Error {
  return Object.assign(new Error(`EntryNotFound (FileSystemError): ${path}`), { code: 'FileNotFound' });
}

const record = (entry: ShownUi): void => void exportUi.shown.push(entry);

Object.assign(fakeVscode, {
  WorkspaceEdit: FakeWorkspaceEdit,
  CodeActionKind,
  CodeAction,
  CodeActionTriggerKind: { Invoke: 1, Automatic: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
  commands: {
    executeCommand(command: string, ...args: unknown[]): Promise<undefined> {
      record({ kind: 'command', message: command, items: args });
      return Promise.resolve(undefined);
    },
  },
});

Object.assign(fakeVscode.window, {
  showSaveDialog(options: unknown): Promise<FakeUri | undefined> {
    record({ kind: 'saveDialog', options });
    return Promise.resolve(exportUi.answers.saveDialog(options));
  },
  showOpenDialog(options: unknown): Promise<FakeUri[] | undefined> {
    record({ kind: 'openDialog', options });
    return Promise.resolve(exportUi.answers.openDialog(options));
  },
  showWarningMessage(message: string, options: unknown, ...items: string[]): Promise<string | undefined> {
    record({ kind: 'warning', message, options, items });
    return Promise.resolve(exportUi.answers.warning(message, items));
  },
  showQuickPick(items: readonly QuickItem[] | Promise<readonly QuickItem[]>, options: unknown): Promise<QuickItem | undefined> {
    return Promise.resolve(items).then((list) => {
      record({ kind: 'quickPick', options, items: list });
      return exportUi.answers.quickPick(list, options);
    });
  },
  showInputBox(options: { value?: string; validateInput?: (text: string) => unknown }): Promise<string | undefined> {
    record({ kind: 'inputBox', options });
    return Promise.resolve(exportUi.answers.inputBox(options));
  },
  async withProgress<T>(options: { title?: string }, task: (progress: unknown, token: unknown) => Promise<T>): Promise<T> {
    record({ kind: 'progress', message: options.title, options });
    const cancelled = new FakeEmitter<void>();
    const token = { isCancellationRequested: false, onCancellationRequested: cancelled.event };
    exportUi.answers.progressStarted(() => {
      token.isCancellationRequested = true;
      cancelled.fire();
    });
    return await task({ report: () => undefined }, token);
  },
  setStatusBarMessage(message: string): { dispose(): void } {
    record({ kind: 'status', message });
    return { dispose: () => undefined };
  },
});
Object.defineProperties(fakeVscode.window, {
  visibleTextEditors: { get: () => workspaceState.editors, configurable: true },
  activeTextEditor: { get: () => workspaceState.activeEditor, configurable: true },
});

Object.assign(fakeVscode.workspace, {
  fs: {
    async stat(uri: FakeUri): Promise<{ type: number }> {
      const info = await stat(uri.fsPath).catch(() => undefined);
      if (info === undefined) throw missing(uri.fsPath);
      return { type: info.isDirectory() ? 2 : 1 };
    },
    async writeFile(uri: FakeUri, content: Uint8Array): Promise<void> {
      await mkdir(dirname(uri.fsPath), { recursive: true });
      await writeFile(uri.fsPath, content);
    },
    async readDirectory(uri: FakeUri): Promise<[string, number][]> {
      const entries = await readdir(uri.fsPath, { withFileTypes: true }).catch(() => undefined);
      if (entries === undefined) throw missing(uri.fsPath);
      return entries.map((e) => [e.name, e.isDirectory() ? 2 : 1]);
    },
  },
  getWorkspaceFolder(uri: FakeUri): FakeFolder | undefined {
    return workspaceState.folders.find((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(`${f.uri.fsPath}/`));
  },
  applyEdit(edit: FakeWorkspaceEdit): Promise<boolean> {
    exportUi.edits.push(edit);
    return Promise.resolve(exportUi.applyEditResult);
  },
});
Object.defineProperties(fakeVscode.workspace, {
  workspaceFolders: { get: () => (workspaceState.folders.length === 0 ? undefined : workspaceState.folders), configurable: true },
  textDocuments: { get: () => workspaceState.documents, configurable: true },
  isTrusted: { get: () => workspaceState.trusted, configurable: true },
});
