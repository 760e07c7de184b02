/**
 * SQLite databases for tests, written by Debian's `sqlite3` command line tool (installed by
 * scripts/setup-test-tools.sh), so the files our reader reads come from another tool than ours.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasetFile } from '../../publicDatasets';

/** A fresh temporary folder for a test's databases. */
export function tempDir(prefix = 'automl-sqlite-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs `sql` (statements and sqlite3 dot-commands) with the `sqlite3` tool on the database `file`. */
export function sqlite3(file: string, sql: string): string {
  return execFileSync('sqlite3', ['-batch', '-bail', file], { input: sql, encoding: 'utf8' });
}

/** A new database `name` in `dir`, made by running `sql`. */
export function sqliteDatabase(dir: string, name: string, sql: string): string {
  const file = join(dir, name);
  sqlite3(file, sql);
  return file;
}

/**
 * A database holding public dataset `dataset` in table `table`, imported from its CSV by
 * `.import --csv` (every value TEXT, an empty field the empty string; rows in file order).
 */
export function datasetDatabase(dir: string, dataset: string, table = 't'): string {
  let csv = datasetFile(dataset);
  if (csv.endsWith('.gz')) {
    const plain = join(dir, `${dataset}.csv`);
    writeFileSync(plain, gunzipSync(readFileSync(csv)));
    csv = plain;
  }
  return sqliteDatabase(dir, `${dataset}.db`, `.import --csv ${JSON.stringify(csv)} ${table}\n`);
}
