// The Explanations view is browser code: this test type-checks it with the DOM library and runs it
// on linkedom (a light server-side DOM), with a stub host bridge and a stub plot renderer. The pure
// modules behind it (waterfall, beeswarm, row search, downsampling, dependence specs) are tested
// with hand-made answers first.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  isExplanationsPanelState,
  type ExplanationsPanelState,
  type ExplanationsShowMessage,
  type ExplanationsToHost,
  type PartialDependence,
  type RunExplanations,
  type SampleValue,
} from '../../src/protocol/webview';
import { beeswarmColumns, beeswarmOffsets, beeswarmSpec, rankNormalise } from '../../webview/explanations/beeswarm';
import { formatRgba, mixColor, parseColor } from '../../webview/explanations/colors';
import { dateColumnsOf, partialDependenceSpec, shapDependenceSpec } from '../../webview/explanations/dependence';
import { downsampleIndices } from '../../webview/explanations/downsample';
import { ExplanationsView } from '../../webview/explanations/explanationsView';
import { restoreState } from '../../webview/explanations/panelState';
import type { PlotRenderer, PlotSpec } from '../../webview/explanations/plotSpec';
import { rowFromSample, searchSampleRows } from '../../webview/explanations/sampleRows';
import { formatSampleValue, formatSigned, outputSpaceLine } from '../../webview/explanations/valueText';
import { barGeometry, hasResidual, waterfallSteps } from '../../webview/explanations/waterfall';
import { parseRowNumber } from '../../webview/explanations/waterfallTab';
import { reliabilitySpec } from '../../webview/explanations/reliabilitySpec';
import { robustnessFixture } from './fakes/runReports';
import { installTestDom, RecordingApi, type TestWindow } from './fakes/webviewDom';

const XSS = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';

let window: TestWindow;

before(() => {
  window = installTestDom();
});

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

interface ColumnFixture {
  readonly name: string;
  readonly values: readonly SampleValue[];
  /** Per output, per sample row. */
  readonly shap: readonly (readonly number[])[];
}

/**
 * Explanations of a made-up model: outputs are base + the sum of the SHAP values (additive, as
 * real SHAP values are), importance is computed from the sample as the engine does.
 */
function explanationsOf(options: {
  outputLabels: readonly string[];
  outputSpace?: RunExplanations['outputSpace'];
  rows: readonly number[];
  base: readonly number[];
  columns: readonly ColumnFixture[];
  dependence?: readonly PartialDependence[];
  extra?: Partial<RunExplanations>;
}): RunExplanations {
  const { outputLabels, rows, base, columns } = options;
  const outputs = outputLabels.length;
  const output = Array.from({ length: outputs }, (_, o) => rows.map((_, r) => base[o] + columns.reduce((sum, c) => sum + c.shap[o][r], 0)));
  const perOutput = columns.map((c) => Array.from({ length: outputs }, (_, o) => c.shap[o].reduce((s, v) => s + Math.abs(v), 0) / rows.length));
  const totals = perOutput.map((p) => p.reduce((a, b) => a + b, 0));
  const grand = totals.reduce((a, b) => a + b, 0);
  const order = columns.map((_, j) => j).sort((a, b) => totals[b] - totals[a] || a - b);
  return {
    format: 'automl-explanations',
    version: 1,
    model: 'gbdt 1.00',
    outputSpace: options.outputSpace ?? 'probability',
    outputLabels,
    methods: [{ learner: 'gbdt', weight: 1, method: 'treeShap' }],
    importance: order.map((j) => ({ column: columns[j].name, meanAbsShap: totals[j], share: grand > 0 ? totals[j] / grand : 0, perOutput: perOutput[j] })),
    sample: { rows, base, output, columns },
    dependence: options.dependence ?? [],
    interactions: [],
    insights: [],
    notes: [],
    elapsedMs: 1234,
    ...options.extra,
  };
}

/** A binary model over 4 sampled rows (data rows 3, 10, 11, 42) with numeric, text and missing values. */
function binary(extra: Partial<RunExplanations> = {}): RunExplanations {
  return explanationsOf({
    outputLabels: ['survived = yes'],
    rows: [3, 10, 11, 42],
    base: [0.375],
    columns: [
      { name: 'age', values: [30, 14, null, 62], shap: [[-0.0625, 0.125, 0, -0.125]] },
      { name: 'sex', values: ['male', 'female', 'female', 'male'], shap: [[-0.25, 0.25, 0.25, -0.25]] },
      { name: 'name', values: ['Allison, Mr. Hudson', 'Carter, Miss. Lucile', 'Brady, Mr. John', 'Carlsson, Mr. Frans'], shap: [[0.03125, 0.0625, -0.03125, 0]] },
    ],
    dependence: [
      { column: 'sex', grid: { kind: 'categorical', values: [1, 0], labels: ['male', 'female'] }, average: [[0.2, 0.7]], ice: [[[0.1, 0.6], [0.3, 0.8]]], iceRows: [0, 1] },
      { column: 'age', grid: { kind: 'numeric', values: [10, 30, 50], labels: ['10', '30', '50'] }, average: [[0.5, 0.4, 0.3]], ice: [[[0.6, 0.5, 0.4]]], iceRows: [2] },
    ],
    extra: {
      insights: ['The model leans most on `sex` (55% of the total effect).', '`sex` = female raises the predicted chance of `survived = yes` the most.'],
      interactions: [{ column: 'sex', with: 'age', strength: 0.38 }],
      notes: ['permutation importance skipped: the validation folds\u2019 models were not kept'],
      ...extra,
    },
  });
}

/** A three-class model over 3 sampled rows, where output 2 ranks the columns the other way round. */
function multiclass(): RunExplanations {
  return explanationsOf({
    outputLabels: ['Adelie', 'Gentoo', 'Chinstrap'],
    rows: [0, 1, 2],
    base: [0.5, 0.25, 0.25],
    columns: [
      { name: 'bill', values: [39.1, 46.5, 50], shap: [[0.25, -0.25, -0.125], [-0.125, 0.25, 0], [-0.125, 0, 0.125]] },
      { name: 'island', values: ['Torgersen', 'Biscoe', 'Dream'], shap: [[0.0625, -0.0625, 0], [0, 0.0625, -0.0625], [-0.5, 0.5, 0.5]] },
    ],
    dependence: [
      { column: 'bill', grid: { kind: 'numeric', values: [35, 45, 55], labels: ['35', '45', '55'] }, average: [[0.9, 0.4, 0.1], [0.05, 0.4, 0.5], [0.05, 0.2, 0.4]], ice: [[[1, 0.5, 0.1]], [[0, 0.4, 0.6]], [[0, 0.1, 0.3]]], iceRows: [0] },
    ],
    extra: {
      permutation: {
        baseline: 0.05,
        metric: 'logLoss',
        complete: true,
        rows: 300,
        columns: [
          { column: 'bill', mean: 0.9, std: 0.03, repeats: 5, drops: [0.9, 0.92, 0.88, 0.87, 0.93] },
          { column: 'island', mean: -0.01, std: 0.02, repeats: 5, drops: [0, -0.01, -0.02, 0, -0.02] },
        ],
      },
    },
  });
}

