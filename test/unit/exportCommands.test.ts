// Must come first: answers `require('vscode')` for the command modules below.
import { infos, opened } from './fakes/fakeVscode';
import { applyInserts, exportUi, openDocument, resetExportUi, setWorkspaceFolders, setWorkspaceTrusted, showDocument, type FakeDocument } from './fakes/fakeVscodeExport';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { CancelledError, DataError } from '../../src/engine/errors';
import { Command } from '../../src/extension/commands';
import { ExportCommands, validateFolderName } from '../../src/extension/export/exportCommands';
import { PREDICTION_CODE_KIND, PredictionCodeActions } from '../../src/extension/export/predictionCodeActions';
import { ModelSelection } from '../../src/extension/modelSelection';
import type { ExportedModule } from '../../src/node/engineHost';
import type { ModelKey } from '../../src/protocol/webview';

const SOURCE = '/** titanic */\nexport function predict(row: Input): Label {\n  return row.sex === "female" ? "yes" : "no";\n}\n';

/** Stands in for the engine worker: answers with a fixed module, or waits for cancellation when `hang` is set. */
class FakeHost {
  readonly exports: { runDir: string; model: ModelKey }[] = [];
  readonly scaffolds: { runDir: string; model: ModelKey; outDir: string }[] = [];
  hang = false;

  exportModule(runDir: string, model: ModelKey, signal?: AbortSignal): Promise<ExportedModule> {
    this.exports.push({ runDir, model });
    if (this.hang) {
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true }));
    }
    return Promise.resolve({
      source: SOURCE,
      fileName: model === 'final' ? 'titanic.model.ts' : `titanic.trial-${model}.model.ts`,
      model: model === 'final' ? 'final model (gbdt)' : `trial ${model} (gbdt, refitted on all rows)`,
      task: 'binary',
      exampleInput: { sex: 'female', age: 28, embarked: 'S' },
    });
  }

  async scaffoldService(runDir: string, model: ModelKey, outDir: string): Promise<readonly string[]> {
    this.scaffolds.push({ runDir, model, outDir });
    await mkdir(join(outDir, 'src'), { recursive: true });
    await writeFile(join(outDir, 'README.md'), '# service\n');
    await writeFile(join(outDir, 'src', 'model.ts'), SOURCE);
    return ['src/model.ts', 'README.md'];
  }
}

let workspace: string;
let newest: string;
let older: string;
const logged: string[] = [];
const output = { info: (line: string) => void logged.push(line) };

async function writeRun(name: string, kind: 'run' | 'profile'): Promise<string> {
  const runDir = join(workspace, '.automl', 'runs', name);
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'spec.json'), JSON.stringify({ version: 1, kind, file: 'titanic.csv', target: 'survived', createdAt: '2025-01-01T00:00:00.000Z' }));
  if (kind === 'run') {
    await writeFile(join(runDir, 'leaderboard.json'), JSON.stringify({ metric: 'auc', trials: [], final: { score: 0.87, description: 'gbdt', members: [], refit: 'allRows' }, cancelled: false }));
  }
  return runDir;
}

function setup(): { host: FakeHost; selection: ModelSelection; commands: ExportCommands } {
  const host = new FakeHost();
  const selection = new ModelSelection();
  return { host, selection, commands: new ExportCommands({ host, output, selection }) };
}

function shown(kind: string): typeof exportUi.shown {
  return exportUi.shown.filter((entry) => entry.kind === kind);
}

/** Answers the save dialog with `path`. */
function saveAs(path: string): void {
  exportUi.answers.saveDialog = () => vscode.Uri.file(path) as never;
}

before(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'automl-export-ui-'));
  older = await writeRun('20250101-000000-titanic', 'run');
  newest = await writeRun('20250102-000000-titanic', 'run');
  await writeRun('20250103-000000-titanic', 'profile');
});

after(async () => {
  await rm(workspace, { recursive: true, force: true });
});

beforeEach(() => {
  resetExportUi();
  setWorkspaceFolders(workspace);
  opened.length = 0;
  infos.length = 0;
  logged.length = 0;
});

