/**
 * The waterfall tab: pick a data row (by number, or by searching the sampled rows' values) and see
 * how its output is built from the base value, one column's contribution at a time.
 *
 * The tab only draws; the view decides where a row's explanation comes from (the saved sample,
 * or the host via `row/explain`) and calls `showRow`, `showPending` or `showError`.
 */
import type { RowExplanation, RunExplanations } from '../../src/protocol/webview';
import { h, replaceChildren, type Child } from '../shared/dom';
import { formatCount, formatNumber, plural } from '../shared/format';
import { searchSampleRows } from './sampleRows';
import { formatSampleValue, formatSigned, outputPhrase, outputSpaceName } from './valueText';
import { barGeometry, hasResidual, waterfallSteps, type Waterfall } from './waterfall';

/** Search matches listed at most. */
export const MAX_SEARCH_MATCHES = 20;

export interface WaterfallEvents {
  /** The user asked for data row `row` (typed, or picked from the search results). */
  onPickRow(row: number): void;
}

type TextField = HTMLElement & { value?: string };

/** A data row number typed by the user: a non-negative integer, else undefined. */
export function parseRowNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const row = Number(trimmed);
  return Number.isSafeInteger(row) ? row : undefined;
}

function pct(value: number): string {
  return `${Number(value.toFixed(3))}%`;
}

export class WaterfallTab {
  readonly element: HTMLElement;
  private readonly rowField: TextField;
  private readonly searchField: TextField;
  private readonly fieldError: HTMLElement;
  private readonly results: HTMLElement;
  private readonly area: HTMLElement;

  constructor(
    private readonly explanations: RunExplanations,
    private readonly dateColumns: ReadonlySet<string>,
    private readonly events: WaterfallEvents,
  ) {
    this.rowField = h('vscode-textfield', {
      class: 'row-field',
      attrs: { type: 'number', min: 0, step: 1, 'aria-label': 'Data row number (0 is the first row after the header)', placeholder: 'row' },
      on: {
        keydown: (event) => {
          if (event.key === 'Enter') this.submitRow();
        },
      },
    });
    this.searchField = h('vscode-textfield', {
      class: 'row-search',
      attrs: { type: 'search', placeholder: 'Search sampled rows by value', 'aria-label': 'Search the sampled rows by any column value' },
      on: { input: () => this.search(this.searchField.value ?? '') },
    });
    this.fieldError = h('span', { class: 'field-error', attrs: { role: 'alert' } });
    this.results = h('div', { class: 'search-results', attrs: { 'aria-live': 'polite' } });
    this.area = h('div', { class: 'waterfall-area', attrs: { 'aria-live': 'polite' } });
    const rows = explanations.sample.rows;
    this.element = h('div', { class: 'waterfall-tab' },
      h('div', { class: 'row-picker' },
        h('div', { class: 'toolbar' },
          h('span', { class: 'toolbar-label', attrs: { 'aria-hidden': 'true' } }, 'Data row'),
          this.rowField,
          h('vscode-button', { class: 'explain-row', attrs: { secondary: true }, on: { click: () => this.submitRow() } }, 'Explain'),
          this.fieldError,
        ),
        h('div', { class: 'toolbar' }, this.searchField),
        h('p', { class: 'muted caption' },
          rows.length > 0
            ? `${plural(rows.length, 'row')} of the data have saved SHAP values and show at once; others are computed on request. Rows count from 0, the first row after the header.`
            : 'Rows count from 0, the first row after the header; they are explained on request.'),
        this.results,
      ),
      this.area,
    );
  }

  /** Puts `row` in the number field (as chosen elsewhere: restored state, a search match). */
  setRowField(row: number | undefined): void {
    this.rowField.value = row === undefined ? '' : String(row);
    this.fieldError.textContent = '';
  }

  /** Explains the row typed in the number field (as Enter or the Explain button do). */
  submitRow(): void {
    const row = parseRowNumber(this.rowField.value ?? '');
    if (row === undefined) {
      this.fieldError.textContent = 'Enter a row number: 0 or more.';
      return;
    }
    this.fieldError.textContent = '';
    this.events.onPickRow(row);
  }

  /** Lists the sampled rows whose values contain `query`. */
  search(query: string): void {
    if (this.searchField.value !== query) this.searchField.value = query;
    if (query.trim() === '') {
      replaceChildren(this.results);
      return;
    }
    const { matches, total } = searchSampleRows(this.explanations.sample, query, MAX_SEARCH_MATCHES, this.dateColumns);
    if (total === 0) {
      replaceChildren(this.results, h('p', { class: 'muted' }, `No sampled row has a value containing “${query.trim()}”.`));
      return;
    }
    replaceChildren(this.results,
      h('ul', { class: 'match-list', attrs: { 'aria-label': 'Matching rows' } }, ...matches.map((match) => h('li', null,
        h('button', {
          class: 'link match',
          attrs: { type: 'button', 'data-row': match.row },
          on: { click: () => this.events.onPickRow(match.row) },
        }, `row ${formatCount(match.row)}`),
        ': ',
        h('span', { class: 'match-column' }, match.column),
        ' = ',
        h('span', { class: 'match-value' }, match.text),
      ))),
      total > matches.length ? h('p', { class: 'muted' }, `and ${plural(total - matches.length, 'more row')}: type more to narrow the search`) : null,
    );
  }

