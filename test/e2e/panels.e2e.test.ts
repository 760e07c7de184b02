/**
 * What the panels promise beyond the main journey: data shows as text, never as markup (a CSV
 * cell holding an `<img onerror>` stays text and runs nothing), panels come back after a window
 * reload (WebviewPanelSerializer), and stay legible in the high-contrast and light themes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sessionFixture, waitUntil } from './harness';

const XSS = '<img src=x onerror=alert(1)>';
const DATASET = 'tricky.csv';

/** A small CSV whose most frequent `note` is markup, and a column named with markup too. */
function trickyCsv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'automl-e2e-data-'));
  const lines = [`note,amount,"${XSS.replace(/"/g, '""')}"`];
  for (let i = 0; i < 60; i++) lines.push(`"${i % 3 === 0 ? 'plain' : XSS}",${(i * 1.5).toFixed(1)},${i % 2 === 0 ? 'a' : 'b'}`);
  const file = join(dir, DATASET);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('panels: text only, restored after a reload, every theme', { timeout: 600_000 }, () => {
  const vscode = sessionFixture({ name: 'panels', files: { [DATASET]: trickyCsv() } });
  const dialogs: string[] = [];

  it('shows markup from the CSV as text and runs none of it', { timeout: 180_000 }, async () => {
    const session = await vscode();
    session.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await session.step('panels-xss', async () => {
      await session.contextMenuOnExplorerFile(DATASET, 'AutoML this');
      await session.waitForQuickPick(/target column/i);
      await session.pickQuickItem('(no target: profile only)');
      const profile = await session.webviewContent(`Profile: ${DATASET}`, 'table.columns tbody tr.row');
      const names = (await profile.locator('table.columns tbody tr.row .col-name .name').allTextContents()).map((n) => n.trim());
      assert.deepEqual(names, ['note', 'amount', XSS], 'the column named with markup is listed by its text');
      await profile.locator('table.columns tbody tr.row').first().click();
      await profile.getByText(XSS, { exact: true }).first().waitFor({ state: 'visible' });
      assert.equal(await profile.locator('img').count(), 0, 'no img element was created');
      assert.deepEqual(dialogs, [], 'no script ran');
      await session.screenshot('panels-xss-as-text');
    });
  });

  it('brings the panel back after a window reload', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('panels-reload', async () => {
      await session.runCommand('Developer: Reload Window');
      await session.page.locator('.monaco-workbench').waitFor({ state: 'visible' });
      const profile = await session.webviewContent(`Profile: ${DATASET}`, 'table.columns tbody tr.row', 120_000);
      await waitUntil(async () => ((await profile.locator('header .facts').textContent()) ?? '').includes('60 rows') || undefined, 'the restored profile to show its facts');
      assert.equal(await profile.locator('table.columns tbody tr.row').count(), 3);
      await session.screenshot('panels-after-reload');
    });
  });

  for (const theme of ['Dark High Contrast', 'Light Modern']) {
    it(`stays legible in ${theme}`, { timeout: 120_000 }, async () => {
      const session = await vscode();
      await session.step(`panels-theme-${theme}`, async () => {
        await session.runCommand('Preferences: Color Theme');
        await session.pickQuickItem(theme);
        const body = session.page.locator('.monaco-workbench');
        const expected = theme.includes('High Contrast') ? /hc-black/ : /vs(?!-dark)/;
        await waitUntil(async () => expected.test((await body.getAttribute('class')) ?? '') || undefined, `the workbench to switch to ${theme}`);
        const profile = await session.webviewContent(`Profile: ${DATASET}`, 'table.columns tbody tr.row');
        // The view reads VS Code's theme variables: its text colour follows the theme's.
        const colors = await profile.locator('body').evaluate((element) => {
          // Runs in the page (this file compiles without the DOM library).
          const page = globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
          const style = page.getComputedStyle(element);
          return { color: style.color, background: style.backgroundColor };
        });
        assert.notEqual(colors.color, colors.background, `text ${colors.color} on ${colors.background}`);
        await session.screenshot(`panels-theme-${theme.toLowerCase().replace(/\s+/g, '-')}`);
      });
    });
  }
});
