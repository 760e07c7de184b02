import type { Rng } from '../random';

/**
 * Parzen estimators for the Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for
 * Hyper-Parameter Optimization", NeurIPS 2011), univariate, in a searcher's unit coordinate
 * (see `sampling.ts`). The recipe follows hyperopt's and Optuna's defaults: one Gaussian kernel
 * per observation plus a wide prior kernel, bandwidths from neighbour distances, clipped.
 */

/**
 * Mixture weights for `n` observations listed oldest first: all 1 up to 25 observations; beyond
 * that the 25 newest weigh 1 and older ones ramp linearly from 1/n up to 1, so that early random
 * trials fade as the search moves on (hyperopt's and Optuna's `default_weights`).
 */
export function observationWeights(n: number): number[] {
  const flat = 25;
  if (n <= flat) return new Array<number>(n).fill(1);
  const ramp = n - flat;
  const weights: number[] = [];
  for (let i = 0; i < ramp; i++) weights.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < flat; i++) weights.push(1);
  return weights;
}

/** A mixture of Gaussians, each truncated to [0, 1]. */
export class TruncatedGaussianMixture {
  /** Log of (weight / (σ √(2π) Z)) per kernel, Z being the kernel's mass inside [0, 1]. */
  private readonly logScale: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(
    readonly mus: Float64Array,
    readonly sigmas: Float64Array,
    /** Normalised to sum to 1. */
    readonly weights: Float64Array,
  ) {
    const k = mus.length;
    if (k === 0 || sigmas.length !== k || weights.length !== k) throw new RangeError('mixture needs matching, non-empty mus, sigmas and weights');
    this.logScale = new Float64Array(k);
    this.cumulative = new Float64Array(k);
    let total = 0;
    for (let i = 0; i < k; i++) {
      const mass = normalCdf((1 - mus[i]) / sigmas[i]) - normalCdf(-mus[i] / sigmas[i]);
      this.logScale[i] = Math.log(weights[i]) - Math.log(sigmas[i] * Math.sqrt(2 * Math.PI) * Math.max(mass, 1e-300));
      total += weights[i];
      this.cumulative[i] = total;
    }
  }

  /** Log density at `x` in [0, 1] (log-sum-exp over kernels). */
  logPdf(x: number): number {
    let max = -Infinity;
    const terms = new Float64Array(this.mus.length);
    for (let i = 0; i < terms.length; i++) {
      const z = (x - this.mus[i]) / this.sigmas[i];
      terms[i] = this.logScale[i] - 0.5 * z * z;
      if (terms[i] > max) max = terms[i];
    }
    if (max === -Infinity) return -Infinity;
    let sum = 0;
    for (const t of terms) sum += Math.exp(t - max);
    return max + Math.log(sum);
  }

  /** One draw: a kernel by weight, then a truncated normal by rejection (acceptance ≥ 1/3 because μ ∈ [0, 1], σ ≤ 1). */
  sample(rng: Rng): number {
    const i = pickCumulative(this.cumulative, rng.next());
    const mu = this.mus[i];
    const sigma = this.sigmas[i];
    for (let attempt = 0; attempt < 100; attempt++) {
      const x = mu + sigma * rng.normal();
      if (x >= 0 && x <= 1) return x;
    }
    return Math.min(1, Math.max(0, mu));
  }
}

/**
 * The Parzen estimator of unit coordinates `observations` (oldest first) with the given
 * per-observation weights: one kernel per observation, centred on it, plus a prior kernel
 * N(0.5, 1) of weight `priorWeight`. An observation's bandwidth is the larger distance to its
 * neighbours in the sorted list of observations, prior centre and the ends 0 and 1 — except
 * the outermost ones, which look inwards only — clipped to [1 / min(100, kernels + 1), 1].
 */
export function fitUnitParzen(observations: readonly number[], weights: readonly number[], priorWeight: number): TruncatedGaussianMixture {
  const n = observations.length;
  const mus = new Float64Array(n + 1);
  const sigmas = new Float64Array(n + 1);
  const w = new Float64Array(n + 1);
  mus.set(observations);
  mus[n] = 0.5;
  sigmas[n] = 1;
  if (n > 0) {
    const order = Array.from({ length: n + 1 }, (_, i) => i).sort((a, b) => mus[a] - mus[b] || a - b);
    const points = [0, ...order.map((i) => mus[i]), 1];
    const minSigma = 1 / Math.min(100, n + 2);
    for (let r = 0; r < order.length; r++) {
      const left = points[r + 1] - points[r];
      const right = points[r + 2] - points[r + 1];
      let sigma = Math.max(left, right);
      // Optuna's consider_endpoints=false: the distance to a domain end is not a neighbour distance.
      if (r === 0) sigma = right;
      else if (r === order.length - 1) sigma = left;
      const i = order[r];
      if (i < n) sigmas[i] = Math.min(1, Math.max(minSigma, sigma));
    }
  }
  let total = priorWeight;
  for (let i = 0; i < n; i++) total += weights[i];
  for (let i = 0; i < n; i++) w[i] = weights[i] / total;
  w[n] = priorWeight / total;
  return new TruncatedGaussianMixture(mus, sigmas, w);
}

/**
 * The categorical Parzen estimator over `k` choices: each observation (a choice index) is a
 * kernel putting `priorWeight / kernels` on every choice plus 1 on its own, normalised; a
 * uniform prior kernel has weight `priorWeight`. Returns the mixture's probability per choice.
 */
export function fitCategoricalParzen(observations: readonly number[], k: number, weights: readonly number[], priorWeight: number): Float64Array {
  const n = observations.length;
  const kernels = n + 1;
  const smoothing = priorWeight / kernels;
  let total = priorWeight;
  for (let i = 0; i < n; i++) total += weights[i];
  const probs = new Float64Array(k).fill(priorWeight / total / k);
  for (let i = 0; i < n; i++) {
    const wi = weights[i] / total;
    const norm = smoothing * k + 1;
    for (let c = 0; c < k; c++) probs[c] += (wi * smoothing) / norm;
    probs[observations[i]] += wi / norm;
  }
  return probs;
}

/** The index `i` with cumulative[i − 1] ≤ u · total < cumulative[i] (binary search). */
export function pickCumulative(cumulative: Float64Array, u: number): number {
  const target = u * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Standard normal CDF, via the complementary error function. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** erfc with fractional error below 1.2e-7 everywhere (Chebyshev fit, Numerical Recipes §6.2). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
