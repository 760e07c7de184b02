import type { Column, Frame } from '../data/frame';
import { isIdLike } from './columnFlags';
import { correlationRatio, cramersV } from './contingency';
import { pearson, rankedColumn, spearmanRanked, type RankedColumn } from './correlation';
import { sampleRows } from './sampleRows';
import type { Association, ColumnProfile } from './types';

/** Associations on larger frames use a seeded sample of this many rows. */
export const ASSOCIATION_SAMPLE_ROWS = 200_000;
/** Default cap on the columns of the association matrix. */
export const DEFAULT_MAX_ASSOCIATION_COLUMNS = 30;

export interface AssociationOptions {
  /** Index in `frame.columns` of the target, if any. */
  readonly targetIndex?: number;
  readonly seed: number;
  /** At most this many columns enter the pairwise matrix. */
  readonly maxColumns: number;
  /** Row-sample size; `ASSOCIATION_SAMPLE_ROWS` unless given (tests use small values). */
  readonly sampleLimit?: number;
  /** Throws to stop the work (called between pairs). */
  readonly checkAborted: () => void;
  /** Fraction 0..1 of the association work done. */
  readonly onProgress?: (fraction: number) => void;
}

export interface Associations {
  /** Columns of the matrix, in frame order. */
  readonly columns: readonly string[];
  /** Rows the measures were computed on. */
  readonly sampledRows: number;
  /** Each defined pair once, `a` before `b` in frame order. */
  readonly pairs: readonly Association[];
  /**
   * Every candidate feature's association with the target, by feature name (also those left
   * out of the matrix), for leakage checks. Empty without a target or when the target is not
   * a candidate.
   */
  readonly withTarget: ReadonlyMap<string, Association>;
}

/**
 * Whether a column takes part in associations: not an ID or free text, not constant, and not
 * an ID-like dictionary column (whose Cramér's V and η would be 1 by construction).
 * Datetimes count as numeric; booleans as categorical.
 */
export function isAssociationCandidate(profile: ColumnProfile): boolean {
  if (profile.type === 'id' || profile.type === 'text' || profile.unique < 2) return false;
  return !(profile.storage === 'categorical' && isIdLike(profile));
}

type Prepared =
  | { readonly kind: 'numeric'; readonly values: Float64Array; ranked?: RankedColumn }
  | { readonly kind: 'categorical'; readonly codes: Int32Array; readonly levels: number };

/**
 * Pairwise associations among the most relevant candidate columns (see
 * `isAssociationCandidate`): numeric-numeric pairs get Pearson and Spearman, categorical pairs
 * Cramér's V, mixed pairs the correlation ratio η, all with pairwise deletion of missing values.
 * With a target, the matrix holds the target and the `maxColumns - 1` features most associated
 * with it; otherwise the `maxColumns` columns with the fewest missing values (ties by position).
 * On frames above the sample limit every measure uses the same seeded row sample.
 */
