// A stress run of the Data Profile view on a wide profile (as a 500,000-row, 2,000-column file
// gives): every histogram and top-values list full, a warning per column, a wide association
// matrix. It checks that the work stays bounded (rows virtualised, lists collapsed, heatmap
// capped) and prints timings under linkedom; it asserts no timings, since machines vary.
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
  ProfileWarningKind,
} from '../../src/protocol/webview';
import type { BarChartSpec, ChartRenderer } from '../../webview/profile/chartSpec';
import { MAX_HEATMAP_COLUMNS } from '../../webview/profile/associationHeatmap';
import { ROW_HEIGHT_PX } from '../../webview/profile/columnTable';
import { ProfileView } from '../../webview/profile/profileView';
import { installTestDom, RecordingApi, type TestWindow } from './fakes/webviewDom';

const ROWS = 500_000;
const HISTOGRAM_BINS = 20;
const TOP_VALUES = 20;

let window: TestWindow;

before(() => {
  window = installTestDom();
});

class StubApi extends RecordingApi<ProfileToHost, ProfilePanelState> {}

class StubCharts implements ChartRenderer {
  draw(_canvas: HTMLCanvasElement, _spec: BarChartSpec): void {}
  refreshTheme(): void {}
  clear(): void {}
}

function column(i: number): ColumnProfile {
  const missing = (i * 7919) % 50_000;
  const base = { count: ROWS - missing, missing, missingPct: (missing / ROWS) * 100 };
  if (i % 2 === 0) {
    const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, k) => k * 10);
    const counts = Array.from({ length: HISTOGRAM_BINS }, (_, k) => Math.round((ROWS - missing) / HISTOGRAM_BINS + ((k * 37 + i) % 100) - 50));
    return {
      name: `measurement_${i}_with_a_longish_name`,
      type: 'float',
      storage: 'numeric',
      ...base,
      unique: 400_000,
      min: 0,
      max: 200,
      mean: 100,
      std: 57.7,
      skew: 0.01,
      outliers: 12,
      zeros: 3,
      quantiles: { p01: 2, p05: 10, p25: 50, p50: 100, p75: 150, p95: 190, p99: 198 },
      histogram: { edges, counts },
    };
  }
  const top = Array.from({ length: TOP_VALUES }, (_, k) => ({ value: `category value ${k} of column ${i}`, count: 20_000 - k * 500 }));
  return { name: `category_${i}`, type: 'categorical', storage: 'categorical', ...base, unique: 5_000, topValues: top, meanLength: 24 };
}

const KINDS: readonly ProfileWarningKind[] = ['constant', 'id-like', 'high-cardinality', 'many-missing', 'leakage-suspect'];

/** A profile of `columns` columns; the association matrix spans the first `associated` of them. */
function wideProfile(columns: number, associated: number): DatasetProfile {
  const profiles = Array.from({ length: columns }, (_, i) => column(i));
  const names = profiles.slice(0, associated).map((c) => c.name);
  const pairs: Association[] = [];
  for (let x = 0; x < names.length; x++) {
    for (let y = x + 1; y < names.length; y++) {
      const r = Math.sin(x * 31 + y * 17);
      pairs.push(x % 2 === 0 && y % 2 === 0
        ? { a: names[x], b: names[y], pearson: r, spearman: r, value: Math.abs(r) }
        : { a: names[x], b: names[y], correlationRatio: Math.abs(r), value: Math.abs(r) });
    }
  }
  return {
    rows: ROWS,
    columns: profiles,
    warnings: profiles.map((c, i) => ({ kind: KINDS[i % KINDS.length], column: c.name, message: `${c.name}: something to look at (${i})` })),
    parseIssues: Array.from({ length: 1_000 }, (_, i) => ({ line: i * 500 + 2, message: `row ${i * 500 + 2} has 3 extra fields` })),
    badValues: profiles.filter((_, i) => i % 10 === 0).map((c, i) => ({ column: c.name, count: 3, examples: [{ line: i + 2, value: 'n/a?' }] })),
    duplicateRows: 12,
    target: { column: profiles[1].name, task: 'multiclass', classes: profiles[1].topValues!.map((v) => ({ ...v })) },
    associations: { columns: names, sampledRows: 200_000, pairs },
    source: { file: 'wide.csv', bytes: 4_000_000_000, delimiter: ',', encoding: 'utf-8' },
  };
}

