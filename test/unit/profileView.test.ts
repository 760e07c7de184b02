// The view code is browser code: this test type-checks it with the DOM library and runs it on
// linkedom (a light server-side DOM), with a stub host bridge and a stub chart renderer.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type {
  Association,
  ColumnProfile,
  DatasetProfile,
  ProfilePanelState,
  ProfileShowMessage,
  ProfileToHost,
} from '../../src/protocol/webview';
import type { BarChartSpec, ChartRenderer } from '../../webview/profile/chartSpec';
import { cellScale, heatmapColumns, MAX_HEATMAP_COLUMNS } from '../../webview/profile/associationHeatmap';
import { ROW_HEIGHT_PX } from '../../webview/profile/columnTable';
import { ProfileView, restoreState } from '../../webview/profile/profileView';
import { naturalCompare, nextSort, orderColumns } from '../../webview/profile/sortColumns';
import { featuresFixture } from './fakes/runReports';
import { installTestDom, RecordingApi, type TestWindow } from './fakes/webviewDom';

const XSS = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';

let window: TestWindow;

before(() => {
  window = installTestDom();
});

function numeric(name: string, extra: Partial<ColumnProfile> = {}): ColumnProfile {
  return {
    name,
    type: 'float',
    storage: 'numeric',
    count: 90,
    missing: 10,
    missingPct: 10,
    unique: 80,
    min: 0,
    max: 10,
    mean: 5,
    std: 2,
    quantiles: { p01: 0.1, p05: 0.5, p25: 2.5, p50: 5, p75: 7.5, p95: 9.5, p99: 9.9 },
    histogram: { edges: [0, 2.5, 5, 7.5, 10], counts: [10, 30, 40, 10] },
    ...extra,
  };
}

function categorical(name: string, values: readonly { value: string; count: number }[], extra: Partial<ColumnProfile> = {}): ColumnProfile {
  const count = values.reduce((sum, v) => sum + v.count, 0);
  return { name, type: 'categorical', storage: 'categorical', count, missing: 0, missingPct: 0, unique: values.length, topValues: values, ...extra };
}

function profileOf(columns: ColumnProfile[], extra: Partial<DatasetProfile> = {}): DatasetProfile {
  return {
    rows: 100,
    columns,
    warnings: [],
    parseIssues: [],
    badValues: [],
    duplicateRows: 0,
    associations: { columns: [], sampledRows: 100, pairs: [] },
    source: { file: 'data.csv', bytes: 2048, delimiter: ',', encoding: 'utf-8' },
    ...extra,
  };
}

function showMessage(profile: DatasetProfile, runDir = '/ws/.automl/runs/20250101-000000-data'): ProfileShowMessage {
  return { kind: 'profile/show', run: { runDir, name: runDir.split('/').pop() ?? '', file: 'data.csv', createdAt: '2025-01-01T00:00:00.000Z' }, profile };
}

class StubApi extends RecordingApi<ProfileToHost, ProfilePanelState> {}

class StubCharts implements ChartRenderer {
  readonly drawn: BarChartSpec[] = [];
  draw(_canvas: HTMLCanvasElement, spec: BarChartSpec): void {
    this.drawn.push(spec);
  }
  refreshTheme(): void {}
  clear(): void {}
}

function mount(state?: unknown): { root: HTMLElement; view: ProfileView; api: StubApi; charts: StubCharts } {
  const root = window.document.createElement('main') as unknown as HTMLElement;
  window.document.body.append(root as unknown as Node & ChildNode);
  const api = new StubApi(state);
  const charts = new StubCharts();
  return { root, view: new ProfileView(root, api, charts), api, charts };
}

function click(element: Element | null): void {
  assert.ok(element, 'element to click exists');
  element.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
}

/** Texts of the name cells of the rendered table rows, in order. */
function rowNames(root: HTMLElement): string[] {
  return [...root.querySelectorAll('tr.row td.col-name .name')].map((cell) => cell.textContent ?? '');
}

