/**
 * Feature plans: the entry point of preprocessing. A plan is fitted on training rows only (inside
 * each cross-validation fold, on that fold's training rows), is plain JSON, and turns the raw
 * columns of a `Frame` into the `FeatureMatrix` a learner takes. The steps live beside this file:
 * columnCodes (labels as codes), imputation, dateParts, encoders/ (one-hot with rare-level
 * grouping, ordinal, frequency, out-of-fold target encoding), text/ (hashed TF-IDF), engineered/
 * (features of two columns, group statistics, cyclical dates), dropList and applyPlan.
 */
import type { CategoricalColumn, Column, Frame } from '../data/frame';
import type { FeatureColumn, FeatureMatrix, Target } from '../learners/types';
import { applyFeaturePlan, rawValues } from './applyPlan';
import { codesView, countLevels, indexLevels, rankLevels, type CodesView, type LevelCounts } from './columnCodes';
import { dateFeatures } from './dateParts';
import { fitEngineered } from './engineered/fitEngineered';
import { fitFrequency } from './encoders/frequency';
import { frequentLevels, oneHotDefs } from './encoders/oneHot';
import { ordinalLevels } from './encoders/ordinal';
import { fitTargetEncoding, makeFolds, type Folds } from './encoders/targetEncoding';
import type { CategoricalEncoding, DropRequest, FeatureDef, FeaturePlan, FitTransformOptions, Imputation, PlanOptions, Scaling, SkippedFeature } from './featureDefs';
import { featureSources } from './featureSources';
import { applyScaling, fitScaling } from './imputation';
import { fitHashingTfidf } from './text/hashingTfidf';

export type {
  CategoricalEncoding,
  CyclicalPart,
  DatePart,
  DropRequest,
  EngineeringRequest,
  FeatureDef,
  FeatureKind,
  FeaturePlan,
  FitTransformOptions,
  GroupStatOp,
  Imputation,
  PairOp,
  PlanOptions,
  Scaling,
  SkippedFeature,
  TextHashing,
} from './featureDefs';
export { featureSources } from './featureSources';
export { applyFeaturePlan } from './applyPlan';
export { datePart } from './dateParts';
export { dropListFromWarnings } from './dropList';

/**
 * Most levels kept as native categorical codes. Our GBDT bins a categorical feature into a
 * `Uint8Array` cell: up to 255 level bins plus one missing bin (learners/gbdt/binning.ts), so 255
 * levels is the most it splits on without merging levels; beyond that, target and frequency
 * encodings carry the information in two numbers instead.
 */
export const MAX_NATIVE_LEVELS = 255;
/** Most one-hot columns per categorical column (after rare-level grouping). */
export const MAX_ONE_HOT_LEVELS = 32;

interface Settings {
  readonly seed: number;
  readonly imputation: Imputation;
  readonly fillValue: number;
  readonly textBuckets: number;
  readonly textNgramMax: number;
  readonly textAlternateSign: boolean;
  readonly textMinRows: number | undefined;
  readonly rareMinCount: number;
  readonly rareMinShare: number;
  readonly maxOneHotLevels: number;
  readonly maxNativeLevels: number;
  readonly targetSmoothing: number;
  readonly targetFolds: number;
}

const DEFAULTS: Settings = {
  seed: 0,
  imputation: 'median',
  fillValue: 0,
  textBuckets: 256,
  textNgramMax: 2,
  textAlternateSign: false,
  textMinRows: undefined,
  rareMinCount: 10,
  rareMinShare: 0.001,
  maxOneHotLevels: MAX_ONE_HOT_LEVELS,
  maxNativeLevels: MAX_NATIVE_LEVELS,
  targetSmoothing: 10,
  targetFolds: 5,
};

/** The most hash buckets a text column may use (the matrix is dense: width must stay bounded). */
const MAX_TEXT_BUCKETS = 1 << 16;

