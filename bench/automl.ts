/**
 * `npm run bench -- automl`: AutoML quality on every public dataset against the recorded peers.
 * Each dataset runs in a fresh process: train on the fixed split's training rows with a 60 s
 * budget (override with AUTOML_BENCH_BUDGET=<seconds>; pick datasets with
 * AUTOML_BENCH_DATASETS=a,b), score the holdout rows, and print the figure beside the peers of
 * bench/peers/peer_results.json. Models are chosen by cross-validation on the training rows
 * only; the holdout is touched once, at the end.
 *
 * AUTOML_BENCH_NOISE=<k> adds k columns of pure noise (seeded: every fourth a 4-level category,
 * the others uniform and normal numbers in turn) to both sides of every split: the check that feature
 * selection drops them and the holdout score stays where it was on the clean data.
 *
 * AUTOML_BENCH_SPLITS=<n> runs each dataset on n seeded splits (seeds 1…n, see seededSplits.ts)
 * instead of the fixed one, against the peers of bench/peers/peer_results_seeded.json on the same
 * rows, and summarises each dataset by its mean figures, mean rank and worst gap to the best peer.
 * `npm run bench -- automl:splits` only writes those splits, for the peer script.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { truthOf } from '../src/engine/automl/foldData';
import { PLAIN_NUMBER_FORMAT, selectRows, type Column, type Frame } from '../src/engine/data/frame';
import { Rng } from '../src/engine/random';
import { encodeTarget } from '../src/engine/prep/targetSpec';
import { getMetric } from '../src/engine/validate/metrics';
import type { MetricName, Prediction } from '../src/engine/validate/types';
import { readCsvFile } from '../src/node/readCsvFile';
import { datasetFile, manifestEntry, readManifest, readSplit, type ManifestEntry } from '../test/publicDatasets';
import type { BenchOptions, Suite } from './bench';
import { benchRunAutoML } from './benchRun';
import { emitChildResult, runNodeChild } from './measure';
import { seededSplit, seededSplitFolder, splitSeeds, writeSeededSplit } from './seededSplits';

interface PeerHoldout {
  readonly roc_auc?: number;
  readonly macro_f1?: number;
  readonly log_loss?: number;
  readonly rmse?: number;
}

/** A peer's figures on one split; a peer the recording machine lacked (LightGBM) is absent. */
interface PeerEntry {
  readonly name: string;
  /** The seeded split these figures are for (bench/peers/peer_results_seeded.json); absent for the fixed split. */
  readonly split_seed?: number;
  readonly automl?: { readonly holdout: PeerHoldout };
  readonly hgb_default?: { readonly holdout: PeerHoldout };
  readonly xgboost_default?: { readonly holdout: PeerHoldout };
  readonly lightgbm_default?: { readonly holdout: PeerHoldout };
}

interface ChildResult {
  readonly name: string;
  readonly holdout: Partial<Record<MetricName, number>>;
  readonly seconds: number;
  readonly budgetSeconds: number;
  readonly trials: number;
  readonly completed: number;
  readonly final: string;
  readonly refit: string;
  readonly cvScore: number;
  readonly validation: string;
  /** What the feature step did: columns selection dropped (noise ones counted), engineered features kept. */
  readonly features: {
    readonly dropped: readonly string[];
    readonly noiseDropped: number;
    readonly engineered: readonly string[];
    readonly seconds: number;
    /** Selection's gate: the probe's score with every column and without the candidates, when it had candidates. */
    readonly selectionGate?: { readonly baseline: number; readonly candidate: number; readonly kept: boolean };
  };
  /** The calibration the final model carries ('none' for regression and when none was kept). */
  readonly calibration: string;
}

/** `k` noise columns over `rows` rows, the same for a seed (named noise0, noise1, …). */
function noiseColumns(rows: number, k: number, seed: number): Column[] {
  const rng = new Rng(seed);
  return Array.from({ length: k }, (_, j): Column => {
    const name = `noise${j}`;
    if (j % 4 === 3) {
      return { storage: 'categorical', type: 'categorical', name, codes: Int32Array.from({ length: rows }, () => rng.int(4)), dictionary: ['a', 'b', 'c', 'd'] };
    }
    const values = Float64Array.from({ length: rows }, () => (j % 2 === 0 ? rng.next() : rng.normal()));
    return { storage: 'numeric', type: 'float', name, values, format: PLAIN_NUMBER_FORMAT };
  });
}

