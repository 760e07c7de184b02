/**
 * Monitoring figures: how long the checks of `automl monitor` take on a 1,000,000-row window of
 * 20 numeric columns against a 100,000-row training reference (the goal: under 2 s), next
 * to the same computations in scipy/numpy (per column: Wasserstein distance over the reference
 * std, PSI over the reference's decile buckets, null rate, out-of-range share: what Evidently
 * computes for references of more than 1,000 rows; Evidently itself is not installable here).
 * Three columns of the window are shifted, so the figures include real drift. Predicting the
 * window is timed apart: it is the model's cost, not the monitor's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAIN_NUMBER_FORMAT, type Frame } from '../src/engine/data/frame';
import '../src/engine/learners/index';
import { buildReference } from '../src/engine/monitor/buildReference';
import { monitorData } from '../src/engine/monitor/monitorData';
import { Pipeline } from '../src/engine/prep/pipeline';
import { Rng } from '../src/engine/random';
import type { Prediction } from '../src/engine/validate/types';
import type { BenchOptions, Suite } from './bench';
import { median, runJsonProcess } from './measure';

const COLUMNS = 20;
const TRAIN_ROWS = 100_000;
const WINDOW_ROWS = 1_000_000;
const SHIFTED = 3;
const PYTHON = '/usr/bin/python3';

/** Column j ~ N(j, (1 + j/10)²), 2% missing; the window's first SHIFTED columns move by half a std. */
function frameOf(rows: number, seed: number, shifted: boolean, target: boolean): Frame {
  const rng = new Rng(seed);
  const columns = Array.from({ length: COLUMNS }, (_, j) => {
    const values = new Float64Array(rows);
    const scale = 1 + j / 10;
    const shift = shifted && j < SHIFTED ? 0.5 * scale : 0;
    for (let i = 0; i < rows; i++) values[i] = rng.next() < 0.02 ? NaN : j + shift + scale * rng.normal();
    return { storage: 'numeric' as const, type: 'float' as const, name: `x${j}`, values, format: PLAIN_NUMBER_FORMAT };
  });
  if (target) {
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      for (let j = 0; j < COLUMNS; j++) sum += (j % 3 === 0 ? 1 : -0.5) * (Number.isNaN(columns[j].values[i]) ? j : columns[j].values[i]);
      y[i] = sum + rng.normal();
    }
    columns.push({ storage: 'numeric', type: 'float', name: 'y', values: y, format: PLAIN_NUMBER_FORMAT });
  }
  return { rowCount: rows, columns };
}

function seconds<T>(work: () => T): { value: T; s: number } {
  const start = performance.now();
  const value = work();
  return { value, s: (performance.now() - start) / 1000 };
}

interface PeerFigures {
  readonly medianSeconds: number;
  readonly runSeconds: readonly number[];
  readonly versions: string;
}

