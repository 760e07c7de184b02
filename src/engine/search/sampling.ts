import type { Rng } from '../random';
import { inDomain, type Domain, type ParamValue, type SearchSpace } from './domain';

/**
 * Helpers that let searchers treat every domain the same way, through a "unit" coordinate in
 * [0, 1]:
 *
 * - `uniform`: linear in [low, high];
 * - `logUniform`: linear in [ln low, ln high];
 * - `int`: linear in [low − ½, high + ½], then rounded, so each integer owns an equal-width bucket;
 * - `logInt`: linear in [ln(low − ½), ln(high + ½)], then rounded, so integer k owns a bucket of
 *   width ≈ 1/k (log-uniform density, discretised) and the end points own whole buckets rather
 *   than half ones (a default often sits on an end point, e.g. `minSamplesLeaf = 1`);
 * - `choice`: n equal buckets, one per value, in the order listed.
 *
 * A uniform u in [0, 1) mapped through `fromUnit` is therefore a uniform draw in the domain's own
 * scale, and `fromUnit(d, toUnit(d, v)) === v` for every discrete v in d.
 */

/** Throws `RangeError` unless `domain` is well formed (finite ordered bounds, positive log bounds, …). */
export function validateDomain(domain: Domain, what = 'domain'): void {
  switch (domain.kind) {
    case 'uniform':
    case 'logUniform':
    case 'int':
    case 'logInt': {
      const { low, high } = domain;
      if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
        throw new RangeError(`${what}: ${domain.kind} needs finite low <= high, got [${low}, ${high}]`);
      }
      if ((domain.kind === 'int' || domain.kind === 'logInt') && (!Number.isInteger(low) || !Number.isInteger(high))) {
        throw new RangeError(`${what}: ${domain.kind} needs integer bounds, got [${low}, ${high}]`);
      }
      if (domain.kind === 'logUniform' && low <= 0) throw new RangeError(`${what}: logUniform needs low > 0, got ${low}`);
      if (domain.kind === 'logInt' && low < 1) throw new RangeError(`${what}: logInt needs low >= 1, got ${low}`);
      return;
    }
    case 'choice':
      if (domain.values.length === 0) throw new RangeError(`${what}: choice needs at least one value`);
      return;
  }
}

/**
 * Throws `RangeError` unless every parameter's domain is well formed and its `init` (and
 * `lowCostInit`, when given) lies in the domain. Searchers call this once, in their constructor,
 * so that a bad learner space fails at once instead of producing parameters `fit` rejects.
 */
export function validateSearchSpace(space: SearchSpace): void {
  for (const [name, param] of Object.entries(space)) {
    validateDomain(param.domain, `parameter '${name}'`);
    if (!inDomain(param.domain, param.init)) {
      throw new RangeError(`parameter '${name}': init ${String(param.init)} is not in its ${param.domain.kind} domain`);
    }
    if (param.lowCostInit !== undefined && !inDomain(param.domain, param.lowCostInit)) {
      throw new RangeError(`parameter '${name}': lowCostInit ${String(param.lowCostInit)} is not in its ${param.domain.kind} domain`);
    }
  }
}

/** The unit interval's end points in the domain's transformed scale (see the module comment). */
function scaleBounds(domain: Exclude<Domain, { kind: 'choice' }>): [number, number] {
  switch (domain.kind) {
    case 'uniform':
      return [domain.low, domain.high];
    case 'logUniform':
      return [Math.log(domain.low), Math.log(domain.high)];
    case 'int':
      return [domain.low - 0.5, domain.high + 0.5];
    case 'logInt':
      return [Math.log(domain.low - 0.5), Math.log(domain.high + 0.5)];
  }
}

function isLog(domain: Domain): boolean {
  return domain.kind === 'logUniform' || domain.kind === 'logInt';
}

function clamp(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}

