/**
 * The Explanations view: renders `explanations/show` into a header (model, run, output selector,
 * output space) and six tabs (importance, beeswarm, waterfall, dependence, insights, and the
 * final model's robustness checks), asks the host for rows outside the saved sample, and keeps
 * its UI state (tab, output, row, dependence column, run folder and model) with `setState`, so
 * hiding the panel or reloading the window brings the same view back.
 *
 * No top-level side effects and no globals besides `document`: the entry point (`index.ts`)
 * wires it to the page, and unit tests drive it under a test DOM with a stub host and renderer.
 */
import type {
  ExplanationsPanelState,
  ExplanationsRowMessage,
  ExplanationsShowMessage,
  ExplanationsTab,
  ExplanationsToHost,
  ExplanationsToView,
  ModelKey,
  RowExplanation,
  RunExplanations,
} from '../../src/protocol/webview';
import { h, replaceChildren } from '../shared/dom';
import { unreachable } from '../shared/unreachable';
import type { VsCodeApi } from '../shared/vscodeApi';
import { beeswarmTab } from './beeswarmTab';
import { dateColumnsOf } from './dependence';
import { dependenceTab } from './dependenceTab';
import { importanceTab } from './importanceTab';
import { insightsTab } from './insightsTab';
import { robustnessTab } from './robustnessTab';
import { DEFAULT_UI, restoreState, TABS, type UiState } from './panelState';
import type { PlotRenderer } from './plotSpec';
import { rowFromSample } from './sampleRows';
import { singleSelect } from './singleSelect';
import type { TabContent } from './tabContent';
import { TabList, tabId } from './tabList';
import { modelKeyText, outputSpaceLine } from './valueText';
import { WaterfallTab } from './waterfallTab';

const PANEL_ID = 'explanations-tab-panel';

/** What is shown: the message, and what the tabs derive from it once. */
interface Shown {
  readonly message: ExplanationsShowMessage;
  readonly dateColumns: ReadonlySet<string>;
  readonly tabs: TabList<ExplanationsTab>;
  readonly panel: HTMLElement;
  readonly waterfall: WaterfallTab;
  /** Rows explained so far (from the sample or the host), by data row. */
  readonly rows: Map<number, RowExplanation>;
}

