/**
 * Entry point of the Feature Importance side view (bundled to dist/webview/importance.js). The
 * only module with side effects: it registers the vscode-elements it uses, injects the
 * stylesheet, connects the view to the host and says `ready`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ImportanceToHost, ImportanceToView } from '../../src/protocol/webview';
import barListCss from '../shared/barList.css';
import { injectStyles, scriptNonce } from '../shared/dom';
import { acquireTypedVsCodeApi } from '../shared/vscodeApi';
import baseCss from '../shared/base.css';
import css from './importance.css';
import { ImportanceView } from './importanceView';

// Lit adopts constructed stylesheets; where it has to fall back to <style> it uses this nonce.
(window as Window & { litNonce?: string }).litNonce = scriptNonce();
injectStyles(`${baseCss}\n${barListCss}\n${css}`);

// The view keeps no state: the host answers every `ready` with the selected model's importance.
const api = acquireTypedVsCodeApi<ImportanceToHost, never>();
const root = document.getElementById('root') ?? document.body;
const view = new ImportanceView(root, api);

window.addEventListener('message', (event: MessageEvent<ImportanceToView>) => {
  // Only the host posts to this window; a malformed message is a bug worth seeing in devtools.
  if (typeof event.data === 'object' && event.data !== null && 'kind' in event.data) view.receive(event.data);
});

api.postMessage({ kind: 'ready' });
