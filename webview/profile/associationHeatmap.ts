/**
 * The association heatmap: a matrix of the columns the profile measured associations for, each
 * cell colored by the pair's strength. Signed correlations (Spearman, else Pearson) use a
 * diverging scale, blue for positive and red for negative; the unsigned measures (Cramér's V,
 * correlation ratio η, both 0..1) a sequential one in a third hue, so a strong categorical
 * association never reads as a positive correlation.
 *
 * A plain table of buttons: names are text nodes, colors come from theme variables mixed by a
 * `--strength` custom property (set through CSSOM, which the CSP allows), and the cells form one
 * tab stop moved with the arrow keys (a 20 x 20 matrix must not be 380 tab stops).
 */
import type { Association, DatasetProfile } from '../../src/protocol/webview';
import { h } from '../shared/dom';
import { formatCount, plural } from '../shared/format';
import { describeAssociation } from './columnSummary';

/** Columns drawn at most; the matrix grows with the square of this. */
export const MAX_HEATMAP_COLUMNS = 20;

export interface HeatmapEvents {
  /** A cell or a label was clicked: show this column. */
  onSelect(name: string): void;
}

/**
 * The columns the heatmap shows, in the profile's (file) order: the target if it has any
 * association, then those with the strongest association to any other column, up to `max`.
 * Linear in the number of pairs, plus a sort of the candidate columns.
 */
export function heatmapColumns(associations: DatasetProfile['associations'], target: string | undefined, max = MAX_HEATMAP_COLUMNS): string[] {
  return rankColumns(associations, target, max).names;
}

/** {@link heatmapColumns}, and how many columns take part in associations at all. */
function rankColumns(associations: DatasetProfile['associations'], target: string | undefined, max: number): { names: string[]; total: number } {
  const strongest = new Map<string, number>();
  const order = new Map<string, number>();
  for (const name of associations.columns) if (!order.has(name)) order.set(name, order.size);
  const note = (name: string, value: number): void => {
    // Columns the pairs name but the list forgot still count, after the listed ones.
    if (!order.has(name)) order.set(name, order.size);
    const known = strongest.get(name);
    if (known === undefined || value > known) strongest.set(name, value);
  };
  for (const pair of associations.pairs) {
    if (pair.a === pair.b || !Number.isFinite(pair.value)) continue;
    note(pair.a, Math.abs(pair.value));
    note(pair.b, Math.abs(pair.value));
  }
  const rank = (name: string): number => (name === target ? Infinity : strongest.get(name) ?? -Infinity);
  const chosen = [...strongest.keys()]
    .sort((x, y) => rank(y) - rank(x) || order.get(x)! - order.get(y)!)
    .slice(0, Math.max(0, max));
  return { names: chosen.sort((x, y) => order.get(x)! - order.get(y)!), total: order.size };
}

/** How a pair is colored: its CSS class and strength 0..1. */
export function cellScale(pair: Association): { readonly scale: 'positive' | 'negative' | 'strength'; readonly strength: number } {
  const signed = pair.spearman ?? pair.pearson;
  if (signed !== undefined && Number.isFinite(signed)) {
    return { scale: signed < 0 ? 'negative' : 'positive', strength: clamp01(Math.abs(signed)) };
  }
  return { scale: 'strength', strength: clamp01(pair.value) };
}

export class AssociationHeatmap {
  /** The section, or an empty placeholder when fewer than two columns have associations. */
  readonly element: HTMLElement;
  private readonly labels = new Map<string, HTMLElement[]>();
  private readonly cells: (HTMLButtonElement | undefined)[][] = [];
  private selected: string | undefined;

