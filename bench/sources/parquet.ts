/**
 * Parquet's part of the `sources` suite. The generated 1M x 20 mixed data (generateMixedCsv.ts) is
 * written once as Parquet by DuckDB (snappy, DuckDB's default row groups of 122,880 rows, its own
 * type detection: DOUBLE, BIGINT, VARCHAR, BOOLEAN, DATE, TIMESTAMP) into bench/.scratch/. Then,
 * each in a fresh process: our Parquet read into a `Frame`; our CSV read of the same data (the
 * CSV the Parquet came from, two threads as `automl` reads a file that size); and DuckDB reading
 * the Parquet into memory, `CREATE TABLE t AS SELECT * FROM read_parquet(…)` in an in-memory
 * database: every column decoded into DuckDB's own columnar storage, which is what our `Frame` is
 * for us (pulling the rows into JavaScript would time the binding's value conversion instead).
 * All three use two threads on two cores or more (ours split the columns between this thread and
 * a worker); our Parquet reader and DuckDB also run on one thread, for reference.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { frameTypedBytes, type Frame } from '../../src/engine/data/frame';
import { csvToParquet } from '../../test/duckdbParquet';
import type { BenchOptions } from '../bench';
import { ensureMixedCsv } from '../generateMixedCsv';
import { emitChildResult, maxRssBytes, median, runNodeChild, type ChildFigures } from '../measure';
import type { SourceBench } from './sourceBench';

/** The bench bundle lives in out/bench/, so the readers' default worker paths (next to the bundle) miss dist/. */
const CSV_READ_WORKER = path.join(__dirname, '..', '..', 'dist', 'csvReadWorker.js');
const PARQUET_READ_WORKER = path.join(__dirname, '..', '..', 'dist', 'parquetReadWorker.js');
const MB = 1e6;

/** Goals from the issue; printed next to the measured figures, never enforced. */
const GOALS = {
  /** Our CSV read's seconds over our Parquet read's. */
  overCsv: 2,
  /** Our Parquet read's seconds over DuckDB's (default threads). */
  overDuckdb: 1.5,
} as const;

type Tool = 'parquet' | 'parquet-1-thread' | 'csv' | 'duckdb' | 'duckdb-1-thread';
const TOOLS: readonly Tool[] = ['parquet', 'parquet-1-thread', 'csv', 'duckdb', 'duckdb-1-thread'];

interface ReadFigures extends ChildFigures {
  /** CPU seconds of the read, every thread of the process (user + system): what the machine's other load cannot inflate much. */
  readonly cpuSeconds: number;
  readonly rows: number;
  readonly columns: number;
  /** Bytes of our frame's typed arrays (ours only). */
  readonly typedBytes?: number;
  /** Column count per type (ours only): the Parquet and CSV reads infer the same types. */
  readonly types?: Readonly<Record<string, number>>;
}

interface ToolFigures {
  readonly medianSeconds: number;
  readonly medianCpuSeconds: number;
  readonly runSeconds: readonly number[];
  readonly maxRssBytes: number;
  readonly rows: number;
  readonly columns: number;
  readonly types?: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** What the Parquet benchmark measured, for `--json`. */
export interface ParquetFigures {
  readonly runs: number;
  readonly parquet: { readonly path: string; readonly bytes: number };
  readonly csv: { readonly path: string; readonly bytes: number };
  readonly tools: Partial<Record<Tool, ToolFigures>>;
  readonly goals: readonly { readonly goal: string; readonly measured: number | null; readonly met: boolean | null }[];
}

async function run(options: BenchOptions): Promise<ParquetFigures> {
  const scratch = path.join(options.repoRoot, 'bench', '.scratch');
  const csv = await ensureMixedCsv({ dir: scratch, rows: options.rows, seed: options.seed });
  const parquetPath = csv.path.replace(/\.csv$/, '.parquet');
  if (!existsSync(parquetPath)) {
    const started = performance.now();
    await csvToParquet(csv.path, parquetPath);
    console.log(`wrote ${path.relative(options.repoRoot, parquetPath)} with DuckDB in ${fmt((performance.now() - started) / 1000, 1)} s`);
  }
  const parquetBytes = statSync(parquetPath).size;
  console.log(
    `${path.basename(parquetPath)} ${fmt(parquetBytes / MB, 1)} MB (from ${path.basename(csv.path)}, ${fmt(csv.bytes / MB, 1)} MB); ` +
      `${options.runs} measured round(s) of every tool, each run in a fresh process, after one warm-up round`,
  );

  // Round-robin: one warm-up round, then each round runs every tool once, so that a change in the
  // machine's other load over the minutes of the suite falls on every tool alike.
  const once = (tool: Tool): Promise<ReadFigures> => runNodeChild<ReadFigures>(['sources', 'parquet', tool, tool === 'csv' ? csv.path : parquetPath]);
  const series = new Map<Tool, ReadFigures[]>(TOOLS.map((tool) => [tool, []]));
  const errors = new Map<Tool, string>();
  for (let round = 0; round <= options.runs; round++) {
    for (const tool of TOOLS) {
      if (errors.has(tool)) continue;
      try {
        const figures = await once(tool);
        if (round > 0) series.get(tool)?.push(figures);
      } catch (error) {
        errors.set(tool, error instanceof Error ? error.message : String(error));
      }
    }
  }
  const tools: Partial<Record<Tool, ToolFigures>> = {};
  for (const tool of TOOLS) {
    const runs = series.get(tool) ?? [];
    const error = errors.get(tool);
    const last = runs[runs.length - 1];
    tools[tool] =
      error !== undefined || last === undefined
        ? { medianSeconds: NaN, medianCpuSeconds: NaN, runSeconds: [], maxRssBytes: NaN, rows: 0, columns: 0, error: error ?? 'no run' }
        : {
            medianSeconds: median(runs.map((r) => r.seconds)),
            medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)),
            runSeconds: runs.map((r) => r.seconds),
            maxRssBytes: Math.max(...runs.map((r) => r.maxRssBytes)),
            rows: last.rows,
            columns: last.columns,
            ...(last.types === undefined ? {} : { types: last.types }),
          };
    console.log(`  ${toolLine(tool, tools[tool] as ToolFigures)}`);
  }

  const ratio = (a: number | undefined, b: number | undefined): number | null =>
    a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null;
  const overCsv = ratio(tools.csv?.medianSeconds, tools.parquet?.medianSeconds);
  const overDuckdb = ratio(tools.parquet?.medianSeconds, tools.duckdb?.medianSeconds);
  const goals = [
    { goal: `our CSV read / our Parquet read >= ${GOALS.overCsv}x`, measured: overCsv, met: overCsv === null ? null : overCsv >= GOALS.overCsv },
    { goal: `our Parquet read / DuckDB's <= ${GOALS.overDuckdb}x`, measured: overDuckdb, met: overDuckdb === null ? null : overDuckdb <= GOALS.overDuckdb },
  ];
  console.log(`\n  goals (median of ${options.runs} run(s); figures only, nothing fails on them)`);
  for (const g of goals) console.log(`    ${g.goal.padEnd(42)} ${g.measured === null ? 'n/a' : `${fmt(g.measured, 2)}x`}${g.met === null ? '' : g.met ? '  met' : '  not met'}`);
  return {
    runs: options.runs,
    parquet: { path: parquetPath, bytes: parquetBytes },
    csv: { path: csv.path, bytes: csv.bytes },
    tools,
    goals,
  };
}

