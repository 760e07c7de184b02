/**
 * "AutoML this" from the Explorer, as a person does it: right-click titanic.csv, confirm the
 * guessed target, and read the Data Profile panel; then other sources in the same window: a
 * workbook whose sheet is picked, a web API from the palette whose token goes to secret storage,
 * never to the run folder, and a table of a real PostgreSQL server whose password does the same.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startPostgres } from '../postgresServer';
import { datasetPath, repoRoot, sessionFixture, waitUntil } from './harness';

const DATASET = 'titanic.csv';
const WORKBOOK = 'several.xlsx';
/** The web API's bearer token: typed into VS Code once, then found nowhere on disk. */
const TOKEN = 'e2e-token-7f3a91';

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
  const vscode = sessionFixture({
    name: 'profile',
    files: { [DATASET]: source, [WORKBOOK]: join(repoRoot, 'test', 'fixtures', 'xlsx', WORKBOOK) },
    settings: { 'automl.budgetSeconds': 5 },
  });
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

  it('asks for the sheet of a workbook, then profiles that sheet', { timeout: 120_000 }, async () => {
    const session = await vscode();
    await session.step('profile-sheet', async () => {
      await session.contextMenuOnExplorerFile(WORKBOOK, 'AutoML this');
      const sheets = await session.waitForQuickPick(/sheet of/i);
      assert.deepEqual(sheets.labels, ['Q1', 'Q2', 'Q3', 'Empty'], 'the visible sheets, in workbook order');
      await session.pickQuickItem('Q2');
      await session.waitForQuickPick(/target column/i);
      await session.pickQuickItem('(no target: profile only)');
      const view = await session.webviewContent(`Profile: ${WORKBOOK} [Q2]`, 'header .facts');
      await waitUntil(async () => /sheet Q2/.test((await view.locator('header .facts').textContent()) ?? ''), 'the header to name the sheet');
      await session.screenshot('profile-sheet');
    });
  });

  it('runs on a paged web API from the palette, its token kept in secret storage', { timeout: 120_000 }, async () => {
    const session = await vscode();
    const api = await pagedApi();
    try {
      await session.step('profile-web-api', async () => {
        await session.runCommand('AutoML: Run on Web API…');
        await session.answerInputBox(/web API/, `${api.url}/items`);
        await session.answerInputBox(/where the records are/, 'items');
        await session.waitForQuickPick(/how the API pages/);
        await session.pickQuickItem('Link headers');
        await session.answerInputBox(/request header/, `Authorization: Bearer ${TOKEN}`);
        await session.waitForQuickPick(/target column/i);
        await session.pickQuickItem('(no target: profile only)');
        // The title names the URL's last segment and the records path.
        const view = await session.webviewContent('Profile: items (items)', 'header .facts');
        await waitUntil(async () => /2 pages/.test((await view.locator('header .facts').textContent()) ?? ''), 'the header to count the pages fetched');
        assert.equal(api.unauthorized(), 0, 'every request carried the token');
        // The run folder has the records as fetched, and the token nowhere: only ${AUTHORIZATION}.
        const runs = join(session.workspace, '.automl', 'runs');
        const run = join(runs, readdirSync(runs).filter((name) => name.endsWith('-items')).sort().pop() ?? '');
        const files = readdirSync(run);
        assert.ok(files.includes('source.ndjson'), `the run keeps the fetched records (${files.join(', ')})`);
        for (const file of files) assert.ok(!readFileSync(join(run, file), 'utf8').includes(TOKEN), `${file} holds no token`);
        const spec = JSON.parse(readFileSync(join(run, 'spec.json'), 'utf8')) as { source: { headers: string[] } };
        assert.deepEqual(spec.source.headers, ['Authorization: ${AUTHORIZATION}']);
        assert.ok(!(await session.extensionLog()).includes(TOKEN), 'the log holds no token');
        await session.screenshot('profile-web-api');
      });
    } finally {
      await api.close();
    }
  });
  it('runs on a PostgreSQL table from the palette, profiled in the database, its password kept in secret storage', { timeout: 120_000 }, async () => {
    const session = await vscode();
    const server = await startPostgres();
    try {
      await server.psql(
        'CREATE TABLE sales (id serial PRIMARY KEY, region text, units integer, price numeric(8,2), sold date);' +
          "INSERT INTO sales (region, units, price, sold) SELECT (ARRAY['north','south','east'])[1 + i % 3], i % 17, i * 3.7, date '2024-01-01' + i FROM generate_series(1, 200) AS i;",
      );
      await session.step('profile-postgres', async () => {
        await session.runCommand('AutoML: Run on Database…');
        await session.answerInputBox(/PostgreSQL database/, server.url);
        await session.answerInputBox(/password of/, server.password);
        const tables = await session.waitForQuickPick(/table of/);
        assert.ok(tables.labels.includes('public.sales'), `the tables of the database, schema-qualified (${tables.labels.join(', ')})`);
        await session.pickQuickItem('public.sales');
        await session.waitForQuickPick(/target column/i);
        await session.pickQuickItem('(no target: profile only)');
        const view = await session.webviewContent(`Profile: ${server.database}: public.sales`, 'header .facts');
        await waitUntil(
          async () => /table public\.sales.*statistics computed in the database/.test((await view.locator('header .facts').textContent()) ?? ''),
          'the header to name the table and say the database computed the statistics',
        );
        const runs = join(session.workspace, '.automl', 'runs');
        const run = join(runs, readdirSync(runs).filter((name) => name.endsWith('sales')).sort().pop() ?? '');
        for (const file of readdirSync(run)) assert.ok(!readFileSync(join(run, file), 'utf8').includes(server.password), `${file} holds no password`);
        assert.ok(!(await session.extensionLog()).includes(server.password), 'the log holds no password');
        await session.screenshot('profile-postgres');
      });
    } finally {
      server.stop();
    }
  });
});

/**
 * A web API on 127.0.0.1 answering `{ items: [...] }` in two pages linked by `Link: rel="next"`,
 * and 401 without the bearer token.
 */
async function pagedApi(): Promise<{ url: string; unauthorized: () => number; close: () => Promise<void> }> {
  let refused = 0;
  const server: Server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      refused++;
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const page = new URL(request.url ?? '/', 'http://localhost').searchParams.get('page') ?? '1';
    const first = page === '1' ? 0 : 30;
    const items = Array.from({ length: 30 }, (_, i) => ({ id: first + i, city: ['Oslo', 'Lima', 'Pune'][(first + i) % 3], visits: ((first + i) * 7) % 11 }));
    const { port } = server.address() as AddressInfo;
    const next = page === '1' ? { link: `<http://127.0.0.1:${port}/items?page=2>; rel="next"` } : {};
    response.writeHead(200, { 'content-type': 'application/json', ...next }).end(JSON.stringify({ items }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    unauthorized: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
