/**
 * Entry point of the Data Profile webview (bundled to dist/webview/profile.js). The only module
 * with side effects: it registers the vscode-elements it uses, injects the stylesheet, connects
 * the view to the host and says `ready`.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ProfileToView, ProfilePanelState, ProfileToHost } from '../../src/protocol/webview';
import { injectStyles, scriptNonce } from '../shared/dom';
import { acquireTypedVsCodeApi } from '../shared/vscodeApi';
import { ChartJsRenderer } from './chartJsRenderer';
import baseCss from '../shared/base.css';
import virtualTableCss from '../shared/virtualTable.css';
import css from './profile.css';
import { ProfileView } from './profileView';
import { onThemeChange } from '../shared/theme';

// Lit adopts constructed stylesheets; where it has to fall back to <style> it uses this nonce.
(window as Window & { litNonce?: string }).litNonce = scriptNonce();
injectStyles(`${baseCss}\n${virtualTableCss}\n${css}`);

const api = acquireTypedVsCodeApi<ProfileToHost, ProfilePanelState>();
const charts = new ChartJsRenderer();
const root = document.getElementById('root') ?? document.body;
const view = new ProfileView(root, api, charts);

window.addEventListener('message', (event: MessageEvent<ProfileToView>) => {
  // Only the host posts to this window; a malformed message is a bug worth seeing in devtools.
  if (typeof event.data === 'object' && event.data !== null && 'kind' in event.data) view.receive(event.data);
});

onThemeChange(() => charts.refreshTheme());

api.postMessage({ kind: 'ready' });