const PEERS = [
  ['AutoML-lite', 'automl'],
  ['HGB', 'hgb_default'],
  ['XGBoost', 'xgboost_default'],
  ['LightGBM', 'lightgbm_default'],
] as const;

/** The figures compared per task, with the peers' names for them. */
const COMPARED: Readonly<Record<ManifestEntry['task'], readonly [MetricName, keyof PeerHoldout][]>> = {
  binary: [['auc', 'roc_auc']],
  multiclass: [
    ['f1Macro', 'macro_f1'],
    ['logLoss', 'log_loss'],
  ],
  regression: [['rmse', 'rmse']],
};

async function runChild(args: readonly string[]): Promise<void> {
  const [repoRoot, name, budgetText, splitSeedText] = args;
  const entry = manifestEntry(name);
  const read = (await readCsvFile(datasetFile(name))).frame;
  const split = splitSeedText === '' ? readSplit(name) : seededSplit(read, entry, Number(splitSeedText));
  if (splitSeedText !== '') writeSeededSplit(repoRoot, name, Number(splitSeedText), split);
  const noise = Number(process.env.AUTOML_BENCH_NOISE ?? 0);
  const frame: Frame = noise > 0 ? { rowCount: read.rowCount, columns: [...read.columns, ...noiseColumns(read.rowCount, noise, 20261207)] } : read;
  const train = selectRows(frame, Uint32Array.from(split.train));
  const test = selectRows(frame, Uint32Array.from(split.test));
  const budgetSeconds = Number(budgetText);
  const { result, seconds } = await benchRunAutoML(repoRoot, { target: entry.target, task: entry.task, seed: 42, budgetSeconds }, train);
  const predicted = result.pipeline.predict(test);
  const { target, rows } = encodeTarget(result.pipeline.target, test);
  if (rows.length !== test.rowCount) throw new Error(`${name}: holdout rows without a known target`);
  const truth = truthOf(target);
  const prediction: Prediction = predicted.proba ? { kind: 'classification', proba: predicted.proba } : { kind: 'regression', values: predicted.values };
  const holdout: Partial<Record<MetricName, number>> = {};
  for (const [metric] of COMPARED[entry.task]) holdout[metric] = getMetric(metric).score(truth, prediction);
  const v = result.plan.validation;
  emitChildResult({
    name,
    holdout,
    seconds,
    budgetSeconds,
    trials: result.leaderboard.length,
    completed: result.leaderboard.filter((t) => t.status === 'ok').length,
    final: result.final.description,
    refit: result.final.refit,
    cvScore: result.final.score,
    validation: v.kind === 'kfold' ? `${v.folds}-fold` : v.kind,
    features: {
      dropped: result.features.selected.map((d) => d.column),
      noiseDropped: result.features.selected.filter((d) => /^noise\d+$/.test(d.column)).length,
      engineered: result.features.engineered.filter((e) => e.kept).map((e) => e.name),
      seconds: result.features.elapsedMs / 1000,
      selectionGate: result.features.gates.find((g) => g.step === 'selection'),
    },
    calibration: result.pipeline.calibration?.method ?? 'none',
  } satisfies ChildResult);
}

/** "step 4.1 s, dropped 3 (2 of 20 noise), engineered: a / b; calibration platt" for the table. */
function featureSummary(result: ChildResult, noise: number): string {
  const { features } = result;
  const gate = features.selectionGate;
  const gateText = gate ? ` [selection gate ${gate.baseline.toPrecision(5)} -> ${gate.candidate.toPrecision(5)}${gate.kept ? '' : ', not kept'}]` : '';
  const dropped = `step ${features.seconds.toFixed(1)} s, dropped ${features.dropped.length}${noise > 0 ? ` (${features.noiseDropped} of ${noise} noise)` : ''}${gateText}`;
  return `${dropped}${features.engineered.length > 0 ? `, engineered: ${features.engineered.join('; ')}` : ''}; calibration ${result.calibration}`;
}

