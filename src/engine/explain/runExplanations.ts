/**
 * A run's `explanations.json`: SHAP values of a sample of rows (global importance and the
 * beeswarm), partial dependence and ICE curves of the top columns, out-of-fold permutation
 * importance, interactions and the insight sentences. Everything runs against a deadline: each
 * step sizes itself from the time the previous ones took, and a step that cannot fit is skipped
 * with a note instead of overrunning the run's budget.
 */
import { selectRows, type Column, type Frame } from '../data/frame';
import { CancelledError } from '../errors';
import { subsetTruth } from '../validate/subsets';
import type { Metric, Prediction, Truth } from '../validate/types';
import { applyFeaturePlan, planSources } from '../prep/featurePlan';
import { Pipeline, type PipelineMember } from '../prep/pipeline';
import { sampleRows } from '../profile/sampleRows';
import type { DatasetProfile } from '../profile/types';
import { Rng } from '../random';
import { findInteractions, type Interaction, type NumericView } from './interactions';
import { writeInsights, type ColumnEffect } from './insights';
import { dependenceGrid, partialDependence, type PartialDependence } from './partialDependence';
import { permutationImportance, type PermutationImportanceResult } from './permutationImportance';
import { explainInChunks, joinShaps } from './explainInChunks';
import { explainPipeline, kernelShapMembers, needsKernelShap, type MemberShap, type PipelineShap, type ShapMethod } from './pipelineShap';
import { rawOutputOf } from './modelOutput';
import type { OutputSpace } from './shapTypes';

/** Sizes of each step; the deadline may make them smaller. */
export interface ExplainLimits {
  /** Rows whose SHAP values are computed (importance and beeswarm). */
  readonly shapRows: number;
  /** The same when a member needs KernelSHAP (hundreds of model evaluations per row). */
  readonly kernelShapRows: number;
  /** Training rows the background of DeepSHAP, naive Bayes and KernelSHAP is summarised from. */
  readonly backgroundRows: number;
  /** Columns with partial dependence curves. */
  readonly dependenceColumns: number;
  /** Rows averaged in each partial dependence curve, and ICE curves drawn. */
  readonly dependenceRows: number;
  readonly iceRows: number;
  readonly gridPoints: number;
  /** Out-of-fold rows permuted, and shuffles per column. */
  readonly permutationRows: number;
  readonly permutationRepeats: number;
}

export const DEFAULT_EXPLAIN_LIMITS: ExplainLimits = {
  shapRows: 500,
  kernelShapRows: 100,
  backgroundRows: 1000,
  dependenceColumns: 6,
  dependenceRows: 300,
  iceRows: 20,
  gridPoints: 20,
  permutationRows: 2000,
  permutationRepeats: 5,
};

/** One validation fold's models of the final pipeline, for out-of-fold measurements. */
export interface FoldModels {
  /** Test positions (indexes into `rows`). */
  readonly test: Uint32Array;
  readonly members: readonly PipelineMember[];
}

/** The steps of `explainRun`, in order. */
export type ExplainRunStep = 'shap' | 'dependence' | 'permutation';

/**
 * Where each step starts in the progress fraction: SHAP values take most of an explanation
 * without a deadline (a 500-row sample, KernelSHAP's members seconds a row), then partial
 * dependence (a grid of predictions per top column) and permutation importance.
 */
const STEP_STARTS: Readonly<Record<ExplainRunStep, number>> = { shap: 0, dependence: 0.7, permutation: 0.85 };
const STEP_ENDS: Readonly<Record<ExplainRunStep, number>> = { shap: 0.7, dependence: 0.85, permutation: 1 };

export interface ExplainRunInput {
  readonly pipeline: Pipeline;
  readonly frame: Frame;
  /** Frame rows with a target value; `truth` and fold positions index this array. */
  readonly rows: Uint32Array;
  readonly truth: Truth;
  readonly metric: Metric;
  /** The final members' fold models, each fold's test rows covered once (none: no permutation importance). */
  readonly folds?: readonly FoldModels[];
  readonly profile?: DatasetProfile;
  readonly seed: number;
  /** `performance.now()` time by which explaining must be done (Infinity: no limit). */
  readonly deadline: number;
  readonly signal?: AbortSignalLike;
  readonly limits?: Partial<ExplainLimits>;
  /** Where to say that explanations were skipped. */
  readonly log?: (message: string) => void;
  /** Called as the steps go (`fraction` of the whole explanation, 0–1), to show progress. */
  readonly onProgress?: (step: ExplainRunStep, fraction: number) => void;
}

