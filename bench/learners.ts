/**
 * The `learners` suite: single-threaded training speed of our GBDT against XGBoost `hist` and
 * scikit-learn's HistGradientBoosting with the same settings (and, once a `randomForest` learner is
 * registered, our forest against scikit-learn's RandomForest), plus prediction throughput and peak
 * RSS.
 *
 * The parent prepares each table once as raw float64 columns (bench/.scratch/learners/), so every
 * tool trains on exactly the same numbers and no child pays for CSV parsing or featurisation. Every
 * fit runs in a fresh child process (see measure.ts): ours re-invokes this bundle, the peers run
 * bench/peer_gbdt.py under the system Python.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { getLearner, listLearners } from '../src/engine/learners/index';
import type { FeatureColumn, FeatureMatrix, FittedModel, Target, Task } from '../src/engine/learners/types';
import { applyFeaturePlan, fitFeaturePlan } from '../src/engine/prep/featurePlan';
import { encodeTarget, fitTargetSpec } from '../src/engine/prep/targetSpec';
import { Rng } from '../src/engine/random';
import type { Params } from '../src/engine/search/domain';
import { readCsvFile } from '../src/node/readCsvFile';
import { datasetFile } from '../test/publicDatasets';
import type { BenchOptions, Suite } from './bench';
import { commandSucceeds, emitChildResult, maxRssBytes, measureRuns, runJsonProcess, runNodeChild, type ChildFigures, type RunSeries } from './measure';

const PYTHON = '/usr/bin/python3';
const MB = 1e6;
/** Bumped when the synthetic generator or the table format changes, so stale scratch files are not reused. */
const TABLE_VERSION = 1;
/** The speed anchors' settings (bench/peers/speed_anchor.py), in our parameter names. */
const GBDT_PARAMS: Params = { numIterations: 100, numLeaves: 31, learningRate: 0.1, maxBin: 255, minDataInLeaf: 20, lambdaL2: 0 };
const SEED = 42;
const FOREST_LEARNER = 'randomForest';
/** The forest row trains on every 8th flights row: a forest grown to purity on 500k rows takes minutes per fit. */
const FOREST_ROW_STEP = 8;

/** Tools: ours run in node, the others in Python (bench/peer_gbdt.py). */
type Tool = 'gbdt' | 'xgboost' | 'hgb' | 'randomForest' | 'sklearn_rf';
const PEER_MODULES: Readonly<Record<'xgboost' | 'hgb' | 'sklearn_rf', { readonly module: string; readonly install: string }>> = {
  xgboost: { module: 'xgboost', install: 'apt-get install -y --no-install-recommends python3-xgboost python3-pandas' },
  hgb: { module: 'sklearn', install: 'apt-get install -y --no-install-recommends python3-sklearn' },
  sklearn_rf: { module: 'sklearn', install: 'apt-get install -y --no-install-recommends python3-sklearn' },
};

/** What `<name>.json` says about `<name>.f64` (float64 LE, column-major: features, then the target). */
interface TableMeta {
  readonly format: 'automl-bench-table';
  readonly version: number;
  readonly name: string;
  readonly description: string;
  readonly rows: number;
  readonly task: Task;
  readonly features: readonly { readonly name: string; readonly kind: 'numeric' | 'categorical'; readonly levels?: number }[];
  /** Class labels; the target column holds their indexes. */
  readonly classes?: readonly string[];
  /** The data file, relative to the JSON file. */
  readonly dataFile: string;
}

/** What a training child reports. */
interface FitFigures extends ChildFigures {
  /** Seconds to predict every row of the table (probabilities for classification). */
  readonly predictSeconds: number;
  readonly predictRows: number;
  /** In-sample log loss (binary) or RMSE (regression): every tool should land close to the others. */
  readonly trainLoss: number;
  readonly version: string;
}

