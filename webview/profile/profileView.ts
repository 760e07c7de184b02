/**
 * The Data Profile view: renders `profile/show` messages into `root` (with the shown training
 * run's feature decisions once known: dropped columns marked, engineered features listed) and
 * keeps its UI state
 * (sort, filter, selected column, run folder) with `setState`, so hiding the panel or reloading
 * the window brings the same view back.
 *
 * No top-level side effects and no globals besides `document`: the entry point (`index.ts`)
 * wires it to the page, and unit tests drive it under a test DOM with stub host and charts.
 */
import type {
  ColumnProfile,
  ColumnSort,
  ColumnSortKey,
  DatasetProfile,
  FeaturesFile,
  ProfileToView,
  ProfilePanelState,
  ProfileShowMessage,
  RunInfo,
  RunReport,
  ProfileToHost,
} from '../../src/protocol/webview';
import { h, replaceChildren, type Child } from '../shared/dom';
import { formatCount, formatNumber, formatTimestamp, plural } from '../shared/format';
import { unreachable } from '../shared/unreachable';
import type { VsCodeApi } from '../shared/vscodeApi';
import { AssociationHeatmap } from './associationHeatmap';
import type { ChartRenderer } from './chartSpec';
import { ColumnDetail, positionLink } from './columnDetail';
import { share } from './columnSummary';
import { ColumnTable } from './columnTable';
import { excludeToggle, syncExcludeToggles } from './excludeToggle';
import { droppedColumns, runFeaturesSection } from './runFeatures';
import { nextSort, orderColumns } from './sortColumns';
import { sourceFacts } from './sourceFacts';
import { CLASS_COLORS } from '../shared/theme';

/** Warnings and parse issues listed before a "Show all" button. */
const COLLAPSED_LIST_LENGTH = 8;

const DEFAULT_SORT: ColumnSort = { key: 'index', direction: 'asc' };
const SORT_KEYS: readonly ColumnSortKey[] = ['index', 'name', 'type', 'missing', 'unique'];

/** The UI part of {@link ProfilePanelState}. */
interface UiState {
  sort: ColumnSort;
  filter: string;
  selectedColumn: string | undefined;
}

/**
 * Reads what an earlier view stored, keeping each field that is still valid (state written by an
 * older version of the view must not break the panel).
 */
export function restoreState(stored: unknown): { runDir?: string } & UiState {
  const state: { runDir?: string } & UiState = { sort: DEFAULT_SORT, filter: '', selectedColumn: undefined };
  if (typeof stored !== 'object' || stored === null) return state;
  const { runDir, sort, filter, selectedColumn } = stored as Partial<Record<keyof ProfilePanelState, unknown>>;
  if (typeof runDir === 'string') state.runDir = runDir;
  if (typeof filter === 'string') state.filter = filter;
  if (typeof selectedColumn === 'string') state.selectedColumn = selectedColumn;
  if (typeof sort === 'object' && sort !== null) {
    const { key, direction } = sort as Record<string, unknown>;
    const validKey = SORT_KEYS.find((k) => k === key);
    if (validKey !== undefined && (direction === 'asc' || direction === 'desc')) state.sort = { key: validKey, direction };
  }
  return state;
}

