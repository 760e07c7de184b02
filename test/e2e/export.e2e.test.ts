/**
 * Export and deploy in a real VS Code, as a person does it, on a finished titanic run prepared
 * with the CLI: "Export Model as TypeScript" from the palette (code-server's save dialog is a
 * quick input), never replacing a file without asking; the source action "Insert prediction code
 * from AutoML run…" in a TypeScript file (one Undo takes it back); the Leaderboard's Export
 * button for a selected trial; and "Create Prediction Service" into a new workspace folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetPath, repoRoot, sessionFixture, waitUntil, type VsCodeSession } from './harness';

const DATASET = 'titanic.csv';
const APP = 'app.ts';
const APP_TEXT = "import { readFileSync } from 'node:fs';\n\nexport function main(): void {\n  console.log(readFileSync);\n}\n";

/**
 * Accepts code-server's simple save dialog (a quick input holding the path) with `path`, and
 * answers its own "already exists" prompt with yes if it asks. Returns when the dialog is gone.
 */
async function acceptSaveDialog(session: VsCodeSession, expectedName: string, path?: string): Promise<void> {
  const input = session.quickInput().locator('input.input');
  await waitUntil(async () => ((await session.quickInput().isVisible()) && (await input.inputValue()).endsWith(expectedName)) || undefined, `the save dialog to offer ${expectedName}`, 60_000);
  if (path !== undefined) await input.fill(path);
  await input.press('Enter');
}

/** The save dialog's own question about replacing an existing file (VS Code's simple dialog asks in its quick input). */
function replacePrompt(session: VsCodeSession) {
  return session.quickInput().locator('.quick-input-title').filter({ hasText: /already exists/i });
}

/** The text of `file` once its editor is saved (the file on disk is what the test reads). */
async function savedText(session: VsCodeSession, file: string): Promise<string> {
  await session.runCommand('File: Save');
  return readFileSync(file, 'utf8');
}