describe('ProfileView rendering', () => {
  it('shows a loading hint until the profile arrives', () => {
    const { root } = mount();
    assert.match(root.textContent ?? '', /Loading profile/);
  });

  it('renders markup in data as text, never as elements', () => {
    const profile = profileOf(
      [
        numeric(XSS),
        categorical('city', [{ value: XSS, count: 5 }, { value: SCRIPT, count: 3 }]),
      ],
      {
        target: { column: 'city', task: 'binary', classes: [{ value: XSS, count: 5 }, { value: SCRIPT, count: 3 }] },
        warnings: [{ kind: 'constant', column: XSS, message: `${XSS} is constant` }],
        parseIssues: [{ line: 7, message: SCRIPT }],
        badValues: [{ column: XSS, count: 1, examples: [{ line: 9, value: XSS }] }],
        source: { file: XSS, bytes: 10, delimiter: '<', encoding: 'utf-8' },
      },
    );
    const { root, view } = mount();
    view.receive(showMessage(profile));
    view.select(XSS);
    assert.equal(root.querySelector('img'), null);
    assert.equal(root.querySelector('script'), null);
    assert.ok(rowNames(root).includes(XSS));
    assert.ok((root.querySelector('h1')?.textContent ?? '').includes(XSS));
    assert.ok((root.querySelector('.detail-title .name')?.textContent ?? '') === XSS);
    view.select('city');
    assert.equal(root.querySelector('img'), null);
    const topValues = [...root.querySelectorAll('table.top-values td.value')].map((cell) => cell.textContent);
    assert.deepEqual(topValues, [XSS, SCRIPT]);
    assert.ok((root.textContent ?? '').includes(SCRIPT));
  });

  it('says where database data came from, and offers no file to open', () => {
    const source = { kind: 'postgres' as const, file: 'postgres://ana@db:5432/shop', table: 'public.orders', computedIn: 'database' as const, sample: { rows: 1_000_000, of: 12_500_000 } };
    const mounted = mount();
    mounted.view.receive(showMessage(profileOf([numeric('age')], { source })));
    const text = mounted.root.textContent ?? '';
    assert.match(text, /table public\.orders · statistics computed in the database · sample of 1,000,000 of 12,500,000 rows/);
    const labels = [...mounted.root.querySelectorAll('.actions vscode-button')].map((b) => b.textContent);
    assert.deepEqual(labels, ['profile.json', 'spec.json']);
  });

  it('shows both sizes of a gzip-compressed file', () => {
    const profile = profileOf([numeric('age')], { source: { file: 'data.csv.gz', bytes: 2048, compressedBytes: 700, delimiter: ',', encoding: 'utf-8' } });
    const mounted = mount();
    mounted.view.receive(showMessage(profile));
    assert.match(mounted.root.textContent ?? '', /100 rows × 1 column · 2\.0 KiB \(700 B gzip\) · UTF-8/);
  });

  it('renders the header, target, warnings and parse issues', () => {
    const profile = profileOf([numeric('age'), categorical('survived', [{ value: 'no', count: 60 }, { value: 'yes', count: 40 }], { type: 'boolean' })], {
      target: { column: 'survived', task: 'binary', classes: [{ value: 'no', count: 60 }, { value: 'yes', count: 40 }] },
      warnings: [{ kind: 'many-missing', column: 'age', message: 'age is mostly missing' }],
      parseIssues: [{ line: 42, message: 'ragged row' }],
    });
    const { root, api } = (() => {
      const mounted = mount();
      mounted.view.receive(showMessage(profile));
      return mounted;
    })();
    const text = root.textContent ?? '';
    assert.match(text, /100 rows × 2 columns · 2\.0 KiB · UTF-8/);
    assert.match(text, /comma-separated/);
    assert.match(root.querySelector('.target-line')?.textContent ?? '', /survived.*binary classification.*no.*60 \(60%\).*yes.*40 \(40%\)/s);
    assert.match(root.querySelector('.warnings')?.textContent ?? '', /many-missing.*age.*mostly missing/s);
    // The target is selected by default and its chart drawn.
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'survived');
    // Clicking a parse issue's line asks the host to open the data file there.
    click(root.querySelector('.issues button.line'));
    assert.deepEqual(api.posted.at(-1), { kind: 'file/open', file: 'data', line: 42 });
    click(root.querySelector('.actions vscode-button'));
    assert.deepEqual(api.posted.at(-1), { kind: 'file/open', file: 'data' });
  });

  it('shows the chosen column with a histogram or a top-values chart', () => {
    const { root, view, charts } = mount();
    view.receive(showMessage(profileOf([numeric('age'), categorical('sex', [{ value: 'male', count: 6 }, { value: 'female', count: 4 }])])));
    click(root.querySelector('tr.row[data-index="1"] td.col-summary'));
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'sex');
    assert.equal(root.querySelector('tr.row.selected td.col-name .name')?.textContent, 'sex');
    const spec = charts.drawn.at(-1);
    assert.ok(spec);
    assert.equal(spec.horizontal, true);
    assert.deepEqual(spec.labels, ['male', 'female']);
    assert.deepEqual(spec.values, [6, 4]);

    click(root.querySelector('tr.row[data-index="0"]'));
    const histogram = charts.drawn.at(-1);
    assert.ok(histogram);
    assert.equal(histogram.horizontal, false);
    assert.deepEqual(histogram.values, [10, 30, 40, 10]);
    assert.deepEqual(histogram.tooltipLabels, ['0 – 2.5', '2.5 – 5', '5 – 7.5', '7.5 – 10']);
    assert.match(root.querySelector('.detail')?.textContent ?? '', /Median5/);
  });

  it('draws mini charts as inline SVG for histograms and top values', () => {
    const { root, view } = mount();
    view.receive(showMessage(profileOf([numeric('age'), categorical('sex', [{ value: 'male', count: 6 }, { value: 'female', count: 4 }])])));
    const charts = [...root.querySelectorAll('td.col-chart svg.mini-chart')];
    assert.equal(charts.length, 2);
    assert.ok(charts[0].querySelector('path.bar'));
    assert.ok(charts[1].querySelector('path.segment-0'));
    assert.match(charts[1].querySelector('title')?.textContent ?? '', /male 60%, female 40%/);
  });

  it('says when a profile is unavailable', () => {
    const { root, view } = mount();
    view.receive({ kind: 'profile/unavailable', runDir: '/gone', message: 'The run has no profile.json.' });
    assert.match(root.textContent ?? '', /Profile not available.*no profile\.json/s);
  });
});

