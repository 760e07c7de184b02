/**
 * Feature engineering: which derived features to add. Candidates come from the columns that
 * matter most (the selection probe's importances), cheapest families first, so a short budget
 * still gets through them:
 * - cyclical encodings (sine and cosine) of the calendar parts of date columns;
 * - degree-2 interactions of the top numeric columns for linear models (dense plans only);
 * - pairs of numeric columns (difference, both ratios, product, sum), each screened alone by a
 *   small tree on a sample and kept when it beats both of its columns alone;
 * - group statistics (a numeric column over its mean within a level of a categorical column),
 *   screened the same way against the numeric column alone;
 * - target means of integer columns read as categories (regression and binary targets), each
 *   gated alone.
 * Each family is then one gate: the probe validated with and without it on the run's folds, kept
 * only when cross-validation improves beyond fold-to-fold noise (`validatesBetter`; interactions
 * with a linear probe, since only linear models get them; screened families by two standard
 * errors, as picking the best of many candidates on the same rows flatters them).
 */
import type { RunData } from '../automl/foldData';
import type { Column, Frame } from '../data/frame';
import { CancelledError } from '../errors';
import type { FeatureColumn } from '../learners/types';
import { requestNames } from '../prep/engineered/fitEngineered';
import { applyFeaturePlan, fitFeaturePlan, type EngineeringRequest, type FeaturePlan } from '../prep/featurePlan';
import { sampleRows } from '../profile/sampleRows';
import { Rng } from '../random';
import { getLearner } from '../learners/index';
import { subsetTarget } from '../automl/foldData';
import { makeFolds } from '../validate/splitters';
import { subsetTruth } from '../validate/subsets';
import type { Metric, Truth } from '../validate/types';
import { GATE_STANDARD_ERRORS, predictionOf, probe, SCREENED_GATE_STANDARD_ERRORS, validatesBetter, type ProbeResult } from './probe';
import type { EngineeredFeature, FeatureGate } from './types';

/** Numeric columns paired with each other (the most important ones): 5 give 10 pairs, 50 candidates. */
const TOP_NUMERIC = 5;
/** Numeric columns and categorical columns whose group statistics are screened. */
const TOP_GROUP_VALUES = 4;
const TOP_GROUP_BY = 3;
/** A categorical column with more levels than this makes too thin groups for a stable mean. */
const MAX_GROUP_LEVELS = 50;
/**
 * Integer columns tried as categories (target means), those with the most distinct values first:
 * identifiers whose values carry the signal, where a split on the numeric order helps least. Each
 * is its own gate, at the screened families' bar (the best of several tries on the same rows).
 */
const TOP_TARGET_MEANS = 2;
/** An integer column read as categories needs this many distinct values, and at least 2 rows per value on average. */
const MIN_TARGET_MEAN_LEVELS = 3;
/** Numeric columns whose products and squares linear models get. */
const TOP_INTERACTIONS = 4;
/** Screened features kept per family (the best by their gain over their parents). */
const KEEP_PAIRS = 5;
const KEEP_GROUP_STATS = 3;
/** Rows a screen fits on, and its folds. */
const SCREEN_ROWS = 2_000;
const SCREEN_FOLDS = 3;
/** The screen's small tree: a few shallow boosted trees on one feature. */
const SCREEN_PARAMS = { numIterations: 20, learningRate: 0.3, numLeaves: 4, minDataInLeaf: 20 };

/**
 * The most features engineering can add to a plan of `frame` (the memory estimate counts them
 * before the step has run): the kept pairs and group statistics, the target means of integer
 * columns, a sin and a cos for up to four parts of each date column, and, in dense plans, the
 * interactions of the top columns.
 */
export function mostEngineered(frame: Frame): { native: number; dense: number } {
  const dates = frame.columns.filter((c) => c.storage === 'datetime').length;
  const integers = frame.columns.filter((c) => c.storage === 'numeric' && c.type === 'integer').length;
  const native = KEEP_PAIRS + KEEP_GROUP_STATS + Math.min(TOP_TARGET_MEANS, integers) + 8 * dates;
  return { native, dense: native + (TOP_INTERACTIONS * (TOP_INTERACTIONS + 1)) / 2 };
}

export interface EngineeringOptions {
  readonly seed: number;
  readonly deadline: number;
  readonly signal?: AbortSignalLike;
  /** Source columns by importance, most important first (the selection probe's). */
  readonly ranking: readonly string[];
  /** Columns selection could not tell from noise but left in: no feature is built on them. */
  readonly noiseLike?: readonly string[];
  /** Whether any learner of the run takes dense inputs (linear models): interactions are for them. */
  readonly denseLearners: readonly string[];
  /** The probe of `data` without engineered features, when the caller has it already (same seed). */
  readonly baseline?: ProbeResult;
}

