/**
 * Model-agnostic KernelSHAP (Lundberg & Lee 2017, "A unified approach to interpreting model
 * predictions", Theorem 2), following shap's `KernelExplainer`.
 *
 * The value of a coalition S of features is the interventional expectation
 * v(S) = Σ_b w_b f(x_S, bg_{b,¬S}) over a weighted background. Shapley values are the solution of
 * a weighted linear regression of v(S) − base on the coalition indicators z(S), with the Shapley
 * kernel weights (M − 1) / (C(M, |S|) · |S| · (M − |S|)) and the empty and full coalitions fixed
 * by constraints: φ₀ = base and Σ φ = f(x) − base. With every coalition in the regression the
 * solution is exactly the Shapley values; with a sample of coalitions it converges to them.
 *
 * Only the features that differ from some background row take part (a feature equal to every
 * background value cannot change any v(S)), so M is the number of such "varying" features.
 */
import { CancelledError } from '../errors';
import type { FeatureColumn, FeatureMatrix } from '../learners/types';
import type { Rng } from '../random';

export interface KernelShapOptions {
  /**
   * Coalition samples per row (default: 2·M + 2048, M = the row's varying features). When
   * 2^M − 2 <= samples every coalition is enumerated and the values are exact.
   */
  readonly samples?: number;
  /** Source of the coalition samples: the same seed gives the same values. */
  readonly rng: Rng;
  /** Checked between rows; when set, `kernelShap` throws `CancelledError`. */
  readonly signal?: { readonly aborted: boolean };
}

/**
 * The explained function: maps a FeatureMatrix to one Float64Array of `x.rows` values per output
 * (e.g. a model's `predictRaw`). It must not keep or modify its argument: the synthetic rows
 * live in buffers that are reused between calls.
 */
export type BatchFunction = (x: FeatureMatrix) => Float64Array[];

/** A background data set: rows (with the same columns as the explained rows) and their weights. */
export interface WeightedBackground {
  readonly data: FeatureMatrix;
  /** One non-negative weight per background row; normalised to sum 1 here. */
  readonly weights: Float64Array;
}

export interface KernelShapResult {
  /** Per output: the weighted mean of f over the background (the base value). */
  readonly base: Float64Array;
  /** values[o][r * features + j]: SHAP value of feature j for row r and output o. */
  readonly values: Float64Array[];
  /** f(x) per output and row. */
  readonly output: Float64Array[];
}

/** Synthetic rows per call of f: bounds the memory of one batch while keeping calls few. */
const MAX_BATCH_ROWS = 100_000;

/**
 * KernelSHAP values of every row of `x` for every output of `f`. For each row and output,
 * `base[o] + Σ_j values[o][r * features + j] === output[o][r]` up to rounding: the efficiency
 * constraint is enforced by eliminating one variable from the regression, as shap does.
 * Throws `TypeError` when the background's columns do not match `x`, `RangeError` on bad options
 * or when `f` returns arrays of the wrong length, and `CancelledError` when `options.signal` aborts.
 */
export function kernelShap(f: BatchFunction, x: FeatureMatrix, background: WeightedBackground, options: KernelShapOptions): KernelShapResult {
  const features = x.columns.length;
  const bg = background.data;
  checkBackground(x, background);
  if (options.samples !== undefined && !(Number.isInteger(options.samples) && options.samples >= 1)) {
    throw new RangeError(`samples must be a positive integer, got ${options.samples}`);
  }
  const bgWeights = normalisedWeights(background.weights);

  const bgOutput = checkOutputs(f(bg), bg.rows, undefined);
  const outputs = bgOutput.length;
  const base = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) {
    let sum = 0;
    for (let b = 0; b < bg.rows; b++) sum += bgWeights[b] * bgOutput[o][b];
    base[o] = sum;
  }
  const output = x.rows > 0 ? checkOutputs(f(x), x.rows, outputs) : Array.from({ length: outputs }, () => new Float64Array(0));
  const values = Array.from({ length: outputs }, () => new Float64Array(x.rows * features));

  const scratch = new SyntheticRows(x, bg);
  const change = new Float64Array(outputs);
  for (let r = 0; r < x.rows; r++) {
    if (options.signal?.aborted) throw new CancelledError();
    const varying = varyingFeatures(x, bg, r);
    const m = varying.length;
    for (let o = 0; o < outputs; o++) change[o] = output[o][r] - base[o];
    if (m === 0) continue; // the row is the background: nothing to attribute
    if (m === 1) {
      for (let o = 0; o < outputs; o++) values[o][r * features + varying[0]] = change[o];
      continue;
    }
    const samples = options.samples ?? 2 * m + 2048;
    const design = m <= 30 && 2 ** m - 2 <= samples ? allCoalitions(m) : sampledCoalitions(m, samples, options.rng);
    const ey = scratch.evaluate(f, r, varying, design, bgWeights, outputs);
    const phi = solveConstrained(design, m, ey, base, change);
    for (let o = 0; o < outputs; o++) {
      const row = values[o].subarray(r * features, (r + 1) * features);
      for (let k = 0; k < m; k++) row[varying[k]] = phi[o][k];
    }
  }
  return { base, values, output };
}