describe('ProfileView sorting, filtering and state', () => {
  const columns = [
    numeric('b10', { missingPct: 5, missing: 5, unique: 3 }),
    numeric('a2', { missingPct: 50, missing: 50, unique: 30 }),
    numeric('B1', { missingPct: 0, missing: 0, unique: 30 }),
    categorical('c', [{ value: 'x', count: 1 }], { missingPct: 50, missing: 50 }),
  ];

  it('sorts by header click and flips on a second click', () => {
    const { root, view, api } = mount();
    view.receive(showMessage(profileOf(columns)));
    assert.deepEqual(rowNames(root), ['b10', 'a2', 'B1', 'c']);
    click(root.querySelector('button[data-sort="name"]'));
    assert.deepEqual(rowNames(root), ['a2', 'B1', 'b10', 'c']);
    assert.equal(root.querySelector('th.col-name')?.getAttribute('aria-sort'), 'ascending');
    click(root.querySelector('button[data-sort="name"]'));
    assert.deepEqual(rowNames(root), ['c', 'b10', 'B1', 'a2']);
    // Missing sorts most-missing first; ties keep the file's order.
    click(root.querySelector('button[data-sort="missing"]'));
    assert.deepEqual(rowNames(root), ['a2', 'c', 'b10', 'B1']);
    assert.deepEqual((api.state as ProfilePanelState).sort, { key: 'missing', direction: 'desc' });
  });

  it('filters by name and keeps the state for the next view of the same run', () => {
    const first = mount();
    first.view.receive(showMessage(profileOf(columns)));
    first.view.setFilter('B');
    assert.deepEqual(rowNames(first.root), ['b10', 'B1']);
    assert.match(first.root.querySelector('.filter-count')?.textContent ?? '', /2 of 4 columns/);
    first.view.sortBy('unique');
    first.view.select('B1');
    const state = first.api.state as ProfilePanelState;
    assert.deepEqual(state, { version: 1, runDir: '/ws/.automl/runs/20250101-000000-data', sort: { key: 'unique', direction: 'desc' }, filter: 'B', selectedColumn: 'B1' });

    // A rebuilt view (panel hidden and shown again) starts from the stored state.
    const second = mount(structuredClone(state));
    second.view.receive(showMessage(profileOf(columns)));
    assert.deepEqual(rowNames(second.root), ['B1', 'b10']);
    assert.equal(second.root.querySelector('.detail-title .name')?.textContent, 'B1');

    // Another run's profile does not inherit the filter.
    const third = mount(structuredClone(state));
    third.view.receive(showMessage(profileOf(columns), '/ws/.automl/runs/other'));
    assert.equal(rowNames(third.root).length, 4);
  });

  it('shows a message when no column matches the filter', () => {
    const { root, view } = mount();
    view.receive(showMessage(profileOf(columns)));
    view.setFilter('<zzz>');
    assert.match(root.querySelector('tr.empty')?.textContent ?? '', /No column name contains “<zzz>”/);
  });

  it('moves the selection with the arrow keys', () => {
    const { root, view } = mount();
    view.receive(showMessage(profileOf(columns)));
    view.select('b10');
    const key = (name: string): void => {
      const event = new window.Event('keydown', { bubbles: true, cancelable: true }) as unknown as KeyboardEvent;
      Object.defineProperty(event, 'key', { value: name });
      root.querySelector('.table-scroll')?.dispatchEvent(event);
    };
    key('ArrowDown');
    assert.equal(root.querySelector('tr.row.selected td.col-name .name')?.textContent, 'a2');
    key('End');
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'c');
    key('Home');
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'b10');
  });

  it('restores only valid parts of a stored state', () => {
    assert.deepEqual(restoreState(undefined), { sort: { key: 'index', direction: 'asc' }, filter: '', selectedColumn: undefined });
    assert.deepEqual(restoreState({ runDir: '/r', sort: { key: 'bogus', direction: 'up' }, filter: 3, selectedColumn: 'x' }), {
      runDir: '/r',
      sort: { key: 'index', direction: 'asc' },
      filter: '',
      selectedColumn: 'x',
    });
  });
});