  constructor(profile: DatasetProfile, private readonly events: HeatmapEvents) {
    const { associations } = profile;
    const { names, total } = rankColumns(associations, profile.target?.column, MAX_HEATMAP_COLUMNS);
    if (names.length < 2) {
      this.element = h('section', { class: 'heatmap-section', attrs: { hidden: true } });
      return;
    }
    const shown = new Set(names);
    const byPair = new Map<string, Association>();
    for (const pair of associations.pairs) {
      if (shown.has(pair.a) && shown.has(pair.b)) byPair.set(pairKey(pair.a, pair.b), pair);
    }

    const headRow = h('tr', null, h('td', { class: 'hm-corner' }));
    for (const name of names) headRow.append(h('th', { class: 'hm-col-label', attrs: { scope: 'col' } }, this.label(name)));
    const body = h('tbody');
    names.forEach((a, row) => {
      const cellRow: (HTMLButtonElement | undefined)[] = [];
      const tr = h('tr', null, h('th', { class: 'hm-row-label', attrs: { scope: 'row' } }, this.label(a)));
      names.forEach((b, column) => {
        if (row === column) {
          cellRow.push(undefined);
          tr.append(h('td', { class: 'hm-diagonal', attrs: { 'aria-hidden': 'true' } }));
          return;
        }
        const cell = this.cell(a, b, byPair.get(pairKey(a, b)), row, column);
        cellRow.push(cell);
        tr.append(h('td', null, cell));
      });
      this.cells.push(cellRow);
      body.append(tr);
    });
    // One tab stop for the whole matrix: the first cell of the first row.
    this.cells[0]?.[1]?.setAttribute('tabindex', '0');

    const caption = names.length < total
      ? `The ${names.length} most associated of ${plural(total, 'column')}`
      : plural(names.length, 'column');
    this.element = h('section', { class: 'heatmap-section', attrs: { 'aria-label': 'Associations' } },
      h('h2', null, 'Associations'),
      h('p', { class: 'muted heatmap-caption' },
        `${caption}, measured on ${formatCount(associations.sampledRows)} rows. Click a cell to show its row's column.`),
      legend(),
      h('div', { class: 'heatmap-scroll' },
        h('table', {
          class: 'heatmap',
          attrs: { 'aria-label': 'Association heatmap; arrow keys move between cells' },
          on: { keydown: (event) => this.onKeyDown(event) },
        }, h('thead', null, headRow), body),
      ),
    );
  }

  /** Highlights the labels of `name` (the column whose details are shown). */
  setSelected(name: string | undefined): void {
    for (const label of this.labels.get(this.selected ?? '') ?? []) label.classList.remove('selected');
    this.selected = name;
    for (const label of this.labels.get(name ?? '') ?? []) label.classList.add('selected');
  }

  private label(name: string): HTMLElement {
    const label = h('button', {
      class: 'link hm-label',
      attrs: { type: 'button', title: `Show ${name}` },
      on: { click: () => this.events.onSelect(name) },
    }, name);
    const list = this.labels.get(name) ?? [];
    list.push(label);
    this.labels.set(name, list);
    return label;
  }

  private cell(a: string, b: string, pair: Association | undefined, row: number, column: number): HTMLButtonElement {
    const text = `${a} × ${b}: ${pair === undefined ? 'not measured' : describeAssociation(pair)}`;
    const cell = h('button', {
      class: 'hm-cell',
      attrs: { type: 'button', tabindex: -1, title: text, 'aria-label': text, 'data-row': row, 'data-column': column },
      on: { click: () => this.events.onSelect(a) },
    });
    if (pair === undefined) {
      cell.classList.add('hm-none');
    } else {
      const { scale, strength } = cellScale(pair);
      cell.classList.add(`hm-${scale}`);
      cell.style.setProperty('--strength', `${Math.round(strength * 100)}%`);
    }
    return cell;
  }

  private onKeyDown(event: KeyboardEvent): void {
    const from = event.target instanceof Element ? event.target.closest('.hm-cell') : null;
    if (from === null) return;
    const moves: Record<string, readonly [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const size = this.cells.length;
    let row = Number(from.getAttribute('data-row'));
    let column = Number(from.getAttribute('data-column'));
    // Step over the (empty) diagonal; stop at the edges.
    do {
      row += move[0];
      column += move[1];
    } while (row === column && row >= 0 && row < size);
    const next = this.cells[row]?.[column];
    if (next === undefined) return;
    from.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    next.focus();
  }
}

/** The scales, explained in words as well as colors. */
function legend(): HTMLElement {
  const item = (scale: string, text: string): HTMLElement =>
    h('span', { class: 'hm-legend-item' }, h('span', { class: `hm-swatch hm-${scale}`, attrs: { 'aria-hidden': 'true' } }), text);
  return h('p', { class: 'hm-legend muted' },
    item('positive', 'positive correlation (Spearman ρ)'),
    item('negative', 'negative correlation'),
    item('strength', "association 0–1 (Cramér's V, η)"),
    h('span', { class: 'hm-legend-item' }, 'paler = weaker'),
  );
}

function pairKey(a: string, b: string): string {
  // A separator no column name contains, in a canonical order, so (a, b) and (b, a) meet.
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
