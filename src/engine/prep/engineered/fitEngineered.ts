/**
 * Engineered features of a plan: the requests of `PlanOptions.engineer` turned into fitted
 * definitions on the plan's training rows, after the columns' own features. Which features to ask
 * for is decided elsewhere (the run); here a request is made to fit, or skipped with a reason
 * when its columns cannot carry it, never failing the plan.
 */
import type { Column, Frame } from '../../data/frame';
import type { Target } from '../../learners/types';
import { codesView, countLevels, indexLevels } from '../columnCodes';
import { fitTargetEncoding, type Folds } from '../encoders/targetEncoding';
import type { DropRequest, EngineeringRequest, FeatureDef, FeaturePlan, PairOp, Scaling } from '../featureDefs';
import { applyScaling } from '../imputation';
import { engineeredValues, type EngineeredDef, type LevelIndexer } from './engineeredValues';

/** Levels of a group statistic need this many training values by default. */
export const DEFAULT_GROUP_MIN_COUNT = 10;

/** What fitting engineered features needs from the plan being fitted. */
export interface EngineeringFit {
  readonly mode: FeaturePlan['mode'];
  readonly rows: Uint32Array | undefined;
  readonly n: number;
  /** The features so far (their names are taken). */
  readonly features: readonly FeatureDef[];
  readonly dropped: readonly DropRequest[];
  /** The training rows' target, when the plan is fitted with it (target means need it). */
  readonly target: Target | undefined;
  /** The m of target encodings' m-estimate. */
  readonly targetSmoothing: number;
  /** The plan's cross-fitting folds, shared with its other target encodings. */
  foldsOf(): Folds;
  /** Adds a feature; `train` are the training rows' values where they differ from the applied plan's (out of fold). */
  add(def: FeatureDef, train?: Float64Array): void;
  skip(name: string, reason: string): void;
  /** Imputation and standardisation in dense plans; none in native plans. */
  scaling(values: Float64Array): { scaling?: Scaling };
}

const PAIR_SYMBOL: Readonly<Record<PairOp, string>> = { difference: '-', ratio: '/', product: '*', sum: '+' };

/** The feature names a request asks for (a cyclical request asks for a sin and a cos feature). */
export function requestNames(request: EngineeringRequest): string[] {
  switch (request.kind) {
    case 'pair':
      return [`${request.a} ${PAIR_SYMBOL[request.op]} ${request.b}`];
    case 'groupStat':
      return [`${request.value} ${PAIR_SYMBOL[request.op]} mean(${request.value} by ${request.by})`];
    case 'cyclical':
      return [`sin(${request.part} of ${request.column})`, `cos(${request.part} of ${request.column})`];
    case 'targetMean':
      return [`mean(target by ${request.column})`];
  }
}

/** A `RangeError` for a request no plan could make (a caller's mistake, not the data's). */
function checkRequest(request: EngineeringRequest): void {
  const modes = request.modes ?? [];
  for (const mode of modes) if (mode !== 'native' && mode !== 'dense') throw new RangeError(`engineered feature: unknown plan mode '${String(mode)}'`);
  switch (request.kind) {
    case 'pair':
      if (!(request.op in PAIR_SYMBOL)) throw new RangeError(`engineered pair: unknown operation '${String(request.op)}'`);
      return;
    case 'groupStat': {
      if (request.op !== 'ratio' && request.op !== 'difference') throw new RangeError(`engineered group statistic: unknown operation '${String(request.op)}'`);
      const min = request.minCount ?? DEFAULT_GROUP_MIN_COUNT;
      if (!Number.isInteger(min) || min < 1) throw new RangeError(`engineered group statistic: minCount must be an integer >= 1, not ${min}`);
      return;
    }
    case 'cyclical':
      if (!['month', 'weekday', 'hour', 'dayOfYear'].includes(request.part)) throw new RangeError(`engineered cyclical feature: unknown part '${String(request.part)}'`);
      return;
    case 'targetMean':
      return;
    default:
      throw new RangeError(`unknown engineered feature kind '${String((request as { kind?: unknown }).kind)}'`);
  }
}

type Need = 'number' | 'date' | 'category';

/** The columns a plan may engineer from: those it did not exclude or drop. */
class Columns {
  private readonly dropped: ReadonlyMap<string, string>;

