/**
 * NDJSON beside CSV on the same data: the 1M x 20 mixed CSV of the ingest suite, converted once to
 * NDJSON (numbers as JSON numbers, empty cells as null, the rest as strings) and to a JSON array of
 * the same records, each read into a `Frame` by our readers in a fresh child process. MB/s counts each file's own bytes (NDJSON
 * repeats every field name, so its file is larger); rows/s compares the work per record.
 */
import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import * as Papa from 'papaparse';
import type { BenchOptions } from '../bench';
import { ensureMixedCsv, MIXED_COLUMNS } from '../generateMixedCsv';
import { emitChildResult, maxRssBytes, median, runNodeChild, type ChildFigures } from '../measure';
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

type Reader = 'csv' | 'ndjson' | 'json';
const READERS: readonly Reader[] = ['csv', 'ndjson', 'json'];

interface ReaderFigures {
  readonly bytes: number;
  readonly medianSeconds: number;
  readonly mbPerSecond: number;
  readonly rowsPerSecond: number;
  readonly maxRssBytes: number;
  readonly runSeconds: readonly number[];
}

async function run(options: BenchOptions): Promise<object> {
  const scratch = path.join(options.repoRoot, 'bench', '.scratch');
  const csv = await ensureMixedCsv({ dir: scratch, rows: options.rows, seed: options.seed });
  const ndjson = await ensureNdjson(csv.path);
  const json = await ensureJsonArray(ndjson);
  const files: Record<Reader, string> = { csv: csv.path, ndjson, json };
  const once = (reader: Reader): Promise<ReadFigures> => runNodeChild<ReadFigures>(['sources', 'ndjson', reader, files[reader]]);
  // Readers take turns, run by run, so that a busy machine slows them alike; one warm-up each first.
  for (const reader of READERS) await once(reader);
  const runs: Record<Reader, ReadFigures[]> = { csv: [], ndjson: [], json: [] };
  for (let i = 0; i < options.runs; i++) for (const reader of READERS) runs[reader].push(await once(reader));
  const figures = {} as Record<Reader, ReaderFigures>;
  for (const reader of READERS) {
    const bytes = statSync(files[reader]).size;
    const seconds = median(runs[reader].map((r) => r.seconds));
    const first = runs[reader][0];
    figures[reader] = {
      bytes,
      medianSeconds: seconds,
      mbPerSecond: bytes / MB / seconds,
      rowsPerSecond: first.rows / seconds,
      maxRssBytes: Math.max(...runs[reader].map((r) => r.maxRssBytes)),
      runSeconds: runs[reader].map((r) => r.seconds),
    };
    const f = figures[reader];
    console.log(
      `  ${reader.padEnd(7)} ${path.basename(files[reader])}  ${(bytes / MB).toFixed(0)} MB  ${f.medianSeconds.toFixed(2)} s  ` +
        `${f.mbPerSecond.toFixed(1)} MB/s  ${(f.rowsPerSecond / 1e6).toFixed(2)} M rows/s  peak RSS ${(f.maxRssBytes / 2 ** 20).toFixed(0)} MiB  ` +
        `(${first.columns} columns: ${Object.entries(first.types).map(([t, n]) => `${n} ${t}`).join(', ')})`,
    );
  }
  const ratio = figures.ndjson.mbPerSecond / figures.csv.mbPerSecond;
  const rowsRatio = figures.ndjson.rowsPerSecond / figures.csv.rowsPerSecond;
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
    const { openSource } = await import('../../src/node/sources/openSource');
    frame = (await openSource({ kind: reader === 'json' ? 'json' : 'ndjson', path: file }).read()).frame;
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

/** The JSON-array twin of the NDJSON file: the same records, one per line, between `[` and `]`. */
async function ensureJsonArray(ndjsonPath: string): Promise<string> {
  const target = ndjsonPath.replace(/\.ndjson$/, '.json');
  if (existsSync(target)) return target;
  const partial = `${target}.${process.pid}.partial`;
  const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
  try {
    out.write('[\n');
    let first = true;
    let rest = '';
    for await (const chunk of createReadStream(ndjsonPath, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const lines = (rest + (chunk as string)).split('\n');
      rest = lines.pop() ?? '';
      const records = lines.filter((line) => line !== '');
      if (records.length === 0) continue;
      const text = `${first ? '' : ',\n'}${records.join(',\n')}`;
      first = false;
      if (!out.write(text)) await once(out, 'drain');
    }
    if (rest !== '') out.write(`${first ? '' : ',\n'}${rest}`);
    out.end('\n]\n');
    await once(out, 'finish');
    renameSync(partial, target);
  } catch (error) {
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
  return target;
}

/** The NDJSON part of the `sources` suite. */
export const ndjsonBench: SourceBench = {
  name: 'ndjson',
  description: 'NDJSON and a JSON array (1M x 20 mixed) beside our CSV reader on the same data: MB/s, rows/s, peak RSS',
  run,
  runChild,
};
