/**
 * The in-host integration suite (test/integration/suite), run inside code-server's extension host
 * by a test-only runner extension installed beside ours. The same suite runs under
 * `@vscode/test-electron` where a VS Code binary exists (`npm run test:integration`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { datasetPath, repoRoot, sessionFixture, waitUntil } from './harness';

interface TestResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
  readonly notes: readonly string[];
}

const DATASET = 'titanic.csv';
const RUNNER_VSIX = join(repoRoot, 'out', 'test', 'integration', 'automl-integration-runner.vsix');

describe('integration suite inside the extension host of code-server', { timeout: 600_000 }, () => {
  const resultsFile = join(tmpdir(), `automl-integration-${process.pid}.json`);
  before(() => {
    const build = spawnSync(process.execPath, [join(repoRoot, 'test', 'integration', 'build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(build.status, 0, `building the integration suite failed:\n${build.stdout}\n${build.stderr}`);
  });
  const vscode = sessionFixture({
    name: 'integration',
    files: { [DATASET]: datasetPath(DATASET) },
    extraExtensions: [RUNNER_VSIX],
    env: { AUTOML_INTEGRATION_RESULTS: resultsFile },
    settings: { 'automl.workers': 1 },
    // One finished run in the workspace, made by the CLI, for the suite to open, rerun and explain.
    prepare: async (workspace) => {
      const cli = spawnSync(
        process.execPath,
        [join(repoRoot, 'dist', 'cli.js'), 'run', DATASET, '--target', 'survived', '--budget', '8', '--models', 'logistic,gbdt', '--workers', '1'],
        { cwd: workspace, encoding: 'utf8' },
      );
      assert.equal(cli.status, 0, `automl run failed:\n${cli.stdout}\n${cli.stderr}`);
    },
  });

  it('passes every in-host test', { timeout: 400_000 }, async () => {
    const session = await vscode();
    await session.step('integration', async () => {
      const results = await waitUntil(
        async () => (existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResult[]) : undefined),
        `the runner extension to write ${resultsFile}`,
        300_000,
      );
      for (const result of results) {
        console.log(`${result.ok ? 'ok' : 'not ok'} - ${result.name} (${result.ms} ms)${result.notes.map((n) => `\n    # ${n}`).join('')}`);
      }
      await session.screenshot('integration');
      const failed = results.filter((r) => !r.ok);
      assert.deepEqual(failed.map((f) => `${f.name}: ${f.error}`), [], 'every in-host test passes');
      assert.ok(results.length >= 5, `${results.length} tests ran`);
    });
  });
});