describe('Export Model as TypeScript', () => {
  it('exports the named model, offers the workspace folder and the module name, writes and opens the file', async () => {
    const { host, commands } = setup();
    const target = join(workspace, 'out', 'a.model.ts');
    saveAs(target);
    const written = await commands.exportModel({ runDir: newest, model: 4 });
    assert.equal(written?.fsPath, target);
    assert.deepEqual(host.exports, [{ runDir: newest, model: 4 }]);
    const [dialog] = shown('saveDialog');
    const options = dialog.options as { defaultUri: vscode.Uri; filters: Record<string, string[]> };
    assert.equal(options.defaultUri.fsPath, `${workspace}/titanic.trial-4.model.ts`);
    assert.deepEqual(options.filters, { TypeScript: ['ts'] });
    assert.match(shown('progress')[0].message ?? '', /exporting trial 4 of 20250102-000000-titanic \(refitting it on all rows\)/);
    assert.equal(await readFile(target, 'utf8'), SOURCE);
    assert.deepEqual(opened, [{ path: target }]);
    assert.equal(shown('warning').length, 0, 'a new file needs no confirmation');
  });

  it('replaces a file the save dialog returns without asking again (the dialog itself asked)', async () => {
    const { commands } = setup();
    const target = join(workspace, 'replace.model.ts');
    await writeFile(target, '// old\n');
    saveAs(target);
    await commands.exportModel({ runDir: newest, model: 'final' });
    assert.equal(shown('warning').length, 0, 'one question about replacing, the dialog\'s own');
    assert.equal(await readFile(target, 'utf8'), SOURCE);
    assert.deepEqual(opened, [{ path: target }]);
  });

  it('writes nothing when the save dialog is dismissed', async () => {
    const { commands } = setup();
    const before = await readdir(workspace);
    assert.equal(await commands.exportModel({ runDir: newest, model: 'final' }), undefined);
    assert.deepEqual(await readdir(workspace), before);
    assert.equal(shown('warning').length, 0);
  });

  it('from the palette: picks among trained runs, newest first, the selected run on top with its selected model', async () => {
    const { host, selection, commands } = setup();
    selection.select({ runDir: older, model: 3, label: 'gbdt (trial 3)' });
    let labels: string[] = [];
    exportUi.answers.quickPick = (items) => {
      labels = items.map((item) => item.label);
      return items[0];
    };
    await commands.exportModel();
    assert.deepEqual(labels, ['20250101-000000-titanic', '20250102-000000-titanic'], 'profile-only runs are not offered');
    assert.match(String((shown('quickPick')[0].items?.[0] as { description: string }).description), /selected on the leaderboard/);
    assert.deepEqual(host.exports, [{ runDir: older, model: 3 }]);

    // Another run than the selected one: its final model.
    exportUi.answers.quickPick = (items) => items[1];
    await commands.exportModel();
    assert.deepEqual(host.exports[1], { runDir: newest, model: 'final' });
  });

  it('from the Runs tree: the item\'s run, with the model selected on its leaderboard', async () => {
    const { host, selection, commands } = setup();
    selection.select({ runDir: newest, model: 7, label: 'knn (trial 7)' });
    await commands.exportModel({ summary: { runDir: newest } });
    await commands.exportModel({ summary: { runDir: older } });
    assert.deepEqual(host.exports, [
      { runDir: newest, model: 7 },
      { runDir: older, model: 'final' },
    ]);
    assert.equal(shown('quickPick').length, 0);
  });

  it('refuses a folder that is not a run folder', async () => {
    const { host, commands } = setup();
    await assert.rejects(commands.exportModel('/etc'), DataError);
    assert.deepEqual(host.exports, []);
  });

  it('says so when there is no trained run, and offers to train one', async () => {
    const { commands } = setup();
    setWorkspaceFolders(join(workspace, 'empty'));
    assert.equal(await commands.exportModel(), undefined);
    assert.deepEqual(infos.at(-1), { message: 'AutoML: there is no trained run in this workspace yet.', items: ['AutoML a CSV File…'] });
  });

  it('cancelling the progress stops the export and writes nothing', async () => {
    const { host, commands } = setup();
    host.hang = true;
    exportUi.answers.progressStarted = (cancel) => setImmediate(cancel);
    saveAs(join(workspace, 'never.model.ts'));
    await assert.rejects(commands.exportModel({ runDir: newest, model: 2 }), CancelledError);
    assert.equal(shown('saveDialog').length, 0);
    await assert.rejects(readFile(join(workspace, 'never.model.ts')));
  });
});

