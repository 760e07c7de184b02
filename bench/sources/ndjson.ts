/**
 * NDJSON beside CSV on the same data: the 1M x 20 mixed CSV of the ingest suite, converted once to
 * NDJSON (numbers as JSON numbers, empty cells as null, the rest as strings), each read into a
 * `Frame` by our readers in a fresh child process. MB/s counts each file's own bytes (NDJSON
 * repeats every field name, so its file is larger); rows/s compares the work per record.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import * as Papa from 'papaparse';
import type { BenchOptions } from '../bench';
import { ensureMixedCsv, MIXED_COLUMNS } from '../generateMixedCsv';
import { emitChildResult, maxRssBytes, measureRuns, runNodeChild, type ChildFigures } from '../measure';
import type { SourceBench } from './sourceBench';

/** The bench bundle lives in out/bench/, so readCsvFile's default (next to the bundle) misses dist/. */
const CSV_READ_WORKER = path.join(__dirname, '..', '..', 'dist', 'csvReadWorker.js');
const MB = 1e6;
/** NDJSON MB/s over CSV MB/s, the goal printed beside the measured ratio (never enforced). */
const GOAL_RATIO = 0.8;
/** Bump when the conversion changes, so a stale scratch file is not reused. */
const CONVERTER_VERSION = 2;

interface ReadFigures extends ChildFigures {
  readonly rows: number;
  readonly columns: number;
  readonly types: Readonly<Record<string, number>>;
}

type Reader = 'csv' | 'ndjson';

async function run(options: BenchOptions): Promise<object> {
  const scratch = path.join(options.repoRoot, 'bench', '.scratch');
  const csv = await ensureMixedCsv({ dir: scratch, rows: options.rows, seed: options.seed });
  const ndjson = await ensureNdjson(csv.path);
  const files: Record<Reader, string> = { csv: csv.path, ndjson };
  const figures: Partial<Record<Reader, { mbPerSecond: number; rowsPerSecond: number; medianSeconds: number; maxRssBytes: number; bytes: number; runSeconds: number[] }>> = {};
  for (const reader of ['csv', 'ndjson'] as const) {
    const bytes = statSync(files[reader]).size;
    const series = await measureRuns(options.runs, () => runNodeChild<ReadFigures>(['sources', 'ndjson', reader, files[reader]]));
    const rows = series.runs[0].rows;
    figures[reader] = {
      bytes,
      medianSeconds: series.medianSeconds,
      mbPerSecond: bytes / MB / series.medianSeconds,
      rowsPerSecond: rows / series.medianSeconds,
      maxRssBytes: series.maxRssBytes,
      runSeconds: series.runs.map((r) => r.seconds),
    };
    const f = figures[reader];
    console.log(
      `  ${reader.padEnd(7)} ${path.basename(files[reader])}  ${(bytes / MB).toFixed(0)} MB  ${f.medianSeconds.toFixed(2)} s  ` +
        `${f.mbPerSecond.toFixed(1)} MB/s  ${(f.rowsPerSecond / 1e6).toFixed(2)} M rows/s  peak RSS ${(f.maxRssBytes / 2 ** 20).toFixed(0)} MiB  ` +
        `(${series.runs[0].columns} columns: ${Object.entries(series.runs[0].types).map(([t, n]) => `${n} ${t}`).join(', ')})`,
    );
  }
  const ratio = (figures.ndjson?.mbPerSecond ?? NaN) / (figures.csv?.mbPerSecond ?? NaN);
  const rowsRatio = (figures.ndjson?.rowsPerSecond ?? NaN) / (figures.csv?.rowsPerSecond ?? NaN);
  console.log(`  NDJSON/CSV: ${ratio.toFixed(2)} in MB/s (goal >= ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'met' : 'not met'}), ${rowsRatio.toFixed(2)} in rows/s`);
  return { ...figures, ratio, rowsRatio, goal: { ratio: GOAL_RATIO, met: ratio >= GOAL_RATIO } };
}

async function runChild(args: readonly string[]): Promise<void> {
  const [reader, file] = args;
  const started = performance.now();
  let frame;
  if (reader === 'csv') {
    const { readCsvFile } = await import('../../src/node/readCsvFile');
    frame = (await readCsvFile(file, { workerScript: CSV_READ_WORKER })).frame;
  } else {
    const { ndjsonSource } = await import('../../src/node/sources/ndjsonSource');
    frame = (await ndjsonSource.open({ kind: 'ndjson', path: file }, {}).read()).frame;
  }
  const seconds = (performance.now() - started) / 1000;
  const types: Record<string, number> = {};
  for (const column of frame.columns) types[column.type] = (types[column.type] ?? 0) + 1;
  const figures: ReadFigures = { seconds, maxRssBytes: maxRssBytes(), rows: frame.rowCount, columns: frame.columns.length, types };
  emitChildResult(figures);
}

/**
 * The NDJSON twin of the mixed CSV next to it, written once (papaparse reads the CSV; numeric
 * columns become JSON numbers, empty cells null, the rest strings) and renamed into place.
 */
async function ensureNdjson(csvPath: string): Promise<string> {
  const target = csvPath.replace(/\.csv$/, `.c${CONVERTER_VERSION}.ndjson`);
  if (existsSync(target)) return target;
  const partial = `${target}.${process.pid}.partial`;
  const started = performance.now();
  const numeric = MIXED_COLUMNS.map((c) => c.kind === 'float' || c.kind === 'integer');
  const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
  try {
    let header: string[] | undefined;
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(createReadStream(csvPath), {
        skipEmptyLines: true,
        chunk: (results, parser) => {
          const lines: string[] = [];
          for (const row of results.data) {
            if (header === undefined) {
              header = row;
              continue;
            }
            const record: Record<string, string | number | null> = {};
            for (let j = 0; j < row.length; j++) record[header[j]] = row[j] === '' ? null : numeric[j] ? Number(row[j]) : row[j];
            lines.push(JSON.stringify(record));
          }
          if (lines.length > 0 && !out.write(`${lines.join('\n')}\n`)) {
            parser.pause();
            out.once('drain', () => parser.resume());
          }
        },
        complete: () => resolve(),
        error: (error) => reject(error),
      });
    });
    out.end();
    await once(out, 'finish');
    renameSync(partial, target);
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
  console.log(`  converted ${path.basename(csvPath)} to NDJSON in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return target;
}

/** The NDJSON part of the `sources` suite. */
export const ndjsonBench: SourceBench = {
  name: 'ndjson',
  description: 'NDJSON (1M x 20 mixed) beside our CSV reader on the same data: MB/s, rows/s, peak RSS',
  run,
  runChild,
};
