/**
 * What the file-source benchmarks share: reading one file into a frame (or just its rows) in a
 * child process per run, and printing each tool's median beside the others'.
 */
import * as path from 'node:path';
import type { Frame } from '../../src/engine/data/frame';
import { readCsvFile } from '../../src/node/readCsvFile';
import { emitChildResult, maxRssBytes, measureRuns, runNodeChild, type ChildFigures } from '../measure';

/** The bench bundle lives in out/bench/, so readCsvFile's default (next to the bundle) misses dist/. */
const CSV_READ_WORKER = path.join(__dirname, '..', '..', 'dist', 'csvReadWorker.js');
const MB = 1e6;

/** What a reading child reports. */
export interface ReadFigures extends ChildFigures {
  readonly rows: number;
  readonly columns: number;
}

/** One tool's figures, as written to `--json`. */
export interface ToolFigures {
  readonly medianSeconds?: number;
  readonly runSeconds?: readonly number[];
  readonly maxRssBytes?: number;
  readonly rows?: number;
  readonly columns?: number;
  readonly error?: string;
}

/** A tool to measure: its label and the child arguments after `sources <bench>`. */
export interface Tool {
  readonly label: string;
  readonly args: readonly string[];
}

/**
 * Measures each tool (`runs` runs after a warm-up, each in a fresh process running
 * `--child sources <bench> ...args`) and prints one line per tool.
 */
export async function compareTools(bench: string, tools: readonly Tool[], runs: number): Promise<Record<string, ToolFigures>> {
  const figures: Record<string, ToolFigures> = {};
  const width = Math.max(...tools.map((t) => t.label.length));
  for (const tool of tools) {
    try {
      const series = await measureRuns(runs, () => runNodeChild<ReadFigures>(['sources', bench, ...tool.args]));
      const last = series.runs[series.runs.length - 1];
      figures[tool.label] = {
        medianSeconds: series.medianSeconds,
        runSeconds: series.runs.map((r) => r.seconds),
        maxRssBytes: series.maxRssBytes,
        rows: last.rows,
        columns: last.columns,
      };
      console.log(
        `  ${tool.label.padEnd(width)}  ${series.medianSeconds.toFixed(2)} s  peak RSS ${(series.maxRssBytes / MB).toFixed(0)} MB  ` +
          `(${last.rows.toLocaleString('en-US')} x ${last.columns}; runs ${series.runs.map((r) => r.seconds.toFixed(2)).join(', ')})`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      figures[tool.label] = { error: message };
      console.log(`  ${tool.label.padEnd(width)}  failed: ${message.split('\n').slice(-3).join(' | ')}`);
    }
  }
  return figures;
}

/** Times `read` in this (child) process and prints its figures as the one JSON line. */
export async function emitRead(read: () => Promise<{ rows: number; columns: number }>): Promise<void> {
  const started = performance.now();
  const { rows, columns } = await read();
  const seconds = (performance.now() - started) / 1000;
  emitChildResult({ seconds, maxRssBytes: maxRssBytes(), rows, columns } satisfies ReadFigures);
}

/** Our CSV reader on `file`: the baseline each source is read beside. */
export async function readCsvShape(file: string): Promise<{ rows: number; columns: number }> {
  return shape((await readCsvFile(file, { workerScript: CSV_READ_WORKER })).frame);
}

export function shape(frame: Frame): { rows: number; columns: number } {
  return { rows: frame.rowCount, columns: frame.columns.length };
}
