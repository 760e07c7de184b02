/**
 * Weak segments: groups of rows, described by a few conditions on the most important columns,
 * where the final model's out-of-fold predictions are clearly worse than elsewhere.
 *
 * Per-row out-of-fold loss (`rowLoss`) is the target of a shallow regression tree
 * (`segmentTree.ts`, depth ≤ 3, leaves of at least max(5% of rows, 20 rows)); each leaf is a
 * candidate segment. A segment is compared with all rows on the run's metric (on its mean loss
 * when the metric is undefined on it), and its mean loss is tested against the other rows' with a
 * one-sided Welch t-test; the p-values of all leaves are adjusted by Benjamini–Hochberg. The tree
 * chose the leaves on the same rows, so these p-values are somewhat optimistic; the tree's own
 * Bonferroni pruning is what keeps noise out.
 *
 * Grade of a segment: `alert` when its metric is more than 20% worse than overall (relative to
 * |overall|), `warn` above 10%, each only when the adjusted p-value is below 0.05; else `ok`.
 */
import { findColumn, type Frame } from '../data/frame';
import { subsetPrediction, subsetTruth } from '../validate/subsets';
import type { Metric, Prediction, Truth } from '../validate/types';
import { benjaminiHochberg } from './benjaminiHochberg';
import { describeConditions, segmentConditions } from './describeSegment';
import { rowLoss } from './rowLoss';
import { growSegmentTree, type TreeColumn } from './segmentTree';
import type { RobustnessGrade, WeakSegment } from './types';
import { welchGreater, type SampleSummary } from './welchTest';
import { formatNumber, formatPercent, gradeRank, listWords, worstGrade } from './wording';

export interface WeakSegmentsInput {
  readonly frame: Frame;
  /** The frame row of each training position. */
  readonly rows: Uint32Array;
  /** The truth of every position. */
  readonly truth: Truth;
  /** Positions with an out-of-fold prediction; row i of `oof` predicts position `covered[i]`. */
  readonly covered: Uint32Array;
  readonly oof: Prediction;
  readonly metric: Metric;
  /** Source columns to split on, most important first (the first `maxColumns` usable ones are used). */
  readonly columns: readonly string[];
  /** Default 8. */
  readonly maxColumns?: number;
  /** Segments returned at most, worst first. Default 5. */
  readonly maxSegments?: number;
  /** Default 3. */
  readonly maxDepth?: number;
}

export interface WeakSegmentsResult {
  /** Segments worse than overall (lower metric and higher mean loss), worst first (grade, then relative drop). */
  readonly segments: WeakSegment[];
  readonly grade: RobustnessGrade;
  readonly sentence: string;
  /** The columns the tree could split on. */
  readonly columns: readonly string[];
  /** Columns left out and why (free text, identifiers, too many levels, absent). */
  readonly notes: readonly string[];
}

/** Categorical columns with more levels than this are left out: ordering many levels by their own loss overfits. */
const MAX_LEVELS = 64;
const MIN_LEAF_ROWS = 20;
const MIN_LEAF_SHARE = 0.05;
const WARN_DROP = 0.1;
const ALERT_DROP = 0.2;
const SIGNIFICANCE = 0.05;

/** The candidate columns over the covered rows, and notes on those left out. */
function treeColumns(input: WeakSegmentsInput, frameRows: Uint32Array): { columns: TreeColumn[]; notes: string[] } {
  const columns: TreeColumn[] = [];
  const notes: string[] = [];
  for (const name of input.columns) {
    if (columns.length >= (input.maxColumns ?? 8)) break;
    const column = findColumn(input.frame, name);
    if (!column) {
      notes.push(`segments: column '${name}' is not in the data`);
      continue;
    }
    if (column.type === 'text' || column.type === 'id') {
      notes.push(`segments: '${name}' is ${column.type === 'text' ? 'free text' : 'an identifier'}, not split on`);
      continue;
    }
    if (column.storage === 'categorical') {
      const used = new Uint8Array(column.dictionary.length);
      let levels = 0;
      const codes = Int32Array.from(frameRows, (r) => column.codes[r]);
      for (const c of codes) {
        if (c < 0 || used[c]) continue;
        used[c] = 1;
        levels++;
      }
      if (levels > MAX_LEVELS) {
        notes.push(`segments: '${name}' has ${levels} levels, too many to split on`);
        continue;
      }
      columns.push({ kind: 'categorical', name, codes, labels: column.dictionary });
    } else {
      const values = Float64Array.from(frameRows, (r) => column.values[r]);
      columns.push(column.storage === 'datetime' ? { kind: 'numeric', name, values, datetime: { hasTime: column.format.hasTime } } : { kind: 'numeric', name, values });
    }
  }
  return { columns, notes };
}

