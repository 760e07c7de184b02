/**
 * The text the code action "Insert prediction code from AutoML run…" adds to a TypeScript or
 * JavaScript file: an import of the exported module's `predict` (once, after the file's imports)
 * and an example call at the cursor. Pure text in, inserts out: free of `vscode` so unit tests
 * check the exact edit, and the command applies the inserts as one WorkspaceEdit (one Undo).
 */
import { numberLiteral, stringLiteral } from '../../engine/export/sourceText';

/** A value of the example input row (as `exportRunModule` reports it). */
export type ExampleValue = string | number | boolean;

/** Text to insert at a 0-based line and character of the document. */
export interface TextInsert {
  readonly line: number;
  readonly character: number;
  readonly text: string;
}

export interface PredictionCode {
  /** In document order, at distinct positions. */
  readonly inserts: readonly TextInsert[];
  /** The local name `predict` is called by (an alias when the file already binds `predict`). */
  readonly predictName: string;
  /** Whether an import is added (false: the file already imports `predict` from the module). */
  readonly addsImport: boolean;
}

export interface PredictionCodeOptions {
  /** The module specifier to import, e.g. `./titanic.model`. */
  readonly specifier: string;
  /** The example input row, column -> value. */
  readonly example: Readonly<Record<string, ExampleValue>>;
}

/** Calls longer than this (indentation included) are written one field per line. */
const MAX_LINE = 100;

/**
 * The inserts that add `import { predict } from '<specifier>';` after the file's imports (unless
 * it is there) and `const prediction = predict({ … });` at `cursor`: on the cursor's blank line,
 * else on a new line above (cursor in the indentation) or below (cursor in code), so code is never
 * split. A cursor above the end of the imports puts the call after them instead.
 */
export function predictionCode(text: string, cursor: { line: number; character: number }, options: PredictionCodeOptions): PredictionCode {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const imports = parseImports(text);
  const style = importStyle(imports);
  const existing = imports.find((i) => sameModule(i.specifier, options.specifier) && i.imported.has('predict'));
  const predictName = existing?.imported.get('predict') ?? freeName('predict', aliasFor(options.specifier), text, imports);
  const variable = freeName('prediction', 'prediction', text, imports);
  const unit = indentUnit(lines);

  const header = headerEnd(lines);
  const importText = existing === undefined ? importLine(predictName, options.specifier, style) : undefined;
  const line = Math.min(Math.max(0, cursor.line), lines.length - 1);
  const character = Math.min(Math.max(0, cursor.character), lines[line].length);

  if (line < header.line) {
    // The cursor is in the file's header (shebang, leading comments, imports): the call goes after the imports.
    const call = exampleCall(predictName, variable, options.example, { indent: '', unit, eol, ...style });
    const block = `${importText === undefined ? '' : importText + eol}${header.imports > 0 || importText !== undefined ? eol : ''}${call}${eol}`;
    return { inserts: [atLine(lines, header.line, block, eol)], predictName, addsImport: importText !== undefined };
  }

  const current = lines[line];
  const before = current.slice(0, character);
  let call: TextInsert;
  if (current.trim() === '') {
    const indent = before.length > 0 ? before : blankLineIndent(lines, line, unit);
    call = { line, character, text: indent.slice(before.length) + exampleCall(predictName, variable, options.example, { indent, unit, eol, ...style }) };
  } else {
    const indent = /^\s*/.exec(current)?.[0] ?? '';
    const snippet = exampleCall(predictName, variable, options.example, { indent, unit, eol, ...style });
    call = before.trim() === ''
      ? { line, character: 0, text: `${indent}${snippet}${eol}` }
      : { line, character: current.length, text: `${eol}${indent}${snippet}` };
  }
  if (importText === undefined) return { inserts: [call], predictName, addsImport: false };
  // Without imports to follow, a blank line separates the new import from the code below it.
  const spacer = header.imports === 0 && (lines[header.line] ?? '').trim() !== '' ? eol : '';
  const importInsert = atLine(lines, header.line, `${importText}${eol}${spacer}`, eol);
  if (importInsert.line === call.line && importInsert.character === call.character) {
    // The call goes right below the new import: keep a blank line between them.
    return { inserts: [{ ...call, text: importInsert.text + (spacer === '' ? eol : '') + call.text }], predictName, addsImport: true };
  }
  return { inserts: [importInsert, call], predictName, addsImport: true };
}

/** How the call is written: its line's indent, the file's indent unit, line end, quotes and semicolons. */
export interface CallStyle {
  readonly indent: string;
  readonly unit: string;
  readonly eol: string;
  readonly quote: string;
  readonly semicolon: boolean;
}

