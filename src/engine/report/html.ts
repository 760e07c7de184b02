/**
 * HTML built so that data cannot become markup: the `html` tag escapes every interpolated string
 * and number, and only values that are themselves `Html` (made by this tag or by `trusted` for
 * the report's own constant CSS and script) pass through. A column named `<script>` therefore
 * reaches the page as text whichever section or chart shows it.
 */

/** A fragment of markup that is safe to insert as is. */
export interface Html {
  readonly html: string;
}

/** What may be interpolated: markup, text (escaped), lists of either, or nothing (`undefined`, `false`, `null`). */
export type HtmlPart = Html | string | number | readonly HtmlPart[] | undefined | null | false;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function isHtml(part: unknown): part is Html {
  return typeof part === 'object' && part !== null && !Array.isArray(part) && typeof (part as Html).html === 'string';
}

function partText(part: HtmlPart): string {
  if (part === undefined || part === null || part === false) return '';
  if (typeof part === 'string') return escapeHtml(part);
  if (typeof part === 'number') return escapeHtml(String(part));
  if (isHtml(part)) return part.html;
  return (part as readonly HtmlPart[]).map(partText).join('');
}

/** Tagged template: the literal parts are markup, every interpolation is escaped unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...parts: readonly HtmlPart[]): Html {
  let out = strings[0];
  for (let i = 0; i < parts.length; i++) out += partText(parts[i]) + strings[i + 1];
  return { html: out };
}

/** Fragments (or text, escaped) one after the other. */
export function join(parts: readonly HtmlPart[], separator: HtmlPart = ''): Html {
  const sep = partText(separator);
  return { html: parts.map(partText).filter((p) => p !== '').join(sep) };
}

/**
 * Markup written by this module's authors, never by data: the report's stylesheet and script.
 * Callers pass constants only.
 */
export function trusted(markup: string): Html {
  return { html: markup };
}

/**
 * Plain text with the insight sentences' `code` spans shown as code: escaped first, so the only
 * markup added is the `<code>` pairs.
 */
export function withCodeSpans(text: string): Html {
  return { html: escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>') };
}
