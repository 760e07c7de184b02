/**
 * Entry point of the Monitoring webview (bundled to dist/webview/monitoring.js). The only module
 * with side effects: it registers the vscode-elements it uses, injects the stylesheet, connects
 * the view to the host and says `ready`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { MonitoringPanelState, MonitoringToHost, MonitoringToView } from '../../src/protocol/webview';
import { injectStyles, scriptNonce } from '../shared/dom';
import { acquireTypedVsCodeApi } from '../shared/vscodeApi';
import { onThemeChange } from '../shared/theme';
import baseCss from '../shared/base.css';
import css from './monitoring.css';
import { ChartJsMonitorRenderer } from './chartJsMonitorRenderer';
import { MonitoringView } from './monitoringView';

// Lit adopts constructed stylesheets; where it has to fall back to <style> it uses this nonce.
(window as Window & { litNonce?: string }).litNonce = scriptNonce();
injectStyles(`${baseCss}\n${css}`);

const api = acquireTypedVsCodeApi<MonitoringToHost, MonitoringPanelState>();
const charts = new ChartJsMonitorRenderer();
const view = new MonitoringView(document.getElementById('root') ?? document.body, api, charts);

window.addEventListener('message', (event: MessageEvent<MonitoringToView>) => {
  if (typeof event.data === 'object' && event.data !== null && 'kind' in event.data) view.receive(event.data);
});

onThemeChange(() => charts.refreshTheme());

api.postMessage({ kind: 'ready' });
