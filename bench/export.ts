/**
 * Export figures: the size of the TypeScript module of a 500-round GBDT (the yardstick),
 * how long exporting and compiling take, and the exported module's per-row speed next to the
 * engine's batch prediction of the same rows.
 */
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { selectRows } from '../src/engine/data/frame';
import { exportPipeline } from '../src/engine/export/exportPipeline';
import '../src/engine/learners/index';
import { Pipeline } from '../src/engine/prep/pipeline';
import { profileFrame } from '../src/engine/profile/profileFrame';
import { Rng } from '../src/engine/random';
import { readCsvFile } from '../src/node/readCsvFile';
import { datasetFile, readSplit } from '../test/publicDatasets';
import type { BenchOptions, Suite } from './bench';
import { median } from './measure';

const ROUNDS = 500;
const DATASET = 'diamonds';
const TARGET = 'price';

function time<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

async function runExport(options: BenchOptions): Promise<object> {
  const { frame } = await readCsvFile(datasetFile(DATASET));
  const split = readSplit(DATASET);
  const train = selectRows(frame, Uint32Array.from(split.train));
  const test = selectRows(frame, Uint32Array.from(split.test));
  const fit = time(() =>
    Pipeline.fit(train, TARGET, 'gbdt', { numIterations: ROUNDS, earlyStoppingRound: 0 }, { rng: new Rng(options.seed) }, { task: 'regression' }),
  );
  const pipeline = fit.value;
  const saved = pipeline.toJSON();
  const trees = (saved.members[0].model.state as { trees: { leafValue: number[] }[] }).trees;
  const info = {
    dataset: DATASET,
    columns: profileFrame(frame).columns,
    rows: frame.rowCount,
    model: pipeline.describe(),
    trainedAt: new Date().toISOString(),
    seed: options.seed,
  };
  const exportMs: number[] = [];
  let source = '';
  for (let run = 0; run <= options.runs; run++) {
    const t = time(() => exportPipeline(saved, info));
    source = t.value;
    if (run > 0) exportMs.push(t.ms);
  }
  const bytes = Buffer.byteLength(source);
  const gzipBytes = gzipSync(source).length;
  const jsonBytes = Buffer.byteLength(JSON.stringify(saved));
  const transpile = time(() => ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText);
  const module = { exports: {} as { predictBatch(rows: readonly Record<string, unknown>[]): number[] } };
  new Function('exports', 'module', transpile.value)(module.exports, module);

  const rows = Array.from({ length: test.rowCount }, (_, i) =>
    Object.fromEntries(test.columns.map((c) => [c.name, c.storage === 'categorical' ? (c.codes[i] < 0 ? null : c.dictionary[c.codes[i]]) : c.values[i]])),
  );
  const moduleMs: number[] = [];
  const engineMs: number[] = [];
  let maxDiff = 0;
  for (let run = 0; run <= options.runs; run++) {
    const m = time(() => module.exports.predictBatch(rows));
    const e = time(() => pipeline.predict(test).values);
    if (run > 0) {
      moduleMs.push(m.ms);
      engineMs.push(e.ms);
    }
    for (let i = 0; i < rows.length; i++) maxDiff = Math.max(maxDiff, Math.abs(m.value[i] - e.value[i]));
  }
  const figures = {
    dataset: DATASET,
    trainRows: train.rowCount,
    predictedRows: test.rowCount,
    rounds: ROUNDS,
    trees: trees.length,
    meanLeaves: trees.reduce((sum, t) => sum + t.leafValue.length, 0) / trees.length,
    fitSeconds: fit.ms / 1000,
    moduleBytes: bytes,
    moduleGzipBytes: gzipBytes,
    modelJsonBytes: jsonBytes,
    exportMsMedian: median(exportMs),
    transpileMs: transpile.ms,
    moduleMicrosPerRowMedian: (median(moduleMs) * 1000) / rows.length,
    engineMicrosPerRowMedian: (median(engineMs) * 1000) / rows.length,
    maxAbsDiff: maxDiff,
  };
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(`${ROUNDS}-round GBDT (${figures.trees} trees, ${figures.meanLeaves.toFixed(1)} leaves each on average) on ${DATASET} (${train.rowCount.toLocaleString('en-US')} rows, fitted in ${(fit.ms / 1000).toFixed(1)} s)`);
  console.log(`  module ${kib(bytes)} (${kib(gzipBytes)} gzipped; model.json ${kib(jsonBytes)}), exported in ${figures.exportMsMedian.toFixed(0)} ms, transpiled in ${transpile.ms.toFixed(0)} ms`);
  console.log(
    `  predict ${rows.length.toLocaleString('en-US')} rows: module ${figures.moduleMicrosPerRowMedian.toFixed(2)} µs/row, engine ${figures.engineMicrosPerRowMedian.toFixed(2)} µs/row (median of ${options.runs}), max |diff| ${maxDiff.toExponential(1)}`,
  );
  return figures;
}

export const exportSuite: Suite = {
  name: 'export',
  description: `TypeScript export of a ${ROUNDS}-round GBDT on ${DATASET}: module size, export time, per-row speed vs the engine`,
  run: runExport,
  runChild: () => Promise.reject(new Error('the export suite runs in process')),
};