const DEFAULT_STYLE: CallStyle = { indent: '', unit: '  ', eol: '\n', quote: "'", semicolon: true };

/**
 * `const prediction = predict({ 'sex': 'female', 'age': 28 });`, one field per line when longer
 * than {@link MAX_LINE}. Keys are always quoted (column names may be anything).
 */
export function exampleCall(
  predictName: string,
  variable: string,
  example: Readonly<Record<string, ExampleValue>>,
  style: Partial<CallStyle> = {},
): string {
  const { indent, unit, eol, quote, semicolon } = { ...DEFAULT_STYLE, ...style };
  const end = semicolon ? ';' : '';
  const text = (value: string): string => (quote === '"' ? JSON.stringify(value) : stringLiteral(value));
  const literal = (value: ExampleValue): string => (typeof value === 'string' ? text(value) : typeof value === 'number' ? numberLiteral(value) : String(value));
  const fields = Object.entries(example).map(([key, value]) => `${text(key)}: ${literal(value)}`);
  const head = `const ${variable} = ${predictName}(`;
  if (fields.length === 0) return `${head}{})${end}`;
  const flat = `${head}{ ${fields.join(', ')} })${end}`;
  if (indent.length + flat.length <= MAX_LINE) return flat;
  return `${head}{${eol}${fields.map((field) => `${indent}${unit}${field},`).join(eol)}${eol}${indent}})${end}`;
}

/** An insert at the start of `line`, or at the end of the text when the file ends there without a newline. */
function atLine(lines: readonly string[], line: number, text: string, eol: string): TextInsert {
  if (line < lines.length) return { line, character: 0, text };
  const last = lines.length - 1;
  return { line: last, character: lines[last].length, text: eol + text.replace(new RegExp(`${eol}$`), '') };
}

interface ImportStatement {
  readonly specifier: string;
  /** Imported name -> local name (`default` and `*` for default and namespace imports). */
  readonly imported: ReadonlyMap<string, string>;
  readonly quote: string;
  readonly semicolon: boolean;
}

