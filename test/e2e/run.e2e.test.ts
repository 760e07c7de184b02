/**
 * The whole "AutoML this" journey in a real VS Code, as a person does it: right-click the CSV,
 * answer the QuickPicks (target, task, budget), watch the Data Profile and the live Leaderboard,
 * cancel the run once three models have scores, read the run's feature decisions on the board,
 * then the Feature Importance side view and the Explanations panel of the model the run kept,
 * with its Robustness tab. Screenshots of each panel are saved.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { datasetPath, sessionFixture, waitUntil, type VsCodeSession } from './harness';

const DATASET = 'titanic.csv';
const LEADERBOARD = `Leaderboard: ${DATASET}`;

/** The Explanations panel the leaderboard's Explain button opened (its tab title names the model). */
async function explanationsPanel(session: VsCodeSession, readySelector: string): Promise<FrameLocator> {
  const tab = session.page.locator('.tabs-container [role="tab"]').filter({ hasText: /^Explain: / }).first();
  await tab.waitFor({ state: 'visible', timeout: 60_000 });
  const title = ((await tab.getAttribute('aria-label')) ?? (await tab.textContent()) ?? '').split(',')[0].trim();
  return session.webviewContent(title, readySelector, 150_000);
}

/** The Feature Importance view's content: a webview laid over the side bar. */
function sideBarWebview(session: VsCodeSession): Promise<FrameLocator> {
  return session.webviewOver(session.page.locator('.part.sidebar'), 'a webview in the side bar');
}

