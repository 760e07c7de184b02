/**
 * Entry point of the Explanations webview (bundled to dist/webview/explanations.js). The only
 * module with side effects: it registers the vscode-elements it uses, injects the stylesheet,
 * connects the view to the host and says `ready`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ExplanationsPanelState, ExplanationsToHost, ExplanationsToView } from '../../src/protocol/webview';
import barListCss from '../shared/barList.css';
import { injectStyles, scriptNonce } from '../shared/dom';
import { acquireTypedVsCodeApi } from '../shared/vscodeApi';
import { ChartJsPlotRenderer } from './chartJsPlotRenderer';
import baseCss from '../shared/base.css';
import css from './explanations.css';
import { ExplanationsView } from './explanationsView';
import { onThemeChange } from '../shared/theme';

// Lit adopts constructed stylesheets; where it has to fall back to <style> it uses this nonce.
(window as Window & { litNonce?: string }).litNonce = scriptNonce();
injectStyles(`${baseCss}\n${barListCss}\n${css}`);

const api = acquireTypedVsCodeApi<ExplanationsToHost, ExplanationsPanelState>();
const plots = new ChartJsPlotRenderer();
const root = document.getElementById('root') ?? document.body;
const view = new ExplanationsView(root, api, plots);

window.addEventListener('message', (event: MessageEvent<ExplanationsToView>) => {
  // Only the host posts to this window; a malformed message is a bug worth seeing in devtools.
  if (typeof event.data === 'object' && event.data !== null && 'kind' in event.data) view.receive(event.data);
});

onThemeChange(() => plots.refreshTheme());

api.postMessage({ kind: 'ready' });
