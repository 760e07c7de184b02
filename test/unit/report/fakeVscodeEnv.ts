/**
 * What Open Report needs of `vscode` beyond the shared fakes: `env` (where VS Code runs, and
 * `openExternal`, answered by the test) and the options `createWebviewPanel` was given. Import it
 * after ../fakes/fakeVscode and before any module that imports `vscode`: bundled modules copy the
 * fake's properties when they first import it.
 */
import { fakeVscode, type FakePanel, type FakeUri } from '../fakes/fakeVscode';

/** What the command needs of `vscode.env` and `createWebviewPanel`'s options, answered by the test. */
export const env = { remoteName: undefined as string | undefined, uiKind: 1, openedExternally: [] as string[], openExternalResult: true };
export const panelOptions: unknown[] = [];
Object.assign(fakeVscode, {
  UIKind: { Desktop: 1, Web: 2 },
  env: {
    get remoteName() {
      return env.remoteName;
    },
    get uiKind() {
      return env.uiKind;
    },
    openExternal(uri: FakeUri): Promise<boolean> {
      env.openedExternally.push(uri.fsPath);
      return Promise.resolve(env.openExternalResult);
    },
  },
});
const createPanel = fakeVscode.window.createWebviewPanel;
fakeVscode.window.createWebviewPanel = (viewType: string, title: string, ...rest: unknown[]): FakePanel => {
  panelOptions.push(rest[1]);
  return createPanel(viewType, title);
};