describe('Insert prediction code from AutoML run…', () => {
  let srcDir: string;

  before(async () => {
    srcDir = join(workspace, 'src');
    await mkdir(srcDir, { recursive: true });
  });

  function document(name: string, text: string, languageId = 'typescript'): FakeDocument {
    return { uri: vscode.Uri.file(join(srcDir, name)) as never, languageId, getText: () => text };
  }

  it('exports the final model next to the file and inserts the import once and the call at the cursor, in one edit', async () => {
    const { host, commands } = setup();
    exportUi.answers.quickPick = (items) => items[0];
    const text = "import { readFileSync } from 'node:fs';\n\nexport function main(): void {\n  \n}\n";
    const doc = document('app.ts', text);
    showDocument(doc, 3, 2);
    assert.equal(await commands.insertPredictionCode(doc.uri, new vscode.Position(3, 2)), true);
    assert.deepEqual(host.exports, [{ runDir: newest, model: 'final' }], 'the newest run is first; its final model');
    assert.equal(await readFile(join(srcDir, 'titanic.model.ts'), 'utf8'), SOURCE);
    assert.equal(exportUi.edits.length, 1, 'one WorkspaceEdit: one Undo');
    const [edit] = exportUi.edits;
    assert.ok(edit.inserts.every((insert) => insert.uri.fsPath === doc.uri.fsPath));
    const edited = applyInserts(text, edit.inserts);
    assert.equal(
      edited,
      "import { readFileSync } from 'node:fs';\n" +
        "import { predict } from './titanic.model';\n" +
        '\n' +
        'export function main(): void {\n' +
        "  const prediction = predict({ 'sex': 'female', 'age': 28, 'embarked': 'S' });\n" +
        '}\n',
    );

    // Again in the edited file: the import is there, the module too ("Use Existing" keeps it).
    await writeFile(join(srcDir, 'titanic.model.ts'), '// edited by hand\n');
    exportUi.answers.warning = () => 'Use Existing';
    const again = document('app.ts', edited);
    showDocument(again, 5, 0);
    await commands.insertPredictionCode(again.uri, new vscode.Position(5, 0));
    const [warning] = shown('warning');
    assert.deepEqual(warning.items, ['Replace', 'Use Existing']);
    assert.equal(await readFile(join(srcDir, 'titanic.model.ts'), 'utf8'), '// edited by hand\n');
    const twice = applyInserts(edited, exportUi.edits[1].inserts);
    assert.equal(twice.match(/import \{ predict \}/g)?.length, 1, 'the import is not duplicated');
    assert.equal(twice.match(/= predict\(/g)?.length, 2);
    assert.match(twice, /const prediction2 = predict\(/, 'a second call gets a name of its own');
  });

  it('cancelling the "Replace?" question changes neither the module nor the document', async () => {
    const { commands } = setup();
    exportUi.answers.quickPick = (items) => items[0];
    await writeFile(join(srcDir, 'titanic.model.ts'), '// keep me\n');
    const doc = document('cancel.js', 'run();\n', 'javascript');
    showDocument(doc, 0, 0);
    assert.equal(await commands.insertPredictionCode(doc.uri, new vscode.Position(0, 0)), false);
    assert.equal(await readFile(join(srcDir, 'titanic.model.ts'), 'utf8'), '// keep me\n');
    assert.equal(exportUi.edits.length, 0);
  });

  it('uses the position the code action was asked at when the file is not in an editor', async () => {
    const { commands } = setup();
    exportUi.answers.quickPick = (items) => items[0];
    exportUi.answers.warning = () => 'Use Existing';
    const text = 'export function a(): void {}\n\nexport function b(): void {}\n';
    const doc = document('position.ts', text);
    openDocument(doc);
    // After a trip through the command service a Position may arrive as a plain object.
    await commands.insertPredictionCode(doc.uri, { line: 1, character: 0 });
    assert.equal(
      applyInserts(text, exportUi.edits[0].inserts),
      "import { predict } from './titanic.model';\n\nexport function a(): void {}\n" +
        "const prediction = predict({ 'sex': 'female', 'age': 28, 'embarked': 'S' });\nexport function b(): void {}\n",
    );
  });

  it('works on the active editor when called from the palette, and needs a saved file', async () => {
    const { commands } = setup();
    exportUi.answers.quickPick = () => undefined;
    showDocument({ uri: { scheme: 'untitled', fsPath: 'Untitled-1', toString: () => 'untitled:Untitled-1' } as never, languageId: 'typescript', getText: () => '' }, 0, 0);
    await assert.rejects(commands.insertPredictionCode(), /Save this file first/);
    showDocument({ uri: vscode.Uri.file(join(srcDir, 'data.csv')) as never, languageId: 'csv', getText: () => '' }, 0, 0);
    await assert.rejects(commands.insertPredictionCode(), /Open a TypeScript or JavaScript file/);
    showDocument(document('ok.ts', ''), 0, 0);
    assert.equal(await commands.insertPredictionCode(), false, 'dismissing the run picker stops quietly');
  });
});

describe('Create Prediction Service', () => {
  it('creates the project in a new workspace folder named in an input box, then offers the README', async () => {
    const { host, commands } = setup();
    await mkdir(join(workspace, 'busy'), { recursive: true });
    await writeFile(join(workspace, 'busy', 'x.txt'), 'x');
    let validation: unknown[] = [];
    exportUi.answers.quickPick = (items) => items.find((item) => item.choice === 'new');
    exportUi.answers.inputBox = (options) => {
      validation = ['busy', '../up', '', 'fresh'].map((text) => options.validateInput?.(text));
      return options.value;
    };
    const folder = await commands.createService({ runDir: newest, model: 'final' });
    assert.equal(folder?.fsPath, join(workspace, 'titanic-service'));
    const messages = await Promise.all(validation);
    assert.match(String(messages[0]), /already exists and is not empty/);
    assert.match(String(messages[1]), /without \. or \.\./);
    assert.equal(messages[2], 'Type a folder name');
    assert.equal(messages[3], undefined);
    assert.deepEqual(host.scaffolds, [{ runDir: newest, model: 'final', outDir: join(workspace, 'titanic-service') }]);
    assert.deepEqual(infos.at(-1), {
      message: `AutoML: created a prediction service in ${join(workspace, 'titanic-service')} (2 files).`,
      items: ['Open README', 'Reveal in Explorer'],
    });
  });

  it('refuses a non-empty folder chosen in the dialog before any work', async () => {
    const { host, commands } = setup();
    exportUi.answers.quickPick = (items) => items.find((item) => item.choice === 'browse');
    exportUi.answers.openDialog = () => [vscode.Uri.file(join(workspace, 'busy')) as never];
    await assert.rejects(commands.createService({ runDir: newest, model: 'final' }), /is not empty/);
    assert.deepEqual(host.scaffolds, []);
    assert.deepEqual(await readdir(join(workspace, 'busy')), ['x.txt']);
  });

  it('in Restricted Mode asks nothing, writes nothing, and offers to manage workspace trust', async () => {
    const { host, commands } = setup();
    setWorkspaceTrusted(false);
    assert.equal(await commands.createService({ runDir: newest, model: 'final' }), undefined);
    assert.deepEqual(host.scaffolds, []);
    assert.deepEqual(
      exportUi.shown.map((shown) => shown.kind),
      ['warning'],
      'only the warning: no folder question, no progress',
    );
    assert.match(exportUi.shown[0].message ?? '', /creating a prediction service needs a trusted workspace/);
  });

  it('validates typed folder names', async () => {
    const root = vscode.Uri.file(workspace);
    assert.equal(await validateFolderName(root, 'services/titanic'), undefined);
    assert.match(String(await validateFolderName(root, '/abs')), /relative to the workspace/);
    assert.match(String(await validateFolderName(root, 'a|b')), /cannot contain/);
    assert.match(String(await validateFolderName(root, '.automl')), /not empty/);
  });
});

describe('the prediction code action', () => {
  const provider = new PredictionCodeActions();
  const doc = { uri: vscode.Uri.file('/ws/app.ts') } as unknown as vscode.TextDocument;
  const range = new vscode.Range(new vscode.Position(4, 2), new vscode.Position(4, 2));
  const context = (only: vscode.CodeActionKind | undefined, triggerKind = vscode.CodeActionTriggerKind.Invoke): vscode.CodeActionContext =>
    ({ only, triggerKind, diagnostics: [] }) as unknown as vscode.CodeActionContext;

  it('is a source action of kind source.automl.exportPipeline that runs the insert command at the cursor', () => {
    assert.equal(PREDICTION_CODE_KIND.value, 'source.automl.exportPipeline');
    assert.deepEqual(PredictionCodeActions.metadata.providedCodeActionKinds?.map((k) => k.value), ['source.automl.exportPipeline']);
    const [action] = provider.provideCodeActions(doc, range, context(vscode.CodeActionKind.Source));
    assert.equal(action.title, 'Insert prediction code from AutoML run…');
    assert.equal(action.kind?.value, 'source.automl.exportPipeline');
    assert.equal(action.command?.command, Command.insertPredictionCode);
    assert.deepEqual(action.command?.arguments, [doc.uri, range.start]);
    assert.equal(provider.provideCodeActions(doc, range, context(PREDICTION_CODE_KIND)).length, 1);
    assert.equal(provider.provideCodeActions(doc, range, context(undefined)).length, 1);
  });

  it('is not offered for other kinds, automatically (light bulb, on save) or in unsaved files', () => {
    assert.equal(provider.provideCodeActions(doc, range, context(vscode.CodeActionKind.QuickFix)).length, 0);
    assert.equal(provider.provideCodeActions(doc, range, context(vscode.CodeActionKind.Source.append('fixAll'))).length, 0);
    assert.equal(provider.provideCodeActions(doc, range, context(undefined, vscode.CodeActionTriggerKind.Automatic)).length, 0);
    const untitled = { uri: { scheme: 'untitled' } } as unknown as vscode.TextDocument;
    assert.equal(provider.provideCodeActions(untitled, range, context(undefined)).length, 0);
  });
});
