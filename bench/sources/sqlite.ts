/**
 * SQLite: the mixed 20-column data imported by the sqlite3 tool (`.import --csv`: every value
 * TEXT, so types are inferred as from CSV), read by our SQLite source; beside it sql.js alone
 * (stepping through the rows, no frame) and our CSV reader on the same data as CSV.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { readFile } from 'node:fs/promises';
import { openSource } from '../../src/node/sources/openSource';
import type { BenchOptions } from '../bench';
import { ensureMixedCsv } from '../generateMixedCsv';
import { commandSucceeds } from '../measure';
import { compareTools, emitRead, readCsvShape, shape } from './readFigures';
import type { SourceBench } from './sourceBench';

async function run(options: BenchOptions): Promise<object> {
  const csv = await ensureMixedCsv({ dir: path.join(options.repoRoot, 'bench', '.scratch'), rows: options.rows, seed: options.seed });
  if (!commandSucceeds('sqlite3', ['-version'])) {
    console.log('  sqlite3 not available (bash scripts/setup-test-tools.sh): skipped');
    return { skipped: 'sqlite3 not available' };
  }
  const db = csv.path.replace(/\.csv$/, '.db');
  if (!existsSync(db)) importCsv(csv.path, db);
  console.log(`  ${path.basename(db)} (imported by sqlite3 from ${path.basename(csv.path)}), ${options.runs} run(s) each after a warm-up`);
  return compareTools(
    'sqlite',
    [
      { label: 'ours: SQLite source to frame', args: ['ours', db] },
      { label: 'sql.js rows only', args: ['sqljs', db] },
      { label: 'ours: CSV reader, same data', args: ['csv', csv.path] },
    ],
    options.runs,
  );
}

function importCsv(csv: string, db: string): void {
  const partial = `${db}.${process.pid}.partial`;
  rmSync(partial, { force: true });
  const result = spawnSync('sqlite3', ['-batch', partial], { input: `.import --csv ${JSON.stringify(csv)} t\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`sqlite3 could not import ${csv}`);
  renameSync(partial, db);
}

async function runChild(args: readonly string[]): Promise<void> {
  const [tool, file] = args;
  switch (tool) {
    case 'ours':
      return emitRead(async () => shape((await openSource({ kind: 'sqlite', path: file, table: 't' }).read()).frame));
    case 'sqljs':
      return emitRead(() => sqlJsRows(file));
    case 'csv':
      return emitRead(() => readCsvShape(file));
    default:
      throw new Error(`sqlite bench: unknown tool '${tool}'`);
  }
}

/** Every row of table t through sql.js, each row's values fetched, nothing kept. */
async function sqlJsRows(file: string): Promise<{ rows: number; columns: number }> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(await readFile(file));
  try {
    const statement = db.prepare('SELECT * FROM t');
    let rows = 0;
    while (statement.step()) {
      statement.get();
      rows++;
    }
    const columns = statement.getColumnNames().length;
    statement.free();
    return { rows, columns };
  } finally {
    db.close();
  }
}

export const sqliteBench: SourceBench = {
  name: 'sqlite',
  description: 'a SQLite table (sqlite3 .import) into a frame, beside sql.js alone and our CSV reader',
  run,
  runChild,
};
