/**
 * Runs one measurement per fresh process, so that peak RSS belongs to a single tool and run, and
 * collects the one JSON line the child prints as its result.
 *
 * Protocol: a child writes anything it likes to stderr, and exactly one JSON object as the last
 * non-empty line of stdout.
 */
import { spawn, spawnSync } from 'node:child_process';

/** Heap ceiling for node children: papaparse's row arrays for 1M rows exceed node's default. */
const CHILD_MAX_OLD_SPACE_MB = 16_384;
/** A run that takes longer than this is stuck, not slow. */
const DEFAULT_TIMEOUT_MS = 20 * 60 * 1000;

/** What every child reports, whatever it measured. */
export interface ChildFigures {
  /** Seconds of the measured work only (process start-up and module loading excluded). */
  readonly seconds: number;
  /** Peak resident set size of the whole child process, in bytes. */
  readonly maxRssBytes: number;
}

/** Options for {@link runJsonProcess}. */
export interface RunOptions {
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

/**
 * Spawns `command args`, waits for it to exit, and returns the JSON object on the last non-empty
 * line of its stdout. Rejects with the child's stderr when it exits non-zero, times out, or prints
 * no JSON.
 */
export function runJsonProcess<T extends object>(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const detail = stderr.trim().split('\n').slice(-15).join('\n');
      if (code !== 0) {
        reject(new Error(`${command} exited with ${signal ?? `code ${code}`}${detail ? `:\n${detail}` : ''}`));
        return;
      }
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      try {
        const parsed: unknown = JSON.parse(lastLine);
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
        resolve(parsed as T);
      } catch {
        reject(new Error(`${command} printed no JSON result (last line: ${JSON.stringify(lastLine.slice(0, 200))})`));
      }
    });
  });
}

/**
 * Runs this very script again as a child (`bench.js --child ...args`), so node children need no
 * separate entry point and load exactly the code being measured.
 */
export function runNodeChild<T extends object>(args: readonly string[], options: RunOptions = {}): Promise<T> {
  return runJsonProcess<T>(
    process.execPath,
    [`--max-old-space-size=${CHILD_MAX_OLD_SPACE_MB}`, __filename, '--child', ...args],
    options,
  );
}

/** Whether `command args` runs and exits 0 (for optional tools such as pandas). */
export function commandSucceeds(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 });
  return result.status === 0;
}

/** Prints a child's result as the single JSON line its parent reads. */
export function emitChildResult(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Peak RSS of the current process in bytes (`maxRSS` is reported in KiB). */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Result of {@link measureRuns}: every measured run, warm-up excluded. */
export interface RunSeries<T extends ChildFigures> {
  readonly runs: readonly T[];
  readonly medianSeconds: number;
  /** Highest peak RSS over the measured runs (the figure a user's machine must afford). */
  readonly maxRssBytes: number;
}

/**
 * One discarded warm-up run, then `runs` measured ones, each in a fresh process. The warm-up
 * exists because the first touches of fresh memory (and a cold page cache) are slow here and
 * would otherwise land on whichever tool happens to run first.
 */
export async function measureRuns<T extends ChildFigures>(runs: number, once: () => Promise<T>): Promise<RunSeries<T>> {
  await once();
  const results: T[] = [];
  for (let i = 0; i < runs; i++) results.push(await once());
  return {
    runs: results,
    medianSeconds: median(results.map((r) => r.seconds)),
    maxRssBytes: Math.max(...results.map((r) => r.maxRssBytes)),
  };
}