/** One compared figure of one run: ours and the peers' on the same split. */
interface Figure {
  readonly dataset: string;
  readonly metric: MetricName;
  /** The seeded split, or undefined for the fixed one. */
  readonly splitSeed: number | undefined;
  readonly ours: number;
  /** Per PEERS entry; NaN where that peer has no figure for this split. */
  readonly peerValues: readonly number[];
  /** Rank of ours and of each peer (1 = best, ties share the better rank; NaN for a missing peer). */
  readonly ranks: readonly number[];
  /** Ours against the best peer, relative; positive = ours better. */
  readonly gap: number;
}

function compare(dataset: string, metric: MetricName, splitSeed: number | undefined, ours: number, peerValues: readonly number[]): Figure {
  const higher = getMetric(metric).higherIsBetter;
  const present = [ours, ...peerValues].filter((v) => !Number.isNaN(v));
  const rankOf = (v: number): number => (Number.isNaN(v) ? NaN : 1 + present.filter((o) => (higher ? o > v : o < v)).length);
  const known = peerValues.filter((v) => !Number.isNaN(v));
  const best = higher ? Math.max(...known) : Math.min(...known);
  const gap = higher ? (ours - best) / Math.abs(best) : (best - ours) / Math.abs(best);
  return { dataset, metric, splitSeed, ours, peerValues, ranks: [ours, ...peerValues].map(rankOf), gap };
}

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** A dataset's figures over its splits: mean of each column, mean rank of ours, worst gap. */
function printSplitSummary(figures: readonly Figure[]): void {
  const first = figures[0];
  const column = (i: number): number[] => figures.map((f) => (i === 0 ? f.ours : f.peerValues[i - 1])).filter((v) => !Number.isNaN(v));
  const means = PEERS.map((_, i) => column(i + 1)).map((values) => (values.length > 0 ? mean(values) : NaN));
  const worst = Math.min(...figures.map((f) => f.gap));
  console.log(
    `${`${first.dataset} (${figures.length} splits) `.padEnd(30)}${first.metric.padEnd(9)}${mean(column(0)).toPrecision(5).padStart(9)}` +
      `${means.map((v) => v.toPrecision(5).padStart(12)).join('')}  mean rank ${mean(figures.map((f) => f.ranks[0])).toFixed(2)}` +
      `  worst gap ${(worst * 100).toFixed(2)}%  mean gap ${(mean(figures.map((f) => f.gap)) * 100).toFixed(2)}%`,
  );
}

