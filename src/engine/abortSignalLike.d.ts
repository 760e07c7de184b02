/*
 * What the engine needs of a cancellation signal: an `AbortSignal` satisfies it, and so does a
 * worker's view of a shared cancel flag. Its own file (not platform.d.ts) because the webviews
 * see engine types through the protocol and compile with the DOM library, whose globals
 * platform.d.ts would clash with.
 */
interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}
