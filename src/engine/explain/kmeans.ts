/**
 * A small weighted summary of a background data set, so that KernelSHAP's cost (which grows
 * with the background rows) stays bounded: k-means clusters, each represented by one of its
 * rows and weighted by its share of the data, like shap's `kmeans` summary.
 *
 * Distances mix numeric and categorical columns as in k-prototypes (Huang 1998): numeric columns
 * are standardised by their standard deviation (missing values sit at the column mean, i.e. 0),
 * and a categorical column adds 1, one squared standardised unit, when the codes differ. A
 * cluster's centre is the mean of its numeric values and the most frequent code of each
 * categorical column. Each cluster is then represented by its member closest to the centre, not
 * by the centre itself: a mean of category codes or of a column with missing values is not a
 * value the model has ever seen, while a real row always is.
 */
import type { FeatureMatrix } from '../learners/types';
import type { Rng } from '../random';

/** Lloyd iterations at most; the summary needs a good partition, not a converged one. */
const MAX_ITERATIONS = 20;

/**
 * At most `k` real rows of `x` with weights (summing to 1) that summarise it, for use as a
 * KernelSHAP background. When `x.rows <= k` every row is returned with equal weight. Fewer than
 * `k` rows come back when `x` has fewer than `k` distinct rows. Randomness (k-means++ seeding)
 * comes from `rng` only. Cost is O(rows · k · features) per iteration: subsample very large data
 * first. Throws `RangeError` unless `k` is a positive integer.
 */
export function summariseBackground(x: FeatureMatrix, k: number, rng: Rng): { data: FeatureMatrix; weights: Float64Array } {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const n = x.rows;
  if (n <= k) return { data: x, weights: new Float64Array(n).fill(1 / n) };

  const points = toPoints(x);
  const centres = seedCentres(points, k, rng);
  const assignment = new Int32Array(n);
  assign(points, centres, assignment);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    update(points, centres, assignment);
    if (!assign(points, centres, assignment)) break;
  }
  update(points, centres, assignment);

  // The member closest to each centre represents the cluster.
  const best = new Int32Array(centres.count).fill(-1);
  const bestDistance = new Float64Array(centres.count).fill(Infinity);
  const members = new Float64Array(centres.count);
  for (let i = 0; i < n; i++) {
    const c = assignment[i];
    members[c]++;
    const d = distance(points, i, centres, c);
    if (d < bestDistance[c]) {
      bestDistance[c] = d;
      best[c] = i;
    }
  }
  const rows: number[] = [];
  const weights: number[] = [];
  for (let c = 0; c < centres.count; c++) {
    if (members[c] === 0) continue;
    rows.push(best[c]);
    weights.push(members[c] / n);
  }
  return { data: gatherRows(x, Int32Array.from(rows)), weights: Float64Array.from(weights) };
}

/** Row-major standardised numeric values and categorical codes (missing code normalised to -1). */
interface Points {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  readonly numeric: Float64Array;
  readonly codes: Int32Array;
  /** Per categorical column, codes run over [-1, codeLimit). */
  readonly codeLimit: Int32Array;
}

interface Centres {
  count: number;
  readonly numeric: Float64Array;
  readonly codes: Int32Array;
}

function toPoints(x: FeatureMatrix): Points {
  const n = x.rows;
  const numericColumns = x.columns.flatMap((c) => (c.kind === 'numeric' ? [c.values] : []));
  const codeColumns = x.columns.flatMap((c) => (c.kind === 'categorical' ? [{ codes: c.codes, levels: c.levels }] : []));
  const p = numericColumns.length;
  const q = codeColumns.length;
  const numeric = new Float64Array(n * p);
  numericColumns.forEach((values, f) => {
    let count = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v) {
        count++;
        sum += v;
      }
    }
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v) squares += (v - mean) * (v - mean);
    }
    const std = count > 0 ? Math.sqrt(squares / count) : 0;
    const scale = std > 0 ? 1 / std : 1;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      numeric[i * p + f] = v === v ? (v - mean) * scale : 0;
    }
  });
  const codes = new Int32Array(n * q);
  const codeLimit = new Int32Array(q);
  codeColumns.forEach(({ codes: column, levels }, f) => {
    let limit = levels;
    for (let i = 0; i < n; i++) {
      const code = Math.max(-1, column[i]);
      codes[i * q + f] = code;
      if (code >= limit) limit = code + 1;
    }
    codeLimit[f] = limit;
  });
  return { n, p, q, numeric, codes, codeLimit };
}

