/**
 * The `ingest` suite: how fast, and in how much memory, a CSV becomes typed columns — our reader
 * against papaparse and pandas — plus how long profiling the resulting 1M x 20 frame takes. The
 * public flights_late dataset is timed as plain CSV (inflated once into bench/.scratch/), and also
 * as stored, gzip-compressed, by the two tools that read that directly.
 *
 * Every read runs in a fresh child process (see measure.ts) so that peak RSS is one tool's alone.
 */
import { createReadStream, statSync } from 'node:fs';
import * as path from 'node:path';
// Static: esbuild leaves a dynamic import of an external package as a real ESM import, which
// cannot see the named exports of papaparse's UMD build.
import * as Papa from 'papaparse';
import { frameTypedBytes, type Frame } from '../src/engine/data/frame';
import type { BenchOptions, Suite } from './bench';
import { ensureMixedCsv, MIXED_COLUMNS } from './generateMixedCsv';
import { plainDataset } from './plainDataset';
import {
  commandSucceeds,
  emitChildResult,
  maxRssBytes,
  measureRuns,
  median,
  runJsonProcess,
  runNodeChild,
  type ChildFigures,
  type RunSeries,
} from './measure';

const PYTHON = '/usr/bin/python3';
/** The bench bundle lives in out/bench/, so readCsvFile's default (next to the bundle) misses dist/. */
const CSV_READ_WORKER = path.join(__dirname, '..', '..', 'dist', 'csvReadWorker.js');
const PANDAS_MISSING = 'pandas: not available (apt-get install python3-pandas)';
const MB = 1e6;

/** Goals from the issue; printed next to the measured figure, never enforced. */
const GOALS = {
  /** Our MB/s over pandas' MB/s. */
  vsPandas: 1,
  /** Our MB/s over papaparse's MB/s. */
  vsPapaparse: 2,
  /** Our peak RSS over the bytes of the typed columns we produced. */
  rssOverTyped: 2,
  /** profileFrame on 1M x 20, seconds. */
  profileSeconds: 3,
} as const;

type Tool = 'ours' | 'papaparse' | 'pandas';
const TOOLS: readonly Tool[] = ['ours', 'papaparse', 'pandas'];

/** What any reader child reports. */
interface ReadFigures extends ChildFigures {
  readonly rows: number;
  readonly columns: number;
}

/** Our reader additionally reports what it built. */
interface OursFigures extends ReadFigures {
  readonly typedBytes: number;
  /** RSS just before the read (runtime + code): the part of peak RSS that is not the reader's. */
  readonly baselineRssBytes: number;
  /** Column count per inferred type, to see at a glance that inference did its job. */
  readonly types: Readonly<Record<string, number>>;
  readonly parseIssues: number;
}

interface ProfileFigures extends ChildFigures {
  readonly rows: number;
  readonly columns: number;
  /** Every measured call, warm-up excluded; `seconds` is their median. */
  readonly runSeconds: readonly number[];
}

