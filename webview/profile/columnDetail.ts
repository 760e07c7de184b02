/**
 * The detail section of the selected column: a bar chart of its histogram or top values, its
 * statistics, its top values as a table, the columns it is most associated with, its warnings
 * and the values that did not parse, and what the shown run did with it; for a feature (not the
 * target) also a toggle that leaves it out of the next run.
 */
import type { ColumnProfile, DatasetProfile, FeaturesFile, RunReport } from '../../src/protocol/webview';
import { h, replaceChildren, type Child } from '../shared/dom';
import { formatCount, formatDate, formatNumber, formatPercent, plural } from '../shared/format';
import { describeAssociation, share, typeClass } from './columnSummary';
import { chartSpecFor, type ChartRenderer } from './chartSpec';
import { excludedMarker, excludeToggle } from './excludeToggle';
import { columnDecision, droppedTag } from './runFeatures';

/** Associated columns listed per column, strongest first. */
const MAX_ASSOCIATIONS = 8;
/** Bad-value examples listed per column. */
const MAX_BAD_EXAMPLES = 5;
/** Chart height: fixed for histograms; horizontal bar charts grow with their bar count. */
const HISTOGRAM_HEIGHT_PX = 220;
const BAR_HEIGHT_PX = 22;

export interface ColumnDetailEvents {
  /** A link to another column (an associated one) was clicked. */
  onSelect(name: string): void;
  /** A line number was clicked: open the data file there. */
  onOpenLine(line: number): void;
  /** "Exclude from training" / "Include again" was clicked for this (non-target) column. */
  onToggleExclude(name: string): void;
}

export class ColumnDetail {
  readonly element: HTMLElement;

  constructor(
    private readonly charts: ChartRenderer,
    private readonly events: ColumnDetailEvents,
  ) {
    this.element = h('section', { class: 'detail', attrs: { 'aria-live': 'polite', 'aria-label': 'Column details' } });
  }

  /**
   * Shows `column` of `profile`, or a hint when no column is selected. `excluded` says whether
   * the next run leaves the column out (later changes reach the toggle via `syncExcludeToggles`);
   * `features` are the shown run's feature decisions.
   */
  show(profile: DatasetProfile, column: ColumnProfile | undefined, excluded = false, features?: RunReport<FeaturesFile>): void {
    this.charts.clear();
    if (column === undefined) {
      replaceChildren(this.element, h('p', { class: 'muted hint' }, 'Select a column to see its distribution and statistics.'));
      return;
    }
    const spec = chartSpecFor(column);
    const canvas = spec === undefined ? undefined : h('canvas');
    const chartBox = canvas === undefined ? null : h('div', { class: 'chart-box' }, canvas);
    if (chartBox !== null && spec !== undefined) {
      chartBox.style.height = `${spec.horizontal ? Math.max(120, spec.values.length * BAR_HEIGHT_PX + 48) : HISTOGRAM_HEIGHT_PX}px`;
    }
    const warnings = profile.warnings.filter((w) => w.column === column.name);
    const isTarget = profile.target?.column === column.name;
    const dropped = features?.dropped.find((d) => d.name === column.name);

    replaceChildren(this.element,
      h('h2', { class: 'detail-title' },
        h('span', { class: 'name' }, column.name),
        h('span', { class: typeClass(column.type) }, column.type),
        isTarget ? h('span', { class: 'tag tag-target' }, 'target') : null,
        isTarget ? null : excludedMarker(column.name, excluded),
        dropped === undefined ? null : droppedTag(dropped),
      ),
      // The target is what the run learns: leaving it out is not an option.
      isTarget ? null : h('div', { class: 'detail-actions' },
        excludeToggle(column.name, 'detail', excluded, (name) => this.events.onToggleExclude(name))),
      warnings.length === 0 ? null : h('ul', { class: 'detail-warnings' }, ...warnings.map((w) =>
        h('li', null, h('span', { class: 'warning-kind' }, w.kind), ' ', w.message))),
      chartBox,
      spec === undefined ? null : h('p', { class: 'chart-caption muted' }, spec.title),
      columnDecision(column.name, features),
      statsList(column),
      topValuesTable(column),
      this.associations(profile, column),
      this.badValues(profile, column),
    );
    // Drawn after insertion: chart.js sizes the canvas from its (now laid out) container.
    if (canvas !== undefined && spec !== undefined) this.charts.draw(canvas, spec);
  }

  private associations(profile: DatasetProfile, column: ColumnProfile): HTMLElement | null {
    const pairs = profile.associations.pairs
      .filter((pair) => pair.a === column.name || pair.b === column.name)
      .sort((x, y) => y.value - x.value)
      .slice(0, MAX_ASSOCIATIONS);
    if (pairs.length === 0) return null;
    return h('div', { class: 'detail-block' },
      h('h3', null, 'Associated columns'),
      h('ul', { class: 'associations' }, ...pairs.map((pair) => {
        const other = pair.a === column.name ? pair.b : pair.a;
        const fill = h('span', { class: 'meter-fill' });
        fill.style.width = `${Math.round(Math.min(1, Math.max(0, pair.value)) * 100)}%`;
        return h('li', null,
          h('button', { class: 'link', attrs: { type: 'button', title: `Show ${other}` }, on: { click: () => this.events.onSelect(other) } }, other),
          h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, fill),
          h('span', { class: 'measure' }, describeAssociation(pair)),
        );
      })),
    );
  }

  private badValues(profile: DatasetProfile, column: ColumnProfile): HTMLElement | null {
    const bad = profile.badValues.find((b) => b.column === column.name);
    if (bad === undefined || bad.count === 0) return null;
    return h('div', { class: 'detail-block' },
      h('h3', null, `Unparsable values (${formatCount(bad.count)}, read as missing)`),
      h('ul', { class: 'issues' }, ...bad.examples.slice(0, MAX_BAD_EXAMPLES).map((example) =>
        h('li', null, positionLink(example.line, () => this.events.onOpenLine(example.line), profile.positions), ' ', h('code', null, example.value)))),
    );
  }
}

