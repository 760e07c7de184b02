/**
 * Welch's unequal-variance t-test, one-sided, and the Student t tail it needs. Written out here
 * (the engine has no statistics library): the tail comes from the regularised incomplete beta
 * function by its continued fraction (Numerical Recipes, 3rd ed., §6.4), good to about 1e-12,
 * which `test/unit/robustness/welchTest.test.ts` checks against scipy.
 */

/** Summary of one sample: size, mean and unbiased variance (n − 1 in the denominator). */
export interface SampleSummary {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
}

export interface WelchResult {
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  /** P(T ≥ t) under equal means: the one-sided p-value for "the first mean is greater". */
  readonly pValue: number;
}

/**
 * One-sided Welch test that `a`'s mean exceeds `b`'s (scipy's
 * `ttest_ind(a, b, equal_var=False, alternative='greater')`). Each sample needs at least 2 values;
 * with both variances 0 the p-value is 0 when a's mean is larger and 1 otherwise (no noise to
 * weigh the difference against). NaN when a sample is too small.
 */
export function welchGreater(a: SampleSummary, b: SampleSummary): WelchResult {
  if (a.count < 2 || b.count < 2) return { t: NaN, df: NaN, pValue: NaN };
  const va = a.variance / a.count;
  const vb = b.variance / b.count;
  const se2 = va + vb;
  const diff = a.mean - b.mean;
  if (!(se2 > 0)) return { t: diff > 0 ? Infinity : diff < 0 ? -Infinity : 0, df: a.count + b.count - 2, pValue: diff > 0 ? 0 : 1 };
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.count - 1) + (vb * vb) / (b.count - 1));
  return { t, df, pValue: studentTSurvival(t, df) };
}

/** Mean and unbiased variance of `values` (two passes, for accuracy). */
export function summarize(values: Float64Array): SampleSummary {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n > 0 ? sum / n : NaN;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) * (values[i] - mean);
  return { count: n, mean, variance: n > 1 ? squares / (n - 1) : NaN };
}

/** P(T ≥ t) for Student's t with `df` (> 0, not necessarily whole) degrees of freedom. */
export function studentTSurvival(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t > 0 ? tail : 1 - tail;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** I_x(a, b), the regularised incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** Lentz's evaluation of the incomplete beta continued fraction. */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const eps = 1e-15;
  // Iterations grow like sqrt(max(a, b)): 100,000 degrees of freedom need a few hundred.
  const maxIterations = 10_000 + Math.ceil(10 * Math.sqrt(Math.max(a, b)));
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < eps) break;
  }
  return h;
}
