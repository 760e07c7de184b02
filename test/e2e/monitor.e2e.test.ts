/**
 * Monitoring in a real VS Code, on a titanic run prepared with the CLI: AutoML: Check Drift… on a
 * copy of the data with every age 40 years older and a passenger class training never saw (in
 * windows of 500 rows); the Monitoring panel marks the drifted columns, also per window, an error
 * notification names them, and the run's
 * spec files (its folder's spec.automl and the workspace spec of the same data) carry the
 * alerts in Problems, on the workspace spec's `monitor:` line. Checking the training data itself
 * afterwards is ok and clears them. Then a prediction service's log folder: checked, watched,
 * checked again by itself when the log grows, and no longer watched after Stop Watching.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetPath, repoRoot, sessionFixture, waitUntil, type VsCodeSession } from './harness';

const DATASET = 'titanic.csv';
const SHIFTED = 'titanic-shifted.csv';
const SPEC = 'titanic.automl';
const SPEC_TEXT = 'data: titanic.csv\ntarget: survived\nmonitor:\n  windowRows: 500\n';
const LOGS = 'logs';
const LOG_FILE = 'predictions-2026-12-06.ndjson';

// Titanic rows: "name","survived","sex",age,"passengerClass" (age unquoted, empty when missing).
const ROW = /^("(?:[^"]|"")*"),("[^"]*"),("[^"]*"),([^,]*),("[^"]*")$/;

/** Every age 40 years older, and every fourth passenger in a class training never saw. */
function shiftedCopy(text: string): string {
  const [header, ...rows] = text.trimEnd().split('\n');
  const shifted = rows.map((line, i) =>
    line.replace(ROW, (_, name: string, survived: string, sex: string, age: string, klass: string) =>
      [name, survived, sex, age === '' ? '' : String(Number(age) + 40), i % 4 === 0 ? '"5th"' : klass].join(','),
    ),
  );
  return `${[header, ...shifted].join('\n')}\n`;
}

/** Titanic rows `from`..`to` as the prediction service logs them: one answered record per row. */
function predictionLog(text: string, from: number, to: number): string {
  const rows = text.trimEnd().split('\n').slice(1 + from, 1 + to);
  return rows
    .map((line, i) => {
      const [, name, , sex, age, klass] = ROW.exec(line) ?? [];
      const input = { name: JSON.parse(name ?? '""') as string, sex: JSON.parse(sex ?? '""') as string, age: age === '' || age === undefined ? null : Number(age), passengerClass: JSON.parse(klass ?? '""') as string };
      return JSON.stringify({ ts: `2026-12-06T${String(10 + (i % 10)).padStart(2, '0')}:00:00.000Z`, request_id: `req-${from + i}`, status: 'ok', input, prediction: 'no' });
    })
    .map((record) => `${record}\n`)
    .join('');
}

/** Runs Check Drift from the palette on the workspace file `file` (code-server's open dialog is a quick input holding a path). */
async function checkDrift(session: VsCodeSession, file: string, kind: 'Data file…' | 'Prediction service log folder…' = 'Data file…'): Promise<void> {
  await session.runCommand('AutoML: Check Drift…');
  const runs = await session.waitForQuickPick(/check drift of which run/i);
  assert.equal(runs.labels.length, 1, 'the one trained run is offered');
  await session.acceptQuickPick();
  await session.waitForQuickPick(/new data to check/i);
  await session.pickQuickItem(kind);
  const input = session.quickInput().locator('input.input');
  await waitUntil(async () => ((await session.quickInput().isVisible()) && (await input.inputValue()).endsWith('/')) || undefined, 'the open dialog to show a folder', 60_000);
  const path = join(session.workspace, file);
  // The dialog may still set its own value just after it shows: type the path until it stays.
  let typed = 0;
  await waitUntil(async () => {
    if ((await input.inputValue()) === path) return ++typed >= 2 || undefined;
    typed = 0;
    await input.fill(path);
    return undefined;
  }, 'the path to stay typed in the open dialog');
  await input.press('Enter');
  // A folder typed in the simple dialog is opened first (its path then ends in '/'); Enter again picks it.
  // Only then: a second Enter as the dialog closes on a file would reach the view behind it.
  await waitUntil(async () => {
    if (!(await session.quickInput().isVisible())) return true;
    if ((await input.inputValue()) === `${path}/`) await input.press('Enter');
    return undefined;
  }, 'the open dialog to close');
}

