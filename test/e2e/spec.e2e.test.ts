/**
 * A run as a file: a `.automl` spec in the workspace, opened in the editor, run from its title
 * bar's Run Spec button; the Leaderboard fills with exactly the learners the file names, and the
 * run folder keeps the spec it ran.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetPath, sessionFixture, waitUntil } from './harness';

const DATASET = 'titanic.csv';
const SPEC = 'titanic.automl';
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
    prepare: (workspace) => writeFile(join(workspace, SPEC), SPEC_TEXT),
    settings: { 'automl.workers': 1 },
  });

  it('runs from the Run Spec button: the learners it names, its spec kept in the run folder', { timeout: 300_000 }, async () => {
    const session = await vscode();
    await session.step('spec-run', async () => {
      await session.openExplorerFile(SPEC);
      const button = session.page.locator('.editor-actions .action-label[aria-label^="Run Spec"]');
      await button.waitFor({ state: 'visible' });
      await button.click();
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
  });
});