/**
 * Where an issue is: a button that reads "line N" and opens the data file there, or the plain
 * text "row N" / "record N" for sources without lines to open (spreadsheets, databases, APIs).
 */
export function positionLink(line: number, open: () => void, positions: DatasetProfile['positions'] = 'line'): HTMLElement {
  if (positions !== 'line') return h('span', { class: 'line' }, `${positions} ${line}`);
  return h('button', { class: 'link line', attrs: { type: 'button', title: `Open the data file at line ${line}` }, on: { click: open } }, `line ${line}`);
}

function statsList(column: ColumnProfile): HTMLElement {
  const value = column.storage === 'datetime' ? formatDate : formatNumber;
  const counts: [string, string][] = [
    ['Values', formatCount(column.count)],
    ['Missing', `${formatCount(column.missing)} (${formatPercent(column.missingPct)})`],
    ['Unique', formatCount(column.unique)],
  ];
  const values: [string, string][] = [];
  if (column.storage === 'categorical') {
    const mode = column.topValues?.[0];
    if (mode !== undefined) counts.push(['Most frequent', `${mode.value} (${share(mode.count, column.count)})`]);
    if (column.meanLength !== undefined) counts.push(['Mean length', `${formatNumber(column.meanLength)} chars`]);
  } else {
    if (column.storage === 'numeric') {
      if (column.zeros !== undefined) counts.push(['Zeros', `${formatCount(column.zeros)} (${share(column.zeros, column.count)})`]);
      if (column.outliers !== undefined) counts.push(['Outliers', `${formatCount(column.outliers)} (${share(column.outliers, column.count)})`]);
      counts.push(['Mean', formatNumber(column.mean)], ['Std dev', formatNumber(column.std)]);
      if (column.skew !== undefined) counts.push(['Skewness', formatNumber(column.skew)]);
    }
    const q = column.quantiles;
    values.push(['Min', value(column.min)]);
    if (q !== undefined) {
      values.push(['5th pct', value(q.p05)], ['25th pct', value(q.p25)], ['Median', value(q.p50)], ['75th pct', value(q.p75)], ['95th pct', value(q.p95)]);
    }
    values.push(['Max', value(column.max)]);
  }
  const format = describeFormat(column);
  if (format !== undefined) (values.length > 0 ? values : counts).push(['Written as', format]);
  const list = (rows: readonly [string, string][]): HTMLElement =>
    h('dl', { class: 'stats' }, ...rows.flatMap(([term, text]): Child[] => [h('dt', null, term), h('dd', null, text)]));
  return h('div', { class: 'stats-grid' }, list(counts), values.length > 0 ? list(values) : null);
}

function describeFormat(column: ColumnProfile): string | undefined {
  const { numberFormat, dateFormat } = column;
  if (dateFormat !== undefined) {
    const order = { ymd: 'year-month-day', mdy: 'month/day/year', dmy: 'day/month/year', 'mon-d-y': 'Mon day year', 'd-mon-y': 'day Mon year' }[dateFormat.order];
    return `${order ?? dateFormat.order}${dateFormat.hasTime ? ', with time' : ''}`;
  }
  if (numberFormat === undefined) return undefined;
  const parts: string[] = [];
  if (numberFormat.decimalSeparator === ',') parts.push('decimal comma');
  if (numberFormat.thousandsSeparator !== '') parts.push(`thousands separator "${numberFormat.thousandsSeparator}"`);
  if (numberFormat.percent) parts.push('percent (stored as fractions)');
  if (numberFormat.currency !== '') parts.push(`currency ${numberFormat.currency}`);
  return parts.length === 0 ? undefined : parts.join(', ');
}

function topValuesTable(column: ColumnProfile): HTMLElement | null {
  const top = column.topValues;
  if (top === undefined || top.length === 0) return null;
  return h('div', { class: 'detail-block' },
    h('h3', null, top.length < column.unique ? `Top ${top.length} of ${plural(column.unique, 'value')}` : plural(top.length, 'value')),
    h('table', { class: 'top-values' },
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Value'), h('th', { attrs: { scope: 'col' } }, 'Rows'), h('th', { attrs: { scope: 'col' } }, 'Share'))),
      h('tbody', null, ...top.map((v) => h('tr', null,
        h('td', { class: 'value', attrs: { title: v.value } }, v.value),
        h('td', { class: 'num' }, formatCount(v.count)),
        h('td', { class: 'num' }, share(v.count, column.count)),
      ))),
    ),
  );
}
