/**
 * The `default` of an exhaustive `switch` over a message union (the webview twin of the
 * protocol's `assertNever`, which webviews may not import at run time).
 */
export function unreachable(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
