/**
 * Reloads a webview page that never said `ready`. VS Code's web build can lose the request for a
 * webview's script when two webviews open at once while its webview service worker registers
 * (seen in code-server: the page stays blank for good, the worker answering 408 after 30 s);
 * setting the page again makes a fresh request. A page that is hidden, or slow but alive, is
 * reloaded at most twice, which costs nothing but a reload.
 */

/** How long a page may stay silent before it is loaded again. */
export const READY_TIMEOUT_MS = 12_000;
const MAX_RELOADS = 2;

/**
 * Calls `reload` when `isReady()` is still false `READY_TIMEOUT_MS` after now (and again after
 * each reload, up to twice). Returns a function that stops watching.
 */
export function watchReady(isReady: () => boolean, reload: (attempt: number) => void, timeoutMs = READY_TIMEOUT_MS): () => void {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    timer = undefined;
    if (isReady() || attempt >= MAX_RELOADS) return;
    attempt++;
    reload(attempt);
    schedule();
  };
  // Never keeps the extension host (or a test process) alive on its own.
  const schedule = (): void => {
    timer = setTimeout(check, timeoutMs);
    (timer as { unref?: () => void }).unref?.();
  };
  schedule();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}
