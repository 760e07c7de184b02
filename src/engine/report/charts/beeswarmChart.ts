/**
 * A beeswarm of SHAP values: one row per column, one dot per explained row at its SHAP value,
 * colored from the column's low values to its high ones (grey for labels and missing values).
 * Dots that would overlap are stacked up and down within the row, so dense areas look dense.
 */
import { formatNumber } from '../format';
import { html, join, type Html } from '../html';
import { linearScale, niceDomain, px } from './scale';
import { chartSvg, CHAR_WIDTH, svgLabel, TITLE_HEIGHT, xAxis, X_AXIS_HEIGHT } from './svgFrame';

/** Color classes from low to high value (`.v0` … `.v6` in the stylesheet); `.vx` is no value. */
export const VALUE_CLASSES = 7;

export interface SwarmRow {
  readonly label: string;
  /** SHAP values, one per explained row. */
  readonly shap: readonly number[];
  /** The rows' values when numeric (NaN: missing); omitted for categorical columns. */
  readonly values?: readonly number[];
}

export interface BeeswarmOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly rows: readonly SwarmRow[];
  readonly width?: number;
}

const ROW_HEIGHT = 34;
const RADIUS = 2.2;

/** Color class of each value by its rank among the column's values (robust to outliers). */
function valueClasses(values: readonly number[] | undefined, n: number): string[] {
  if (values === undefined) return new Array<string>(n).fill('vx');
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return new Array<string>(n).fill('vx');
  return values.map((v) => {
    if (!Number.isFinite(v)) return 'vx';
    // Position of v among the sorted values (the first at or above it).
    let lo = 0;
    let hi = finite.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (finite[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const rank = finite.length === 1 ? 0.5 : lo / (finite.length - 1);
    return `v${Math.min(VALUE_CLASSES - 1, Math.floor(rank * VALUE_CLASSES))}`;
  });
}

/** Vertical offsets that keep dots apart: each dot goes to the nearest free slot in its x bin. */
function stackOffsets(xs: readonly number[], maxOffset: number): number[] {
  const used = new Map<number, number>();
  return xs.map((x) => {
    const bin = Math.round(x / (RADIUS * 2));
    const k = used.get(bin) ?? 0;
    used.set(bin, k + 1);
    // 0, +1, -1, +2, -2, … slots, wrapping around within the row.
    const slot = k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2);
    const offset = slot * RADIUS * 1.6;
    const span = 2 * maxOffset;
    return span > 0 ? ((((offset + maxOffset) % span) + span) % span) - maxOffset : 0;
  });
}

export function beeswarmChart(options: BeeswarmOptions): Html {
  const { rows, title } = options;
  const width = options.width ?? 640;
  const longest = Math.min(24, Math.max(4, ...rows.map((r) => r.label.length)));
  const left = Math.ceil(longest * CHAR_WIDTH) + 10;
  const right = width - 12;
  const legendHeight = 18;
  const top = TITLE_HEIGHT + legendHeight;
  const bottom = top + rows.length * ROW_HEIGHT;
  const height = bottom + X_AXIS_HEIGHT;
  const all = rows.flatMap((r) => r.shap).filter(Number.isFinite);
  const { domain, ticks } = niceDomain(Math.min(0, ...all), Math.max(0, ...all));
  const x = linearScale(domain, [left, right]);
  const body = rows.map((row, i) => {
    const cy = top + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    const classes = valueClasses(row.values, row.shap.length);
    const xs = row.shap.map((v) => x(v));
    const offsets = stackOffsets(xs, ROW_HEIGHT / 2 - RADIUS - 1);
    const dots = row.shap.map((v, k) => (Number.isFinite(v) ? `<circle class="${classes[k]}" cx="${px(xs[k])}" cy="${px(cy + offsets[k])}" r="${RADIUS}"/>` : ''));
    // The dots carry only numbers and fixed class names, so they are joined as markup directly:
    // building thousands of them through the escaping template would only cost time.
    return html`<g>${svgLabel(row.label, 24, left - 6, cy + 4, 'end')}<line class="grid" x1="${left}" x2="${right}" y1="${px(cy)}" y2="${px(cy)}"/>${{ html: dots.join('') }}</g>`;
  });
  const swatches = Array.from({ length: VALUE_CLASSES }, (_, k) => html`<rect class="v${k}" x="${left + 70 + k * 10}" y="${TITLE_HEIGHT + 1}" width="10" height="9"/>`);
  const legend = html`<g class="legend"><text class="tick-label" x="${left + 64}" y="${TITLE_HEIGHT + 9}" text-anchor="end">low value</text>${join(swatches)}<text class="tick-label" x="${left + 76 + VALUE_CLASSES * 10}" y="${TITLE_HEIGHT + 9}">high value</text><circle class="vx" cx="${left + 160 + VALUE_CLASSES * 10}" cy="${TITLE_HEIGHT + 5}" r="4"/><text class="tick-label" x="${left + 168 + VALUE_CLASSES * 10}" y="${TITLE_HEIGHT + 9}">label or missing</text></g>`;
  const spread = rows.slice(0, 3).map((r) => {
    const finite = r.shap.filter(Number.isFinite);
    return `${r.label} from ${formatNumber(Math.min(...finite), 2)} to ${formatNumber(Math.max(...finite), 2)}`;
  });
  const label = `Beeswarm, ${title}: the SHAP value of each explained row for ${rows.length} columns; ${spread.join('; ')}.`;
  const zero = html`<line class="zero-line" x1="${px(x(0))}" x2="${px(x(0))}" y1="${top}" y2="${bottom}"/>`;
  return chartSvg({
    title,
    label,
    width,
    height,
    kind: 'swarm',
    body: html`${legend}${xAxis({ ticks, scale: x, label: options.xLabel }, bottom, top, left, right)}${zero}${join(body)}`,
  });
}
