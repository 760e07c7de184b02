/**
 * The `explain` suite: exact path-dependent TreeSHAP of a 100-tree, 31-leaf GBDT on 1,000 rows x
 * 20 features — ours (`gbdtShap`) against XGBoost's C++ TreeSHAP (`predict(..., pred_contribs=True)`)
 * on a model of the same shape trained on the same data, one thread each.
 *
 * The parent writes the seeded data once as two CSVs in bench/.scratch/explain/ (training rows and
 * explained rows); every measurement is a fresh child (see measure.ts) that reads them, trains its
 * model untimed and times only the SHAP call: ours re-invokes this bundle, XGBoost runs
 * bench/peer_shap.py under the system Python.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { reconstructed } from '../src/engine/explain/shapTypes';
import { gbdtShap } from '../src/engine/explain/treeModelShap';
import { GbdtModel, gbdtLearner } from '../src/engine/learners/gbdt/gbdt';
import type { Tree } from '../src/engine/learners/gbdt/tree';
import type { FeatureMatrix } from '../src/engine/learners/types';
import { Rng } from '../src/engine/random';
import type { Params } from '../src/engine/search/domain';
import type { BenchOptions, Suite } from './bench';
import { commandSucceeds, emitChildResult, maxRssBytes, measureRuns, median, runJsonProcess, runNodeChild, type ChildFigures } from './measure';

const PYTHON = '/usr/bin/python3';
const XGBOOST_INSTALL = 'sudo apt-get install -y python3-xgboost';
const MB = 1e6;
/** Bumped when the generator or the CSV layout changes, so stale scratch files are not reused. */
const DATA_VERSION = 1;
const TRAIN_ROWS = 20_000;
const EXPLAIN_ROWS = 1_000;
const FEATURES = 20;
const TREES = 100;
const LEAVES = 31;
/** Our side of the brief's model: XGBoost gets the same rounds, leaves and rate (bench/peer_shap.py). */
const GBDT_PARAMS: Params = { numIterations: TREES, numLeaves: LEAVES, learningRate: 0.1, maxBin: 255, minDataInLeaf: 20, lambdaL2: 0 };
const FIT_SEED = 42;
/** The goal: our time per row-tree at most this many times XGBoost's. */
const GOAL_RATIO = 1.5;

type Tool = 'ours' | 'xgboost';

/** Shape of a fitted ensemble: TreeSHAP's work per row grows with leaves x depth². */
interface TreeShape {
  readonly trees: number;
  readonly meanLeaves: number;
  /** Mean over trees of the internal nodes on the longest root-to-leaf path. */
  readonly meanDepth: number;
  readonly maxDepth: number;
  /** Mean over trees of the mean depth of their leaves. */
  readonly meanLeafDepth: number;
}

/** What an explain child reports. */
interface ShapFigures extends ChildFigures {
  /** Seconds of a second, identical call in the same process (JIT and caches warm). */
  readonly warmSeconds: number;
  readonly rows: number;
  readonly features: number;
  readonly shape: TreeShape;
  /** max over rows of |base + sum of values - raw model output|. */
  readonly additivityError: number;
  /** In-sample RMSE of the model: both tools should land close to each other. */
  readonly trainRmse: number;
  readonly version: string;
}

/** One tool, as written to `--json`. */
interface ToolFigures {
  readonly tool: Tool;
  readonly version?: string;
  readonly medianSeconds: number;
  readonly runSeconds: readonly number[];
  readonly medianWarmSeconds: number;
  /** Median seconds per explained row and tree, in microseconds. */
  readonly microsPerRowTree: number;
  readonly maxRssBytes: number;
  readonly shape?: TreeShape;
  readonly additivityError: number;
  readonly trainRmse: number;
  readonly error?: string;
}

/** Everything the suite measured, for `--json`. */
export interface ExplainFigures {
  readonly runs: number;
  readonly trainRows: number;
  readonly explainRows: number;
  readonly features: number;
  readonly tools: readonly ToolFigures[];
  /** Our time per row-tree over XGBoost's (first call in a fresh process), NaN when not measured. */
  readonly ratio: number;
  /** The same for the second, warm call. */
  readonly warmRatio: number;
  readonly goalRatio: number;
  readonly goalMet: boolean | null;
  readonly skipped: readonly string[];
}

// ------------------------------------------------------------------------------------ data