function toolLine(tool: Tool, f: ToolFigures): string {
  const name = tool.padEnd(16);
  if (f.error !== undefined) return `${name} failed: ${f.error.split('\n').slice(0, 6).join(`\n${' '.repeat(19)}`)}`;
  const types = f.types === undefined ? '' : `   types: ${Object.entries(f.types).map(([type, n]) => `${n} ${type}`).join(', ')}`;
  return `${name} ${fmt(f.medianSeconds, 3).padStart(7)} s (CPU ${fmt(f.medianCpuSeconds, 3)} s)   peak RSS ${fmt(f.maxRssBytes / MB, 0).padStart(5)} MB   ${f.rows.toLocaleString('en-US')} rows x ${f.columns}${types}`;
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

// ---- child side: each runs alone in a fresh process ----

async function childOurs(tool: 'parquet' | 'parquet-1-thread' | 'csv', file: string): Promise<ReadFigures> {
  // Loaded lazily so the DuckDB children do not hold our reader's code.
  const { readParquetFile } = await import('../../src/node/sources/readParquetFile');
  const { readCsvFile } = await import('../../src/node/readCsvFile');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const frame: Frame =
    tool === 'csv'
      ? (await readCsvFile(file, { workerScript: CSV_READ_WORKER })).frame
      : (await readParquetFile(file, { workerScript: PARQUET_READ_WORKER, parallel: tool === 'parquet' ? 'auto' : false })).frame;
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSince(cpu);
  const types: Record<string, number> = {};
  for (const column of frame.columns) types[column.type] = (types[column.type] ?? 0) + 1;
  return { seconds, cpuSeconds, maxRssBytes: maxRssBytes(), rows: frame.rowCount, columns: frame.columns.length, typedBytes: frameTypedBytes(frame), types };
}

async function childDuckdb(file: string, threads: number | undefined): Promise<ReadFigures> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', threads === undefined ? {} : { threads: String(threads) });
  const connection = await instance.connect();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSince(cpu);
  const count = await connection.runAndReadAll('SELECT count(*) FROM t');
  const columns = await connection.runAndReadAll('DESCRIBE t');
  const rows = Number(count.getRows()[0][0]);
  const figures = { seconds, cpuSeconds, maxRssBytes: maxRssBytes(), rows, columns: columns.getRows().length };
  connection.closeSync();
  instance.closeSync();
  return figures;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function runChild(args: readonly string[]): Promise<void> {
  const [tool, file] = args;
  switch (tool) {
    case 'parquet':
    case 'parquet-1-thread':
    case 'csv':
      emitChildResult(await childOurs(tool, file));
      return;
    case 'duckdb':
      emitChildResult(await childDuckdb(file, undefined));
      return;
    case 'duckdb-1-thread':
      emitChildResult(await childDuckdb(file, 1));
      return;
    default:
      throw new Error(`sources parquet: unknown child tool '${tool}' (${TOOLS.join(', ')})`);
  }
}

/** Parquet beside our CSV reader and DuckDB, as registered in bench/sources.ts. */
export const parquetBench: SourceBench = {
  name: 'parquet',
  description: `the 1M x 20 mixed data as Parquet (DuckDB-written, snappy) into a Frame: ours vs our CSV read of the same data vs DuckDB's read_parquet into memory`,
  run,
  runChild,
};
