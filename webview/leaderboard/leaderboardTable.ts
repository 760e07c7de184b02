/**
 * The leaderboard table: the pinned final-model rows, then one row per trial in the board's
 * order; sortable by header click, selectable by click, Enter/Space or arrow keys.
 *
 * Rows are virtualised as in the Data Profile's column table: only the rows in (or near) the
 * scrolled viewport exist in the DOM, between two spacer rows that keep the scroll height right,
 * so a live board of thousands of trials re-renders a few dozen rows per update. That needs a
 * fixed row height, set on the table as `--row-height` for the stylesheet.
 */
import type { LeaderboardSortKey, ModelKey, RunPlan } from '../../src/protocol/webview';
import { h, replaceChildren } from '../shared/dom';
import { scrollRowIntoView, spacerRow, viewportHeight, visibleRows } from '../shared/virtualRows';
import type { Board, LeaderboardSort, PinnedRow } from './leaderboardModel';
import { COLUMNS, pinnedKey, pinnedRow, trialRow, type ColumnSpec, type RowContext } from './leaderboardRows';
import { directionArrow, directionWords, metricLabel } from './runLabels';

/** Height of every body row, in CSS pixels (set on the table as `--row-height`). */
export const ROW_HEIGHT_PX = 28;
/** Rows rendered above and below the viewport, so fast scrolling does not show blank space. */
const OVERSCAN_ROWS = 8;

/** What the table tells its owner. */
export interface LeaderboardTableEvents {
  /** A selectable row was clicked, or chosen with the keyboard. */
  onSelect(model: ModelKey): void;
  /** A sortable header was clicked. */
  onSortRequested(key: LeaderboardSortKey): void;
}

export class LeaderboardTable {
  /** The scroll container; the owner places it in the page. */
  readonly element: HTMLDivElement;
  private readonly table: HTMLTableElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly headerCells = new Map<LeaderboardSortKey, HTMLTableCellElement>();
  private scoreLabel: HTMLElement | undefined;
  private pinned: readonly PinnedRow[] = [];
  private plan: RunPlan | undefined;
  private selected: ModelKey | undefined;
  private emptyText = '';
  /** Rendered display positions (pinned rows first): [first, last). */
  private first = 0;
  private last = 0;

  constructor(
    private readonly board: Board,
    private readonly events: LeaderboardTableEvents,
  ) {
    this.tbody = h('tbody', { on: { click: (event) => this.onClick(event) } });
    this.table = h('table', { class: 'leaderboard', attrs: { 'aria-label': 'Leaderboard' } },
      h('colgroup', null, ...COLUMNS.map((spec) => h('col', { class: spec.className }))),
      h('thead', null, h('tr', { attrs: { 'aria-rowindex': 1 } }, ...COLUMNS.map((spec) => this.headerCell(spec)))),
      this.tbody,
    );
    this.element = h('div', {
      class: 'table-scroll',
      attrs: { tabindex: 0, 'aria-label': 'Leaderboard; arrow keys move the selection, Enter selects' },
      // Browsers fire scroll events at most once per frame, and render(false) skips unmoved windows.
      on: { scroll: () => this.render(false), keydown: (event) => this.onKeyDown(event) },
    }, this.table);
    this.element.style.setProperty('--row-height', `${ROW_HEIGHT_PX}px`);
  }

  /** The rows above the trials, the plan (metric, folds) and the text shown while there is no row; re-renders. */
  setContent(pinned: readonly PinnedRow[], plan: RunPlan | undefined, emptyText: string): void {
    this.pinned = pinned;
    this.plan = plan;
    this.emptyText = emptyText;
    if (this.scoreLabel !== undefined) {
      this.scoreLabel.textContent = plan === undefined ? 'Score' : `${metricLabel(plan.metric)} ${directionArrow(plan.higherIsBetter)}`;
      this.scoreLabel.parentElement?.setAttribute('title', plan === undefined ? 'Sort by score' : `Sort by ${metricLabel(plan.metric)} (${directionWords(plan.higherIsBetter)})`);
    }
    this.render();
  }