const RUN_DIR = '/ws/.automl/runs/20250101-000000-titanic';

function showMessage(explanations: RunExplanations, runDir = RUN_DIR, modelLabel = 'gbdt'): ExplanationsShowMessage {
  return {
    kind: 'explanations/show',
    run: { runDir, name: runDir.split('/').pop() ?? '', file: 'titanic.csv', createdAt: '2025-01-01T00:00:00.000Z' },
    model: 'final',
    modelLabel,
    explanations,
  };
}

class StubApi extends RecordingApi<ExplanationsToHost, ExplanationsPanelState> {}

class StubPlots implements PlotRenderer {
  readonly drawn: PlotSpec[] = [];
  cleared = 0;
  draw(canvas: HTMLCanvasElement, spec: PlotSpec): void {
    assert.ok(canvas.isConnected, 'charts are drawn on canvases in the page');
    this.drawn.push(spec);
  }
  refreshTheme(): void {}
  clear(): void {
    this.cleared++;
  }
}

function mount(state?: unknown): { root: HTMLElement; view: ExplanationsView; api: StubApi; plots: StubPlots } {
  const root = window.document.createElement('main') as unknown as HTMLElement;
  window.document.body.append(root as unknown as Node & ChildNode);
  const api = new StubApi(state);
  const plots = new StubPlots();
  return { root, view: new ExplanationsView(root, api, plots), api, plots };
}

function click(element: Element | null): void {
  assert.ok(element, 'element to click exists');
  element.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
}

function key(element: Element | null, name: string): void {
  assert.ok(element, 'element to press a key on exists');
  const event = new window.Event('keydown', { bubbles: true, cancelable: true }) as unknown as KeyboardEvent;
  Object.defineProperty(event, 'key', { value: name });
  element.dispatchEvent(event);
}

/** Sets a (custom) field's value and fires `type` on it, as the element does when the user edits it. */
function edit(element: Element | null, value: string, type: 'input' | 'change'): void {
  assert.ok(element, 'field exists');
  (element as Element & { value?: string }).value = value;
  element.dispatchEvent(new window.Event(type, { bubbles: true }) as unknown as Event);
}

function texts(root: HTMLElement, selector: string): string[] {
  return [...root.querySelectorAll(selector)].map((e) => e.textContent ?? '');
}

// ---------------------------------------------------------------------------------------------
// Pure modules
// ---------------------------------------------------------------------------------------------

describe('waterfallSteps', () => {
  // Dyadic numbers add exactly in binary floating point, so "exactly" can be asserted.
  const contributions = [
    { column: 'c', value: 1, shap: 0.0625 },
    { column: 'a', value: 'x', shap: 0.5 },
    { column: 'd', value: null, shap: -0.03125 },
    { column: 'b', value: 2, shap: -0.125 },
  ];

  it('goes from the base to the output through every contribution, largest |SHAP| first', () => {
    const w = waterfallSteps(0.25, 0.65625, contributions, 12);
    assert.deepEqual(w.steps.map((s) => s.column), ['a', 'b', 'c', 'd']);
    assert.equal(w.steps[0].start, 0.25);
    for (let i = 1; i < w.steps.length; i++) assert.equal(w.steps[i].start, w.steps[i - 1].end);
    assert.deepEqual(w.steps.map((s) => s.end), [0.75, 0.625, 0.6875, 0.65625]);
    assert.equal(w.end, 0.65625);
    assert.equal(w.residual, 0);
    assert.equal(hasResidual(w), false);
    assert.equal(w.min, 0.25);
    assert.equal(w.max, 0.75);
  });

  it('sums the columns after the top ones into one "other" step', () => {
    const w = waterfallSteps(0.25, 0.65625, contributions, 2);
    assert.deepEqual(w.steps.map((s) => s.kind), ['column', 'column', 'other']);
    const other = w.steps[2];
    assert.equal(other.count, 2);
    assert.equal(other.shap, 0.03125);
    assert.equal(other.start, 0.625);
    assert.equal(other.end, 0.65625);
    assert.equal(w.end, w.output);
    // One leftover column is drawn as itself, not as "1 other column".
    assert.deepEqual(waterfallSteps(0.25, 0.65625, contributions, 3).steps.map((s) => s.kind), ['column', 'column', 'column', 'column']);
    assert.deepEqual(waterfallSteps(0.25, 0.25, [], 12).steps, []);
  });

  it('keeps the given order for equal |SHAP| and reports a residual', () => {
    const w = waterfallSteps(0, 1, [{ column: 'p', value: 1, shap: 0.25 }, { column: 'q', value: 1, shap: -0.25 }, { column: 'r', value: 1, shap: 0.25 }]);
    assert.deepEqual(w.steps.map((s) => s.column), ['p', 'q', 'r']);
    assert.equal(w.residual, 0.75);
    assert.equal(hasResidual(w), true);
    assert.throws(() => waterfallSteps(0, 0, [], -1), RangeError);
  });

  it('places bars on the scale of the whole waterfall', () => {
    const w = waterfallSteps(0.25, 0.65625, contributions, 12);
    assert.deepEqual(barGeometry(w, 0.25, 0.75), { left: 0, width: 100 });
    assert.deepEqual(barGeometry(w, 0.75, 0.625), { left: 75, width: 25 });
    assert.deepEqual(barGeometry(waterfallSteps(1, 1, []), 1, 1), { left: 0, width: 0 });
  });

  it('adds up for every row of a sample (SHAP additivity)', () => {
    const e = binary();
    for (const row of e.sample.rows) {
      const r = rowFromSample(e.sample, row);
      assert.ok(r);
      const w = waterfallSteps(r.base[0], r.output[0], r.contributions.map((c) => ({ column: c.column, value: c.value, shap: c.shap[0] })), 1);
      assert.ok(Math.abs(w.residual) < 1e-12, `row ${row}: residual ${w.residual}`);
    }
  });
});

