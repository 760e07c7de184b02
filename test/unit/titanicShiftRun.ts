/**
 * The CLI and a titanic run with new data beside it, for the commands that compare new data with
 * a run (`robustness`, `monitor`): the fixed split's training rows trained on (3 gbdt trials),
 * its held-out rows as they are, the same rows twenty years older (a planted shift in one
 * column), and the same rows without the `sex` column.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetText, readSplit } from '../publicDatasets';

/** Runs the built CLI (dist/cli.js, built with the tests) and captures its output. */
export function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface TitanicShiftRun {
  readonly dir: string;
  readonly run: string;
  readonly files: { readonly train: string; readonly test: string; readonly older: string; readonly noSex: string };
}

// Titanic rows: "name","survived","sex",age,"passengerClass" (age unquoted, empty when missing).
const ROW = /^("(?:[^"]|"")*"),("[^"]*"),("[^"]*"),([^,]*),("[^"]*")$/;

/** Writes the files into a new temporary folder (`prefix`) and trains the run there. */
export function titanicShiftRun(prefix: string): TitanicShiftRun {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const run = join(dir, 'run');
  const files = { train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), older: join(dir, 'older.csv'), noSex: join(dir, 'nosex.csv') };
  const [header, ...rows] = datasetText('titanic').trimEnd().split('\n');
  const split = readSplit('titanic');
  const pick = (indices: readonly number[], edit: (line: string) => string = (l) => l) => [header, ...indices.map((i) => edit(rows[i]))].join('\n') + '\n';
  writeFileSync(files.train, pick(split.train));
  writeFileSync(files.test, pick(split.test));
  writeFileSync(files.older, pick(split.test, (line) => line.replace(ROW, (_, name, survived, sex, age, klass) => `${name},${survived},${sex},${age === '' ? '' : String(Number(age) + 20)},${klass}`)));
  writeFileSync(files.noSex, pick(split.test).replace(/^("(?:[^"]|"")*",)("[^"]*",)("[^"]*",)/gm, '$1$2'));
  const result = cli('run', files.train, '--target', 'survived', '--trials', '3', '--models', 'gbdt', '--no-explain', '--out', run);
  assert.equal(result.code, 0, result.stderr);
  return { dir, run, files };
}