function showMessage(profile: DatasetProfile): ProfileShowMessage {
  return { kind: 'profile/show', run: { runDir: '/ws/.automl/runs/x', name: 'x', file: 'wide.csv', createdAt: '2025-01-01T00:00:00.000Z' }, profile };
}

function mount(): { root: HTMLElement; view: ProfileView; api: StubApi } {
  const root = window.document.createElement('main') as unknown as HTMLElement;
  window.document.body.append(root as unknown as Node & ChildNode);
  const api = new StubApi();
  return { root, view: new ProfileView(root, api, new StubCharts()), api };
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;

describe('profile view under load (timings printed, not asserted)', () => {
  it('renders a 500,000-row, 2,000-column profile with bounded work', () => {
    const profile = wideProfile(2_000, 30);
    // Warm-up on a small profile, so the first figure is not mostly JIT compilation.
    mount().view.receive(showMessage(wideProfile(50, 10)));

    const { root, view, api } = mount();
    const figures: Record<string, number> = {};
    figures['first render'] = time(() => view.receive(showMessage(profile)));
    const rendered = root.querySelectorAll('tr.row').length;
    assert.ok(rendered > 0 && rendered <= 60, `rendered ${rendered} rows`);
    assert.ok(root.querySelectorAll('.warnings li').length <= 8, 'warnings collapsed');
    assert.ok(root.querySelectorAll('.issues li').length <= 8, 'parse issues collapsed');
    assert.equal(root.querySelectorAll('table.heatmap .hm-cell').length, MAX_HEATMAP_COLUMNS * (MAX_HEATMAP_COLUMNS - 1));

    const scroller = root.querySelector('.table-scroll') as HTMLElement;
    const scrollTo = (row: number): void => {
      scroller.scrollTop = row * ROW_HEIGHT_PX;
      scroller.dispatchEvent(new window.Event('scroll') as unknown as Event);
    };
    figures['scroll to row 1,000'] = time(() => scrollTo(1_000));
    assert.ok(root.querySelector('tr.row[data-index="1000"]'));
    figures['scroll to the end'] = time(() => scrollTo(1_999));
    assert.ok(root.querySelector('tr.row[data-index="1999"]'));
    figures['select a column'] = time(() => view.select(profile.columns[1_500].name));
    figures['exclude 500 columns'] = time(() =>
      view.receive({ kind: 'profile/excluded', columns: profile.columns.filter((_, i) => i % 4 === 0).map((c) => c.name) }));
    assert.ok(root.querySelectorAll('tr.row.excluded').length > 0);
    figures['sort by name'] = time(() => view.sortBy('name'));
    figures['filter'] = time(() => view.setFilter('measurement_1'));
    view.setFilter('');
    figures['show all 2,000 warnings'] = time(() => {
      const more = root.querySelector('.warnings .more');
      assert.ok(more);
      more.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
    });
    assert.equal(root.querySelectorAll('.warnings li').length, 2_000);
    figures['include all again (2,000 warning buttons)'] = time(() => view.receive({ kind: 'profile/excluded', columns: [] }));
    assert.equal(root.querySelectorAll('.warnings .exclude-toggle.is-excluded').length, 0);
    const toggle = root.querySelector('.warnings .exclude-toggle');
    assert.ok(toggle);
    toggle.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
    assert.equal(api.posted.at(-1)?.kind, 'column/exclude');

    console.log(`profile view, ${ROWS.toLocaleString('en-US')} rows × 2,000 columns (linkedom):`);
    for (const [label, value] of Object.entries(figures)) console.log(`  ${label.padEnd(44)} ${ms(value)}`);
  });

  it('scales linearly in columns and association pairs', () => {
    const lines: string[] = [];
    for (const [columns, associated] of [[1_000, 30], [2_000, 0], [2_000, 30], [4_000, 30], [2_000, 300], [2_000, 600]] as const) {
      const profile = wideProfile(columns, associated);
      const { root, view } = mount();
      const renderMs = time(() => view.receive(showMessage(profile)));
      const side = Math.min(associated, MAX_HEATMAP_COLUMNS);
      assert.equal(root.querySelectorAll('table.heatmap .hm-cell').length, side < 2 ? 0 : side * (side - 1));
      const selectMs = time(() => view.select(profile.columns[2].name));
      lines.push(`  ${String(columns).padStart(5)} columns, ${String(profile.associations.pairs.length).padStart(6)} pairs: first render ${ms(renderMs)}, select ${ms(selectMs)}`);
    }
    console.log('profile view scaling (linkedom):');
    for (const line of lines) console.log(line);
  });
});