describe('beeswarm', () => {
  it('normalises numbers by rank, ties sharing the average rank, and leaves labels and missing values neutral', () => {
    assert.deepEqual(rankNormalise([3, 1, 2, null, 'a', 2]), [1, 0, 0.5, null, null, 0.5]);
    assert.deepEqual(rankNormalise([7]), [0.5]);
    assert.deepEqual(rankNormalise([5, 5, 5]), [0.5, 0.5, 0.5]);
    assert.deepEqual(rankNormalise(['x', null]), [null, null]);
    // Outliers do not squash the others (ranks, not min-max).
    assert.deepEqual(rankNormalise([1, 2, 3, 1e9]), [0, 1 / 3, 2 / 3, 1]);
  });

  it('spreads piled-up points deterministically within the row', () => {
    const pile = beeswarmOffsets([0, 0, 0, 0, 0]);
    assert.deepEqual(pile.map((o) => Number(o.toFixed(12))), [0, 0.1, -0.1, 0.2, -0.2]);
    assert.deepEqual(beeswarmOffsets([0, 0, 0, 0, 0]), pile, 'the same input gives the same offsets');
    assert.deepEqual(beeswarmOffsets([0, 1]), [0, 0], 'lone points stay on the center line');
    assert.deepEqual(beeswarmOffsets([]), []);
    const many = beeswarmOffsets(Array.from({ length: 500 }, (_, i) => Math.sin(i) * (i % 3)));
    assert.ok(many.every((o) => Math.abs(o) <= 0.4 + 1e-12), 'all offsets within ±0.4');
    assert.equal(beeswarmOffsets([NaN, 1])[0], 0);
  });

  it('builds one row per important column for the chosen output, most important on top', () => {
    const e = multiclass();
    assert.deepEqual(beeswarmColumns(e, 0).columns, ['bill', 'island']);
    assert.deepEqual(beeswarmColumns(e, 2).columns, ['island', 'bill']);
    assert.deepEqual(beeswarmColumns(e, 0, 1), { columns: ['bill'], more: 1 });
    const spec = beeswarmSpec(e, 2);
    assert.ok(spec);
    assert.equal(spec.y.kind, 'category');
    assert.deepEqual(spec.y.kind === 'category' ? spec.y.categories : [], ['bill', 'island']);
    const island = spec.series.find((s) => s.label === 'island');
    assert.ok(island);
    assert.deepEqual(island.points.map((p) => p.x), [-0.5, 0.5, 0.5]);
    // Top row: center line at 1 (2 rows); two equal SHAP values pile up around it.
    assert.ok(island.points.every((p) => Math.abs(p.y - 1) <= 0.4));
    assert.deepEqual(island.tones, [null, null, null]);
    assert.deepEqual(spec.series.find((s) => s.label === 'bill')?.tones, [0, 0.5, 1]);
    assert.match(island.tooltips?.[0] ?? '', /^row 0: island = Torgersen, SHAP −0\.5$/);
    assert.equal(spec.series[0].emphasis, 'reference');
  });

  it('thins long samples evenly and deterministically', () => {
    assert.deepEqual(downsampleIndices(10, 4), [0, 2, 5, 7]);
    assert.deepEqual(downsampleIndices(3, 5), [0, 1, 2]);
    assert.deepEqual(downsampleIndices(0, 5), []);
    const picked = downsampleIndices(100_000, 1000);
    assert.equal(picked.length, 1000);
    assert.equal(new Set(picked).size, 1000);
    assert.throws(() => downsampleIndices(-1, 2), RangeError);
  });
});

describe('sample rows', () => {
  it('builds a row explanation from the sample', () => {
    const e = multiclass();
    const r = rowFromSample(e.sample, 1);
    assert.ok(r);
    assert.equal(r.row, 1);
    assert.deepEqual(r.base, [0.5, 0.25, 0.25]);
    assert.deepEqual(r.contributions.map((c) => [c.column, c.value, c.shap]), [
      ['bill', 46.5, [-0.25, 0.25, 0]],
      ['island', 'Biscoe', [-0.0625, 0.0625, 0.5]],
    ]);
    assert.deepEqual(r.output, [0.5 - 0.25 - 0.0625, 0.25 + 0.25 + 0.0625, 0.25 + 0 + 0.5]);
    assert.equal(rowFromSample(e.sample, 99), undefined);
  });

  it('finds rows by any value, case-insensitively, the first matching column per row', () => {
    const { sample } = binary();
    assert.deepEqual(searchSampleRows(sample, 'MR.', 10), {
      total: 3,
      matches: [
        { index: 0, row: 3, column: 'name', text: 'Allison, Mr. Hudson' },
        { index: 2, row: 11, column: 'name', text: 'Brady, Mr. John' },
        { index: 3, row: 42, column: 'name', text: 'Carlsson, Mr. Frans' },
      ],
    });
    assert.deepEqual(searchSampleRows(sample, 'female', 1), { total: 2, matches: [{ index: 1, row: 10, column: 'sex', text: 'female' }] });
    assert.deepEqual(searchSampleRows(sample, '62', 10).matches.map((m) => m.row), [42]);
    assert.deepEqual(searchSampleRows(sample, '  ', 10), { matches: [], total: 0 });
    assert.deepEqual(searchSampleRows(sample, 'missing', 10).total, 0, 'missing values are not the word "missing"');
  });

  it('reads row numbers', () => {
    assert.equal(parseRowNumber(' 12 '), 12);
    assert.equal(parseRowNumber('0'), 0);
    for (const text of ['', '-1', '1.5', 'abc', '1e3', '99999999999999999999']) assert.equal(parseRowNumber(text), undefined, text);
  });
});

