/**
 * What the webview unit tests share: a linkedom page whose globals the views use (as they use a
 * webview's), and a host bridge that records what a view posts and keeps its state.
 */
/// <reference lib="dom" />
import { parseHTML } from 'linkedom';
import type { VsCodeApi } from '../../../webview/shared/vscodeApi';

export type TestWindow = ReturnType<typeof parseHTML>['window'];

/** A fresh page with an empty `<main id="root">`; its `document`, `Element`, `HTMLElement` and `Node` become globals. */
export function installTestDom(): TestWindow {
  const { window } = parseHTML('<!DOCTYPE html><html><head></head><body><main id="root"></main></body></html>');
  Object.assign(globalThis, {
    document: window.document,
    Element: window.Element,
    HTMLElement: window.HTMLElement,
    Node: window.Node,
  });
  return window;
}

/** A host bridge that records posted messages and keeps the view's state (optionally preset). */
export class RecordingApi<Out, State> implements VsCodeApi<Out, State> {
  readonly posted: Out[] = [];
  constructor(public state: unknown = undefined) {}
  postMessage(message: Out): void {
    this.posted.push(message);
  }
  getState(): unknown {
    return this.state;
  }
  setState(state: State): void {
    this.state = state;
  }
}