describe('large profiles', () => {
  it('renders 10,000 columns lazily and quickly', () => {
    const columns = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 === 0 ? numeric(`num_${i}`, { missingPct: i % 97, missing: i % 97 }) : categorical(`cat_${i}`, [{ value: 'a', count: 3 }, { value: 'b', count: 1 }]),
    );
    const warnings = columns.filter((_, i) => i % 5 === 0).map((c) => ({ kind: 'constant' as const, column: c.name, message: `${c.name} is constant` }));
    const { root, view } = mount();
    let start = performance.now();
    view.receive(showMessage(profileOf(columns, { warnings })));
    const renderMs = performance.now() - start;

    const rendered = root.querySelectorAll('tr.row').length;
    assert.ok(rendered > 0 && rendered <= 60, `rendered ${rendered} rows`);
    assert.equal(view.renderedRowCount, rendered);
    // The spacers stand in for the other rows, so the scroll height is right.
    const spacers = [...root.querySelectorAll('tr.spacer')] as HTMLElement[];
    assert.equal(spacers.reduce((sum, row) => sum + Number.parseFloat(row.style.height || '0'), 0), (10_000 - rendered) * ROW_HEIGHT_PX);
    // Warnings are listed lazily too.
    assert.ok(root.querySelectorAll('.warnings li').length <= 10);

    start = performance.now();
    view.sortBy('name');
    view.sortBy('missing');
    view.setFilter('num_99');
    const updateMs = performance.now() - start;
    const visible = view.visibleColumnNames;
    assert.ok(visible.length > 0 && visible.every((name) => name.includes('num_99')));
    const missing = visible.map((name) => Number(name.slice(4)) % 97);
    assert.ok(missing.every((value, i) => i === 0 || value <= missing[i - 1]), 'sorted by missing share, most first');
    assert.deepEqual(rowNames(root), visible.slice(0, rowNames(root).length));

    // Scrolling renders the rows at the new position.
    view.setFilter('');
    view.sortBy('index');
    const scroller = root.querySelector('.table-scroll') as HTMLElement;
    scroller.scrollTop = 5_000 * ROW_HEIGHT_PX;
    scroller.dispatchEvent(new window.Event('scroll') as unknown as Event);
    assert.ok(rowNames(root).includes('num_5000'), 'row 5000 is rendered after scrolling there');
    assert.ok(!rowNames(root).includes('num_0'));

    // Generous bounds (CI machines vary); on a laptop these are ~10x smaller.
    assert.ok(renderMs < 2_000, `first render took ${renderMs.toFixed(0)} ms`);
    assert.ok(updateMs < 2_000, `sorting and filtering took ${updateMs.toFixed(0)} ms`);
  });
});