  constructor(
    private readonly frame: Frame,
    private readonly excluded: ReadonlySet<string>,
    dropped: readonly DropRequest[],
  ) {
    this.dropped = new Map(dropped.map((d) => [d.column, d.reason]));
  }

  /** The column `name` if it can be used as `need`, else why not. */
  get(name: string, need: Need): Column | string {
    const column = this.frame.columns.find((c) => c.name === name);
    if (!column) return `no column '${name}' in the data`;
    if (this.excluded.has(name)) return `'${name}' is not a feature (the target or excluded)`;
    const dropped = this.dropped.get(name);
    if (dropped !== undefined) return `'${name}' is dropped (${dropped})`;
    switch (need) {
      case 'number':
        if (column.storage === 'datetime') return `'${name}' is a date, not a number`;
        return column.storage === 'numeric' ? column : `'${name}' is not numeric`;
      case 'date':
        return column.storage === 'datetime' ? column : `'${name}' is not a date`;
      case 'category':
        if (column.storage !== 'categorical') return `'${name}' is not categorical`;
        return column.type === 'text' ? `'${name}' is free text, not categorical` : column;
    }
  }
}

/**
 * The group means of a `groupStat` request on the training rows, or why there are none: levels
 * with at least `minCount` values, in order of first appearance, and the mean of all values.
 */
function fitGroupMeans(
  fit: EngineeringFit,
  value: Column,
  by: Column,
  minCount: number,
): { levels: string[]; means: number[]; overall: number } | string {
  if (value.storage === 'categorical') return `'${value.name}' is not numeric`;
  const { levels, rowLevel } = countLevels(codesView(by, fit.rows, fit.n));
  const sums = new Float64Array(levels.length);
  const counts = new Float64Array(levels.length);
  let total = 0;
  let count = 0;
  for (let i = 0; i < fit.n; i++) {
    const v = value.values[fit.rows ? fit.rows[i] : i];
    if (Number.isNaN(v)) continue;
    total += v;
    count++;
    const level = rowLevel[i];
    if (level >= 0) {
      sums[level] += v;
      counts[level]++;
    }
  }
  if (count === 0) return `no values of '${value.name}' on the training rows`;
  const kept: string[] = [];
  const means: number[] = [];
  levels.forEach((level, i) => {
    if (counts[i] >= minCount) {
      kept.push(level);
      means.push(sums[i] / counts[i]);
    }
  });
  // Without a group of its own, every row would be compared with the overall mean: a rescaled copy of the value.
  if (kept.length === 0) return `no level of '${by.name}' has ${minCount} values of '${value.name}' on the training rows`;
  return { levels: kept, means, overall: total / count };
}

/** The mean of numeric column `name` over the training rows (0 when it has no values there). */
function meanOf(fit: EngineeringFit, name: string, frame: Frame): number {
  const column = frame.columns.find((c) => c.name === name) as Column;
  if (column.storage === 'categorical') return 0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < fit.n; i++) {
    const v = column.values[fit.rows ? fit.rows[i] : i];
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * Fits a `targetMean` request as a target encoding of the column's values (each distinct number a
 * level, written as `String(value)`, as new rows are looked up): the definition for new rows and
 * the out-of-fold values of the training rows, or why it cannot be made.
 */
function fitTargetMean(fit: EngineeringFit, column: Column, name: string): { def: FeatureDef; train: Float64Array } | string {
  const target = fit.target;
  if (target === undefined) return 'a target mean needs the target, and this plan is fitted without it';
  if (target.kind === 'classification' && target.classes.length > 2) return 'target means are made for regression and binary targets, not for several classes';
  const { levels, rowLevel, missing } = countLevels(codesView(column, fit.rows, fit.n));
  if (levels.length === 0 || (levels.length === 1 && missing === 0)) return levels.length === 0 ? 'no values on the training rows' : 'constant on the training rows';
  const { defs, train } = fitTargetEncoding(column.name, levels, rowLevel, target, fit.foldsOf(), fit.targetSmoothing);
  // Scaled as the learner sees the feature in training: the out-of-fold values.
  const scaled = fit.scaling(train[0]);
  return { def: { ...defs[0], name, ...scaled }, train: scaled.scaling ? applyScaling(train[0], scaled.scaling) : train[0] };
}