/** One tool on one file, as written to `--json`. */
interface ToolFigures {
  readonly medianSeconds: number;
  readonly mbPerSecond: number;
  readonly maxRssBytes: number;
  readonly runSeconds: readonly number[];
  readonly rows: number;
  readonly columns: number;
  readonly typedBytes?: number;
  readonly rssOverTyped?: number;
  /** Peak RSS minus the child's RSS before reading, over typed bytes: the reader's own overhead. */
  readonly readerRssOverTyped?: number;
  readonly types?: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** A file to read, and the tools that read it. */
interface Input {
  readonly path: string;
  /** CSV bytes, so that MB/s is CSV megabytes per second whether the file is compressed or not. */
  readonly bytes: number;
  /** The size on disk of a gzip-compressed file. */
  readonly compressedBytes?: number;
  readonly tools: readonly Tool[];
}

interface FileFigures {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly compressedBytes?: number;
  readonly tools: Partial<Record<Tool, ToolFigures>>;
}

/** Everything the suite measured, for `--json`. */
export interface IngestFigures {
  readonly runs: number;
  readonly pandasAvailable: boolean;
  readonly files: readonly FileFigures[];
  readonly profile?: {
    readonly rows: number;
    readonly columns: number;
    readonly medianSeconds: number;
    readonly runSeconds: readonly number[];
    readonly error?: string;
  };
  readonly goals: readonly { readonly goal: string; readonly file?: string; readonly measured: number | null; readonly met: boolean | null }[];
}

async function runIngest(options: BenchOptions): Promise<IngestFigures> {
  const runs = options.runs;
  console.log(`ingest: ${runs} measured run(s) per tool, each in a fresh process, after one warm-up run`);

  const mixed = await ensureMixedCsv({ dir: path.join(options.repoRoot, 'bench', '.scratch'), rows: options.rows, seed: options.seed });
  const relativeMixed = path.relative(options.repoRoot, mixed.path);
  console.log(
    mixed.generated
      ? `generated ${relativeMixed} (${fmt(mixed.bytes / MB, 1)} MB) in ${fmt(mixed.seconds, 1)} s`
      : `reusing ${relativeMixed} (${fmt(mixed.bytes / MB, 1)} MB)`,
  );

  const flights = await plainDataset('flights_late', path.join(options.repoRoot, 'bench', '.scratch'));
  const inputs: Input[] = [
    { path: mixed.path, bytes: mixed.bytes, tools: TOOLS },
    { path: flights.path, bytes: flights.bytes, tools: TOOLS },
  ];
  if (flights.path !== flights.source) {
    console.log(`${flights.inflated ? 'inflated' : 'reusing'} ${path.relative(options.repoRoot, flights.path)} (from ${path.relative(options.repoRoot, flights.source)})`);
    // papaparse takes no compressed input; ours and pandas inflate as they read.
    inputs.push({ path: flights.source, bytes: flights.bytes, compressedBytes: statSync(flights.source).size, tools: ['ours', 'pandas'] });
  }

  const pandasAvailable = commandSucceeds(PYTHON, ['-c', 'import pandas']);
  if (!pandasAvailable) console.log(PANDAS_MISSING);
  const pandasScript = path.join(options.repoRoot, 'bench', 'pandas_read.py');

  const fileFigures: FileFigures[] = [];
  for (const { path: file, bytes, compressedBytes, tools: readers } of inputs) {
    const compressed = compressedBytes === undefined ? '' : ` of CSV, ${fmt(compressedBytes / MB, 1)} MB compressed`;
    console.log(`\n${path.basename(file)}  ${fmt(bytes / MB, 1)} MB${compressed}`);
    const tools: Partial<Record<Tool, ToolFigures>> = {};
    for (const tool of readers) {
      if (tool === 'pandas' && !pandasAvailable) continue;
      const once = (): Promise<ReadFigures> =>
        tool === 'pandas'
          ? runJsonProcess<ReadFigures>(PYTHON, [pandasScript, file])
          : runNodeChild<ReadFigures>(['ingest', tool, file]);
      let figures: ToolFigures;
      try {
        figures = toolFigures(await measureRuns(runs, once), bytes);
      } catch (error) {
        figures = failedFigures(error);
      }
      tools[tool] = figures;
      console.log(`  ${toolLine(tool, figures)}`);
    }
    fileFigures.push({ name: path.basename(file), path: file, bytes, compressedBytes, tools });
  }

  console.log(`\nprofileFrame on ${path.basename(mixed.path)}`);
  let profile: IngestFigures['profile'];
  try {
    const p = await runNodeChild<ProfileFigures>(['ingest', 'profile', mixed.path, String(runs)]);
    profile = { rows: p.rows, columns: p.columns, medianSeconds: p.seconds, runSeconds: p.runSeconds };
    console.log(`  ${fmt(p.seconds, 3)} s (median of ${runs} after one warm-up, ${p.rows.toLocaleString('en-US')} x ${p.columns})`);
  } catch (error) {
    profile = { rows: 0, columns: 0, medianSeconds: Number.NaN, runSeconds: [], error: errorText(error) };
    console.log(`  failed: ${indentTail(profile.error ?? '')}`);
  }

  const goals = goalFigures(fileFigures, profile);
  printSummary(fileFigures, goals, runs);
  return { runs, pandasAvailable, files: fileFigures, profile, goals };
}

function toolFigures(series: RunSeries<ReadFigures>, bytes: number): ToolFigures {
  const last = series.runs[series.runs.length - 1];
  const base: ToolFigures = {
    medianSeconds: series.medianSeconds,
    mbPerSecond: bytes / MB / series.medianSeconds,
    maxRssBytes: series.maxRssBytes,
    runSeconds: series.runs.map((r) => r.seconds),
    rows: last.rows,
    columns: last.columns,
  };
  if (!isOurs(last)) return base;
  return {
    ...base,
    typedBytes: last.typedBytes,
    rssOverTyped: series.maxRssBytes / last.typedBytes,
    readerRssOverTyped: (series.maxRssBytes - last.baselineRssBytes) / last.typedBytes,
    types: last.types,
  };
}

function isOurs(figures: ReadFigures): figures is OursFigures {
  return 'typedBytes' in figures;
}

function failedFigures(error: unknown): ToolFigures {
  return {
    medianSeconds: Number.NaN,
    mbPerSecond: Number.NaN,
    maxRssBytes: Number.NaN,
    runSeconds: [],
    rows: 0,
    columns: 0,
    error: errorText(error),
  };
}

function toolLine(tool: Tool, f: ToolFigures): string {
  if (f.error !== undefined) return `${tool.padEnd(10)} failed: ${indentTail(f.error)}`;
  let line =
    `${tool.padEnd(10)} ${fmt(f.medianSeconds, 3).padStart(8)} s ${fmt(f.mbPerSecond, 1).padStart(7)} MB/s` +
    `   peak RSS ${fmt(f.maxRssBytes / MB, 0).padStart(5)} MB   ${f.rows.toLocaleString('en-US')} rows x ${f.columns}`;
  if (f.typedBytes !== undefined && f.rssOverTyped !== undefined) {
    line += `   typed ${fmt(f.typedBytes / MB, 1)} MB   RSS/typed ${fmt(f.rssOverTyped, 2)}x`;
    if (f.readerRssOverTyped !== undefined) line += ` (${fmt(f.readerRssOverTyped, 2)}x without start-up RSS)`;
  }
  if (f.types !== undefined) {
    line += `\n${' '.repeat(13)}types: ${Object.entries(f.types).map(([type, n]) => `${n} ${type}`).join(', ')}`;
  }
  return line;
}

function goalFigures(files: readonly FileFigures[], profile: IngestFigures['profile']): IngestFigures['goals'] {
  const goals: { goal: string; file?: string; measured: number | null; met: boolean | null }[] = [];
  const ratio = (a: number | undefined, b: number | undefined): number | null =>
    a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null;
  // The goals are about reading CSV text; the compressed read is there for information.
  for (const file of files.filter((f) => f.compressedBytes === undefined)) {
    const ours = file.tools.ours;
    const vsPandas = ratio(ours?.mbPerSecond, file.tools.pandas?.mbPerSecond);
    const vsPapa = ratio(ours?.mbPerSecond, file.tools.papaparse?.mbPerSecond);
    const rss = ratio(ours?.maxRssBytes, ours?.typedBytes);
    goals.push(
      { goal: `throughput >= ${GOALS.vsPandas}x pandas`, file: file.name, measured: vsPandas, met: vsPandas === null ? null : vsPandas >= GOALS.vsPandas },
      { goal: `throughput >= ${GOALS.vsPapaparse}x papaparse`, file: file.name, measured: vsPapa, met: vsPapa === null ? null : vsPapa >= GOALS.vsPapaparse },
      { goal: `peak RSS <= ${GOALS.rssOverTyped}x typed bytes`, file: file.name, measured: rss, met: rss === null ? null : rss <= GOALS.rssOverTyped },
    );
  }
  const seconds = profile !== undefined && Number.isFinite(profile.medianSeconds) ? profile.medianSeconds : null;
  goals.push({ goal: `profileFrame 1M x 20 < ${GOALS.profileSeconds} s`, measured: seconds, met: seconds === null ? null : seconds < GOALS.profileSeconds });
  return goals;
}

function printSummary(files: readonly FileFigures[], goals: IngestFigures['goals'], runs: number): void {
  const nameWidth = Math.max(4, ...files.map((f) => f.name.length));
  console.log(`\ningest summary (median of ${runs} run(s); peak RSS = max over runs; MB = 10^6 bytes)`);
  console.log(`${'file'.padEnd(nameWidth)}  ${'tool'.padEnd(10)} ${'seconds'.padStart(8)} ${'MB/s'.padStart(7)} ${'RSS MB'.padStart(7)} ${'RSS/typed'.padStart(9)}`);
  for (const file of files) {
    for (const [tool, f] of Object.entries(file.tools)) {
      const rssOverTyped = f.rssOverTyped === undefined ? '' : `${fmt(f.rssOverTyped, 2)}x`;
      console.log(
        `${file.name.padEnd(nameWidth)}  ${tool.padEnd(10)} ${fmt(f.medianSeconds, 3).padStart(8)} ${fmt(f.mbPerSecond, 1).padStart(7)} ` +
          `${fmt(f.maxRssBytes / MB, 0).padStart(7)} ${rssOverTyped.padStart(9)}`,
      );
    }
  }
  console.log('\ngoals (measured; figures only, nothing fails on them)');
  const goalWidth = Math.max(...goals.map((g) => g.goal.length));
  for (const g of goals) {
    const measured =
      g.measured === null ? 'n/a' : g.goal.startsWith('profileFrame') ? `${fmt(g.measured, 3)} s` : `${fmt(g.measured, 2)}x`;
    const verdict = g.met === null ? '' : g.met ? '  met' : '  not met';
    console.log(`  ${g.goal.padEnd(goalWidth)}  ${(g.file ?? '').padEnd(nameWidth)}  ${measured.padStart(8)}${verdict}`);
  }
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** A child's error, cut to a few lines and indented under the tool name. */
function indentTail(text: string): string {
  return text.split('\n').slice(0, 6).join(`\n${' '.repeat(13)}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- child side: each function runs alone in a fresh process ----

async function childOurs(args: readonly string[]): Promise<OursFigures> {
  const [file] = args;
  // Loaded lazily so the papaparse child does not pay for (or hold in RSS) our reader's code.
  const { readCsvFile } = await import('../src/node/readCsvFile');
  const baselineRssBytes = process.memoryUsage.rss();
  const started = performance.now();
  const { frame, report } = await readCsvFile(file, { workerScript: CSV_READ_WORKER });
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    maxRssBytes: maxRssBytes(),
    rows: frame.rowCount,
    columns: frame.columns.length,
    typedBytes: frameTypedBytes(frame),
    baselineRssBytes,
    types: typeCounts(frame),
    parseIssues: report.parseIssueCount,
  };
}

async function childPapaparse(args: readonly string[]): Promise<ReadFigures> {
  const [file] = args;
  const started = performance.now();
  // Rows kept as arrays: what a user needs to hold the data in memory at all.
  const rows: unknown[][] = [];
  await new Promise<void>((resolve, reject) => {
    Papa.parse<unknown[]>(createReadStream(file), {
      dynamicTyping: true,
      skipEmptyLines: true,
      chunk: (results) => {
        for (const row of results.data) rows.push(row);
      },
      complete: () => resolve(),
      error: (error) => reject(error),
    });
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, maxRssBytes: maxRssBytes(), rows: rows.length - 1, columns: rows.length > 0 ? rows[0].length : 0 };
}

async function childProfile(args: readonly string[]): Promise<ProfileFigures> {
  const [file, runsText] = args;
  const runs = Math.max(1, Number(runsText) || 1);
  const { readCsvFile } = await import('../src/node/readCsvFile');
  const { profileFrame } = await import('../src/engine/profile/profileFrame');
  const { frame } = await readCsvFile(file, { workerScript: CSV_READ_WORKER });
  // Warm-up: lets the JIT compile the hot loops so the figure reflects steady state.
  profileFrame(frame);
  const runSeconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    profileFrame(frame);
    runSeconds.push((performance.now() - started) / 1000);
  }
  return { seconds: median(runSeconds), runSeconds, maxRssBytes: maxRssBytes(), rows: frame.rowCount, columns: frame.columns.length };
}

function typeCounts(frame: Frame): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const column of frame.columns) counts[column.type] = (counts[column.type] ?? 0) + 1;
  return counts;
}

async function runChild(args: readonly string[]): Promise<void> {
  const [tool, ...rest] = args;
  const child = tool === 'ours' ? childOurs : tool === 'papaparse' ? childPapaparse : tool === 'profile' ? childProfile : undefined;
  if (child === undefined) throw new Error(`ingest: unknown child tool '${tool}' (ours, papaparse, profile)`);
  emitChildResult(await child(rest));
}

/** The `ingest` suite, as registered in bench.ts. */
export const ingestSuite: Suite = {
  name: 'ingest',
  description: `CSV -> typed columns: our reader vs papaparse vs pandas on a generated 1M x ${MIXED_COLUMNS.length} mixed CSV and flights_late (plain and .gz); profileFrame on 1M x ${MIXED_COLUMNS.length}`,
  run: runIngest,
  runChild,
};
