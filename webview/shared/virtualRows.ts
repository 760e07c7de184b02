/**
 * The geometry both virtualised tables (the profile's columns, the leaderboard's trials) share:
 * only the rows in or near the scrolled viewport exist in the DOM, between two spacer rows that
 * keep the scroll height right. Rows have one fixed height.
 */
import { h } from './dom';

/** Viewport height assumed before layout (hidden panel, tests): enough rows for a tall window. */
const FALLBACK_VIEWPORT_PX = 900;

/**
 * Height the rows of `scroller` may fill. The container's own height is no guide before its rows
 * exist (its max-height lets it shrink to its content), so take at least the page's height, which
 * the container never exceeds.
 */
export function viewportHeight(scroller: HTMLElement): number {
  const page = typeof window === 'undefined' ? 0 : window.innerHeight || 0;
  return Math.max(scroller.clientHeight || 0, page || FALLBACK_VIEWPORT_PX);
}

/** The rows [first, last) to render for the current scroll position, `overscan` rows beyond each edge. */
export function visibleRows(scroller: HTMLElement, count: number, rowHeight: number, overscan: number): { first: number; last: number } {
  const scrollTop = scroller.scrollTop || 0;
  const first = Math.max(0, Math.min(count - 1, Math.floor(scrollTop / rowHeight) - overscan));
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight(scroller)) / rowHeight) + overscan);
  return { first, last };
}

/** A row standing in for `rows` unrendered rows (hidden when there are none). */
export function spacerRow(rows: number, rowHeight: number, colspan: number): HTMLTableRowElement {
  const row = h('tr', { class: 'spacer', attrs: { 'aria-hidden': 'true' } }, h('td', { attrs: { colspan } }));
  // CSSOM, not a style attribute: allowed by the CSP.
  row.style.height = `${rows * rowHeight}px`;
  if (rows === 0) row.hidden = true;
  return row;
}

/** Scrolls `scroller` so the row at `position` is visible below the header; returns whether it scrolled. */
export function scrollRowIntoView(scroller: HTMLElement, position: number, rowHeight: number): boolean {
  const header = scroller.querySelector('thead')?.getBoundingClientRect?.().height || rowHeight;
  const viewport = scroller.clientHeight || FALLBACK_VIEWPORT_PX;
  const top = position * rowHeight;
  const scrollTop = scroller.scrollTop || 0;
  let next = scrollTop;
  if (top < scrollTop) next = top;
  else if (top + rowHeight > scrollTop + viewport - header) next = top + rowHeight - viewport + header;
  if (next === scrollTop) return false;
  scroller.scrollTop = next;
  return true;
}
