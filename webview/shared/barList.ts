/**
 * Horizontal bars as plain DOM elements: one list item per bar with its label, its value as text
 * and a track whose fill width is a percentage. Used where a chart must stay readable in a narrow
 * side bar, work with screen readers and be checked by tests (the Feature Importance view and the
 * Explanations panel's importance tab). Labels are data, so they only ever become text nodes and
 * attribute values.
 */
import { h, type Child } from './dom';
import { formatCount } from './format';

/** One part of a stacked bar (for example one class's share of a column's importance). */
export interface BarSegment {
  readonly value: number;
  /** CSS class giving the segment its color. */
  readonly className: string;
  /** What the segment is, for its tooltip. */
  readonly title: string;
}

export interface BarItem {
  readonly label: string;
  /** Bar length in the list's common unit; negative values draw an empty bar. */
  readonly value: number;
  /** Spread around `value` (drawn as a whisker), in the same unit. */
  readonly std?: number;
  /** The value as shown next to the label. */
  readonly valueText: string;
  /** Tooltip of the whole item (defaults to the label and value text). */
  readonly title?: string;
  /** Parts of the bar, summing to `value`; absent: one plain fill. */
  readonly segments?: readonly BarSegment[];
}

export interface BarListOptions {
  /** Accessible name of the list. */
  readonly label: string;
  /** Bars shown before a "+N more" button (which shows the rest); all when absent. */
  readonly limit?: number;
  /** Extra class names of the list element. */
  readonly className?: string;
}

/** Width of `value` on a 0..`max` scale, in percent of the track (0 to 100). */
export function barPercent(value: number, max: number): number {
  if (!(max > 0) || !Number.isFinite(value) || value <= 0) return 0;
  return Math.min(100, (value / max) * 100);
}

/** Rounded for a style attribute (percent with 3 decimals is below a pixel on any screen). */
function pct(value: number): string {
  return `${Number(value.toFixed(3))}%`;
}

/**
 * The bar list of `items` (largest first is the caller's business). Returns a wrapper holding the
 * `<ol class="bar-list">` and, when `limit` hides some, a "+N more" button that shows them.
 */
export function barList(items: readonly BarItem[], options: BarListOptions): HTMLElement {
  // The scale leaves room for the whiskers, so a spread is never cut off at the track's end.
  const max = Math.max(0, ...items.map((item) => item.value + Math.max(0, item.std ?? 0)));
  const list = h('ol', { class: `bar-list${options.className ? ` ${options.className}` : ''}`, attrs: { 'aria-label': options.label } });
  const limit = options.limit ?? items.length;
  for (const item of items.slice(0, limit)) list.append(barRow(item, max));
  const wrapper = h('div', { class: 'bar-list-wrapper' }, list);
  const hidden = items.length - limit;
  if (hidden > 0) {
    const more: HTMLButtonElement = h('button', {
      class: 'link bar-more',
      attrs: { type: 'button', title: `Show the other ${formatCount(hidden)}` },
      on: {
        click: () => {
          const fragment = document.createDocumentFragment();
          for (const item of items.slice(limit)) fragment.append(barRow(item, max));
          list.append(fragment);
          more.remove();
        },
      },
    }, `+${formatCount(hidden)} more`);
    wrapper.append(more);
  }
  return wrapper;
}

function barRow(item: BarItem, max: number): HTMLElement {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = pct(barPercent(item.value, max));
  if (item.segments !== undefined && item.segments.length > 0) {
    const total = item.segments.reduce((sum, s) => sum + Math.max(0, s.value), 0);
    fill.classList.add('stacked');
    for (const segment of item.segments) {
      const part = h('span', { class: `bar-segment ${segment.className}`, attrs: { title: segment.title } });
      part.style.width = pct(total > 0 ? (Math.max(0, segment.value) / total) * 100 : 0);
      fill.append(part);
    }
  }
  const trackChildren: Child[] = [fill];
  if (item.std !== undefined && item.std > 0 && max > 0) {
    const whisker = h('span', { class: 'bar-whisker' });
    const from = barPercent(item.value - item.std, max);
    const to = barPercent(item.value + item.std, max);
    whisker.style.left = pct(from);
    whisker.style.width = pct(Math.max(0, to - from));
    trackChildren.push(whisker);
  }
  return h('li', {
    class: `bar-item${item.value < 0 ? ' negative' : ''}`,
    attrs: { 'data-column': item.label, title: item.title ?? `${item.label}: ${item.valueText}` },
  },
    h('div', { class: 'bar-head' },
      h('span', { class: 'bar-label' }, item.label),
      h('span', { class: 'bar-value' }, item.valueText),
    ),
    h('div', { class: 'bar-track', attrs: { 'aria-hidden': 'true' } }, ...trackChildren),
  );
}
