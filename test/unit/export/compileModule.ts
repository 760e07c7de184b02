/**
 * Test helpers for exported modules: type-check a generated TypeScript source under `--strict`
 * with no dependencies (no DOM, no @types/node: only the ES2020 library), and load it as the test
 * would import a user's file: transpiled, with a `require` that fails, so any import is caught.
 */
import ts from 'typescript';

const FILE = '/virtual/model.ts';

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ES2020,
  lib: ['lib.es2020.d.ts'],
  types: [],
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: false,
};

/** Compiler diagnostics of `source` as one text each; empty when it compiles cleanly. */
export function strictDiagnostics(source: string, extraFiles: Readonly<Record<string, string>> = {}): string[] {
  const host = ts.createCompilerHost(OPTIONS);
  const files: Record<string, string> = { [FILE]: source, ...extraFiles };
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  host.getSourceFile = (name, version, onError) =>
    name in files ? ts.createSourceFile(name, files[name], version, true) : getSourceFile(name, version, onError);
  const program = ts.createProgram([FILE, ...Object.keys(extraFiles)], OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${where ? `${where.line + 1}:${where.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** The module's exports, after transpiling it to CommonJS; any `require` of it throws. */
export function loadModule<T>(source: string): T {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const noRequire = (name: string) => {
    throw new Error(`the exported module imports '${name}'; it must have no dependencies`);
  };
  new Function('exports', 'module', 'require', js)(module.exports, module, noRequire);
  return module.exports as T;
}

/** Type-checks (failing with every diagnostic) and loads `source`. */
export function compileAndLoad<T>(source: string): T {
  const diagnostics = strictDiagnostics(source);
  if (diagnostics.length > 0) throw new Error(`the exported module does not compile under --strict:\n${diagnostics.slice(0, 20).join('\n')}`);
  return loadModule<T>(source);
}
