/**
 * Where the cursor is in a spec being typed, from indentation: YAML that is half written often
 * does not parse into the keys around the cursor (a blank indented line belongs to no key), so
 * completions read the lines above instead. `keyPathAt` (the engine's) serves hovers, which sit on
 * text that is written.
 */
import type { Position } from 'vscode-languageserver';
import type { KeyPath } from '../engine/spec/checkSchema';

/** A key path being typed, and whether a key or its value is being typed. */
export interface KeyContext {
  /** For `key`: the parent mapping's path; for `value`: the key's path (a list item's ends in 0). */
  readonly path: KeyPath;
  readonly part: 'key' | 'value';
}

const KEY_LINE = /^(\s*)(?:-\s+)?([^\s#:'"[{][^:#]*?|"[^"]*"|'[^']*'):(?:\s|$)/;

/** The keys of the mappings that hold a line indented by `indent`, outermost first. */
function parentKeys(lines: readonly string[], line: number, indent: number): string[] {
  const path: string[] = [];
  let current = indent;
  for (let l = line - 1; l >= 0 && current > 0; l--) {
    const text = lines[l];
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const match = KEY_LINE.exec(text);
    const own = text.length - text.trimStart().length;
    if (own >= current) continue;
    if (match === null) break;
    path.unshift(unquote(match[2].trim()));
    current = own;
  }
  return path;
}

function unquote(key: string): string {
  return /^(".*"|'.*')$/.test(key) ? key.slice(1, -1) : key;
}

/** What is being typed at `position`, or undefined (in a comment, past a scalar on a line of its own, …). */
export function keyContextAt(text: string, position: Position): KeyContext | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const lineText = lines[position.line] ?? '';
  const before = lineText.slice(0, position.character);
  if (before.includes('#')) return undefined;
  const typingKey = /^(\s*)(-\s*)?([\w.-]*)$/.exec(before);
  if (typingKey !== null) {
    const indent = typingKey[1].length;
    const parent = parentKeys(lines, position.line, indent === 0 && typingKey[2] !== undefined ? 1 : indent);
    if (typingKey[2] !== undefined) return { path: [...parent, 0], part: 'value' };
    return { path: parent, part: 'key' };
  }
  const keyValue = KEY_LINE.exec(before);
  if (keyValue !== null) {
    const indent = keyValue[1].length;
    const path = [...parentKeys(lines, position.line, indent), unquote(keyValue[2].trim())];
    const value = before.slice(keyValue[0].length).trimStart();
    return value.startsWith('[') ? { path: [...path, 0], part: 'value' } : { path, part: 'value' };
  }
  return undefined;
}

/**
 * Whether the key path holds a column name: in its value (`target`, `validation.group`,
 * `validation.time`, an `exclude` item) or as its key (a key of `types`). Undefined otherwise.
 */
export function columnPathKind(path: KeyPath): 'value' | 'key' | undefined {
  const [first, second] = path;
  if (path.length === 1 && first === 'target') return 'value';
  if (path.length === 2 && first === 'validation' && (second === 'group' || second === 'time')) return 'value';
  if (first === 'exclude' && (path.length === 1 || (path.length === 2 && typeof second === 'number'))) return 'value';
  if (path.length === 2 && first === 'types' && typeof second === 'string') return 'key';
  return undefined;
}