  /** Shows the header's sort indicators for `sort` (call after the board was re-sorted). */
  setSort(sort: LeaderboardSort): void {
    for (const [key, cell] of this.headerCells) {
      cell.setAttribute('aria-sort', key === sort.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
    }
  }

  /** Renders the visible window again (after trials were added or the order changed). */
  refresh(): void {
    this.render();
  }

  /** Marks `model` as selected; with `reveal`, scrolls its row into view. */
  setSelected(model: ModelKey | undefined, reveal: boolean): void {
    this.selected = model;
    if (reveal && model !== undefined) {
      const position = this.positionOf(model);
      if (position >= 0 && scrollRowIntoView(this.element, position, ROW_HEIGHT_PX)) {
        this.render();
        return;
      }
    }
    // Only the rendered rows can change: restyle them instead of rebuilding.
    for (const row of this.tbody.querySelectorAll('tr[data-key]')) {
      const selected = row.getAttribute('data-key') === String(model);
      row.classList.toggle('selected', selected);
      row.setAttribute('aria-selected', String(selected));
    }
  }

  /** Body rows currently in the DOM (spacers excluded); for tests and diagnostics. */
  get renderedRowCount(): number {
    return this.last - this.first;
  }

  private get rowCount(): number {
    return this.pinned.length + this.board.order.length;
  }

  private headerCell(spec: ColumnSpec): HTMLTableCellElement {
    if (spec.key === undefined) return h('th', { class: spec.className, attrs: { scope: 'col', title: spec.title } }, spec.label);
    const key = spec.key;
    const label = h('span', { class: 'sort-label' }, spec.label);
    if (key === 'score') this.scoreLabel = label;
    const cell = h('th', { class: `${spec.className} sortable`, attrs: { scope: 'col', 'aria-sort': 'none' } },
      h('button', {
        class: 'sort-button',
        attrs: { type: 'button', title: spec.title ?? `Sort by ${spec.label.toLowerCase()}`, 'data-sort': key },
        on: { click: () => this.events.onSortRequested(key) },
      }, label, h('span', { class: 'sort-arrow', attrs: { 'aria-hidden': 'true' } })),
    );
    this.headerCells.set(key, cell);
    return cell;
  }

  /**
   * Renders the rows of the visible window (plus overscan) between two spacer rows; unless
   * `force`, only when the window moved.
   */
  private render(force = true): void {
    const count = this.rowCount;
    this.table.setAttribute('aria-rowcount', String(count + 1));
    if (count === 0) {
      this.first = this.last = 0;
      replaceChildren(this.tbody, h('tr', { class: 'empty' }, h('td', { attrs: { colspan: COLUMNS.length } }, this.emptyText)));
      return;
    }
    const { first, last } = visibleRows(this.element, count, ROW_HEIGHT_PX, OVERSCAN_ROWS);
    if (!force && first === this.first && last === this.last) return;
    this.first = first;
    this.last = last;
    const context: RowContext = { board: this.board, plan: this.plan, selected: this.selected };
    const fragment = document.createDocumentFragment();
    fragment.append(spacerRow(first, ROW_HEIGHT_PX, COLUMNS.length));
    for (let position = first; position < last; position++) {
      // aria-rowindex counts the header row as 1, so assistive tech reads "row 42 of 1,001".
      fragment.append(position < this.pinned.length
        ? pinnedRow(this.pinned[position], position + 2, context)
        : trialRow(this.board.order[position - this.pinned.length], position + 2, context));
    }
    fragment.append(spacerRow(count - last, ROW_HEIGHT_PX, COLUMNS.length));
    replaceChildren(this.tbody, fragment);
  }


  /** The model key of the row at display `position`, or undefined for an unselectable row. */
  private keyAt(position: number): ModelKey | undefined {
    if (position < this.pinned.length) return pinnedKey(this.pinned[position]);
    const index = this.board.order[position - this.pinned.length];
    return index === undefined ? undefined : this.board.trials[index].id;
  }

  private positionOf(model: ModelKey): number {
    if (model === 'final') return this.pinned.findIndex((row) => pinnedKey(row) === 'final');
    const index = this.board.indexOfId(model);
    if (index < 0) return -1;
    const position = this.board.order.indexOf(index);
    return position < 0 ? -1 : position + this.pinned.length;
  }

  private onClick(event: MouseEvent): void {
    const row = event.target instanceof Element ? event.target.closest('tr[data-key]') : null;
    const raw = row?.getAttribute('data-key');
    if (raw === null || raw === undefined) return;
    this.element.focus({ preventScroll: true });
    this.events.onSelect(raw === 'final' ? 'final' : Number(raw));
  }

  private onKeyDown(event: KeyboardEvent): void {
    const count = this.rowCount;
    if (count === 0) return;
    const current = this.selected === undefined ? -1 : this.positionOf(this.selected);
    const page = Math.max(1, Math.floor(viewportHeight(this.element) / ROW_HEIGHT_PX) - 1);
    let target: number;
    let step: 1 | -1;
    switch (event.key) {
      case 'ArrowDown':
        [target, step] = [current < 0 ? 0 : current + 1, 1];
        break;
      case 'ArrowUp':
        [target, step] = [current < 0 ? 0 : current - 1, -1];
        break;
      case 'PageDown':
        [target, step] = [current + page, 1];
        break;
      case 'PageUp':
        [target, step] = [current - page, -1];
        break;
      case 'Home':
        [target, step] = [0, 1];
        break;
      case 'End':
        [target, step] = [count - 1, -1];
        break;
      case 'Enter':
      case ' ':
        // Confirms the selection (or picks the first row): the host hears it again, as for a click.
        [target, step] = [current < 0 ? 0 : current, 1];
        break;
      default:
        return;
    }
    event.preventDefault();
    target = Math.min(count - 1, Math.max(0, target));
    // Skip rows that name no model; if the edge is one, look back the other way.
    let key = this.keyAt(target);
    for (let p = target; key === undefined && p >= 0 && p < count; p += step) key = this.keyAt(p);
    for (let p = target; key === undefined && p >= 0 && p < count; p -= step) key = this.keyAt(p);
    if (key !== undefined) this.events.onSelect(key);
  }
}