function settingsOf(options: PlanOptions): Settings {
  const s: Settings = {
    seed: options.seed ?? DEFAULTS.seed,
    imputation: options.imputation ?? DEFAULTS.imputation,
    fillValue: options.fillValue ?? DEFAULTS.fillValue,
    textBuckets: options.textBuckets ?? DEFAULTS.textBuckets,
    textNgramMax: options.textNgramMax ?? DEFAULTS.textNgramMax,
    textAlternateSign: options.textAlternateSign ?? DEFAULTS.textAlternateSign,
    textMinRows: options.textMinRows,
    rareMinCount: options.rareMinCount ?? DEFAULTS.rareMinCount,
    rareMinShare: options.rareMinShare ?? DEFAULTS.rareMinShare,
    maxOneHotLevels: options.maxOneHotLevels ?? DEFAULTS.maxOneHotLevels,
    maxNativeLevels: options.maxNativeLevels ?? DEFAULTS.maxNativeLevels,
    targetSmoothing: options.targetSmoothing ?? DEFAULTS.targetSmoothing,
    targetFolds: options.targetFolds ?? DEFAULTS.targetFolds,
  };
  if (!['median', 'mostFrequent', 'constant'].includes(s.imputation)) throw new RangeError(`unknown imputation '${s.imputation}'`);
  if (!Number.isFinite(s.fillValue)) throw new RangeError(`fillValue must be a finite number, not ${s.fillValue}`);
  const integer = (name: keyof Settings, low: number, high: number) => {
    const v = s[name] as number;
    if (!Number.isInteger(v) || v < low || v > high) throw new RangeError(`${name} must be an integer in ${low}..${high}, not ${v}`);
  };
  integer('textBuckets', 0, MAX_TEXT_BUCKETS);
  integer('textNgramMax', 1, 8);
  if (s.textMinRows !== undefined) integer('textMinRows', 1, 2 ** 31 - 1);
  integer('maxOneHotLevels', 1, 1024);
  integer('maxNativeLevels', 2, 1 << 20);
  integer('targetFolds', 2, 255);
  if (!(s.rareMinCount >= 0) || !(s.rareMinShare >= 0 && s.rareMinShare <= 1)) throw new RangeError('rareMinCount must be >= 0 and rareMinShare in [0, 1]');
  if (!(s.targetSmoothing >= 0) || !Number.isFinite(s.targetSmoothing)) throw new RangeError(`targetSmoothing must be a finite number >= 0, not ${s.targetSmoothing}`);
  return s;
}

/** A plan and, per feature, the training rows' values where they differ from `applyFeaturePlan`'s (out-of-fold target encodings). */
interface FittedPlan {
  readonly plan: FeaturePlan;
  readonly train: readonly (Float64Array | undefined)[];
}

/** State of one plan fit: settings, the rows, and the features so far. */
class PlanFit {
  readonly features: FeatureDef[] = [];
  readonly train: (Float64Array | undefined)[] = [];
  readonly dropped: DropRequest[] = [];
  readonly skipped: SkippedFeature[] = [];
  private folds: Folds | undefined;

  constructor(
    readonly mode: FeaturePlan['mode'],
    readonly s: Settings,
    readonly rows: Uint32Array | undefined,
    readonly n: number,
    readonly target: Target | undefined,
    readonly encodings: Readonly<Record<string, CategoricalEncoding>>,
    readonly ordinalOrder: Readonly<Record<string, readonly string[]>>,
  ) {}

  add(def: FeatureDef, train?: Float64Array): void {
    this.features.push(def);
    this.train.push(train);
  }

  drop(column: string, reason: string): void {
    this.dropped.push({ column, reason });
  }

  /** A requested engineered feature left out. */
  skip(name: string, reason: string): void {
    this.skipped.push({ name, reason });
  }

  /** Imputation and standardisation fitted on `values` in dense plans; none in native plans. */
  scaling(values: Float64Array): { scaling?: Scaling } {
    return this.mode === 'dense' ? { scaling: fitScaling(values, this.s.imputation, this.s.fillValue) } : {};
  }