describe('export and deploy: TypeScript module, code action, Leaderboard button, service', { timeout: 900_000 }, () => {
  const vscode = sessionFixture({
    name: 'export',
    files: { [DATASET]: datasetPath(DATASET) },
    prepare: async (workspace) => {
      const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', DATASET, '--target', 'survived', '--trials', '4', '--models', 'logistic,gbdt', '--workers', '0'], {
        cwd: workspace,
        encoding: 'utf8',
      });
      assert.equal(cli.status, 0, `automl run failed:\n${cli.stdout}\n${cli.stderr}`);
      mkdirSync(join(workspace, 'src'));
      writeFileSync(join(workspace, 'src', APP), APP_TEXT);
    },
  });

  it('exports the final model from the palette, opens it, and asks before replacing it', { timeout: 240_000 }, async () => {
    const session = await vscode();
    const file = join(session.workspace, 'titanic.model.ts');
    await session.step('export-palette', async () => {
      await session.runCommand('AutoML: Export Model as TypeScript');
      assert.equal((await session.waitForQuickPick(/export which run/i)).labels.length, 1, 'the one trained run is offered');
      await session.acceptQuickPick();
      await acceptSaveDialog(session, '/titanic.model.ts');
      await session.editorTab('titanic.model.ts').waitFor({ state: 'visible', timeout: 60_000 });
      const source = readFileSync(file, 'utf8');
      assert.match(source, /export function predict\(/);
      assert.match(source, /export function predictProba\(/);
      await session.screenshot('export-module-opened');
    });

    await session.step('export-replace-declined', async () => {
      await session.runCommand('View: Close All Editors');
      writeFileSync(file, '// my own edits\n');
      await session.runCommand('AutoML: Export Model as TypeScript');
      await session.waitForQuickPick(/export which run/i);
      await session.acceptQuickPick();
      await acceptSaveDialog(session, '/titanic.model.ts');
      // The dialog itself asks before it returns an existing file; the command asks nothing more.
      await replacePrompt(session).waitFor({ state: 'visible' });
      await session.screenshot('export-replace-question');
      await session.page.keyboard.press('Escape');
      // Declining goes back to the dialog (or closes it): Escape until it is gone.
      await waitUntil(async () => {
        if (!(await session.quickInput().isVisible())) return true;
        await session.page.keyboard.press('Escape');
        return undefined;
      }, 'the save dialog to close');
      assert.equal(await session.page.locator('.monaco-dialog-box').count(), 0, 'no second question');
      assert.equal(readFileSync(file, 'utf8'), '// my own edits\n', 'declining leaves the file as it was');
      assert.equal(await session.editorTab('titanic.model.ts').count(), 0, 'nothing was opened');
    });

    await session.step('export-replace-accepted', async () => {
      await session.runCommand('AutoML: Export Model as TypeScript');
      await session.waitForQuickPick(/export which run/i);
      await session.acceptQuickPick();
      await acceptSaveDialog(session, '/titanic.model.ts');
      await replacePrompt(session).waitFor({ state: 'visible' });
      await session.quickInput().locator('input.input').press('Enter');
      await session.editorTab('titanic.model.ts').waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(readFileSync(file, 'utf8'), /export function predict\(/, 'accepting the dialog\'s question replaces the file');
    });
  });

  it('the source action inserts the import and an example call at the cursor', { timeout: 180_000 }, async () => {
    const session = await vscode();
    const app = join(session.workspace, 'src', APP);
    await session.step('export-code-action', async () => {
      await session.showExplorer();
      await session.explorerItem('src').click();
      await session.openExplorerFile(APP);
      // The cursor at the end of `console.log(readFileSync);`: the call goes on a new line below it.
      await session.runCommand('Go to Line/Column...');
      await session.quickInput().locator('input.input').fill(':4');
      await session.quickInput().locator('input.input').press('Enter');
      await session.page.keyboard.press('End');
      await session.runCommand('Source Action...');
      const action = session.page.locator('.action-widget').getByText('Insert prediction code from AutoML run…');
      await action.first().waitFor({ state: 'visible' });
      await session.screenshot('export-source-action-menu');
      await action.first().click();
      await session.waitForQuickPick(/insert prediction code from which run/i);
      await session.acceptQuickPick();
      await waitUntil(async () => (await savedText(session, app)).includes('predict(') || undefined, 'the code to be inserted', 60_000);
      const text = readFileSync(app, 'utf8');
      assert.match(text, /^import \{ readFileSync \} from 'node:fs';\nimport \{ predict \} from '\.\/titanic\.model';\n\n/);
      assert.match(text, /console\.log\(readFileSync\);\n {2}const prediction = predict\(\{?[^]*'sex': '[a-z]+'[^]*\}\);\n\}\n$/);
      assert.ok(existsSync(join(session.workspace, 'src', 'titanic.model.ts')), 'the module was written next to the file');
      await session.screenshot('export-code-inserted');
      // Import and call are one edit: one Undo takes both back.
      await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await session.page.keyboard.press('Control+Z');
      await waitUntil(async () => (await savedText(session, app)) === APP_TEXT || undefined, 'one Undo to restore the file');
    });
  });

  it("the Leaderboard's Export button exports the selected trial", { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('export-leaderboard', async () => {
      await session.runCommand('View: Close All Editors');
      await session.runCommand('AutoML: Focus on Runs View');
      await session.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: /titanic/ }).first().click();
      const board = await session.webviewContent(`Leaderboard: ${DATASET}`, 'tbody tr.row.status-ok');
      const row = board.locator('tbody tr.row.status-ok').filter({ hasText: 'logistic' }).first();
      const id = (await row.getAttribute('data-key')) ?? '';
      await row.click();
      const button = board.locator('vscode-button.export');
      await waitUntil(async () => (await button.getAttribute('disabled')) === null || undefined, 'the Export button to be enabled');
      await button.click();
      const name = `titanic.trial-${id}.model.ts`;
      await acceptSaveDialog(session, `/${name}`);
      await session.editorTab(name).waitFor({ state: 'visible', timeout: 90_000 });
      assert.match(readFileSync(join(session.workspace, name), 'utf8'), new RegExp(`trial ${id}[^]*export function predict\\(`));
      await session.screenshot('export-leaderboard-trial');
    });
  });

  it('creates a prediction service in a new workspace folder and opens its README', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('export-service', async () => {
      await session.runCommand('AutoML: Create Prediction Service');
      await session.waitForQuickPick(/prediction service for which run/i);
      await session.acceptQuickPick();
      await session.waitForQuickPick(/where should the prediction service go/i);
      await session.pickQuickItem('New folder in the workspace…');
      const input = session.quickInput().locator('input.input');
      await waitUntil(async () => (await input.inputValue()) === 'titanic-service' || undefined, 'the folder name to be offered');
      await input.press('Enter');
      const open = session.page.locator('.notification-toast').filter({ hasText: /created a prediction service/ }).getByRole('button', { name: 'Open README' });
      await open.waitFor({ state: 'visible', timeout: 90_000 });
      const folder = join(session.workspace, 'titanic-service');
      for (const file of ['package.json', 'README.md', 'Dockerfile']) assert.ok(existsSync(join(folder, file)), `${file} was written`);
      await open.click();
      await session.editorTab('README.md').waitFor({ state: 'visible' });
      await session.screenshot('export-service-readme');
    });
  });
});
