/**
 * A small element builder. Data only ever reaches the DOM as text nodes, `textContent` or
 * attribute values, never as markup: there is no `innerHTML` anywhere in the webviews.
 */

/** What can be a child: nodes as they are, strings and numbers as text nodes; the rest is skipped. */
export type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  /** Space-separated class names. */
  readonly class?: string;
  /** Attributes, set with `setAttribute` (so values are never parsed as markup). */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Event listeners by event type. */
  readonly on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `<tag>` with `props` and `children`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: ElementProps | null,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, props?: ElementProps | null, ...children: Child[]): HTMLElement;
export function h(tag: string, props?: ElementProps | null, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  apply(element, props, children);
  return element;
}

/** An SVG element (for inline mini charts), built like {@link h}. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  props?: ElementProps | null,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  apply(element, props, children);
  return element;
}

function apply(element: Element, props: ElementProps | null | undefined, children: readonly Child[]): void {
  if (props?.class) element.setAttribute('class', props.class);
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    // Inline handlers would be script built from data; listeners go through `on`.
    if (/^on/i.test(name)) throw new TypeError(`Event handler attributes are not allowed: ${name}`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(props?.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, children);
}

/** Appends `children` to `parent` (strings as text nodes). */
export function append(parent: ParentNode, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces all of `parent`'s children with `children`. */
export function replaceChildren(parent: Element | DocumentFragment, ...children: Child[]): void {
  while (parent.firstChild !== null) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/**
 * Adds `css` to the page as a `<style>` carrying the nonce of the running script, so a strict
 * Content Security Policy (`style-src 'nonce-…'`, no `'unsafe-inline'`) accepts it. Call it
 * while the entry script runs (when `document.currentScript` is set).
 */
export function injectStyles(css: string): void {
  const style = document.createElement('style');
  const nonce = scriptNonce();
  if (nonce !== '') style.nonce = nonce;
  style.textContent = css;
  document.head.append(style);
}

/** The nonce of the running script ('' if none), for libraries that create their own `<style>`. */
export function scriptNonce(): string {
  const script = document.currentScript ?? document.querySelector('script[nonce]');
  return script instanceof HTMLElement ? (script.nonce ?? '') : '';
}
