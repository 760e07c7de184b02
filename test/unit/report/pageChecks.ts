/** Checks of a rendered report page's markup shared by the report tests. */

/** Every start tag of the page. Data is escaped, so a `<` followed by a letter is always markup. */
export function startTags(page: string): string[] {
  return page.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

/** The attributes of a start tag, read one after the other so that quoted values are skipped whole. */
export function attributes(tag: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const pattern = /\s+([^\s=>/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/gy;
  pattern.lastIndex = (/^<[a-zA-Z][^\s>/]*/.exec(tag)?.[0].length ?? 0);
  for (let m = pattern.exec(tag); m !== null; m = pattern.exec(tag)) {
    out.push({ name: m[1].toLowerCase(), value: (m[2] ?? '').replace(/^["']|["']$/g, '') });
  }
  return out;
}

/**
 * What in the page could make a browser fetch something: attributes pointing anywhere but an
 * anchor of the page (`src`, `href`, `srcset`, `action`, …), `url(…)` and `@import` in styles, and
 * any `http://`, `https://` or protocol-relative `//` reference at all.
 */
export function externalReferences(page: string): string[] {
  const found: string[] = [];
  const fetching = new Set(['src', 'href', 'xlink:href', 'srcset', 'action', 'formaction', 'poster', 'background', 'data', 'ping', 'manifest']);
  for (const tag of startTags(page)) {
    for (const { name, value } of attributes(tag)) {
      if (fetching.has(name) && !(name === 'href' && value.startsWith('#'))) found.push(tag);
    }
  }
  for (const style of page.match(/<style[^>]*>[\s\S]*?<\/style>/gi) ?? []) {
    if (/url\s*\(|@import/i.test(style)) found.push('url() or @import in a stylesheet');
  }
  for (const m of page.matchAll(/https?:\/\/[^\s"'<)]*/gi)) found.push(m[0]);
  for (const m of page.matchAll(/=\s*["']?\/\/[^\s"'>]*/g)) found.push(m[0]);
  return found;
}