/**
 * Where `value` sits in the domain, as a coordinate in [0, 1] (log scale for log domains; an
 * integer maps inside its bucket, a choice to the middle of its bucket). Numbers outside the
 * domain are clamped to [0, 1]; a degenerate numeric domain (low = high) maps to 0.5.
 * Throws `TypeError` for a value of the wrong type and `RangeError` for a value a choice lacks.
 */
export function toUnit(domain: Domain, value: ParamValue): number {
  if (domain.kind === 'choice') {
    const index = domain.values.indexOf(value);
    if (index < 0) throw new RangeError(`${String(value)} is not one of the choices`);
    return (index + 0.5) / domain.values.length;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${domain.kind} domain needs a number, got ${String(value)}`);
  const [lo, hi] = scaleBounds(domain);
  if (!(hi > lo)) return 0.5;
  const t = isLog(domain) ? Math.log(Math.max(value, Number.MIN_VALUE)) : value;
  return clamp((t - lo) / (hi - lo), 0, 1);
}

/**
 * The domain value at unit coordinate `u` (clamped to [0, 1]): the inverse of `toUnit`. Integers
 * are rounded and the result is clamped to the bounds, so it always satisfies `inDomain`.
 * Throws `RangeError` when `u` is NaN.
 */
export function fromUnit(domain: Domain, u: number): ParamValue {
  if (Number.isNaN(u)) throw new RangeError('unit coordinate is NaN');
  const v = clamp(u, 0, 1);
  if (domain.kind === 'choice') {
    const n = domain.values.length;
    return domain.values[Math.min(n - 1, Math.floor(v * n))];
  }
  const [lo, hi] = scaleBounds(domain);
  const t = lo + v * (hi - lo);
  const x = isLog(domain) ? Math.exp(t) : t;
  const rounded = domain.kind === 'int' || domain.kind === 'logInt' ? Math.round(x) : x;
  // exp/log round trips and the half-bucket ends can step just outside the bounds; `+ 0` turns
  // a -0 (Math.round(-0.4)) into 0 so equal values compare and serialise alike.
  return clamp(rounded, domain.low, domain.high) + 0;
}

/**
 * A uniform draw from `domain` in its own scale: `uniform` and `int` (inclusive bounds) uniformly,
 * `logUniform` uniformly in the log, `logInt` uniformly in the log then rounded and clamped,
 * `choice` one value with equal probability. Uses exactly one `rng.next()`.
 */
export function sampleDomain(domain: Domain, rng: Rng): ParamValue {
  return fromUnit(domain, rng.next());
}

/**
 * `points` values spread evenly over `domain` in its own scale (log for log domains), both
 * bounds included (one point: the middle of the scale), ascending. Integer domains are rounded
 * and deduplicated, so they may yield fewer than `points` values; `choice` yields every value,
 * whatever `points` is. Throws `RangeError` unless `points` is a positive integer.
 */
export function gridValues(domain: Domain, points: number): ParamValue[] {
  if (!Number.isInteger(points) || points < 1) throw new RangeError(`grid points must be a positive integer, got ${points}`);
  if (domain.kind === 'choice') return [...domain.values];
  const log = isLog(domain);
  const lo = log ? Math.log(domain.low) : domain.low;
  const hi = log ? Math.log(domain.high) : domain.high;
  const integer = domain.kind === 'int' || domain.kind === 'logInt';
  const values: number[] = [];
  for (let k = 0; k < points; k++) {
    let x: number;
    if (points === 1) x = log ? Math.exp((lo + hi) / 2) : (lo + hi) / 2;
    else if (k === 0) x = domain.low;
    else if (k === points - 1) x = domain.high;
    else {
      const t = lo + ((hi - lo) * k) / (points - 1);
      x = log ? Math.exp(t) : t;
    }
    x = clamp(integer ? Math.round(x) : x, domain.low, domain.high) + 0;
    if (values.length === 0 || values[values.length - 1] !== x) values.push(x);
  }
  return values;
}