describe('monitoring: Check Drift, the Monitoring panel, alerts and diagnostics', { timeout: 600_000 }, () => {
  let runName = '';
  const vscode = sessionFixture({
    name: 'monitor',
    files: { [DATASET]: datasetPath(DATASET) },
    // Windows of 500 rows: 1,309 rows make three, so the panel draws drift over windows.
    settings: { 'automl.monitor.windowRows': 500 },
    prepare: async (workspace) => {
      const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', DATASET, '--target', 'survived', '--trials', '2', '--models', 'logistic', '--workers', '0', '--no-explain'], {
        cwd: workspace,
        encoding: 'utf8',
      });
      assert.equal(cli.status, 0, `automl run failed:\n${cli.stdout}\n${cli.stderr}`);
      [runName] = readdirSync(join(workspace, '.automl', 'runs'));
      writeFileSync(join(workspace, SHIFTED), shiftedCopy(readFileSync(join(workspace, DATASET), 'utf8')));
      writeFileSync(join(workspace, SPEC), SPEC_TEXT);
      mkdirSync(join(workspace, LOGS));
      writeFileSync(join(workspace, LOGS, LOG_FILE), predictionLog(readFileSync(join(workspace, DATASET), 'utf8'), 0, 300));
    },
  });

  it('finds the planted drift, shows it, and alerts with a notification and diagnostics', { timeout: 240_000 }, async () => {
    const session = await vscode();
    const { page } = session;
    await session.step('monitor-drift', async () => {
      await checkDrift(session, SHIFTED);
      const panel = await session.webviewContent(`Monitoring: ${runName}`, '.drifted-column', 120_000);
      const drifted = (await panel.locator('.drifted-column').allTextContents()).map((t) => t.trim());
      assert.deepEqual(drifted.sort(), ['age', 'passengerClass']);
      assert.match((await panel.locator('header .verdict').textContent()) ?? '', /Alert/);
      assert.deepEqual((await panel.locator('table.drift-table tr.drifted td.name').allTextContents()).map((t) => t.trim()).sort(), ['age', 'passengerClass']);
      assert.match((await panel.locator('table.quality-table tr[data-column="passengerClass"]').textContent()) ?? '', /5th/);
      assert.equal(await panel.locator('canvas.drift-chart').count(), 1, 'the drift chart is drawn');
      assert.equal(await panel.locator('table.heatmap thead th').count(), 4, 'a column per window beside the column names');
      assert.ok((await panel.locator('table.heatmap td.cell.drift').count()) >= 4, 'age and passengerClass drift in each full window');
      await panel.locator('table.heatmap').scrollIntoViewIfNeeded();
      await session.screenshot('monitor-panel-windows');
      await panel.locator('header').scrollIntoViewIfNeeded();

      const notification = await waitUntil(
        async () => (await session.notifications()).find((message) => /drift alert on/.test(message)),
        'the drift alert notification',
      );
      assert.match(notification, /'age', 'passengerClass' drift/);
      await session.screenshot('monitor-panel-drift');

      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel');
      const text = await waitUntil(async () => {
        const content = (await problems.textContent()) ?? '';
        return /spec\.automl[\s\S]*'age' drifts/.test(content) && content.includes(SPEC) ? content : undefined;
      }, 'the alerts on both specs in Problems', 60_000);
      assert.match(text, /'passengerClass' drifts/);
      assert.match(text, /AutoML monitoring/);
      // The workspace spec's alerts sit on its `monitor:` line (line 3).
      const specRow = page.locator('.markers-panel .monaco-list-row').filter({ hasText: /Dataset drift/ }).filter({ hasText: 'Ln 3' });
      assert.ok((await specRow.count()) >= 1, 'an alert on the monitor: line of titanic.automl');
      await session.screenshot('monitor-problems');
    });
  });

  it('an ok check of the training data clears the diagnostics', { timeout: 180_000 }, async () => {
    const session = await vscode();
    const { page } = session;
    await session.step('monitor-ok', async () => {
      await checkDrift(session, DATASET);
      const panel = await session.webviewContent(`Monitoring: ${runName}`, 'header .verdict');
      await waitUntil(async () => /OK/.test((await panel.locator('header .verdict').textContent()) ?? '') || undefined, 'the panel to show the ok check', 120_000);
      assert.equal(await panel.locator('select.history option').count(), 2, 'both checks are in the history list');
      const problems = page.locator('.markers-panel');
      await waitUntil(async () => !/AutoML monitoring|drifts/.test((await problems.textContent()) ?? '') || undefined, 'the alerts to leave Problems', 60_000);
      await session.screenshot('monitor-panel-ok');

      // The Runs view lists both checks under the run.
      await session.runCommand('AutoML: Focus on Runs View');
      const rows = page.locator('.part.sidebar .monaco-list-row');
      await rows.filter({ hasText: runName }).locator('.monaco-tl-twistie').click();
      await rows.filter({ hasText: /alert · titanic-shifted\.csv/ }).waitFor({ state: 'visible' });
      await rows.filter({ hasText: /ok · titanic\.csv/ }).waitFor({ state: 'visible' });
      await session.showExplorer();
    });
  });

  it('checks a service log folder, checks again when the log grows, and stops watching', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('monitor-watch', async () => {
      await checkDrift(session, LOGS, 'Prediction service log folder…');
      const panel = await session.webviewContent(`Monitoring: ${runName}`, 'header .watching');
      await waitUntil(async () => /300 rows of service logs/.test((await panel.locator('header .facts').textContent()) ?? '') || undefined, 'the panel to show the log check');
      const checks = await panel.locator('select.history option').count();
      const grewAt = Date.now();
      appendFileSync(join(session.workspace, LOGS, LOG_FILE), predictionLog(readFileSync(join(session.workspace, DATASET), 'utf8'), 300, 450));
      await waitUntil(async () => (await panel.locator('select.history option').count()) > checks || undefined, 'a new check after the log grew', 90_000);
      console.log(`watch: checked again ${Date.now() - grewAt} ms after the log grew`);
      assert.match((await panel.locator('header .facts').textContent()) ?? '', /450 rows/);
      await session.screenshot('monitor-watching');
      await panel.locator('vscode-button.stop-watch').click();
      await panel.locator('header .watching').waitFor({ state: 'detached' });
    });
  });

  it('reads in a dark theme too (the window starts light)', { timeout: 60_000 }, async () => {
    const session = await vscode();
    await session.step('monitor-dark', async () => {
      await session.runCommand('Preferences: Color Theme');
      await session.pickQuickItem('Dark Modern');
      await waitUntil(async () => /\bvs-dark\b/.test((await session.page.locator('.monaco-workbench').getAttribute('class')) ?? '') || undefined, 'the workbench to turn dark');
      const panel = await session.webviewContent(`Monitoring: ${runName}`, 'header .verdict');
      const colors = await panel.locator('body').evaluate((element) => {
        // Runs in the page (this file compiles without the DOM library).
        const page = globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
        const style = page.getComputedStyle(element);
        return { color: style.color, background: style.backgroundColor };
      });
      assert.notEqual(colors.color, colors.background, `text ${colors.color} on ${colors.background}`);
      assert.notEqual(colors.background, 'rgb(255, 255, 255)', 'the view follows the dark theme');
      await session.screenshot('monitor-panel-dark');
    });
  });
});