describe('dependence specs', () => {
  it('draws a numeric partial dependence as lines and a categorical one as points by label', () => {
    const e = multiclass();
    const numeric = partialDependenceSpec(e.dependence[0], 1, 'Gentoo', true);
    assert.equal(numeric.x.kind, 'number');
    const average = numeric.series.at(-1);
    assert.equal(average?.kind, 'line');
    assert.deepEqual(average?.points, [{ x: 35, y: 0.05 }, { x: 45, y: 0.4 }, { x: 55, y: 0.5 }]);
    assert.deepEqual(numeric.series[0].points.map((p) => p.y), [0, 0.4, 0.6]);
    assert.equal(numeric.series[0].emphasis, 'faint');
    assert.match(numeric.y.title, /probability of Gentoo/);

    const categorical = partialDependenceSpec(binary().dependence[0], 5, 'survived = yes', true);
    assert.deepEqual(categorical.x.kind === 'category' ? categorical.x.categories : [], ['male', 'female']);
    assert.deepEqual(categorical.series.at(-1)?.points, [{ x: 0, y: 0.2 }, { x: 1, y: 0.7 }], 'an output past the curves falls back to the last');
    assert.equal(categorical.series.at(-1)?.kind, 'points');
    assert.equal(partialDependenceSpec(binary().dependence[0], 0, 'y', true, 1).series.filter((s) => s.emphasis === 'faint').length, 1);
  });

  it('scatters a column\u2019s values against its SHAP values, leaving out missing values', () => {
    const e = binary();
    const age = shapDependenceSpec(e, 'age', 0);
    assert.ok(age);
    assert.equal(age.missing, 1);
    assert.deepEqual(age.spec.series[0].points, [{ x: 30, y: -0.0625 }, { x: 14, y: 0.125 }, { x: 62, y: -0.125 }]);
    const sex = shapDependenceSpec(e, 'sex', 0);
    assert.ok(sex);
    assert.deepEqual(sex.spec.x.kind === 'category' ? sex.spec.x.categories : [], ['female', 'male']);
    assert.ok(sex.spec.series[0].points.every((p, i) => Math.abs(p.x - [1, 0, 0, 1][i]) <= 0.3));
    assert.equal(shapDependenceSpec(e, 'nope', 0), undefined);
    assert.equal(dateColumnsOf(e).size, 0);
  });
});

describe('colors and words', () => {
  it('parses theme colors and mixes them', () => {
    assert.deepEqual(parseColor('#3794ff'), [55, 148, 255, 1]);
    assert.deepEqual(parseColor('#fff'), [255, 255, 255, 1]);
    assert.deepEqual(parseColor('#00000080'), [0, 0, 0, 128 / 255]);
    assert.deepEqual(parseColor(' rgba(10, 20, 30, 0.5) '), [10, 20, 30, 0.5]);
    assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), [10, 20, 30, 0.5]);
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(parseColor('red'), undefined);
    assert.equal(formatRgba(mixColor([0, 0, 255, 1], [255, 0, 0, 1], 0.5)), 'rgba(128, 0, 128, 1)');
    assert.equal(formatRgba(mixColor([0, 0, 255, 1], [255, 0, 0, 1], 7)), 'rgba(255, 0, 0, 1)');
  });

  it('words values and output spaces', () => {
    assert.equal(formatSigned(0.125), '+0.125');
    assert.equal(formatSigned(-2), '−2');
    assert.equal(formatSigned(0), '0');
    assert.equal(formatSampleValue(null), 'missing');
    assert.equal(formatSampleValue(Date.UTC(2024, 0, 2), true), '2024-01-02');
    assert.equal(formatSampleValue(2007), '2007', 'no thousands separator in data values');
    assert.equal(formatSampleValue(3.14159265), '3.14159');
    assert.equal(formatSampleValue('x'), 'x');
    assert.match(outputSpaceLine('margin', ['yes']), /log-odds/);
    assert.match(outputSpaceLine('value', ['price']), /predicted price/);
  });
});

