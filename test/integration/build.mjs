// Builds the in-host integration suite for both hosts:
//   out/test/integration/suite/index.js           extensionTestsPath for @vscode/test-electron
//   out/test/integration/automl-integration-runner.vsix
//                                                  a test-only extension that runs the same suite in
//                                                  code-server (which has no --extensionTestsPath)
// Used by test/integration/run-electron.mjs and test/e2e/integration.e2e.test.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'out', 'test', 'integration');
export const suiteEntry = join(out, 'suite', 'index.js');
export const runnerVsix = join(out, 'automl-integration-runner.vsix');

export async function buildIntegration() {
  rmSync(out, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning', sourcemap: 'inline' };
  await esbuild.build({ ...common, entryPoints: [join(root, 'test', 'integration', 'suite', 'index.ts')], outfile: suiteEntry });
  const runnerDir = join(out, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  await esbuild.build({ ...common, entryPoints: [join(root, 'test', 'integration', 'runner', 'extension.ts')], outfile: join(runnerDir, 'extension.js') });
  copyFileSync(join(root, 'test', 'integration', 'runner', 'package.json'), join(runnerDir, 'package.json'));
  writeFileSync(join(runnerDir, 'README.md'), 'Runs the AutoML for VS Code integration suite inside code-server. Tests only.\n');
  writeFileSync(join(runnerDir, 'LICENSE'), 'MIT\n');
  const vsce = spawnSync(
    process.execPath,
    [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--out', runnerVsix],
    { cwd: runnerDir, encoding: 'utf8' },
  );
  if (vsce.status !== 0) throw new Error(`vsce package of the integration runner failed:\n${vsce.stdout}\n${vsce.stderr}`);
  return { suiteEntry, runnerVsix };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildIntegration();
  console.log(JSON.stringify(built));
}
