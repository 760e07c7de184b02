/**
 * Which key of a spec file a position is on, for hovers and completions: `schemaAt(path)` then
 * says what goes there.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { KeyPath } from './checkSchema';
import { LineMap, type Position } from './textPosition';

/** A key path, and whether the position is on the key itself or in its value. */
export interface KeyAtPosition {
  readonly path: KeyPath;
  readonly part: 'key' | 'value';
}

/**
 * The key path at `position` in `text` (`['validation', 'folds']`, `['learners', 1]`), on the key
 * or in its value (also right after `key:` with no value yet); undefined outside every key.
 */
export function keyPathAt(text: string, position: Position): KeyAtPosition | undefined {
  const lines = new LineMap(text);
  const offset = lines.offset(position);
  const doc = parseDocument(text, { prettyErrors: false });
  return find(doc.contents as Node | null, [], offset, text, lines);
}

function within(node: Node | null | undefined, offset: number): boolean {
  const range = node?.range;
  // The end is included: the cursor sits there while typing.
  return range !== undefined && range !== null && range[0] <= offset && offset <= range[1];
}

function find(node: Node | null, path: KeyPath, offset: number, text: string, lines: LineMap): KeyAtPosition | undefined {
  if (isMap(node)) {
    const at = lines.position(offset);
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || key.range === undefined || key.range === null) continue;
      const childPath = [...path, String(key.value)];
      if (within(key, offset)) return { path: childPath, part: 'key' };
      const value = pair.value as Node | null;
      // A block value's range runs to the next key; a line indented no deeper than the key is not in it.
      const keyAt = lines.position(key.range[0]);
      const outdented = at.line > keyAt.line && at.character <= keyAt.character && text.slice(offset - at.character, offset).trim() === '';
      if (!outdented && within(value, offset) && (value?.range?.[1] ?? 0) > (value?.range?.[0] ?? 0)) {
        return find(value, childPath, offset, text, lines) ?? { path: childPath, part: 'value' };
      }
      // `key:` with nothing after it yet: the rest of the key's line is its value.
      const empty = value === null || (isScalar(value) && value.value === null);
      if (empty && offset > key.range[1] && !text.slice(key.range[1], offset).includes('\n')) return { path: childPath, part: 'value' };
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      if (within(item as Node, offset)) return find(item as Node, [...path, index], offset, text, lines) ?? { path: [...path, index], part: 'value' };
    }
    return undefined;
  }
  return undefined;
}