  get targetSmoothing(): number {
    return this.s.targetSmoothing;
  }

  /** The cross-fitting folds (one split shared by every target-encoded column). */
  foldsOf(): Folds {
    this.folds ??= makeFolds(this.n, this.s.targetFolds, this.s.seed);
    return this.folds;
  }
}

function fitPlan(frame: Frame, mode: FeaturePlan['mode'], exclude: readonly string[], rows: Uint32Array | undefined, options: PlanOptions): FittedPlan {
  if (mode !== 'native' && mode !== 'dense') throw new RangeError(`plan mode must be 'native' or 'dense', not '${String(mode)}'`);
  const n = rows ? rows.length : frame.rowCount;
  const target = options.target;
  if (target) {
    const length = target.kind === 'regression' ? target.values.length : target.codes.length;
    if (length !== n) throw new RangeError(`the target has ${length} values but ${n} rows are fitted; it must be aligned with the rows`);
  }
  const fit = new PlanFit(mode, settingsOf(options), rows, n, target, options.encodings ?? {}, options.ordinalOrder ?? {});
  const excluded = new Set(exclude);
  const requested = new Map<string, string>();
  for (const d of options.drop ?? []) if (!requested.has(d.column)) requested.set(d.column, d.reason);
  for (const column of frame.columns) {
    if (excluded.has(column.name)) continue;
    const reason = requested.get(column.name);
    if (reason !== undefined) fit.drop(column.name, reason);
    else if (column.type === 'id') fit.drop(column.name, 'identifier (a distinct value per row)');
    else if (column.storage === 'categorical' && column.type === 'text') fitText(fit, column);
    else if (column.storage === 'categorical') fitCategorical(fit, column);
    else fitNumeric(fit, column);
  }
  // After the columns' own features, so that requests on dropped columns are recognised.
  if (options.engineer && options.engineer.length > 0) fitEngineered(fit, frame, excluded, options.engineer);
  const plan: FeaturePlan = { mode, features: fit.features, dropped: fit.dropped, ...(fit.skipped.length > 0 ? { skipped: fit.skipped } : {}) };
  return { plan, train: fit.train };
}

/** Numbers as they are (dense: imputed and standardised, plus a missing indicator); dates as calendar parts. */
function fitNumeric(fit: PlanFit, column: Column): void {
  const defs: Extract<FeatureDef, { kind: 'numeric' | 'datePart' }>[] =
    column.storage === 'datetime' ? dateFeatures(column) : [{ kind: 'numeric', name: column.name, source: column.name }];
  let usable = 0;
  for (const def of defs) {
    const values = rawValues(def, column, fit.rows, fit.n);
    let first = NaN;
    let varies = false;
    let missing = 0;
    for (const v of values) {
      if (Number.isNaN(v)) missing++;
      else if (Number.isNaN(first)) first = v;
      else if (v !== first) varies = true;
    }
    if (missing === fit.n || (!varies && missing === 0)) continue;
    usable++;
    fit.add({ ...def, ...fit.scaling(values) });
    if (fit.mode === 'dense' && missing > 0) fit.add({ kind: 'missingIndicator', name: `${def.name}=(missing)`, source: column.name });
  }
  if (usable === 0) fit.drop(column.name, column.storage === 'datetime' ? 'constant or empty date' : 'constant or empty');
}

/** Levels of the column on the training rows, or a drop when it has fewer than two values. */
function usableLevels(fit: PlanFit, column: CategoricalColumn): { counts: LevelCounts; view: CodesView } | undefined {
  const view = codesView(column, fit.rows, fit.n);
  const counts = countLevels(view);
  if (counts.levels.length === 0) fit.drop(column.name, 'no values');
  else if (counts.levels.length === 1 && counts.missing === 0) fit.drop(column.name, 'constant');
  else return { counts, view };
  return undefined;
}

