import { DataError } from '../errors';
import type { Column, Frame } from '../data/frame';
import type { FeatureColumn, FeatureMatrix } from '../learners/types';

/** Calendar parts derived from a datetime column (UTC). */
export type DatePart = 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'dayOfYear' | 'elapsedDays';

/** Numeric post-processing for learners that need dense, scaled inputs. */
export interface Scaling {
  /** Replaces missing values (the training median). */
  readonly fill: number;
  readonly mean: number;
  readonly std: number;
}

/** One output feature and how it is computed from the source column `source`. */
export type FeatureDef =
  | { readonly kind: 'numeric'; readonly name: string; readonly source: string; readonly scaling?: Scaling }
  | { readonly kind: 'datePart'; readonly name: string; readonly source: string; readonly part: DatePart; readonly scaling?: Scaling }
  /** Native categorical feature: codes index `levels`; unseen and missing labels are missing (-1). */
  | { readonly kind: 'categorical'; readonly name: string; readonly source: string; readonly levels: readonly string[] }
  /** 1 when the label is `level`; with `level` null, 1 for labels outside `known` (rare or unseen). */
  | { readonly kind: 'oneHot'; readonly name: string; readonly source: string; readonly level: string | null; readonly known?: readonly string[] }
  /** 1 when the source value is missing. */
  | { readonly kind: 'missingIndicator'; readonly name: string; readonly source: string };

/**
 * A fitted, serialisable feature plan: which columns feed the model and how. 'native' plans keep
 * categories as codes and missing values as they are (trees, naive Bayes); 'dense' plans impute,
 * one-hot encode and standardise (linear models, kNN, MLP). Fitted on training rows only.
 */
export interface FeaturePlan {
  readonly mode: 'native' | 'dense';
  readonly features: readonly FeatureDef[];
  /** Columns left out, with the reason (reported in the run's output). */
  readonly dropped: readonly { readonly column: string; readonly reason: string }[];
}

/** Most frequent levels kept as one-hot columns; the rest share an "other" column. */
const MAX_ONE_HOT_LEVELS = 32;
const DAY_MS = 86_400_000;

function columnOf(frame: Frame, name: string): Column {
  const column = frame.columns.find((c) => c.name === name);
  if (!column) throw new DataError(`the data has no column '${name}', which the model needs`);
  return column;
}

/** Value of a calendar part for an epoch-ms time (NaN stays NaN). */
export function datePart(ms: number, part: DatePart): number {
  if (Number.isNaN(ms)) return NaN;
  if (part === 'elapsedDays') return ms / DAY_MS;
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'weekday':
      return (d.getUTCDay() + 6) % 7; // Monday = 0, as pandas
    case 'hour':
      return d.getUTCHours() + d.getUTCMinutes() / 60;
    case 'dayOfYear':
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }
}

/** Raw numeric values of a numeric or date-part feature over the selected rows. */
function rawValues(def: Extract<FeatureDef, { kind: 'numeric' | 'datePart' }>, column: Column, rows: Uint32Array | undefined, n: number): Float64Array {
  if (column.storage === 'categorical') throw new DataError(`column '${def.source}' holds text, but the model expects numbers`);
  const values = column.values;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[rows ? rows[i] : i];
    out[i] = def.kind === 'datePart' ? datePart(v, def.part) : v;
  }
  return out;
}

function labelsOfColumn(column: Column, rows: Uint32Array | undefined, n: number): (string | undefined)[] {
  if (column.storage !== 'categorical') {
    return Array.from({ length: n }, (_, i) => {
      const v = column.values[rows ? rows[i] : i];
      return Number.isNaN(v) ? undefined : String(v);
    });
  }
  return Array.from({ length: n }, (_, i) => {
    const code = column.codes[rows ? rows[i] : i];
    return code < 0 ? undefined : column.dictionary[code];
  });
}

/** Median of the non-missing values (0 when there are none). */
function median(values: Float64Array): number {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0) return 0;
  const mid = present.length >> 1;
  return present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

function fitScaling(values: Float64Array): Scaling {
  const fill = median(values);
  let sum = 0;
  for (const v of values) sum += Number.isNaN(v) ? fill : v;
  const mean = values.length > 0 ? sum / values.length : 0;
  let sq = 0;
  for (const v of values) sq += ((Number.isNaN(v) ? fill : v) - mean) ** 2;
  const std = values.length > 0 ? Math.sqrt(sq / values.length) : 0;
  return { fill, mean, std: std > 0 ? std : 1 };
}

/**
 * Fits a feature plan on the `rows` of `frame` (all rows when undefined), leaving out `exclude`
 * (the target) and columns no model can use: identifiers, free text (until text features land),
 * constant and all-missing columns.
 */
