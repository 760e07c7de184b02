/**
 * A run as a file, as a person writes one: a `.automl` spec typed in the editor with the language
 * server's completions, a misspelled column flagged in the Problems panel and fixed by its quick
 * fix, a column's profile on hover; then a spec run from its ▶ Run code lens (the Leaderboard
 * fills with exactly the learners the file names, and the run folder keeps the spec it ran); and
 * a CSV file's ragged row in the Problems panel.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetPath, sessionFixture, waitUntil } from './harness';

const DATASET = 'titanic.csv';
const SPEC = 'titanic.automl';
const DRAFT = 'draft.automl';
/** A CSV whose third line has two fields where the header has three. */
const RAGGED = 'ragged.csv';
const SPEC_TEXT = [
  '# The e2e spec: two learners, a few trials, a fixed seed.',
  `data: ${DATASET}`,
  'target: survived',
  'budget: 2m',
  'seed: 7',
  'exclude: [name]',
  'learners: [logistic, gbdt]',
  'search:',
  '  trials: 4',
  '',
].join('\n');

describe('a .automl spec in the editor', { timeout: 400_000 }, () => {
  const vscode = sessionFixture({
    name: 'spec',
    files: { [DATASET]: datasetPath(DATASET) },
    prepare: async (workspace) => {
      await writeFile(join(workspace, SPEC), SPEC_TEXT);
      await writeFile(join(workspace, DRAFT), `data: ${DATASET}\n`);
      await writeFile(join(workspace, RAGGED), 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    },
    settings: { 'automl.workers': 1 },
  });

  it('completes a column, flags a misspelled one in Problems, fixes it, and shows a column on hover', { timeout: 180_000 }, async () => {
    const session = await vscode();
    const { page } = session;
    await session.step('spec-language', async () => {
      await session.openExplorerFile(DRAFT);
      const editor = page.locator('.editor-group-container.active .monaco-editor');
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('target: ');
      await page.keyboard.press('Control+Space');
      const suggestion = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: /^survived/ });
      await suggestion.waitFor({ state: 'visible', timeout: 60_000 });
      await suggestion.click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('exclude: [nmae');
      await page.keyboard.press('Control+S');
      await waitUntil(async () => readFileSync(join(session.workspace, DRAFT), 'utf8').includes('target: survived') || undefined, 'the accepted completion in the saved file');

      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel');
      await waitUntil(async () => /nmae.*name/.test((await problems.textContent()) ?? '') || undefined, 'the unknown column with its did-you-mean in Problems', 60_000);
      await session.screenshot('spec-problems');

      await editor.locator('.view-line span').filter({ hasText: /^nmae$/ }).first().click();
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row').filter({ hasText: "Change to 'name'" });
      await fix.waitFor({ state: 'visible' });
      await fix.click();
      await page.keyboard.press('Control+S');
      await waitUntil(async () => /exclude: \[name\]/.test(readFileSync(join(session.workspace, DRAFT), 'utf8')) || undefined, 'the quick fix in the saved file');

      await editor.locator('.view-line span').filter({ hasText: /^survived$/ }).first().hover();
      const hover = page.locator('.monaco-hover').filter({ hasText: /boolean/ });
      await hover.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match((await hover.textContent()) ?? '', /no\s*\(809\)/, "the column's profile counts titanic's 809 non-survivors");
      await waitUntil(async () => /No problems/.test((await problems.textContent()) ?? '') || undefined, 'Problems to be empty after the fix');
      await session.screenshot('spec-hover');
    });
  });

  it('runs from its ▶ Run code lens: the learners it names, its spec kept in the run folder', { timeout: 300_000 }, async () => {
    const session = await vscode();
    await session.step('spec-run', async () => {
      await session.openExplorerFile(SPEC);
      await session.page.locator('.editor-actions .action-label[aria-label^="Run Spec"]').waitFor({ state: 'visible' });
      const lens = session.page.locator('.editor-group-container.active .codelens-decoration a').filter({ hasText: '▶ Run' });
      await lens.waitFor({ state: 'visible', timeout: 60_000 });
      await lens.click();
      const board = await session.webviewContent(`Leaderboard: ${DATASET}`, 'header .status-badge');
      await waitUntil(async () => /Done/.test((await board.locator('header .status-badge').textContent()) ?? '') || undefined, 'the run to finish', 240_000);
      const learners = new Set((await board.locator('tbody tr.row .learner').allTextContents()).map((text) => text.trim().split(/\s/)[0]));
      for (const learner of learners) assert.ok(['logistic', 'gbdt', 'Ensemble'].some((name) => learner.startsWith(name)), `only the spec's learners (${[...learners].join(', ')})`);
      const runs = join(session.workspace, '.automl', 'runs');
      const run = join(runs, readdirSync(runs).sort().pop() ?? '');
      const saved = readFileSync(join(run, 'spec.automl'), 'utf8');
      assert.match(saved, /seed: 7/);
      assert.match(saved, /learners: \[ ?logistic, gbdt ?\]|- logistic\n\s*- gbdt/);
      assert.match(saved, /exclude:.*name|- name/);
      await session.screenshot('spec-run');
    });

    await session.step('spec-save-run', async () => {
      // The run's resolved spec, saved back into the workspace beside the data, and opened.
      const board = await session.webviewContent(`Leaderboard: ${DATASET}`, 'header .status-badge');
      await board.locator('vscode-button.save-spec').click();
      const input = session.quickInput().locator('input.input');
      await waitUntil(async () => ((await session.quickInput().isVisible()) && (await input.inputValue()).endsWith('.automl')) || undefined, 'the save dialog for the spec', 60_000);
      await input.fill(join(session.workspace, 'resolved.automl'));
      await input.press('Enter');
      await session.editorTab('resolved.automl').waitFor({ state: 'visible', timeout: 60_000 });
      const saved = readFileSync(join(session.workspace, 'resolved.automl'), 'utf8');
      assert.match(saved, /^ {2}path: titanic\.csv$/m, 'the data path, relative to the saved spec');
      assert.match(saved, /metric: auc/, 'the resolved defaults are written');
    });
  });

  it("shows a CSV file's ragged row in the Problems panel", { timeout: 60_000 }, async () => {
    const session = await vscode();
    await session.step('spec-csv', async () => {
      await session.openExplorerFile(RAGGED);
      await session.page.keyboard.press('Control+Shift+M');
      const problems = session.page.locator('.markers-panel');
      await waitUntil(async () => /ragged\.csv[\s\S]*Ln 3/.test((await problems.textContent()) ?? '') || undefined, 'the ragged row of ragged.csv at line 3 in Problems', 30_000);
      await session.screenshot('spec-csv-problems');
    });
  });
});
