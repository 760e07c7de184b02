/**
 * How the final model's predictions move when one input column is disturbed, on a seeded sample
 * of training rows: numbers scaled by ±1% and given Gaussian noise of 0.05, 0.1 and 0.2 of the
 * column's standard deviation; categories swapped for other frequent levels; 10% and 30% of the
 * values made missing. Dates get the noise and the missing values but no scaling (1% of an epoch
 * time is months). Each perturbed frame copies only the disturbed column.
 *
 * Change: classification, the share of rows whose predicted label changed; regression, the mean
 * |change| of the prediction, and (`relativeChange`) that over the standard deviation of the
 * sample's predictions.
 *
 * Grades. Small disturbances (±1%, noise up to 0.1 sd) measure brittleness: a label change on
 * more than 10% of rows (regression: relative change above 0.1) warns, above 25% alerts. 30%
 * missing changing more than 10% of labels (relative change 0.1) warns, never alerts: a column
 * that matters is expected to matter when it is gone, but the host should know the model does
 * not shrug it off. Swapping categories and 0.2 sd noise are reported, not graded: they change
 * what a row is rather than how it was measured.
 */
import { type CategoricalColumn, type Column, type Frame, selectRows } from '../data/frame';
import { CancelledError } from '../errors';
import { sampleRows } from '../profile/sampleRows';
import { Rng } from '../random';
import { withColumn } from './frameViews';
import type { PredictFunction } from './predictFunction';
import type { PerturbationResult, RobustnessGrade } from './types';
import { formatNumber, formatPercent, worstGrade } from './wording';

export interface PerturbationInput {
  readonly predict: PredictFunction;
  readonly frame: Frame;
  /** Frame rows to sample from (the training rows). */
  readonly rows: Uint32Array;
  /** Columns to disturb, most important first (the first `maxColumns` present are used). */
  readonly columns: readonly string[];
  readonly seed: number;
  /** Rows in the sample (default 1,000). */
  readonly maxRows?: number;
  /** Default 8. */
  readonly maxColumns?: number;
  readonly signal?: AbortSignalLike;
  /** Checked before each column: true stops, and the result lists the columns done. */
  readonly timeUp?: () => boolean;
}

export interface PerturbationSummary {
  readonly results: PerturbationResult[];
  readonly grade: RobustnessGrade;
  readonly sentence: string;
  readonly rows: number;
  /** False when `timeUp` stopped before every column was done. */
  readonly complete: boolean;
}

const SMALL = ['scale +1%', 'scale \u22121%', 'noise 0.05 sd', 'noise 0.1 sd'];
const NOISE = [0.05, 0.1, 0.2];
const MISSING = [0.1, 0.3];
/** Levels a swapped value is drawn from: the most frequent ones. */
const TOP_LEVELS = 5;
const WARN = 0.1;
const ALERT = 0.25;

/** Population standard deviation of the non-missing values (0 when fewer than two). */
function knownStd(values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  if (count < 2) return 0;
  const mean = sum / count;
  let squares = 0;
  for (const v of values) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
  return Math.sqrt(squares / count);
}

/** `count` distinct rows of `n`, drawn by a partial Fisher–Yates shuffle. */
function pickRows(n: number, count: number, rng: Rng): Uint32Array {
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.subarray(0, count);
}

function withMissing(column: Column, share: number, rng: Rng): Column {
  const n = column.storage === 'categorical' ? column.codes.length : column.values.length;
  const picked = pickRows(n, Math.round(share * n), rng);
  if (column.storage === 'categorical') {
    const codes = Int32Array.from(column.codes);
    for (const r of picked) codes[r] = -1;
    return { ...column, codes };
  }
  const values = Float64Array.from(column.values);
  for (const r of picked) values[r] = NaN;
  return { ...column, values };
}

/**
 * Every row's value replaced by one of the most frequent levels other than its own, drawn in
 * proportion to their counts (its own level is kept only when it is the only level there is).
 */
function swapped(column: CategoricalColumn, rng: Rng): CategoricalColumn {
  const counts = new Float64Array(column.dictionary.length);
  for (const c of column.codes) if (c >= 0) counts[c]++;
  const top = Array.from(counts.keys())
    .filter((c) => counts[c] > 0)
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, TOP_LEVELS);
  const codes = Int32Array.from(column.codes, (own) => {
    let total = 0;
    for (const c of top) if (c !== own) total += counts[c];
    if (total === 0) return own;
    let draw = rng.next() * total;
    for (const c of top) {
      if (c === own) continue;
      draw -= counts[c];
      if (draw < 0) return c;
    }
    return top[top.length - 1] === own ? top[top.length - 2] : top[top.length - 1];
  });
  return { ...column, codes };
}

/** The disturbed versions of a column, by name. */
function perturbations(column: Column, rng: Rng): { name: string; make: () => Column }[] {
  const list: { name: string; make: () => Column }[] = [];
  if (column.storage === 'categorical') {
    list.push({ name: 'swap to frequent levels', make: () => swapped(column, rng) });
  } else {
    const values = column.values;
    if (column.storage === 'numeric') {
      list.push({ name: 'scale +1%', make: () => ({ ...column, values: values.map((v) => v * 1.01) }) });
      list.push({ name: 'scale \u22121%', make: () => ({ ...column, values: values.map((v) => v * 0.99) }) });
    }
    const std = knownStd(values);
    for (const k of NOISE) list.push({ name: `noise ${k} sd`, make: () => ({ ...column, values: values.map((v) => v + k * std * rng.normal()) }) });
  }
  for (const share of MISSING) list.push({ name: `${Math.round(share * 100)}% missing`, make: () => withMissing(column, share, rng) });
  return list;
}

