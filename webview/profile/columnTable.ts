/**
 * The column table: one row per column with its type, missing share, distinct count, a mini chart
 * and a summary; sortable by header click, selectable by click or arrow keys.
 *
 * Rows are virtualised: only the rows in (or near) the scrolled viewport exist in the DOM, between
 * two spacer rows that keep the scroll height right, so a 10,000-column profile renders as fast
 * as a 10-column one. That needs a fixed row height, which the table sets as `--row-height` for
 * the stylesheet.
 */
import type { ColumnProfile, ColumnSort, ColumnSortKey, DroppedFeature, ProfileWarning } from '../../src/protocol/webview';
import { h, replaceChildren } from '../shared/dom';
import { scrollRowIntoView, spacerRow, viewportHeight, visibleRows } from '../shared/virtualRows';
import { formatCount, formatPercent } from '../shared/format';
import { summarize, typeClass } from './columnSummary';
import { miniChart } from './miniChart';
import { droppedTag } from './runFeatures';

/** Height of every body row, in CSS pixels (set on the table as `--row-height`). */
export const ROW_HEIGHT_PX = 30;
/** Rows rendered above and below the viewport, so fast scrolling does not show blank space. */
const OVERSCAN_ROWS = 10;

interface HeaderSpec {
  readonly key?: ColumnSortKey;
  readonly label: string;
  readonly className: string;
  readonly title?: string;
}

const HEADERS: readonly HeaderSpec[] = [
  { key: 'index', label: '#', className: 'col-index', title: 'Position in the file' },
  { key: 'name', label: 'Column', className: 'col-name' },
  { key: 'type', label: 'Type', className: 'col-type' },
  { key: 'missing', label: 'Missing', className: 'col-missing' },
  { key: 'unique', label: 'Unique', className: 'col-unique', title: 'Distinct non-missing values' },
  { label: 'Distribution', className: 'col-chart' },
  { label: 'Summary', className: 'col-summary' },
];

/** What the table tells its owner. */
export interface ColumnTableEvents {
  /** A row was clicked or reached with the arrow keys. */
  onSelect(name: string): void;
  /** A sortable header was clicked. */
  onSortRequested(key: ColumnSortKey): void;
}

export class ColumnTable {
  /** The scroll container; the owner places it in the page. */
  readonly element: HTMLDivElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly headerCells = new Map<ColumnSortKey, HTMLTableCellElement>();
  private columns: readonly ColumnProfile[] = [];
  private order: readonly number[] = [];
  private warnings = new Map<string, string[]>();
  private target: string | undefined;
  private excluded: ReadonlySet<string> = new Set();
  /** Columns the shown run did not use, with why. */
  private dropped: ReadonlyMap<string, DroppedFeature> = new Map();
  private selected: string | undefined;
  private emptyText = '';
  /** Rendered positions in `order`: [first, last). */
  private first = 0;
  private last = 0;

  constructor(private readonly events: ColumnTableEvents) {
    const headerRow = h('tr', null, ...HEADERS.map((spec) => this.headerCell(spec)));
    this.tbody = h('tbody', { on: { click: (event) => this.onClick(event) } });
    const table = h('table', { class: 'columns', attrs: { 'aria-label': 'Columns' } },
      h('colgroup', null, ...HEADERS.map((spec) => h('col', { class: spec.className }))),
      h('thead', null, headerRow),
      this.tbody,
    );
    this.element = h('div', {
      class: 'table-scroll',
      attrs: { tabindex: 0, 'aria-label': 'Columns; arrow keys move the selection' },
      // Browsers fire scroll events at most once per frame, and render(false) skips unmoved windows.
      on: { scroll: () => this.render(false), keydown: (event) => this.onKeyDown(event) },
    }, table);
    this.element.style.setProperty('--row-height', `${ROW_HEIGHT_PX}px`);
  }

  /** Shows the columns of a new profile (call {@link setOrder} next). */
  setProfile(columns: readonly ColumnProfile[], target: string | undefined, warnings: readonly ProfileWarning[]): void {
    this.columns = columns;
    this.target = target;
    this.warnings = new Map();
    for (const warning of warnings) {
      if (warning.column === undefined) continue;
      const list = this.warnings.get(warning.column) ?? [];
      list.push(warning.message);
      this.warnings.set(warning.column, list);
    }
  }

