/**
 * Benchmark entry point: `npm run bench -- [suite[:part,…]...] [--runs N] [--json file] [--rows N] [--seed N]`.
 *
 * With no suite name (or `all`) every suite runs. The same bundle doubles as the child process of
 * each measurement (`--child <suite> <tool> ...`), see measure.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ingestSuite } from './ingest';
import { learnersSuite } from './learners';
import { automlSuite } from './automl';
import { explainSuite } from './explain';
import { exportSuite } from './export';
import { sourcesSuite } from './sources';
import { languageSuite } from './language';
import { monitorSuite } from './monitor';
import { ratingsSuite } from './ratings';

/** Options shared by all suites. */
export interface BenchOptions {
  /** Measured runs per figure (a warm-up run comes on top). */
  readonly runs: number;
  /** Rows of generated data sets (the ingest CSV); smaller values make quick smoke runs. */
  readonly rows: number;
  readonly seed: number;
  /** Folder holding package.json; scratch files and helper scripts are found from here. */
  readonly repoRoot: string;
  /** The parts of a suite to run (`sources:postgres,ndjson`); empty means all of them. */
  readonly parts: readonly string[];
}

/** A named group of measurements. */
export interface Suite {
  readonly name: string;
  readonly description: string;
  /** Runs the suite, prints its figures, and returns them for `--json`. */
  run(options: BenchOptions): Promise<object>;
  /** Entry point of this suite's child processes: measures one thing and prints one JSON line. */
  runChild(args: readonly string[]): Promise<void>;
}

/** Every suite, in the order `all` runs them. */
const SUITES: readonly Suite[] = [ingestSuite, learnersSuite, automlSuite, ratingsSuite, explainSuite, exportSuite, sourcesSuite, languageSuite, monitorSuite];

const USAGE = 'usage: npm run bench -- [suite[:part,…]...|all] [--runs N] [--json <file>] [--rows N] [--seed N]';

interface CommandLine {
  readonly suites: readonly string[];
  readonly runs: number;
  readonly rows: number;
  readonly seed: number;
  readonly json?: string;
}

function parseCommandLine(argv: readonly string[]): CommandLine {
  const suites: string[] = [];
  let runs = 3;
  let rows = 1_000_000;
  let seed = 42;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    const positiveInteger = (): number => {
      const text = value();
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`${arg} expects a positive integer, got '${text}'`);
      return n;
    };
    if (arg === '--runs') runs = positiveInteger();
    else if (arg === '--rows') rows = positiveInteger();
    else if (arg === '--seed') seed = positiveInteger();
    else if (arg === '--json') json = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else suites.push(arg);
  }
  return { suites, runs, rows, seed, json };
}

class UsageError extends Error {}

/** The nearest folder upwards with a package.json: the bundle lives in out/bench/, sources in bench/. */
function findRepoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

function listSuites(): string {
  return ['suites:', ...SUITES.map((s) => `  ${s.name.padEnd(10)} ${s.description}`), '  all        every suite above'].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--child') {
    const suite = SUITES.find((s) => s.name === argv[1]);
    if (suite === undefined) throw new Error(`--child: unknown suite '${argv[1]}'`);
    await suite.runChild(argv.slice(2));
    return 0;
  }

  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}\n${listSuites()}`);
    return 1;
  }
  // `sources:postgres` runs only that part of the suite.
  const partsOf = new Map(commandLine.suites.map((arg) => [arg.split(':')[0], arg.includes(':') ? arg.slice(arg.indexOf(':') + 1).split(',') : []]));
  const wanted = commandLine.suites.length === 0 || partsOf.has('all') ? SUITES.map((s) => s.name) : [...partsOf.keys()];
  const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown suite: ${unknown.join(', ')}\n${USAGE}\n${listSuites()}`);
    return 1;
  }

  const options: BenchOptions = { runs: commandLine.runs, rows: commandLine.rows, seed: commandLine.seed, repoRoot: findRepoRoot(), parts: [] };
  const cpus = os.cpus();
  console.log(`node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
  const figures: Record<string, object> = {};
  for (const name of wanted) {
    const suite = SUITES.find((s) => s.name === name);
    if (suite === undefined) continue;
    console.log(`\n=== ${suite.name} ===`);
    figures[suite.name] = await suite.run({ ...options, parts: partsOf.get(name) ?? [] });
  }

  if (commandLine.json !== undefined) {
    const file = path.resolve(commandLine.json);
    mkdirSync(path.dirname(file), { recursive: true });
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model,
      totalMemBytes: os.totalmem(),
      options: { runs: options.runs, rows: options.rows, seed: options.seed },
      suites: figures,
    };
    // NaN (failed or skipped figures) has no JSON form; null says "not measured".
    writeFileSync(file, `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
    console.log(`\nfigures written to ${file}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