/** Population standard deviation of all values. */
function std(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return Math.sqrt(squares / values.length);
}

/** Runs the perturbations; see the file comment. */
export function perturbation(input: PerturbationInput): PerturbationSummary {
  const { predict, frame } = input;
  const sample = sampleRows(input.rows.length, input.maxRows ?? 1000, input.seed >>> 0);
  const base = selectRows(frame, Uint32Array.from(sample, (p) => input.rows[p]));
  const n = base.rowCount;
  const check = (): void => {
    if (input.signal?.aborted) throw new CancelledError('the robustness checks were stopped');
  };
  check();
  const baseline = predict(base);
  const classification = baseline.proba !== undefined;
  const spread = classification ? 0 : std(baseline.values);
  const change = (values: Float64Array): number => {
    let total = 0;
    for (let i = 0; i < n; i++) total += classification ? (values[i] !== baseline.values[i] ? 1 : 0) : Math.abs(values[i] - baseline.values[i]);
    return n > 0 ? total / n : 0;
  };
  const rng = new Rng((input.seed ^ 0x7f4a7c15) >>> 0);
  const names = input.columns.filter((name) => base.columns.some((c) => c.name === name)).slice(0, input.maxColumns ?? 8);
  const graded: Graded[] = [];
  let complete = true;
  for (const name of names) {
    // One generator per column, forked in column order: a column's draws do not depend on the time
    // left for the others.
    const columnRng = rng.fork();
    if (input.timeUp?.()) {
      complete = false;
      break;
    }
    const index = base.columns.findIndex((c) => c.name === name);
    const column = base.columns[index];
    const measured = perturbations(column, columnRng).map(({ name: perturbation, make }) => {
      check();
      return { perturbation, change: change(predict(withColumn(base, index, make())).values) };
    });
    graded.push(grade(name, column, measured, classification, spread));
  }
  const results = graded.map((g) => g.result);
  const overall = worstGrade(results.map((r) => r.grade));
  return { results, grade: overall, sentence: sectionSentence(graded, overall, classification), rows: n, complete };
}

interface Graded {
  readonly result: PerturbationResult;
  /** The largest graded change under small disturbances, and under 30% missing (relative for regression). */
  readonly small: number;
  readonly missing: number;
}

function grade(name: string, column: Column, measured: { perturbation: string; change: number }[], classification: boolean, spread: number): Graded {
  const kind = column.storage === 'categorical' ? 'categorical' : 'numeric';
  // Regression changes are graded relative to the spread of the predictions.
  const scale = (c: number): number => (classification ? c : spread > 0 ? c / spread : 0);
  const small = Math.max(0, ...measured.filter((m) => SMALL.includes(m.perturbation)).map((m) => scale(m.change)));
  const missing = scale(measured.find((m) => m.perturbation === '30% missing')?.change ?? 0);
  const swap = measured.find((m) => m.perturbation === 'swap to frequent levels');
  const g: RobustnessGrade = small > ALERT ? 'alert' : small > WARN || missing > WARN ? 'warn' : 'ok';
  const amount = (v: number): string => (classification ? formatPercent(v) : `${formatNumber(v)} standard deviations`);
  const moved = classification ? 'change' : 'move predictions by';
  const labelWord = classification ? ' of predicted labels' : ' on average';
  const missingText = classification ? `with 30% of its values missing, ${formatPercent(missing)} change` : `with 30% of its values missing, by ${formatNumber(missing)}`;
  const first =
    kind === 'categorical'
      ? `Swapping \`${name}\` for another frequent level ${classification ? 'changes' : 'moves predictions by'} ${amount(scale(swap?.change ?? 0))}${labelWord}`
      : `Small changes to \`${name}\` (${column.storage === 'datetime' ? 'noise' : '\u00b11%, noise'} up to 0.1 sd) ${moved} at most ${amount(small)}${labelWord}`;
  const relative = classification || !(spread > 0) ? {} : { relativeChange: Math.max(small, missing) };
  return { result: { column: name, kind, results: measured, ...relative, grade: g, sentence: `${first}; ${missingText}.` }, small, missing };
}

function sectionSentence(graded: readonly Graded[], overall: RobustnessGrade, classification: boolean): string {
  if (graded.length === 0) return 'No column could be disturbed.';
  if (overall !== 'ok') {
    const worst = graded.find((g) => g.result.grade === 'alert') ?? (graded.find((g) => g.result.grade === 'warn') as Graded);
    return worst.result.sentence;
  }
  const small = Math.max(...graded.map((g) => g.small));
  const missing = Math.max(...graded.map((g) => g.missing));
  const columns = `the top ${graded.length} column${graded.length > 1 ? 's' : ''}`;
  if (classification) {
    return `Predictions are stable: small changes to ${columns} change at most ${formatPercent(small)} of predicted labels, and 30% missing values at most ${formatPercent(missing)}.`;
  }
  return `Predictions are stable: small changes to ${columns} move predictions by at most ${formatNumber(small)} standard deviations on average, and 30% missing values by at most ${formatNumber(missing)}.`;
}
