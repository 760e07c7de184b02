import { ParamError } from '../errors';
import type { ParamValue, Params } from '../search/domain';

/**
 * The learner's defaults overridden by `params`. Unknown names and values of the wrong type are
 * a `ParamError` naming the parameter, never silently ignored.
 */
export function resolveParams(learner: string, defaults: Params, params: Params): Record<string, ParamValue> {
  const resolved: Record<string, ParamValue> = { ...defaults };
  for (const [name, value] of Object.entries(params)) {
    if (!(name in defaults)) {
      throw new ParamError(`unknown parameter '${name}' for learner '${learner}'; known: ${Object.keys(defaults).join(', ')}`);
    }
    const expected = typeof defaults[name];
    if (typeof value !== expected || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new ParamError(`parameter '${name}' of learner '${learner}' must be a finite ${expected}, got ${JSON.stringify(value)}`);
    }
    resolved[name] = value;
  }
  return resolved;
}

/** Checks a numeric parameter's range; `ParamError` naming it otherwise. */
export function requireRange(
  learner: string,
  name: string,
  value: number,
  low: number,
  high: number,
  options: { integer?: boolean; lowOpen?: boolean } = {},
): number {
  const belowLow = options.lowOpen ? value <= low : value < low;
  if (belowLow || value > high || (options.integer && !Number.isInteger(value))) {
    const kind = options.integer ? 'an integer' : 'a number';
    const lowText = options.lowOpen ? `> ${low}` : `>= ${low}`;
    throw new ParamError(`parameter '${name}' of learner '${learner}' must be ${kind} ${lowText} and <= ${high}, got ${value}`);
  }
  return value;
}
