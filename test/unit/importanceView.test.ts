// The Feature Importance view is browser code: this test type-checks it with the DOM library and
// runs it on linkedom (a light server-side DOM) with a stub host bridge.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isImportanceToHost, type ImportanceBar, type ImportanceShowMessage, type ImportanceToHost } from '../../src/protocol/webview';
import { IMPORTANCE_VIEW_BARS, ImportanceView, importanceValueText } from '../../webview/importance/importanceView';
import { barPercent } from '../../webview/shared/barList';
import { installTestDom, RecordingApi, type TestWindow } from './fakes/webviewDom';

const XSS = '<img src=x onerror=alert(1)>';

let window: TestWindow;

before(() => {
  window = installTestDom();
});

class StubApi extends RecordingApi<ImportanceToHost, never> {}

function mount(): { root: HTMLElement; view: ImportanceView; api: StubApi } {
  const root = window.document.createElement('main') as unknown as HTMLElement;
  window.document.body.append(root as unknown as Node & ChildNode);
  const api = new StubApi();
  return { root, view: new ImportanceView(root, api), api };
}

function showMessage(bars: readonly ImportanceBar[], extra: Partial<ImportanceShowMessage> = {}): ImportanceShowMessage {
  return {
    kind: 'importance/show',
    runName: '20250101-000000-titanic',
    model: 'final',
    modelLabel: 'gbdt 0.60 + knn 0.40',
    measure: 'mean |SHAP| (probability)',
    bars,
    ...extra,
  };
}

function click(element: Element | null): void {
  assert.ok(element, 'element to click exists');
  element.dispatchEvent(new window.Event('click', { bubbles: true }) as unknown as Event);
}

describe('ImportanceView', () => {
  it('shows the model, the measure and one DOM bar per column with widths in percent', () => {
    const { root, view } = mount();
    assert.match(root.textContent ?? '', /Loading/);
    view.receive(showMessage([
      { column: 'sex', value: 0.2 },
      { column: 'passengerClass', value: 0.1, std: 0.02 },
      { column: 'age', value: 0.05 },
    ]));
    assert.equal(root.querySelector('.model')?.textContent, 'gbdt 0.60 + knn 0.40');
    assert.match(root.querySelector('.run')?.textContent ?? '', /20250101-000000-titanic · final model/);
    assert.equal(root.querySelector('.measure')?.textContent, 'mean |SHAP| (probability)');
    const bars = [...root.querySelectorAll('.bar-item')];
    assert.deepEqual(bars.map((b) => b.getAttribute('data-column')), ['sex', 'passengerClass', 'age']);
    assert.deepEqual(bars.map((b) => (b.querySelector('.bar-fill') as HTMLElement).style.width), ['100%', '50%', '25%']);
    assert.deepEqual(bars.map((b) => b.querySelector('.bar-value')?.textContent), ['0.2', '0.1 ± 0.02', '0.05']);
    const whisker = bars[1].querySelector('.bar-whisker') as HTMLElement;
    assert.equal(whisker.style.left, '40%');
    assert.equal(whisker.style.width, '20%');
    assert.equal(root.querySelector('canvas'), null, 'plain DOM, no canvas');
    assert.equal(root.querySelector('ol.bar-list')?.getAttribute('aria-label'), 'Importance per column: mean |SHAP| (probability)');
  });

  it('shows the top 25 and a "+N more" button for the rest', () => {
    const { root, view } = mount();
    view.receive(showMessage(Array.from({ length: 40 }, (_, i) => ({ column: `c${i}`, value: 40 - i }))));
    assert.equal(root.querySelectorAll('.bar-item').length, IMPORTANCE_VIEW_BARS);
    assert.equal(root.querySelector('.bar-more')?.textContent, '+15 more');
    click(root.querySelector('.bar-more'));
    assert.equal(root.querySelectorAll('.bar-item').length, 40);
  });

  it('posts explanations/open for the shown model', () => {
    const { root, view, api } = mount();
    view.receive(showMessage([{ column: 'x', value: 1 }], { model: 12, modelLabel: 'knn' }));
    assert.match(root.querySelector('.run')?.textContent ?? '', /trial 12/);
    click(root.querySelector('.open-explanations'));
    assert.deepEqual(api.posted, [{ kind: 'explanations/open', model: 12 }]);
    assert.ok(isImportanceToHost(api.posted[0]));
  });

  it('shows the empty state message', () => {
    const { root, view } = mount();
    view.receive(showMessage([{ column: 'x', value: 1 }]));
    view.receive({ kind: 'importance/empty', message: 'Select a model in the leaderboard to see its importance.' });
    assert.equal(root.querySelector('.bar-item'), null);
    assert.match(root.textContent ?? '', /Select a model in the leaderboard/);
  });

  it('renders markup in data as text', () => {
    const { root, view } = mount();
    view.receive(showMessage([{ column: XSS, value: 1 }], { modelLabel: XSS, runName: XSS, measure: XSS }));
    assert.equal(root.querySelector('img'), null);
    assert.equal(root.querySelector('.bar-label')?.textContent, XSS);
    assert.equal(root.querySelector('.model')?.textContent, XSS);
    assert.equal(root.querySelector('.bar-item')?.getAttribute('data-column'), XSS);
    view.receive({ kind: 'importance/empty', message: XSS });
    assert.equal(root.querySelector('img'), null);
    assert.ok((root.textContent ?? '').includes(XSS));
  });

  it('draws negative and zero importance as empty bars', () => {
    const { root, view } = mount();
    view.receive(showMessage([{ column: 'a', value: 0.5 }, { column: 'b', value: -0.1 }, { column: 'c', value: 0 }]));
    const widths = [...root.querySelectorAll('.bar-fill')].map((f) => (f as HTMLElement).style.width);
    assert.deepEqual(widths, ['100%', '0%', '0%']);
    assert.ok(root.querySelectorAll('.bar-item')[1].classList.contains('negative'));
    assert.equal(barPercent(1, 0), 0);
    assert.equal(barPercent(NaN, 1), 0);
    assert.equal(barPercent(3, 2), 100);
    assert.equal(importanceValueText(0.5, undefined), '0.5');
  });
});