export function computeAssociations(frame: Frame, profiles: readonly ColumnProfile[], options: AssociationOptions): Associations {
  const room = Math.max(0, Math.floor(options.maxColumns));
  const candidates: number[] = [];
  profiles.forEach((p, i) => {
    if (isAssociationCandidate(p)) candidates.push(i);
  });
  const rows = sampleRows(frame.rowCount, options.sampleLimit ?? ASSOCIATION_SAMPLE_ROWS, options.seed);
  const identity = rows.length === frame.rowCount;
  const cache = new Map<number, Prepared>();
  const prepared = (index: number): Prepared => {
    let p = cache.get(index);
    if (p === undefined) {
      p = prepare(frame.columns[index], rows, identity);
      cache.set(index, p);
    }
    return p;
  };
  const measure = (i: number, j: number): Association | undefined => {
    const [first, second] = i < j ? [i, j] : [j, i];
    return associate(frame.columns[first].name, prepared(first), frame.columns[second].name, prepared(second));
  };

  const target = options.targetIndex;
  const withTarget = new Map<string, Association>();
  let chosen: number[];
  const targetScanned = target !== undefined && candidates.includes(target) && room > 0;
  const others = targetScanned ? candidates.filter((i) => i !== target) : [];
  const matrixSize = Math.min(candidates.length, room);
  const pairCount = (matrixSize * (matrixSize - 1)) / 2;
  const totalSteps = Math.max(1, others.length + pairCount);
  let steps = 0;
  const step = (): void => {
    steps++;
    options.onProgress?.(Math.min(1, steps / totalSteps));
  };

  if (targetScanned) {
    // Keep prepared features only when they will all be in the matrix anyway, bounding memory
    // to about `maxColumns` sampled columns on wide frames.
    const keepAll = others.length < room;
    const score = new Map<number, number>();
    for (const i of others) {
      options.checkAborted();
      const association = measure(target, i);
      if (association !== undefined) {
        withTarget.set(frame.columns[i].name, association);
        score.set(i, association.value);
      }
      if (!keepAll) cache.delete(i);
      step();
    }
    const byRelevance = others.slice().sort((x, y) => (score.get(y) ?? -1) - (score.get(x) ?? -1) || x - y);
    chosen = [target, ...byRelevance.slice(0, room - 1)];
  } else {
    chosen = candidates.slice().sort((x, y) => profiles[x].missing - profiles[y].missing || x - y).slice(0, room);
  }
  chosen.sort((x, y) => x - y);

  const pairs: Association[] = [];
  for (let x = 0; x < chosen.length; x++) {
    for (let y = x + 1; y < chosen.length; y++) {
      const i = chosen[x];
      const j = chosen[y];
      if (targetScanned && (i === target || j === target)) {
        const known = withTarget.get(frame.columns[i === target ? j : i].name);
        if (known !== undefined) pairs.push(known);
        continue;
      }
      options.checkAborted();
      const association = measure(i, j);
      if (association !== undefined) pairs.push(association);
      step();
    }
  }
  options.onProgress?.(1);
  return {
    columns: chosen.map((i) => frame.columns[i].name),
    sampledRows: rows.length,
    pairs,
    withTarget,
  };
}

/** The sampled rows of a column: numeric values as is, dictionary codes renumbered densely. */
function prepare(column: Column, rows: Uint32Array, identity: boolean): Prepared {
  const m = rows.length;
  if (column.storage !== 'categorical') {
    if (identity) return { kind: 'numeric', values: column.values };
    const values = new Float64Array(m);
    const source = column.values;
    for (let k = 0; k < m; k++) values[k] = source[rows[k]];
    return { kind: 'numeric', values };
  }
  const source = column.codes;
  const dictionarySize = column.dictionary.length;
  // Only levels present in the sample get a code, which keeps contingency tables small.
  const remap = new Int32Array(dictionarySize).fill(-1);
  const codes = new Int32Array(m);
  let levels = 0;
  for (let k = 0; k < m; k++) {
    const code = source[identity ? k : rows[k]];
    if (code < 0 || code >= dictionarySize) {
      codes[k] = -1;
      continue;
    }
    let dense = remap[code];
    if (dense < 0) dense = remap[code] = levels++;
    codes[k] = dense;
  }
  return { kind: 'categorical', codes, levels };
}

function associate(a: string, p: Prepared, b: string, q: Prepared): Association | undefined {
  if (p.kind === 'numeric' && q.kind === 'numeric') {
    p.ranked ??= rankedColumn(p.values);
    q.ranked ??= rankedColumn(q.values);
    const rho = spearmanRanked(p.ranked, q.ranked);
    if (rho === undefined) return undefined;
    const r = pearson(p.values, q.values);
    return r === undefined ? { a, b, spearman: rho, value: Math.abs(rho) } : { a, b, pearson: r, spearman: rho, value: Math.abs(rho) };
  }
  if (p.kind === 'categorical' && q.kind === 'categorical') {
    const v = cramersV(p.codes, p.levels, q.codes, q.levels);
    return v === undefined ? undefined : { a, b, cramersV: v, value: v };
  }
  let eta: number | undefined;
  if (p.kind === 'numeric' && q.kind === 'categorical') eta = correlationRatio(p.values, q.codes, q.levels);
  else if (p.kind === 'categorical' && q.kind === 'numeric') eta = correlationRatio(q.values, p.codes, p.levels);
  return eta === undefined ? undefined : { a, b, correlationRatio: eta, value: eta };
}
