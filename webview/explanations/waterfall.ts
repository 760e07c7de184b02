/**
 * The steps of a SHAP waterfall for one row and one output: from the base value, each column's
 * contribution in order of |SHAP| (the largest `maxColumns`, then the rest summed in one "other"
 * step), to the model's output. Pure; the waterfall tab draws the result.
 */
import type { SampleValue } from '../../src/protocol/webview';

/** One column's contribution to one output. */
export interface Contribution {
  readonly column: string;
  readonly value: SampleValue;
  readonly shap: number;
}

export interface WaterfallStep {
  readonly kind: 'column' | 'other';
  /** The column (kind `column`); for `other`, how many columns the step sums. */
  readonly column?: string;
  readonly value?: SampleValue;
  readonly count?: number;
  readonly shap: number;
  /** The running total before and after this step. */
  readonly start: number;
  readonly end: number;
}

export interface Waterfall {
  readonly base: number;
  readonly output: number;
  readonly steps: readonly WaterfallStep[];
  /** Where the last step ends: base + the sum of every SHAP value. */
  readonly end: number;
  /** `output - end`: zero up to rounding when the values are additive (as SHAP values are). */
  readonly residual: number;
  /** The range every bar and marker lies in (for the scale). */
  readonly min: number;
  readonly max: number;
}

/** Columns drawn as their own step by default. */
export const WATERFALL_COLUMNS = 12;

/**
 * The waterfall of `contributions`. Columns are ordered by |SHAP|, largest first (ties keep the
 * given order); when more than one column is left after `maxColumns`, the rest form one `other`
 * step (a single leftover column is shown by itself, not as "1 other column").
 */
export function waterfallSteps(base: number, output: number, contributions: readonly Contribution[], maxColumns = WATERFALL_COLUMNS): Waterfall {
  if (!Number.isInteger(maxColumns) || maxColumns < 0) throw new RangeError(`maxColumns must be a non-negative integer, got ${maxColumns}`);
  const order = contributions.map((_, i) => i).sort((a, b) => Math.abs(contributions[b].shap) - Math.abs(contributions[a].shap) || a - b);
  const shown = order.length <= maxColumns + 1 ? order : order.slice(0, maxColumns);
  const rest = order.slice(shown.length);
  const steps: WaterfallStep[] = [];
  let total = base;
  for (const i of shown) {
    const { column, value, shap } = contributions[i];
    steps.push({ kind: 'column', column, value, shap, start: total, end: total + shap });
    total += shap;
  }
  if (rest.length > 0) {
    const shap = rest.reduce((sum, i) => sum + contributions[i].shap, 0);
    steps.push({ kind: 'other', count: rest.length, shap, start: total, end: total + shap });
    total += shap;
  }
  const points = [base, output, ...steps.flatMap((s) => [s.start, s.end])].filter(Number.isFinite);
  return {
    base,
    output,
    steps,
    end: total,
    residual: output - total,
    min: points.length > 0 ? Math.min(...points) : 0,
    max: points.length > 0 ? Math.max(...points) : 0,
  };
}

/**
 * Whether the residual is more than rounding: relative to the largest magnitude involved, so a
 * regression in the thousands and a probability get the same tolerance.
 */
export function hasResidual(waterfall: Waterfall): boolean {
  const scale = Math.max(1e-12, Math.abs(waterfall.base), Math.abs(waterfall.output), ...waterfall.steps.map((s) => Math.abs(s.shap)));
  return Math.abs(waterfall.residual) > 1e-6 * scale;
}

/** Left edge and width of a step's bar on the waterfall's scale, in percent of the track. */
export function barGeometry(waterfall: Waterfall, from: number, to: number): { left: number; width: number } {
  const span = waterfall.max - waterfall.min;
  if (!(span > 0)) return { left: 0, width: 0 };
  const lo = Math.min(from, to);
  return { left: ((lo - waterfall.min) / span) * 100, width: (Math.abs(to - from) / span) * 100 };
}