export class ExplanationsView {
  private shown: Shown | undefined;
  private ui: UiState;
  private stored: { runDir?: string; model?: ModelKey };
  /** The `row/explain` awaiting its answer. */
  private pending: { requestId: number; row: number } | undefined;
  private nextRequestId = 1;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi<ExplanationsToHost, ExplanationsPanelState>,
    private readonly plots: PlotRenderer,
  ) {
    const { runDir, model, ...ui } = restoreState(api.getState());
    this.stored = { runDir, model };
    this.ui = ui;
    replaceChildren(root, h('p', { class: 'muted loading' }, 'Loading explanations…'));
  }

  /** Handles one message from the host. */
  receive(message: ExplanationsToView): void {
    switch (message.kind) {
      case 'explanations/show':
        this.show(message);
        return;
      case 'explanations/pending':
        this.leave();
        this.remember(message.run.runDir, message.model);
        replaceChildren(this.root, h('div', { class: 'pending-panel' },
          h('h1', null, message.modelLabel),
          h('p', { class: 'muted run' }, `Run ${message.run.name} · ${modelKeyText(message.model)}`),
          h('div', { class: 'pending', attrs: { role: 'status' } },
            h('vscode-progress-ring', { attrs: { 'aria-label': 'Explaining' } }),
            h('span', null, message.message),
          ),
        ));
        return;
      case 'explanations/unavailable':
        this.leave();
        this.stored = { ...this.stored, runDir: message.runDir };
        replaceChildren(this.root, h('div', { class: 'unavailable' },
          h('h1', null, 'Explanations not available'),
          h('p', null, message.message),
          h('p', { class: 'muted' }, message.runDir),
        ));
        return;
      case 'explanations/row':
        this.answer(message);
        return;
      default:
        unreachable(message);
    }
  }

  /** The selected tab. */
  get tab(): ExplanationsTab {
    return this.ui.tab;
  }

  /** The output (class index) the charts show. */
  get output(): number {
    return this.ui.output;
  }

  /** Selects a tab (as a click on it does). */
  selectTab(tab: ExplanationsTab): void {
    this.ui.tab = tab;
    this.saveState();
    if (this.shown === undefined) return;
    this.shown.tabs.setSelected(tab);
    this.renderTab();
  }

  /** Shows output `output` (a class of a multiclass model) in every chart. */
  setOutput(output: number): void {
    if (this.shown === undefined) return;
    const count = this.shown.message.explanations.outputLabels.length;
    if (!Number.isSafeInteger(output) || output < 0 || output >= count) return;
    this.ui.output = output;
    this.saveState();
    this.renderTab();
  }

  /** Plots column `column` in the dependence tab. */
  setDependenceColumn(column: string): void {
    if (this.shown === undefined || !this.shown.message.explanations.dependence.some((d) => d.column === column)) return;
    this.ui.dependenceColumn = column;
    this.saveState();
    if (this.ui.tab === 'dependence') this.renderTab();
  }

  /**
   * Explains data row `row` in the waterfall: at once when the saved sample has it (or the host
   * explained it before), otherwise by asking the host.
   */
  pickRow(row: number): void {
    if (!Number.isSafeInteger(row) || row < 0) return;
    this.ui.row = row;
    this.saveState();
    if (this.shown === undefined) return;
    this.shown.waterfall.setRowField(row);
    this.showRow();
  }

  private show(message: ExplanationsShowMessage): void {
    const { run, model, explanations } = message;
    if (this.stored.runDir !== undefined && this.stored.runDir !== run.runDir) {
      // Another run: its rows, classes and columns are not this one's. The tab is a preference.
      this.ui = { ...DEFAULT_UI, tab: this.ui.tab };
    }
    this.remember(run.runDir, model);
    this.leave();
    if (this.ui.output >= explanations.outputLabels.length) this.ui.output = 0;
    if (this.ui.dependenceColumn === undefined || !explanations.dependence.some((d) => d.column === this.ui.dependenceColumn)) {
      this.ui.dependenceColumn = explanations.dependence[0]?.column;
    }
    if (this.ui.row === undefined) this.ui.row = explanations.sample.rows[0];

    const panel = h('div', { class: 'tab-panel', attrs: { id: PANEL_ID, role: 'tabpanel', tabindex: 0 } });
    const tabs = new TabList(TABS, this.ui.tab, PANEL_ID, 'Explanation views', (tab) => this.selectTab(tab));
    const dateColumns = dateColumnsOf(explanations);
    const waterfall = new WaterfallTab(explanations, dateColumns, { onPickRow: (row) => this.pickRow(row) });
    waterfall.setRowField(this.ui.row);
    this.shown = { message, dateColumns, tabs, panel, waterfall, rows: new Map() };

    replaceChildren(this.root, this.header(message), tabs.element, panel);
    this.renderTab();
    this.saveState();
  }

  private header({ run, model, modelLabel, explanations }: ExplanationsShowMessage): HTMLElement {
    const labels = explanations.outputLabels;
    return h('header', { class: 'header' },
      h('div', { class: 'title-row' },
        h('h1', { attrs: { title: explanations.model } }, modelLabel),
        labels.length > 1
          ? h('div', { class: 'output-picker' },
            h('span', { class: 'toolbar-label', attrs: { 'aria-hidden': 'true' } }, 'Output'),
            singleSelect('Output (class) the charts show', labels.map((label, i) => ({ value: String(i), label })), String(this.ui.output), (value) => this.setOutput(Number(value))),
          )
          : h('p', { class: 'single-output' }, h('span', { class: 'muted' }, 'Output: '), labels[0] ?? ''),
      ),
      h('p', { class: 'run muted', attrs: { title: run.runDir } }, `Run ${run.name} · ${modelKeyText(model)}`),
      h('p', { class: 'space' }, outputSpaceLine(explanations.outputSpace, labels)),
    );
  }

  private renderTab(): void {
    const shown = this.shown;
    if (shown === undefined) return;
    const { explanations } = shown.message;
    const content = this.tabContent(shown, explanations);
    shown.panel.setAttribute('aria-labelledby', tabId(this.ui.tab));
    // Charts of the previous tab go with its canvases.
    this.plots.clear();
    replaceChildren(shown.panel, content.element);
    content.draw?.();
  }

  private tabContent(shown: Shown, explanations: RunExplanations): TabContent {
    const { output } = this.ui;
    switch (this.ui.tab) {
      case 'importance':
        return { element: importanceTab(explanations) };
      case 'beeswarm':
        return beeswarmTab(explanations, output, this.plots, shown.dateColumns);
      case 'waterfall':
        this.showRow();
        return { element: shown.waterfall.element };
      case 'dependence':
        return dependenceTab(explanations, this.ui.dependenceColumn, output, this.plots, shown.dateColumns, (column) => this.setDependenceColumn(column));
      case 'insights':
        return { element: insightsTab(explanations) };
      case 'robustness':
        return robustnessTab(shown.message.robustness, { model: shown.message.model, classification: explanations.outputSpace !== 'value' }, this.plots);
      default:
        return unreachable(this.ui.tab);
    }
  }

  /** Shows the chosen row in the waterfall, asking the host for it when nothing here has it. */
  private showRow(): void {
    const shown = this.shown;
    const row = this.ui.row;
    if (shown === undefined) return;
    if (row === undefined) {
      shown.waterfall.showHint('Type a data row number, or search the sampled rows, to see how its prediction is built.');
      return;
    }
    const known = shown.rows.get(row) ?? rowFromSample(shown.message.explanations.sample, row);
    if (known !== undefined) {
      shown.rows.set(row, known);
      // An answer still on its way is for a row no longer wanted.
      this.pending = undefined;
      shown.waterfall.showRow(known, this.ui.output);
      return;
    }
    shown.waterfall.showPending(row);
    if (this.pending?.row === row) return;
    const requestId = this.nextRequestId++;
    this.pending = { requestId, row };
    this.api.postMessage({ kind: 'row/explain', requestId, row });
  }

  private answer(message: ExplanationsRowMessage): void {
    const pending = this.pending;
    const shown = this.shown;
    // A stale answer (another row was picked since, or a request of an earlier view) changes nothing.
    if (pending === undefined || shown === undefined || message.requestId !== pending.requestId) return;
    if (message.row !== undefined && message.row.row !== pending.row) return;
    this.pending = undefined;
    if (message.row !== undefined && message.row.base.length > 0) {
      shown.rows.set(pending.row, message.row);
      if (this.ui.row === pending.row) shown.waterfall.showRow(message.row, this.ui.output);
      return;
    }
    if (this.ui.row === pending.row) shown.waterfall.showError(pending.row, message.error ?? 'the host sent no explanation.');
  }

  /** Forgets what was shown (a new message replaces it) and any request in flight. */
  private leave(): void {
    this.plots.clear();
    this.shown = undefined;
    this.pending = undefined;
  }

  private remember(runDir: string, model: ModelKey): void {
    this.stored = { runDir, model };
    this.saveState();
  }

  private saveState(): void {
    const { runDir, model } = this.stored;
    if (runDir === undefined || model === undefined) return;
    this.api.setState({
      version: 1,
      runDir,
      model,
      tab: this.ui.tab,
      output: this.ui.output,
      ...(this.ui.row === undefined ? {} : { row: this.ui.row }),
      ...(this.ui.dependenceColumn === undefined ? {} : { dependenceColumn: this.ui.dependenceColumn }),
    });
  }
}
