/**
 * Test helper for learner exporters: fit a real pipeline on a public dataset's training split,
 * emit its model's code, compile it under --strict, and compare its outputs on every holdout
 * row with the engine's `predictProba` (or `predict` for regression).
 */
import type { Frame } from '../../../src/engine/data/frame';
import { selectRows } from '../../../src/engine/data/frame';
import type { FeatureSlot, LearnerEmitter, RuntimeHelper } from '../../../src/engine/export/learners/learnerCode';
import { RUNTIME_HELPERS } from '../../../src/engine/export/runtimeHelpers';
import '../../../src/engine/learners/index';
import type { FeatureMatrix, FitContext, FittedModel, Task } from '../../../src/engine/learners/types';
import { applyFeaturePlan } from '../../../src/engine/prep/featurePlan';
import { Pipeline } from '../../../src/engine/prep/pipeline';
import { Rng } from '../../../src/engine/random';
import { readCsvFile } from '../../../src/node/readCsvFile';
import { datasetFile, readSplit } from '../../publicDatasets';
import { compileAndLoad } from './compileModule';


/** The datasets the parity tests use, one per task. */
export const TASK_DATASETS = {
  binary: { dataset: 'titanic', target: 'survived' },
  multiclass: { dataset: 'penguins', target: 'species' },
  regression: { dataset: 'concrete', target: 'compressive_strength' },
} as const;

const frames = new Map<string, Promise<{ train: Frame; test: Frame }>>();

/** A dataset's fixed split as two frames (read once per test file). */
export function splitFrames(name: string): Promise<{ train: Frame; test: Frame }> {
  let split = frames.get(name);
  if (!split) {
    split = (async () => {
      const { frame } = await readCsvFile(datasetFile(name));
      const rows = readSplit(name);
      return { train: selectRows(frame, Uint32Array.from(rows.train)), test: selectRows(frame, Uint32Array.from(rows.test)) };
    })();
    frames.set(name, split);
  }
  return split;
}

/** The features as the exported code sees them. */
export function slotsOf(x: FeatureMatrix): FeatureSlot[] {
  return x.columns.map((c) => (c.kind === 'numeric' ? { name: c.name, kind: 'numeric' } : { name: c.name, kind: 'categorical', levels: c.levels }));
}

/** Row `r` of `x` as the exported code's feature vector (numbers, or category codes). */
export function rowVector(x: FeatureMatrix, r: number): Float64Array {
  return Float64Array.from(x.columns, (c) => (c.kind === 'numeric' ? c.values[r] : c.codes[r]));
}

/** The emitted code as a module exporting `run(x)`, with the runtime helpers it asked for. */
export function wrapModule(emitter: LearnerEmitter, model: FittedModel, features: readonly FeatureSlot[]): string {
  const code = emitter(JSON.parse(JSON.stringify(model.toJSON())), 'm0', features);
  const helpers = [...new Set<RuntimeHelper>(code.helpers)].map((h) => RUNTIME_HELPERS[h]);
  return [...helpers, code.declarations, `export function run(x: Float64Array): number[] {\n  return ${code.outputs}(x);\n}`, ''].join('\n\n');
}

/** How the exported outputs compared with the engine's. */
export interface ParityReport {
  readonly rows: number;
  readonly outputs: number;
  readonly maxAbsDiff: number;
  /** Output values that were not bit-identical. */
  readonly inexact: number;
  readonly sourceBytes: number;
}

/** Compiles the emitted code for `model` and compares it with the engine on every row of `x`. */
export function compareOutputs(emitter: LearnerEmitter, model: FittedModel, x: FeatureMatrix): ParityReport {
  const source = wrapModule(emitter, model, slotsOf(x));
  const mod = compileAndLoad<{ run(x: Float64Array): number[] }>(source);
  const expected = model.task === 'regression' ? [model.predict(x)] : (model.predictProba?.(x) ?? []);
  let maxAbsDiff = 0;
  let inexact = 0;
  for (let r = 0; r < x.rows; r++) {
    const got = mod.run(rowVector(x, r));
    if (got.length !== expected.length) throw new Error(`row ${r}: ${got.length} outputs, the engine gives ${expected.length}`);
    for (let k = 0; k < got.length; k++) {
      const e = expected[k][r];
      if (!Object.is(got[k], e)) inexact++;
      const diff = Math.abs(got[k] - e);
      // NaN on either side is a failure, not a small difference.
      maxAbsDiff = Math.max(maxAbsDiff, Number.isNaN(diff) ? Infinity : diff);
    }
  }
  return { rows: x.rows, outputs: expected.length, maxAbsDiff, inexact, sourceBytes: Buffer.byteLength(source) };
}

/** Fits `learner` through a real pipeline on the case's training split; the model and its holdout features. */
export async function fitCase(
  task: Task,
  learner: string,
  params: Record<string, number | string>,
  ctx: Partial<FitContext> = {},
): Promise<{ model: FittedModel; x: FeatureMatrix }> {
  const c = TASK_DATASETS[task];
  const { train, test } = await splitFrames(c.dataset);
  const pipeline = Pipeline.fit(train, c.target, learner, params, { rng: new Rng(7), ...ctx }, { task });
  const member = pipeline.members[0];
  return { model: member.model, x: applyFeaturePlan(member.plan, test) };
}

/** One line for the test log. */
export function describeReport(what: string, report: ParityReport): string {
  const kb = (report.sourceBytes / 1024).toFixed(1);
  return `${what}: ${report.rows} rows x ${report.outputs} outputs, max |diff| ${report.maxAbsDiff}, ${report.inexact} not bit-identical, ${kb} KiB emitted`;
}