/**
 * Categorical and boolean columns. With encoding 'auto' (the default):
 * - native plans keep up to `maxNativeLevels` (255) levels as native codes;
 * - dense plans one-hot encode when at most `maxOneHotLevels` (32) levels reach the rare-level
 *   threshold (the others share "(other)"; when no level reaches it, as on tiny data, the levels
 *   are one-hot encoded as they are if there are at most 32);
 * - anything beyond gets a target encoding (when the target is given) and a frequency encoding.
 */
function fitCategorical(fit: PlanFit, column: CategoricalColumn): void {
  const usable = usableLevels(fit, column);
  if (!usable) return;
  const { counts, view } = usable;
  const name = column.name;
  const s = fit.s;
  const levelCount = counts.levels.length;
  const encoding = fit.encodings[name] ?? 'auto';
  const frequent = () => frequentLevels(counts.counts, fit.n, s.rareMinCount, s.rareMinShare);
  switch (encoding) {
    case 'auto': {
      if (fit.mode === 'native') {
        if (levelCount <= s.maxNativeLevels) fitNative(fit, name, counts);
        else fitHighCardinality(fit, name, counts);
        return;
      }
      const kept = frequent();
      if (kept.length > 0 && kept.length <= s.maxOneHotLevels) for (const def of oneHotDefs(name, counts, kept)) fit.add(def);
      else if (kept.length === 0 && levelCount <= s.maxOneHotLevels) for (const def of oneHotDefs(name, counts, rankLevels(counts.counts))) fit.add(def);
      else fitHighCardinality(fit, name, counts);
      return;
    }
    case 'native':
      if (fit.mode !== 'native') throw new RangeError(`column '${name}': encoding 'native' needs a native plan (dense learners take numbers only)`);
      fitNative(fit, name, counts);
      return;
    case 'oneHot': {
      const kept = frequent();
      const levels = (kept.length > 0 ? kept : rankLevels(counts.counts)).slice(0, s.maxOneHotLevels);
      for (const def of oneHotDefs(name, counts, levels)) fit.add(def);
      return;
    }
    case 'ordinal': {
      const order = fit.ordinalOrder[name] ?? (column.type === 'boolean' ? column.dictionary : undefined);
      const levels = ordinalLevels(counts.levels, order);
      const level = indexLevels(view, levels);
      const values = new Float64Array(fit.n);
      for (let i = 0; i < fit.n; i++) values[i] = level[i] >= 0 ? level[i] : NaN;
      fit.add({ kind: 'ordinal', name: `${name}.ordinal`, source: name, levels, ...fit.scaling(values) });
      if (fit.mode === 'dense' && counts.missing > 0) fit.add({ kind: 'missingIndicator', name: `${name}=(missing)`, source: name });
      return;
    }
    case 'frequency':
      fitFrequencyFeature(fit, name, counts);
      return;
    case 'target':
      if (fit.target) fitTargetFeatures(fit, name, counts);
      else fitFrequencyFeature(fit, name, counts);
      return;
    default:
      throw new RangeError(`column '${name}': unknown encoding '${String(encoding)}'`);
  }
}

function fitNative(fit: PlanFit, name: string, counts: LevelCounts): void {
  fit.add({ kind: 'categorical', name, source: name, levels: counts.levels });
}

/** Target encoding when the target is known, and frequency encoding. */
function fitHighCardinality(fit: PlanFit, name: string, counts: LevelCounts): void {
  if (fit.target) fitTargetFeatures(fit, name, counts);
  fitFrequencyFeature(fit, name, counts);
}

function fitFrequencyFeature(fit: PlanFit, name: string, counts: LevelCounts): void {
  const { def, train } = fitFrequency(name, counts);
  fit.add({ ...def, ...fit.scaling(train) });
}

