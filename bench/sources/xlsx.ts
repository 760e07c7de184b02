/**
 * Excel: the mixed 20-column data (at most 100,000 rows, Excel's sheets hold 1,048,576) as a
 * workbook LibreOffice converts from the CSV, read by our xlsx source; beside it exceljs's
 * streaming reader alone (its rows, no frame: what our source adds on top), and our CSV reader on
 * the same data as CSV.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { openSource } from '../../src/node/sources/openSource';
import type { BenchOptions } from '../bench';
import { ensureMixedCsv } from '../generateMixedCsv';
import { commandSucceeds } from '../measure';
import { compareTools, emitRead, readCsvShape, shape } from './readFigures';
import type { SourceBench } from './sourceBench';

const MAX_ROWS = 100_000;

async function run(options: BenchOptions): Promise<object> {
  const csv = await ensureMixedCsv({ dir: path.join(options.repoRoot, 'bench', '.scratch'), rows: Math.min(options.rows, MAX_ROWS), seed: options.seed });
  if (!commandSucceeds('soffice', ['--version'])) {
    console.log('  LibreOffice not available (apt-get install libreoffice-calc-nogui): skipped');
    return { skipped: 'LibreOffice not available' };
  }
  const book = csv.path.replace(/\.csv$/, '.xlsx');
  if (!existsSync(book)) convertToXlsx(csv.path, book);
  console.log(`  ${path.basename(book)} (written by LibreOffice from ${path.basename(csv.path)}), ${options.runs} run(s) each after a warm-up`);
  return compareTools(
    'xlsx',
    [
      { label: 'ours: xlsx source to frame', args: ['ours', book] },
      { label: 'exceljs streaming rows only', args: ['exceljs', book] },
      { label: 'ours: CSV reader, same data', args: ['csv', csv.path] },
    ],
    options.runs,
  );
}

/** LibreOffice's CSV import (dates detected) saved as .xlsx; renamed into place when complete. */
function convertToXlsx(csv: string, book: string): void {
  const out = mkdtempSync(path.join(tmpdir(), 'automl-bench-xlsx-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'automl-bench-lo-'));
  try {
    const result = spawnSync(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--infilter=CSV:44,34,76,1,,1033,false,true', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, csv],
      { stdio: 'ignore' },
    );
    const written = path.join(out, path.basename(book));
    if (result.status !== 0 || !existsSync(written)) throw new Error(`LibreOffice did not convert ${csv}`);
    mkdirSync(path.dirname(book), { recursive: true });
    renameSync(written, book);
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

async function runChild(args: readonly string[]): Promise<void> {
  const [tool, file] = args;
  switch (tool) {
    case 'ours':
      return emitRead(async () => shape((await openSource({ kind: 'xlsx', path: file }).read()).frame));
    case 'exceljs':
      return emitRead(() => exceljsRows(file));
    case 'csv':
      return emitRead(() => readCsvShape(file));
    default:
      throw new Error(`xlsx bench: unknown tool '${tool}'`);
  }
}

/** Every row of the first sheet through exceljs's streaming reader, values touched, nothing kept. */
async function exceljsRows(file: string): Promise<{ rows: number; columns: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let rows = 0;
  let columns = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      rows++;
      columns = Math.max(columns, (row.values as unknown[]).length - 1);
    }
    break;
  }
  // The header row is no data row.
  return { rows: rows - 1, columns };
}

export const xlsxBench: SourceBench = {
  name: 'xlsx',
  description: 'an Excel workbook (LibreOffice) into a frame, beside exceljs alone and our CSV reader',
  run,
  runChild,
};