describe('excluding columns', () => {
  const profile = (): DatasetProfile => profileOf(
    [numeric('age'), numeric('passenger_id'), numeric('fare'), categorical('survived', [{ value: 'no', count: 60 }, { value: 'yes', count: 40 }])],
    {
      target: { column: 'survived', task: 'binary', classes: [{ value: 'no', count: 60 }, { value: 'yes', count: 40 }] },
      warnings: [
        { kind: 'id-like', column: 'passenger_id', message: 'passenger_id looks like an ID' },
        { kind: 'leakage-suspect', column: 'fare', message: 'fare predicts the target almost perfectly' },
        { kind: 'imbalanced-target', column: 'survived', message: 'the target is imbalanced' },
        { kind: 'duplicate-rows', message: '3 duplicate rows' },
      ],
    },
  );
  /** The warning list item whose column link reads `column`. */
  const warningItem = (root: HTMLElement, column: string): Element | undefined =>
    [...root.querySelectorAll('.warnings li')].find((li) => li.querySelector('button.link')?.textContent === column);

  it('posts column/exclude from a warning and flips when the host answers', () => {
    const { root, view, api } = mount();
    view.receive(showMessage(profile()));
    const button = warningItem(root, 'fare')?.querySelector('.exclude-toggle');
    assert.ok(button);
    assert.equal(button.textContent, 'Exclude column');
    assert.equal(button.getAttribute('aria-label'), 'Exclude fare from training');
    click(button);
    assert.deepEqual(api.posted.at(-1), { kind: 'column/exclude', column: 'fare', exclude: true });
    // The view waits for the host: nothing is marked yet.
    assert.equal(root.querySelector('tr.row.excluded'), null);

    view.receive({ kind: 'profile/excluded', columns: ['fare'] });
    assert.deepEqual(view.excludedColumns, ['fare']);
    const row = root.querySelector('tr.row[data-index="2"]');
    assert.ok(row?.classList.contains('excluded'));
    assert.equal(row?.querySelector('.tag-excluded')?.textContent, 'excluded');
    assert.equal(root.querySelectorAll('tr.row.excluded').length, 1);
    assert.equal(button.textContent, 'Include again');
    assert.equal(button.getAttribute('aria-label'), 'Include fare in training again');
    assert.equal(warningItem(root, 'passenger_id')?.querySelector('.exclude-toggle')?.textContent, 'Exclude column');
    click(button);
    assert.deepEqual(api.posted.at(-1), { kind: 'column/exclude', column: 'fare', exclude: false });

    view.receive({ kind: 'profile/excluded', columns: [] });
    assert.equal(root.querySelector('tr.row.excluded'), null);
    assert.equal(button.textContent, 'Exclude column');
  });

  it('offers no exclude button for the target or for warnings without a column', () => {
    const { root, view, api } = mount();
    view.receive(showMessage(profile()));
    assert.equal(root.querySelectorAll('.warnings li').length, 4);
    assert.equal(warningItem(root, 'survived')?.querySelector('.exclude-toggle'), null);
    assert.equal(root.querySelectorAll('.warnings .exclude-toggle').length, 2);
    // The target is selected by default: its details have no toggle either.
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'survived');
    assert.equal(root.querySelector('.detail .exclude-toggle'), null);
    view.toggleExclude('survived');
    view.toggleExclude('no such column');
    assert.deepEqual(api.posted, []);
  });

  it('toggles from the column details and marks the detail title', () => {
    const { root, view, api } = mount();
    view.receive(showMessage(profile()));
    view.select('age');
    const toggle = root.querySelector('.detail .exclude-toggle');
    assert.equal(toggle?.textContent, 'Exclude from training');
    assert.equal((root.querySelector('.detail-title .tag-excluded') as HTMLElement | null)?.hidden, true);
    click(toggle);
    assert.deepEqual(api.posted.at(-1), { kind: 'column/exclude', column: 'age', exclude: true });
    view.receive({ kind: 'profile/excluded', columns: ['age'] });
    assert.equal(toggle?.textContent, 'Include again');
    assert.equal((root.querySelector('.detail-title .tag-excluded') as HTMLElement | null)?.hidden, false);
    // Selecting it again (a fresh detail) starts from the current exclusions.
    view.select('fare');
    view.select('age');
    assert.equal(root.querySelector('.detail .exclude-toggle')?.textContent, 'Include again');
  });

  it('keeps exclusions that arrive before the profile, and drops them for another file', () => {
    const { root, view } = mount();
    view.receive({ kind: 'profile/excluded', columns: ['passenger_id'] });
    view.receive(showMessage(profile()));
    assert.ok(root.querySelector('tr.row[data-index="1"]')?.classList.contains('excluded'));
    assert.equal(warningItem(root, 'passenger_id')?.querySelector('.exclude-toggle')?.textContent, 'Include again');
    // The same file's next run keeps them; another file's profile does not.
    view.receive(showMessage(profile(), '/ws/.automl/runs/second'));
    assert.equal(root.querySelectorAll('tr.row.excluded').length, 1);
    const other = showMessage(profile(), '/ws/.automl/runs/third');
    view.receive({ ...other, run: { ...other.run, file: 'other.csv' } });
    assert.equal(root.querySelectorAll('tr.row.excluded').length, 0);
  });
});