/** A column's value in the beeswarm sample: the number, the label, or null when missing. */
export type SampleValue = number | string | null;

/** The saved explanations of a run (`explanations.json`). */
export interface RunExplanations {
  readonly format: 'automl-explanations';
  readonly version: 1;
  /** The explained model, as `Pipeline.describe` gives it. */
  readonly model: string;
  readonly outputSpace: OutputSpace;
  readonly outputLabels: readonly string[];
  readonly methods: readonly { readonly learner: string; readonly weight: number; readonly method: ShapMethod }[];
  /** Mean |SHAP| per column (summed over outputs; per output too), largest first. */
  readonly importance: readonly { readonly column: string; readonly meanAbsShap: number; readonly share: number; readonly perOutput: readonly number[] }[];
  /** The SHAP sample behind the importance, for the beeswarm: data rows (0-based) and per column its values and SHAP values per output. */
  readonly sample: {
    readonly rows: readonly number[];
    readonly base: readonly number[];
    readonly output: readonly (readonly number[])[];
    readonly columns: readonly { readonly name: string; readonly values: readonly SampleValue[]; readonly shap: readonly (readonly number[])[] }[];
  };
  /** Out-of-fold permutation importance (absent when skipped; see `notes`). */
  readonly permutation?: PermutationImportanceResult & { readonly rows: number };
  /** Partial dependence in probability (classification) or value space: the pipeline's predictions. */
  readonly dependence: readonly PartialDependence[];
  readonly interactions: readonly Interaction[];
  readonly insights: readonly string[];
  /** What was sampled, shortened or skipped, and why. */
  readonly notes: readonly string[];
  readonly elapsedMs: number;
}

function merged(limits: Partial<ExplainLimits> | undefined): ExplainLimits {
  return { ...DEFAULT_EXPLAIN_LIMITS, ...limits };
}

/** The pipeline's predictions as explained by partial dependence: P(second class), P(each class), or values. */
function predictionOutputs(pipeline: Pipeline): (frame: Frame) => Float64Array[] {
  return (frame) => {
    const p = pipeline.predict(frame);
    if (!p.proba) return [p.values];
    return p.proba.length === 2 ? [p.proba[1]] : p.proba;
  };
}

/** A column's value at `row` as the beeswarm sample records it. */
export function sampleValue(column: Column, row: number): SampleValue {
  if (column.storage === 'categorical') return column.codes[row] < 0 ? null : column.dictionary[column.codes[row]];
  const v = column.values[row];
  return Number.isNaN(v) ? null : v;
}