/** The recorded peer figures: the fixed split's, or the seeded splits' when `seeded`. */
function readPeers(repoRoot: string, seeded: boolean): PeerEntry[] {
  const file = join(repoRoot, 'bench', 'peers', seeded ? 'peer_results_seeded.json' : 'peer_results.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { results: PeerEntry[] }).results;
}

/**
 * `automl:splits`: writes the seeded splits (AUTOML_BENCH_SPLITS of them, 5 unless set) for the
 * peer script to run on, without running AutoML.
 */
async function writeSplits(repoRoot: string, manifest: readonly ManifestEntry[], count: number): Promise<object> {
  for (const entry of manifest) {
    const frame = (await readCsvFile(datasetFile(entry.name))).frame;
    for (const seed of splitSeeds(count)) writeSeededSplit(repoRoot, entry.name, seed, seededSplit(frame, entry, seed));
  }
  console.log(`${manifest.length} datasets x ${count} seeded splits written to ${seededSplitFolder(repoRoot)}`);
  return { splits: count, datasets: manifest.map((e) => e.name) };
}

async function run(options: BenchOptions): Promise<object> {
  const budget = Number(process.env.AUTOML_BENCH_BUDGET ?? 60);
  const noise = Number(process.env.AUTOML_BENCH_NOISE ?? 0);
  const splitCount = Number(process.env.AUTOML_BENCH_SPLITS ?? 0);
  const only = process.env.AUTOML_BENCH_DATASETS?.split(',');
  const manifest = readManifest().filter((e) => !only || only.includes(e.name));
  if (options.parts.includes('splits')) return writeSplits(options.repoRoot, manifest, splitCount > 0 ? splitCount : 5);
  const seeds: (number | undefined)[] = splitCount > 0 ? splitSeeds(splitCount) : [undefined];
  const peers = readPeers(options.repoRoot, splitCount > 0);
  const holdout = splitCount > 0 ? `the test rows of seeded splits ${seeds.join(', ')}` : "the fixed split's test rows";
  console.log(`budget ${budget} s per dataset, seed 42, default worker pool; holdout = ${holdout}${noise > 0 ? `; ${noise} noise columns added` : ''}`);
  const header = `${'dataset'.padEnd(20)}${'metric'.padEnd(9)}${'ours'.padStart(9)}${PEERS.map(([label]) => label.padStart(12)).join('')}  rank  vs best peer  time (s)  trials  final model  features`;
  console.log(header);
  const rows: object[] = [];
  const figures: Figure[] = [];
  let held = 0;
  let runs = 0;
  for (const entry of manifest) {
    const datasetFigures: Figure[] = [];
    for (const seed of seeds) {
      const label = seed === undefined ? entry.name : `${entry.name}/${seed}`;
      let result: ChildResult;
      runs++;
      try {
        result = await runNodeChild<ChildResult>(['automl', options.repoRoot, entry.name, String(budget), seed === undefined ? '' : String(seed)], { timeoutMs: (budget + 120) * 1000 });
      } catch (error) {
        console.log(`${label.padEnd(20)}failed: ${(error as Error).message.split('\n').slice(-3).join(' | ')}`);
        continue;
      }
      const peer = peers.find((p) => p.name === entry.name && p.split_seed === seed);
      const withinBudget = result.seconds <= budget + Math.max(0.05 * budget, 2);
      if (withinBudget) held++;
      for (const [metric, peerKey] of COMPARED[entry.task]) {
        const figure = compare(entry.name, metric, seed, result.holdout[metric] as number, PEERS.map(([, key]) => peer?.[key]?.holdout[peerKey] ?? NaN));
        datasetFigures.push(figure);
        console.log(
          `${label.padEnd(20)}${metric.padEnd(9)}${figure.ours.toPrecision(5).padStart(9)}${figure.peerValues.map((v) => v.toPrecision(5).padStart(12)).join('')}` +
            `  ${String(figure.ranks[0]).padStart(4)}  ${`${(figure.gap * 100).toFixed(2)}%`.padStart(11)}  ${result.seconds.toFixed(1).padStart(8)}${withinBudget ? ' ' : '!'}` +
            `  ${String(result.trials).padStart(6)}  ${result.final} (${result.refit}, ${result.validation})  ${featureSummary(result, noise)}`,
        );
        rows.push({ ...figure, peers: Object.fromEntries(PEERS.map(([name], i) => [name, figure.peerValues[i]])), rank: figure.ranks[0], gapToBestPeer: figure.gap, ...result });
      }
    }
    figures.push(...datasetFigures);
    if (splitCount > 0) {
      for (const [metric] of COMPARED[entry.task]) {
        const ofMetric = datasetFigures.filter((f) => f.metric === metric);
        if (ofMetric.length > 0) printSplitSummary(ofMetric);
      }
    }
  }
  const meanRanks = ['ours', ...PEERS.map(([label]) => label)].map((label, i) => {
    const ranks = figures.map((f) => f.ranks[i]).filter((r) => !Number.isNaN(r));
    return { label, meanRank: ranks.length > 0 ? mean(ranks) : NaN, figures: ranks.length };
  });
  console.log(`\nmean rank (1 = best, over ${figures.length} figures; a peer without figures on a split is left out of its ranking): ${meanRanks.map((m) => `${m.label} ${m.meanRank.toFixed(2)}`).join(', ')}`);
  console.log(`budget held on ${held} of ${runs} runs (${budget} s + max(5%, 2 s))`);
  return { budget, splitSeeds: seeds, rows, meanRanks, budgetHeld: held };
}

export const automlSuite: Suite = {
  name: 'automl',
  description: 'AutoML with a 60 s budget on every public dataset vs the recorded peers (holdout)',
  run,
  runChild,
};
