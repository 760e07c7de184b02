/**
 * Interactions worth a look, from SHAP values alone (after the heuristic behind the colouring of
 * SHAP dependence plots): if column `a`'s contribution at a given value of `a` still moves with
 * column `b`, the model combines them. Rows are sorted by `a` and cut into bins; within each bin,
 * what `a` itself explains of its SHAP values (a straight line in `a`) is removed, and the rest is
 * correlated with `b`. A bin scores |correlation| times the share of the bin's SHAP spread left
 * after removing that line, so an additive effect scores 0 however the noise correlates. Bins are
 * averaged, weighted by size. Cost: O(rows · pairs).
 */

/** A column's values as numbers for correlations: numbers, dates, or category codes (NaN missing). */
export interface NumericView {
  readonly name: string;
  readonly values: Float64Array;
}

/** Pearson correlation of two equally long slices, skipping rows where either is NaN. */
function correlation(x: Float64Array, y: Float64Array, order: Uint32Array, from: number, to: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = from; i < to; i++) {
    const a = x[order[i]];
    const b = y[order[i]];
    if (a !== a || b !== b) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 3) return 0;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = from; i < to; i++) {
    const a = x[order[i]];
    const b = y[order[i]];
    if (a !== a || b !== b) continue;
    sxx += (a - mx) * (a - mx);
    syy += (b - my) * (b - my);
    sxy += (a - mx) * (b - my);
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * Strengths in [0, 1] of the interactions of `a` (with SHAP values `shapA`) with other columns:
 * for a column `b`, the mean over bins of rows with similar `a` of |correlation of `b` with what
 * `a`'s trend leaves of `shapA`| times the share it leaves. The sort of `a` and each bin's
 * residuals do not depend on `b`, so they are computed once here for all the `b`s.
 */
export function interactionStrengths(a: Float64Array, shapA: Float64Array): (b: Float64Array) => number {
  const rows = a.length;
  const order = Uint32Array.from({ length: rows }, (_, i) => i).sort((i, j) => {
    const x = a[i];
    const y = a[j];
    if (x !== x) return y !== y ? i - j : 1;
    if (y !== y) return -1;
    return x - y || i - j;
  });
  const binSize = Math.max(20, Math.ceil(rows / 10));
  const residual = new Float64Array(rows);
  const bins: { from: number; to: number; left: number }[] = [];
  for (let from = 0; from < rows; from += binSize) {
    const to = Math.min(rows, from + binSize);
    if (to - from >= 10) bins.push({ from, to, left: residualShare(a, shapA, order, from, to, residual) });
  }
  return (b) => {
    let total = 0;
    let weight = 0;
    for (const { from, to, left } of bins) {
      total += (to - from) * (left > 1e-9 ? left * Math.abs(correlation(residual, b, order, from, to)) : 0);
      weight += to - from;
    }
    return weight > 0 ? total / weight : 0;
  };
}

/**
 * Fills `residual` (at the bin's rows) with `shap` minus its least-squares line in `x` over the
 * bin, and returns the residuals' standard deviation as a share of the SHAP values' (0 when the
 * line explains everything).
 */
function residualShare(x: Float64Array, shap: Float64Array, order: Uint32Array, from: number, to: number, residual: Float64Array): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = from; i < to; i++) {
    const r = order[i];
    if (x[r] !== x[r]) continue;
    n++;
    sx += x[r];
    sy += shap[r];
  }
  const mx = n > 0 ? sx / n : 0;
  const my = n > 0 ? sy / n : 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = from; i < to; i++) {
    const r = order[i];
    if (x[r] !== x[r]) continue;
    sxx += (x[r] - mx) ** 2;
    sxy += (x[r] - mx) * (shap[r] - my);
    syy += (shap[r] - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  let rss = 0;
  for (let i = from; i < to; i++) {
    const r = order[i];
    residual[r] = x[r] !== x[r] ? NaN : shap[r] - my - slope * (x[r] - mx);
    if (x[r] === x[r]) rss += residual[r] ** 2;
  }
  return syy > 0 ? Math.sqrt(rss / syy) : 0;
}

export interface Interaction {
  /** The column whose effect depends on `with`. */
  readonly column: string;
  readonly with: string;
  readonly strength: number;
}

/**
 * The strongest interactions of the `top` columns (by importance, first = most important) with
 * any of the others, strongest first. `shapOf(j)` gives column j's SHAP values over the rows.
 */
export function findInteractions(columns: readonly NumericView[], shapOf: (j: number) => Float64Array, top: readonly number[], limit: number): Interaction[] {
  const found: Interaction[] = [];
  for (const i of top) {
    const strengthWith = interactionStrengths(columns[i].values, shapOf(i));
    for (let j = 0; j < columns.length; j++) {
      if (j === i) continue;
      const strength = strengthWith(columns[j].values);
      found.push({ column: columns[i].name, with: columns[j].name, strength });
    }
  }
  found.sort((p, q) => q.strength - p.strength);
  // One entry per unordered pair.
  const seen = new Set<string>();
  return found
    .filter((p) => {
      const key = [p.column, p.with].sort().join('\u0000');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, limit);
}