async function runMonitor(options: BenchOptions): Promise<object> {
  const train = frameOf(TRAIN_ROWS, options.seed, false, true);
  const window = frameOf(WINDOW_ROWS, options.seed + 1, true, false);
  const pipeline = Pipeline.fit(train, 'y', 'linear', {}, { rng: new Rng(options.seed) }, { task: 'regression' });
  // The reference from the model's predictions of its own training rows: this bench times the
  // checks, and a run's out-of-fold predictions have the same shape.
  const rows = Uint32Array.from({ length: TRAIN_ROWS }, (_, i) => i);
  const trainPrediction: Prediction = { kind: 'regression', values: pipeline.predict(train).values };
  const build = seconds(() =>
    buildReference({
      frame: train,
      rows,
      target: 'y',
      task: 'regression',
      columns: pipeline.sourceColumns(),
      covered: rows,
      oof: trainPrediction,
      metric: { name: 'rmse', higherIsBetter: false, score: 1, foldScores: [1, 1] },
      seed: options.seed,
    }),
  );
  const reference = build.value;
  const predict = seconds(() => pipeline.predict(window));
  const prediction: Prediction = { kind: 'regression', values: predict.value.values };
  const check = () => monitorData({ reference, frame: window, prediction, source: 'bench', checkedAt: new Date().toISOString() });
  check(); // warm-up
  const runs: number[] = [];
  let report = check();
  for (let r = 0; r < options.runs; r++) {
    const t = seconds(check);
    report = t.value;
    runs.push(t.s);
  }
  const drifted = report.columns.filter((c) => c.drift).map((c) => c.name);

  // The peer reads the same reference sample and window, written once as raw float64 columns.
  const scratch = join(options.repoRoot, 'bench', '.scratch', 'monitor');
  if (!existsSync(scratch)) mkdirSync(scratch, { recursive: true });
  const sample = reference.sample?.values ?? {};
  const refMatrix = new Float64Array(COLUMNS * (reference.sample?.rows ?? 0));
  const winMatrix = new Float64Array(COLUMNS * WINDOW_ROWS);
  for (let j = 0; j < COLUMNS; j++) {
    const refColumn = sample[`x${j}`] as readonly (number | null)[];
    refColumn.forEach((v, i) => (refMatrix[j * refColumn.length + i] = v ?? NaN));
    winMatrix.set((window.columns[j] as { values: Float64Array }).values, j * WINDOW_ROWS);
  }
  writeFileSync(join(scratch, 'reference.f64'), refMatrix);
  writeFileSync(join(scratch, 'window.f64'), winMatrix);
  writeFileSync(join(scratch, 'edges.json'), JSON.stringify(reference.columns.map((c) => (c.kind === 'numeric' ? { edges: c.bins.edges, std: c.std, min: c.min, max: c.max } : null))));
  let peer: PeerFigures | { error: string };
  const hasScipy = spawnSync(PYTHON, ['-c', 'import scipy, numpy'], { encoding: 'utf8' }).status === 0;
  if (!hasScipy) peer = { error: 'python3 with numpy and scipy is not installed (apt-get install python3-scipy)' };
  else {
    try {
      peer = await runJsonProcess<PeerFigures>(PYTHON, [join(options.repoRoot, 'bench', 'peer_monitor.py'), scratch, String(COLUMNS), String(WINDOW_ROWS), String(options.runs)]);
    } catch (error) {
      peer = { error: (error as Error).message };
    }
  }
  const ours = median(runs);
  console.log(`window ${WINDOW_ROWS.toLocaleString('en-US')} rows x ${COLUMNS} numeric columns (${SHIFTED} shifted by half a std) against a ${TRAIN_ROWS.toLocaleString('en-US')}-row reference; ${options.runs} runs after a warm-up`);
  console.log(`  reference built in ${build.s.toFixed(2)} s; the model predicts the window in ${predict.s.toFixed(2)} s (not counted below)`);
  console.log(`  ours (monitorData: drift, PSI, quality, prediction drift)   median ${ours.toFixed(2)} s   runs ${runs.map((s) => s.toFixed(2)).join(', ')}   goal < 2 s: ${ours < 2 ? 'met' : 'not met'}`);
  if ('error' in peer) console.log(`  scipy/numpy peer: not measured (${peer.error})`);
  else console.log(`  scipy/numpy (${peer.versions}) Wasserstein/std + PSI + nulls + range   median ${peer.medianSeconds.toFixed(2)} s   runs ${peer.runSeconds.map((s) => s.toFixed(2)).join(', ')}   ours/peer ${(ours / peer.medianSeconds).toFixed(2)}x`);
  console.log(`  drifted columns found: ${drifted.join(', ') || 'none'} (planted: ${Array.from({ length: SHIFTED }, (_, j) => `x${j}`).join(', ')})`);
  return { windowRows: WINDOW_ROWS, columns: COLUMNS, referenceRows: TRAIN_ROWS, buildSeconds: build.s, predictSeconds: predict.s, runSeconds: runs, medianSeconds: ours, goalMet: ours < 2, peer, drifted };
}

export const monitorSuite: Suite = {
  name: 'monitor',
  description: 'monitoring checks on a 1M-row window vs scipy/numpy',
  run: runMonitor,
  runChild: async () => {
    throw new Error('the monitor suite measures in process');
  },
};