function checkBackground(x: FeatureMatrix, background: WeightedBackground): void {
  const bg = background.data;
  if (bg.rows < 1) throw new RangeError('the background needs at least one row');
  if (background.weights.length !== bg.rows) throw new RangeError(`${background.weights.length} background weights for ${bg.rows} rows`);
  if (bg.columns.length !== x.columns.length) throw new TypeError(`background has ${bg.columns.length} columns, x has ${x.columns.length}`);
  x.columns.forEach((column, j) => {
    if (bg.columns[j].kind !== column.kind) throw new TypeError(`column ${j} (${column.name}) is ${column.kind} in x but ${bg.columns[j].kind} in the background`);
  });
}

function normalisedWeights(weights: Float64Array): Float64Array {
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`background weights must be finite and non-negative, got ${w}`);
    total += w;
  }
  if (!(total > 0)) throw new RangeError('background weights sum to 0');
  return weights.map((w) => w / total);
}

function checkOutputs(out: Float64Array[], rows: number, outputs: number | undefined): Float64Array[] {
  if (out.length < 1) throw new RangeError('f returned no outputs');
  if (outputs !== undefined && out.length !== outputs) throw new RangeError(`f returned ${out.length} outputs, expected ${outputs}`);
  for (const o of out) if (o.length !== rows) throw new RangeError(`f returned ${o.length} values for ${rows} rows`);
  return out;
}

/**
 * Features of row `r` that differ from the value of some background row. Equality is exact
 * (NaN equals NaN, every negative code is "missing"): a tolerance would zero out a feature
 * that a steep model still responds to.
 */
function varyingFeatures(x: FeatureMatrix, bg: FeatureMatrix, r: number): Int32Array {
  const out: number[] = [];
  for (let j = 0; j < x.columns.length; j++) if (varies(x.columns[j], bg.columns[j], r, bg.rows)) out.push(j);
  return Int32Array.from(out);
}