describe('the run\u2019s feature decisions', () => {
  const names = ['income', 'region', 'age', 'noise1', 'noise2', 'noise3', 'id', 'notes'];
  const profile = (): DatasetProfile => profileOf(
    [...names.map((name) => numeric(name)), categorical('bought', [{ value: 'no', count: 60 }, { value: 'yes', count: 40 }])],
    { target: { column: 'bought', task: 'binary', classes: [{ value: 'no', count: 60 }, { value: 'yes', count: 40 }] } },
  );
  /** The badge text and title of each rendered row that has one, by column. */
  const badges = (root: HTMLElement): Record<string, [string, string]> => Object.fromEntries(
    [...root.querySelectorAll('tr.row')].flatMap((row) => {
      const tag = row.querySelector('.tag-dropped');
      return tag === null ? [] : [[row.querySelector('.name')?.textContent ?? '', [tag.textContent ?? '', tag.getAttribute('title') ?? '']]];
    }),
  );

  it('marks the columns the run dropped, with the reason in the badge title and in the details', () => {
    const { root, view } = mount();
    view.receive({ ...showMessage(profile()), features: featuresFixture() });
    assert.deepEqual(badges(root), {
      noise1: ['dropped', 'Not used by this run: below random noise (importance 0.001 < 0.004) (decided by feature selection)'],
      noise2: ['dropped', 'Not used by this run: below random noise (importance 0.000 < 0.004) (decided by feature selection)'],
      noise3: ['dropped', 'Not used by this run: below random noise (importance 0.002 < 0.004) (decided by feature selection)'],
      id: ['dropped', "Not used by this run: identifier: every value is unique (decided by the profile's checks)"],
      notes: ['excluded by you', 'Not used by this run: excluded by the user (decided by you (excluded))'],
    });
    view.select('id');
    assert.equal(root.querySelector('.detail-title .tag-dropped')?.textContent, 'dropped: identifier');
    assert.equal(root.querySelector('.column-decision')?.textContent, "In this runNot used: identifier: every value is unique (decided by the profile's checks).");
    view.select('income');
    assert.equal(root.querySelector('.detail-title .tag-dropped'), null);
    assert.equal(root.querySelector('.column-decision')?.textContent, 'In this runUsed by the final model.Also part of income / mean(income by region), age / income.');
    // The target is neither used as a feature nor dropped: nothing to say.
    view.select('bought');
    assert.equal(root.querySelector('.column-decision'), null);
  });

  it('lists the engineered features the run kept, their sources linking to the columns', () => {
    const { root, view } = mount();
    view.receive({ ...showMessage(profile()), features: featuresFixture() });
    const section = root.querySelector('.run-features');
    assert.ok(section);
    assert.match(section.textContent ?? '', /The final model reads 3 of 8 columns; 5 dropped \(marked in the table\)\./);
    assert.equal(section.querySelector('h3')?.textContent, 'Engineered features kept (2)');
    assert.deepEqual(texts(root, '.engineered-list li'), [
      'income / mean(income by region) from income, region · score alone 0.71',
      'age / income from age, income',
    ]);
    click([...root.querySelectorAll('.engineered-list button.link')].find((b) => b.textContent === 'region') ?? null);
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'region');

    const none = mount();
    none.view.receive({ ...showMessage(profile()), features: featuresFixture({ engineered: featuresFixture().engineered.map((e) => ({ ...e, kept: false })) }) });
    assert.match(none.root.querySelector('.run-features')?.textContent ?? '', /3 engineered features tried; none kept\./);
  });

  it('marks the columns when the decisions arrive after the profile, keeping selection, sort and filter', () => {
    const { root, view } = mount();
    view.receive(showMessage(profile()));
    // A live run: nothing is said about features until it finishes.
    assert.equal(root.querySelector('.run-features'), null);
    assert.deepEqual(badges(root), {});
    view.select('noise2');
    view.sortBy('name');
    view.setFilter('n');
    const order = view.visibleColumnNames;
    view.receive({ kind: 'profile/features', features: featuresFixture() });
    assert.deepEqual(view.visibleColumnNames, order);
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'noise2');
    assert.equal(root.querySelector('.detail-title .tag-dropped')?.textContent, 'dropped: below random noise');
    assert.deepEqual(Object.keys(badges(root)).sort(), ['noise1', 'noise2', 'noise3', 'notes']);
    assert.ok(root.querySelector('.run-features'));
    // A rebuilt view gets them with the profile.
    view.receive({ ...showMessage(profile()), features: featuresFixture() });
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'noise2');
  });

  it('says when the run predates feature decisions, and ignores decisions without a profile', () => {
    const { root, view } = mount();
    view.receive({ kind: 'profile/features', features: featuresFixture() });
    assert.match(root.textContent ?? '', /Loading profile/);
    view.receive({ ...showMessage(profile()), features: null });
    assert.equal(root.querySelector('.run-features p')?.textContent, 'This run predates feature decisions: its folder has no features.json.');
    assert.deepEqual(badges(root), {});
    view.select('id');
    assert.equal(root.querySelector('.column-decision'), null);
  });

  it('shows column names and reasons as text, never as markup', () => {
    const { root, view } = mount();
    const features = featuresFixture({
      kept: ['income'],
      dropped: [{ name: XSS, reason: SCRIPT, by: 'profile' }],
      engineered: [{ name: XSS, formula: XSS, sources: [XSS, 'income'], kept: true, for: 'all' }],
    });
    view.receive({ ...showMessage(profileOf([numeric(XSS), numeric('income')])), features });
    view.select(XSS);
    assert.equal(root.querySelector('img'), null);
    assert.equal(root.querySelector('script'), null);
    assert.equal(root.querySelector('tr.row .tag-dropped')?.getAttribute('title'), `Not used by this run: ${SCRIPT} (decided by the profile's checks)`);
    assert.equal(root.querySelector('.column-decision .reason')?.textContent, SCRIPT);
    assert.deepEqual(texts(root, '.engineered-list code'), [XSS]);
    assert.ok(texts(root, '.engineered-list button.link').includes(XSS));
  });
});

