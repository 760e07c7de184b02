/**
 * The engine's plain-language sentences (insights, robustness checks, feature decisions) mark
 * column names with backticks; this shows them as `<code>`.
 */
import { h, type Child } from './dom';

/**
 * A sentence with its `backticked` names as `<code>`: the text is split, never parsed, so every
 * part stays a text node.
 */
export function sentence(text: string): Child[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', null, part) : part));
}
