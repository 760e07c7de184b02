/**
 * The webview side of VS Code's host bridge, typed by one panel's protocol.
 *
 * `acquireVsCodeApi` may be called only once per page, so a panel's entry point acquires it and
 * hands it to the code that needs it; that code depends on the {@link VsCodeApi} interface only,
 * which unit tests implement with a stub.
 */

/** What a panel may use of the host bridge: post `Out` messages and keep `State` across hide/show. */
export interface VsCodeApi<Out, State> {
  postMessage(message: Out): void;
  /**
   * What the last `setState` stored, possibly by an older version of the view (or `undefined`):
   * readers check it before use.
   */
  getState(): unknown;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown, unknown>;

/** Acquires the bridge; call once per page, from the panel's entry point. */
export function acquireTypedVsCodeApi<Out, State>(): VsCodeApi<Out, State> {
  return acquireVsCodeApi();
}
