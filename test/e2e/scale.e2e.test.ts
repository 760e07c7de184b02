/**
 * Large inputs stay fast in the real UI: the profile of a 500,000-row file, and a leaderboard of
 * 1,000 trials (a real run folder whose board is widened to 1,000 trials, as a load fixture for
 * the view). Prints how long each took to show; the bounds are only there to catch a freeze.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetPath, repoRoot, sessionFixture, waitUntil } from './harness';

const BIG = 'big.csv';
const BIG_ROWS = 500_000;

/** Writes 500,000 rows × 8 columns of mixed types to `file`, in chunks (about 30 MB). */
async function writeBigCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,amount,ratio,count,city,segment,day,flag\n');
  const cities = ['Paris', 'Lyon', 'Nice', 'Lille', 'Nantes', 'Brest'];
  let chunk = '';
  for (let i = 0; i < BIG_ROWS; i++) {
    const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    chunk += `${i},${((i * 7919) % 100_000) / 100},${(i % 997) / 997},${i % 50},${cities[i % 6]},${i % 3 === 0 ? 'gold' : 'basic'},${day},${i % 5 === 0 ? 'yes' : 'no'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

/** Widens a run's leaderboard.json to `count` trials (copies of its own, with new ids, scores and times). */
function widenLeaderboard(runDir: string, count: number): void {
  const path = join(runDir, 'leaderboard.json');
  const board = JSON.parse(readFileSync(path, 'utf8')) as { trials: { id: number; score?: number; startedAt: number; durationMs: number }[] };
  const base = board.trials.filter((t) => t.score !== undefined);
  board.trials = Array.from({ length: count }, (_, i) => {
    const t = base[i % base.length];
    return { ...t, id: i, score: (t.score as number) - ((i * 37) % 101) / 10_000, startedAt: i * 50, durationMs: 40 };
  });
  writeFileSync(path, JSON.stringify(board));
}

describe('large inputs in the real UI', { timeout: 900_000 }, () => {
  const vscode = sessionFixture({
    name: 'scale',
    files: { 'titanic.csv': datasetPath('titanic.csv') },
    prepare: async (workspace) => {
      await writeBigCsv(join(workspace, BIG));
      const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'run', 'titanic.csv', '--target', 'survived', '--trials', '4', '--models', 'logistic,gbdt', '--workers', '0'], {
        cwd: workspace,
        encoding: 'utf8',
      });
      assert.equal(cli.status, 0, `automl run failed:\n${cli.stdout}\n${cli.stderr}`);
      const runs = join(workspace, '.automl', 'runs');
      widenLeaderboard(join(runs, readdirSync(runs)[0]), 1000);
    },
  });

  it('profiles 500,000 rows and shows the panel without freezing', { timeout: 300_000 }, async () => {
    const session = await vscode();
    await session.step('scale-profile', async () => {
      await session.contextMenuOnExplorerFile(BIG, 'AutoML this');
      await session.waitForQuickPick(/target column/i);
      const started = Date.now();
      await session.pickQuickItem('(no target: profile only)');
      const profile = await session.webviewContent(`Profile: ${BIG}`, 'table.columns tbody tr.row', 240_000);
      console.log(`500,000-row profile: panel shown ${Date.now() - started} ms after the target was picked (reading and profiling included)`);
      await waitUntil(async () => ((await profile.locator('header .facts').textContent()) ?? '').includes('500,000 rows') || undefined, 'the profile to count 500,000 rows');
      const clickAt = Date.now();
      await profile.locator('table.columns tbody tr.row').nth(6).click();
      await profile.locator('canvas').first().waitFor({ state: 'visible' });
      console.log(`500,000-row profile: column detail with its chart ${Date.now() - clickAt} ms after the click`);
      await session.screenshot('scale-profile-500k');
    });
  });

  it('renders a 1,000-trial leaderboard with a virtualised table', { timeout: 180_000 }, async () => {
    const session = await vscode();
    await session.step('scale-leaderboard', async () => {
      await session.runCommand('AutoML: Focus on Runs View');
      const item = session.page.locator('.part.sidebar .monaco-list-row').filter({ hasText: /titanic/ }).first();
      const started = Date.now();
      await item.click();
      const board = await session.webviewContent('Leaderboard: titanic.csv', 'tbody tr.row.status-ok');
      console.log(`1,000-trial leaderboard: first rows ${Date.now() - started} ms after the click`);
      const rendered = await board.locator('tbody tr.row').count();
      assert.ok(rendered > 10 && rendered < 100, `${rendered} rows in the DOM for 1,000 trials`);
      const scrollAt = Date.now();
      await board.locator('.table-scroll').evaluate((element) => {
        (element as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (element as unknown as { scrollHeight: number }).scrollHeight;
      });
      await board.locator('tbody tr.row').filter({ hasText: '1000' }).first().waitFor({ state: 'visible' });
      console.log(`1,000-trial leaderboard: last rank shown ${Date.now() - scrollAt} ms after scrolling to the end`);
      await session.screenshot('scale-leaderboard-1000');
    });
  });
});