/** One tool on one table, as written to `--json`. */
interface ToolFigures {
  readonly tool: Tool;
  readonly version?: string;
  readonly medianSeconds: number;
  readonly runSeconds: readonly number[];
  readonly predictRowsPerSecond: number;
  readonly maxRssBytes: number;
  readonly trainLoss: number;
  readonly error?: string;
}

interface TableFigures {
  readonly table: string;
  readonly description: string;
  readonly rows: number;
  readonly features: number;
  readonly tools: readonly ToolFigures[];
  /** Our median fit time over each peer's, from the same run. */
  readonly ratios: Readonly<Record<string, number>>;
}

/** Everything the suite measured, for `--json`. */
export interface LearnersFigures {
  readonly runs: number;
  readonly tables: readonly TableFigures[];
  readonly skipped: readonly string[];
}

// ------------------------------------------------------------------------------------ tables

function writeTable(dir: string, meta: Omit<TableMeta, 'format' | 'version' | 'dataFile'>, columns: readonly Float64Array[]): string {
  mkdirSync(dir, { recursive: true });
  const dataFile = `${meta.name}.f64`;
  const temp = path.join(dir, `${dataFile}.partial`);
  // Column by column: never a second copy of the whole table in memory.
  const fd = openSync(temp, 'w');
  try {
    for (const column of columns) writeSync(fd, new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path.join(dir, dataFile));
  const metaPath = path.join(dir, `${meta.name}.json`);
  const full: TableMeta = { format: 'automl-bench-table', version: TABLE_VERSION, dataFile, ...meta };
  writeFileSync(metaPath, `${JSON.stringify(full, null, 1)}\n`);
  return metaPath;
}

/** A table written earlier with the same name and format version, complete on disk. */
function existingTable(dir: string, name: string): string | undefined {
  const metaPath = path.join(dir, `${name}.json`);
  if (!existsSync(metaPath)) return undefined;
  try {
    const meta = readMeta(metaPath);
    const dataPath = path.join(dir, meta.dataFile);
    const expected = meta.rows * (meta.features.length + 1) * 8;
    return meta.version === TABLE_VERSION && existsSync(dataPath) && statSync(dataPath).size === expected ? metaPath : undefined;
  } catch {
    return undefined;
  }
}

function readMeta(metaPath: string): TableMeta {
  const fd = openSync(metaPath, 'r');
  try {
    const size = statSync(metaPath).size;
    const bytes = new Uint8Array(size);
    readSync(fd, bytes, 0, size, 0);
    return JSON.parse(new TextDecoder().decode(bytes)) as TableMeta;
  } finally {
    closeSync(fd);
  }
}

/**
 * The speed anchors' synthetic regression table (bench/peers/speed_anchor.py): 20 features,
 * 15 standard normal and 5 integers in 0..9, y = 2 sin(x0) + x1 x2 + |x3| + x4²/2 + (x15 > 4) x5 +
 * 0.1 (x6 + … + x14) + N(0, 0.5²). Same recipe and sizes, drawn from our seeded generator (numpy's
 * stream is not reproduced), so figures compare with the anchors' in kind, and exactly between the
 * tools of one run.
 */
function syntheticTable(dir: string, rows: number, seed: number): string {
  const name = `synthetic_${rows}x20_seed${seed}`;
  const existing = existingTable(dir, name);
  if (existing) return existing;
  const rng = new Rng(seed);
  const x = Array.from({ length: 20 }, () => new Float64Array(rows));
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 15; f++) x[f][r] = rng.normal();
    for (let f = 15; f < 20; f++) x[f][r] = rng.int(10);
    let rest = 0;
    for (let f = 6; f < 15; f++) rest += x[f][r];
    y[r] =
      Math.sin(x[0][r]) * 2 + x[1][r] * x[2][r] + Math.abs(x[3][r]) + 0.5 * x[4][r] ** 2 + (x[15][r] > 4 ? x[5][r] : 0) + 0.1 * rest + rng.normal() * 0.5;
  }
  return writeTable(
    dir,
    {
      name,
      description: `synthetic ${rows.toLocaleString('en-US')} x 20 numeric (speed_anchor recipe), regression`,
      rows,
      task: 'regression',
      features: x.map((_, f) => ({ name: `f${f}`, kind: 'numeric' as const })),
    },
    [...x, y],
  );
}

