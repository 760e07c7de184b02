/**
 * `npm run bench -- ratings`: AutoML on a ratings table whose signal sits in integer identifiers,
 * against HistGradientBoosting and XGBoost defaults on the same rows (bench/peer_ratings.py).
 *
 * The table is seeded and shaped like MovieLens 100k: 100,000 ratings (1–5) by 943 users of 1,682
 * items, with each item's year and genre and a timestamp. A rating is a global mean plus the
 * user's offset, the item's offset, the user's taste for the item's genre and noise, rounded
 * and clipped. Ids are shuffled, so their numeric order says nothing; users and items are drawn
 * with long-tailed activity and popularity. The ids carry most of the signal, which a 255-bin
 * split on their order captures poorly and a target mean per id (fitted out of fold) captures
 * well. The parent writes the CSV and a seeded 80/20 split once to bench/.scratch/ratings/; each
 * tool trains on the split's training rows and is scored by RMSE on its test rows.
 * AUTOML_BENCH_BUDGET=<seconds> changes our budget (60 s by default).
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { truthOf } from '../src/engine/automl/foldData';
import { selectRows } from '../src/engine/data/frame';
import { Rng } from '../src/engine/random';
import { encodeTarget } from '../src/engine/prep/targetSpec';
import { readCsvFile } from '../src/node/readCsvFile';
import { getMetric } from '../src/engine/validate/metrics';
import type { BenchOptions, Suite } from './bench';
import { benchRunAutoML } from './benchRun';
import { commandSucceeds, emitChildResult, runJsonProcess, runNodeChild } from './measure';

/** Bump when the generated table or split changes, so stale scratch files are not reused. */
const GENERATOR_VERSION = 1;
const PYTHON = '/usr/bin/python3';
const USERS = 943;
const ITEMS = 1682;
const RATINGS = 100_000;
const GENRES = ['Drama', 'Comedy', 'Action', 'Thriller', 'Romance', 'Adventure', 'Sci-Fi', 'Children', 'Crime', 'Horror'];

interface Files {
  readonly csv: string;
  readonly split: string;
}

interface ToolResult {
  readonly tool: string;
  readonly rmse: number;
  readonly seconds: number;
  readonly detail: string;
}

