/**
 * "AutoML this" from the Explorer, as a person does it: right-click titanic.csv, confirm the
 * guessed target, and read the Data Profile panel.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { datasetPath, sessionFixture, waitUntil } from './harness';

const DATASET = 'titanic.csv';

/** Header fields and data records of a small CSV, honouring quotes (RFC 4180), so the test does not trust the engine's reader. */
function csvShape(text: string): { header: string[]; rows: number } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endRecord = (): void => {
    record.push(field);
    if (record.length > 1 || record[0] !== '') records.push(record);
    record = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') {
        field += c;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      endRecord();
    } else if (c !== '\r') {
      field += c;
    }
  }
  endRecord();
  return { header: records[0] ?? [], rows: records.length - 1 };
}

describe('AutoML this on a CSV in the Explorer', { timeout: 300_000 }, () => {
  const source = datasetPath(DATASET);
  const expected = csvShape(readFileSync(source, 'utf8'));
  // The shortest budget, so a run started after the pickers does not keep the 2 cores busy.
  const vscode = sessionFixture({ name: 'profile', files: { [DATASET]: source }, settings: { 'automl.budgetSeconds': 5 } });
  let target = '';

  it('asks for the target and opens the Data Profile panel with every column', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('profile', async () => {
      await session.contextMenuOnExplorerFile(DATASET, 'AutoML this');

      const picker = await session.waitForQuickPick(/target column/i);
      assert.deepEqual(picker.labels.slice(0, expected.header.length), expected.header, 'the target picker lists the header columns in order');
      assert.ok(picker.active !== undefined, 'an item is highlighted');
      assert.match(picker.active.description, /guessed target/, 'the highlighted item is the guess');
      target = picker.active.label;
      // An outcome name with yes/no values, above passengerClass (whose name merely contains "class").
      assert.equal(target, 'survived', 'the guess is the column a person would pick');
      await session.acceptQuickPick();
      // Whatever the flow asks next (task, budget), take the defaults until the profile shows.
      const profileTab = session.editorTab(`Profile: ${DATASET}`);
      const accepted = await session.acceptQuickPicksUntil(profileTab, 90_000);
      console.log(`accepted the defaults of: ${JSON.stringify(accepted)}`);

      const view = await session.webviewContent(`Profile: ${DATASET}`, 'header .facts');
      const facts = view.locator('header .facts');
      const rowsText = `${expected.rows.toLocaleString('en-US')} rows`;
      const columnsText = `${expected.header.length} columns`;
      let shown = '';
      await waitUntil(async () => {
        shown = (await facts.textContent()) ?? '';
        return shown.includes(`${rowsText} × ${columnsText}`);
      }, () => `the profile header to read "${rowsText} × ${columnsText}" (it reads "${shown}")`);
      assert.equal((await view.locator('.filter-count').textContent())?.trim(), columnsText);
      const names = (await view.locator('table.columns tbody tr.row .col-name .name').allTextContents()).map((n) => n.trim());
      assert.deepEqual(names, expected.header, 'the column table lists every column in file order');
      assert.equal((await view.locator('.target-line .target-name').textContent())?.trim(), target, 'the panel shows the confirmed target');

      const screenshot = await session.screenshot('profile-titanic');
      console.log(`screenshot: ${screenshot}${session.recoveries.length > 0 ? `; harness recoveries: ${JSON.stringify(session.recoveries)}` : ''}`);
    });
  });

  it('shows the run in the AutoML log from the command palette', { timeout: 60_000 }, async () => {
    const session = await vscode();
    await session.step('show-log', async () => {
      assert.ok(target !== '', 'the test above picked a target');
      // Both the profile-only and the training flow log the target they were given.
      const logged = new RegExp(`target:?\\s+${target}`);
      await waitUntil(async () => logged.test(await session.extensionLog()), `the AutoML log file to mention ${logged}`);
      await session.runCommand('AutoML: Show Log');
      // The line may have scrolled away under later ones: filter the Output view, as a person would.
      const output = session.page.locator('.part.panel');
      await output.getByPlaceholder(/^Filter/).fill(target);
      // Monaco renders spaces as no-break spaces, which \s matches.
      await output.locator('.view-lines').filter({ hasText: logged }).waitFor({ state: 'visible' });
      await session.screenshot('profile-log');
    });
  });
});