/**
 * 20 numeric features (15 standard normal, 5 uniform on [-2, 2)) and a regression target with
 * several interactions, so that 31-leaf trees find 31 useful leaves well below the root:
 * y = 2 sin(2 x0) + x1 x2 + |x3| x4 + x5²/2 + (x6 > 0 ? x7 : -x8) + x9 x10 x11 / 2 + cos(x12 + x13)
 *     + 0.2 (x14 + … + x19) + N(0, 0.3²).
 */
function generateRows(rng: Rng, rows: number): string {
  const lines: string[] = [[...Array.from({ length: FEATURES }, (_, f) => `f${f}`), 'y'].join(',')];
  const x = new Float64Array(FEATURES);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 15; f++) x[f] = rng.normal();
    for (let f = 15; f < FEATURES; f++) x[f] = rng.next() * 4 - 2;
    let rest = 0;
    for (let f = 14; f < FEATURES; f++) rest += x[f];
    const y =
      2 * Math.sin(2 * x[0]) +
      x[1] * x[2] +
      Math.abs(x[3]) * x[4] +
      0.5 * x[5] ** 2 +
      (x[6] > 0 ? x[7] : -x[8]) +
      0.5 * x[9] * x[10] * x[11] +
      Math.cos(x[12] + x[13]) +
      0.2 * rest +
      0.3 * rng.normal();
    // String(number) is the shortest form that reads back as the same double, in node and numpy.
    lines.push(`${Array.from(x, String).join(',')},${String(y)}`);
  }
  return `${lines.join('\n')}\n`;
}