// `import … from '…'` (the clause may span lines) and CommonJS `const { … } = require('…')`.
const IMPORT = /(?:^|\n)[ \t]*import\s+(?:type\s+)?([\w$*{}\s,]+?)\s+from\s*(['"])([^'"\n]+)\2(;?)/g;
const REQUIRE = /(?:^|\n)[ \t]*(?:const|let|var)\s+([\w${}\s,:]+?)\s*=\s*require\(\s*(['"])([^'"\n]+)\2\s*\)(;?)/g;

function parseImports(text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  for (const match of text.matchAll(IMPORT)) {
    found.push({ specifier: match[3], imported: importBindings(match[1], ' as '), quote: match[2], semicolon: match[4] === ';' });
  }
  for (const match of text.matchAll(REQUIRE)) {
    found.push({ specifier: match[3], imported: importBindings(match[1], ':'), quote: match[2], semicolon: match[4] === ';' });
  }
  return found;
}

/** `a, { b, c as d }` -> default a, b b, c d; `* as ns` -> * ns. `rename` is ' as ' (ESM) or ':' (destructuring). */
function importBindings(clause: string, rename: string): Map<string, string> {
  const bindings = new Map<string, string>();
  const braced = /\{([^}]*)\}/.exec(clause);
  for (const part of (braced?.[1] ?? '').split(',')) {
    const [imported, local] = part.split(rename).map((s) => s.trim().replace(/^type\s+/, ''));
    if (imported) bindings.set(imported, local || imported);
  }
  const outside = clause.replace(/\{[^}]*\}/, '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const part of outside) {
    const namespace = /^\*\s+as\s+([\w$]+)$/.exec(part);
    if (namespace) bindings.set('*', namespace[1]);
    else if (/^[\w$]+$/.test(part)) bindings.set('default', part);
  }
  return bindings;
}

/** The quote and semicolon style of the file's imports (single quotes and semicolons when it has none). */
function importStyle(imports: readonly ImportStatement[]): { quote: string; semicolon: boolean } {
  if (imports.length === 0) return { quote: "'", semicolon: true };
  return { quote: imports[0].quote, semicolon: imports.some((i) => i.semicolon) };
}

function importLine(name: string, specifier: string, style: { quote: string; semicolon: boolean }): string {
  const binding = name === 'predict' ? 'predict' : `predict as ${name}`;
  const quoted = style.quote === '"' ? JSON.stringify(specifier) : stringLiteral(specifier);
  return `import { ${binding} } from ${quoted}${style.semicolon ? ';' : ''}`;
}

/** './titanic.model' and './titanic.model.js' name the same module. */
function sameModule(a: string, b: string): boolean {
  const strip = (s: string): string => s.replace(/\.(?:[cm]?js|[cm]?ts|tsx|jsx)$/, '');
  return strip(a) === strip(b);
}

/** `predictTitanic` for './titanic.model' (used when the file already has a `predict`). */
function aliasFor(specifier: string): string {
  const base = specifier.split('/').pop()?.split('.')[0] ?? '';
  const words = base.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return `predict${/^[0-9]/.test(pascal) ? `_${pascal}` : pascal}`;
}

/** `preferred` unless the file already declares or imports that name; then `fallback`, `fallback2`, … */
function freeName(preferred: string, fallback: string, text: string, imports: readonly ImportStatement[]): string {
  const locals = new Set(imports.flatMap((i) => [...i.imported.values()]));
  const taken = (name: string): boolean =>
    locals.has(name) || new RegExp(`\\b(?:function\\*?|class|const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\b`).test(text);
  if (!taken(preferred)) return preferred;
  if (!taken(fallback)) return fallback;
  for (let n = 2; ; n++) if (!taken(`${fallback}${n}`)) return `${fallback}${n}`;
}

/**
 * Where the file's header ends: the line after its last top import (0 without imports: after a
 * shebang, directives and a leading comment that a blank line separates from the code).
 */
function headerEnd(lines: readonly string[]): { line: number; imports: number } {
  let i = 0;
  let end = 0;
  let imports = 0;
  if (lines[0]?.startsWith('#!')) i = end = 1;
  let commentEnd: number | undefined;
  while (i < lines.length) {
    const text = lines[i].trim();
    if (text === '') {
      // A comment followed by a blank line is the file's header, not a comment of the code below.
      if (commentEnd !== undefined && imports === 0) end = commentEnd;
      commentEnd = undefined;
      i++;
    } else if (text.startsWith('//')) {
      i++;
      commentEnd = i;
    } else if (text.startsWith('/*')) {
      let j = i;
      while (j < lines.length - 1 && !lines[j].includes('*/', j === i ? lines[j].indexOf('/*') + 2 : 0)) j++;
      i = j + 1;
      commentEnd = i;
    } else if (/^(['"])use [\w ]+\1;?$/.test(text)) {
      i++;
      if (imports === 0) end = i;
      commentEnd = undefined;
    } else if (isImportStart(text)) {
      i = importEndLine(lines, i) + 1;
      end = i;
      imports++;
      commentEnd = undefined;
    } else {
      break;
    }
  }
  if (commentEnd !== undefined && imports === 0 && i >= lines.length) end = commentEnd;
  return { line: end, imports };
}

function isImportStart(text: string): boolean {
  return (/^import\b/.test(text) && !/^import\s*[(.]/.test(text)) || /^(?:const|let|var)\s+[^=]+=\s*require\(/.test(text);
}

/** The line on which the import starting at `start` ends (its module specifier), or `start` if none is found. */
function importEndLine(lines: readonly string[], start: number): number {
  for (let j = start; j < lines.length && j < start + 200; j++) {
    if (/(?:\bfrom\s*|^\s*import\s*|require\(\s*)(['"])[^'"]*\1/.test(lines[j])) return j;
  }
  return start;
}

/** The indent of a call on a blank line with the cursor at column 0: the code above's, one deeper after an opening bracket. */
function blankLineIndent(lines: readonly string[], line: number, unit: string): string {
  for (let i = line - 1; i >= 0; i--) {
    const text = lines[i];
    if (text.trim() === '') continue;
    const indent = /^\s*/.exec(text)?.[0] ?? '';
    return /[{([]\s*$/.test(text) ? indent + unit : indent;
  }
  return '';
}

/** The file's indentation unit: a tab, or the smallest indent of its first indented lines (2 by default). */
function indentUnit(lines: readonly string[]): string {
  let smallest = Infinity;
  for (const line of lines.slice(0, 500)) {
    const indent = /^([ \t]+)\S/.exec(line)?.[1];
    if (indent === undefined) continue;
    if (indent.startsWith('\t')) return '\t';
    if (!line.trimStart().startsWith('*')) smallest = Math.min(smallest, indent.length);
  }
  return smallest === Infinity ? '  ' : ' '.repeat(Math.min(smallest, 8));
}