/** Which slots (0: missing, code + 1) occur, per column, so conditions list only labels seen. */
function seenSlots(columns: readonly TreeColumn[]): Uint8Array[] {
  return columns.map((c) => {
    if (c.kind === 'numeric') {
      const seen = new Uint8Array(1);
      for (const v of c.values) if (Number.isNaN(v)) seen[0] = 1;
      return seen;
    }
    const seen = new Uint8Array(c.labels.length + 1);
    for (const code of c.codes) seen[code + 1] = 1;
    return seen;
  });
}

/** Mean and unbiased variance of the loss inside (`flag` 1) and outside (`flag` 0) a segment. */
function splitSummaries(loss: Float64Array, inside: Uint8Array): [SampleSummary, SampleSummary] {
  const sums = [0, 0];
  const counts = [0, 0];
  for (let i = 0; i < loss.length; i++) {
    sums[inside[i]] += loss[i];
    counts[inside[i]]++;
  }
  const means = [sums[0] / counts[0], sums[1] / counts[1]];
  const squares = [0, 0];
  for (let i = 0; i < loss.length; i++) squares[inside[i]] += (loss[i] - means[inside[i]]) ** 2;
  const summary = (k: number): SampleSummary => ({ count: counts[k], mean: means[k], variance: counts[k] > 1 ? squares[k] / (counts[k] - 1) : NaN });
  return [summary(1), summary(0)];
}

function safeScore(metric: Metric, truth: Truth, prediction: Prediction): number {
  try {
    return metric.score(truth, prediction);
  } catch (error) {
    if (error instanceof RangeError) return NaN;
    throw error;
  }
}