function writeAtomically(file: string, text: string): void {
  const temp = `${file}.partial`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** The training and explained CSVs for `seed`, written once and reused while the name matches. */
function ensureData(dir: string, seed: number): { train: string; explain: string } {
  mkdirSync(dir, { recursive: true });
  const stem = `explain-v${DATA_VERSION}-seed${seed}`;
  const train = path.join(dir, `${stem}-train-${TRAIN_ROWS}x${FEATURES}.csv`);
  const explain = path.join(dir, `${stem}-explain-${EXPLAIN_ROWS}x${FEATURES}.csv`);
  if (existsSync(train) && existsSync(explain)) return { train, explain };
  const rng = new Rng(seed);
  // Training rows first, then the explained rows from the same stream: the latter are fresh draws.
  writeAtomically(train, generateRows(rng, TRAIN_ROWS));
  writeAtomically(explain, generateRows(rng, EXPLAIN_ROWS));
  return { train, explain };
}

/** Reads one of our CSVs (all-numeric, header, target last) into our learner types. */
function readTable(file: string): { x: FeatureMatrix; y: Float64Array } {
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
  const header = lines[0].split(',');
  const rows = lines.length - 1;
  const width = header.length;
  const columns = Array.from({ length: width }, () => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const fields = lines[r + 1].split(',');
    if (fields.length !== width) throw new Error(`${file}: line ${r + 2} has ${fields.length} fields, expected ${width}`);
    for (let c = 0; c < width; c++) columns[c][r] = Number(fields[c]);
  }
  const features = header.slice(0, -1).map((name, f) => ({ kind: 'numeric' as const, name, values: columns[f] }));
  return { x: { rows, columns: features }, y: columns[width - 1] };
}

// ------------------------------------------------------------------------------------ children

/** Leaves, depth and mean leaf depth of our trees (depth: internal nodes from the root to a leaf). */
function treeShape(trees: readonly Tree[]): TreeShape {
  let leaves = 0;
  let depths = 0;
  let maxDepth = 0;
  let leafDepths = 0;
  for (const tree of trees) {
    const nodes = tree.feature.length;
    let treeLeaves = 0;
    let treeDepth = 0;
    let depthSum = 0;
    if (nodes === 0) treeLeaves = 1;
    else {
      const stack: [number, number][] = [[0, 0]];
      while (stack.length > 0) {
        const [node, depth] = stack.pop() as [number, number];
        for (const child of [tree.left[node], tree.right[node]]) {
          if (child >= 0) stack.push([child, depth + 1]);
          else {
            treeLeaves++;
            depthSum += depth + 1;
            treeDepth = Math.max(treeDepth, depth + 1);
          }
        }
      }
    }
    leaves += treeLeaves;
    depths += treeDepth;
    maxDepth = Math.max(maxDepth, treeDepth);
    leafDepths += depthSum / treeLeaves;
  }
  const count = Math.max(1, trees.length);
  return { trees: trees.length, meanLeaves: leaves / count, meanDepth: depths / count, maxDepth, meanLeafDepth: leafDepths / count };
}

async function runExplainChild(args: readonly string[]): Promise<void> {
  const [tool, trainPath, explainPath] = args;
  if (tool !== 'ours' || trainPath === undefined || explainPath === undefined) throw new Error(`explain child: bad arguments ${args.join(' ')}`);
  const train = readTable(trainPath);
  const explain = readTable(explainPath);
  const model = gbdtLearner.fit(train.x, { kind: 'regression', values: train.y }, GBDT_PARAMS, { rng: new Rng(FIT_SEED) });
  if (!(model instanceof GbdtModel)) throw new Error('gbdtLearner.fit did not return a GbdtModel');

  let started = performance.now();
  const shap = gbdtShap(model, explain.x);
  const seconds = (performance.now() - started) / 1000;
  started = performance.now();
  gbdtShap(model, explain.x);
  const warmSeconds = (performance.now() - started) / 1000;

  // Checked against a fresh prediction, not the `output` the explainer returned alongside.
  const raw = model.predictRaw(explain.x)[0];
  let additivityError = 0;
  for (let r = 0; r < explain.x.rows; r++) additivityError = Math.max(additivityError, Math.abs(reconstructed(shap, 0, r) - raw[r]));
  const fitted = model.predict(train.x);
  let sq = 0;
  for (let r = 0; r < fitted.length; r++) sq += (fitted[r] - train.y[r]) ** 2;

  const figures: ShapFigures = {
    seconds,
    warmSeconds,
    rows: explain.x.rows,
    features: explain.x.columns.length,
    maxRssBytes: maxRssBytes(),
    shape: treeShape(model.trees),
    additivityError,
    trainRmse: Math.sqrt(sq / fitted.length),
    version: `node ${process.version}`,
  };
  emitChildResult(figures);
}

// ------------------------------------------------------------------------------------ parent

async function measureTool(tool: Tool, data: { train: string; explain: string }, runs: number, repoRoot: string): Promise<ToolFigures> {
  const script = path.join(repoRoot, 'bench', 'peer_shap.py');
  const once = (): Promise<ShapFigures> =>
    tool === 'ours' ? runNodeChild<ShapFigures>(['explain', tool, data.train, data.explain]) : runJsonProcess<ShapFigures>(PYTHON, [script, data.train, data.explain]);
  try {
    const series = await measureRuns(runs, once);
    const last = series.runs[series.runs.length - 1];
    return {
      tool,
      version: last.version,
      medianSeconds: series.medianSeconds,
      runSeconds: series.runs.map((r) => r.seconds),
      medianWarmSeconds: median(series.runs.map((r) => r.warmSeconds)),
      microsPerRowTree: (series.medianSeconds * 1e6) / (last.rows * last.shape.trees),
      maxRssBytes: series.maxRssBytes,
      shape: last.shape,
      additivityError: Math.max(...series.runs.map((r) => r.additivityError)),
      trainRmse: last.trainRmse,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      tool,
      medianSeconds: Number.NaN,
      runSeconds: [],
      medianWarmSeconds: Number.NaN,
      microsPerRowTree: Number.NaN,
      maxRssBytes: Number.NaN,
      additivityError: Number.NaN,
      trainRmse: Number.NaN,
      error: message,
    };
  }
}

const fmt = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const fmtExp = (value: number): string => (Number.isFinite(value) ? value.toExponential(1) : '—');

function toolLines(f: ToolFigures): string[] {
  if (f.error !== undefined) return [`  ${f.tool.padEnd(8)} failed: ${f.error.split('\n').join('\n      ')}`];
  const s = f.shape;
  return [
    `  ${f.tool.padEnd(8)} ${(f.version ?? '').padEnd(13)} ${fmt(f.medianSeconds, 3).padStart(7)} s (runs ${f.runSeconds.map((v) => v.toFixed(3)).join(', ')})` +
      `   ${fmt(f.microsPerRowTree, 2).padStart(6)} µs/row-tree   warm ${fmt(f.medianWarmSeconds, 3)} s   peak RSS ${fmt(f.maxRssBytes / MB, 0)} MB`,
    `                         trees ${s?.trees ?? '—'}, leaves/tree ${fmt(s?.meanLeaves ?? Number.NaN, 1)}, depth mean ${fmt(s?.meanDepth ?? Number.NaN, 2)} (max ${s?.maxDepth ?? '—'}),` +
      ` mean leaf depth ${fmt(s?.meanLeafDepth ?? Number.NaN, 2)}   additivity max|err| ${fmtExp(f.additivityError)}   train RMSE ${fmt(f.trainRmse, 4)}`,
  ];
}

async function runExplain(options: BenchOptions): Promise<ExplainFigures> {
  const { runs, repoRoot } = options;
  console.log(
    `explain: TreeSHAP of a ${TREES}-tree, ${LEAVES}-leaf GBDT (regression, trained on ${TRAIN_ROWS.toLocaleString('en-US')} rows) on ` +
      `${EXPLAIN_ROWS.toLocaleString('en-US')} rows x ${FEATURES} features; ${runs} measured run(s) per tool, each in a fresh process, after one warm-up; one thread`,
  );
  const started = performance.now();
  const data = ensureData(path.join(repoRoot, 'bench', '.scratch', 'explain'), options.seed);
  console.log(`data ready in ${fmt((performance.now() - started) / 1000, 1)} s (${path.relative(repoRoot, data.train)}, ${path.basename(data.explain)})`);

  const skipped: string[] = [];
  const tools: Tool[] = ['ours'];
  if (commandSucceeds(PYTHON, ['-c', 'import xgboost'])) tools.push('xgboost');
  else {
    const line = `xgboost: not available to ${PYTHON}; install it with \`${XGBOOST_INSTALL}\` to compare. Skipped.`;
    skipped.push(line);
    console.log(line);
  }

  const figures: ToolFigures[] = [];
  for (const tool of tools) {
    const f = await measureTool(tool, data, runs, repoRoot);
    figures.push(f);
    for (const line of toolLines(f)) console.log(line);
  }

  const ours = figures[0];
  const peer = figures.find((f) => f.tool === 'xgboost');
  const ratio = peer ? ours.microsPerRowTree / peer.microsPerRowTree : Number.NaN;
  const warmRatio =
    peer && ours.shape && peer.shape
      ? ours.medianWarmSeconds / ours.shape.trees / (peer.medianWarmSeconds / peer.shape.trees)
      : Number.NaN;
  const goalMet = Number.isFinite(ratio) ? ratio <= GOAL_RATIO : null;
  console.log(`\nSummary (median of ${runs} runs after a warm-up; first SHAP call in a fresh process; warm = a second call in the same process)`);
  console.log('| tool | version | seconds | µs / row-tree | warm s | leaves/tree | depth (mean/max) | mean leaf depth | additivity max abs err |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const f of figures) {
    const s = f.shape;
    console.log(
      `| ${f.tool} | ${f.version ?? '—'} | ${fmt(f.medianSeconds, 3)} | ${fmt(f.microsPerRowTree, 2)} | ${fmt(f.medianWarmSeconds, 3)} | ${fmt(s?.meanLeaves ?? Number.NaN, 1)} |` +
        ` ${fmt(s?.meanDepth ?? Number.NaN, 2)} / ${s?.maxDepth ?? '—'} | ${fmt(s?.meanLeafDepth ?? Number.NaN, 2)} | ${fmtExp(f.additivityError)} |`,
    );
  }
  if (peer) {
    const verdict = goalMet === null ? 'not measured' : goalMet ? 'met' : 'NOT met';
    console.log(`goal: ours <= ${GOAL_RATIO}x XGBoost per row-tree: measured ${fmt(ratio, 2)}x (${verdict}); warm calls ${fmt(warmRatio, 2)}x`);
  } else {
    console.log(`goal: ours <= ${GOAL_RATIO}x XGBoost per row-tree: not measured (no XGBoost; ${XGBOOST_INSTALL})`);
  }
  return {
    runs,
    trainRows: TRAIN_ROWS,
    explainRows: EXPLAIN_ROWS,
    features: FEATURES,
    tools: figures,
    ratio,
    warmRatio,
    goalRatio: GOAL_RATIO,
    goalMet,
    skipped,
  };
}

/** Our TreeSHAP against XGBoost's on comparable 100 x 31-leaf models. */
export const explainSuite: Suite = {
  name: 'explain',
  description: `TreeSHAP (${TREES} trees x ${LEAVES} leaves, ${EXPLAIN_ROWS.toLocaleString('en-US')} x ${FEATURES}) vs XGBoost pred_contribs, one thread`,
  run: runExplain,
  runChild: runExplainChild,
};
