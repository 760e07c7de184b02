/** Markup the report's sections share: tables that the page script can sort, fact lists, grades, notes. */
import type { RobustnessGrade } from '../robustness/types';
import { html, join, withCodeSpans, type Html, type HtmlPart } from './html';

export interface TableColumn<T> {
  readonly header: string;
  readonly cell: (row: T) => HtmlPart;
  /** The value the page script sorts by (numbers sort as numbers); not sortable without it. */
  readonly sort?: (row: T) => number | string | undefined;
  /** Right-aligned figures. */
  readonly numeric?: boolean;
  /** The header's tooltip: what the column means. */
  readonly hint?: string;
}

export interface TableOptions<T> {
  readonly caption?: string;
  /** A row's class ("final" for the final model's members). */
  readonly rowClass?: (row: T) => string | undefined;
}

/** A table; columns with a `sort` key get `data-sort` values the page script sorts by. */
export function dataTable<T>(rows: readonly T[], columns: readonly TableColumn<T>[], options: TableOptions<T> = {}): Html {
  const sortable = columns.some((c) => c.sort !== undefined);
  const head = columns.map(
    (c) =>
      html`<th scope="col"${c.numeric ? trustedAttr(' class="num"') : ''}${c.sort ? trustedAttr(' data-sortable=""') : ''}${c.hint ? html` title="${c.hint}"` : ''}>${c.header}</th>`,
  );
  const body = rows.map((row) => {
    const cls = options.rowClass?.(row);
    const cells = columns.map((c) => {
      const key = c.sort?.(row);
      const sortAttr = key === undefined || (typeof key === 'number' && !Number.isFinite(key)) ? '' : html` data-sort="${String(key)}"`;
      return html`<td${c.numeric ? trustedAttr(' class="num"') : ''}${sortAttr}>${c.cell(row)}</td>`;
    });
    return html`<tr${cls ? html` class="${cls}"` : ''}>${join(cells)}</tr>`;
  });
  return html`<div class="table-wrap"><table class="${sortable ? 'data sortable' : 'data'}">${options.caption ? html`<caption>${options.caption}</caption>` : ''}<thead><tr>${join(head)}</tr></thead><tbody>${join(body)}</tbody></table></div>`;
}

/** A fixed attribute string (never data). */
function trustedAttr(text: string): Html {
  return { html: text };
}

/** Label/value pairs as a definition list; pairs with an empty value are left out. */
export function factList(pairs: readonly (readonly [string, HtmlPart])[]): Html {
  const items = pairs.filter(([, v]) => v !== undefined && v !== null && v !== false && v !== '').map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`);
  return html`<dl class="facts">${join(items)}</dl>`;
}

const GRADE_TEXT: Readonly<Record<RobustnessGrade, string>> = { ok: 'ok', warn: 'warning', alert: 'alert' };

/** A grade as a colored badge (with its word, so it reads without color too). */
export function gradeBadge(grade: RobustnessGrade): Html {
  return html`<span class="grade grade-${grade}">${GRADE_TEXT[grade]}</span>`;
}

/** A bulleted list of sentences (their `code` spans shown as code). */
export function sentenceList(sentences: readonly string[], className = 'sentences'): Html | undefined {
  if (sentences.length === 0) return undefined;
  return html`<ul class="${className}">${join(sentences.map((s) => html`<li>${withCodeSpans(s)}</li>`))}</ul>`;
}

/** "What was sampled, shortened or skipped" notes, muted. */
export function notesList(notes: readonly string[] | undefined): Html | undefined {
  if (notes === undefined || notes.length === 0) return undefined;
  return html`<div class="notes"><h4>Notes</h4>${sentenceList(notes, 'sentences muted')}</div>`;
}

/** A sub-heading within a section, with an anchor for the table of contents' links. */
export function subheading(id: string, text: string): Html {
  return html`<h3 id="${id}">${text}</h3>`;
}

/** Charts side by side, wrapping on narrow pages. */
export function chartGrid(charts: readonly HtmlPart[]): Html | undefined {
  const present = charts.filter((c) => c !== undefined && c !== null && c !== false);
  if (present.length === 0) return undefined;
  return html`<div class="chart-grid">${join(present)}</div>`;
}
