/**
 * Plot specs of the dependence tab: a column's partial dependence (the average prediction over
 * its grid) with ICE curves, and its SHAP dependence scatter from the saved sample. Pure.
 */
import type { PartialDependence, RunExplanations } from '../../src/protocol/webview';
import { formatNumber, truncate } from '../shared/format';
import { beeswarmOffsets } from './beeswarm';
import { downsampleIndices } from './downsample';
import type { AxisSpec, PlotSeries, PlotSpec } from './plotSpec';
import { formatSampleValue, formatSigned, outputSpaceName } from './valueText';

/** ICE curves drawn at most (evenly thinned beyond). */
export const MAX_ICE_CURVES = 50;
/** Scatter points drawn at most. */
export const MAX_SCATTER_POINTS = 2000;
/** Longest category label on an axis; tooltips have the full text. */
const MAX_AXIS_LABEL = 20;

/** Columns whose numbers are epoch-ms dates, as far as the explanations tell (their grids). */
export function dateColumnsOf(explanations: RunExplanations): Set<string> {
  return new Set(explanations.dependence.filter((d) => d.grid.kind === 'datetime').map((d) => d.column));
}

/** The output index of a curve set with `count` outputs for the panel's `output`. */
function curveOutput(output: number, count: number): number {
  return Math.max(0, Math.min(output, count - 1));
}

/**
 * The partial dependence plot of `pd` for `output`: the average curve, drawn over at most
 * `maxIce` faint ICE curves (one per sampled row). Numeric and datetime grids draw lines;
 * categorical grids draw points per label. Classification curves are probabilities.
 */
export function partialDependenceSpec(pd: PartialDependence, output: number, outputLabel: string, classification: boolean, maxIce = MAX_ICE_CURVES): PlotSpec {
  const { grid } = pd;
  const o = curveOutput(output, pd.average.length);
  const categorical = grid.kind === 'categorical';
  const x = (g: number): number => (categorical ? g : grid.values[g]);
  const xAxis: AxisSpec = categorical
    ? { kind: 'category', title: pd.column, categories: grid.labels.map((l) => truncate(l, MAX_AXIS_LABEL)) }
    : { kind: grid.kind === 'datetime' ? 'date' : 'number', title: pd.column };
  const prediction = classification ? `predicted probability of ${outputLabel}` : `predicted ${outputLabel}`;
  const curves = pd.ice[o] ?? [];
  const ice: PlotSeries[] = downsampleIndices(curves.length, maxIce).map((k, n) => ({
    label: `ICE curve ${n + 1}`,
    kind: categorical ? 'points' : 'line',
    emphasis: 'faint',
    // Categorical ICE points are spread a little sideways, so equal predictions stay visible.
    points: curves[k].map((y, g) => ({ x: categorical ? g + (((k % 7) - 3) * 0.04) : x(g), y })),
  }));
  const average = pd.average[o] ?? [];
  return {
    title: `Partial dependence of the ${prediction} on ${pd.column}: the average over rows (bold) and ${ice.length} individual rows (faint)`,
    x: xAxis,
    y: { kind: 'number', title: truncate(prediction.charAt(0).toUpperCase() + prediction.slice(1), 60) },
    series: [
      ...ice,
      {
        label: 'average',
        kind: categorical ? 'points' : 'line',
        emphasis: 'main',
        radius: categorical ? 6 : 3,
        points: average.map((y, g) => ({ x: x(g), y })),
        tooltips: average.map((y, g) => `${pd.column} = ${grid.labels[g] ?? ''}: average ${formatNumber(y)}`),
      },
    ],
  };
}

/**
 * The SHAP dependence scatter of `column` from the sample for `output` (x = the value, y = its
 * SHAP value), and how many sampled rows had no value (left out). Undefined when the column is
 * not in the sample or no row has a value. Labels go on a category axis, spread sideways.
 */
export function shapDependenceSpec(
  explanations: RunExplanations,
  column: string,
  output: number,
  options: { readonly isDate?: boolean; readonly maxPoints?: number } = {},
): { spec: PlotSpec; missing: number } | undefined {
  const { sample } = explanations;
  const entry = sample.columns.find((c) => c.name === column);
  const shap = entry?.shap[output];
  if (entry === undefined || shap === undefined) return undefined;
  const keep = downsampleIndices(sample.rows.length, options.maxPoints ?? MAX_SCATTER_POINTS);
  // A column holds labels or numbers, never both; labels decide the axis.
  const categorical = keep.some((k) => typeof entry.values[k] === 'string');
  const present = keep.filter((k) => (categorical ? typeof entry.values[k] === 'string' : typeof entry.values[k] === 'number'));
  if (present.length === 0) return undefined;
  const isDate = options.isDate ?? false;
  const labels = categorical ? [...new Set(present.map((k) => entry.values[k] as string))].sort((a, b) => a.localeCompare(b)) : [];
  const xs: number[] = new Array<number>(present.length);
  if (categorical) {
    // Points of one label spread sideways by their SHAP values, like a beeswarm standing up.
    labels.forEach((label, position) => {
      const members = present.map((k, n) => ({ k, n })).filter(({ k }) => entry.values[k] === label);
      const offsets = beeswarmOffsets(members.map(({ k }) => shap[k]), 0.3);
      members.forEach(({ n }, m) => (xs[n] = position + offsets[m]));
    });
  } else {
    present.forEach((k, n) => (xs[n] = entry.values[k] as number));
  }
  const outputLabel = explanations.outputLabels[output] ?? '';
  const space = outputSpaceName(explanations.outputSpace);
  return {
    missing: keep.length - present.length,
    spec: {
      title: `SHAP dependence of ${column}: each sampled row's value against its SHAP value for ${outputLabel}`,
      x: categorical ? { kind: 'category', title: column, categories: labels.map((l) => truncate(l, MAX_AXIS_LABEL)) } : { kind: isDate ? 'date' : 'number', title: column },
      y: { kind: 'number', title: `SHAP value (${space})` },
      series: [{
        label: column,
        kind: 'points',
        emphasis: 'main',
        points: present.map((k, n) => ({ x: xs[n], y: shap[k] })),
        tooltips: present.map((k) => `row ${sample.rows[k]}: ${column} = ${formatSampleValue(entry.values[k], isDate)}, SHAP ${formatSigned(shap[k])}`),
      }],
    },
  };
}