describe('AutoML this: train, watch, cancel, explain', { timeout: 900_000 }, () => {
  const vscode = sessionFixture({
    name: 'run',
    files: { [DATASET]: datasetPath(DATASET) },
    // A budget long enough that the run is cancelled, not finished; learners whose explanations are exact and quick.
    settings: { 'automl.budgetSeconds': 300, 'automl.learners': ['logistic', 'gbdt', 'randomForest'], 'automl.workers': 1 },
  });

  it('asks target, task and budget, then shows the profile and a live leaderboard', { timeout: 300_000 }, async () => {
    const session = await vscode();
    await session.step('run-start', async () => {
      await session.contextMenuOnExplorerFile(DATASET, 'AutoML this');
      await session.waitForQuickPick(/target column/i);
      await session.pickQuickItem('survived');

      const task = await session.waitForQuickPick(/task for target "survived"/);
      assert.match(task.active?.label ?? '', /^Binary classification/, 'the inferred task comes first');
      assert.match(task.active?.description ?? '', /inferred/);
      await session.acceptQuickPick();

      const budget = await session.waitForQuickPick(/time budget/i);
      assert.equal(budget.active?.label, '5 min', 'the configured budget comes first');
      assert.match(budget.active?.description ?? '', /default/);
      await session.acceptQuickPick();

      const profile = await session.webviewContent(`Profile: ${DATASET}`, 'header .facts');
      await waitUntil(async () => ((await profile.locator('header .facts').textContent()) ?? '').includes('5 columns') || undefined, 'the profile to count 5 columns');
      assert.equal((await profile.locator('.target-line .target-name').textContent())?.trim(), 'survived');
      await session.screenshot('run-profile');

      const board = await session.webviewContent(LEADERBOARD, 'header .status-badge');
      await waitUntil(async () => (await board.locator('tbody tr.row.status-ok .score').count()) >= 3 || undefined, 'three scored models on the leaderboard', 240_000);
      const scores = (await board.locator('tbody tr.row.status-ok .score').allTextContents()).map(Number);
      assert.ok(scores.every((s) => s > 0.5 && s <= 1), `ROC AUC scores: ${scores.join(', ')}`);
      assert.equal(await board.locator('tbody tr.row.best').count(), 1, 'one best trial is highlighted');
      assert.match((await board.locator('header .status-badge').textContent()) ?? '', /Running/);
      assert.ok(await session.page.locator('.statusbar-item').filter({ hasText: /AutoML: titanic\.csv/ }).first().isVisible(), 'a status bar item shows the run');
      await session.screenshot('run-leaderboard-live');
    });
  });

  it('cancel stops the run within seconds and keeps the models that finished', { timeout: 120_000 }, async () => {
    const session = await vscode();
    await session.step('run-cancel', async () => {
      const board = await session.webviewContent(LEADERBOARD, 'header .status-badge');
      const before = await board.locator('tbody tr.row.status-ok').count();
      const clickedAt = Date.now();
      await board.locator('vscode-button.cancel').click();
      await waitUntil(async () => /Cancelled/.test((await board.locator('header .status-badge').textContent()) ?? '') || undefined, 'the board to say Cancelled', 60_000);
      const stopMs = Date.now() - clickedAt;
      console.log(`cancel: the board said Cancelled ${stopMs} ms after the click`);
      assert.ok((await board.locator('tbody tr.row.status-ok').count()) >= before, 'the finished trials are kept');
      await board.locator('tbody tr.row.pinned.final').waitFor({ state: 'visible' });
      assert.equal(await board.locator('vscode-button.cancel').isVisible(), false, 'no Cancel button once stopped');
      await waitUntil(async () => !(await session.page.locator('.statusbar-item').filter({ hasText: /AutoML: titanic\.csv/ }).first().isVisible()) || undefined, 'the status bar item to go away');
      await session.screenshot('run-leaderboard-cancelled');
    });
  });

  it('the finished board shows a Features line under its plan', { timeout: 60_000 }, async () => {
    const session = await vscode();
    await session.step('run-features-line', async () => {
      const board = await session.webviewContent(LEADERBOARD, 'header .status-badge');
      const line = board.locator('header .plan + .features .features-line');
      await line.waitFor({ state: 'visible' });
      // features.json is read before the final board is posted, so the line no longer waits for the run.
      const text = await waitUntil(async () => {
        const content = ((await line.textContent()) ?? '').replace(/\s+/g, ' ').trim();
        return /known when the run finishes/.test(content) ? undefined : content;
      }, 'the Features line to report the run\'s decisions');
      console.log(`features line: ${text}`);
      assert.match(text, /^Features /);
      const toggle = board.locator('header .features-toggle');
      if ((await toggle.count()) > 0) {
        await toggle.click();
        await board.locator('header .features-details').waitFor({ state: 'visible' });
      }
      await session.screenshot('run-leaderboard-features');
    });
  });

  it('the Feature Importance view shows bars for the kept model', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('run-importance', async () => {
      await session.runCommand('AutoML: Focus on Feature Importance View');
      const view = await sideBarWebview(session);
      // The cancelled run was not explained yet: the engine explains its final model now.
      await view.locator('li.bar-item').first().waitFor({ state: 'visible', timeout: 150_000 });
      const columns = await view.locator('li.bar-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-column')));
      assert.ok(columns.length >= 3, `bars for ${columns.join(', ')}`);
      assert.ok(columns.includes('sex'), 'sex is among the titanic drivers');
      await session.screenshot('run-feature-importance');
    });
  });

  it('the Explanations panel renders importance, beeswarm and a waterfall', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('run-explanations', async () => {
      const board = await session.webviewContent(LEADERBOARD, 'header .status-badge');
      await board.locator('vscode-button.explain').click();
      const panel = await explanationsPanel(session, '.importance-bars');
      assert.ok((await panel.locator('.importance-bars li').count()) >= 3, 'importance bars');
      await session.screenshot('run-explanations-importance');
      await panel.locator('[role=tab][data-tab=beeswarm]').click();
      await panel.locator('canvas').first().waitFor({ state: 'visible' });
      await session.screenshot('run-explanations-beeswarm');
      await panel.locator('[role=tab][data-tab=waterfall]').click();
      await panel.locator('.waterfall .wf-step').first().waitFor({ state: 'visible', timeout: 60_000 });
      assert.ok((await panel.locator('.waterfall .wf-step').count()) >= 3, 'waterfall steps');
      await session.screenshot('run-explanations-waterfall');
    });
  });

  it("the Explanations panel's Robustness tab shows the final model's grade and calibration", { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('run-robustness', async () => {
      const panel = await explanationsPanel(session, '[role=tab][data-tab=robustness]');
      await panel.locator('[role=tab][data-tab=robustness]').click();
      await panel.locator('.robustness-tab').waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await panel.locator('[role=tab][data-tab=robustness]').getAttribute('aria-selected'), 'true');
      // The final model of a new run has robustness.json; if not, say what the tab says instead.
      const absent = panel.locator('.robustness-absent');
      const badge = panel.locator('.robustness-overall .grade-badge');
      await waitUntil(async () => (await badge.isVisible()) || (await absent.isVisible()) || undefined, 'the Robustness tab to show its content');
      assert.equal(await badge.count(), 1, `a grade badge (the tab says: ${(await absent.count()) > 0 ? await absent.textContent() : 'nothing else'})`);
      console.log(`robustness: ${(await badge.textContent())?.trim()}`);
      await panel.locator('.robustness-calibration h2').waitFor({ state: 'visible' });
      await session.screenshot('run-explanations-robustness');
    });
  });

  it("selecting a trial on the leaderboard moves the Feature Importance view to that trial's model", { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('run-select-trial', async () => {
      const board = await session.webviewContent(LEADERBOARD, 'header .status-badge');
      const row = board.locator('tbody tr.row.status-ok').filter({ hasText: 'logistic' }).first();
      const id = (await row.getAttribute('data-key')) ?? '';
      await row.click();
      const view = await sideBarWebview(session);
      // The trial's configuration is refitted on all rows and explained on first selection.
      await waitUntil(async () => ((await view.locator('header .model').textContent()) ?? '').includes(`logistic (trial ${id}`) || undefined, `the view to follow trial ${id}`, 150_000);
      await view.locator('li.bar-item').first().waitFor({ state: 'visible' });
      assert.ok((await view.locator('li.bar-item').count()) >= 3);
      await session.screenshot('run-feature-importance-trial');
    });
  });

  it('the Runs tree lists the run, and Delete removes it after confirmation', { timeout: 120_000 }, async () => {
    const session = await vscode();
    await session.step('run-delete', async () => {
      await session.runCommand('AutoML: Focus on Runs View');
      const item = session.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: /titanic/ }).first();
      await session.contextMenuOn(item, 'Delete Run…', 'the titanic run');
      const dialog = session.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible' });
      assert.match((await dialog.textContent()) ?? '', /Delete the AutoML run/);
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await waitUntil(async () => (await item.count()) === 0 || undefined, 'the run to leave the Runs tree');
      assert.equal(await session.editorTab(LEADERBOARD).count(), 0, 'its leaderboard closed with it');
      await session.screenshot('run-deleted');
    });
  });
});