/** Index drawn with probability ∝ 1 / (rank + 1)^power over `count` ranks (long-tailed), via the cumulative weights. */
function longTail(count: number, power: number): (rng: Rng) => number {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) cumulative[i] = total += 1 / Math.pow(i + 1, power);
  return (rng) => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function writeTable(file: string, seed: number): Promise<void> {
  const rng = new Rng(seed);
  const userIds = rng.shuffle(Uint32Array.from({ length: USERS }, (_, i) => i + 1));
  const itemIds = rng.shuffle(Uint32Array.from({ length: ITEMS }, (_, i) => i + 1));
  const userOffset = Float64Array.from({ length: USERS }, () => 0.45 * rng.normal());
  const taste = Array.from({ length: USERS }, () => Float64Array.from(GENRES, () => 0.3 * rng.normal()));
  const userStart = Float64Array.from({ length: USERS }, () => 874_724_710 + Math.floor(rng.next() * 2.0e7));
  // Popular items (low rank) are a little better on average.
  const itemOffset = Float64Array.from({ length: ITEMS }, (_, i) => 0.5 * rng.normal() + 0.25 * (1 - i / ITEMS));
  const itemGenre = Int32Array.from({ length: ITEMS }, () => rng.int(GENRES.length));
  const itemYear = Int32Array.from({ length: ITEMS }, () => 1998 - Math.min(68, Math.floor(-8 * Math.log(1 - rng.next()))));
  const user = longTail(USERS, 0.8);
  const item = longTail(ITEMS, 1.0);
  const out = createWriteStream(file);
  out.write('user_id,item_id,year,genre,timestamp,rating\n');
  for (let r = 0; r < RATINGS; r++) {
    const u = user(rng);
    const i = item(rng);
    const g = itemGenre[i];
    const score = 3.53 + userOffset[u] + itemOffset[i] + taste[u][g] + 0.004 * (1998 - itemYear[i]) + 0.9 * rng.normal();
    const rating = Math.min(5, Math.max(1, Math.round(score)));
    const timestamp = userStart[u] + Math.floor(rng.next() * 2.0e6);
    if (!out.write(`${userIds[u]},${itemIds[i]},${itemYear[i]},${GENRES[g]},${timestamp},${rating}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The table and its split (0-based data rows), written once per generator version and seed. */
async function ensureFiles(repoRoot: string, seed: number): Promise<Files> {
  const dir = join(repoRoot, 'bench', '.scratch', 'ratings');
  mkdirSync(dir, { recursive: true });
  const name = `ratings-v${GENERATOR_VERSION}-seed${seed}`;
  const files = { csv: join(dir, `${name}.csv`), split: join(dir, `${name}-split.json`) };
  if (!existsSync(files.csv) || !existsSync(files.split)) {
    await writeTable(files.csv, seed);
    const order = new Rng(seed + 1).shuffle(Uint32Array.from({ length: RATINGS }, (_, i) => i));
    const cut = Math.round(RATINGS * 0.8);
    const ascending = (a: number, b: number): number => a - b;
    writeFileSync(files.split, JSON.stringify({ train: Array.from(order.subarray(0, cut)).sort(ascending), test: Array.from(order.subarray(cut)).sort(ascending) }));
  }
  return files;
}

async function runChild(args: readonly string[]): Promise<void> {
  const [repoRoot, csv, splitFile, budgetText] = args;
  const frame = (await readCsvFile(csv)).frame;
  const split = JSON.parse(readFileSync(splitFile, 'utf8')) as { train: number[]; test: number[] };
  const train = selectRows(frame, Uint32Array.from(split.train));
  const test = selectRows(frame, Uint32Array.from(split.test));
  const { result, seconds } = await benchRunAutoML(repoRoot, { target: 'rating', task: 'regression', seed: 42, budgetSeconds: Number(budgetText) }, train);
  const { target } = encodeTarget(result.pipeline.target, test);
  const kept = result.features.engineered.filter((e) => e.kept).map((e) => e.name);
  emitChildResult({
    tool: 'ours',
    rmse: getMetric('rmse').score(truthOf(target), { kind: 'regression', values: result.pipeline.predict(test).values }),
    seconds,
    detail: `${result.final.description}; ${result.leaderboard.length} trials; engineered kept: ${kept.length > 0 ? kept.join('; ') : 'none'}`,
  } satisfies ToolResult);
}

async function run(options: BenchOptions): Promise<object> {
  const budget = Number(process.env.AUTOML_BENCH_BUDGET ?? 60);
  const files = await ensureFiles(options.repoRoot, options.seed);
  console.log(`${RATINGS} ratings by ${USERS} users of ${ITEMS} items (seed ${options.seed}), 80/20 split; RMSE on the test rows; our budget ${budget} s`);
  const results: ToolResult[] = [];
  const peers = commandSucceeds(PYTHON, ['-c', 'import sklearn, xgboost, pandas']);
  if (peers) {
    const script = join(options.repoRoot, 'bench', 'peer_ratings.py');
    results.push(...(await runJsonProcess<{ results: ToolResult[] }>(PYTHON, [script, files.csv, files.split])).results);
  } else {
    console.log('peers skipped: apt-get install -y --no-install-recommends python3-sklearn python3-xgboost python3-pandas');
  }
  results.push(await runNodeChild<ToolResult>(['ratings', options.repoRoot, files.csv, files.split, String(budget)], { timeoutMs: (budget + 300) * 1000 }));
  const best = Math.min(...results.filter((r) => r.tool !== 'ours').map((r) => r.rmse));
  for (const r of results) {
    const gap = r.tool === 'ours' && Number.isFinite(best) ? `  ${(((best - r.rmse) / best) * 100).toFixed(2)}% vs best peer` : '';
    console.log(`${r.tool.padEnd(10)} RMSE ${r.rmse.toFixed(4)}  ${r.seconds.toFixed(1).padStart(6)} s${gap}  ${r.detail}`);
  }
  return { budget, seed: options.seed, results };
}

export const ratingsSuite: Suite = {
  name: 'ratings',
  description: 'AutoML on a MovieLens-shaped ratings table (integer ids carry the signal) vs HGB and XGBoost defaults',
  run,
  runChild,
};