describe('association heatmap', () => {
  const pair = (a: string, b: string, measures: Partial<Association>): Association => ({ a, b, value: 0, ...measures });
  const associations = (columns: string[], pairs: Association[]): DatasetProfile['associations'] => ({ columns, sampledRows: 100, pairs });

  it('draws one labelled cell per ordered pair and selects the row column on click', () => {
    const names = ['age', 'fare', 'sex'];
    const profile = profileOf([numeric('age'), numeric('fare'), categorical('sex', [{ value: 'm', count: 6 }, { value: 'f', count: 4 }])], {
      associations: associations(names, [
        pair('age', 'fare', { pearson: -0.3, spearman: -0.42, value: 0.42 }),
        pair('age', 'sex', { correlationRatio: 0.1, value: 0.1 }),
        pair('fare', 'sex', { correlationRatio: 0.55, value: 0.55 }),
      ]),
    });
    const { root, view } = mount();
    view.receive(showMessage(profile));
    const cells = [...root.querySelectorAll('table.heatmap .hm-cell')];
    assert.equal(cells.length, names.length * (names.length - 1));
    assert.deepEqual(cells.map((cell) => cell.getAttribute('aria-label')), [
      'age × fare: Spearman -0.42',
      'age × sex: η 0.1',
      'fare × age: Spearman -0.42',
      'fare × sex: η 0.55',
      'sex × age: η 0.1',
      'sex × fare: η 0.55',
    ]);
    assert.equal(cells[0].getAttribute('title'), cells[0].getAttribute('aria-label'));
    assert.ok(cells[0].classList.contains('hm-negative'));
    assert.ok(cells[3].classList.contains('hm-strength'));
    assert.equal((cells[3] as HTMLElement).style.getPropertyValue('--strength'), '55%');
    assert.deepEqual([...root.querySelectorAll('table.heatmap th.hm-col-label')].map((th) => th.textContent), names);
    // One tab stop for the whole matrix.
    assert.equal(root.querySelectorAll('table.heatmap [tabindex="0"]').length, 1);

    click(cells[4]);
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'sex');
    click(root.querySelector('table.heatmap th.hm-col-label button'));
    assert.equal(root.querySelector('.detail-title .name')?.textContent, 'age');
    assert.ok(root.querySelector('table.heatmap th.hm-row-label button')?.classList.contains('selected'));
  });

  it('moves its single tab stop with the arrow keys, over the diagonal', () => {
    const names = ['a', 'b', 'c'];
    const profile = profileOf(names.map((name) => numeric(name)), {
      associations: associations(names, [pair('a', 'b', { spearman: 0.1, value: 0.1 }), pair('a', 'c', { spearman: 0.2, value: 0.2 }), pair('b', 'c', { spearman: 0.3, value: 0.3 })]),
    });
    const { root, view } = mount();
    view.receive(showMessage(profile));
    const focused = (): string | null | undefined => root.querySelector('table.heatmap [tabindex="0"]')?.getAttribute('aria-label');
    const key = (name: string): void => {
      const event = new window.Event('keydown', { bubbles: true, cancelable: true }) as unknown as KeyboardEvent;
      Object.defineProperty(event, 'key', { value: name });
      root.querySelector('table.heatmap [tabindex="0"]')?.dispatchEvent(event);
    };
    assert.equal(focused(), 'a × b: Spearman 0.1');
    key('ArrowDown');
    assert.equal(focused(), 'c × b: Spearman 0.3', 'skips the b × b diagonal');
    key('ArrowDown');
    assert.equal(focused(), 'c × b: Spearman 0.3', 'stops at the edge');
    key('ArrowLeft');
    assert.equal(focused(), 'c × a: Spearman 0.2');
    assert.equal(root.querySelectorAll('table.heatmap [tabindex="0"]').length, 1);
  });

  it('renders column names as text', () => {
    const profile = profileOf([numeric(XSS), numeric(SCRIPT)], {
      associations: associations([XSS, SCRIPT], [pair(XSS, SCRIPT, { spearman: 0.9, value: 0.9 })]),
    });
    const { root, view } = mount();
    view.receive(showMessage(profile));
    const heatmap = root.querySelector('table.heatmap');
    assert.ok(heatmap);
    assert.equal(heatmap.querySelector('img'), null);
    assert.equal(heatmap.querySelector('script'), null);
    assert.deepEqual([...heatmap.querySelectorAll('th.hm-row-label')].map((th) => th.textContent), [XSS, SCRIPT]);
    assert.equal(heatmap.querySelector('.hm-cell')?.getAttribute('aria-label'), `${XSS} × ${SCRIPT}: Spearman 0.9`);
    assert.equal(root.querySelector('img'), null);
  });

  it('limits the matrix to the most associated columns, in file order, keeping the target', () => {
    const names = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const pairs: Association[] = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) pairs.push(pair(names[i], names[j], { cramersV: (i + j) / 100, value: (i + j) / 100 }));
    }
    const chosen = heatmapColumns(associations(names, pairs), 'c0');
    assert.equal(chosen.length, MAX_HEATMAP_COLUMNS);
    assert.deepEqual(chosen, ['c0', ...names.slice(21)]);
    assert.deepEqual(heatmapColumns(associations(['x', 'y'], []), undefined), []);

    const profile = profileOf(names.map((name) => numeric(name)), { associations: associations(names, pairs) });
    const { root, view } = mount();
    view.receive(showMessage(profile));
    assert.equal(root.querySelectorAll('table.heatmap .hm-cell').length, MAX_HEATMAP_COLUMNS * (MAX_HEATMAP_COLUMNS - 1));
    assert.match(root.querySelector('.heatmap-caption')?.textContent ?? '', /The 20 most associated of 40 columns/);
  });

  it('colors signed correlations on a diverging scale and the rest on a sequential one', () => {
    assert.deepEqual(cellScale(pair('a', 'b', { spearman: 0.5, value: 0.5 })), { scale: 'positive', strength: 0.5 });
    assert.deepEqual(cellScale(pair('a', 'b', { pearson: -0.25, value: 0.25 })), { scale: 'negative', strength: 0.25 });
    assert.deepEqual(cellScale(pair('a', 'b', { cramersV: 0.7, value: 0.7 })), { scale: 'strength', strength: 0.7 });
    assert.deepEqual(cellScale(pair('a', 'b', { value: 3 })), { scale: 'strength', strength: 1 });
  });

  it('is left out when fewer than two columns have associations', () => {
    const { root, view } = mount();
    view.receive(showMessage(profileOf([numeric('a')])));
    assert.equal(root.querySelector('table.heatmap'), null);
  });
});