/** The unscaled definitions of a request, or why it cannot be made. */
function definitions(request: Exclude<EngineeringRequest, { kind: 'targetMean' }>, columns: Columns, fit: EngineeringFit, names: readonly string[], frame: Frame): EngineeredDef[] | string {
  switch (request.kind) {
    case 'pair': {
      for (const name of [request.a, request.b]) {
        const column = columns.get(name, 'number');
        if (typeof column === 'string') return column;
      }
      const centres = request.centred ? ([meanOf(fit, request.a, frame), meanOf(fit, request.b, frame)] as const) : undefined;
      return [{ kind: 'pair', name: names[0], source: request.a, sources: [request.a, request.b], op: request.op, ...(centres ? { centres } : {}) }];
    }
    case 'groupStat': {
      const value = columns.get(request.value, 'number');
      if (typeof value === 'string') return value;
      const by = columns.get(request.by, 'category');
      if (typeof by === 'string') return by;
      const group = fitGroupMeans(fit, value, by, request.minCount ?? DEFAULT_GROUP_MIN_COUNT);
      if (typeof group === 'string') return group;
      return [{ kind: 'groupStat', name: names[0], source: request.value, sources: [request.value, request.by], op: request.op, ...group }];
    }
    case 'cyclical': {
      const column = columns.get(request.column, 'date');
      if (typeof column === 'string') return column;
      return (['sin', 'cos'] as const).map((fn, i) => ({ kind: 'cyclical', name: names[i], source: request.column, part: request.part, fn }));
    }
  }
}

/**
 * Adds the features `requests` ask for to the plan being fitted (those whose `modes` include the
 * plan's mode), in request order. A request is skipped, with its reason in `fit.skip`, when a
 * column is missing from `frame`, excluded, dropped by the plan or of the wrong type (pairs and
 * group values: numbers, not dates; groups: categorical labels, not free text; cyclical: dates),
 * when a feature of the same name exists, when its values on the training rows have fewer than
 * two distinct values (as constant columns are dropped), and, for a target mean, when the plan is
 * fitted without a target or for more than two classes. A target mean's training rows get their
 * out-of-fold values, as the plan's other target encodings. Dense plans scale the values as
 * numeric columns (imputing missing ones); engineered features get no missing indicator, since
 * their columns' own features carry where values are missing.
 */
export function fitEngineered(fit: EngineeringFit, frame: Frame, excluded: ReadonlySet<string>, requests: readonly EngineeringRequest[]): void {
  const columns = new Columns(frame, excluded, fit.dropped);
  const taken = new Set(fit.features.map((f) => f.name));
  const levelIndex: LevelIndexer = (source, levels) => indexLevels(codesView(frame.columns.find((c) => c.name === source) as Column, fit.rows, fit.n), levels);
  for (const request of requests) {
    checkRequest(request);
    if (request.modes && !request.modes.includes(fit.mode)) continue;
    const names = requestNames(request);
    if (request.kind === 'targetMean') {
      const column = columns.get(request.column, 'number');
      const fitted = typeof column === 'string' ? column : taken.has(names[0]) ? 'a feature of that name exists already' : fitTargetMean(fit, column, names[0]);
      if (typeof fitted === 'string') {
        fit.skip(names[0], fitted);
        continue;
      }
      taken.add(names[0]);
      fit.add(fitted.def, fitted.train);
      continue;
    }
    const defs = definitions(request, columns, fit, names, frame);
    if (typeof defs === 'string') {
      for (const name of names) fit.skip(name, defs);
      continue;
    }
    for (const def of defs) {
      if (taken.has(def.name)) {
        fit.skip(def.name, 'a feature of that name exists already');
        continue;
      }
      const values = engineeredValues(def, frame, fit.rows, fit.n, levelIndex);
      const reason = constantReason(values);
      if (reason !== undefined) {
        fit.skip(def.name, reason);
        continue;
      }
      taken.add(def.name);
      fit.add({ ...def, ...fit.scaling(values) });
    }
  }
}

/** Why values cannot be a feature: none present, or a single value. */
function constantReason(values: Float64Array): string | undefined {
  let first = NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return undefined;
  }
  return Number.isNaN(first) ? 'no values on the training rows' : 'constant on the training rows';
}
