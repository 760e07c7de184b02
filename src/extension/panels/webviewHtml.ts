/**
 * The HTML shell of every webview panel: a strict Content Security Policy, one nonce'd script
 * and a root element. Free of `vscode` so unit tests can check the policy under plain Node.
 *
 * The policy allows scripts only with the page's nonce, styles from the extension's webview
 * resources or with the nonce (the view injects its bundled stylesheet as a nonce'd `<style>`),
 * images from the extension and `data:` URLs, fonts from the extension, and nothing else: no
 * inline script, no `eval`, no network.
 */
import { randomBytes } from 'node:crypto';

/** What a panel's HTML needs from its webview. */
export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin of resources loaded through `asWebviewUri`. */
  readonly cspSource: string;
  /** A fresh {@link createNonce} per page load. */
  readonly nonce: string;
  /** `webview.asWebviewUri(...)` of the panel's bundle (`dist/webview/<panel>.js`), as a string. */
  readonly scriptUri: string;
  /** The document title (screen readers announce it). */
  readonly title: string;
}

/** 128 random bits, base64: unguessable by content injected into the page. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of a panel page. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** The panel page: the CSP, an empty `<main id="root">` and the panel's script. */
export function webviewHtml({ cspSource, nonce, scriptUri, title }: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new RangeError('A nonce must be base64 text.');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="root"></main>
<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}

/**
 * `text` safe inside a double-quoted attribute value; leaves `'` readable, which the CSP's
 * keywords are full of.
 */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `text` safe inside HTML text and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
