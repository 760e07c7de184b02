/**
 * Tokenizes `.automl` text with the extension's TextMate grammar, the way VS Code does: a
 * vscode-textmate registry over the Oniguruma WebAssembly build, one line at a time with the rule
 * stack carried over.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { REPO_ROOT } from '../../publicDatasets';

/** The grammar file package.json contributes. */
export const GRAMMAR_PATH = join(REPO_ROOT, 'syntaxes', 'automl.tmLanguage.json');

/** One token: its line (0-based), its text and its scopes, outermost (`source.automl`) first. */
export interface SpecToken {
  readonly line: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammar: Promise<IGrammar> | undefined;

/** The grammar, loaded once per test process (Oniguruma's WebAssembly can be loaded only once). */
export function automlGrammar(): Promise<IGrammar> {
  grammar ??= load();
  return grammar;
}

async function load(): Promise<IGrammar> {
  // The package's own binary, found where npm put it, so the test bundle needs no copy of it.
  const wasm = readFileSync(join(dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await loadWASM({ data: wasm });
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new OnigScanner(patterns),
      createOnigString: (text) => new OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.automl' ? parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
  });
  const loaded = await registry.loadGrammar('source.automl');
  if (loaded === null) throw new Error(`no grammar for source.automl in ${GRAMMAR_PATH}`);
  return loaded;
}

/** Every token of `text`, line by line. */
export async function tokenizeSpec(text: string): Promise<SpecToken[]> {
  const g = await automlGrammar();
  const tokens: SpecToken[] = [];
  let stack = INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = g.tokenizeLine(lineText, stack);
    for (const token of result.tokens) {
      tokens.push({ line, text: lineText.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

/**
 * The scopes of the token whose text is exactly `text` on the first line that contains `lineText`
 * (throws when there is none, naming what the line was cut into instead).
 */
export function scopesAt(tokens: readonly SpecToken[], lineText: string, text: string): readonly string[] {
  const lines = new Map<number, SpecToken[]>();
  for (const token of tokens) lines.set(token.line, [...(lines.get(token.line) ?? []), token]);
  for (const lineTokens of lines.values()) {
    if (!lineTokens.map((t) => t.text).join('').includes(lineText)) continue;
    const token = lineTokens.find((t) => t.text === text);
    if (token !== undefined) return token.scopes;
    throw new Error(`no token '${text}' in line '${lineText}'; tokens: ${JSON.stringify(lineTokens.map((t) => t.text))}`);
  }
  throw new Error(`no line contains '${lineText}'`);
}
