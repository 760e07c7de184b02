/**
 * Helpers that write TypeScript source text: literals that survive a round trip exactly and wrap
 * at a readable width. Every generator in this folder writes through them, so the exported module
 * has one style (two-space indent, single quotes, lines under about 100 characters).
 */

/** Width the array literals wrap at (not counting indentation). */
const LINE_WIDTH = 96;

/** A string literal in single quotes (JSON escaping, which TypeScript reads back exactly). */
export function stringLiteral(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/**
 * A number as the shortest text that reads back to the same double (`String` does that), with
 * the non-finite values spelled as expressions.
 */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/** Items joined with ', ' and wrapped: one line when short, else indented lines of about LINE_WIDTH. */
export function wrapItems(items: readonly string[], indent: string): string {
  const flat = items.join(', ');
  if (flat.length + indent.length <= LINE_WIDTH) return flat;
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line.length > 0 && line.length + item.length + 2 > LINE_WIDTH) {
      lines.push(`${line},`);
      line = item;
    } else {
      line = line.length === 0 ? item : `${line}, ${item}`;
    }
  }
  if (line.length > 0) lines.push(line);
  return `\n${lines.map((l) => `${indent}  ${l}`).join('\n')}\n${indent}`;
}

/** `[a, b, …]` of numbers, wrapped. */
export function numberArray(values: ArrayLike<number>, indent = ''): string {
  return `[${wrapItems(Array.from(values, numberLiteral), indent)}]`;
}

/** `[a, b, …]` of strings, wrapped. */
export function stringArray(values: readonly string[], indent = ''): string {
  return `[${wrapItems(values.map(stringLiteral), indent)}]`;
}

/** The element type a typed array literal is written as. */
export type TypedArrayKind = 'Float64Array' | 'Float32Array' | 'Int32Array' | 'Uint32Array' | 'Int16Array' | 'Uint16Array' | 'Uint8Array' | 'Int8Array';

/**
 * `new Float64Array([…])` (or another typed array kind), wrapped. Integer kinds get the smallest
 * text; doubles keep every bit (shortest round-trip form).
 */
export function typedArray(kind: TypedArrayKind, values: ArrayLike<number>, indent = ''): string {
  return `new ${kind}(${numberArray(values, indent)})`;
}

/** The smallest integer typed array kind that holds every value. */
export function integerKind(values: ArrayLike<number>): TypedArrayKind {
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  if (min >= 0) return max <= 0xff ? 'Uint8Array' : max <= 0xffff ? 'Uint16Array' : 'Uint32Array';
  if (min >= -0x80 && max <= 0x7f) return 'Int8Array';
  if (min >= -0x8000 && max <= 0x7fff) return 'Int16Array';
  return 'Int32Array';
}

/** A `/** … *\/` doc comment from lines, at `indent`. */
export function docComment(lines: readonly string[], indent = ''): string {
  if (lines.length === 1) return `${indent}/** ${lines[0].replace(/\*\//g, '* /')} */`;
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l.length > 0 ? ' ' : ''}${l.replace(/\*\//g, '* /')}`), `${indent} */`].join('\n');
}

/** Prose split into lines of at most `width` characters at spaces (a longer word keeps its own line). */
export function wrapText(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const indent = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = '';
  for (const word of text.slice(indent.length).split(' ')) {
    if (line.length > 0 && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  if (line.length > 0) lines.push(indent + line);
  return lines;
}