export class ProfileView {
  private readonly table: ColumnTable;
  private readonly detail: ColumnDetail;
  private readonly filterCount: HTMLElement;
  private readonly filterField: HTMLElement & { value?: string };
  private shown: { run: RunInfo; profile: DatasetProfile; byName: Map<string, ColumnProfile> } | undefined;
  private heatmap: AssociationHeatmap | undefined;
  /** The shown run's feature decisions, and where the page lists them. */
  private features: RunReport<FeaturesFile>;
  private readonly featuresSlot = h('div', { class: 'features-slot' });
  /** Columns the next run of the shown file leaves out, as the host last said. */
  private excluded: ReadonlySet<string> = new Set();
  /** The data file the exclusions are about (they belong to a file, not to one run). */
  private excludedFile: string | undefined;
  private ui: UiState;
  private storedRunDir: string | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi<ProfileToHost, ProfilePanelState>,
    charts: ChartRenderer,
  ) {
    const { runDir, ...ui } = restoreState(api.getState());
    this.storedRunDir = runDir;
    this.ui = ui;
    this.table = new ColumnTable({
      onSelect: (name) => this.select(name),
      onSortRequested: (key) => this.sortBy(key),
    });
    this.detail = new ColumnDetail(charts, {
      onSelect: (name) => this.select(name),
      onOpenLine: (line) => this.post({ kind: 'file/open', file: 'data', line }),
      onToggleExclude: (name) => this.toggleExclude(name),
    });
    this.filterField = h('vscode-textfield', {
      class: 'filter',
      attrs: { placeholder: 'Filter columns', 'aria-label': 'Filter columns by name', type: 'search' },
      on: { input: () => this.setFilter(this.filterField.value ?? '') },
    });
    this.filterCount = h('span', { class: 'filter-count muted' });
    replaceChildren(root, h('p', { class: 'muted loading' }, 'Loading profile…'));
  }

  /** Handles one message from the host. */
  receive(message: ProfileToView): void {
    switch (message.kind) {
      case 'profile/show':
        this.show(message);
        return;
      case 'profile/excluded':
        this.setExcluded(message.columns);
        return;
      case 'profile/features':
        // Decisions of a run only mean something next to its profile.
        if (this.shown !== undefined) this.setFeatures(message.features);
        return;
      case 'profile/unavailable':
        this.shown = undefined;
        this.heatmap = undefined;
        this.features = undefined;
        this.storedRunDir = message.runDir;
        replaceChildren(this.root, h('div', { class: 'unavailable' },
          h('h1', null, 'Profile not available'),
          h('p', null, message.message),
          h('p', { class: 'muted' }, message.runDir),
        ));
        return;
      default:
        unreachable(message);
    }
  }

  /** Columns in table order after filtering, as names (for tests and diagnostics). */
  get visibleColumnNames(): string[] {
    if (this.shown === undefined) return [];
    const { columns } = this.shown.profile;
    return orderColumns(columns, this.ui.sort, this.ui.filter).map((i) => columns[i].name);
  }

  /** Columns shown as excluded from the next run (for tests and diagnostics). */
  get excludedColumns(): string[] {
    return [...this.excluded];
  }

  /** Body rows the table has in the DOM (it virtualises long tables). */
  get renderedRowCount(): number {
    return this.table.renderedRowCount;
  }

  /** Selects a column (as a click on its row does). */
  select(name: string | undefined): void {
    if (this.shown === undefined) return;
    const column = name === undefined ? undefined : this.shown.byName.get(name);
    this.ui.selectedColumn = column?.name;
    this.table.setSelected(column?.name, true);
    this.heatmap?.setSelected(column?.name);
    this.detail.show(this.shown.profile, column, column !== undefined && this.excluded.has(column.name), this.features);
    this.saveState();
  }

  /**
   * Asks the host to exclude `name` from the next run, or to include it again if it is excluded
   * (as the exclude buttons do). The view changes when the host answers with `profile/excluded`.
   * The target cannot be excluded.
   */
  toggleExclude(name: string): void {
    if (this.shown === undefined || name === this.shown.profile.target?.column || !this.shown.byName.has(name)) return;
    this.post({ kind: 'column/exclude', column: name, exclude: !this.excluded.has(name) });
  }

  /** Sorts by `key` (as a click on its header does: the same key again flips the direction). */
  sortBy(key: ColumnSortKey): void {
    this.ui.sort = nextSort(this.ui.sort, key);
    this.updateTable();
    this.saveState();
  }

  /** Shows only columns whose name contains `filter` (case-insensitive). */
  setFilter(filter: string): void {
    this.ui.filter = filter;
    this.updateTable();
    this.saveState();
  }

  private show({ run, profile, features }: ProfileShowMessage): void {
    // Another run than the stored state was about: its column choices do not apply.
    if (this.storedRunDir !== undefined && this.storedRunDir !== run.runDir) {
      this.ui = { sort: DEFAULT_SORT, filter: '', selectedColumn: undefined };
    }
    this.storedRunDir = run.runDir;
    if (this.excludedFile !== undefined && this.excludedFile !== run.file) this.excluded = new Set();
    this.excludedFile = run.file;
    const byName = new Map(profile.columns.map((column) => [column.name, column]));
    this.shown = { run, profile, byName };
    if (this.ui.selectedColumn === undefined || !byName.has(this.ui.selectedColumn)) {
      this.ui.selectedColumn = profile.target?.column ?? profile.columns[0]?.name;
    }
    this.filterField.value = this.ui.filter;

    this.table.setProfile(profile.columns, profile.target?.column, profile.warnings);
    this.table.setExcluded(this.excluded);
    this.features = features;
    this.table.setDropped(droppedColumns(features));
    replaceChildren(this.featuresSlot, runFeaturesSection(features, (name) => this.select(name)));
    this.heatmap = new AssociationHeatmap(profile, { onSelect: (name) => this.select(name) });
    replaceChildren(this.root,
      this.header(run, profile),
      this.targetLine(profile),
      h('div', { class: 'quality' }, this.warningsSection(profile), this.issuesSection(profile)),
      this.featuresSlot,
      h('div', { class: 'layout' },
        h('section', { class: 'columns-section', attrs: { 'aria-label': 'Columns' } },
          h('div', { class: 'toolbar' },
            h('h2', null, 'Columns'),
            this.filterField,
            this.filterCount,
          ),
          this.table.element,
        ),
        this.detail.element,
      ),
      this.heatmap.element,
    );
    this.updateTable();
    this.select(this.ui.selectedColumn);
  }

  private updateTable(): void {
    if (this.shown === undefined) return;
    const { columns } = this.shown.profile;
    const order = orderColumns(columns, this.ui.sort, this.ui.filter);
    this.filterCount.textContent = order.length === columns.length
      ? plural(columns.length, 'column')
      : `${formatCount(order.length)} of ${plural(columns.length, 'column')}`;
    this.table.setOrder(order, this.ui.sort, `No column name contains “${this.ui.filter.trim()}”.`);
  }

  /** Marks what the run decided, keeping the selection, sort and filter. */
  private setFeatures(features: FeaturesFile | null): void {
    this.features = features;
    this.table.setDropped(droppedColumns(features));
    replaceChildren(this.featuresSlot, runFeaturesSection(features, (name) => this.select(name)));
    this.select(this.ui.selectedColumn);
  }

  private setExcluded(columns: readonly string[]): void {
    // Before any profile, the exclusions are about the file whose profile comes next.
    this.excludedFile = this.shown?.run.file;
    this.excluded = new Set(columns);
    this.table.setExcluded(this.excluded);
    syncExcludeToggles(this.root, this.excluded);
  }

  private saveState(): void {
    if (this.storedRunDir === undefined) return;
    this.api.setState({
      version: 1,
      runDir: this.storedRunDir,
      sort: this.ui.sort,
      filter: this.ui.filter,
      ...(this.ui.selectedColumn === undefined ? {} : { selectedColumn: this.ui.selectedColumn }),
    });
  }

  private post(message: ProfileToHost): void {
    this.api.postMessage(message);
  }

  private header(run: RunInfo, profile: DatasetProfile): HTMLElement {
    const source = profile.source;
    const facts: Child[] = [
      h('strong', null, plural(profile.rows, 'row')),
      ' × ',
      h('strong', null, plural(profile.columns.length, 'column')),
    ];
    if (source !== undefined) for (const fact of sourceFacts(source)) facts.push(' · ', fact);
    if (profile.duplicateRows > 0) facts.push(' · ', plural(profile.duplicateRows, 'duplicate row'));
    const started = formatTimestamp(run.createdAt);
    const button = (label: string, file: 'data' | 'profile' | 'spec', title: string): HTMLElement =>
      h('vscode-button', {
        attrs: { secondary: true, title },
        on: { click: () => this.post({ kind: 'file/open', file }) },
      }, label);
    return h('header', { class: 'header' },
      h('div', { class: 'title-row' },
        h('h1', { attrs: { title: run.file } }, source?.file ?? run.file),
        h('div', { class: 'actions' },
          opensInEditor(source) ? button('Open data file', 'data', `Open ${run.file} in an editor`) : null,
          button('profile.json', 'profile', 'Open the profile as JSON'),
          button('spec.json', 'spec', 'Open the run specification'),
        ),
      ),
      h('p', { class: 'facts' }, ...facts),
      h('p', { class: 'run muted', attrs: { title: run.runDir } }, `Run ${run.name}`, started === '' ? null : ` · started ${started}`),
    );
  }

  private targetLine(profile: DatasetProfile): HTMLElement {
    const target = profile.target;
    if (target === undefined) {
      return h('section', { class: 'target-line' }, h('span', { class: 'label' }, 'Target'), h('span', { class: 'muted' }, 'none chosen: profile only'));
    }
    const column = this.shown?.byName.get(target.column);
    const task = { binary: 'binary classification', multiclass: 'multiclass classification', regression: 'regression' }[target.task];
    const parts: Child[] = [
      h('span', { class: 'label' }, 'Target'),
      h('button', { class: 'link target-name', attrs: { type: 'button' }, on: { click: () => this.select(target.column) } }, target.column),
      h('span', { class: 'task' }, task ?? target.task),
    ];
    if (target.classes !== undefined && target.classes.length > 0) {
      const total = target.classes.reduce((sum, c) => sum + c.count, 0);
      const bar = h('span', { class: 'class-bar', attrs: { 'aria-hidden': 'true' } });
      target.classes.forEach((c, i) => {
        const segment = h('span', { class: `class-segment class-${i % CLASS_COLORS}` });
        segment.style.width = `${total > 0 ? (c.count / total) * 100 : 0}%`;
        bar.append(segment);
      });
      parts.push(bar, h('span', { class: 'classes' }, ...target.classes.slice(0, 6).flatMap((c, i): Child[] => [
        h('span', { class: `swatch class-${i % CLASS_COLORS}`, attrs: { 'aria-hidden': 'true' } }),
        h('span', { class: 'class-name' }, c.value),
        ` ${formatCount(c.count)} (${share(c.count, total)})`,
      ]), target.classes.length > 6 ? ` +${target.classes.length - 6} more` : null));
    } else if (column !== undefined && column.storage === 'numeric') {
      parts.push(h('span', { class: 'muted' },
        `mean ${formatNumber(column.mean)} · std ${formatNumber(column.std)} · range ${formatNumber(column.min)} to ${formatNumber(column.max)}`));
    }
    return h('section', { class: 'target-line', attrs: { 'aria-label': 'Target' } }, ...parts);
  }

  private warningsSection(profile: DatasetProfile): HTMLElement {
    const target = profile.target?.column;
    // Built lazily ("Show all"): a button made later still starts from the current exclusions.
    const toggle = (column: string | undefined): HTMLElement | null =>
      column === undefined || column === target || !this.shown?.byName.has(column)
        ? null
        : excludeToggle(column, 'warning', this.excluded.has(column), (name) => this.toggleExclude(name));
    const items = profile.warnings.map((warning) => () => h('li', null,
      h('span', { class: `warning-kind kind-${warning.kind}` }, warning.kind),
      ' ',
      warning.column === undefined ? null : h('button', {
        class: 'link',
        attrs: { type: 'button', title: `Show ${warning.column}` },
        on: { click: () => this.select(warning.column) },
      }, warning.column),
      warning.column === undefined ? null : ': ',
      h('span', { class: 'message' }, warning.message),
      toggle(warning.column),
    ));
    return collapsibleList('warnings', 'Warnings', items, 'No warnings.');
  }

  private issuesSection(profile: DatasetProfile): HTMLElement {
    const openLine = (line: number) => () => this.post({ kind: 'file/open', file: 'data', line });
    const items = profile.parseIssues.map((issue) => () => h('li', null,
      positionLink(issue.line, openLine(issue.line), profile.positions),
      ' ',
      h('span', { class: 'message' }, issue.message),
    ));
    for (const bad of profile.badValues) {
      const first = bad.examples[0];
      items.push(() => h('li', null,
        first === undefined ? null : positionLink(first.line, openLine(first.line), profile.positions),
        ' ',
        h('button', { class: 'link', attrs: { type: 'button' }, on: { click: () => this.select(bad.column) } }, bad.column),
        h('span', { class: 'message' }, `: ${plural(bad.count, 'value')} did not fit the column's type and read as missing`),
        first === undefined ? null : h('span', { class: 'muted' }, ' (e.g. ', h('code', null, first.value), ')'),
      ));
    }
    // A table, query or web API is no file; only text files have lines to parse.
    const clean = profile.positions === undefined || profile.positions === 'line' ? 'The file parsed cleanly.' : 'Every value read cleanly.';
    return collapsibleList('issues', 'Parse issues', items, clean);
  }
}