/** Squared distance between point `i` and centre `c`. */
function distance(points: Points, i: number, centres: Centres, c: number): number {
  const { p, q } = points;
  let d = 0;
  for (let f = 0, a = i * p, b = c * p; f < p; f++) {
    const diff = points.numeric[a + f] - centres.numeric[b + f];
    d += diff * diff;
  }
  for (let f = 0, a = i * q, b = c * q; f < q; f++) if (points.codes[a + f] !== centres.codes[b + f]) d += 1;
  return d;
}

/**
 * k-means++ (Arthur & Vassilvitskii 2007): each next centre is a row drawn with probability
 * proportional to its squared distance to the nearest centre so far. Stops early when every row
 * coincides with a centre (fewer distinct rows than k).
 */
function seedCentres(points: Points, k: number, rng: Rng): Centres {
  const { n, p, q } = points;
  const centres: Centres = { count: 0, numeric: new Float64Array(k * p), codes: new Int32Array(k * q) };
  const nearest = new Float64Array(n).fill(Infinity);
  let row = rng.int(n);
  for (;;) {
    const c = centres.count++;
    centres.numeric.set(points.numeric.subarray(row * p, (row + 1) * p), c * p);
    centres.codes.set(points.codes.subarray(row * q, (row + 1) * q), c * q);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = distance(points, i, centres, c);
      if (d < nearest[i]) nearest[i] = d;
      total += nearest[i];
    }
    if (centres.count === k || !(total > 0)) return centres;
    let u = rng.next() * total;
    row = -1;
    for (let i = 0; i < n; i++) {
      if (nearest[i] === 0) continue;
      row = i;
      u -= nearest[i];
      if (u < 0) break;
    }
  }
}

/** Assigns every point to its nearest centre (lowest index on ties); returns whether any changed. */
function assign(points: Points, centres: Centres, assignment: Int32Array): boolean {
  let changed = false;
  for (let i = 0; i < points.n; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < centres.count; c++) {
      const d = distance(points, i, centres, c);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (assignment[i] !== best) {
      assignment[i] = best;
      changed = true;
    }
  }
  return changed;
}

/** Moves each non-empty cluster's centre to its members' means and modes; empty clusters keep theirs. */
function update(points: Points, centres: Centres, assignment: Int32Array): void {
  const { n, p, q, codeLimit } = points;
  const k = centres.count;
  const sums = new Float64Array(k * p);
  const members = new Float64Array(k);
  // Code counts per (cluster, categorical column), code -1 at offset 0.
  const offset = new Int32Array(q + 1);
  for (let f = 0; f < q; f++) offset[f + 1] = offset[f] + codeLimit[f] + 1;
  const counts = new Int32Array(k * offset[q]);
  for (let i = 0; i < n; i++) {
    const c = assignment[i];
    members[c]++;
    for (let f = 0; f < p; f++) sums[c * p + f] += points.numeric[i * p + f];
    for (let f = 0; f < q; f++) counts[c * offset[q] + offset[f] + points.codes[i * q + f] + 1]++;
  }
  for (let c = 0; c < k; c++) {
    if (members[c] === 0) continue;
    for (let f = 0; f < p; f++) centres.numeric[c * p + f] = sums[c * p + f] / members[c];
    for (let f = 0; f < q; f++) {
      const at = c * offset[q] + offset[f];
      let mode = 0;
      for (let v = 1; v <= codeLimit[f]; v++) if (counts[at + v] > counts[at + mode]) mode = v;
      centres.codes[c * q + f] = mode - 1;
    }
  }
}

/** The rows `rows` of `x`, in that order, with the same columns. */
function gatherRows(x: FeatureMatrix, rows: Int32Array): FeatureMatrix {
  return {
    rows: rows.length,
    columns: x.columns.map((c) =>
      c.kind === 'numeric' ? { ...c, values: Float64Array.from(rows, (r) => c.values[r]) } : { ...c, codes: Int32Array.from(rows, (r) => c.codes[r]) },
    ),
  };
}
