import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileAndLoad, strictDiagnostics } from './compileModule';

describe('the exported-module test harness', () => {
  it('loads a strict-clean module and reports type errors and imports', () => {
    const mod = compileAndLoad<{ twice(x: number): number }>('export function twice(x: number): number {\n  return 2 * x;\n}\n');
    assert.equal(mod.twice(21), 42);
    assert.ok(strictDiagnostics('export function f(x) { return x; }').some((d) => d.includes("implicitly has an 'any' type")));
    assert.ok(strictDiagnostics('export const b = Buffer.from("x");').some((d) => d.includes("Cannot find name 'Buffer'")));
    assert.throws(() => compileAndLoad("import { x } from './other';\nexport const y = x;"), /does not compile|dependencies/);
  });
});