/**
 * A titled list showing its first items and a button that builds and shows the rest (a profile
 * with thousands of columns can have thousands of warnings).
 */
function collapsibleList(className: string, title: string, items: readonly (() => HTMLElement)[], emptyText: string): HTMLElement {
  const heading = h('h2', null, title, items.length > 0 ? h('vscode-badge', { attrs: { variant: 'counter' } }, formatCount(items.length)) : null);
  if (items.length === 0) return h('section', { class: `${className} list-section` }, heading, h('p', { class: 'muted' }, emptyText));
  const list = h('ul', { class: 'issue-list' }, ...items.slice(0, COLLAPSED_LIST_LENGTH).map((build) => build()));
  if (items.length <= COLLAPSED_LIST_LENGTH) return h('section', { class: `${className} list-section` }, heading, list);
  const more = h('button', { class: 'link more', attrs: { type: 'button' } }, `Show all ${formatCount(items.length)}`);
  more.addEventListener('click', () => {
    const fragment = document.createDocumentFragment();
    for (const build of items.slice(COLLAPSED_LIST_LENGTH)) fragment.append(build());
    list.append(fragment);
    more.remove();
  });
  return h('section', { class: `${className} list-section` }, heading, list, more);
}

/** Whether the data is a text file worth opening in an editor (not a database, an API, or a binary format). */
function opensInEditor(source: DatasetProfile['source']): boolean {
  return source?.kind === undefined || source.kind === 'csv' || source.kind === 'json' || source.kind === 'ndjson';
}