/**
 * flights_late featurised as a run does ('native' plan: date parts, native categoricals), every
 * `step`-th row. Read as stored (gzip-compressed): preparing the table is not timed.
 */
async function flightsTable(dir: string, step: number): Promise<string> {
  const { frame } = await readCsvFile(datasetFile('flights_late'));
  const targetName = 'late';
  const spec = fitTargetSpec(frame, targetName);
  const { target, rows: withTarget } = encodeTarget(spec, frame);
  if (withTarget.length !== frame.rowCount || target.kind !== 'classification') throw new Error('flights_late: unexpected target');
  const rows = Uint32Array.from({ length: Math.ceil(frame.rowCount / step) }, (_, i) => i * step);
  // Text dropped as the peers do.
  const plan = fitFeaturePlan(frame, 'native', [targetName], rows, { textBuckets: 0 });
  const x = applyFeaturePlan(plan, frame, rows);
  const columns = x.columns.map((c) => (c.kind === 'numeric' ? c.values : Float64Array.from(c.codes)));
  const y = Float64Array.from(rows, (r) => target.codes[r]);
  const name = step === 1 ? 'flights_late' : `flights_late_every${step}`;
  return writeTable(
    dir,
    {
      name,
      description: `flights_late${step === 1 ? '' : ` every ${step}th row`}, ${rows.length.toLocaleString('en-US')} x ${x.columns.length} (our featurisation), binary`,
      rows: rows.length,
      task: spec.task,
      features: x.columns.map((c) => (c.kind === 'numeric' ? { name: c.name, kind: 'numeric' as const } : { name: c.name, kind: 'categorical' as const, levels: c.levels })),
      classes: spec.task === 'regression' ? undefined : spec.classes,
    },
    [...columns, y],
  );
}

/** Reads a table into our learner types (child side). */
function loadTable(metaPath: string): { meta: TableMeta; x: FeatureMatrix; y: Target } {
  const meta = readMeta(metaPath);
  const { rows } = meta;
  const width = meta.features.length + 1;
  const data = new Float64Array(rows * width);
  const bytes = new Uint8Array(data.buffer);
  const fd = openSync(path.join(path.dirname(metaPath), meta.dataFile), 'r');
  try {
    // A single read() returns at most ~2 GB on Linux: loop until every byte is in.
    for (let at = 0; at < bytes.length; ) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) throw new Error(`${meta.dataFile} is shorter than its description`);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  const column = (f: number): Float64Array => data.subarray(f * rows, (f + 1) * rows);
  const columns = meta.features.map(
    (def, f): FeatureColumn =>
      def.kind === 'numeric'
        ? { kind: 'numeric', name: def.name, values: column(f) }
        : { kind: 'categorical', name: def.name, codes: Int32Array.from(column(f)), levels: def.levels ?? 0 },
  );
  const targetColumn = column(meta.features.length);
  const y: Target =
    meta.task === 'regression'
      ? { kind: 'regression', values: targetColumn }
      : { kind: 'classification', classes: meta.classes ?? [], codes: Int32Array.from(targetColumn) };
  return { meta, x: { rows, columns }, y };
}

/** In-sample log loss (classification) or RMSE (regression) of a fitted model's outputs. */
function trainLoss(y: Target, out: Float64Array | Float64Array[]): number {
  if (y.kind === 'regression') {
    const predicted = out as Float64Array;
    let sq = 0;
    for (let i = 0; i < predicted.length; i++) sq += (predicted[i] - y.values[i]) ** 2;
    return Math.sqrt(sq / predicted.length);
  }
  const proba = out as Float64Array[];
  let sum = 0;
  for (let i = 0; i < y.codes.length; i++) sum -= Math.log(Math.max(1e-15, proba[y.codes[i]][i]));
  return sum / y.codes.length;
}

