/**
 * The Feature Importance side view: the selected model's importance per column as DOM bars
 * (readable in a narrow side bar), with an "Open explanations" button for that model.
 *
 * No top-level side effects and no globals besides `document`: the entry point (`index.ts`)
 * wires it to the page, and unit tests drive it under a test DOM with a stub host.
 */
import type { ImportanceShowMessage, ImportanceToHost, ImportanceToView } from '../../src/protocol/webview';
import { barList } from '../shared/barList';
import { h, replaceChildren } from '../shared/dom';
import { formatNumber } from '../shared/format';
import { unreachable } from '../shared/unreachable';
import type { VsCodeApi } from '../shared/vscodeApi';

/** Bars shown before "+N more". */
export const IMPORTANCE_VIEW_BARS = 25;

/** The bar's value as text: "0.162", or "0.162 ± 0.012" when the method measured a spread. */
export function importanceValueText(value: number, std: number | undefined): string {
  return std === undefined ? formatNumber(value) : `${formatNumber(value)} ± ${formatNumber(std)}`;
}

export class ImportanceView {
  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi<ImportanceToHost, never>,
  ) {
    replaceChildren(root, h('p', { class: 'muted hint' }, 'Loading feature importance…'));
  }

  /** Handles one message from the host. */
  receive(message: ImportanceToView): void {
    switch (message.kind) {
      case 'importance/show':
        this.show(message);
        return;
      case 'importance/empty':
        replaceChildren(this.root, h('div', { class: 'empty' }, h('p', { class: 'muted' }, message.message)));
        return;
      default:
        unreachable(message);
    }
  }

  private show({ runName, model, modelLabel, measure, bars }: ImportanceShowMessage): void {
    const items = bars.map((bar) => ({
      label: bar.column,
      value: bar.value,
      std: bar.std,
      valueText: importanceValueText(bar.value, bar.std),
    }));
    replaceChildren(this.root,
      h('header', { class: 'header' },
        h('h2', { class: 'model', attrs: { title: modelLabel } }, modelLabel),
        h('p', { class: 'muted run', attrs: { title: runName } }, model === 'final' ? `${runName} · final model` : `${runName} · trial ${model}`),
        h('p', { class: 'measure' }, measure),
        // At the top: a long list would push it out of a short side bar.
        h('div', { class: 'actions' },
          h('vscode-button', {
            class: 'open-explanations',
            attrs: { title: `Open the Explanations panel for ${modelLabel}` },
            on: { click: () => this.api.postMessage({ kind: 'explanations/open', model }) },
          }, 'Open explanations'),
        ),
      ),
      items.length > 0
        ? barList(items, { label: `Importance per column: ${measure}`, limit: IMPORTANCE_VIEW_BARS, className: 'importance-bars' })
        : h('p', { class: 'muted' }, 'No column has an importance to show.'),
    );
  }
}
