/**
 * Entry point of the Leaderboard webview (bundled to dist/webview/leaderboard.js). The only
 * module with side effects: it registers the vscode-elements it uses, injects the stylesheet,
 * connects the view to the host, starts the run clock and says `ready`.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { LeaderboardPanelState, LeaderboardToHost, LeaderboardToView } from '../../src/protocol/webview';
import { injectStyles, scriptNonce } from '../shared/dom';
import { acquireTypedVsCodeApi } from '../shared/vscodeApi';
import { ChartJsScoreRenderer } from './chartJsScoreRenderer';
import baseCss from '../shared/base.css';
import virtualTableCss from '../shared/virtualTable.css';
import css from './leaderboard.css';
import { LeaderboardView } from './leaderboardView';
import { onThemeChange } from '../shared/theme';

// Lit adopts constructed stylesheets; where it has to fall back to <style> it uses this nonce.
(window as Window & { litNonce?: string }).litNonce = scriptNonce();
injectStyles(`${baseCss}\n${virtualTableCss}\n${css}`);

const api = acquireTypedVsCodeApi<LeaderboardToHost, LeaderboardPanelState>();
const charts = new ChartJsScoreRenderer();
const root = document.getElementById('root') ?? document.body;
const view = new LeaderboardView(root, api, charts);

window.addEventListener('message', (event: MessageEvent<LeaderboardToView>) => {
  // Only the host posts to this window; a malformed message is a bug worth seeing in devtools.
  if (typeof event.data === 'object' && event.data !== null && 'kind' in event.data) view.receive(event.data);
});

// The host reports time only when something happens; between messages the view counts on.
setInterval(() => view.tick(), 1000);

onThemeChange(() => charts.refreshTheme());

api.postMessage({ kind: 'ready' });