export function fitFeaturePlan(frame: Frame, mode: FeaturePlan['mode'], exclude: readonly string[], rows?: Uint32Array): FeaturePlan {
  const n = rows ? rows.length : frame.rowCount;
  const features: FeatureDef[] = [];
  const dropped: { column: string; reason: string }[] = [];
  for (const column of frame.columns) {
    if (exclude.includes(column.name)) continue;
    if (column.type === 'id') {
      dropped.push({ column: column.name, reason: 'identifier (a distinct value per row)' });
      continue;
    }
    if (column.type === 'text') {
      dropped.push({ column: column.name, reason: 'free text (text features are not supported yet)' });
      continue;
    }
    const labels = column.storage === 'categorical' ? labelsOfColumn(column, rows, n) : undefined;
    if (column.storage === 'categorical' && labels) {
      const counts = new Map<string, number>();
      let missing = 0;
      for (const label of labels) {
        if (label === undefined) missing++;
        else counts.set(label, (counts.get(label) ?? 0) + 1);
      }
      if (counts.size === 0) {
        dropped.push({ column: column.name, reason: 'no values' });
        continue;
      }
      if (counts.size === 1 && missing === 0) {
        dropped.push({ column: column.name, reason: 'constant' });
        continue;
      }
      if (mode === 'native') {
        features.push({ kind: 'categorical', name: column.name, source: column.name, levels: [...counts.keys()] });
        continue;
      }
      const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
      const known = ranked.slice(0, MAX_ONE_HOT_LEVELS);
      // A binary column needs one indicator, not two.
      const levels = counts.size === 2 && missing === 0 ? known.slice(1) : known;
      for (const level of levels) features.push({ kind: 'oneHot', name: `${column.name}=${level}`, source: column.name, level });
      if (ranked.length > known.length) features.push({ kind: 'oneHot', name: `${column.name}=(other)`, source: column.name, level: null, known });
      if (missing > 0) features.push({ kind: 'missingIndicator', name: `${column.name}=(missing)`, source: column.name });
      continue;
    }
    const defs: Extract<FeatureDef, { kind: 'numeric' | 'datePart' }>[] =
      column.storage === 'datetime' ? dateFeatures(column) : [{ kind: 'numeric', name: column.name, source: column.name }];
    let usable = 0;
    for (const def of defs) {
      const values = rawValues(def, column, rows, n);
      let first = NaN;
      let varies = false;
      let missing = 0;
      for (const v of values) {
        if (Number.isNaN(v)) missing++;
        else if (Number.isNaN(first)) first = v;
        else if (v !== first) varies = true;
      }
      if (missing === n || (!varies && missing === 0)) continue;
      usable++;
      if (mode === 'native') {
        features.push(def);
        continue;
      }
      features.push({ ...def, scaling: fitScaling(values) });
      if (missing > 0) features.push({ kind: 'missingIndicator', name: `${def.name}=(missing)`, source: column.name });
    }
    if (usable === 0) dropped.push({ column: column.name, reason: column.storage === 'datetime' ? 'constant or empty date' : 'constant or empty' });
  }
  return { mode, features, dropped };
}

/** The calendar parts of a datetime column (with the hour when any value has a time). */
function dateFeatures(column: Column): Extract<FeatureDef, { kind: 'datePart' }>[] {
  const parts: DatePart[] = ['year', 'month', 'day', 'weekday', 'dayOfYear', 'elapsedDays'];
  if (column.storage === 'datetime' && column.format.hasTime) parts.splice(4, 0, 'hour');
  return parts.map((part) => ({ kind: 'datePart', name: `${column.name}.${part}`, source: column.name, part }));
}

/** Applies a fitted plan to `frame` (any rows; new categories are handled as the plan says). */
export function applyFeaturePlan(plan: FeaturePlan, frame: Frame, rows?: Uint32Array): FeatureMatrix {
  const n = rows ? rows.length : frame.rowCount;
  const labelCache = new Map<string, (string | undefined)[]>();
  const labels = (source: string): (string | undefined)[] => {
    let cached = labelCache.get(source);
    if (!cached) {
      cached = labelsOfColumn(columnOf(frame, source), rows, n);
      labelCache.set(source, cached);
    }
    return cached;
  };
  const columns: FeatureColumn[] = plan.features.map((def): FeatureColumn => {
    switch (def.kind) {
      case 'numeric':
      case 'datePart': {
        const values = rawValues(def, columnOf(frame, def.source), rows, n);
        if (def.scaling) {
          const { fill, mean, std } = def.scaling;
          for (let i = 0; i < n; i++) values[i] = ((Number.isNaN(values[i]) ? fill : values[i]) - mean) / std;
        }
        return { kind: 'numeric', name: def.name, values };
      }
      case 'categorical': {
        const index = new Map(def.levels.map((label, code) => [label, code]));
        const codes = Int32Array.from(labels(def.source), (label) => (label === undefined ? -1 : (index.get(label) ?? -1)));
        return { kind: 'categorical', name: def.name, codes, levels: def.levels.length };
      }
      case 'oneHot': {
        const known = def.known ? new Set(def.known) : undefined;
        const values = Float64Array.from(labels(def.source), (label) =>
          def.level === null ? (label !== undefined && !known?.has(label) ? 1 : 0) : label === def.level ? 1 : 0,
        );
        return { kind: 'numeric', name: def.name, values };
      }
      case 'missingIndicator': {
        const column = columnOf(frame, def.source);
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const r = rows ? rows[i] : i;
          values[i] = column.storage === 'categorical' ? (column.codes[r] < 0 ? 1 : 0) : Number.isNaN(column.values[r]) ? 1 : 0;
        }
        return { kind: 'numeric', name: def.name, values };
      }
    }
  });
  return { rows: n, columns };
}