  /**
   * Shows the columns at `order` (indices into the profile's columns), sorted by `sort`, and
   * scrolls back to the top. `emptyText` is shown when `order` is empty.
   */
  setOrder(order: readonly number[], sort: ColumnSort, emptyText: string): void {
    this.order = order;
    this.emptyText = emptyText;
    for (const [key, cell] of this.headerCells) {
      cell.setAttribute('aria-sort', key === sort.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
    }
    this.element.scrollTop = 0;
    this.render();
  }

  /** Marks the columns the next run leaves out; re-renders the rendered rows in place. */
  setExcluded(excluded: ReadonlySet<string>): void {
    this.excluded = excluded;
    this.render();
  }

  /** Marks the columns the shown run dropped; re-renders the rendered rows in place. */
  setDropped(dropped: ReadonlyMap<string, DroppedFeature>): void {
    this.dropped = dropped;
    this.render();
  }

  /** Marks `name` as selected; with `reveal`, scrolls its row into view. */
  setSelected(name: string | undefined, reveal: boolean): void {
    this.selected = name;
    if (reveal && name !== undefined) {
      const position = this.order.findIndex((index) => this.columns[index].name === name);
      if (position >= 0 && scrollRowIntoView(this.element, position, ROW_HEIGHT_PX)) {
        this.render();
        return;
      }
    }
    // Only the rendered rows can change: restyle them instead of rebuilding.
    for (const row of this.tbody.querySelectorAll('tr[data-index]')) {
      const selected = this.columns[Number(row.getAttribute('data-index'))]?.name === name;
      row.classList.toggle('selected', selected);
      row.setAttribute('aria-selected', String(selected));
    }
  }

  /** Body rows currently in the DOM (spacers excluded); for tests and diagnostics. */
  get renderedRowCount(): number {
    return this.last - this.first;
  }

  private headerCell(spec: HeaderSpec): HTMLTableCellElement {
    if (spec.key === undefined) return h('th', { class: spec.className, attrs: { scope: 'col', title: spec.title } }, spec.label);
    const key = spec.key;
    const cell = h('th', { class: `${spec.className} sortable`, attrs: { scope: 'col', 'aria-sort': 'none' } },
      h('button', {
        class: 'sort-button',
        attrs: { type: 'button', title: spec.title ?? `Sort by ${spec.label.toLowerCase()}`, 'data-sort': key },
        on: { click: () => this.events.onSortRequested(key) },
      }, spec.label, h('span', { class: 'sort-arrow', attrs: { 'aria-hidden': 'true' } })),
    );
    this.headerCells.set(key, cell);
    return cell;
  }

  /**
   * Renders the rows of the visible window (plus overscan) between two spacer rows; unless
   * `force`, only when the window moved.
   */
  private render(force = true): void {
    const count = this.order.length;
    if (count === 0) {
      this.first = this.last = 0;
      replaceChildren(this.tbody, h('tr', { class: 'empty' }, h('td', { attrs: { colspan: HEADERS.length } }, this.emptyText)));
      return;
    }
    const { first, last } = visibleRows(this.element, count, ROW_HEIGHT_PX, OVERSCAN_ROWS);
    if (!force && first === this.first && last === this.last) return;
    this.first = first;
    this.last = last;
    const fragment = document.createDocumentFragment();
    fragment.append(spacerRow(first, ROW_HEIGHT_PX, HEADERS.length));
    for (let position = first; position < last; position++) fragment.append(this.row(position));
    fragment.append(spacerRow(count - last, ROW_HEIGHT_PX, HEADERS.length));
    replaceChildren(this.tbody, fragment);
  }


  private row(position: number): HTMLTableRowElement {
    const index = this.order[position];
    const column = this.columns[index];
    const selected = column.name === this.selected;
    const warnings = this.warnings.get(column.name);
    const isTarget = column.name === this.target;
    const excluded = this.excluded.has(column.name);
    const dropped = this.dropped.get(column.name);

    const missingFill = h('span', { class: 'meter-fill' });
    missingFill.style.width = `${Math.min(100, Math.max(0, column.missingPct))}%`;

    return h('tr', {
      class: `row${selected ? ' selected' : ''}${isTarget ? ' target' : ''}${excluded ? ' excluded' : ''}`,
      attrs: { 'data-index': index, 'aria-selected': selected ? 'true' : 'false', 'aria-rowindex': position + 2 },
    },
      h('td', { class: 'col-index' }, index + 1),
      h('td', { class: 'col-name', attrs: { title: excluded ? `${column.name} (excluded from the next run)` : column.name } },
        h('span', { class: 'name' }, column.name),
        isTarget ? h('span', { class: 'tag tag-target' }, 'target') : null,
        // Words, not only the strike-through, so screen readers and high contrast tell it too.
        excluded ? h('span', { class: 'tag tag-excluded', attrs: { title: 'Left out of the next run' } }, 'excluded') : null,
        dropped === undefined ? null : droppedTag(dropped, true),
        warnings ? h('span', { class: 'tag tag-warning', attrs: { title: warnings.join('\n') } }, `⚠ ${warnings.length}`) : null,
      ),
      h('td', { class: 'col-type' }, h('span', { class: typeClass(column.type) }, column.type)),
      h('td', { class: `col-missing${column.missing > 0 ? '' : ' none'}`, attrs: { title: `${formatCount(column.missing)} missing` } },
        h('span', { class: 'missing-text' }, formatPercent(column.missingPct)),
        h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, missingFill),
      ),
      h('td', { class: 'col-unique' }, formatCount(column.unique)),
      h('td', { class: 'col-chart' }, miniChart(column) ?? h('span', { class: 'muted' }, '–')),
      h('td', { class: 'col-summary' }, h('span', { class: 'summary' }, summarize(column))),
    );
  }

  private onClick(event: MouseEvent): void {
    const row = event.target instanceof Element ? event.target.closest('tr[data-index]') : null;
    const index = Number(row?.getAttribute('data-index'));
    if (row === null || !Number.isInteger(index) || this.columns[index] === undefined) return;
    this.element.focus({ preventScroll: true });
    this.events.onSelect(this.columns[index].name);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.order.length === 0) return;
    const current = this.order.findIndex((index) => this.columns[index].name === this.selected);
    const page = Math.max(1, Math.floor(viewportHeight(this.element) / ROW_HEIGHT_PX) - 1);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = current < 0 ? 0 : current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.order.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    next = Math.min(this.order.length - 1, Math.max(0, next));
    this.events.onSelect(this.columns[this.order[next]].name);
  }
}
