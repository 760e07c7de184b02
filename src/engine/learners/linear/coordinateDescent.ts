/** The weighted least-squares problem `coordinateDescent` solves. */
export interface ElasticNetProblem {
  /** Standardised feature columns (weighted mean 0), one array per feature. */
  readonly columns: readonly Float64Array[];
  /** Target minus its weighted mean. */
  readonly target: Float64Array;
  /** Row weights normalised to sum to 1 (`w_i / W`). */
  readonly weights: Float64Array;
  /** L1 strength (`alpha * l1Ratio`). */
  readonly l1: number;
  /** L2 strength (`alpha * (1 - l1Ratio)`). */
  readonly l2: number;
}

/** Settings of `coordinateDescent`. */
export interface CoordinateDescentOptions {
  /** Maximum sweeps over all coordinates. */
  readonly maxIter: number;
  /** Stop when no coordinate violates its optimality condition by more than this (target units). */
  readonly tol: number;
  /**
   * Whether to work from the Gram matrix (`p x p`, built in n p^2 / 2 steps, then O(p^2) per
   * sweep) or from the residuals (O(n p) per sweep). 'auto' (the default) starts from residuals
   * and switches to the Gram matrix once the sweeps done would have paid for building it (about
   * p / 4 sweeps), if there are at least as many rows as features and the matrix stays small, so
   * the cost stays within about twice the better of the two.
   */
  readonly gram?: boolean | 'auto';
  /** Called before each sweep with its 0-based index; may throw to stop (cancellation). */
  readonly beforeIteration?: (iteration: number) => void;
  /** Called after each sweep with the number of sweeps done. */
  readonly afterIteration?: (done: number) => void;
}

/** What `coordinateDescent` found. */
export interface CoordinateDescentResult {
  readonly coef: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  /** Largest optimality violation seen in the last sweep. */
  readonly violation: number;
}

const MAX_GRAM_FEATURES = 2048;

/**
 * Cyclic coordinate descent for the elastic net on centred data:
 * `min_b 1/2 sum_i w_i (t_i - x_i b)^2 + l1 |b|_1 + l2/2 |b|^2` with `sum w = 1`, which is
 * scikit-learn's `ElasticNet` objective once weights are normalised. Each coordinate moves to its
 * exact minimiser, `soft(rho_j, l1) / (v_j + l2)`, so the iterates reach machine precision
 * without any line search. Convergence is measured by the largest subgradient violation
 * (evaluated before each coordinate's update), which is zero exactly at the optimum.
 */
export function coordinateDescent(problem: ElasticNetProblem, options: CoordinateDescentOptions): CoordinateDescentResult {
  const { columns, target, weights, l1, l2 } = problem;
  const p = columns.length;
  const n = target.length;
  const auto = options.gram === 'auto' || options.gram === undefined;
  const switchAfter = auto ? (n >= p && p <= MAX_GRAM_FEATURES ? Math.ceil(p / 4) : Infinity) : options.gram ? 0 : Infinity;
  const coef = new Float64Array(p);
  // v_j = sum w x_j^2: 1 for standardised columns, 0 for constant ones (whose coefficient stays 0).
  const v = new Float64Array(p);
  // c_j = sum w x_j t: the gradient of the loss at b = 0, up to sign.
  const c = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const x = columns[j];
    let vj = 0;
    let cj = 0;
    for (let i = 0; i < n; i++) {
      const wx = weights[i] * x[i];
      vj += wx * x[i];
      cj += wx * target[i];
    }
    v[j] = vj;
    c[j] = cj;
  }
  // Residual path: r = t - X b. Gram path: q = G b.
  let residual: Float64Array | undefined = target.slice();
  let gram: Float64Array | undefined;
  let q: Float64Array | undefined;

  let iterations = 0;
  let violation = Infinity;
  while (iterations < options.maxIter) {
    options.beforeIteration?.(iterations);
    if (!gram && iterations >= switchAfter) {
      gram = gramMatrix(columns, weights);
      q = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        if (coef[j] === 0) continue;
        for (let k = 0; k < p; k++) q[k] += coef[j] * gram[j * p + k];
      }
      residual = undefined;
    }
    violation = 0;
    for (let j = 0; j < p; j++) {
      const denominator = v[j] + l2;
      if (denominator === 0) continue;
      const old = coef[j];
      // Loss gradient for coordinate j: sum w x_j (X b - t).
      let gradient: number;
      if (gram && q) {
        gradient = q[j] - c[j];
      } else {
        const x = columns[j];
        const r = residual as Float64Array;
        let sum = 0;
        for (let i = 0; i < n; i++) sum += weights[i] * x[i] * r[i];
        gradient = -sum;
      }
      const smooth = gradient + l2 * old;
      const violated = old > 0 ? Math.abs(smooth + l1) : old < 0 ? Math.abs(smooth - l1) : Math.max(0, Math.abs(smooth) - l1);
      if (violated > violation) violation = violated;
      const rho = v[j] * old - gradient;
      const next = softThreshold(rho, l1) / denominator;
      const delta = next - old;
      if (delta === 0) continue;
      coef[j] = next;
      if (gram && q) {
        const row = j * p;
        for (let k = 0; k < p; k++) q[k] += delta * gram[row + k];
      } else {
        const x = columns[j];
        const r = residual as Float64Array;
        for (let i = 0; i < n; i++) r[i] -= delta * x[i];
      }
    }
    iterations++;
    options.afterIteration?.(iterations);
    if (violation <= options.tol) return { coef, iterations, converged: true, violation };
  }
  return { coef, iterations, converged: false, violation };
}

/** `sign(z) * max(|z| - t, 0)`. */
function softThreshold(z: number, t: number): number {
  if (z > t) return z - t;
  if (z < -t) return z + t;
  return 0;
}

/** The weighted Gram matrix `G[j][k] = sum_i w_i x_ij x_ik`, row-major and symmetric. */
function gramMatrix(columns: readonly Float64Array[], weights: Float64Array): Float64Array {
  const p = columns.length;
  const n = weights.length;
  const gram = new Float64Array(p * p);
  const weighted = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const xj = columns[j];
    for (let i = 0; i < n; i++) weighted[i] = weights[i] * xj[i];
    for (let k = j; k < p; k++) {
      const xk = columns[k];
      let sum = 0;
      for (let i = 0; i < n; i++) sum += weighted[i] * xk[i];
      gram[j * p + k] = sum;
      gram[k * p + j] = sum;
    }
  }
  return gram;
}