describe('restoreState', () => {
  it('keeps only the valid parts of a stored state', () => {
    assert.deepEqual(restoreState(undefined), { tab: 'importance', output: 0, row: undefined, dependenceColumn: undefined });
    assert.deepEqual(restoreState({ runDir: '/r', model: 3, tab: 'waterfall', output: 2, row: 17, dependenceColumn: 'age' }), {
      runDir: '/r', model: 3, tab: 'waterfall', output: 2, row: 17, dependenceColumn: 'age',
    });
    assert.deepEqual(restoreState({ runDir: 5, model: -1, tab: 'bogus', output: 1.5, row: -2, dependenceColumn: 7 }), {
      tab: 'importance', output: 0, row: undefined, dependenceColumn: undefined,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The view
// ---------------------------------------------------------------------------------------------

describe('ExplanationsView', () => {
  it('shows a loading hint, then pending and unavailable messages', () => {
    const { root, view, api } = mount();
    assert.match(root.textContent ?? '', /Loading explanations/);
    view.receive({ kind: 'explanations/pending', run: showMessage(binary()).run, model: 7, modelLabel: 'knn', message: 'Computing SHAP values for trial 7…' });
    assert.match(root.textContent ?? '', /knn.*trial 7.*Computing SHAP values for trial 7/s);
    assert.ok(root.querySelector('vscode-progress-ring'));
    assert.deepEqual(api.state, { version: 1, runDir: RUN_DIR, model: 7, tab: 'importance', output: 0 });
    view.receive({ kind: 'explanations/unavailable', runDir: '/gone', message: 'The run folder was deleted.' });
    assert.match(root.textContent ?? '', /Explanations not available.*run folder was deleted.*\/gone/s);
  });

  it('renders markup in data as text, never as elements, on every tab', () => {
    const e = explanationsOf({
      outputLabels: [XSS, SCRIPT],
      rows: [5, 6],
      base: [0.5, 0.5],
      columns: [
        { name: XSS, values: [XSS, SCRIPT], shap: [[0.25, -0.25], [-0.25, 0.25]] },
        { name: 'n', values: [1, 2], shap: [[0.125, 0], [0, 0.125]] },
      ],
      dependence: [{ column: XSS, grid: { kind: 'categorical', values: [0, 1], labels: [XSS, SCRIPT] }, average: [[0.4, 0.6], [0.6, 0.4]], ice: [[], []], iceRows: [] }],
      extra: {
        insights: [`\`${XSS}\` raises ${SCRIPT}`],
        interactions: [{ column: XSS, with: SCRIPT, strength: 0.5 }],
        notes: [XSS],
        model: XSS,
        permutation: { baseline: 1, metric: 'logLoss', complete: false, rows: 10, columns: [{ column: XSS, mean: 0.5, std: 0.1, repeats: 2, drops: [0.4, 0.6] }] },
      },
    });
    const { root, view } = mount();
    view.receive(showMessage(e, RUN_DIR, XSS));
    const noMarkup = (where: string): void => {
      assert.equal(root.querySelector('img'), null, `no <img> on ${where}`);
      assert.equal(root.querySelector('script'), null, `no <script> on ${where}`);
    };
    noMarkup('importance');
    assert.equal(root.querySelector('h1')?.textContent, XSS);
    assert.ok(texts(root, '.bar-label').includes(XSS));
    assert.ok(texts(root, 'vscode-option').includes(SCRIPT));
    for (const tab of ['beeswarm', 'waterfall', 'dependence', 'insights'] as const) {
      view.selectTab(tab);
      noMarkup(tab);
    }
    view.selectTab('waterfall');
    assert.ok(texts(root, '.wf-column').includes(XSS));
    assert.ok(texts(root, '.wf-feature-value').includes(XSS));
    view.selectTab('insights');
    assert.ok(texts(root, '.insight-list code').includes(XSS));
    assert.ok((root.querySelector('.insight-list')?.textContent ?? '').includes(SCRIPT));
    view.selectTab('waterfall');
    edit(root.querySelector('.row-search'), 'img', 'input');
    assert.deepEqual(texts(root, '.match-value'), [XSS]);
    assert.deepEqual(texts(root, '.match-column'), [XSS]);
    noMarkup('search results');
  });

  it('shows the model, run, output and output space in the header; a selector only for several outputs', () => {
    const { root, view } = mount();
    view.receive(showMessage(binary(), RUN_DIR, 'gbdt 0.60 + knn 0.40'));
    assert.equal(root.querySelector('h1')?.textContent, 'gbdt 0.60 + knn 0.40');
    assert.match(root.querySelector('.run')?.textContent ?? '', /Run 20250101-000000-titanic · final model/);
    assert.match(root.querySelector('.single-output')?.textContent ?? '', /survived = yes/);
    assert.match(root.querySelector('.space')?.textContent ?? '', /probability space/);
    assert.equal(root.querySelector('.output-picker'), null);

    const multi = mount();
    multi.view.receive(showMessage(multiclass()));
    assert.deepEqual(texts(multi.root, '.output-picker vscode-option'), ['Adelie', 'Gentoo', 'Chinstrap']);
    assert.equal(multi.root.querySelector('.output-picker vscode-option[selected]')?.textContent, 'Adelie');
  });

  it('switches tabs by click and by arrow keys, and keeps one tab stop', () => {
    const { root, view, api } = mount();
    view.receive(showMessage(binary()));
    const selected = (): string | null => root.querySelector('[role="tab"][aria-selected="true"]')?.getAttribute('data-tab') ?? null;
    assert.equal(selected(), 'importance');
    click(root.querySelector('[data-tab="insights"]'));
    assert.equal(selected(), 'insights');
    assert.equal(view.tab, 'insights');
    assert.ok(root.querySelector('.insights-tab'));
    key(root.querySelector('[role="tablist"]'), 'ArrowRight');
    assert.equal(selected(), 'robustness');
    key(root.querySelector('[role="tablist"]'), 'ArrowRight');
    assert.equal(selected(), 'importance', 'wraps around');
    key(root.querySelector('[role="tablist"]'), 'End');
    assert.equal(selected(), 'robustness');
    key(root.querySelector('[role="tablist"]'), 'ArrowLeft');
    assert.equal(selected(), 'insights');
    key(root.querySelector('[role="tablist"]'), 'ArrowLeft');
    assert.equal(selected(), 'dependence');
    assert.deepEqual([...root.querySelectorAll('[role="tab"]')].map((t) => t.getAttribute('tabindex')), ['-1', '-1', '-1', '0', '-1', '-1']);
    assert.equal(root.querySelector('[role="tabpanel"]')?.getAttribute('aria-labelledby'), 'tab-dependence');
    assert.equal((api.state as ExplanationsPanelState).tab, 'dependence');
  });

  it('draws importance bars (top 20, "+N more"), permutation importance with its spread, and the notes', () => {
    const columns = Array.from({ length: 25 }, (_, j) => ({ name: `c${j}`, values: [j, j + 1] as SampleValue[], shap: [[(25 - j) / 64, -(25 - j) / 64]] }));
    const e = explanationsOf({ outputLabels: ['y'], rows: [0, 1], base: [0], columns, extra: { notes: ['SHAP values computed for 2 rows'] } });
    const { root, view } = mount();
    view.receive(showMessage(e));
    const bars = root.querySelectorAll('.importance-bars .bar-item');
    assert.equal(bars.length, 20);
    assert.equal(bars[0].getAttribute('data-column'), 'c0');
    assert.equal((bars[0].querySelector('.bar-fill') as HTMLElement).style.width, '100%');
    assert.match(root.querySelector('.bar-more')?.textContent ?? '', /\+5 more/);
    click(root.querySelector('.bar-more'));
    assert.equal(root.querySelectorAll('.importance-bars .bar-item').length, 25);
    assert.equal(root.querySelector('.bar-more'), null);
    assert.deepEqual(texts(root, '.note-list li'), ['SHAP values computed for 2 rows']);
    assert.equal(root.querySelector('.importance-permutation'), null);

    const multi = mount();
    multi.view.receive(showMessage(multiclass()));
    const permutation = [...multi.root.querySelectorAll('.permutation-bars .bar-item')];
    assert.deepEqual(permutation.map((b) => b.querySelector('.bar-value')?.textContent), ['0.9 ± 0.03', '-0.01 ± 0.02']);
    assert.ok(permutation[0].querySelector('.bar-whisker'));
    assert.ok(permutation[1].classList.contains('negative'));
    assert.match(multi.root.querySelector('.importance-permutation')?.textContent ?? '', /logLoss.*5 shuffles of 300 out-of-fold rows/s);
    // Multiclass bars are stacked by class, with a legend.
    assert.equal(multi.root.querySelectorAll('.importance-bars .bar-item')[0].querySelectorAll('.bar-segment').length, 3);
    assert.deepEqual(texts(multi.root, '.class-legend .legend-label'), ['Adelie', 'Gentoo', 'Chinstrap']);
  });

  it('draws the beeswarm for the chosen output and redraws when the output changes', () => {
    const { root, view, plots, api } = mount();
    view.receive(showMessage(multiclass()));
    view.selectTab('beeswarm');
    const first = plots.drawn.at(-1);
    assert.ok(first);
    assert.deepEqual(first.y.kind === 'category' ? first.y.categories : [], ['island', 'bill']);
    assert.ok(root.querySelector('.tone-legend'));
    edit(root.querySelector('.output-picker vscode-single-select'), '2', 'change');
    assert.equal(view.output, 2);
    const second = plots.drawn.at(-1);
    assert.ok(second && second !== first);
    assert.deepEqual(second.y.kind === 'category' ? second.y.categories : [], ['bill', 'island']);
    assert.match(second.x.title, /Chinstrap/);
    assert.equal((api.state as ExplanationsPanelState).output, 2);
    view.setOutput(9);
    assert.equal(view.output, 2, 'an output the model does not have is ignored');
  });

  it('explains a sampled row at once and asks the host for any other row', () => {
    const { root, view, api } = mount();
    view.receive(showMessage(binary()));
    view.selectTab('waterfall');
    // The first sampled row is shown without asking the host.
    assert.equal(api.posted.length, 0);
    assert.match(root.querySelector('.waterfall-area h2')?.textContent ?? '', /Row 3.*line 5.*saved sample/);
    const labels = [...root.querySelectorAll('.wf-step .wf-label')].map((l) => l.textContent);
    assert.deepEqual(labels, ['sex = male', 'age = 30', 'name = Allison, Mr. Hudson']);
    assert.deepEqual(texts(root, '.wf-step .wf-value'), ['▼ −0.25', '▼ −0.0625', '▲ +0.03125']);
    assert.equal(root.querySelector('.wf-base .wf-value')?.textContent, '0.375');
    assert.equal(root.querySelector('.wf-output .wf-value')?.textContent, '0.09375');
    assert.ok(root.querySelector('.wf-step.down .wf-bar.down'));

    // A row outside the sample: typed into the field and confirmed with Enter.
    edit(root.querySelector('.row-field'), '500', 'input');
    key(root.querySelector('.row-field'), 'Enter');
    assert.deepEqual(api.posted, [{ kind: 'row/explain', requestId: 1, row: 500 }]);
    assert.ok(root.querySelector('.waterfall-area vscode-progress-ring'));
    assert.match(root.querySelector('.waterfall-area')?.textContent ?? '', /Explaining row 500/);
    // Stale and mismatched answers change nothing.
    view.receive({ kind: 'explanations/row', requestId: 99, error: 'stale' });
    view.receive({ kind: 'explanations/row', requestId: 1, row: { row: 7, base: [0], output: [0], contributions: [] } });
    assert.ok(root.querySelector('.waterfall-area vscode-progress-ring'));
    view.receive({
      kind: 'explanations/row',
      requestId: 1,
      row: { row: 500, base: [0.375], output: [0.875], contributions: [{ column: 'sex', value: 'female', shap: [0.5] }, { column: 'age', value: null, shap: [0] }] },
    });
    assert.match(root.querySelector('.waterfall-area h2')?.textContent ?? '', /Row 500.*computed on request/);
    assert.deepEqual([...root.querySelectorAll('.wf-step .wf-label')].map((l) => l.textContent), ['sex = female', 'age = missing']);
    assert.equal((api.state as ExplanationsPanelState).row, 500);

    // An error answer is shown as text.
    view.pickRow(1_000_000);
    assert.deepEqual(api.posted.at(-1), { kind: 'row/explain', requestId: 2, row: 1_000_000 });
    view.receive({ kind: 'explanations/row', requestId: 2, error: `row 1000000 is past the end of the file (891 rows) ${XSS}` });
    assert.match(root.querySelector('.row-error')?.textContent ?? '', /Row 1,000,000 could not be explained: row 1000000 is past the end/);
    assert.equal(root.querySelector('img'), null);

    // Rows already explained are not asked for again.
    view.pickRow(500);
    assert.equal(api.posted.length, 2);
    assert.match(root.querySelector('.waterfall-area h2')?.textContent ?? '', /Row 500/);

    // A bad row number is refused in place.
    edit(root.querySelector('.row-field'), '-3', 'input');
    click(root.querySelector('.explain-row'));
    assert.match(root.querySelector('.field-error')?.textContent ?? '', /0 or more/);
    assert.equal(api.posted.length, 2);
  });

  it('picks a row from the search results', () => {
    const { root, view, api } = mount();
    view.receive(showMessage(binary()));
    view.selectTab('waterfall');
    edit(root.querySelector('.row-search'), 'carter', 'input');
    const matches = [...root.querySelectorAll('.match-list button.match')];
    assert.deepEqual(matches.map((m) => m.textContent), ['row 10']);
    click(matches[0]);
    assert.match(root.querySelector('.waterfall-area h2')?.textContent ?? '', /Row 10/);
    assert.equal((root.querySelector('.row-field') as Element & { value?: string }).value, '10');
    assert.equal(api.posted.length, 0);
    edit(root.querySelector('.row-search'), 'zzz', 'input');
    assert.match(root.querySelector('.search-results')?.textContent ?? '', /No sampled row has a value containing “zzz”/);
  });

  it('plots the chosen column\u2019s partial dependence and SHAP dependence', () => {
    const { root, view, plots, api } = mount();
    view.receive(showMessage(binary()));
    view.selectTab('dependence');
    assert.deepEqual(texts(root, '.dependence-tab vscode-option'), ['sex', 'age']);
    assert.equal(plots.drawn.length, 2);
    assert.equal(plots.drawn[0].x.kind, 'category');
    assert.match(plots.drawn[1].title, /SHAP dependence of sex/);
    edit(root.querySelector('.dependence-tab vscode-single-select'), 'age', 'change');
    assert.equal((api.state as ExplanationsPanelState).dependenceColumn, 'age');
    assert.equal(plots.drawn.length, 4);
    assert.equal(plots.drawn[2].x.kind, 'number');
    assert.deepEqual(plots.drawn[3].series[0].points.map((p) => p.x), [30, 14, 62]);
    assert.match(root.querySelector('.dependence-tab')?.textContent ?? '', /1 row without a value left out/);

    const none = mount();
    none.view.receive(showMessage(binary({ dependence: [], notes: ['partial dependence stopped after 0 columns: the budget is spent'] })));
    none.view.selectTab('dependence');
    assert.match(none.root.textContent ?? '', /No partial dependence curves.*budget is spent/s);
  });

  it('lists insights, interactions and explainers', () => {
    const { root, view } = mount();
    view.receive(showMessage(binary()));
    view.selectTab('insights');
    assert.equal(root.querySelectorAll('.insight-list li').length, 2);
    assert.deepEqual(texts(root, '.insight-list li:first-child code'), ['sex']);
    assert.deepEqual(texts(root, '.interactions tbody td'), ['sex', 'age', '0.38']);
    assert.deepEqual(texts(root, '.methods tbody td'), ['gbdt', '100%', 'TreeSHAP: exact, from the trees']);
  });

  it('keeps its state for the next view of the same run, and resets it for another run', () => {
    const first = mount();
    first.view.receive(showMessage(multiclass()));
    first.view.selectTab('waterfall');
    first.view.setOutput(1);
    first.view.pickRow(2);
    const state = first.api.state as ExplanationsPanelState;
    assert.deepEqual(state, { version: 1, runDir: RUN_DIR, model: 'final', tab: 'waterfall', output: 1, row: 2, dependenceColumn: 'bill' });
    assert.ok(isExplanationsPanelState(state), 'the host\u2019s guard accepts what the view stores');

    const second = mount(structuredClone(state));
    second.view.receive(showMessage(multiclass()));
    assert.equal(second.view.tab, 'waterfall');
    assert.equal(second.view.output, 1);
    assert.match(second.root.querySelector('.waterfall-area h2')?.textContent ?? '', /Row 2/);
    assert.equal(second.root.querySelector('.output-picker vscode-option[selected]')?.textContent, 'Gentoo');

    // A restored row outside the sample is asked for as soon as the waterfall shows.
    const third = mount({ ...state, row: 77 });
    third.view.receive(showMessage(multiclass()));
    assert.deepEqual(third.api.posted, [{ kind: 'row/explain', requestId: 1, row: 77 }]);

    // Another run keeps the tab only; an output the model lacks falls back to the first.
    const fourth = mount({ ...state, output: 2 });
    fourth.view.receive(showMessage(binary(), '/ws/.automl/runs/other'));
    assert.equal(fourth.view.tab, 'waterfall');
    assert.equal(fourth.view.output, 0);
    assert.match(fourth.root.querySelector('.waterfall-area h2')?.textContent ?? '', /Row 3/);
    assert.equal(fourth.api.posted.length, 0);
  });
});

// ---------------------------------------------------------------------------------------------
// The Robustness tab
// ---------------------------------------------------------------------------------------------

describe('reliabilitySpec', () => {
  it('draws the diagonal, the bins before calibration and the model\u2019s bins with tooltips', () => {
    const spec = reliabilitySpec(robustnessFixture().calibration!);
    assert.deepEqual(spec.series.map((s) => [s.label, s.kind, s.emphasis]), [
      ['Perfectly calibrated', 'line', 'reference'],
      ['Before calibration', 'line', 'faint'],
      ['The model', 'line', 'main'],
    ]);
    assert.deepEqual(spec.series[0].points, [{ x: 0, y: 0 }, { x: 1, y: 1 }]);
    assert.deepEqual(spec.series[2].points, [{ x: 0.1, y: 0.08 }, { x: 0.5, y: 0.52 }, { x: 0.9, y: 0.88 }]);
    assert.equal(spec.series[2].tooltips?.[0], 'predicted 0.1, observed 0.08 (100 rows)');
    assert.equal(spec.x.title, 'Mean predicted P(yes)');
    assert.equal(spec.y.title, 'Share that were yes');
    // Empty bins have no point to place; a multiclass curve is about the top class.
    const topClass = reliabilitySpec({
      ...robustnessFixture().calibration!,
      curve: 'topClass',
      before: undefined,
      bins: [{ count: 0, meanPredicted: Number.NaN, observed: Number.NaN }, { count: 5, meanPredicted: 0.7, observed: 0.6 }],
    });
    assert.equal(topClass.series.length, 2);
    assert.deepEqual(topClass.series[1].points, [{ x: 0.7, y: 0.6 }]);
    assert.equal(topClass.y.title, 'Share classified correctly');
    assert.match(topClass.x.title, /top class/);
  });
});

describe('ExplanationsView robustness tab', () => {
  const rows = (root: HTMLElement, selector: string): string[][] =>
    [...root.querySelectorAll(`${selector} tbody tr`)].map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()));

  function showRobustness(robustness: ExplanationsShowMessage['robustness'], extra: Partial<ExplanationsShowMessage> = {}): ReturnType<typeof mount> {
    const mounted = mount();
    mounted.view.receive({ ...showMessage(binary()), robustness, ...extra });
    mounted.view.selectTab('robustness');
    return mounted;
  }

  it('shows the overall grade and every check as glyph and word, then a section per check', () => {
    const { root, plots } = showRobustness(robustnessFixture());
    assert.equal(root.querySelector('[role="tab"][aria-selected="true"]')?.textContent, 'Robustness');
    assert.equal(root.querySelector('.grade-badge')?.textContent, '⚠ Overall: Warning');
    assert.equal(root.querySelector('.grade-badge .grade-glyph')?.getAttribute('aria-hidden'), 'true');
    assert.deepEqual(texts(root, '.check-list li'), [
      '✓ OK Calibration: Probabilities are well calibrated after isotonic regression (ECE 0.021).',
      '⚠ Warning Weak segments: The model does worse on age > 60 (12% of rows).',
      '✓ OK Perturbation: Small changes to the inputs rarely change the prediction.',
      '✓ OK Stability: Fold scores vary little.',
      '✓ OK Latency: Predictions take well under a millisecond per row.',
    ]);
    assert.deepEqual(texts(root, '.check-list code'), ['age']);
    assert.deepEqual(
      [...root.querySelectorAll('.robustness-section')].map((section) => section.querySelector('h2')?.textContent),
      ['Calibration✓ OK', 'Weak segments⚠ Warning', 'Perturbation✓ OK', 'Stability✓ OK', 'Latency✓ OK', 'Notes'],
    );

    // Calibration: the reliability diagram drawn once the tab is in the page, scores, methods tried.
    assert.equal(plots.drawn.length, 1);
    assert.deepEqual(plots.drawn[0], reliabilitySpec(robustnessFixture().calibration!));
    assert.ok(root.querySelector('.robustness-calibration canvas'));
    assert.equal(
      root.querySelector('.calibration-scores')?.textContent,
      'Brier score 0.132 · ECE 0.021 · calibration kept: isotonic regression (before: Brier 0.15, ECE 0.06)',
    );
    assert.deepEqual(rows(root, '.calibration-methods'), [
      ['none (the model\u2019s own probabilities)', '0.45', ''],
      ['isotonic regression', '0.41', 'kept'],
      ['Platt scaling', '0.42', ''],
    ]);

    assert.deepEqual(rows(root, '.segments'), [['age > 60', '36 (12%)', '0.71 vs 0.86', '⚠ Warning']]);
    assert.deepEqual(rows(root, '.perturbation'), [
      ['income income: at most 4% of labels change.', 'scale +1%', '1%', '✓ OK'],
      ['noise 0.1 sd', '4%'],
      ['10% missing', '2%'],
      ['region region: 8% of labels change when levels are swapped.', 'swap to frequent levels', '8%', '⚠ Warning'],
    ]);
    assert.equal(root.querySelector('.perturbation th.column')?.getAttribute('rowspan'), '3');
    // The largest change fills its bar; the others are on the same scale.
    const fills = [...root.querySelectorAll('.perturbation .meter-fill')].map((fill) => (fill as HTMLElement).style.width);
    assert.deepEqual(fills, ['12.5%', '50%', '25%', '100%']);

    assert.match(root.querySelector('.robustness-stability .facts')?.textContent ?? '', /Fold scores0\.85, 0\.86, 0\.87 \(mean 0\.86 ± 0\.01\)Other seeds0\.86, 0\.855 \(std 0\.0035\)Same rows, same predictionsyesOne row at a time = in a batchyes \(largest difference 0\)/);
    assert.match(root.querySelector('.robustness-latency .facts')?.textContent ?? '', /In a batch0\.004 ms per row \(batches of 1,000 rows\)One row0\.3 ms per predictionModel size46\.9 KiB/);
    assert.equal(root.querySelector('.robustness-shift'), null, 'no new data was compared');
    assert.deepEqual(texts(root, '.robustness-section.notes li'), ['perturbation sampled 500 rows']);
  });

  it('shows data shift when the run compared new data', () => {
    const shift = {
      source: 'new.csv',
      trainingRows: 891,
      newRows: 300,
      auc: 0.74,
      columns: Array.from({ length: 12 }, (_, i) => ({ name: `c${i}`, importance: (12 - i) / 78, aucDrop: (12 - i) / 300 })),
      grade: 'alert' as const,
      sentence: 'New rows are easy to tell from training rows (AUC 0.74).',
    };
    const { root } = showRobustness(robustnessFixture({ shift }));
    const section = root.querySelector('.robustness-shift');
    assert.equal(section?.querySelector('h2')?.textContent, 'Data shift✖ Alert');
    assert.match(section?.querySelector('.facts')?.textContent ?? '', /training data \(891 rows\) with new\.csv \(300 rows\)ROC AUC telling them apart0\.74 \(0\.5: indistinguishable\)/);
    assert.equal(rows(root, '.shift-columns').length, 10);
    assert.deepEqual(rows(root, '.shift-columns')[0], ['c0', '15.4%']);
    assert.match(section?.textContent ?? '', /\+2 more columns/);
  });

  it('words regression changes as mean absolute changes', () => {
    const mounted = mount();
    const regression = explanationsOf({ outputLabels: ['price'], outputSpace: 'value', rows: [0], base: [10], columns: [{ name: 'area', values: [50], shap: [[2]] }] });
    const report = robustnessFixture({ calibration: undefined, perturbation: [{ column: 'area', kind: 'numeric', results: [{ perturbation: 'noise 0.1 sd', change: 1234.5 }], relativeChange: 0.1, grade: 'ok', sentence: 'fine' }] });
    mounted.view.receive({ ...showMessage(regression), robustness: report });
    mounted.view.selectTab('robustness');
    assert.deepEqual(rows(mounted.root, '.perturbation'), [['area fine', 'noise 0.1 sd', '1,235', '✓ OK']]);
    assert.equal(mounted.root.querySelector('.perturbation thead th:nth-child(3)')?.textContent, 'Mean |change|');
  });

  it('says which sections were not measured when the report has only some', () => {
    const partial = robustnessFixture({ grade: 'ok', checks: [], calibration: undefined, segments: [], perturbation: [], stability: undefined, latency: undefined, notes: [] });
    const { root, plots } = showRobustness(partial);
    assert.equal(root.querySelector('.grade-badge')?.textContent, '✓ Overall: OK');
    assert.match(root.querySelector('.robustness-overall')?.textContent ?? '', /No check was run\./);
    assert.match(root.querySelector('.robustness-calibration')?.textContent ?? '', /^CalibrationCalibration was not checked for this model/);
    assert.match(root.querySelector('.robustness-segments')?.textContent ?? '', /No group of rows where the model does notably worse was found\./);
    assert.match(root.querySelector('.robustness-perturbation')?.textContent ?? '', /No column was perturbed/);
    assert.match(root.querySelector('.robustness-stability')?.textContent ?? '', /Stability was not measured/);
    assert.match(root.querySelector('.robustness-latency')?.textContent ?? '', /Prediction time was not measured/);
    assert.equal(root.querySelector('.robustness-section.notes'), null);
    assert.equal(plots.drawn.length, 0);
  });

  it('says when the run predates the checks, when they could not be read, and that a trial has none', () => {
    const older = showRobustness(null);
    assert.equal(older.root.querySelector('.robustness-absent')?.textContent, 'This run predates robustness checks: its folder has no robustness.json.');
    assert.equal(older.root.querySelector('.grade-badge'), null);
    const unread = showRobustness(undefined);
    assert.match(unread.root.querySelector('.robustness-absent')?.textContent ?? '', /could not be read/);
    const trial = showRobustness(undefined, { model: 4 });
    assert.match(trial.root.querySelector('.robustness-absent')?.textContent ?? '', /about the run\u2019s final model/);
  });

  it('shows names and sentences from the report as text, never as markup', () => {
    const report = robustnessFixture({
      checks: [{ check: 'segments', grade: 'alert', sentence: `\`${XSS}\` ${SCRIPT}` }],
      segments: [{ ...robustnessFixture().segments[0], description: XSS, sentence: SCRIPT }],
      perturbation: [{ column: XSS, kind: 'categorical', results: [{ perturbation: SCRIPT, change: 0.1 }], grade: 'warn', sentence: XSS }],
      shift: { source: XSS, trainingRows: 1, newRows: 1, auc: 0.5, columns: [{ name: XSS, importance: 1, aucDrop: 0.01 }], grade: 'ok', sentence: XSS },
      notes: [XSS],
      calibration: { ...robustnessFixture().calibration!, positiveClass: XSS, sentence: `\`${SCRIPT}\`` },
    });
    const { root } = showRobustness(report);
    assert.equal(root.querySelector('img'), null);
    assert.equal(root.querySelector('script'), null);
    assert.deepEqual(texts(root, '.check-list code'), [XSS]);
    assert.equal(rows(root, '.segments')[0][0], XSS);
    assert.equal(root.querySelector('.perturbation .column-name')?.textContent, XSS);
    assert.ok(texts(root, '.perturbation td').includes(SCRIPT));
    assert.equal(rows(root, '.shift-columns')[0][0], XSS);
    assert.deepEqual(texts(root, '.robustness-calibration .check-sentence code'), [SCRIPT]);
    assert.deepEqual(texts(root, '.robustness-section.notes li'), [XSS]);
  });

  it('keeps the Robustness tab for the next view of the panel', () => {
    const first = showRobustness(robustnessFixture());
    const state = first.api.state as ExplanationsPanelState;
    assert.equal(state.tab, 'robustness');
    assert.ok(isExplanationsPanelState(state));
    const second = mount(structuredClone(state));
    second.view.receive({ ...showMessage(binary()), robustness: robustnessFixture() });
    assert.equal(second.view.tab, 'robustness');
    assert.ok(second.root.querySelector('.grade-badge'));
    assert.equal(second.plots.drawn.length, 1);
  });
});