export interface EngineeringResult {
  /** The requests the run keeps (every fold's plan fits them). */
  readonly requests: readonly EngineeringRequest[];
  /** Every feature tried, kept or not. */
  readonly tried: readonly EngineeredFeature[];
  readonly gates: readonly FeatureGate[];
  readonly notes: readonly string[];
}

type Family = FeatureGate['step'];

/** A column's name, storage and type where selection left it usable. */
function usable(data: RunData): Column[] {
  const out = new Set([...data.exclude, ...data.drop.map((d) => d.column)]);
  return data.frame.columns.filter((c) => !out.has(c.name) && c.type !== 'id' && c.type !== 'text');
}

function sourcesOf(request: EngineeringRequest): string[] {
  switch (request.kind) {
    case 'pair':
      return request.a === request.b ? [request.a] : [request.a, request.b];
    case 'groupStat':
      return [request.value, request.by];
    case 'cyclical':
    case 'targetMean':
      return [request.column];
  }
}

/**
 * Integer columns that could be categories: at least MIN_TARGET_MEAN_LEVELS distinct values on
 * the run's rows, and at most half as many as rows (an identifier of each row has no mean to
 * learn), most distinct values first.
 */
function integerCandidates(numeric: readonly Column[], data: RunData): Column[] {
  const counted: { column: Column; levels: number }[] = [];
  for (const column of numeric) {
    if (column.storage !== 'numeric' || column.type !== 'integer') continue;
    const distinct = new Set<number>();
    for (const row of data.rows) distinct.add(column.values[row]);
    distinct.delete(NaN);
    if (distinct.size >= MIN_TARGET_MEAN_LEVELS && distinct.size <= data.rows.length / 2) counted.push({ column, levels: distinct.size });
  }
  return counted.sort((a, b) => b.levels - a.levels).map((c) => c.column);
}

/**
 * Scores single features on a sample: a small boosted tree on the feature alone, validated on
 * `SCREEN_FOLDS` folds of the sample, in the run's metric. The feature's values come from the
 * feature plan (so a screened feature is computed exactly as the models will see it).
 */
class Screen {
  private readonly frame: Frame;
  private readonly rows: Uint32Array;
  private readonly folds: ReturnType<typeof makeFolds>;
  private readonly y: RunData['y'];
  private readonly truth: Truth;
  private readonly cache = new Map<string, number>();

  constructor(
    data: RunData,
    private readonly metric: Metric,
    private readonly seed: number,
  ) {
    const positions = sampleRows(data.rows.length, SCREEN_ROWS, seed);
    this.rows = Uint32Array.from(positions, (p) => data.rows[p]);
    this.frame = data.frame;
    this.y = subsetTarget(data.y, positions);
    this.truth = subsetTruth(data.truth, positions);
    const codes = this.y.kind === 'classification' ? this.y.codes : undefined;
    this.folds = makeFolds({ kind: 'kfold', folds: SCREEN_FOLDS, repeats: 1, stratified: codes !== undefined }, { rows: positions.length, codes }, new Rng(seed));
  }

  /** The column's score alone (cached by name). */
  column(name: string): number {
    return this.scored(`column:${name}`, () => this.featureOf(fitFeaturePlan(this.frame, 'native', this.others([name]), this.rows), name));
  }

  /** A request's score alone (its first feature). */
  request(request: EngineeringRequest): number {
    const name = requestNames(request)[0];
    return this.scored(`request:${name}`, () => {
      const plan = fitFeaturePlan(this.frame, 'native', this.others(sourcesOf(request)), this.rows, { engineer: [request] });
      return this.featureOf(plan, name);
    });
  }

  /** Every frame column but `keep` is left out of the plan. */
  private others(keep: readonly string[]): string[] {
    return this.frame.columns.map((c) => c.name).filter((n) => !keep.includes(n));
  }

  private featureOf(plan: FeaturePlan, name: string): FeatureColumn | undefined {
    const x = applyFeaturePlan(plan, this.frame, this.rows);
    return x.columns.find((c) => c.name === name);
  }

  private scored(key: string, feature: () => FeatureColumn | undefined): number {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const column = feature();
    const score = column === undefined ? NaN : this.validate(column);
    this.cache.set(key, score);
    return score;
  }