// ------------------------------------------------------------------------------------ children

async function runLearnersChild(args: readonly string[]): Promise<void> {
  const [tool, metaPath] = args;
  if ((tool !== 'gbdt' && tool !== FOREST_LEARNER) || metaPath === undefined) throw new Error(`learners child: bad arguments ${args.join(' ')}`);
  const { x, y } = loadTable(metaPath);
  const spec = getLearner(tool);
  const params = tool === 'gbdt' ? GBDT_PARAMS : {};
  const started = performance.now();
  const model: FittedModel = spec.fit(x, y, params, { rng: new Rng(SEED) });
  const seconds = (performance.now() - started) / 1000;
  const predictStarted = performance.now();
  const out = y.kind === 'regression' ? model.predict(x) : model.predictProba?.(x);
  const predictSeconds = (performance.now() - predictStarted) / 1000;
  if (out === undefined) throw new Error(`${tool} gives no probabilities`);
  const figures: FitFigures = { seconds, predictSeconds, predictRows: x.rows, maxRssBytes: maxRssBytes(), trainLoss: trainLoss(y, out), version: 'ours' };
  emitChildResult(figures);
}

// ------------------------------------------------------------------------------------ parent

function peerAvailable(tool: keyof typeof PEER_MODULES): boolean {
  return commandSucceeds(PYTHON, ['-c', `import ${PEER_MODULES[tool].module}`]);
}

