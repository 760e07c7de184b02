import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

/** Lints `code` as if it lived at `filePath` and returns the rule ids that fired. */
async function firedRules(code: string, filePath: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules (eslint.config.mjs)', () => {
  it('keeps vscode, worker_threads and other Node built-ins out of the engine', async () => {
    for (const module of ['vscode', 'worker_threads', 'node:worker_threads', 'node:fs', 'path']) {
      const rules = await firedRules(`import * as m from '${module}';\nexport const x = m;\n`, 'src/engine/data/probe.ts');
      assert.ok(rules.includes('no-restricted-imports'), `${module} should be forbidden in src/engine`);
    }
  });

  it('keeps DOM and Node globals out of the engine', async () => {
    const rules = await firedRules('export const title = document.title;\n', 'src/engine/data/probe.ts');
    assert.ok(rules.includes('no-restricted-globals'));
  });

  it('forbids the engine from importing layers above it', async () => {
    const rules = await firedRules(`import type { EngineRequest } from '../../protocol/worker';\nexport type R = EngineRequest;\n`, 'src/engine/data/probe.ts');
    assert.ok(rules.includes('no-restricted-imports'));
  });

  it('lets the CLI use Node and the engine, but not vscode', async () => {
    assert.deepEqual(await firedRules(`import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`, 'src/cli/probe.ts'), []);
    assert.ok((await firedRules(`import * as vscode from 'vscode';\nexport const v = vscode;\n`, 'src/cli/probe.ts')).includes('no-restricted-imports'));
  });

  it('lets the extension import vscode', async () => {
    assert.deepEqual(await firedRules(`import * as vscode from 'vscode';\nexport const v = vscode;\n`, 'src/extension/probe.ts'), []);
  });
});