/** Finds the weak segments; see the file comment. */
export function weakSegments(input: WeakSegmentsInput): WeakSegmentsResult {
  const { metric, covered, oof } = input;
  const truth = subsetTruth(input.truth, covered);
  const loss = rowLoss(truth, oof);
  const n = loss.length;
  const lossName = truth.kind === 'regression' ? 'squared error' : 'log loss';
  const frameRows = Uint32Array.from(covered, (p) => input.rows[p]);
  const { columns, notes } = treeColumns(input, frameRows);
  const minLeaf = Math.max(MIN_LEAF_ROWS, Math.ceil(MIN_LEAF_SHARE * n));
  const names = columns.map((c) => c.name);
  if (columns.length === 0 || n < 2 * minLeaf) {
    const why = columns.length === 0 ? 'no column to split on' : `too few rows with an out-of-fold prediction (${n})`;
    return { segments: [], grade: 'ok', sentence: `Weak segments were not searched: ${why}.`, columns: names, notes };
  }
  const leaves = growSegmentTree(columns, loss, { maxDepth: input.maxDepth ?? 3, minLeaf });
  let lossTotal = 0;
  for (const v of loss) lossTotal += v;
  const overallLoss = lossTotal / n;
  const overall = safeScore(metric, truth, oof);
  const seen = seenSlots(columns);
  const inside = new Uint8Array(n);
  const measured = leaves.map((leaf) => {
    inside.fill(0);
    for (const r of leaf.rows) inside[r] = 1;
    const [segment, rest] = splitSummaries(loss, inside);
    const score = Number.isFinite(overall) ? safeScore(metric, subsetTruth(truth, leaf.rows), subsetPrediction(oof, leaf.rows)) : NaN;
    const onMetric = Number.isFinite(score);
    const conditions = segmentConditions(columns, leaf.constraints, seen);
    return {
      leaf,
      segment,
      conditions,
      description: describeConditions(conditions, columns),
      pValue: welchGreater(segment, rest).pValue,
      compared: onMetric ? ('metric' as const) : ('meanLoss' as const),
      value: onMetric ? score : segment.mean,
      reference: onMetric ? overall : overallLoss,
    };
  });
  const adjusted = leaves.length > 1 ? benjaminiHochberg(measured.map((m) => m.pValue)) : measured.map(() => NaN);
  const segments: WeakSegment[] = [];
  measured.forEach((m, i) => {
    if (leaves.length < 2) return;
    const higherIsBetter = m.compared === 'metric' ? metric.higherIsBetter : false;
    const drop = (higherIsBetter ? m.reference - m.value : m.value - m.reference) / Math.abs(m.reference);
    // Worse means both: a lower score and a higher mean loss. A subgroup's ROC AUC is often lower
    // than overall merely because its rows are alike (the tree's columns separate the classes
    // already), while the model is confident and right there.
    if (!(drop > 0) || !(m.segment.mean > overallLoss)) return;
    const significant = adjusted[i] < SIGNIFICANCE;
    const grade: RobustnessGrade = significant && drop > ALERT_DROP ? 'alert' : significant && drop > WARN_DROP ? 'warn' : 'ok';
    const share = m.leaf.rows.length / n;
    const where = `For rows with ${m.description}`;
    const tail = `(${formatPercent(share)} of rows${significant ? '' : '; could be chance'})`;
    const sentence =
      m.compared === 'metric'
        ? `${where}, ${metric.label} is ${formatNumber(m.value)} against ${formatNumber(m.reference)} overall ${tail}.`
        : `${where}, ${metric.label} cannot be computed (${undefinedReason(truth, m.leaf.rows)}); their mean ${lossName} is ${formatNumber(m.value)} against ${formatNumber(m.reference)} overall ${tail}.`;
    segments.push({
      description: m.description,
      conditions: m.conditions,
      rows: m.leaf.rows.length,
      share,
      metric: m.value,
      overall: m.reference,
      relativeDrop: drop,
      compared: m.compared,
      meanLoss: m.segment.mean,
      overallMeanLoss: overallLoss,
      pValue: m.pValue,
      adjustedP: adjusted[i],
      grade,
      sentence,
    });
  });
  segments.sort((a, b) => gradeRank(b.grade) - gradeRank(a.grade) || b.relativeDrop - a.relativeDrop);
  const kept = segments.slice(0, input.maxSegments ?? 5);
  const grade = worstGrade(kept.map((s) => s.grade));
  return { segments: kept, grade, sentence: sectionSentence(kept, grade, names), columns: names, notes };
}

/** Why the metric is undefined on some rows (classification: a single class present). */
function undefinedReason(truth: Truth, rows: Uint32Array): string {
  if (truth.kind === 'classification') {
    const first = truth.codes[rows[0]];
    let single = true;
    for (const r of rows) if (truth.codes[r] !== first) single = false;
    if (single) return 'only one class occurs there';
  }
  return 'it is undefined there';
}

function sectionSentence(segments: readonly WeakSegment[], grade: RobustnessGrade, columns: readonly string[]): string {
  if (grade !== 'ok') {
    const others = segments.filter((s) => s.grade !== 'ok').length - 1;
    return others > 0 ? `${segments[0].sentence.slice(0, -1)}; ${others} more weak segment${others > 1 ? 's' : ''} in robustness.json.` : segments[0].sentence;
  }
  const quoted = listWords(columns.map((c) => `\`${c}\``));
  if (segments.length === 0) return `No group of rows stands out: out-of-fold errors are spread evenly over the values of ${quoted}.`;
  return `No group of rows is clearly worse: the weakest (${segments[0].description}) is within 10% of overall or could be chance.`;
}
