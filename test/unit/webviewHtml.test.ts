import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, createNonce, escapeHtml, webviewHtml } from '../../src/extension/panels/webviewHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function page(nonce = createNonce(), title = 'Data Profile'): string {
  return webviewHtml({ cspSource: CSP_SOURCE, nonce, scriptUri: `${CSP_SOURCE}/ext/dist/webview/profile.js`, title });
}

function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const directive of content.replace(/&#39;/g, "'").split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    directives.set(name, values);
  }
  return directives;
}

describe('webview HTML', () => {
  it('creates fresh base64 nonces of 128 bits', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) assert.equal(Buffer.from(nonce, 'base64').length, 16);
  });

  it('has a strict CSP: nothing by default, scripts only by nonce', () => {
    const nonce = createNonce();
    const csp = cspOf(page(nonce));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE, `'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.deepEqual(csp.get('font-src'), [CSP_SOURCE]);
    const all = [...csp.values()].flat().join(' ');
    assert.doesNotMatch(all, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(contentSecurityPolicy(CSP_SOURCE, nonce).split('; ').length, 5);
  });

  it('loads exactly one script, with the nonce and from the extension', () => {
    const nonce = createNonce();
    const html = page(nonce);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0], `<script nonce="${nonce}" src="${CSP_SOURCE}/ext/dist/webview/profile.js">`);
    // No inline script body, no inline handlers, no inline styles.
    assert.match(html, /<script [^>]*><\/script>/);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /<style|style=/);
    assert.match(html, /<main id="root"><\/main>/);
  });

  it('escapes text it puts into the page', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    assert.match(page(createNonce(), '<img src=x onerror=alert(1)>'), /<title>&#60;img src=x onerror=alert\(1\)&#62;<\/title>/);
  });

  it('rejects a nonce that could break out of its attribute', () => {
    assert.throws(() => page('abc" onload="x'), RangeError);
  });
});
