/**
 * Real runs for the report tests, small enough to take seconds: `runJob` (which writes
 * report.html with the run) on examples/titanic.csv, and on a small CSV whose column name and
 * category labels are markup, to prove they reach the page as text.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJob, type RunJobResult } from '../../../src/node/runJob';
import { REPO_ROOT } from '../../publicDatasets';

/** A temporary workspace folder; the run goes to `<root>/.automl/runs/<name>` as in the extension. */
async function tempRoot(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `automl-report-${name}-`));
}

/** Titanic, four trials of gbdt and logistic on the calling thread (explained: a trial budget leaves time). */
export async function titanicRun(): Promise<RunJobResult> {
  const root = await tempRoot('titanic');
  return runJob({
    source: { kind: 'csv', path: join(REPO_ROOT, 'examples', 'titanic.csv') },
    spec: { target: 'survived', trials: 4, seed: 7, models: ['gbdt', 'logistic'] },
    workers: 0,
    root,
  });
}

/** Markup in a column name and in category labels. */
export const HOSTILE_COLUMN = '<script>alert("column")</script>';
export const HOSTILE_LABELS = ['<script>alert("label")</script>', '<img src=x onerror=alert(1)>', 'plain & "quoted"'];

/** A run on 240 rows whose numeric column is named {@link HOSTILE_COLUMN} and whose categories are {@link HOSTILE_LABELS}. */
export async function hostileRun(): Promise<RunJobResult> {
  const root = await tempRoot('hostile');
  const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
  const lines = [`${quote(HOSTILE_COLUMN)},kind,y`];
  for (let i = 0; i < 240; i++) {
    const kind = HOSTILE_LABELS[i % HOSTILE_LABELS.length];
    const x = (i * 37) % 100;
    lines.push(`${x},${quote(kind)},${x + (i % 3) * 20 > 70 ? 'yes' : 'no'}`);
  }
  const file = join(root, 'hostile.csv');
  await writeFile(file, `${lines.join('\n')}\n`);
  return runJob({ source: { kind: 'csv', path: file }, spec: { target: 'y', trials: 2, seed: 3, models: ['gbdt'] }, workers: 0, root });
}