/** Spearman rank correlation (average ranks for ties), over rows where x is not NaN. */
export function rankCorrelation(x: Float64Array, y: Float64Array): number {
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) keep.push(i);
  if (keep.length < 3) return 0;
  const ranks = (v: (i: number) => number): Float64Array => {
    const order = keep.map((_, k) => k).sort((a, b) => v(keep[a]) - v(keep[b]));
    const r = new Float64Array(keep.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && v(keep[order[j + 1]]) === v(keep[order[i]])) j++;
      for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const rx = ranks((i) => x[i]);
  const ry = ranks((i) => y[i]);
  const n = keep.length;
  const mean = (n - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** One column's SHAP values for output `o` over the sample rows. */
function columnShap(shap: PipelineShap, j: number, o: number): Float64Array {
  const width = shap.features.length;
  return Float64Array.from({ length: shap.rows }, (_, r) => shap.values[o][r * width + j]);
}

/** Numbers for correlations: values, dates, or category codes; NaN when missing. */
function numericView(column: Column): NumericView {
  if (column.storage !== 'categorical') return { name: column.name, values: column.values };
  return { name: column.name, values: Float64Array.from(column.codes, (c) => (c < 0 ? NaN : c)) };
}

/** The grid label above which a curve stays within 10% of its range of its last value (none when it never settles early). */
function levelsOffAbove(curve: readonly number[], labels: readonly string[]): string | undefined {
  if (curve.length < 5) return undefined;
  const range = Math.max(...curve) - Math.min(...curve);
  if (!(range > 0)) return undefined;
  const last = curve[curve.length - 1];
  let from = curve.length - 1;
  while (from > 0 && Math.abs(curve[from - 1] - last) <= 0.1 * range) from--;
  return from > 0 && from <= 0.7 * (curve.length - 1) ? labels[from] : undefined;
}

/** A SHAP sample smaller than this may hold too few rows of a column's levels to compare them. */
const FEW_ROWS = 50;

/** Rows of the second call that measures how fast rows are explained (after a first of one row). */
const SPEED_PROBE_ROWS = 4;

interface KernelSettings {
  readonly backgroundSize: number;
  readonly kernelSamples: number;
}

/**
 * KernelSHAP settings (background clusters, coalition samples) under which at least 20 rows can be
 * explained in `timeMs`, from the measured prediction speed of the members KernelSHAP explains
 * (the others have their own explainers: timing the whole pipeline, forests included, skipped
 * the demo's explanations for a kNN member that predicts 2,000 rows in milliseconds); the most
 * accurate that fits, or undefined when none does.
 */
function kernelSettings(pipeline: Pipeline, background: Frame, timeMs: number): KernelSettings | undefined {
  const probe = selectRows(background, Uint32Array.from({ length: Math.min(256, background.rowCount) }, (_, i) => i));
  const members = kernelShapMembers(pipeline);
  const predictAll = (): void => {
    for (const { plan, model } of members) rawOutputOf(model, applyFeaturePlan(plan, probe));
  };
  // Timed on a second pass: the first pays one-off warm-up (the demo's kNN: 0.19 ms a row cold,
  // 0.07 warm, which skipped its explanations with a second left).
  predictAll();
  const started = performance.now();
  predictAll();
  const msPerRow = (performance.now() - started) / Math.max(1, probe.rowCount);
  const columns = Math.max(0, ...members.map(({ plan }) => planSources(plan).length));
  const coalitions = 2 ** Math.min(columns, 30) - 2;
  for (const [backgroundSize, extra] of [
    [32, 2048],
    [16, 512],
    [8, 128],
    [4, 32],
  ]) {
    const kernelSamples = 2 * columns + extra;
    if (20 * Math.min(coalitions, kernelSamples) * backgroundSize * msPerRow <= timeMs) return { backgroundSize, kernelSamples };
  }
  return undefined;
}

/**
 * Explanations of a fitted run; see the file comment. Undefined (with a log line) when the time
 * left cannot explain even a small sample.
 */
export function explainRun(input: ExplainRunInput): RunExplanations | undefined {
  const started = performance.now();
  const limits = merged(input.limits);
  const { pipeline, frame, rows } = input;
  const notes: string[] = [];
  const rng = new Rng(input.seed);
  const remaining = (): number => input.deadline - performance.now();
  const check = (): void => {
    if (input.signal?.aborted) throw new CancelledError('the explanation was stopped');
  };

  // 1. SHAP values of a sample of rows: the first few measure the speed (KernelSHAP on many
  // columns may take a second per row), the rest fits 40% of the time left.
  const background = selectRows(frame, Uint32Array.from(sampleRows(rows.length, limits.backgroundRows, rng.nextUint32()), (p) => rows[p]));
  const shapPositions = sampleRows(rows.length, needsKernelShap(pipeline) ? Math.min(limits.shapRows, limits.kernelShapRows) : limits.shapRows, rng.nextUint32());
  let kernel: KernelSettings | undefined;
  if (needsKernelShap(pipeline) && Number.isFinite(input.deadline)) {
    kernel = kernelSettings(pipeline, background, 0.4 * remaining());
    if (!kernel) {
      input.log?.('explanations skipped: KernelSHAP for this model cannot explain even 20 rows in the time left (run `automl explain` on the run folder: it has no time limit)');
      return undefined;
    }
  }
  const options = { background, seed: input.seed, signal: input.signal, derived: true, ...kernel };
  const shapFrame = (from: number, to: number): Frame => selectRows(frame, Uint32Array.from(shapPositions.subarray(from, to), (p) => rows[p]));
  const explainSample = (from: number, to: number): PipelineShap => explainPipeline(pipeline, shapFrame(from, to), options);
  const timed = (from: number, to: number): { shap: PipelineShap; ms: number } => {
    const t0 = performance.now();
    const shap = explainSample(from, to);
    return { shap, ms: performance.now() - t0 };
  };
  // One row warms up, then up to four more measure the speed. The first call pays one-off costs
  // (compiling the explainers' code, TensorFlow's first kernels): on the demo's ensemble it took
  // 330 ms against 50 ms per row after it, and charged to one row it cut the sample to 3 rows.
  const first = timed(0, Math.min(shapPositions.length, 1));
  const secondCount = Math.min(SPEED_PROBE_ROWS, shapPositions.length - 1);
  const second = secondCount > 0 ? timed(1, 1 + secondCount) : undefined;
  const probed = 1 + Math.max(0, secondCount);
  const perRowMs = second ? second.ms / secondCount : first.ms;
  let count = shapPositions.length;
  if (Number.isFinite(input.deadline)) count = Math.max(probed, Math.min(count, probed + Math.floor((0.4 * remaining()) / Math.max(perRowMs, 1e-3))));
  count = Math.min(count, shapPositions.length);
  if (count < shapPositions.length) notes.push(`SHAP values computed for ${count} rows (of a ${shapPositions.length}-row sample) to stay within the budget`);
  const frameRows = Uint32Array.from(shapPositions.subarray(0, count), (p) => rows[p]);
  const progress = (step: ExplainRunStep, done: number): void => input.onProgress?.(step, STEP_STARTS[step] + done * (STEP_ENDS[step] - STEP_STARTS[step]));
  const rest =
    count > probed
      ? [
          // In chunks: progress, and a stop between them (the signal may be a flag another thread sets).
          explainInChunks(pipeline, shapFrame(probed, count), {
            ...options,
            onProgress: ({ done }) => progress('shap', (probed + done) / count),
          }),
        ]
      : [];
  const parts = [first.shap, ...(second ? [second.shap] : []), ...rest];
  const shap = joinShaps(parts);
  check();

  // 2. Importance and effects.
  const outputs = shap.base.length;
  const perOutput = shap.features.map((_, j) => Array.from({ length: outputs }, (_, o) => columnShap(shap, j, o).reduce((s, v) => s + Math.abs(v), 0) / Math.max(1, shap.rows)));
  const totals = perOutput.map((p) => p.reduce((a, b) => a + b, 0));
  const grand = totals.reduce((a, b) => a + b, 0);
  const order = shap.features.map((_, j) => j).sort((a, b) => totals[b] - totals[a] || a - b);
  const importance = order.map((j) => ({ column: shap.features[j], meanAbsShap: totals[j], share: grand > 0 ? totals[j] / grand : 0, perOutput: perOutput[j] }));
  const sampleFrame = selectRows(frame, frameRows);
  const sampleColumns = shap.features.map((name) => sampleFrame.columns.find((c) => c.name === name) as Column);

  // 3. Partial dependence of the top columns, each only when the time left allows it.
  const dependence: PartialDependence[] = [];
  const dependenceFrame = selectRows(frame, Uint32Array.from(sampleRows(rows.length, limits.dependenceRows, rng.nextUint32()), (p) => rows[p]));
  const predict = predictionOutputs(pipeline);
  const tp = performance.now();
  predict(dependenceFrame);
  const predictMs = performance.now() - tp;
  const dependenceColumns = order.slice(0, limits.dependenceColumns);
  for (const [done, j] of dependenceColumns.entries()) {
    if (totals[j] <= 0) break;
    check();
    progress('dependence', done / dependenceColumns.length);
    const column = frame.columns.find((c) => c.name === shap.features[j]) as Column;
    const grid = dependenceGrid(column, limits.gridPoints);
    if (Number.isFinite(input.deadline) && predictMs * (grid.values.length + 1) > 0.5 * remaining()) {
      notes.push(`partial dependence stopped after ${dependence.length} columns: the budget is spent`);
      break;
    }
    dependence.push(partialDependence(dependenceFrame, column.name, grid, predict, { iceRows: limits.iceRows, rng }));
  }

  // 4. Out-of-fold permutation importance.
  let permutation: RunExplanations['permutation'];
  if (!input.folds || input.folds.length === 0) {
    notes.push('permutation importance skipped: the validation folds\u2019 models were not kept');
  } else {
    check();
    progress('permutation', 0);
    permutation = outOfFoldPermutation(input, shap.features, limits, rng, notes, (done) => progress('permutation', done));
  }
  progress('permutation', 1);

  // 5. Interactions and insights.
  const mainOutput = (j: number): number => perOutput[j].indexOf(Math.max(...perOutput[j]));
  const overallOutput = outputs === 1 ? 0 : perOutput.reduce((best, p) => p.map((v, o) => v + best[o]), new Array<number>(outputs).fill(0)).reduce((b, v, o, all) => (v > all[b] ? o : b), 0);
  const views = sampleColumns.map(numericView);
  // Interactions in the main member's own space: the link of probability space bends every
  // effect with the others' (saturation), which would read as interactions everywhere.
  const main = (shap.members ?? []).reduce<MemberShap | undefined>((best, m) => (!best || m.weight > best.weight ? m : best), undefined);
  const interactionShap = (j: number): Float64Array => {
    if (!main) return columnShap(shap, j, overallOutput);
    const values = main.byColumn[Math.min(overallOutput, main.byColumn.length - 1)];
    return Float64Array.from({ length: shap.rows }, (_, r) => values[r * shap.features.length + j]);
  };
  const interactions = shap.rows >= 40 ? findInteractions(views, interactionShap, order.slice(0, 3).filter((j) => totals[j] > 0), 3) : [];
  const effects: ColumnEffect[] = order.map((j) => effectOf(shap, j, mainOutput(j), sampleColumns[j], grand > 0 ? totals[j] / grand : 0, dependence));
  // Nothing measurable: shuffling the column does not hurt the out-of-fold score beyond its noise
  // (two standard errors), and it carries little of the SHAP total either.
  const noEffect = permutation
    ? permutation.columns.filter((c) => c.mean - (2 * c.std) / Math.sqrt(Math.max(1, c.repeats)) <= 0 && (importance.find((i) => i.column === c.column)?.share ?? 0) < 0.05).map((c) => c.column)
    : [];
  const insights = writeInsights({
    task: pipeline.target.task,
    outputLabels: shap.outputLabels,
    effects,
    interactions,
    noEffect,
    warnings: input.profile?.warnings ?? [],
  });

  return {
    format: 'automl-explanations',
    version: 1,
    model: pipeline.describe(),
    outputSpace: shap.space,
    outputLabels: shap.outputLabels,
    methods: (shap.members ?? []).map(({ learner, weight, method }) => ({ learner, weight, method })),
    importance,
    sample: {
      rows: Array.from(frameRows),
      base: Array.from(shap.base),
      output: shap.output.map((o) => Array.from(o)),
      columns: shap.features.map((name, j) => ({
        name,
        values: Array.from({ length: shap.rows }, (_, r) => sampleValue(sampleColumns[j], r)),
        shap: Array.from({ length: outputs }, (_, o) => Array.from(columnShap(shap, j, o))),
      })),
    },
    permutation,
    dependence,
    interactions,
    insights,
    notes,
    elapsedMs: performance.now() - started,
  };
}

/** The direction of one column's effect for the insight text. */
function effectOf(shap: PipelineShap, j: number, output: number, column: Column, share: number, dependence: readonly PartialDependence[]): ColumnEffect {
  const values = columnShap(shap, j, output);
  if (column.storage === 'categorical' && column.type === 'text') return { column: column.name, share, output, text: true };
  if (column.storage === 'categorical') {
    const sums = new Map<number, { sum: number; count: number }>();
    for (let r = 0; r < shap.rows; r++) {
      const code = column.codes[r];
      const entry = sums.get(code) ?? { sum: 0, count: 0 };
      entry.sum += values[r];
      entry.count++;
      sums.set(code, entry);
    }
    // Levels are compared with the sample's average contribution of the column, which is not
    // exactly 0 when the base comes from a summarised background (KernelSHAP).
    const average = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const minCount = Math.max(3, 0.02 * shap.rows);
    const levels = [...sums]
      .filter(([, e]) => e.count >= minCount)
      .map(([code, e]) => ({ level: code < 0 ? '(missing)' : column.dictionary[code], effect: e.sum / e.count - average }));
    levels.sort((a, b) => b.effect - a.effect);
    // Fewer than two levels to compare in a small sample says nothing about the column's levels.
    if (levels.length < 2 && shap.rows < FEW_ROWS) return { column: column.name, share, output, fewRows: shap.rows };
    if (levels.length === 0) return { column: column.name, share, output, rareLevels: true };
    return { column: column.name, share, output, raises: levels[0], lowers: levels.length > 1 ? levels[levels.length - 1] : undefined };
  }
  const trend = rankCorrelation(column.values, values);
  const curve = dependence.find((d) => d.column === column.name);
  const average = curve?.average[Math.min(output, (curve?.average.length ?? 1) - 1)];
  const leveling = curve && average && Math.abs(trend) >= 0.3 ? levelsOffAbove(average, curve.grid.labels) : undefined;
  return { column: column.name, share, output, trend, levelsOffAbove: leveling };
}

/**
 * Permutation importance on a sample of out-of-fold rows: every row is predicted by the models of
 * the fold that held it out, so no row is scored by a model that saw it.
 */
function outOfFoldPermutation(
  input: ExplainRunInput,
  columns: readonly string[],
  limits: ExplainLimits,
  rng: Rng,
  notes: string[],
  onProgress: (fraction: number) => void,
): RunExplanations['permutation'] {
  const folds = input.folds as readonly FoldModels[];
  const foldOf = new Int32Array(input.rows.length).fill(-1);
  folds.forEach((f, i) => f.test.forEach((p) => (foldOf[p] = foldOf[p] < 0 ? i : foldOf[p])));
  const coveredList: number[] = [];
  foldOf.forEach((f, p) => f >= 0 && coveredList.push(p));
  const covered = Uint32Array.from(coveredList);
  const positions = Uint32Array.from(sampleRows(covered.length, limits.permutationRows, rng.nextUint32()), (i) => covered[i]);
  const frame = selectRows(input.frame, Uint32Array.from(positions, (p) => input.rows[p]));
  const truth = subsetTruth(input.truth, positions);
  // Per fold: its pipeline and the sample rows it predicts.
  const groups = folds.map((f) => ({ pipeline: Pipeline.fromMembers(input.pipeline.target, f.members, 0), rows: [] as number[] }));
  positions.forEach((p, i) => groups[foldOf[p]].rows.push(i));
  const classes = input.pipeline.target.task === 'regression' ? 0 : input.pipeline.target.classes.length;
  const predict = (data: Frame): Prediction => {
    const n = data.rowCount;
    const outputs = Array.from({ length: Math.max(1, classes) }, () => new Float64Array(n));
    for (const g of groups) {
      if (g.rows.length === 0) continue;
      const index = Uint32Array.from(g.rows);
      const p = g.pipeline.predict(selectRows(data, index));
      const parts = p.proba ?? [p.values];
      for (let c = 0; c < outputs.length; c++) for (let i = 0; i < index.length; i++) outputs[c][index[i]] = parts[c][i];
    }
    return classes === 0 ? { kind: 'regression', values: outputs[0] } : { kind: 'classification', proba: outputs };
  };
  const deadline = input.deadline;
  const result = permutationImportance({
    frame,
    columns,
    truth,
    metric: input.metric,
    predict,
    repeats: limits.permutationRepeats,
    rng,
    signal: input.signal,
    // Keep a little for the insights and writing the file.
    timeUp: () => performance.now() > deadline - 200,
    onProgress,
  });
  if (!result.complete) notes.push(`permutation importance stopped early to stay within the budget (${result.columns[0]?.repeats ?? 0} of ${limits.permutationRepeats} shuffles)`);
  return { ...result, rows: positions.length };
}
