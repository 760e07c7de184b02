// `npm run test:integration`: the in-host integration suite under @vscode/test-electron, in the
// desktop VS Code at VSCODE_EXECUTABLE (test-electron's own download needs the internet, so the
// binary is given). Without it, says so and exits: the same suite runs inside code-server as part
// of `npm run test:e2e` (test/e2e/integration.e2e.test.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildIntegration } from './build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  console.log('[test:integration] VSCODE_EXECUTABLE is not set: nothing to run under @vscode/test-electron.');
  console.log('[test:integration] Point it at a VS Code binary (e.g. /usr/share/code/code) to run the suite there;');
  console.log('[test:integration] `npm run test:e2e` runs the same suite inside code-server.');
  process.exit(0);
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const { suiteEntry } = await buildIntegration();

// A workspace holding the CSV and one finished run, as the suite expects.
const workspace = mkdtempSync(join(tmpdir(), 'automl-integration-'));
copyFileSync(join(root, 'examples', 'titanic.csv'), join(workspace, 'titanic.csv'));
const cli = spawnSync(
  process.execPath,
  [join(root, 'dist', 'cli.js'), 'run', 'titanic.csv', '--target', 'survived', '--budget', '8', '--models', 'logistic,gbdt', '--workers', '1'],
  { cwd: workspace, stdio: 'inherit' },
);
if (cli.status !== 0) process.exit(cli.status ?? 1);

try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: suiteEntry,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', mkdtempSync(join(tmpdir(), 'automl-vscode-user-'))],
  });
} catch (error) {
  console.error(`[test:integration] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
