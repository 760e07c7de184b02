/**
 * The report in a real browser: Debian's Chromium through playwright-core (as the e2e suite
 * drives it). The page must load nothing but itself, raise no error, draw its charts, follow the
 * system's dark mode and its own toggle, sort and collapse with its script, and print with every
 * section shown. Screenshots go to test-results/report/ for a person to look at.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReport } from '../../../src/engine/report/renderReport';
import { REPORT_FILE, reportInputFromRunFolder } from '../../../src/node/runReport';
import { REPO_ROOT } from '../../publicDatasets';
import { titanicRun } from './reportRuns';
import { syntheticFeatures, syntheticMonitoring, syntheticRobustness } from './syntheticFiles';

const CHROMIUM = process.env.AUTOML_E2E_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = existsSync(CHROMIUM)
  ? false
  : `Chromium not found at ${CHROMIUM}: install it with 'apt-get install -y chromium' (scripts/setup-e2e.sh does), or point AUTOML_E2E_CHROMIUM at one`;
const SHOTS = join(REPO_ROOT, 'test-results', 'report');
// As the e2e suite starts it; the resolver rules leave no host reachable, should anything try.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND'];

/** A page with everything it does recorded: console errors, page errors, requests. */
interface Watched {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
}

async function open(browser: Browser, file: string): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`[console ${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`[pageerror] ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, requests };
}

const background = (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

describe('the run report in Chromium', { skip: SKIP }, () => {
  let browser: Browser;
  let reportFile: string;
  let fullFile: string;

  before(async () => {
    const run = await titanicRun();
    reportFile = join(run.runDir, REPORT_FILE);
    // The same run with robustness, features and monitoring, so their charts are drawn too.
    const input = await reportInputFromRunFolder(run.runDir);
    const columns = input.profile.columns.map((c) => c.name).filter((c) => c !== 'survived');
    fullFile = join(await mkdtemp(join(tmpdir(), 'automl-report-full-')), 'report.html');
    await writeFile(fullFile, renderReport({ ...input, robustness: syntheticRobustness(columns), features: syntheticFeatures(columns), monitoring: syntheticMonitoring(columns) }));
    await mkdir(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  after(async () => {
    await browser?.close();
  });

  it('loads nothing but itself and raises no error', async () => {
    for (const file of [reportFile, fullFile]) {
      const { page, errors, requests } = await open(browser, file);
      assert.deepEqual(requests, [pathToFileURL(file).href]);
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  it('draws every chart of the page', async () => {
    const { page, errors } = await open(browser, fullFile);
    const html = await readFile(fullFile, 'utf8');
    const charts = await page.locator('svg[role="img"]').count();
    assert.equal(charts, (html.match(/<svg role="img"/g) ?? []).length);
    assert.ok(charts >= 14, `${charts} charts`);
    // Drawn, not just present: the reliability diagram has a size and its points.
    const box = await page.locator('svg.reliability').boundingBox();
    assert.ok(box !== null && box.width > 200 && box.height > 200);
    assert.ok((await page.locator('svg.reliability circle').count()) >= 6);
    // The monitoring history: its drift-share line drawn across the chart.
    const history = page.locator('#monitoring-body svg[role="img"]');
    assert.equal(await history.count(), 1);
    const line = await history.locator('path.line:not(.faint)').boundingBox();
    assert.ok(line !== null && line.width > 150, `history line ${JSON.stringify(line)}`);
    await page.locator('#monitoring').screenshot({ path: join(SHOTS, 'report-monitoring.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('follows the system\'s dark mode, and its toggle overrides it', async () => {
    const { page, errors } = await open(browser, reportFile);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background(page);
    await page.screenshot({ path: join(SHOTS, 'report-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background(page);
    await page.screenshot({ path: join(SHOTS, 'report-dark.png'), fullPage: true });
    assert.equal(light, 'rgb(255, 255, 255)');
    assert.notEqual(dark, light);
    // Chart text follows the theme too.
    const tickColor = await page.locator('svg .tick-label').first().evaluate((el) => getComputedStyle(el).fill);
    assert.notEqual(tickColor, 'rgb(89, 99, 110)');
    const toggle = page.locator('.toolbar .theme-toggle');
    assert.equal(await toggle.textContent(), 'Light theme');
    await toggle.click();
    assert.equal(await background(page), light);
    assert.equal(await toggle.textContent(), 'Dark theme');
    await page.emulateMedia({ colorScheme: 'light' });
    await toggle.click();
    assert.equal(await background(page), dark);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('sorts a table by a column, and back', async () => {
    const { page, errors } = await open(browser, reportFile);
    const table = page.locator('#leaderboard table.sortable');
    const header = table.locator('th', { hasText: 'Fit time' });
    const index = await header.evaluate((th) => (th as HTMLTableCellElement).cellIndex);
    const keys = (): Promise<number[]> => table.locator('tbody tr').evaluateAll((rows, i) => rows.map((r) => Number((r as HTMLTableRowElement).cells[i].getAttribute('data-sort'))), index);
    const original = await keys();
    await header.click();
    assert.deepEqual(await keys(), [...original].sort((a, b) => b - a));
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    await header.press('Enter');
    assert.deepEqual(await keys(), [...original].sort((a, b) => a - b));
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('collapses sections on screen and prints every one of them, without the controls', async () => {
    const { page, errors } = await open(browser, fullFile);
    const body = page.locator('#data-body');
    await page.locator('#data .section-toggle').click();
    assert.equal(await body.isVisible(), false);
    assert.equal(await page.locator('#data .section-toggle').getAttribute('aria-expanded'), 'false');
    // A link of the contents opens the section again.
    await page.locator('.toc a[href="#robustness"]').click();
    await page.locator('.toolbar .collapse-all').click();
    assert.equal(await page.locator('.report-section.collapsed').count(), await page.locator('.report-section').count());
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    assert.equal(await body.isVisible(), true);
    assert.equal(await page.locator('#robustness-body').isVisible(), true);
    assert.equal(await page.locator('.toolbar').isVisible(), false);
    assert.equal(await page.locator('#data .section-toggle').isVisible(), false);
    // Printed on white whatever the screen's theme.
    assert.equal(await background(page), 'rgb(255, 255, 255)');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    await writeFile(join(SHOTS, 'report.pdf'), pdf);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('reads the same without its script', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(reportFile).href);
    // Everything shown, nothing that needs the script.
    assert.equal(await page.locator('.section-toggle').count(), 0);
    assert.equal(await page.locator('.toolbar button').count(), 0);
    assert.equal(await page.locator('#explanations-body').isVisible(), true);
    assert.ok((await page.locator('svg[role="img"]').count()) >= 8);
    await context.close();
  });
});