/** Target encodings: fitted on all training rows for new rows, out of fold for the training matrix. */
function fitTargetFeatures(fit: PlanFit, name: string, counts: LevelCounts): void {
  const { defs, train } = fitTargetEncoding(name, counts.levels, counts.rowLevel, fit.target as Target, fit.foldsOf(), fit.s.targetSmoothing);
  defs.forEach((def, j) => {
    // Scaled as the learner sees the column in training: the out-of-fold values.
    const scaled = fit.scaling(train[j]);
    fit.add({ ...def, ...scaled }, scaled.scaling ? applyScaling(train[j], scaled.scaling) : train[j]);
  });
}

/** Free text: hashed word n-gram TF-IDF (not standardised: rows are L2-normalised already). */
function fitText(fit: PlanFit, column: CategoricalColumn): void {
  if (fit.s.textBuckets === 0) {
    fit.drop(column.name, 'free text (text features are off)');
    return;
  }
  const usable = usableLevels(fit, column);
  if (!usable) return;
  const rows = usable.view.codes.length;
  const defs = fitHashingTfidf(column.name, usable.view, {
    buckets: fit.s.textBuckets,
    ngramMax: fit.s.textNgramMax,
    alternateSign: fit.s.textAlternateSign,
    minRows: fit.s.textMinRows ?? Math.max(5, Math.ceil(0.01 * rows)),
  });
  if (defs.length === 0) {
    fit.drop(column.name, 'no words in the training rows');
    return;
  }
  for (const def of defs) fit.add(def);
  // Missing text reads as an empty document; the indicator keeps the difference.
  if (usable.counts.missing > 0) fit.add({ kind: 'missingIndicator', name: `${column.name}=(missing)`, source: column.name });
}

/** The source columns a plan reads (both columns of engineered pairs and groups), in first-use order. */
export function planSources(plan: FeaturePlan): string[] {
  return [...new Set(plan.features.flatMap(featureSources))];
}

/**
 * Fits a feature plan on the `rows` of `frame` (all rows when undefined), leaving out `exclude`
 * (the target), `options.drop` (with their reasons) and columns no model can use: identifiers,
 * constant and all-missing columns.
 *
 * Numbers stay numbers (dense plans: imputed by `options.imputation`, standardised, with a
 * missing indicator); datetimes become calendar parts; categorical columns are encoded as
 * `options.encodings` says, by default by mode and cardinality (see `fitCategorical`): native
 * codes, one-hot with rare-level grouping, or target + frequency encoding; free text becomes
 * hashed TF-IDF buckets (`textBuckets: 0` drops it). Then the engineered features of
 * `options.engineer`, fitted on the same rows (requests that cannot be made are listed in
 * `plan.skipped`; see `fitEngineered`).
 *
 * With `options.target` the plan's target encodings are fitted on all rows: applying it to the
 * same rows leaks each row's own target, so the training matrix should come from
 * `fitTransformFeatures`.
 */
export function fitFeaturePlan(frame: Frame, mode: FeaturePlan['mode'], exclude: readonly string[], rows?: Uint32Array, options?: PlanOptions): FeaturePlan {
  return fitPlan(frame, mode, exclude, rows, options ?? {}).plan;
}

/**
 * Fits a feature plan on the training `rows` (all rows when undefined) and returns it with the
 * training matrix. The matrix equals `applyFeaturePlan(plan, frame, rows)` except for target
 * encodings, which are out of fold: each training row is encoded from the other folds' rows
 * (`targetFolds`, seeded by `seed`), so the learner never sees an encoding of its own target.
 * `options.target` is aligned with `rows`; without it there is no target encoding.
 */
export function fitTransformFeatures(frame: Frame, options: FitTransformOptions): { plan: FeaturePlan; x: FeatureMatrix } {
  const { plan, train } = fitPlan(frame, options.mode, options.exclude, options.rows, options);
  const applied = applyFeaturePlan(plan, frame, options.rows);
  const columns = applied.columns.map((column, j): FeatureColumn => {
    const values = train[j];
    return values ? { kind: 'numeric', name: column.name, values } : column;
  });
  return { plan, x: { rows: applied.rows, columns } };
}

