/**
 * Restricted Mode, as a freshly cloned repository opens: AutoML still profiles a local file, but
 * fetches no web API, connects to no database and scaffolds no service until the user trusts the
 * workspace (package.json `capabilities.untrustedWorkspaces`).
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetPath, sessionFixture, waitUntil } from './harness';

const DATASET = 'titanic.csv';
const SPEC = 'cloned.automl';

describe('Restricted Mode (an untrusted workspace)', { timeout: 240_000 }, () => {
  const vscode = sessionFixture({
    name: 'restricted',
    restricted: true,
    files: { [DATASET]: datasetPath(DATASET) },
    prepare: (workspace) => writeFile(join(workspace, SPEC), `data: ${DATASET}\ntarget: survivd\nlearners: [gbdt]\n`),
  });

  it('profiles a local file as in a trusted workspace', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('restricted-profile', async () => {
      await session.contextMenuOnExplorerFile(DATASET, 'AutoML this');
      await session.waitForQuickPick(/target column/i);
      await session.pickQuickItem('(no target: profile only)');
      const view = await session.webviewContent(`Profile: ${DATASET}`, 'header .facts');
      await waitUntil(async () => /1,309 rows × 5 columns/.test((await view.locator('header .facts').textContent()) ?? ''), 'the profile of every row and column');
      assert.ok(await session.page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).first().isVisible(), 'the window is in Restricted Mode');
    });
  });

  for (const [command, wording] of [
    ['AutoML: Run on Web API…', /fetching a web API needs a trusted workspace/],
    ['AutoML: Run on Database…', /connecting to a database needs a trusted workspace/],
  ] as const) {
    it(`${command} asks nothing and says the workspace must be trusted`, { timeout: 60_000 }, async () => {
      const session = await vscode();
      await session.step(`restricted-${command.includes('Web') ? 'web-api' : 'database'}`, async () => {
        await session.runCommand(command);
        await waitUntil(async () => (await session.notifications()).some((message) => wording.test(message)), `a notification matching ${String(wording)}`);
        assert.equal(await session.quickInput().isVisible(), false, 'no input box asks for a URL or a password');
      });
    });
  }

  it('checks a spec against its local data, but its ▶ Run lens runs nothing', { timeout: 90_000 }, async () => {
    const session = await vscode();
    const { page } = session;
    await session.step('restricted-spec', async () => {
      await session.openExplorerFile(SPEC);
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel');
      await waitUntil(async () => /survivd/.test((await problems.textContent()) ?? '') || undefined, "the spec's unknown target in Problems", 60_000);
      const lens = page.locator('.editor-group-container.active .codelens-decoration a').filter({ hasText: '▶ Run' });
      await lens.click();
      await waitUntil(
        async () => (await session.notifications()).some((message) => /running a spec needs a trusted workspace/.test(message)) || undefined,
        'the Restricted Mode warning',
      );
      assert.equal(await page.locator('.tabs-container [role="tab"]').filter({ hasText: /^Leaderboard/ }).count(), 0, 'no run started');
    });
  });
});