  private validate(column: FeatureColumn): number {
    const gbdt = getLearner('gbdt');
    let sum = 0;
    this.folds.forEach((fold, f) => {
      const take = (positions: Uint32Array): FeatureColumn =>
        column.kind === 'numeric'
          ? { kind: 'numeric', name: column.name, values: Float64Array.from(positions, (p) => column.values[p]) }
          : { ...column, codes: Int32Array.from(positions, (p) => column.codes[p]) };
      const model = gbdt.fit({ rows: fold.train.length, columns: [take(fold.train)] }, subsetTarget(this.y, fold.train), SCREEN_PARAMS, {
        rng: new Rng((this.seed + f) >>> 0),
      });
      sum += this.metric.score(subsetTruth(this.truth, fold.test), predictionOf(model, { rows: fold.test.length, columns: [take(fold.test)] }));
    });
    return sum / this.folds.length;
  }
}

/**
 * Chooses engineered features for `data` (probe rows and folds, selection's drops applied):
 * screens, then gates each family on the probe. Stops where the deadline falls, keeping what
 * passed its gate.
 */
export function engineerFeatures(data: RunData, metric: Metric, options: EngineeringOptions): EngineeringResult {
  const notes: string[] = [];
  const tried: EngineeredFeature[] = [];
  const gates: FeatureGate[] = [];
  const accepted: EngineeringRequest[] = [];
  const better = (a: number, b: number): boolean => (metric.higherIsBetter ? a > b : a < b);
  const gain = (score: number, parents: number): number => (metric.higherIsBetter ? score - parents : parents - score);
  const timeUp = (): boolean => performance.now() > options.deadline;
  const checkStop = (): void => {
    if (options.signal?.aborted) throw new CancelledError('feature engineering was stopped');
  };
  const columns = usable(data).filter((c) => !options.noiseLike?.includes(c.name));
  const rank = (name: string): number => {
    const i = options.ranking.indexOf(name);
    return i < 0 ? Infinity : i;
  };
  const byRank = (list: Column[]): Column[] => [...list].sort((a, b) => rank(a.name) - rank(b.name));
  const numeric = byRank(columns.filter((c) => c.storage === 'numeric'));
  const categorical = byRank(columns.filter((c) => c.storage === 'categorical' && c.dictionary.length >= 2 && c.dictionary.length <= MAX_GROUP_LEVELS));
  const dates = columns.filter((c) => c.storage === 'datetime');
  const screen = new Screen(data, metric, (options.seed ^ 0x1f83d9ab) >>> 0);
  let current = options.baseline ?? probe({ ...data, engineer: [] }, metric, { seed: options.seed, signal: options.signal });

  /** Validates `family`'s requests on top of what is accepted; keeps them when CV improves. */
  const gate = (
    family: Family,
    requests: EngineeringRequest[],
    screened: Map<EngineeringRequest, number>,
    linear?: string,
    standardErrors = screened.size > 0 ? SCREENED_GATE_STANDARD_ERRORS : GATE_STANDARD_ERRORS,
  ): void => {
    if (requests.length === 0) return;
    checkStop();
    const withThem = [...accepted, ...requests];
    const learner = linear === undefined ? {} : { learner: linear };
    const baseline = linear === undefined ? current : probe({ ...data, engineer: accepted }, metric, { seed: options.seed, signal: options.signal, ...learner });
    const candidate = probe({ ...data, engineer: withThem }, metric, { seed: options.seed, signal: options.signal, ...learner });
    const kept = validatesBetter(candidate, baseline, metric.higherIsBetter, standardErrors);
    if (kept) {
      accepted.push(...requests);
      if (linear === undefined) current = candidate;
    }
    for (const request of requests) {
      for (const name of requestNames(request)) {
        tried.push({ name, formula: name, sources: sourcesOf(request), kept, for: linear === undefined ? 'all' : 'linear', ...(screened.has(request) ? { screenScore: screened.get(request) } : {}) });
      }
    }
    const label = {
      pairs: 'pair features',
      groupStats: 'group statistics',
      cyclical: 'cyclical date encodings',
      interactions: 'interactions for linear models',
      targetMeans: 'target means of an integer column read as categories',
      selection: '',
    }[family];
    const by = linear === undefined ? '' : ` (a ${linear} model)`;
    gates.push({
      step: family,
      baseline: baseline.score,
      candidate: candidate.score,
      kept,
      sentence: kept
        ? `Adding ${requests.length} ${label} improved the cross-validated ${metric.label}${by} from ${baseline.score.toFixed(4)} to ${candidate.score.toFixed(4)}.`
        : `${requests.length} ${label} were tried but not kept: cross-validated ${metric.label}${by} ${candidate.score.toFixed(4)} with them against ${baseline.score.toFixed(4)} without, not a gain beyond fold-to-fold noise.`,
    });
  };

  /** Screens `candidates` against their parents alone; the best `keep` that beat them. */
  const screenFamily = (candidates: { request: EngineeringRequest; parents: string[] }[], keep: number): { requests: EngineeringRequest[]; scores: Map<EngineeringRequest, number> } => {
    const scored: { request: EngineeringRequest; score: number; gain: number }[] = [];
    for (const { request, parents } of candidates) {
      checkStop();
      if (timeUp()) {
        notes.push('feature engineering stopped screening: its share of the budget was spent');
        break;
      }
      const score = screen.request(request);
      const parentScores = parents.map((p) => screen.column(p)).filter((s) => Number.isFinite(s));
      if (!Number.isFinite(score)) continue;
      const best = parentScores.length === 0 ? score : parentScores.reduce((a, b) => (better(a, b) ? a : b));
      const g = gain(score, best);
      if (g > 0) scored.push({ request, score, gain: g });
    }
    scored.sort((a, b) => b.gain - a.gain);
    const top = scored.slice(0, keep);
    return { requests: top.map((t) => t.request), scores: new Map(top.map((t) => [t.request, t.score])) };
  };

  const steps: (() => void)[] = [
    () => {
      const requests: EngineeringRequest[] = [];
      for (const column of dates) {
        const parts: ('month' | 'weekday' | 'hour' | 'dayOfYear')[] = ['month', 'weekday', 'dayOfYear'];
        if (column.storage === 'datetime' && column.format.hasTime) parts.push('hour');
        for (const part of parts) requests.push({ kind: 'cyclical', column: column.name, part });
      }
      gate('cyclical', requests, new Map());
    },
    () => {
      if (data.y.kind === 'classification' && data.y.classes.length > 2) return;
      for (const column of integerCandidates(numeric, data).slice(0, TOP_TARGET_MEANS)) {
        if (timeUp()) break;
        gate('targetMeans', [{ kind: 'targetMean', column: column.name }], new Map(), undefined, SCREENED_GATE_STANDARD_ERRORS);
      }
    },
    () => {
      const linear = options.denseLearners.find((name) => ['logistic', 'linear'].includes(name));
      if (linear === undefined) return;
      const top = numeric.slice(0, TOP_INTERACTIONS).map((c) => c.name);
      const requests: EngineeringRequest[] = [];
      for (let i = 0; i < top.length; i++) for (let j = i; j < top.length; j++) requests.push({ kind: 'pair', op: 'product', a: top[i], b: top[j], centred: true, modes: ['dense'] });
      gate('interactions', requests, new Map(), linear);
    },
    () => {
      const top = numeric.slice(0, TOP_NUMERIC).map((c) => c.name);
      const candidates: { request: EngineeringRequest; parents: string[] }[] = [];
      for (let i = 0; i < top.length; i++) {
        for (let j = i + 1; j < top.length; j++) {
          const [a, b] = [top[i], top[j]];
          for (const request of [
            { kind: 'pair', op: 'difference', a, b },
            { kind: 'pair', op: 'ratio', a, b },
            { kind: 'pair', op: 'ratio', a: b, b: a },
            { kind: 'pair', op: 'product', a, b },
            { kind: 'pair', op: 'sum', a, b },
          ] as EngineeringRequest[]) {
            candidates.push({ request, parents: [a, b] });
          }
        }
      }
      const { requests, scores } = screenFamily(candidates, KEEP_PAIRS);
      gate('pairs', requests, scores);
    },
    () => {
      const candidates: { request: EngineeringRequest; parents: string[] }[] = [];
      for (const value of numeric.slice(0, TOP_GROUP_VALUES)) {
        for (const by of categorical.slice(0, TOP_GROUP_BY)) {
          for (const op of ['ratio', 'difference'] as const) candidates.push({ request: { kind: 'groupStat', value: value.name, by: by.name, op }, parents: [value.name] });
        }
      }
      const { requests, scores } = screenFamily(candidates, KEEP_GROUP_STATS);
      gate('groupStats', requests, scores);
    },
  ];
  for (const step of steps) {
    if (timeUp()) {
      notes.push('feature engineering stopped: its share of the budget was spent');
      break;
    }
    step();
  }
  return { requests: accepted, tried, gates, notes };
}
