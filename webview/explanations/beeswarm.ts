/**
 * The beeswarm: per important column one row of points, x = the row's SHAP value for the chosen
 * output, spread vertically within the row where points pile up, colored by the column's value
 * from low to high. Pure: color normalisation, the deterministic spread and the plot spec.
 */
import type { RunExplanations, SampleValue } from '../../src/protocol/webview';
import { truncate } from '../shared/format';
import { downsampleIndices } from './downsample';
import type { PlotSeries, PlotSpec } from './plotSpec';
import { formatSampleValue, formatSigned, outputSpaceName } from './valueText';

/** Columns drawn, most important first. */
export const BEESWARM_COLUMNS = 15;
/** Points drawn per column at most (evenly thinned beyond). */
export const BEESWARM_MAX_POINTS = 1000;
/** Half the height a row's points may spread over, in row units (rows are 1 apart). */
export const BEESWARM_HALF_HEIGHT = 0.4;
/** Longest column name on the axis; tooltips have the full name. */
const MAX_AXIS_LABEL = 24;

/**
 * Colors on the low-to-high scale: each number's rank among the column's numbers, scaled to
 * 0..1 (ties share their average rank; one distinct value is 0.5). Labels and missing values are
 * null (drawn neutral): a category has no low or high.
 */
export function rankNormalise(values: readonly SampleValue[]): (number | null)[] {
  const numeric: number[] = [];
  values.forEach((v, i) => {
    if (typeof v === 'number' && Number.isFinite(v)) numeric.push(i);
  });
  const tones: (number | null)[] = values.map(() => null);
  if (numeric.length === 0) return tones;
  const value = (i: number): number => values[i] as number;
  const order = [...numeric].sort((a, b) => value(a) - value(b) || a - b);
  const last = order.length - 1;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && value(order[j + 1]) === value(order[i])) j++;
    const rank = (i + j) / 2;
    for (let k = i; k <= j; k++) tones[order[k]] = last === 0 ? 0.5 : rank / last;
    i = j + 1;
  }
  return tones;
}

/**
 * Vertical offsets that spread piled-up points within a row, as SHAP's beeswarm does: points are
 * binned along x; within a bin, in x order, they go to 0, +1, −1, +2, −2 … steps; the offsets are
 * then scaled so the largest is `halfHeight`. Deterministic (no random jitter), so a redraw never
 * moves a point, and a lone point stays on the row's center line.
 */
export function beeswarmOffsets(xs: readonly number[], halfHeight = BEESWARM_HALF_HEIGHT, bins = 100): number[] {
  const offsets = xs.map(() => 0);
  const finite = xs.filter(Number.isFinite);
  if (finite.length === 0) return offsets;
  const min = Math.min(...finite);
  const span = Math.max(...finite) - min;
  const order = xs.map((_, i) => i).filter((i) => Number.isFinite(xs[i])).sort((a, b) => xs[a] - xs[b] || a - b);
  const filled = new Map<number, number>();
  let largest = 0;
  for (const i of order) {
    const bin = span > 0 ? Math.round(((xs[i] - min) / span) * (bins - 1)) : 0;
    const k = filled.get(bin) ?? 0;
    filled.set(bin, k + 1);
    const step = (k + 1) >> 1;
    offsets[i] = k === 0 ? 0 : k % 2 === 1 ? step : -step;
    largest = Math.max(largest, step);
  }
  if (largest === 0) return offsets;
  // Never stretch a thin pile to the full height: one step is at most a quarter of the half height.
  const scale = Math.min(halfHeight / largest, halfHeight / 4);
  return offsets.map((o) => o * scale);
}

/** Columns to draw for `output`: the most important for that output first, those in the sample only. */
export function beeswarmColumns(explanations: RunExplanations, output: number, limit = BEESWARM_COLUMNS): { columns: string[]; more: number } {
  const inSample = new Set(explanations.sample.columns.map((c) => c.name));
  const ranked = explanations.importance
    .filter((entry) => inSample.has(entry.column))
    .map((entry, i) => ({ column: entry.column, value: entry.perOutput[output] ?? entry.meanAbsShap, i }))
    .sort((a, b) => b.value - a.value || a.i - b.i);
  return { columns: ranked.slice(0, limit).map((r) => r.column), more: Math.max(0, ranked.length - limit) };
}

/**
 * The beeswarm of `output`: rows top to bottom by importance for that output; `dateColumns`
 * names columns whose numbers are dates (for tooltips). Undefined when the sample is empty.
 */
export function beeswarmSpec(
  explanations: RunExplanations,
  output: number,
  options: { readonly columns?: number; readonly maxPoints?: number; readonly dateColumns?: ReadonlySet<string> } = {},
): PlotSpec | undefined {
  const { sample } = explanations;
  const { columns } = beeswarmColumns(explanations, output, options.columns ?? BEESWARM_COLUMNS);
  if (columns.length === 0 || sample.rows.length === 0) return undefined;
  const keep = downsampleIndices(sample.rows.length, options.maxPoints ?? BEESWARM_MAX_POINTS);
  const n = columns.length;
  const series: PlotSeries[] = columns.map((name, position) => {
    const column = sample.columns.find((c) => c.name === name)!;
    const values = keep.map((k) => column.values[k] ?? null);
    const xs = keep.map((k) => column.shap[output]?.[k] ?? NaN);
    const offsets = beeswarmOffsets(xs);
    const tones = rankNormalise(values);
    const center = n - 1 - position;
    const isDate = options.dateColumns?.has(name) ?? false;
    return {
      label: name,
      kind: 'points',
      emphasis: 'main',
      points: xs.map((x, i) => ({ x, y: center + offsets[i] })),
      tones,
      tooltips: keep.map((k, i) => `row ${sample.rows[k]}: ${name} = ${formatSampleValue(values[i], isDate)}, SHAP ${formatSigned(xs[i])}`),
    };
  });
  const label = explanations.outputLabels[output] ?? '';
  return {
    title: `Beeswarm of SHAP values for ${label}: one row of points per column (${n} most important), colored by the column's value from low to high`,
    x: { kind: 'number', title: `SHAP value (${outputSpaceName(explanations.outputSpace)}) for ${truncate(label, 40)}` },
    y: { kind: 'category', title: '', categories: columns.map((c) => truncate(c, MAX_AXIS_LABEL)).reverse() },
    series: [
      { label: 'no effect', kind: 'line', emphasis: 'reference', points: [{ x: 0, y: -0.5 }, { x: 0, y: n - 0.5 }] },
      ...series,
    ],
  };
}
