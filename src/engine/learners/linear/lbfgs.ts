/**
 * A smooth objective: returns f(x) and writes its gradient into `grad` (same length as `x`).
 */
export type SmoothObjective = (x: Float64Array, grad: Float64Array) => number;

/** Settings of `minimizeLbfgs`. */
export interface LbfgsOptions {
  /** Maximum iterations (each is one direction and one line search). */
  readonly maxIter: number;
  /** Stop when the largest entry of the (pseudo-)gradient is at most this. */
  readonly tol: number;
  /**
   * Per-coordinate L1 weights `l1[i] * |x[i]|` added to the objective (0 = unpenalised). When any
   * is positive the method becomes OWL-QN (Andrew & Gao 2007), which keeps exact zeros.
   */
  readonly l1?: Float64Array;
  /** Curvature pairs kept (the "m" of L-BFGS). */
  readonly memory?: number;
  /** Called before each iteration with its 0-based index; may throw to stop (cancellation). */
  readonly beforeIteration?: (iteration: number) => void;
  /** Called after each iteration with the number of iterations done. */
  readonly afterIteration?: (done: number) => void;
}

/** What `minimizeLbfgs` found. */
export interface LbfgsResult {
  readonly x: Float64Array;
  /** Objective value at `x`, L1 term included. */
  readonly value: number;
  readonly iterations: number;
  /**
   * Whether the search ended at the optimum: the gradient tolerance was met, or the objective sat
   * at its rounding floor (decreases within a few ulps for `STALLS` iterations in a row), where a
   * smaller gradient cannot be resolved in floating point. There is deliberately no coarser test
   * on the decrease (scipy's `ftol = 64 eps` against max(|f|, 1)): a single short step then ends
   * the search, which leaves scikit-learn's lbfgs with gradients near 1e-6. Otherwise the run
   * ends unconverged after `maxIter` iterations or when no step decreases the objective at all.
   */
  readonly converged: boolean;
  /** Largest (pseudo-)gradient entry at `x`. */
  readonly gradientNorm: number;
}

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 60;
/** Consecutive iterations with a rounding-level decrease after which the search stops. */
const STALLS = 3;
/** A decrease of at most this times |f| is rounding noise. */
const ROUNDING = 16 * Number.EPSILON;

/**
 * Minimises `f(x) + sum(l1[i] |x[i]|)` for a convex, differentiable `f` with limited-memory BFGS
 * and a backtracking (Armijo) line search; with L1 weights, the orthant-wise variant OWL-QN: the
 * pseudo-gradient replaces the gradient, the direction is kept in the descent orthant and every
 * trial point is projected onto the orthant, so coordinates that cross zero land on zero.
 * Backtracking is enough here because the objectives are convex: every pair with positive
 * curvature is safe to keep, and the others are skipped.
 */
export function minimizeLbfgs(objective: SmoothObjective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const l1 = options.l1 && options.l1.some((v) => v > 0) ? options.l1 : undefined;
  let x = x0.slice();
  let grad = new Float64Array(n);
  let value = objective(x, grad) + l1Term(x, l1);
  const pg = new Float64Array(n);
  const direction = new Float64Array(n);
  const orthant = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gradNew = new Float64Array(n);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);

  let gradientNorm = pseudoGradient(x, grad, l1, pg);
  let iterations = 0;
  let converged = gradientNorm <= options.tol;
  let stalls = 0;
  while (!converged && iterations < options.maxIter) {
    options.beforeIteration?.(iterations);
    // Two-loop recursion: direction = -H pg with H built from the kept pairs.
    for (let i = 0; i < n; i++) direction[i] = -pg[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], direction);
      axpy(-alpha[k], y[k], direction);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      for (let i = 0; i < n; i++) direction[i] *= gamma;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(y[k], direction);
      axpy(alpha[k] - beta, s[k], direction);
    }
    if (l1) {
      // Keep only components that descend along the pseudo-gradient, and fix the orthant.
      for (let i = 0; i < n; i++) {
        if (direction[i] * pg[i] >= 0) direction[i] = 0;
        orthant[i] = x[i] !== 0 ? Math.sign(x[i]) : -Math.sign(pg[i]);
      }
    }
    if (!(dot(direction, pg) < 0)) {
      // The quasi-Newton model went stale (can happen after skipped pairs): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -pg[i];
      if (l1) for (let i = 0; i < n; i++) orthant[i] = x[i] !== 0 ? Math.sign(x[i]) : -Math.sign(pg[i]);
    }

    // The first step is scaled so that its length is at most 1; later L-BFGS steps are well scaled.
    let step = s.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(direction, direction))) : 1;
    let accepted = false;
    let valueNew = value;
    for (let t = 0; t < MAX_BACKTRACKS; t++) {
      for (let i = 0; i < n; i++) {
        let v = x[i] + step * direction[i];
        if (l1 && v * orthant[i] <= 0) v = 0;
        xNew[i] = v;
      }
      valueNew = objective(xNew, gradNew) + l1Term(xNew, l1);
      // With projection the actual move replaces step * direction in the sufficient-decrease test.
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += pg[i] * (xNew[i] - x[i]);
      if (valueNew <= value + ARMIJO * decrease) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    iterations++;
    if (!accepted) {
      // Not even a tiny step decreases the objective: rounding dominates, so stop where we are.
      options.afterIteration?.(iterations);
      break;
    }

    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sNew[i] = xNew[i] - x[i];
      yNew[i] = gradNew[i] - grad[i];
    }
    const sy = dot(sNew, yNew);
    // Pairs without positive curvature would make H indefinite; convexity makes them rare.
    if (sy > 1e-12 * Math.sqrt(dot(sNew, sNew) * dot(yNew, yNew))) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / sy);
    }
    const previous = value;
    [x, xNew] = [xNew, x];
    [grad, gradNew] = [gradNew, grad];
    value = valueNew;
    gradientNorm = pseudoGradient(x, grad, l1, pg);
    options.afterIteration?.(iterations);
    if (gradientNorm <= options.tol) converged = true;
    stalls = value >= previous - ROUNDING * Math.abs(previous) ? stalls + 1 : 0;
    if (stalls >= STALLS) converged = true;
  }
  return { x, value, iterations, converged, gradientNorm };
}

/** `sum(l1[i] |x[i]|)`, 0 without weights. */
function l1Term(x: Float64Array, l1: Float64Array | undefined): number {
  if (!l1) return 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += l1[i] * Math.abs(x[i]);
  return sum;
}

/**
 * Writes the pseudo-gradient of `f + l1 |x|` (the gradient itself without L1): at a zero
 * coordinate, the one-sided derivative that descends, or 0 when neither side does. Returns its
 * largest absolute entry, which is 0 exactly at the optimum.
 */
function pseudoGradient(x: Float64Array, grad: Float64Array, l1: Float64Array | undefined, out: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    const g = grad[i];
    const lambda = l1 ? l1[i] : 0;
    let v: number;
    if (lambda === 0) v = g;
    else if (x[i] > 0) v = g + lambda;
    else if (x[i] < 0) v = g - lambda;
    else if (g + lambda < 0) v = g + lambda;
    else if (g - lambda > 0) v = g - lambda;
    else v = 0;
    out[i] = v;
    const a = Math.abs(v);
    if (a > norm) norm = a;
  }
  return norm;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** `y += a * x`. */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}