function varies(column: FeatureColumn, other: FeatureColumn, r: number, bgRows: number): boolean {
  if (column.kind === 'numeric' && other.kind === 'numeric') {
    const v = column.values[r];
    const missing = Number.isNaN(v);
    for (let b = 0; b < bgRows; b++) {
      const u = other.values[b];
      if (u !== v && !(missing && Number.isNaN(u))) return true;
    }
  } else if (column.kind === 'categorical' && other.kind === 'categorical') {
    const v = Math.max(-1, column.codes[r]);
    for (let b = 0; b < bgRows; b++) if (Math.max(-1, other.codes[b]) !== v) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Coalitions: row-major 0/1 masks over the M varying features, with regression weights.

interface Coalitions {
  readonly count: number;
  /** masks[c * M + k] = 1 when varying feature k is in coalition c. */
  readonly masks: Uint8Array;
  readonly weights: Float64Array;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result); // exact while it fits in a double's integers
}

/** Every coalition but the empty and the full one, with Shapley kernel weights summing to 1. */
function allCoalitions(m: number): Coalitions {
  const count = 2 ** m - 2;
  const masks = new Uint8Array(count * m);
  const weights = new Float64Array(count);
  const sizeWeight = new Float64Array(m);
  let total = 0;
  for (let s = 1; s < m; s++) {
    sizeWeight[s] = (m - 1) / (binomial(m, s) * s * (m - s));
    total += sizeWeight[s] * binomial(m, s);
  }
  for (let c = 0; c < count; c++) {
    const bits = c + 1;
    let size = 0;
    for (let k = 0; k < m; k++) {
      const on = (bits >>> k) & 1;
      masks[c * m + k] = on;
      size += on;
    }
    weights[c] = sizeWeight[size] / total;
  }
  return { count, masks, weights };
}

/** Growable coalition list that merges duplicates (a repeated sample adds to the first one's weight). */
class CoalitionList {
  count = 0;
  masks: Uint8Array;
  weights: Float64Array;
  private readonly index = new Map<string, number>();
  private readonly keyChars: number[];

  constructor(private readonly m: number, capacity: number) {
    this.masks = new Uint8Array(capacity * m);
    this.weights = new Float64Array(capacity);
    this.keyChars = new Array<number>(Math.ceil(m / 16)).fill(0);
  }

  /** Adds `mask` (length M) with `weight`, or adds `weight` to an equal coalition already listed. Returns whether it was new. */
  add(mask: Uint8Array, weight: number): boolean {
    const key = this.key(mask);
    const existing = this.index.get(key);
    if (existing !== undefined) {
      this.weights[existing] += weight;
      return false;
    }
    if (this.count === this.weights.length) this.grow();
    this.masks.set(mask, this.count * this.m);
    this.weights[this.count] = weight;
    this.index.set(key, this.count++);
    return true;
  }

  /** The mask packed 16 features per UTF-16 unit: short, and equal exactly when the masks are. */
  private key(mask: Uint8Array): string {
    const chars = this.keyChars;
    chars.fill(0);
    for (let k = 0; k < this.m; k++) if (mask[k]) chars[k >>> 4] |= 1 << (k & 15);
    return String.fromCharCode(...chars);
  }

  private grow(): void {
    const capacity = Math.max(16, this.weights.length * 2);
    const masks = new Uint8Array(capacity * this.m);
    masks.set(this.masks);
    const weights = new Float64Array(capacity);
    weights.set(this.weights);
    this.masks = masks;
    this.weights = weights;
  }
}

/**
 * shap's coalition sampling: coalition sizes s and M − s are paired and share the kernel weight.
 * Sizes from the outside in are enumerated completely while the sample budget covers them in
 * proportion to their weight; the rest of the budget draws sizes by the remaining kernel weight,
 * a uniform coalition of that size and its complement (paired sampling cancels the leading
 * error term). Repeated draws add to a coalition's count; the drawn part is then rescaled to the
 * total kernel weight of the sizes it stands for.
 */
function sampledCoalitions(m: number, samples: number, rng: Rng): Coalitions {
  const sizes = Math.ceil((m - 1) / 2);
  const pairedSizes = Math.floor((m - 1) / 2);
  const sizeWeight = new Float64Array(sizes);
  let total = 0;
  for (let s = 1; s <= sizes; s++) {
    sizeWeight[s - 1] = ((m - 1) / (s * (m - s))) * (s <= pairedSizes ? 2 : 1);
    total += sizeWeight[s - 1];
  }
  for (let i = 0; i < sizes; i++) sizeWeight[i] /= total;

  const list = new CoalitionList(m, Math.min(samples, 4096));
  const mask = new Uint8Array(m);
  let left = samples;
  let fullSizes = 0;
  let remainingWeight = 1; // kernel weight of the sizes not yet enumerated
  for (let s = 1; s <= sizes; s++) {
    const paired = s <= pairedSizes;
    const subsets = binomial(m, s) * (paired ? 2 : 1);
    if ((left * sizeWeight[s - 1]) / remainingWeight / subsets < 1 - 1e-8) break;
    fullSizes++;
    left -= subsets;
    remainingWeight -= sizeWeight[s - 1];
    const w = sizeWeight[s - 1] / subsets;
    forEachSubset(m, s, mask, () => {
      list.add(mask, w);
      if (paired) {
        for (let k = 0; k < m; k++) mask[k] ^= 1;
        list.add(mask, w);
        for (let k = 0; k < m; k++) mask[k] ^= 1;
      }
    });
  }

  const fixed = list.count;
  if (fullSizes < sizes && left > 0) {
    // Each draw of a paired size also yields its complement, so those sizes are drawn half as often.
    const drawWeight = new Float64Array(sizes - fullSizes);
    let drawTotal = 0;
    for (let i = fullSizes; i < sizes; i++) {
      drawWeight[i - fullSizes] = sizeWeight[i] / (i + 1 <= pairedSizes ? 2 : 1);
      drawTotal += drawWeight[i - fullSizes];
    }
    const order = Int32Array.from({ length: m }, (_, k) => k);
    for (let draw = 0, draws = 4 * left; draw < draws && left > 0; draw++) {
      let u = rng.next() * drawTotal;
      let i = 0;
      while (i < drawWeight.length - 1 && u >= drawWeight[i]) u -= drawWeight[i++];
      const s = fullSizes + i + 1;
      // A uniform s-subset: the first s places of a partial Fisher–Yates shuffle.
      mask.fill(0);
      for (let k = 0; k < s; k++) {
        const j = k + rng.int(m - k);
        const t = order[k];
        order[k] = order[j];
        order[j] = t;
        mask[order[k]] = 1;
      }
      if (list.add(mask, 1)) left--;
      if (left > 0 && s <= pairedSizes) {
        for (let k = 0; k < m; k++) mask[k] ^= 1;
        if (list.add(mask, 1)) left--;
      }
    }
    let drawn = 0;
    for (let c = fixed; c < list.count; c++) drawn += list.weights[c];
    const scale = remainingWeight / drawn;
    for (let c = fixed; c < list.count; c++) list.weights[c] *= scale;
  }
  return { count: list.count, masks: list.masks, weights: list.weights };
}

/** Calls `visit` with `mask` set to every subset of size `s` of `m` features (lexicographic). */
function forEachSubset(m: number, s: number, mask: Uint8Array, visit: () => void): void {
  const chosen = Int32Array.from({ length: s }, (_, i) => i);
  for (;;) {
    mask.fill(0);
    for (let i = 0; i < s; i++) mask[chosen[i]] = 1;
    visit();
    let i = s - 1;
    while (i >= 0 && chosen[i] === m - s + i) i--;
    if (i < 0) return;
    chosen[i]++;
    for (let j = i + 1; j < s; j++) chosen[j] = chosen[j - 1] + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation: v(S) for every coalition, in batches of (coalitions × background rows).

/** Column buffers for synthetic rows, grown on demand and reused across rows and batches. */
class SyntheticRows {
  private capacity = 0;
  private buffers: (Float64Array | Int32Array)[] = [];

  constructor(
    private readonly x: FeatureMatrix,
    private readonly bg: FeatureMatrix,
  ) {}

  /** Per output, v(S_c) = Σ_b w_b f(x_S, bg_{b,¬S}) for every coalition c of `design`. */
  evaluate(f: BatchFunction, r: number, varying: Int32Array, design: Coalitions, bgWeights: Float64Array, outputs: number): Float64Array[] {
    const { x, bg } = this;
    const m = varying.length;
    const bgRows = bg.rows;
    const slot = new Int32Array(x.columns.length).fill(-1);
    for (let k = 0; k < m; k++) slot[varying[k]] = k;
    const ey = Array.from({ length: outputs }, () => new Float64Array(design.count));
    const perBatch = Math.max(1, Math.floor(MAX_BATCH_ROWS / bgRows));

    for (let c0 = 0; c0 < design.count; c0 += perBatch) {
      const c1 = Math.min(design.count, c0 + perBatch);
      const n = (c1 - c0) * bgRows;
      this.ensure(n);
      const columns = x.columns.map((column, j): FeatureColumn => {
        const k = slot[j];
        const other = bg.columns[j];
        if (column.kind === 'numeric' && other.kind === 'numeric') {
          const dst = (this.buffers[j] as Float64Array).subarray(0, n);
          fillColumn(dst, column.values[r], other.values.subarray(0, bgRows), design.masks, m, k, c0, c1);
          return { kind: 'numeric', name: column.name, values: dst };
        }
        if (column.kind === 'categorical' && other.kind === 'categorical') {
          const dst = (this.buffers[j] as Int32Array).subarray(0, n);
          fillColumn(dst, column.codes[r], other.codes.subarray(0, bgRows), design.masks, m, k, c0, c1);
          return { kind: 'categorical', name: column.name, codes: dst, levels: column.levels };
        }
        throw new TypeError(`column ${j} changed kind`);
      });
      const out = checkOutputs(f({ rows: n, columns }), n, outputs);
      for (let o = 0; o < outputs; o++) {
        const values = out[o];
        const target = ey[o];
        for (let c = c0; c < c1; c++) {
          const at = (c - c0) * bgRows;
          let sum = 0;
          for (let b = 0; b < bgRows; b++) sum += bgWeights[b] * values[at + b];
          target[c] = sum;
        }
      }
    }
    return ey;
  }

  private ensure(size: number): void {
    if (size <= this.capacity) return;
    this.capacity = size;
    this.buffers = this.x.columns.map((c) => (c.kind === 'numeric' ? new Float64Array(size) : new Int32Array(size)));
  }
}

/**
 * Synthetic values of one column for coalitions [c0, c1): the row's value where the coalition
 * holds the feature, else the background rows' values. A non-varying feature (`k` = -1) equals
 * every background value, so the row's value serves throughout.
 */
function fillColumn<T extends Float64Array | Int32Array>(dst: T, value: number, bgValues: T, masks: Uint8Array, m: number, k: number, c0: number, c1: number): void {
  if (k < 0) {
    dst.fill(value);
    return;
  }
  const bgRows = bgValues.length;
  for (let c = c0; c < c1; c++) {
    const at = (c - c0) * bgRows;
    if (masks[c * m + k]) dst.fill(value, at, at + bgRows);
    else dst.set(bgValues, at);
  }
}

// ---------------------------------------------------------------------------------------------
// Regression with the efficiency constraint.

/**
 * Weighted least squares of v(S) − base on z(S) subject to Σ φ = change, per output. The last
 * feature is eliminated (φ_last = change − Σ_{k<last} φ_k), which turns the problem into an
 * unconstrained one in M − 1 unknowns: design a_k = z_k − z_last, target v − base − z_last · change.
 * All outputs share the design, so the normal matrix is factored once.
 */
function solveConstrained(design: Coalitions, m: number, ey: Float64Array[], base: Float64Array, change: Float64Array): Float64Array[] {
  const l = m - 1;
  const { masks, weights, count } = design;
  const gram = new Float64Array(l * l);
  for (let c = 0; c < count; c++) {
    const w = weights[c];
    const row = c * m;
    const zLast = masks[row + l];
    for (let i = 0; i < l; i++) {
      const ai = masks[row + i] - zLast;
      if (ai === 0) continue;
      const wa = w * ai;
      for (let j = 0; j <= i; j++) gram[i * l + j] += wa * (masks[row + j] - zLast);
    }
  }
  const factor = choleskyWithRidge(gram, l);

  return ey.map((v, o) => {
    const rhs = new Float64Array(l);
    for (let c = 0; c < count; c++) {
      const row = c * m;
      const zLast = masks[row + l];
      const t = weights[c] * (v[c] - base[o] - zLast * change[o]);
      for (let i = 0; i < l; i++) rhs[i] += (masks[row + i] - zLast) * t;
    }
    const phi = new Float64Array(m);
    choleskySolve(factor, l, rhs, phi);
    let sum = 0;
    for (let i = 0; i < l; i++) sum += phi[i];
    phi[l] = change[o] - sum;
    return phi;
  });
}

/**
 * Cholesky factor (lower triangle, in place of a copy) of the symmetric matrix whose lower
 * triangle is in `a`. A sampled design may leave the matrix singular (too few coalitions for the
 * features); then a ridge of 1e-12 · trace, grown a hundredfold per retry, makes it definite
 * without visibly biasing a well-posed problem.
 */
function choleskyWithRidge(a: Float64Array, n: number): Float64Array {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i];
  const scale = trace > 0 ? trace / n : 1;
  for (let ridge = 0, attempt = 0; ; attempt++) {
    const l = a.slice();
    if (cholesky(l, n, ridge, 1e-13 * scale)) return l;
    if (attempt > 12) throw new RangeError('KernelSHAP regression is singular');
    ridge = ridge === 0 ? 1e-12 * trace : ridge * 100;
  }
}

/** In-place Cholesky of `l + ridge·I`; false when a pivot falls below `minPivot`. */
function cholesky(l: Float64Array, n: number, ridge: number, minPivot: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = l[j * n + j] + ridge;
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > minPivot)) return false;
    const root = Math.sqrt(d);
    l[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = l[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / root;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b into `out[0..n)`. */
function choleskySolve(l: Float64Array, n: number, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * out[k];
    out[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = out[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * out[k];
    out[i] = s / l[i * n + i];
  }
}