describe('sortColumns', () => {
  it('compares digit runs as numbers', () => {
    const names = ['x10', 'x2', 'x1', 'x02', 'y', 'x', 'x1a'];
    assert.deepEqual([...names].sort(naturalCompare), ['x', 'x1', 'x1a', 'x2', 'x02', 'x10', 'y']);
    assert.equal(naturalCompare('a', 'a'), 0);
  });

  it('flips the direction only for the same key', () => {
    assert.deepEqual(nextSort({ key: 'name', direction: 'asc' }, 'name'), { key: 'name', direction: 'desc' });
    assert.deepEqual(nextSort({ key: 'name', direction: 'asc' }, 'unique'), { key: 'unique', direction: 'desc' });
    assert.deepEqual(nextSort({ key: 'unique', direction: 'desc' }, 'type'), { key: 'type', direction: 'asc' });
  });

  it('orders stably in both directions', () => {
    const columns = [numeric('a', { unique: 1 }), numeric('b', { unique: 2 }), numeric('c', { unique: 1 })];
    assert.deepEqual(orderColumns(columns, { key: 'unique', direction: 'asc' }), [0, 2, 1]);
    assert.deepEqual(orderColumns(columns, { key: 'unique', direction: 'desc' }), [1, 0, 2]);
    assert.deepEqual(orderColumns(columns, { key: 'index', direction: 'desc' }, 'A'), [0]);
  });
});

function texts(root: HTMLElement, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());
}