async function measureTool(tool: Tool, metaPath: string, runs: number, repoRoot: string): Promise<ToolFigures> {
  const script = path.join(repoRoot, 'bench', 'peer_gbdt.py');
  const once = (): Promise<FitFigures> =>
    tool === 'gbdt' || tool === FOREST_LEARNER ? runNodeChild<FitFigures>(['learners', tool, metaPath]) : runJsonProcess<FitFigures>(PYTHON, [script, tool, metaPath]);
  try {
    const series: RunSeries<FitFigures> = await measureRuns(runs, once);
    const last = series.runs[series.runs.length - 1];
    const predictSeconds = series.runs.map((r) => r.predictSeconds).sort((a, b) => a - b)[series.runs.length >> 1];
    return {
      tool,
      version: last.version,
      medianSeconds: series.medianSeconds,
      runSeconds: series.runs.map((r) => r.seconds),
      predictRowsPerSecond: last.predictRows / predictSeconds,
      maxRssBytes: series.maxRssBytes,
      trainLoss: last.trainLoss,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { tool, medianSeconds: Number.NaN, runSeconds: [], predictRowsPerSecond: Number.NaN, maxRssBytes: Number.NaN, trainLoss: Number.NaN, error: message };
  }
}

const fmt = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const fmtRate = (value: number): string => (Number.isFinite(value) ? `${Math.round(value / 1000).toLocaleString('en-US')}k` : '—');

function toolLine(f: ToolFigures): string {
  if (f.error !== undefined) return `  ${f.tool.padEnd(12)} failed: ${f.error.split('\n').join('\n      ')}`;
  return (
    `  ${f.tool.padEnd(12)} ${(f.version ?? '').padEnd(7)} fit ${fmt(f.medianSeconds, 2).padStart(7)} s (runs ${f.runSeconds.map((s) => s.toFixed(2)).join(', ')})` +
    `   predict ${fmtRate(f.predictRowsPerSecond).padStart(7)} rows/s   peak RSS ${fmt(f.maxRssBytes / MB, 0).padStart(5)} MB   train loss ${fmt(f.trainLoss, 4)}`
  );
}

async function runLearners(options: BenchOptions): Promise<LearnersFigures> {
  const { runs, repoRoot } = options;
  console.log(`learners: ${runs} measured fit(s) per tool, each in a fresh process, after one warm-up; one thread everywhere`);
  const dir = path.join(repoRoot, 'bench', '.scratch', 'learners');
  const skipped: string[] = [];

  const peers = (['xgboost', 'hgb', 'sklearn_rf'] as const).filter((tool) => {
    if (peerAvailable(tool)) return true;
    const line = `${tool}: not available to ${PYTHON} (${PEER_MODULES[tool].install}); skipped`;
    if (!skipped.includes(line)) skipped.push(line);
    console.log(line);
    return false;
  });

  const tables: { metaPath: string; tools: Tool[] }[] = [];
  const started = performance.now();
  const synthetic = syntheticTable(dir, options.rows, options.seed);
  console.log(`synthetic table ready in ${fmt((performance.now() - started) / 1000, 1)} s (${path.relative(repoRoot, synthetic)})`);
  const gbdtTools: Tool[] = ['gbdt', ...peers.filter((p) => p !== 'sklearn_rf')];
  tables.push({ metaPath: await flightsTable(dir, 1), tools: gbdtTools });
  tables.push({ metaPath: synthetic, tools: gbdtTools });
  if (!listLearners().some((l) => l.name === FOREST_LEARNER)) {
    skipped.push(`forest: no '${FOREST_LEARNER}' learner registered (src/engine/learners/index.ts)`);
  } else {
    const forestTools: Tool[] = [FOREST_LEARNER, ...peers.filter((p) => p === 'sklearn_rf')];
    tables.push({ metaPath: await flightsTable(dir, FOREST_ROW_STEP), tools: forestTools });
  }
  for (const line of skipped) if (!line.includes('not available')) console.log(`skipped: ${line}`);

  const results: TableFigures[] = [];
  for (const { metaPath, tools } of tables) {
    const meta = readMeta(metaPath);
    console.log(`\n${meta.description}`);
    const figures: ToolFigures[] = [];
    for (const tool of tools) {
      const f = await measureTool(tool, metaPath, runs, repoRoot);
      figures.push(f);
      console.log(toolLine(f));
    }
    const ours = figures[0];
    const ratios: Record<string, number> = {};
    for (const peer of figures.slice(1)) ratios[`${ours.tool}/${peer.tool}`] = ours.medianSeconds / peer.medianSeconds;
    const ratioText = Object.entries(ratios).map(([k, v]) => `${k} ${fmt(v, 2)}x`).join('   ');
    if (ratioText) console.log(`  fit time ${ratioText}`);
    results.push({ table: meta.name, description: meta.description, rows: meta.rows, features: meta.features.length, tools: figures, ratios });
  }
  printSummary(results, runs);
  return { runs, tables: results, skipped };
}

function printSummary(tables: readonly TableFigures[], runs: number): void {
  console.log(`\nSummary (median of ${runs} fits after a warm-up; ratio = our fit time / the tool's, < 1 means ours is faster)`);
  console.log('| data | tool | version | fit s | ours / tool | predict rows/s | peak RSS MB | train loss |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const t of tables) {
    const ours = t.tools[0];
    for (const f of t.tools) {
      const ratio = f === ours ? '—' : fmt(ours.medianSeconds / f.medianSeconds, 2);
      console.log(
        `| ${t.table} | ${f.tool} | ${f.version ?? '—'} | ${fmt(f.medianSeconds, 2)} | ${ratio} | ${fmtRate(f.predictRowsPerSecond)} | ${fmt(f.maxRssBytes / MB, 0)} | ${fmt(f.trainLoss, 4)} |`,
      );
    }
  }
}

/** Training speed of our learners against XGBoost, HistGradientBoosting and RandomForest. */
export const learnersSuite: Suite = {
  name: 'learners',
  description: 'GBDT (and forest) fit time, prediction rows/s and peak RSS vs XGBoost / sklearn, one thread',
  run: runLearners,
  runChild: runLearnersChild,
};