  /** Says that row `row` is being explained. */
  showPending(row: number): void {
    replaceChildren(this.area, h('div', { class: 'pending' },
      h('vscode-progress-ring', { attrs: { 'aria-label': 'Explaining' } }),
      h('span', null, `Explaining row ${formatCount(row)}…`),
    ));
  }

  /** Says why row `row` could not be explained. */
  showError(row: number, message: string): void {
    replaceChildren(this.area, h('div', { class: 'row-error', attrs: { role: 'alert' } },
      h('strong', null, `Row ${formatCount(row)} could not be explained: `),
      h('span', { class: 'message' }, message),
    ));
  }

  /** A hint in place of the waterfall (no row chosen yet). */
  showHint(text: string): void {
    replaceChildren(this.area, h('p', { class: 'muted hint' }, text));
  }

  /** Draws the waterfall of `row` for `output`. */
  showRow(row: RowExplanation, output: number): void {
    const { outputSpace, outputLabels } = this.explanations;
    const o = Math.max(0, Math.min(output, row.base.length - 1));
    const label = outputLabels[o] ?? '';
    const waterfall = waterfallSteps(row.base[o], row.output[o], row.contributions.map((c) => ({ column: c.column, value: c.value, shap: c.shap[o] ?? 0 })));
    const fromSample = this.explanations.sample.rows.includes(row.row);
    replaceChildren(this.area,
      h('h2', null, `Row ${formatCount(row.row)}`, h('span', { class: 'muted heading-note' }, ` line ${formatCount(row.row + 2)} of the file · ${fromSample ? 'from the saved sample' : 'computed on request'}`)),
      h('p', { class: 'muted caption' },
        `In ${outputSpaceName(outputSpace)} space: from the base value (the average output) each column adds its SHAP value, largest first, to reach ${outputPhrase(outputSpace, label)} for this row.`),
      waterfallList(waterfall, label, this.dateColumns),
      hasResidual(waterfall)
        ? h('p', { class: 'muted caption' }, `The values leave ${formatSigned(waterfall.residual)} unattributed (an approximation's rounding).`)
        : null,
    );
  }
}

/** The waterfall as a list: a base marker, one bar per step, the output marker. */
function waterfallList(waterfall: Waterfall, outputLabel: string, dateColumns: ReadonlySet<string>): HTMLElement {
  const marker = (value: number): HTMLElement => {
    const m = h('span', { class: 'wf-marker' });
    m.style.left = pct(barGeometry(waterfall, waterfall.min, value).width);
    return m;
  };
  const rows: HTMLElement[] = [
    h('li', { class: 'wf-row wf-base' },
      h('span', { class: 'wf-label' }, 'Base value', h('span', { class: 'muted' }, ' (average output)')),
      h('div', { class: 'wf-track', attrs: { 'aria-hidden': 'true' } }, marker(waterfall.base)),
      h('span', { class: 'wf-value' }, formatNumber(waterfall.base)),
    ),
  ];
  for (const step of waterfall.steps) {
    const direction = step.shap > 0 ? 'up' : step.shap < 0 ? 'down' : 'flat';
    const bar = h('span', { class: `wf-bar ${direction}` });
    const { left, width } = barGeometry(waterfall, step.start, step.end);
    bar.style.left = pct(left);
    bar.style.width = pct(width);
    const labelParts: Child[] = step.kind === 'other'
      ? [h('span', { class: 'wf-other' }, `other ${plural(step.count ?? 0, 'column')}`)]
      : [h('span', { class: 'wf-column' }, step.column ?? ''), ' = ', h('span', { class: 'wf-feature-value' }, formatSampleValue(step.value ?? null, dateColumns.has(step.column ?? '')))];
    const title = step.kind === 'other'
      ? `other ${plural(step.count ?? 0, 'column')} together: ${formatSigned(step.shap)}`
      : `${step.column ?? ''} = ${formatSampleValue(step.value ?? null, dateColumns.has(step.column ?? ''))}: ${formatSigned(step.shap)}`;
    rows.push(h('li', { class: `wf-row wf-step ${direction}`, attrs: { title, 'data-column': step.kind === 'column' ? step.column : undefined } },
      h('span', { class: 'wf-label' }, ...labelParts),
      h('div', { class: 'wf-track', attrs: { 'aria-hidden': 'true' } }, bar),
      h('span', { class: 'wf-value' }, h('span', { class: 'wf-arrow', attrs: { 'aria-hidden': 'true' } }, direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : ''), formatSigned(step.shap)),
    ));
  }
  rows.push(h('li', { class: 'wf-row wf-output' },
    h('span', { class: 'wf-label' }, 'Output', h('span', { class: 'muted' }, ` (${outputLabel})`)),
    h('div', { class: 'wf-track', attrs: { 'aria-hidden': 'true' } }, marker(waterfall.output)),
    h('span', { class: 'wf-value' }, formatNumber(waterfall.output)),
  ));
  return h('ol', { class: 'waterfall', attrs: { 'aria-label': `Waterfall from the base value ${formatNumber(waterfall.base)} to the output ${formatNumber(waterfall.output)}` } }, ...rows);
}
